import { expect, it } from 'vitest';
import { type Principal, withPrincipal } from '../db/principal.ts';
import { DEMO } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';
import { migrateFieldMappings } from './mappings/migrate.ts';
import { integrationTypes } from './registry.ts';
import { repairIntegrations } from './repair.ts';
import { DEMO_INTEGRATIONS } from './seed.ts';
import { getIntegration } from './service.ts';
import { hubspot } from './types/hubspot.ts';
import { xledger } from './types/xledger.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
const user = (id: string): Principal => ({ kind: 'user', userId: id });
const ACTIVE_A = '00000000-0000-4000-8000-00000000a001';

describeEngines('integrations repair', (ctx) => {
  const rows = () =>
    ctx.db
      .query<{
        id: string;
        status: string;
        config: unknown;
        field_mappings: unknown;
        sync_schedule: unknown;
        last_error: string | null;
      }>(
        'select id, status, config, field_mappings, sync_schedule, last_error from public.organisation_integrations order by id',
      )
      .then((r) => r.rows);
  const notices = (p: Principal, org: string) =>
    withPrincipal(ctx.db, p, (tx) =>
      tx.query<{ kind: string; title: string; body: string; integration_id: string }>(
        `select kind, title, body, integration_id from public.integration_notifications where org_id = $1 and kind <> 'integration.welcome' order by created_at, id`,
        [org],
      ),
    ).then((r) => r.rows);

  it('finds nothing to repair in the demo data', async () => {
    const r = await repairIntegrations(ctx.db, integrationTypes);
    // The soft-deleted demo organisation's integration too: repair is an operator's sweep of every row.
    expect(r).toMatchObject({ scanned: 5, organisations: 3, findings: [] });
  });

  it('a dry run reports planted corruption per organisation, with reasons, and changes nothing', async () => {
    // Corruption the database cannot see: each document is well-formed JSON; the registry disagrees.
    await ctx.db.query(
      `update public.organisation_integrations set field_mappings = '{"schema_version": 2, "mappings": [{"source": "employee.iban", "target": "iban"}]}' where id = $1`,
      [DEMO_INTEGRATIONS.a.primary],
    );
    await ctx.db.query(
      `insert into public.organisation_integrations (org_id, id, type_key, display_name, status, config, field_mappings, sync_schedule)
       values ($1, $2, 'hubspot', 'Active but incomplete', 'active', '{"apiUrl": "https://api.hubapi.com"}', $3, '{"kind": "manual"}')`,
      [A.id, ACTIVE_A, JSON.stringify(hubspot.defaultMappings)],
    );
    await ctx.db.query(
      `update public.organisation_integrations set sync_schedule = '{"kind": "cron", "expression": "* * * * *", "timezone": "UTC"}' where id = $1`,
      [DEMO_INTEGRATIONS.b.primary],
    );
    await ctx.db.query(`update public.organisation_integrations set type_key = 'salesforce' where id = $1`, [
      DEMO_INTEGRATIONS.b.legacy,
    ]);
    const before = await rows();

    const r = await repairIntegrations(ctx.db, integrationTypes);
    const found = r.findings.map((f) => [
      f.orgName,
      f.displayName,
      f.problems.map((p) => `${p.document} ${p.path}`).join(', '),
    ]);
    expect(found).toEqual(
      expect.arrayContaining([
        [A.name, 'Payroll export', 'field_mappings $.mappings[0].source, field_mappings $.mappings[0].target'],
        [A.name, 'Active but incomplete', 'config $.objectType'],
        [B.name, 'CRM contacts', 'sync_schedule $.expression'],
        [B.name, 'Webhook relay', 'type $'],
      ]),
    );
    expect(r.findings).toHaveLength(4);
    expect(r.findings.find((f) => f.displayName === 'CRM contacts')!.problems[0]!.message).toMatch(
      /more often than every 5 minutes/,
    );
    expect(r.applied).toBe(false);
    expect(await rows()).toEqual(before);
    expect(await notices(user(A.users.owner.id), A.id)).toEqual([]);
  });

  it('--apply resets each broken document to its type default, parks the integration in error, and tells that organisation’s admins', async () => {
    const r = await repairIntegrations(ctx.db, integrationTypes, { apply: true });
    expect(Object.fromEntries(r.findings.map((f) => [f.displayName, f.outcome]))).toEqual({
      'Payroll export': 'reset',
      'Active but incomplete': 'reset',
      'CRM contacts': 'reset',
      'Webhook relay': 'quarantined',
    });
    const after = new Map((await rows()).map((x) => [x.id, x]));
    const payroll = after.get(DEMO_INTEGRATIONS.a.primary)!;
    expect(payroll).toMatchObject({ status: 'error', field_mappings: xledger.defaultMappings });
    expect(payroll.last_error).toMatch(
      /^repair: field_mappings \$\.mappings\[0\]\.source is not a mapping source .*; field_mappings \$\.mappings\[0\]\.target is not a target of Xledger/,
    );
    expect(after.get(ACTIVE_A)).toMatchObject({ status: 'error', config: hubspot.defaultConfig });
    expect(after.get(DEMO_INTEGRATIONS.b.primary)).toMatchObject({
      status: 'error',
      sync_schedule: hubspot.defaultSchedule,
    });
    expect(after.get(DEMO_INTEGRATIONS.b.legacy)).toMatchObject({ status: 'error', sync_schedule: { kind: 'manual' } });
    // The untouched documents of a repaired row stay as they were.
    expect(payroll.config).toEqual({ apiUrl: 'https://demo.xledger.net/graphql', entityId: 4711, voucherType: 'GL' });

    // Owners and admins of A read A's two notices; members, viewers and organisation B do not.
    for (const p of [user(A.users.owner.id), user(A.users.admin.id)]) {
      const n = await notices(p, A.id);
      expect(n.map((x) => x.title).sort()).toEqual([
        'Integration "Active but incomplete" needs attention',
        'Integration "Payroll export" needs attention',
      ]);
      expect(n.every((x) => x.kind === 'integration.repaired')).toBe(true);
    }
    expect(await notices(user(A.users.member.id), A.id)).toEqual([]);
    expect(await notices(user(A.users.viewer.id), A.id)).toEqual([]);
    expect(await notices(user(B.users.member.id), A.id)).toEqual([]);
    expect(await notices(user(B.users.owner.id), A.id)).toEqual([]);
    expect((await notices(user(B.users.owner.id), B.id)).map((x) => x.kind).sort()).toEqual([
      'integration.repaired',
      'integration.unknown_type',
    ]);
    // The reader of a repaired integration sees why.
    const read = await withPrincipal(ctx.db, user(A.users.viewer.id), (tx) =>
      getIntegration(tx, A.id, DEMO_INTEGRATIONS.a.primary),
    );
    expect(read).toMatchObject({ status: 'error', last_error: expect.stringContaining('$.mappings[0].target') });
  });

  it('afterwards only what repair cannot fix is still reported, and it is not announced twice', async () => {
    const dry = await repairIntegrations(ctx.db, integrationTypes);
    expect(dry.findings.map((f) => f.displayName)).toEqual(['Webhook relay']);
    const again = await repairIntegrations(ctx.db, integrationTypes, { apply: true });
    expect(again.findings.map((f) => f.outcome)).toEqual(['already_quarantined']);
    expect(again.notified).toBe(0);
  });

  it('can be limited to one organisation', async () => {
    const r = await repairIntegrations(ctx.db, integrationTypes, { orgId: A.id });
    expect(r).toMatchObject({ scanned: 3, organisations: 1, findings: [] });
  });
});

describeEngines('integrations migrate-mappings', (ctx) => {
  const versions = () =>
    ctx.db
      .query<{ v: string }>(
        `select field_mappings ->> 'schema_version' as v from public.organisation_integrations order by id`,
      )
      .then((r) => r.rows.map((x) => x.v).sort());

  it('upgrades stored version 1 mappings in batches; reads look the same before and after; a rerun finds nothing', async () => {
    expect(await versions()).toEqual(['1', '1', '2', '2', '2']);
    const owner = user(A.users.owner.id);
    const readBefore = await withPrincipal(ctx.db, owner, (tx) => getIntegration(tx, A.id, DEMO_INTEGRATIONS.a.legacy));
    const dry = await migrateFieldMappings(ctx.db, { dryRun: true });
    expect(dry).toMatchObject({ outdated: 2, upgraded: 0, byVersion: { 1: 2 } });
    expect(await versions()).toEqual(['1', '1', '2', '2', '2']);
    const progress: number[] = [];
    const done = await migrateFieldMappings(ctx.db, { batchSize: 1, onProgress: (d) => progress.push(d) });
    expect(done).toMatchObject({ outdated: 2, upgraded: 2, unreadable: [] });
    expect(progress).toEqual([0, 1, 2]);
    expect(await versions()).toEqual(['2', '2', '2', '2', '2']);
    const readAfter = await withPrincipal(ctx.db, owner, (tx) => getIntegration(tx, A.id, DEMO_INTEGRATIONS.a.legacy));
    expect(readAfter.field_mappings).toEqual(readBefore.field_mappings);
    expect(await migrateFieldMappings(ctx.db)).toMatchObject({ outdated: 0, upgraded: 0 });
  });
});

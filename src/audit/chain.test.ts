import { expect, it } from 'vitest';
import { type Principal, withPrincipal } from '../db/principal.ts';
import { auditContextStatement } from '../db/request-context.ts';
import type { Database } from '../db/types.ts';
import { DEMO } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';
import { append, newOrg, tamper } from './test-helpers.ts';
import { verifyChains } from './verify.ts';

const A = DEMO.orgs.a;
const PLATFORM_ORG = '00000000-0000-0000-0000-000000000001';
const owner: Principal = { kind: 'user', userId: A.users.owner.id };
const admin: Principal = { kind: 'platform_admin', userId: DEMO.platformAdmin.id };
const service: Principal = { kind: 'service' };

async function refusal(p: Promise<unknown>): Promise<{ code?: string; column?: string; message?: string }> {
  const out = await p.then(
    () => null,
    (e: unknown) => e as { code?: string; column?: string; message?: string },
  );
  if (!out) throw new Error('expected the database to refuse, but it succeeded');
  return out;
}

interface Entry {
  seq: number;
  actor_id: string | null;
  actor_role: string;
  actor_key_id: string | null;
  action: string;
  target_table: string | null;
  target_id: string | null;
  old_data: Record<string, unknown> | null;
  new_data: Record<string, unknown> | null;
  details: Record<string, unknown> | null;
  request_id: string | null;
  ip: string | null;
  user_agent: string | null;
}

async function last(db: Database, chain: 'audit_log' | 'admin_actions', orgId: string): Promise<Entry | undefined> {
  const { rows } = await db.query<Entry>(
    `select seq::int as seq, actor_id::text as actor_id, actor_role, actor_key_id::text as actor_key_id, action, target_table, target_id,
            old_data, new_data, details, request_id, ip, user_agent
     from public.${chain} where org_id = $1 order by seq desc limit 1`,
    [orgId],
  );
  return rows[0];
}

async function length(db: Database, chain: 'audit_log' | 'admin_actions', orgId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from public.${chain} where org_id = $1`, [
    orgId,
  ]);
  return rows[0]!.n;
}

describeEngines('audit chains', (ctx) => {
  it('the seeded demo database verifies clean, every chain of every organisation', async () => {
    const r = await verifyChains(ctx.db);
    expect(r.reports.filter((x) => x.status !== 'ok')).toEqual([]);
    expect(r.reports.map((x) => x.orgId)).toEqual(expect.arrayContaining([A.id, DEMO.orgs.b.id, PLATFORM_ORG]));
    expect(r.entries).toBeGreaterThan(20);
  });

  it('the service records an admin action and gets its seq; the actor is its role', async () => {
    const before = await length(ctx.db, 'admin_actions', A.id);
    const { rows } = await withPrincipal(ctx.db, service, (tx) =>
      tx.query<{ seq: string | number }>(
        `select app.record_admin_action($1, 'admin.token.minted', 'platform.admins', $2, '{"ttl": 900}', 'req-42') as seq`,
        [A.id, DEMO.platformAdmin.id],
      ),
    );
    expect(Number(rows[0]!.seq)).toBe(before + 1);
    expect(await last(ctx.db, 'admin_actions', A.id)).toMatchObject({
      seq: before + 1,
      actor_id: null,
      actor_role: 'service_role',
      action: 'admin.token.minted',
      request_id: 'req-42',
      details: { ttl: 900 },
    });
  });

  it('a platform admin is recorded as itself, with the request context the server sets', async () => {
    await withPrincipal(ctx.db, admin, async (tx) => {
      const context = auditContextStatement({ requestId: 'req-ctx', ip: '2001:DB8:0:0::1', userAgent: 'curl/8.5 ✓' });
      await tx.query(context.sql, context.params);
      await tx.query(`select app.record_admin_action($1, 'support.viewed', null, null, null, null)`, [A.id]);
    });
    expect(await last(ctx.db, 'admin_actions', A.id)).toMatchObject({
      actor_id: DEMO.platformAdmin.id,
      actor_role: 'platform_admin',
      request_id: 'req-ctx',
      ip: '2001:db8::1',
      user_agent: 'curl/8.5 ✓',
    });
  });

  it('an unparseable client address is dropped rather than failing the write', async () => {
    await withPrincipal(ctx.db, service, async (tx) => {
      const context = auditContextStatement({ ip: 'not-an-ip' });
      await tx.query(context.sql, context.params);
      await tx.query(`select app.record_admin_action($1, 'support.viewed', null, null, null, null)`, [A.id]);
    });
    expect((await last(ctx.db, 'admin_actions', A.id))?.ip).toBeNull();
  });

  it('tenants, anonymous callers and API keys cannot record admin actions', async () => {
    for (const p of [
      owner,
      { kind: 'anonymous' } as Principal,
      { kind: 'api_key', keyId: A.apiKey, orgId: A.id, role: 'member' } as Principal,
    ]) {
      const err = await refusal(
        withPrincipal(ctx.db, p, (tx) =>
          tx.query(`select app.record_admin_action($1, 'x', null, null, null, null)`, [A.id]),
        ),
      );
      expect(err.code).toBe('42501');
    }
    const err = await refusal(
      withPrincipal(ctx.db, owner, (tx) =>
        tx.query(`select app.audit_append('audit_log', $1, 'x', null, null, null, null, null)`, [A.id]),
      ),
    );
    expect(err.code).toBe('42501');
  });

  it('bad input is refused naming the field', async () => {
    const call = (org: string | null, action: string, details: string | null = null) =>
      refusal(
        withPrincipal(ctx.db, service, (tx) =>
          tx.query(`select app.record_admin_action($1, $2, null, null, $3, null)`, [org, action, details]),
        ),
      );
    expect(await call('6b0e8f4e-0000-4000-8000-000000000000', 'x')).toMatchObject({ code: 'PS404', column: 'org_id' });
    expect(await call(A.id, '  ')).toMatchObject({ code: 'PS422', column: 'action' });
    expect(await call(A.id, 'x', JSON.stringify({ blob: 'x'.repeat(70_000) }))).toMatchObject({
      code: 'PS422',
      column: 'details',
    });
  });

  it('an unknown or missing chain name is refused naming the field, in an organisation with entries and in a new one', async () => {
    const fresh = await newOrg(ctx.db, 'Chain name check');
    for (const org of [A.id, fresh]) {
      const heads = await ctx.db.query(
        'select chain, seq, hash from palisade_audit.chain_heads where org_id = $1 order by chain',
        [org],
      );
      const before = await length(ctx.db, 'audit_log', org);
      for (const chain of ['audit_logs', 'AUDIT_LOG', '', null]) {
        const err = await refusal(
          ctx.db.query(`select app.audit_append($1, $2, 'x', null, null, null, null, null)`, [chain, org]),
        );
        expect(err, String(chain)).toMatchObject({ code: 'PS422', column: 'chain' });
        // A bad name is reported before a bad action.
        expect(
          await refusal(
            ctx.db.query(`select app.audit_append($1, $2, ' ', null, null, null, null, null)`, [chain, org]),
          ),
        ).toMatchObject({ code: 'PS422', column: 'chain' });
      }
      expect(await length(ctx.db, 'audit_log', org)).toBe(before);
      expect(
        (
          await ctx.db.query(
            'select chain, seq, hash from palisade_audit.chain_heads where org_id = $1 order by chain',
            [org],
          )
        ).rows,
      ).toEqual(heads.rows);
    }
  });

  it('the actor is the user the claims name, an API key by its id, and nobody without claims', async () => {
    await ctx.db.exec(`
      create table public.audit_actor_probe (org_id uuid not null, id uuid not null default gen_random_uuid(), label text, primary key (org_id, id));
      alter table public.audit_actor_probe enable row level security;
      create policy "probe" on public.audit_actor_probe for insert to authenticated with check (true);
      grant insert on public.audit_actor_probe to authenticated;
      create trigger audit_row_change after insert on public.audit_actor_probe
        for each row execute function app.audit_row_change();`);
    try {
      const key: Principal = { kind: 'api_key', keyId: A.apiKey, orgId: A.id, role: 'member' };
      for (const [p, label] of [
        [owner, 'user'],
        [key, 'key'],
      ] as const) {
        await withPrincipal(ctx.db, p, (tx) =>
          tx.query(`insert into public.audit_actor_probe (org_id, label) values ($1, $2)`, [A.id, label]),
        );
      }
      await ctx.db.query(`insert into public.audit_actor_probe (org_id, label) values ($1, 'owner of the table')`, [
        A.id,
      ]);
      const { rows } = await ctx.db.query<{
        label: string;
        actor_id: string | null;
        actor_role: string;
        actor_key_id: string | null;
      }>(
        `select new_data ->> 'label' as label, actor_id::text as actor_id, actor_role, actor_key_id::text as actor_key_id
         from public.audit_log where org_id = $1 and action = 'audit_actor_probe.insert' order by seq`,
        [A.id],
      );
      const { rows: who } = await ctx.db.query<{ u: string }>('select session_user::text as u');
      expect(rows).toEqual([
        { label: 'user', actor_id: A.users.owner.id, actor_role: 'authenticated', actor_key_id: null },
        { label: 'key', actor_id: null, actor_role: 'authenticated', actor_key_id: A.apiKey },
        { label: 'owner of the table', actor_id: null, actor_role: who[0]!.u, actor_key_id: null },
      ]);
      expect((await verifyChains(ctx.db, { orgId: A.id })).ok).toBe(true);
    } finally {
      await ctx.db.exec('drop table public.audit_actor_probe');
    }
  });

  it('a platform-wide action is chained under the reserved platform organisation, which nobody can join', async () => {
    await append(ctx.db, 'admin_actions', null, 1, 'platform.maintenance');
    expect((await last(ctx.db, 'admin_actions', PLATFORM_ORG))?.action).toBe('platform.maintenance');
    const { rows } = await ctx.db.query<{ name: string }>('select name from public.organisations where id = $1', [
      PLATFORM_ORG,
    ]);
    expect(rows[0]?.name).toBe('Palisade platform (reserved)');
    const join = await refusal(
      withPrincipal(ctx.db, admin, (tx) =>
        tx.query(`insert into public.organisation_members (org_id, user_id, role) values ($1, $2, 'owner')`, [
          PLATFORM_ORG,
          DEMO.platformAdmin.id,
        ]),
      ),
    );
    expect(join).toMatchObject({ code: 'PS422', column: 'org_id' });
    const del = await refusal(
      withPrincipal(ctx.db, admin, (tx) => tx.query('delete from public.organisations where id = $1', [PLATFORM_ORG])),
    );
    expect(del.code).toBe('PS403');
  });

  it('a tenant owner changing a membership is chained in the tenant audit_log, with what changed', async () => {
    const before = await length(ctx.db, 'admin_actions', A.id);
    await withPrincipal(ctx.db, owner, (tx) =>
      tx.query('select public.change_member_role($1, $2, $3)', [A.id, A.users.viewer.id, 'member']),
    );
    const e = await last(ctx.db, 'audit_log', A.id);
    expect(e).toMatchObject({
      actor_id: A.users.owner.id,
      actor_role: 'authenticated',
      action: 'organisation_members.update',
      target_table: 'public.organisation_members',
      old_data: { role: 'viewer' },
      new_data: { role: 'member' },
    });
    expect(e!.details).toEqual({ changed: ['role', 'updated_at'] });
    expect(await length(ctx.db, 'admin_actions', A.id)).toBe(before);
  });

  it("a platform admin changing a tenant's row is chained in that tenant's admin_actions", async () => {
    const logBefore = await length(ctx.db, 'audit_log', A.id);
    await withPrincipal(ctx.db, admin, (tx) =>
      tx.query('select public.suspend_member($1, $2)', [A.id, A.users.member.id]),
    );
    expect(await last(ctx.db, 'admin_actions', A.id)).toMatchObject({
      actor_id: DEMO.platformAdmin.id,
      actor_role: 'platform_admin',
      action: 'organisation_members.update',
      new_data: { status: 'suspended' },
    });
    expect(await length(ctx.db, 'audit_log', A.id)).toBe(logBefore);
  });

  it('platform registry changes are chained under the platform organisation, by who made them', async () => {
    await withPrincipal(ctx.db, admin, (tx) =>
      tx.query(`update platform.rule_packs set published_at = now() where id = $1`, [DEMO.rulePacks.draft]),
    );
    expect(await last(ctx.db, 'admin_actions', PLATFORM_ORG)).toMatchObject({
      action: 'rule_packs.update',
      target_id: DEMO.rulePacks.draft,
    });
    await withPrincipal(ctx.db, service, (tx) =>
      tx.query(`insert into platform.rule_pack_detections (rule_pack_name) values ('audit-test')`),
    );
    expect(await last(ctx.db, 'audit_log', PLATFORM_ORG)).toMatchObject({
      action: 'rule_pack_detections.insert',
      actor_role: 'service_role',
    });
  });

  it('no-op updates and bookkeeping-only updates leave no entry', async () => {
    const before = await length(ctx.db, 'audit_log', A.id);
    await ctx.db.query('update public.organisation_members set role = role where org_id = $1', [A.id]);
    await ctx.db.query('update public.api_keys set last_used_at = now() where org_id = $1', [A.id]);
    expect(await length(ctx.db, 'audit_log', A.id)).toBe(before);
  });

  it('a rolled-back change rolls back its entry, and the next one takes the same seq: no gap', async () => {
    const before = await length(ctx.db, 'audit_log', A.id);
    await ctx.db
      .transaction(async (tx) => {
        await tx.query(`update public.workspaces set name = 'x' where org_id = $1`, [A.id]);
        await tx.query(`update public.organisations set name = 'Rolled back' where id = $1`, [A.id]);
        throw new Error('roll back');
      })
      .catch(() => {});
    await append(ctx.db, 'audit_log', A.id, 1);
    expect((await last(ctx.db, 'audit_log', A.id))?.seq).toBe(before + 1);
    expect((await verifyChains(ctx.db, { orgId: A.id })).ok).toBe(true);
  });

  it('a transaction appending many entries to one chain leaves it gapless, and the head catches up at the next append', async () => {
    const org = await newOrg(ctx.db, 'Bulk Ltd'); // seq 1
    await append(ctx.db, 'audit_log', org, 1); // 2: the head is this entry
    const head = async () =>
      (
        await ctx.db.query<{ seq: number; exact: boolean; matches: boolean }>(
          `select h.seq::int as seq, h.prev_hash is not null as exact,
                h.hash = (select l.hash from public.audit_log l where l.org_id = h.org_id and l.seq = h.seq) as matches
         from palisade_audit.chain_heads h where h.org_id = $1 and h.chain = 'audit_log'`,
          [org],
        )
      ).rows[0];
    expect(await head()).toEqual({ seq: 2, exact: true, matches: true });
    const { rows } = await withPrincipal(ctx.db, service, (tx) =>
      tx.query<{ seq: string }>(
        `select app.record_audit_event($1, 'test.bulk', 'public.things', g::text, null, null) as seq from generate_series(1, 50) g`,
        [org],
      ),
    );
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 50 }, (_, i) => 3 + i));
    // Moved by the transaction's first 8 appends and marked at its 9th: the chain went further.
    expect(await head()).toEqual({ seq: 11, exact: false, matches: true });
    expect(await append(ctx.db, 'audit_log', org, 2)).toEqual([53, 54]);
    expect(await head()).toEqual({ seq: 54, exact: true, matches: true });
    const r = await verifyChains(ctx.db, { orgId: org, chains: ['audit_log'] });
    expect(r.reports[0]).toMatchObject({ status: 'ok', lastSeq: 54, entries: 54 });
  });

  it("an organisation's chain outlives its deletion, ending with the deletion itself", async () => {
    const org = await newOrg(ctx.db, 'Short-lived Ltd');
    await append(ctx.db, 'audit_log', org, 2);
    await withPrincipal(ctx.db, admin, (tx) => tx.query('delete from public.organisations where id = $1', [org]));
    expect(await last(ctx.db, 'admin_actions', org)).toMatchObject({
      action: 'organisations.delete',
      old_data: { name: 'Short-lived Ltd' },
    });
    const r = await verifyChains(ctx.db, { orgId: org });
    expect(r.ok).toBe(true);
    expect(r.reports[0]).toMatchObject({ orgName: null, lastSeq: 3 });
  });

  it('no API role may update, delete or insert entries directly', async () => {
    const personas: Principal[] = [{ kind: 'anonymous' }, owner, admin, service];
    for (const table of ['public.audit_log', 'public.admin_actions']) {
      for (const p of personas) {
        for (const sql of [
          `update ${table} set action = 'x' where org_id = $1`,
          `delete from ${table} where org_id = $1`,
          `insert into ${table} (org_id, seq, created_at, actor_role, action, prev_hash, hash) values ($1, 99999, now(), 'x', 'x', sha256(''::bytea), sha256(''::bytea))`,
        ]) {
          const err = await refusal(withPrincipal(ctx.db, p, (tx) => tx.query(sql, [A.id])));
          expect(err.code, `${JSON.stringify(p)}: ${sql}`).toBe('42501');
        }
      }
    }
  });

  it('the append-only trigger refuses the owner too, unless a migration marks the transaction', async () => {
    for (const table of ['public.audit_log', 'public.admin_actions']) {
      expect(
        await refusal(ctx.db.query(`update ${table} set action = 'x' where org_id = $1 and seq = 1`, [A.id])),
      ).toMatchObject({ code: 'PS403' });
      expect(await refusal(ctx.db.query(`delete from ${table} where org_id = $1 and seq = 1`, [A.id]))).toMatchObject({
        code: 'PS403',
      });
      expect(await refusal(ctx.db.query(`truncate ${table}`))).toMatchObject({ code: 'PS403' });
    }
    expect(await refusal(ctx.db.query(`truncate palisade_audit.anchors`))).toMatchObject({ code: 'PS403' });
    // Marked: allowed (and rolled back here).
    const changed = await ctx.db
      .transaction(async (tx) => {
        await tx.query(`select set_config('palisade.audit_rewrite', '9999_test: allowed rewrite', true)`);
        const n = (await tx.query(`update public.audit_log set action = action where org_id = $1 and seq = 1`, [A.id]))
          .rowCount;
        throw Object.assign(new Error('rollback'), { n });
      })
      .catch((e: { n: number }) => e.n);
    expect(changed).toBe(1);
    // The mark is transaction-local: the next transaction is refused again.
    expect(
      await refusal(ctx.db.query(`update public.audit_log set action = 'x' where org_id = $1 and seq = 1`, [A.id])),
    ).toMatchObject({ code: 'PS403' });
  });

  it('the mark means nothing under an API role', async () => {
    const err = await refusal(
      withPrincipal(ctx.db, service, async (tx) => {
        await tx.query(`select set_config('palisade.audit_rewrite', 'sneaky', true)`);
        await tx.query(`update public.audit_log set action = 'x' where org_id = $1`, [A.id]);
      }),
    );
    expect(err.code).toBe('42501');
  });

  it('tampering done with the mark is still caught by the verifier', async () => {
    const org = await newOrg(ctx.db, 'Marked rewrite');
    await append(ctx.db, 'audit_log', org, 3);
    await tamper(ctx.db, (tx) =>
      tx.query(`update public.audit_log set action = 'x' where org_id = $1 and seq = 2`, [org]),
    );
    expect((await verifyChains(ctx.db, { orgId: org })).reports[0]?.broken).toMatchObject({
      seq: 2,
      problem: 'edited',
    });
  });
});

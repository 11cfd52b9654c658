import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { type Claims, type Principal, withPrincipal } from '../db/principal.ts';
import type { Queryable } from '../db/types.ts';
import { createEgressClient } from '../net/egress.ts';
import { PERSONAS } from '../personas/personas.ts';
import { DEMO } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';
import { withService } from '../vault/elevate.ts';
import { KeyRing } from '../vault/keyring.ts';
import { readSecret } from '../vault/secrets.ts';
import { CREDENTIALS_PURPOSE, clearCredentials, setCredentials } from './credentials.ts';
import { DEMO_INTEGRATIONS } from './seed.ts';
import {
  createIntegration,
  deleteIntegration,
  getIntegration,
  listIntegrations,
  setFieldMappings,
  setSyncSchedule,
  updateIntegration,
} from './service.ts';
import { prepareConnectionTest, testIntegration } from './test-connection.ts';
import { dumpDatabase, type FakeSystem, fakeSystem, leakForms, plantedSecret, sendJson } from './testing.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
const user = (id: string): Principal => ({ kind: 'user', userId: id });
const owner = user(A.users.owner.id);
const admin = user(A.users.admin.id);
const member = user(A.users.member.id);
const viewer = user(A.users.viewer.id);
const ring = new KeyRing([{ id: 'test', key: randomBytes(32) }]);
const ctxFor = () => ({ ring });

/** Everyone who must see nothing of organisation A's integrations. */
const OUTSIDERS: Array<[string, Principal | Claims]> = [
  ['owner of B', user(B.users.owner.id)],
  ['member of B', user(B.users.member.id)],
  ['invited to A', user(A.users.invited.id)],
  ['suspended in A', user(A.users.suspended.id)],
  ['user without membership', user(DEMO.loner.id)],
  ['forged is_platform_admin', PERSONAS.forged_admin.principal],
  ['API key of B', { kind: 'api_key', keyId: B.apiKey, orgId: B.id, role: 'admin' }],
];

const hubspotConfig = (url: string) => ({ apiUrl: url, objectType: 'contacts' });

describeEngines('organisation integrations', (ctx) => {
  const as = <T>(p: Principal | Claims, fn: (tx: Queryable) => Promise<T>) => withPrincipal(ctx.db, p, fn);
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: { code?: string; column?: string; detail?: string; message?: string }) => e,
    );

  let sys: FakeSystem;
  const SECRET = plantedSecret();
  beforeAll(async () => {
    // HubSpot's stand-in: accepts SECRET, and echoes whatever else it is sent.
    sys = await fakeSystem((req, res) =>
      req.headers.authorization === `Bearer ${SECRET}`
        ? sendJson(res, 200, { results: [] })
        : sendJson(res, 401, { got: req.headers.authorization }),
    );
  });
  afterAll(() => sys.close());

  it('owners and admins create, edit and delete integrations; members and viewers only read them', async () => {
    const created = await as(owner, (tx) =>
      createIntegration(tx, {}, A.id, { type: 'hubspot', display_name: 'CRM', config: hubspotConfig(sys.url) }),
    );
    expect(created).toMatchObject({
      status: 'draft',
      type: 'hubspot',
      credentials: { configured: false, updatedAt: null },
    });
    const renamed = await as(admin, (tx) => updateIntegration(tx, {}, A.id, created.id, { display_name: 'CRM (EU)' }));
    expect(renamed.display_name).toBe('CRM (EU)');
    for (const reader of [member, viewer]) {
      expect((await as(reader, (tx) => getIntegration(tx, A.id, created.id))).display_name).toBe('CRM (EU)');
      expect(
        await failure(as(reader, (tx) => updateIntegration(tx, {}, A.id, created.id, { display_name: 'x' }))),
      ).toMatchObject({ code: 'PS403' });
      expect(await failure(as(reader, (tx) => deleteIntegration(tx, A.id, created.id)))).toMatchObject({
        code: 'PS403',
      });
      expect(
        await failure(as(reader, (tx) => createIntegration(tx, {}, A.id, { type: 'hubspot', display_name: 'mine' }))),
      ).toMatchObject({ code: '42501' });
    }
    await as(admin, (tx) => deleteIntegration(tx, A.id, created.id));
    expect(await failure(as(owner, (tx) => getIntegration(tx, A.id, created.id)))).toMatchObject({ code: 'PS404' });
  });

  it('no tenant role can read credential_secret_id, not even an owner naming the column', async () => {
    for (const p of [owner, member, viewer]) {
      expect(
        await failure(as(p, (tx) => tx.query('select credential_secret_id from public.organisation_integrations'))),
      ).toMatchObject({ code: '42501' });
    }
  });

  it('everyone outside organisation A sees zero rows of its integrations, notices and secrets, and gets 404 from every operation', async () => {
    const id = DEMO_INTEGRATIONS.a.primary;
    const problems: string[] = [];
    for (const [label, p] of OUTSIDERS) {
      const counts = await as(p, async (tx) => ({
        integrations: (
          await tx.query<{ n: number }>(
            'select count(*)::int as n from public.organisation_integrations where org_id = $1',
            [A.id],
          )
        ).rows[0]!.n,
        notices: (
          await tx.query<{ n: number }>(
            'select count(*)::int as n from public.integration_notifications where org_id = $1',
            [A.id],
          )
        ).rows[0]!.n,
      }));
      if (counts.integrations || counts.notices) problems.push(`${label} sees ${JSON.stringify(counts)}`);
      const vault = await failure(as(p, (tx) => tx.query('select count(*) from palisade_vault.secrets')));
      if (vault?.code !== '42501') problems.push(`${label} reached palisade_vault.secrets`);
      const ops: Array<[string, (tx: Queryable) => Promise<unknown>]> = [
        ['list', (tx) => listIntegrations(tx, A.id)],
        ['get', (tx) => getIntegration(tx, A.id, id)],
        ['create', (tx) => createIntegration(tx, {}, A.id, { type: 'hubspot', display_name: 'intruder' })],
        ['update', (tx) => updateIntegration(tx, {}, A.id, id, { display_name: 'pwned' })],
        ['delete', (tx) => deleteIntegration(tx, A.id, id)],
        ['mappings', (tx) => setFieldMappings(tx, {}, A.id, id, { schema_version: 2, mappings: [] })],
        ['schedule', (tx) => setSyncSchedule(tx, A.id, id, { kind: 'manual' })],
        ['credentials', (tx) => setCredentials(tx, ctxFor(), p, A.id, id, { apiToken: 'x'.repeat(10) })],
        ['clear credentials', (tx) => clearCredentials(tx, p, A.id, id)],
        ['test', (tx) => prepareConnectionTest(tx, ctxFor(), p, A.id, id)],
      ];
      for (const [op, fn] of ops) {
        const err = await failure(as(p, fn));
        if (err?.code !== 'PS404') problems.push(`${label} ${op}: ${err ? `${err.code} ${err.message}` : 'succeeded'}`);
      }
    }
    expect(problems).toEqual([]);
    // And nothing changed.
    expect((await as(owner, (tx) => getIntegration(tx, A.id, id))).display_name).toBe('Payroll export');
  });

  it("an API key of A cannot reach B's integrations either", async () => {
    const key = PERSONAS.key_member_a.principal;
    expect(await failure(as(key, (tx) => getIntegration(tx, B.id, DEMO_INTEGRATIONS.b.primary)))).toMatchObject({
      code: 'PS404',
    });
    expect(await failure(as(key, (tx) => listIntegrations(tx, B.id)))).toMatchObject({ code: 'PS404' });
  });

  it('a planted credential appears in no return value, no log line, no audit entry and no dump of the database', async () => {
    const output: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void output.push(a.map(String).join(' '))),
    );
    const writes = [vi.spyOn(process.stdout, 'write'), vi.spyOn(process.stderr, 'write')].map((s) =>
      s.mockImplementation(((chunk: unknown) => {
        output.push(String(chunk));
        return true;
      }) as never),
    );
    const seen: unknown[] = [];
    try {
      const created = await as(owner, (tx) =>
        createIntegration(tx, {}, A.id, {
          type: 'hubspot',
          display_name: 'Leak check',
          config: hubspotConfig(sys.url),
        }),
      );
      seen.push(created);
      const put = await as(owner, (tx) =>
        setCredentials(tx, ctxFor(), owner, A.id, created.id, { accessToken: SECRET }),
      );
      expect(put).toEqual({ configured: true, updatedAt: expect.stringMatching(/^\d{4}-/) });
      seen.push(put);
      seen.push(await as(owner, (tx) => getIntegration(tx, A.id, created.id)));
      seen.push(await as(member, (tx) => listIntegrations(tx, A.id)));
      seen.push(
        await as(admin, (tx) => updateIntegration(tx, {}, A.id, created.id, { config: hubspotConfig(sys.url) })),
      );
      const tested = await testIntegration(
        ctx.db,
        { ring, egress: createEgressClient({ allowPrivate: true }) },
        owner,
        A.id,
        created.id,
      );
      expect(tested.result).toMatchObject({ ok: true });
      seen.push(tested);
      // A wrong token makes the stand-in echo it back; the result must not carry it.
      await as(owner, (tx) =>
        setCredentials(tx, ctxFor(), owner, A.id, created.id, { accessToken: `${SECRET}-wrong` }),
      );
      const failed = await testIntegration(
        ctx.db,
        { ring, egress: createEgressClient({ allowPrivate: true }) },
        owner,
        A.id,
        created.id,
      );
      expect(failed.result).toMatchObject({ ok: false, code: 'auth_failed' });
      seen.push(failed);
      expect(JSON.stringify(seen), 'the vault reference in an API value').not.toContain('credential_secret_id');
      seen.push(
        await as(owner, (tx) =>
          tx.query('select * from public.audit_log where org_id = $1', [A.id]).then((r) => r.rows),
        ),
      );
      // The secret really is stored (encrypted), so its absence below means something.
      const stored = await withService(ctx.db, async (tx) => {
        const { rows } = await tx.query<{ s: string }>(
          'select credential_secret_id as s from public.organisation_integrations where org_id = $1 and id = $2',
          [A.id, created.id],
        );
        return readSecret(tx, ring, { orgId: A.id, id: rows[0]!.s, purpose: CREDENTIALS_PURPOSE });
      });
      expect(JSON.parse(stored!.reveal().toString()).accessToken).toBe(`${SECRET}-wrong`);
      seen.push(stored);
    } finally {
      for (const s of [...spies, ...writes]) s.mockRestore();
    }
    const dump = await dumpDatabase(ctx.db, ctx.url);
    for (const form of leakForms(SECRET)) {
      expect(JSON.stringify(seen).includes(form), 'a return value').toBe(false);
      expect(output.join('\n').includes(form), 'captured console output').toBe(false);
      expect(dump.text.includes(form), dump.tool).toBe(false);
    }
  });

  it('audit entries of integrations mask the vault reference', async () => {
    const { rows } = await as(owner, (tx) =>
      tx.query<{ new_data: Record<string, unknown> }>(
        `select new_data from public.audit_log where org_id = $1 and target_table = 'public.organisation_integrations' and new_data ->> 'credential_secret_id' is not null`,
        [A.id],
      ),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.new_data.credential_secret_id).toBe('[masked]');
  });

  it('replacing credentials keeps one vault row, and removing them or the integration deletes it', async () => {
    const secretsOf = () =>
      withService(ctx.db, (tx) =>
        tx
          .query<{ n: number }>('select count(*)::int as n from palisade_vault.secrets where org_id = $1', [A.id])
          .then((r) => r.rows[0]!.n),
      );
    const i = await as(owner, (tx) =>
      createIntegration(tx, {}, A.id, { type: 'hubspot', display_name: 'Rotating', config: hubspotConfig(sys.url) }),
    );
    const before = await secretsOf();
    await as(owner, (tx) => setCredentials(tx, ctxFor(), owner, A.id, i.id, { accessToken: 'first-token' }));
    await as(admin, (tx) => setCredentials(tx, ctxFor(), admin, A.id, i.id, { accessToken: 'second-token' }));
    expect(await secretsOf()).toBe(before + 1);
    expect(await as(owner, (tx) => clearCredentials(tx, owner, A.id, i.id))).toEqual({ configured: false });
    expect(await secretsOf()).toBe(before);
    await as(owner, (tx) => setCredentials(tx, ctxFor(), owner, A.id, i.id, { accessToken: 'third-token' }));
    await as(owner, (tx) => deleteIntegration(tx, A.id, i.id));
    expect(await secretsOf()).toBe(before);
  });

  it('credentials are checked against the type, and the error names the path but not the value', async () => {
    const err = await failure(
      as(owner, (tx) =>
        setCredentials(tx, ctxFor(), owner, A.id, DEMO_INTEGRATIONS.a.legacy, {
          accessToken: 42,
          extra: 'planted-extra',
        }),
      ),
    );
    expect(err).toMatchObject({ code: 'PS422', column: 'credentials' });
    expect(err!.message).not.toContain('planted-extra');
  });

  it('an integration cannot point at another organisation’s secret, even when a superuser tries', async () => {
    const bSecret = randomUUID();
    await ctx.db.query(
      `insert into palisade_vault.secrets (org_id, id, purpose, key_id, nonce, ciphertext) values ($1, $2, 'integration_credentials', 'k', '\\x000000000000000000000000', '\\x${'00'.repeat(17)}')`,
      [B.id, bSecret],
    );
    const err = await failure(
      ctx.db.query(
        'update public.organisation_integrations set credential_secret_id = $1 where org_id = $2 and id = $3',
        [bSecret, A.id, DEMO_INTEGRATIONS.a.primary],
      ),
    );
    expect(err).toMatchObject({ code: '23503' });
  });

  it('activating needs credentials and a complete config and mappings; then the next run is scheduled', async () => {
    const i = await as(owner, (tx) =>
      createIntegration(tx, {}, A.id, {
        type: 'xledger',
        display_name: 'Ledger',
        config: { apiUrl: 'https://demo.xledger.net/graphql' },
      }),
    );
    expect(await failure(as(owner, (tx) => updateIntegration(tx, {}, A.id, i.id, { status: 'active' })))).toMatchObject(
      { code: 'PS422', column: 'config', detail: '$.entityId' },
    );
    await as(owner, (tx) =>
      updateIntegration(tx, {}, A.id, i.id, {
        config: { apiUrl: 'https://demo.xledger.net/graphql', entityId: 7, voucherType: 'GL' },
      }),
    );
    expect(await failure(as(owner, (tx) => updateIntegration(tx, {}, A.id, i.id, { status: 'active' })))).toMatchObject(
      { code: 'PS409', column: 'status' },
    );
    await as(owner, (tx) => setCredentials(tx, ctxFor(), owner, A.id, i.id, { apiToken: 'ledger-token' }));
    await as(owner, (tx) =>
      setFieldMappings(tx, {}, A.id, i.id, {
        schema_version: 2,
        mappings: [{ source: 'entry.amount', target: 'amount' }],
      }),
    );
    expect(await failure(as(owner, (tx) => updateIntegration(tx, {}, A.id, i.id, { status: 'active' })))).toMatchObject(
      { code: 'PS422', column: 'field_mappings' },
    );
    await as(owner, (tx) =>
      setFieldMappings(tx, {}, A.id, i.id, {
        schema_version: 1,
        mappings: [
          { source: 'employee.number', target: 'employee_code' },
          { source: 'entry.date', target: 'posting_date' },
          { source: 'entry.account', target: 'account_code' },
          { source: 'entry.amount', target: 'amount' },
        ],
      }),
    );
    const active = await as(owner, (tx) => updateIntegration(tx, {}, A.id, i.id, { status: 'active' }));
    expect(active.status).toBe('active');
    expect(active.next_sync_at).not.toBeNull();
    expect(active.field_mappings.schema_version).toBe(2);
    // While active, mappings must stay complete, and `error` is Palisade's to set.
    expect(
      await failure(as(owner, (tx) => setFieldMappings(tx, {}, A.id, i.id, { schema_version: 2, mappings: [] }))),
    ).toMatchObject({ code: 'PS422' });
    expect(await failure(as(owner, (tx) => updateIntegration(tx, {}, A.id, i.id, { status: 'error' })))).toMatchObject({
      code: 'PS422',
      column: 'status',
    });
    expect(await failure(as(owner, (tx) => clearCredentials(tx, owner, A.id, i.id)))).toMatchObject({ code: 'PS409' });
  });

  it('a schedule change is validated and computes the next run of an active integration', async () => {
    const bad = await failure(
      as(owner, (tx) =>
        setSyncSchedule(tx, A.id, DEMO_INTEGRATIONS.a.primary, {
          kind: 'cron',
          expression: '* * * * *',
          timezone: 'UTC',
        }),
      ),
    );
    expect(bad).toMatchObject({ code: 'PS422', column: 'sync_schedule', detail: '$.expression' });
    const ok = await as(owner, (tx) =>
      setSyncSchedule(tx, A.id, DEMO_INTEGRATIONS.a.primary, { kind: 'interval', minutes: 30 }),
    );
    expect(ok.sync_schedule).toEqual({ kind: 'interval', minutes: 30 });
    expect(ok.next_sync_at).toBeNull(); // a draft is not scheduled
  });

  it('reads upgrade stored version 1 mappings on the fly', async () => {
    const raw = await ctx.db.query<{ v: number }>(
      `select (field_mappings ->> 'schema_version')::int as v from public.organisation_integrations where id = $1`,
      [DEMO_INTEGRATIONS.a.legacy],
    );
    expect(raw.rows[0]!.v).toBe(1);
    const read = await as(viewer, (tx) => getIntegration(tx, A.id, DEMO_INTEGRATIONS.a.legacy));
    expect(read.field_mappings).toEqual({
      schema_version: 2,
      mappings: [
        { source: 'lead.email', target: 'email', transform: { kind: 'lowercase' }, required: true },
        { source: 'lead.company', target: 'company', transform: { kind: 'trim' } },
      ],
    });
  });
});

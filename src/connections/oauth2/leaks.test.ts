import { expect, it } from 'vitest';
import { type Principal, withPrincipal } from '../../db/principal.ts';
import { dumpDatabase, leakForms } from '../../integrations/testing.ts';
import { DEMO } from '../../seed/ids.ts';
import { json } from '../../server/testing.ts';
import { describeEngines } from '../../testing/engines.ts';
import { base, useOAuth2 } from './testing/harness.ts';

/**
 * No role can read a client secret, an access or refresh token, a code or a PKCE verifier: after a
 * full life (consents, refreshes, a failed exchange, disconnects), every column of the OAuth2
 * tables each API role may select is read as that role and searched for every secret the test
 * provider was sent or answered; so are every response, header and log line, and a dump of the
 * whole database (where the secrets may only be ciphertext).
 */
const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
const TABLES = ['oauth2_connections', 'oauth2_tokens', 'oauth2_authorizations'] as const;

const PERSONAS: Record<string, Principal> = {
  anonymous: { kind: 'anonymous' },
  'owner of A': { kind: 'user', userId: A.users.owner.id },
  'viewer of A': { kind: 'user', userId: A.users.viewer.id },
  'member of B': { kind: 'user', userId: B.users.member.id },
  'API key of A (admin)': { kind: 'api_key', keyId: A.apiKeys.admin, orgId: A.id, role: 'admin' },
  'platform admin': { kind: 'platform_admin', userId: DEMO.platformAdmin.id },
  'service role': { kind: 'service' },
};
const DB_ROLE: Record<Principal['kind'], string> = {
  anonymous: 'anon',
  user: 'authenticated',
  api_key: 'authenticated',
  platform_admin: 'platform_admin',
  service: 'service_role',
};

describeEngines('OAuth2 secrets never reach a readable column, a response, a log line or plaintext storage', (ctx) => {
  const h = useOAuth2(ctx);
  const states: string[] = [];

  it('a connection lives a full life: consents, refreshes, a refused exchange, a failed refresh, disconnects', async () => {
    const id = (await h.create()).id;
    const other = (await h.create(h.provider.clients.post)).id;
    for (const c of [id, other]) {
      const url = await h.authorize(c);
      states.push(new URL(url).searchParams.get('state')!);
      expect((await h.deliver(await h.consent(url))).statusCode).toBe(200);
    }
    h.provider.accessTokenTtl = 10;
    expect((await h.connect(id)).statusCode).toBe(200);
    h.provider.accessTokenTtl = 3600;
    expect(json(await h.call('memberA', 'POST', `${base}/${id}/test`))).toMatchObject({ ok: true, refreshed: true });
    await h.provider.dropAccessToken((await h.storedTokens(id))!.access_token);
    expect(json(await h.call('memberA', 'POST', `${base}/${id}/test`))).toMatchObject({ ok: true, refreshed: true });
    // A replayed code under another consent's state.
    const first = await h.consent(await h.authorize(id));
    expect((await h.deliver(first)).statusCode).toBe(200);
    const second = new URL(await h.authorize(id));
    states.push(second.searchParams.get('state')!);
    const replay = new URL(first);
    replay.searchParams.set('state', second.searchParams.get('state')!);
    expect((await h.deliver(replay)).statusCode).toBe(502);
    // A refresh token the provider revoked.
    await h.provider.revoke((await h.storedTokens(other))!.refresh_token!, 'refresh_token', h.provider.clients.post);
    expect((await h.call('memberA', 'POST', `${base}/${other}/test`)).statusCode).toBe(409);
    expect((await h.connect(other)).statusCode).toBe(200);
    expect(json(await h.call('ownerA', 'DELETE', `${base}/${other}/tokens`)).disconnected).toBe(true);
    // One consent left in flight, one connection left connected.
    states.push(new URL(await h.authorize(other)).searchParams.get('state')!);
    expect(json(await h.call('viewerA', 'GET', `${base}/${id}`)).status).toBe('connected');
    expect(h.provider.seen.size).toBeGreaterThan(15);
  });

  it('every column each API role may select holds none of them', async () => {
    const secrets = [...h.provider.seen];
    let scanned = 0;
    for (const [label, p] of Object.entries(PERSONAS)) {
      for (const table of TABLES) {
        const { rows: cols } = await ctx.db.query<{ name: string }>(
          `select attname as name from pg_attribute
           where attrelid = $1::regclass and attnum > 0 and not attisdropped
             and has_column_privilege($2, $1::regclass, attname, 'SELECT')
           order by attnum`,
          [`public.${table}`, DB_ROLE[p.kind]],
        );
        if (!cols.length) continue;
        const list = cols.map((c) => `"${c.name}"`).join(', ');
        const rows = await withPrincipal(
          ctx.db,
          p,
          async (tx) =>
            // palisade-lint: constant-sql test: column names read from the catalog, quoted; table names from the constant list
            (await tx.query(`select ${list} from public.${table}`)).rows,
        );
        scanned += rows.length;
        const text = JSON.stringify(rows);
        for (const s of secrets) expect(text.includes(s), `${label} reads a secret in ${table}`).toBe(false);
      }
    }
    expect(scanned).toBeGreaterThan(5);
    // Tenants do not even see where the secrets are kept.
    for (const table of TABLES) {
      const { rows } = await ctx.db.query<{ ok: boolean }>(
        `select has_column_privilege('authenticated', $1::regclass, 'credential_secret_id', 'SELECT')
             or has_column_privilege('platform_admin', $1::regclass, 'credential_secret_id', 'SELECT') as ok`,
        [`public.${table}`],
      );
      expect(rows[0]!.ok, table).toBe(false);
    }
  });

  it('no response, header or log line carries a secret, and no log line a state', async () => {
    const secrets = [...h.provider.seen];
    expect(h.responses.length).toBeGreaterThan(20);
    expect(h.logs.length).toBeGreaterThan(20);
    for (const s of secrets) {
      for (const form of leakForms(s)) {
        expect(h.responses.find((r) => r.includes(form))).toBeUndefined();
        expect(h.logs.find((l) => l.includes(form))).toBeUndefined();
      }
    }
    for (const s of states) expect(h.logs.find((l) => l.includes(s))).toBeUndefined();
  });

  it('the database holds them only as ciphertext (every table, and pg_dump on the server)', async () => {
    const dump = await dumpDatabase(ctx.db, ctx.url);
    const ciphertexts = await ctx.db.query<{ n: number }>(
      `select count(*)::int as n from palisade_vault.secrets where purpose like 'oauth2\\_%'`,
    );
    expect(ciphertexts.rows[0]!.n).toBeGreaterThan(2);
    for (const s of [...h.provider.seen, ...states])
      for (const form of leakForms(s)) expect(dump.text.includes(form), `${dump.tool}: ${s.slice(0, 6)}…`).toBe(false);
  });
});

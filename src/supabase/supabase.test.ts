import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openPostgres } from '../db/postgres.ts';
import type { Database } from '../db/types.ts';
import { checkEntry, newTally } from '../personas/check.ts';
import { MATRIX } from '../personas/matrix.ts';
import { DEMO } from '../seed/ids.ts';
import { buildServer } from '../server/app.ts';
import { bearer, json, testConfig, userToken } from '../server/testing.ts';
import { freshDatabase } from '../testing/engines.ts';
import { postgresBinDir, type SupabaseCluster, startSupabaseCluster } from '../testing/supabase-cluster.ts';

const A = DEMO.orgs.a;
const BIN = path.resolve('bin/palisade.js');

function palisade(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Every privilege on Palisade's objects, by grantee, leaving out the owner and Supabase's superuser. */
const PRIVILEGES = `
  with objs as (
    select 'r' as k, n.nspname || '.' || c.relname as o, c.relacl as acl, c.relowner as own
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = any($1) and c.relkind in ('r', 'v', 'S', 'm', 'p')
    union all
    select 'c', n.nspname || '.' || c.relname || '.' || a.attname, a.attacl, c.relowner
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = any($1) and a.attacl is not null
    union all
    select 'f', p.oid::regprocedure::text, p.proacl, p.proowner
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = any($1)
    union all
    select 'n', n.nspname, n.nspacl, n.nspowner from pg_namespace n where n.nspname = any($1) and n.nspname <> 'public'
    union all
    select 'T', t.oid::regtype::text, t.typacl, t.typowner
      from pg_type t join pg_namespace n on n.oid = t.typnamespace
     where n.nspname = any($1) and t.typtype in ('d', 'e') and t.typacl is not null
  )
  select k || ' ' || o || ' ' || coalesce(r.rolname, 'PUBLIC') || ' ' ||
         string_agg(x.privilege_type, ',' order by x.privilege_type) as line
    from objs, lateral aclexplode(coalesce(acl, acldefault(k::"char", own))) x
    left join pg_roles r on r.oid = x.grantee
   where x.grantee <> own and coalesce(r.rolname, 'PUBLIC') not in ('postgres', 'supabase_admin')
   group by k, o, r.rolname order by 1`;
const SCHEMAS = ['public', 'app', 'platform', 'palisade_vault', 'palisade_audit', 'palisade_meta'];

const server = inject('templates').postgres;
const bin = postgresBinDir();

/**
 * Palisade on a database shaped like a Supabase project (src/testing/supabase-cluster.ts): its own
 * throwaway cluster, because roles are cluster-wide and Supabase's service_role has BYPASSRLS.
 * Server engine only; it needs PostgreSQL's server binaries to make the cluster.
 */
describe.skipIf(!server || !bin)('a Supabase-shaped database (non-superuser postgres, GoTrue, Supabase Vault)', () => {
  let cluster: SupabaseCluster;
  let owner: Database;
  const loginPassword = randomBytes(12).toString('hex');

  beforeAll(async () => {
    cluster = await startSupabaseCluster();
  }, 120_000);

  afterAll(async () => {
    await owner?.close();
    await cluster?.stop();
  });

  it('palisade migrate as the non-superuser postgres role applies everything; a second run applies nothing', () => {
    const first = palisade(['migrate'], { DATABASE_URL: cluster.postgresUrl });
    expect(first.out).toMatch(/Applied \d+ migration\(s\)/);
    expect(first.code, first.out).toBe(0);
    const second = palisade(['migrate'], { DATABASE_URL: cluster.postgresUrl });
    expect(second.code, second.out).toBe(0);
    expect(second.out).toContain('Nothing to apply');
    owner = openPostgres({ url: cluster.postgresUrl, max: 2 });
  }, 180_000);

  it('leaves Supabase alone: its roles unaltered, Supabase Vault and GoTrue tables untouched', async () => {
    const { rows: roles } = await owner.query<{ rolname: string; rolbypassrls: boolean; rolcanlogin: boolean }>(
      `select rolname, rolbypassrls, rolcanlogin from pg_roles
        where rolname in ('anon', 'authenticated', 'service_role', 'authenticator') order by 1`,
    );
    expect(roles).toEqual([
      { rolname: 'anon', rolbypassrls: false, rolcanlogin: false },
      { rolname: 'authenticated', rolbypassrls: false, rolcanlogin: false },
      { rolname: 'authenticator', rolbypassrls: false, rolcanlogin: true },
      { rolname: 'service_role', rolbypassrls: true, rolcanlogin: false },
    ]);
    const { rows: vault } = await owner.query<{ columns: string[] }>(
      `select array_agg(attname::text order by attnum) as columns from pg_attribute
        where attrelid = 'vault.secrets'::regclass and attnum > 0 and not attisdropped`,
    );
    expect(vault[0]!.columns).toEqual([
      'id',
      'name',
      'description',
      'secret',
      'key_id',
      'nonce',
      'created_at',
      'updated_at',
    ]);
    const { rows: ours } = await owner.query<{ n: number }>(
      `select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname in ('vault', 'auth') and c.relowner = (select oid from pg_roles where rolname = 'postgres')`,
    );
    expect(ours[0]!.n, 'Palisade created nothing in Supabase Vault or GoTrue schemas').toBe(0);
  });

  it('gives every Palisade object exactly the privileges it has on plain PostgreSQL (default privileges change nothing)', async () => {
    const plain = await freshDatabase('postgres');
    try {
      const want = (await plain.db.query<{ line: string }>(PRIVILEGES, [SCHEMAS])).rows.map((r) => r.line);
      const got = (await owner.query<{ line: string }>(PRIVILEGES, [SCHEMAS])).rows.map((r) => r.line);
      expect(want.length).toBeGreaterThan(100);
      expect(got).toEqual(want);
    } finally {
      await plain.close();
    }
  });

  it('the demo seed writes complete GoTrue users, and profiles come from GoTrue sign-ups', async () => {
    const seeded = palisade(['seed', '--demo'], { DATABASE_URL: cluster.postgresUrl });
    expect(seeded.code, seeded.out).toBe(0);
    const { rows } = await owner.query<{ ok: boolean; users: number; identities: number }>(
      `select bool_and(u.instance_id is not null and u.aud = 'authenticated' and u.role = 'authenticated'
                       and u.email_confirmed_at is not null and u.encrypted_password like '$2%'
                       and u.confirmation_token = '' and u.raw_app_meta_data ->> 'provider' = 'email') as ok,
              count(*)::int as users,
              (select count(*)::int from auth.identities i where i.user_id = any(array_agg(u.id))) as identities
         from auth.users u`,
    );
    expect(rows[0]!.users).toBeGreaterThanOrEqual(13);
    expect(rows[0]).toEqual({ ok: true, users: rows[0]!.users, identities: rows[0]!.users });
    // GoTrue signs someone up: the profile appears by Palisade's trigger, named from the metadata.
    const auth = new pg.Client({ connectionString: cluster.authAdminUrl });
    await auth.connect();
    const id = '6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
    try {
      await auth.query(
        `insert into auth.users (instance_id, id, aud, role, email, raw_user_meta_data, created_at, updated_at)
         values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', 'new@example.test',
                 '{"full_name": "New\\u0007 Person"}', now(), now())`,
        [id],
      );
    } finally {
      await auth.end();
    }
    const profile = await owner.query('select display_name from public.profiles where user_id = $1', [id]);
    expect(profile.rows).toEqual([{ display_name: 'New Person' }]);
  }, 180_000);

  it('the persona matrix holds unchanged', async () => {
    const tally = newTally();
    const problems: string[] = [];
    for (const entry of MATRIX) {
      for (const p of await checkEntry(owner, entry, tally)) problems.push(`${entry.table}: ${p}`);
    }
    expect(problems).toEqual([]);
    expect(tally.checks).toBeGreaterThan(MATRIX.length * 10);
  }, 180_000);

  it('serve, connected as the Palisade login role, answers readiness, users, API keys and platform admins', async () => {
    // What docs/supabase.md tells the operator to run as postgres: allowed, as Palisade made this role.
    // palisade-lint: constant-sql test: ALTER ROLE takes no bind parameters; the password is hex this test generates
    await owner.query(`alter role palisade_login with login password '${loginPassword}'`);
    const db = openPostgres({ url: cluster.urlAs('palisade_login', loginPassword), max: 4 });
    const app = await buildServer({ db, config: testConfig() });
    try {
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(json(ready).status, ready.body).toBe('ready');
      const ownerA = bearer(await userToken(A.users.owner.id, { email: A.users.owner.email }));
      const orgs = await app.inject({ method: 'GET', url: '/v1/orgs', headers: ownerA });
      expect(json(orgs).data.map((o: { id: string }) => o.id)).toEqual([A.id]);
      const created = await app.inject({
        method: 'POST',
        url: `/v1/orgs/${A.id}/api-keys`,
        headers: ownerA,
        payload: { name: 'supabase', role: 'viewer' },
      });
      expect(created.statusCode, created.body).toBe(201);
      const viaKey = await app.inject({
        method: 'GET',
        url: `/v1/orgs/${A.id}/workspaces`,
        headers: { 'x-api-key': json(created).key },
      });
      expect(viaKey.statusCode, viaKey.body).toBe(200);
      const admin = await app.inject({
        method: 'POST',
        url: '/v1/admin/token',
        headers: bearer(await userToken(DEMO.platformAdmin.id)),
      });
      expect(admin.statusCode, admin.body).toBe(201);
      const all = await app.inject({ method: 'GET', url: '/v1/admin/orgs', headers: bearer(json(admin).token) });
      expect(all.statusCode, all.body).toBe(200);
      // A token for someone GoTrue does not know is refused, and nothing is written to auth.users.
      const stranger = bearer(await userToken('0b9a8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d', { email: 'x@example.test' }));
      const refused = await app.inject({ method: 'POST', url: '/v1/orgs', headers: stranger, payload: { name: 'No' } });
      expect(refused.statusCode, refused.body).toBe(401);
      const { rows } = await owner.query('select 1 from auth.users where id = $1', [
        '0b9a8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d',
      ]);
      expect(rows).toEqual([]);
    } finally {
      await app.close();
      await db.close();
    }
  }, 120_000);

  it('/readyz names the missing privilege when the server logs in as a role the migrations did not grant', async () => {
    const role = `other_login_${randomBytes(3).toString('hex')}`;
    // palisade-lint: constant-sql test: CREATE ROLE takes no bind parameters; name and password are hex this test generates
    await owner.query(`create role ${role} login password '${loginPassword}'`);
    // palisade-lint: constant-sql test: GRANT takes no bind parameters; the role name is generated here
    await owner.query(`grant anon, authenticated, service_role, platform_admin to ${role}`);
    const db = openPostgres({ url: cluster.urlAs(role, loginPassword), max: 1 });
    const app = await buildServer({ db, config: testConfig() });
    try {
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(json(res).reason).toContain('lacks USAGE on schema palisade_meta or SELECT on palisade_meta.migrations');
    } finally {
      await app.close();
      await db.close();
    }
  });

  it('`palisade export --supabase` files, applied in order as `supabase db push` does, leave nothing for palisade migrate', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'palisade-export-'));
    try {
      const out = palisade(['export', '--supabase', dir, '--start', '20261206120000'], {});
      expect(out.code, out.out).toBe(0);
      const files = readdirSync(path.join(dir, 'supabase', 'migrations')).sort();
      expect(files[0]).toBe('20261206120000_palisade_0001_roles.sql');
      await owner.query('create database pushed');
      const url = cluster.postgresUrl.replace(/\/postgres$/, '/pushed');
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        for (const f of files) {
          await c.query('begin');
          // palisade-lint: constant-sql test: the migration files `palisade export` just wrote from this package's SQL
          await c.query(readFileSync(path.join(dir, 'supabase', 'migrations', f), 'utf8'));
          await c.query('commit');
        }
      } finally {
        await c.end();
      }
      const after = palisade(['migrate'], { DATABASE_URL: url });
      expect(after.code, after.out).toBe(0);
      expect(after.out).toContain('Nothing to apply');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('palisade lint on the live catalog: no findings; service_role BYPASSRLS is a note, not a failure', () => {
    const r = palisade(['lint', '--database-url', cluster.postgresUrl], {});
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(
      /role service_role {2}note: service_role bypasses row level security on this Supabase project/,
    );
    expect(r.out).not.toContain('pgbouncer');
  }, 120_000);
});

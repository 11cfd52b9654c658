/**
 * An API key is a delegation. It never holds more than its creator
 * holds now, nobody holds one in the reserved platform organisation, and revocation is one-way.
 */
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { type Principal, withPrincipal } from '../db/principal.ts';
import type { Database } from '../db/types.ts';
import { DEMO } from '../seed/ids.ts';
import { bearer, captureLogs, json, testConfig, userToken, useServer } from '../server/testing.ts';
import { describeEngines } from '../testing/engines.ts';
import { generateApiKey } from './keys.ts';
import { authenticateApiKey } from './verify.ts';

const as = (userId: string): Principal => ({ kind: 'user', userId });
const PLATFORM_ORG = '00000000-0000-0000-0000-000000000001';

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? String(e),
  );

async function sql<T = Record<string, unknown>>(db: Database, p: Principal, text: string, params: unknown[] = []) {
  return withPrincipal(db, p, async (tx) => (await tx.query<T>(text, params)).rows);
}

interface Team {
  org: string;
  owner: string;
  admin: string;
  member: string;
  adminEmail: string;
}

async function team(db: Database): Promise<Team> {
  const tag = randomBytes(4).toString('hex');
  const user = async (kind: string) =>
    (
      await db.query<{ id: string }>('insert into auth.users (email) values ($1) returning id', [
        `${kind}-${tag}@keys.test`,
      ])
    ).rows[0]!.id;
  const org = (
    await db.query<{ id: string }>('insert into public.organisations (name) values ($1) returning id', [`Keys ${tag}`])
  ).rows[0]!.id;
  const t = { org, owner: await user('owner'), admin: await user('admin'), member: await user('member') };
  for (const [id, role] of [
    [t.owner, 'owner'],
    [t.admin, 'admin'],
    [t.member, 'member'],
  ] as const)
    await db.query(
      `insert into public.organisation_members (org_id, user_id, role, status) values ($1, $2, $3, 'active')`,
      [org, id, role],
    );
  return { ...t, adminEmail: `admin-${tag}@keys.test` };
}

/** A key minted through the RPC by `by`, as the server does. */
async function mint(db: Database, org: string, by: string, role: 'admin' | 'member' | 'viewer'): Promise<Principal> {
  const [row] = await sql<{ id: string }>(db, as(by), `select public.create_api_key($1, $2, $3, $4, 'pk_test') as id`, [
    org,
    `${role} key`,
    role,
    randomBytes(32),
  ]);
  return { kind: 'api_key', keyId: row!.id, orgId: org, role };
}

/** The thresholds the key passes in its organisation, from the sets every policy reads. */
async function reach(db: Database, key: Principal, org: string) {
  const [r] = await sql<{ viewer: boolean; member: boolean; admin: boolean }>(
    db,
    key,
    `select $1::uuid = any (app.caller_org_ids('viewer')) as viewer,
            $1::uuid = any (app.caller_org_ids('member')) as member,
            $1::uuid = any (app.caller_org_ids('admin')) as admin`,
    [org],
  );
  return r;
}

const NOTHING = { viewer: false, member: false, admin: false };

describeEngines('API keys are delegations', (ctx) => {
  it("a key holds its own role while its creator's membership is active", async () => {
    const t = await team(ctx.db);
    expect(await reach(ctx.db, await mint(ctx.db, t.org, t.admin, 'admin'), t.org)).toEqual({
      viewer: true,
      member: true,
      admin: true,
    });
    expect(await reach(ctx.db, await mint(ctx.db, t.org, t.admin, 'member'), t.org)).toEqual({
      viewer: true,
      member: true,
      admin: false,
    });
  });

  it('the key of a suspended admin grants nothing: the admin cannot reactivate themselves with it', async () => {
    const t = await team(ctx.db);
    const key = await mint(ctx.db, t.org, t.admin, 'admin');
    await sql(ctx.db, as(t.owner), 'select public.suspend_member($1, $2)', [t.org, t.admin]);
    expect(await reach(ctx.db, key, t.org)).toEqual(NOTHING);
    expect(await outcome(sql(ctx.db, key, 'select public.reactivate_member($1, $2)', [t.org, t.admin]))).toBe('PS404');
    const { rows } = await ctx.db.query(
      'select status from public.organisation_members where org_id = $1 and user_id = $2',
      [t.org, t.admin],
    );
    expect(rows).toEqual([{ status: 'suspended' }]);
    // Reactivated, the creator's key works again: nothing was revoked, it was held back.
    await sql(ctx.db, as(t.owner), 'select public.reactivate_member($1, $2)', [t.org, t.admin]);
    expect((await reach(ctx.db, key, t.org))!.admin).toBe(true);
  });

  it("the key of a demoted admin holds the creator's new role: it cannot restore the admin role", async () => {
    const t = await team(ctx.db);
    const key = await mint(ctx.db, t.org, t.admin, 'admin');
    await sql(ctx.db, as(t.owner), `select public.change_member_role($1, $2, 'member')`, [t.org, t.admin]);
    expect(await reach(ctx.db, key, t.org)).toEqual({ viewer: true, member: true, admin: false });
    expect(await outcome(sql(ctx.db, key, `select public.change_member_role($1, $2, 'admin')`, [t.org, t.admin]))).toBe(
      'PS403',
    );
    expect(await outcome(sql(ctx.db, key, `select public.invite_member($1, 'x@keys.test', 'admin')`, [t.org]))).toBe(
      'PS403',
    );
    const { rows } = await ctx.db.query(
      'select role from public.organisation_members where org_id = $1 and user_id = $2',
      [t.org, t.admin],
    );
    expect(rows).toEqual([{ role: 'member' }]);
    // Demoted to viewer, the key cannot pass the member threshold either.
    await sql(ctx.db, as(t.owner), `select public.change_member_role($1, $2, 'viewer')`, [t.org, t.admin]);
    expect(await reach(ctx.db, key, t.org)).toEqual({ viewer: true, member: false, admin: false });
  });

  it('the key of a removed admin grants nothing: the admin cannot re-invite themselves with it', async () => {
    const t = await team(ctx.db);
    await ctx.db.query('update auth.users set email = $2 where id = $1', [t.admin, t.adminEmail]);
    const key = await mint(ctx.db, t.org, t.admin, 'admin');
    await sql(ctx.db, as(t.owner), 'select public.remove_member($1, $2)', [t.org, t.admin]);
    expect(await reach(ctx.db, key, t.org)).toEqual(NOTHING);
    expect(await outcome(sql(ctx.db, key, `select public.invite_member($1, $2, 'admin')`, [t.org, t.adminEmail]))).toBe(
      'PS404',
    );
    expect(await sql(ctx.db, key, 'select id from public.workspaces')).toEqual([]);
  });

  it('the key of an admin who left grants nothing', async () => {
    const t = await team(ctx.db);
    const key = await mint(ctx.db, t.org, t.admin, 'admin');
    await sql(ctx.db, as(t.admin), 'select public.leave_organisation($1)', [t.org]);
    expect(await reach(ctx.db, key, t.org)).toEqual(NOTHING);
    expect(await outcome(sql(ctx.db, key, 'select public.create_workspace($1, $2)', [t.org, 'Ghost']))).toBe('PS404');
  });

  it('a viewer key cannot pass the member threshold: it creates no project, by RPC or by insert', async () => {
    const t = await team(ctx.db);
    const key = await mint(ctx.db, t.org, t.owner, 'viewer');
    const ws2 = (
      await ctx.db.query<{ id: string }>(`insert into public.workspaces (org_id, name) values ($1, 'W') returning id`, [
        t.org,
      ])
    ).rows[0]!;
    expect(
      await outcome(sql(ctx.db, key, 'select public.create_project($1, $2, $3)', [t.org, ws2.id, 'Viewer project'])),
    ).toBe('PS403');
    expect(
      await outcome(
        sql(ctx.db, key, 'insert into public.projects (org_id, workspace_id, name) values ($1, $2, $3)', [
          t.org,
          ws2.id,
          'Viewer project',
        ]),
      ),
    ).toBe('42501');
  });

  it('revocation is one-way: an admin cannot un-revoke or re-date a revoked key; revoking again is harmless', async () => {
    const t = await team(ctx.db);
    const key = await mint(ctx.db, t.org, t.admin, 'member');
    const keyId = (key as { keyId: string }).keyId;
    await sql(ctx.db, as(t.admin), 'update public.api_keys set revoked_at = now() where id = $1', [keyId]);
    for (const value of [null, '2001-01-01T00:00:00Z']) {
      const refused = await withPrincipal(ctx.db, as(t.admin), (tx) =>
        tx.query('update public.api_keys set revoked_at = $2 where id = $1', [keyId, value]),
      ).then(
        () => null,
        (e: { code?: string; column?: string }) => e,
      );
      expect(refused).toMatchObject({ code: 'PS409', column: 'revoked_at' });
    }
    await sql(
      ctx.db,
      as(t.admin),
      'update public.api_keys set revoked_at = coalesce(revoked_at, now()) where id = $1',
      [keyId],
    );
    expect(await reach(ctx.db, key, t.org)).toEqual(NOTHING);
    // Not even the database owner turns it back.
    expect(await outcome(ctx.db.query('update public.api_keys set revoked_at = null where id = $1', [keyId]))).toBe(
      'PS409',
    );
  });

  it('nobody holds a key or a membership in the reserved platform organisation', async () => {
    await ctx.db.query('select app.ensure_platform_org()');
    const admin: Principal = { kind: 'platform_admin', userId: DEMO.platformAdmin.id };
    expect(
      await outcome(
        sql(ctx.db, admin, `select public.create_api_key($1, 'Audit reader', 'viewer', $2, 'pk_plat')`, [
          PLATFORM_ORG,
          randomBytes(32),
        ]),
      ),
    ).toBe('PS422');
    // Operators do not turn their short-lived token into a key anywhere.
    expect(
      await outcome(
        sql(ctx.db, admin, `select public.create_api_key($1, 'Mine', 'viewer', $2, 'pk_plat')`, [
          DEMO.orgs.a.id,
          randomBytes(32),
        ]),
      ),
    ).toBe('PS403');
    expect(
      await outcome(
        sql(
          ctx.db,
          { kind: 'service' },
          `insert into public.api_keys (org_id, name, role, key_hash, prefix) values ($1, 'x', 'viewer', $2, 'pk_plat')`,
          [PLATFORM_ORG, randomBytes(32)],
        ),
      ),
    ).toBe('23514');
    expect(
      await outcome(
        ctx.db.query(`insert into public.organisation_members (org_id, user_id, role) values ($1, $2, 'viewer')`, [
          PLATFORM_ORG,
          DEMO.platformAdmin.id,
        ]),
      ),
    ).toBe('PS422');
  });
});

const RANK = { viewer: 1, member: 2, admin: 3, owner: 4 } as const;
type KeyRole = 'admin' | 'member' | 'viewer';

/** A key minted through the RPC by `by`, with its plaintext, as POST …/api-keys does. */
async function mintPlain(db: Database, org: string, by: string, role: KeyRole): Promise<string> {
  const k = generateApiKey();
  await sql(db, as(by), 'select public.create_api_key($1, $2, $3, $4, $5)', [
    org,
    `${role} key`,
    role,
    k.hash,
    k.prefix,
  ]);
  return k.plaintext;
}

const authOutcome = (db: Database, plaintext: string) =>
  authenticateApiKey(db, plaintext).then(
    (k) => k.role as string,
    (e: { code?: string }) => e.code ?? String(e),
  );

describeEngines('API-key authentication reports what the key can do', (ctx) => {
  // Each state of the creator (an admin when it minted the keys), made directly in the database.
  const STATES: {
    state: string;
    creator: keyof typeof RANK | null;
    make: (db: Database, t: Team) => Promise<unknown>;
  }[] = [
    { state: 'promoted to owner', creator: 'owner', make: (db, t) => setMember(db, t, `role = 'owner'`) },
    { state: 'still admin', creator: 'admin', make: async () => undefined },
    { state: 'demoted to member', creator: 'member', make: (db, t) => setMember(db, t, `role = 'member'`) },
    { state: 'demoted to viewer', creator: 'viewer', make: (db, t) => setMember(db, t, `role = 'viewer'`) },
    { state: 'suspended', creator: null, make: (db, t) => setMember(db, t, `status = 'suspended'`) },
    { state: 'back to invited', creator: null, make: (db, t) => setMember(db, t, `status = 'invited'`) },
    {
      state: 'removed',
      creator: null,
      make: (db, t) =>
        db.query('delete from public.organisation_members where org_id = $1 and user_id = $2', [t.org, t.admin]),
    },
    {
      state: 'deleted',
      creator: null,
      make: (db, t) => db.query('delete from auth.users where id = $1', [t.admin]),
    },
  ];
  const setMember = (db: Database, t: Team, set: string) =>
    db.query(`update public.organisation_members set ${set} where org_id = $1 and user_id = $2`, [t.org, t.admin]);

  it("for every creator state, authentication reports min(key role, creator's active role), or refuses with PS424, exactly as the policies grant", async () => {
    const seen: Record<string, Record<KeyRole, unknown>> = {};
    const expected: typeof seen = {};
    for (const { state, creator, make } of STATES) {
      const t = await team(ctx.db);
      const keys = {} as Record<KeyRole, string>;
      for (const role of ['admin', 'member', 'viewer'] as const)
        keys[role] = await mintPlain(ctx.db, t.org, t.admin, role);
      await make(ctx.db, t);
      seen[state] = {} as Record<KeyRole, unknown>;
      expected[state] = {} as Record<KeyRole, unknown>;
      for (const role of ['admin', 'member', 'viewer'] as const) {
        const want = creator === null ? null : RANK[role] <= RANK[creator] ? role : creator;
        const reported = await authOutcome(ctx.db, keys[role]);
        // What the policies let the same key reach (the membership loader), from its id.
        const keyId = (
          await ctx.db.query<{ id: string }>('select id from public.api_keys where org_id = $1 and name = $2', [
            t.org,
            `${role} key`,
          ])
        ).rows[0]!.id;
        const r = await reach(ctx.db, { kind: 'api_key', keyId, orgId: t.org, role }, t.org);
        const granted = r!.admin ? 'admin' : r!.member ? 'member' : r!.viewer ? 'viewer' : null;
        seen[state][role] = { reported, granted };
        expected[state][role] = { reported: want ?? 'PS424', granted: want };
      }
    }
    expect(seen).toEqual(expected);
  });
});

describeEngines('over HTTP, a key never claims more than its creator holds now', (ctx) => {
  const capture = captureLogs('info');
  const server = useServer(ctx, () => ({ logger: capture.logger, config: testConfig({ logLevel: 'info' }) }));
  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    headers: Record<string, string>,
    payload?: object,
  ) => server.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  /** A fresh team whose admin mints an admin key over HTTP; tokens for the owner and the admin. */
  async function delegated() {
    const t = await team(ctx.db);
    const token = async (id: string) => {
      const { rows } = await ctx.db.query<{ email: string }>('select email from auth.users where id = $1', [id]);
      return bearer(await userToken(id, { email: rows[0]!.email }));
    };
    const owner = await token(t.owner);
    const admin = await token(t.admin);
    const created = await call('POST', `/v1/orgs/${t.org}/api-keys`, admin, { name: 'delegated', role: 'admin' });
    expect(created.statusCode, created.body).toBe(201);
    const key: string = json(created).key;
    const keyId: string = json(created).api_key.id;
    /** What the key's callers and its organisation's owner are told about it. */
    async function report() {
      const m = await call('GET', '/v1/me', { 'x-api-key': key });
      if (m.statusCode !== 200) return { status: m.statusCode, code: json(m).error.code };
      const org = json(await call('GET', `/v1/orgs/${t.org}`, { 'x-api-key': key }));
      const listed = json(await call('GET', `/v1/orgs/${t.org}/api-keys/${keyId}`, owner));
      return {
        status: 200,
        me: json(m).principal.role,
        my_role: org.my_role,
        listed: { role: listed.role, effective_role: listed.effective_role },
      };
    }
    return { t, owner, admin, key, keyId, report };
  }
  const as = (role: KeyRole) => ({
    status: 200,
    me: role,
    my_role: role,
    listed: { role: 'admin', effective_role: role },
  });
  const refused = { status: 401, code: 'PS424' };

  it('a key holds its role while its admin creator is active', async () => {
    const { report } = await delegated();
    expect(await report()).toEqual(as('admin'));
  });

  it('suspended: the key is refused with 401 PS424, logged without the key; reactivated, it works again', async () => {
    const { t, owner, key, keyId, report } = await delegated();
    expect((await call('POST', `/v1/orgs/${t.org}/members/${t.admin}/suspend`, owner)).statusCode).toBe(200);
    capture.lines.length = 0;
    expect(await report()).toEqual(refused);
    const warn = capture.lines.map((l) => JSON.parse(l)).find((e) => e.msg === 'authentication failed');
    expect(warn).toMatchObject({ level: 40, code: 'PS424', apiKeyId: keyId, keyOrgId: t.org });
    expect(capture.lines.join('\n')).not.toContain(key.slice(11));
    expect(json(await call('GET', `/v1/orgs/${t.org}/api-keys/${keyId}`, owner)).effective_role).toBeNull();
    expect((await call('POST', `/v1/orgs/${t.org}/members/${t.admin}/reactivate`, owner)).statusCode).toBe(200);
    expect(await report()).toEqual(as('admin'));
  });

  it("demoted: the key reports its creator's new role everywhere; promoted back, its own again", async () => {
    const { t, owner, report } = await delegated();
    const demote = async (role: string) =>
      expect((await call('PATCH', `/v1/orgs/${t.org}/members/${t.admin}`, owner, { role })).statusCode).toBe(200);
    await demote('member');
    expect(await report()).toEqual(as('member'));
    await demote('viewer');
    expect(await report()).toEqual(as('viewer'));
    await demote('admin');
    expect(await report()).toEqual(as('admin'));
  });

  it('left: the key is refused with 401 PS424', async () => {
    const { t, admin, report } = await delegated();
    expect((await call('POST', `/v1/orgs/${t.org}/leave`, admin)).statusCode).toBe(204);
    expect(await report()).toEqual(refused);
  });

  it('removed: the key is refused with 401 PS424', async () => {
    const { t, owner, report } = await delegated();
    expect((await call('DELETE', `/v1/orgs/${t.org}/members/${t.admin}`, owner)).statusCode).toBe(204);
    expect(await report()).toEqual(refused);
  });
});

/**
 * Provider delegation in the database (src/providers/sql, app.delegated_roles): who acts in a
 * client organisation and at which role, the workspace limit, everything that ends it, the audit
 * trail on both sides, and the races between a delegate's act and its revocation (server only:
 * PGlite has one connection). Each test builds its own client and provider organisations, written
 * directly as the superuser and then changed through the RPCs as their owners and admins would.
 */
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { openPostgres } from '../db/postgres.ts';
import { type Principal, withPrincipal } from '../db/principal.ts';
import type { Database } from '../db/types.ts';
import { describeEngines } from '../testing/engines.ts';
import { outcome, raceBehindLock } from '../testing/races.ts';

const as = (userId: string): Principal => ({ kind: 'user', userId });

type Role = 'owner' | 'admin' | 'member' | 'viewer';

interface World {
  client: string;
  provider: string;
  /** The client's people. */
  c: Record<'owner' | 'admin', string>;
  /** The provider's people, one per role. */
  p: Record<Role, string>;
  workspaces: [string, string];
}

async function world(db: Database): Promise<World> {
  const tag = randomBytes(4).toString('hex');
  const user = async (kind: string) =>
    (
      await db.query<{ id: string }>('insert into auth.users (email) values ($1) returning id', [
        `${kind}-${tag}@providers.test`,
      ])
    ).rows[0]!.id;
  const org = async (name: string) =>
    (await db.query<{ id: string }>('insert into public.organisations (name) values ($1) returning id', [name]))
      .rows[0]!.id;
  const member = (o: string, u: string, role: string) =>
    db.query(`insert into public.organisation_members (org_id, user_id, role) values ($1, $2, $3)`, [o, u, role]);
  const client = await org(`Client ${tag}`);
  const provider = await org(`Provider ${tag}`);
  const c = { owner: await user('c-owner'), admin: await user('c-admin') };
  const p = {
    owner: await user('p-owner'),
    admin: await user('p-admin'),
    member: await user('p-member'),
    viewer: await user('p-viewer'),
  };
  await member(client, c.owner, 'owner');
  await member(client, c.admin, 'admin');
  for (const role of ['owner', 'admin', 'member', 'viewer'] as const) await member(provider, p[role], role);
  const { rows } = await db.query<{ id: string }>(
    `insert into public.workspaces (org_id, name) values ($1, 'One'), ($1, 'Two') returning id`,
    [client],
  );
  return { client, provider, c, p, workspaces: [rows[0]!.id, rows[1]!.id] };
}

/** Grants access (as the client's owner), pending until the provider accepts; returns the delegation id. */
const grant = (
  db: Database,
  w: World,
  ceiling: 'viewer' | 'member' | 'admin',
  opts: { workspaces?: string[]; expires?: Date } = {},
) =>
  withPrincipal(
    db,
    as(w.c.owner),
    async (tx) =>
      (
        await tx.query<{ id: string }>('select public.grant_provider_access($1, $2, $3, $4, $5) as id', [
          w.client,
          w.provider,
          ceiling,
          opts.expires ?? null,
          opts.workspaces ?? null,
        ])
      ).rows[0]!.id,
  );

/** Grants and accepts (as the provider's admin); returns the delegation id. */
async function delegate(
  db: Database,
  w: World,
  ceiling: 'viewer' | 'member' | 'admin',
  opts: { workspaces?: string[] } = {},
) {
  const id = await grant(db, w, ceiling, opts);
  await withPrincipal(db, as(w.p.admin), (tx) =>
    tx.query('select public.accept_provider_access($1, $2)', [w.provider, id]),
  );
  return id;
}

const assign = (
  db: Database,
  w: World,
  delegation: string,
  role: string,
  target: { user: string } | { providerRole: Role },
) =>
  withPrincipal(db, as(w.p.admin), (tx) =>
    tx.query('select public.assign_provider_member($1, $2, $3, $4, $5)', [
      w.provider,
      delegation,
      role,
      'user' in target ? target.user : null,
      'providerRole' in target ? target.providerRole : null,
    ]),
  );

/**
 * The role `user` holds in the client through delegations: the highest threshold it passes. Read
 * twice, across every organisation and acting in the client (as a request to the client's routes
 * does): the two ways of loading the sets must agree.
 */
async function roleIn(db: Database, w: World, user: string): Promise<string | null> {
  const read = (opts: { actingOrgId?: string }) =>
    withPrincipal(
      db,
      as(user),
      async (tx) => {
        const { rows } = await tx.query<{ role: string | null }>(
          `select case when $1::uuid = any (app.caller_org_ids('owner')) then 'owner'
                       when $1::uuid = any (app.caller_org_ids('admin')) then 'admin'
                       when $1::uuid = any (app.caller_org_ids('member')) then 'member'
                       when $1::uuid = any (app.caller_org_ids('viewer')) then 'viewer' end as role`,
          [w.client],
        );
        return rows[0]!.role;
      },
      opts,
    );
  const across = await read({});
  expect(await read({ actingOrgId: w.client }), 'acting in the client').toBe(across);
  return across;
}

/** How many rows `user` sees; the same acting in `acting` (the client, usually), or the test fails. */
const sees = async (db: Database, user: string, sql: string, params: unknown[] = [], acting = params[0]) => {
  const count = (opts: { actingOrgId?: string }) =>
    withPrincipal(db, as(user), async (tx) => (await tx.query(sql, params)).rows.length, opts);
  const across = await count({});
  if (typeof acting === 'string') expect(await count({ actingOrgId: acting }), `acting in ${acting}`).toBe(across);
  return across;
};

describeEngines('provider delegation', (ctx) => {
  const serverOnly = it.skipIf(ctx.engine === 'pglite');

  it('gives the lowest of the ceiling, the provider role and the assignment, never owner', async () => {
    const w = await world(ctx.db);
    const d = await delegate(ctx.db, w, 'member');
    await assign(ctx.db, w, d, 'admin', { user: w.p.owner }); // capped by the ceiling: member
    await assign(ctx.db, w, d, 'viewer', { user: w.p.admin }); // capped by the assignment: viewer
    await assign(ctx.db, w, d, 'admin', { user: w.p.viewer }); // capped by the provider role: viewer
    expect(await roleIn(ctx.db, w, w.p.owner)).toBe('member');
    expect(await roleIn(ctx.db, w, w.p.admin)).toBe('viewer');
    expect(await roleIn(ctx.db, w, w.p.viewer)).toBe('viewer');
    expect(await roleIn(ctx.db, w, w.p.member)).toBeNull(); // not assigned
    // "every member holding at least member": the member and up, at most the assignment's role.
    await assign(ctx.db, w, d, 'member', { providerRole: 'member' });
    expect(await roleIn(ctx.db, w, w.p.member)).toBe('member');
    expect(await roleIn(ctx.db, w, w.p.admin)).toBe('member'); // the higher of its two assignments
    expect(await roleIn(ctx.db, w, w.p.viewer)).toBe('viewer');
    // Raising the ceiling to admin still never makes anyone an owner of the client.
    await withPrincipal(ctx.db, as(w.c.owner), (tx) =>
      tx.query("select public.change_provider_access($1, $2, 'admin')", [w.client, d]),
    );
    expect(await roleIn(ctx.db, w, w.p.owner)).toBe('admin');
  });

  it('is pending, and gives nothing, until the provider accepts it', async () => {
    const w = await world(ctx.db);
    const d = await grant(ctx.db, w, 'admin');
    await assign(ctx.db, w, d, 'admin', { user: w.p.member });
    expect(await roleIn(ctx.db, w, w.p.member)).toBeNull();
    await withPrincipal(ctx.db, as(w.p.owner), (tx) =>
      tx.query('select public.accept_provider_access($1, $2)', [w.provider, d]),
    );
    expect(await roleIn(ctx.db, w, w.p.member)).toBe('member');
  });

  it('ends with revocation, expiry, unassignment, suspension or removal in the provider, and either deletion', async () => {
    const ends: [string, (w: World, d: string) => Promise<unknown>][] = [
      [
        'revoked',
        (w, d) =>
          withPrincipal(ctx.db, as(w.c.owner), (tx) =>
            tx.query('select public.revoke_provider_access($1, $2)', [w.client, d]),
          ),
      ],
      [
        'expired',
        (_w, d) =>
          ctx.db.query(
            `update public.provider_delegations set expires_at = now() - interval '1 second' where id = $1`,
            [d],
          ),
      ],
      [
        'unassigned',
        async (w, d) => {
          const { rows } = await ctx.db.query<{ id: string }>(
            'select id from public.provider_assignments where delegation_id = $1',
            [d],
          );
          await withPrincipal(ctx.db, as(w.p.admin), (tx) =>
            tx.query('select public.unassign_provider_member($1, $2, $3)', [w.provider, d, rows[0]!.id]),
          );
        },
      ],
      [
        'suspended in the provider',
        (w) =>
          withPrincipal(ctx.db, as(w.p.admin), (tx) =>
            tx.query('select public.suspend_member($1, $2)', [w.provider, w.p.member]),
          ),
      ],
      [
        'removed from the provider',
        (w) =>
          withPrincipal(ctx.db, as(w.p.admin), (tx) =>
            tx.query('select public.remove_member($1, $2)', [w.provider, w.p.member]),
          ),
      ],
      [
        'client deleted',
        (w) =>
          withPrincipal(ctx.db, as(w.c.owner), (tx) =>
            tx.query('select * from public.delete_organisation($1)', [w.client]),
          ),
      ],
      [
        'provider deleted',
        (w) =>
          withPrincipal(ctx.db, as(w.p.owner), (tx) =>
            tx.query('select * from public.delete_organisation($1)', [w.provider]),
          ),
      ],
    ];
    for (const [what, end] of ends) {
      const w = await world(ctx.db);
      const d = await delegate(ctx.db, w, 'admin');
      await assign(ctx.db, w, d, 'member', { user: w.p.member });
      expect(await roleIn(ctx.db, w, w.p.member), `${what}: before`).toBe('member');
      await end(w, d);
      expect(await roleIn(ctx.db, w, w.p.member), `${what}: after`).toBeNull();
      expect(await sees(ctx.db, w.p.member, 'select 1 from public.projects where org_id = $1', [w.client])).toBe(0);
      expect(
        await outcome(
          withPrincipal(ctx.db, as(w.p.member), (tx) =>
            tx.query("select public.create_project($1, $2, 'After')", [w.client, w.workspaces[0]]),
          ),
        ),
        what,
      ).toBe('PS404');
    }
  });

  it('limited to a workspace, reaches that workspace and its projects and nothing else of the client', async () => {
    const w = await world(ctx.db);
    const [one, two] = w.workspaces;
    const d = await delegate(ctx.db, w, 'admin', { workspaces: [one] });
    await assign(ctx.db, w, d, 'member', { user: w.p.member });
    for (const ws of [one, two])
      await ctx.db.query(`insert into public.projects (org_id, workspace_id, name) values ($1, $2, 'P')`, [
        w.client,
        ws,
      ]);
    const m = w.p.member;
    expect(await roleIn(ctx.db, w, m)).toBeNull(); // in none of the organisation-wide sets
    expect(await sees(ctx.db, m, 'select id from public.workspaces where org_id = $1', [w.client])).toBe(1);
    expect(
      await sees(ctx.db, m, 'select 1 from public.projects where org_id = $1 and workspace_id = $2', [w.client, one]),
    ).toBe(1);
    expect(
      await sees(ctx.db, m, 'select 1 from public.projects where org_id = $1 and workspace_id = $2', [w.client, two]),
    ).toBe(0);
    for (const table of ['organisations where id', 'organisation_members where org_id', 'api_keys where org_id'])
      expect(await sees(ctx.db, m, `select 1 from public.${table} = $1`, [w.client]), table).toBe(0);
    const create = (ws: string) =>
      outcome(
        withPrincipal(ctx.db, as(m), (tx) =>
          tx.query("select public.create_project($1, $2, 'Scoped')", [w.client, ws]),
        ),
      );
    expect(await create(one)).toBe('ok');
    expect(await create(two)).toBe('PS404');
    // Direct writes through the policies: a project in its workspace, none in the other.
    const insert = (ws: string) =>
      withPrincipal(ctx.db, as(m), (tx) =>
        tx.query(`insert into public.projects (org_id, workspace_id, name) values ($1, $2, 'Direct')`, [w.client, ws]),
      );
    await expect(insert(one)).resolves.toBeDefined();
    await expect(insert(two)).rejects.toMatchObject({ code: '42501' });
    // Widening to the whole organisation (an empty list) puts the client in the member set.
    await withPrincipal(ctx.db, as(w.c.owner), (tx) =>
      tx.query("select public.change_provider_access($1, $2, 'admin', null, '{}')", [w.client, d]),
    );
    expect(await roleIn(ctx.db, w, m)).toBe('member');
  });

  it('a change sets only what it names, and refuses one made against a version no longer current', async () => {
    const w = await world(ctx.db);
    const d = await delegate(ctx.db, w, 'member');
    const row = async () =>
      (
        await ctx.db.query<{ role_ceiling: string; expires_at: Date | null; v: string }>(
          `select role_ceiling, expires_at, (extract(epoch from updated_at) * 1000000)::bigint::text as v
             from public.provider_delegations where id = $1`,
          [d],
        )
      ).rows[0]!;
    const change = (args: unknown[]) =>
      withPrincipal(ctx.db, as(w.c.owner), (tx) =>
        tx.query('select public.change_provider_access($1, $2, $3, $4, $5, $6, $7)', [w.client, d, ...args]),
      ).then(
        () => 'ok',
        (e: { code?: string; column?: string }) => `${e.code} ${e.column ?? ''}`.trim(),
      );
    const later = new Date(Math.floor(Date.now() / 1000) * 1000 + 86_400_000);
    expect(await change([null, later, null, false, null])).toBe('ok');
    expect(await row()).toMatchObject({ role_ceiling: 'member', expires_at: later });
    const read = (await row()).v;
    expect(await change(['viewer', null, null, false, [read]])).toBe('ok');
    expect(await row()).toMatchObject({ role_ceiling: 'viewer', expires_at: later });
    // The version read before the last change is no longer current.
    expect(await change(['admin', null, null, false, [read]])).toBe('PS412');
    expect(await change([null, later, null, true, null])).toBe('PS422 expires_at');
    expect(await change([null, null, null, true, null])).toBe('ok');
    expect(await row()).toMatchObject({ role_ceiling: 'viewer', expires_at: null });
    // An expired delegation's ceiling can still be changed without naming the expiry.
    await ctx.db.query(
      `update public.provider_delegations set expires_at = now() - interval '1 second' where id = $1`,
      [d],
    );
    expect(await change(['member', null, null, false, null])).toBe('ok');
  });

  it('refuses a bad grant, naming the field, and writes nothing', async () => {
    const w = await world(ctx.db);
    const other = (await world(ctx.db)).workspaces[0];
    const grant = (args: unknown[]) =>
      withPrincipal(ctx.db, as(w.c.owner), (tx) =>
        tx.query('select public.grant_provider_access($1, $2, $3, $4, $5)', [w.client, ...args]),
      ).then(
        () => 'ok',
        (e: { code?: string; column?: string }) => `${e.code} ${e.column}`,
      );
    expect(await grant([w.provider, 'owner', null, null])).toBe('PS422 role_ceiling');
    expect(await grant([w.provider, null, null, null])).toBe('PS422 role_ceiling');
    expect(await grant([w.provider, 'admin', new Date(Date.now() - 1000), null])).toBe('PS422 expires_at');
    expect(await grant([w.client, 'admin', null, null])).toBe('PS422 provider_org_id');
    expect(await grant([null, 'admin', null, null])).toBe('PS422 provider_org_id');
    expect(await grant([crypto.randomUUID(), 'admin', null, null])).toBe('PS404 provider_org_id');
    expect(await grant([w.provider, 'admin', null, [other]])).toBe('PS404 workspace_ids');
    const { rows } = await ctx.db.query('select 1 from public.provider_delegations where org_id = $1', [w.client]);
    expect(rows).toHaveLength(0);
  });

  it("passes on no further: a provider's own provider neither reaches its clients nor manages its delegations", async () => {
    const w = await world(ctx.db);
    const d = await delegate(ctx.db, w, 'admin');
    await assign(ctx.db, w, d, 'admin', { user: w.p.admin });
    // The provider is itself a client of an outer provider, whose admin acts in it as admin.
    const outer = await world(ctx.db);
    const asClient: World = { ...outer, client: w.provider, c: { owner: w.p.owner, admin: w.p.admin } };
    const d2 = await delegate(ctx.db, asClient, 'admin');
    await assign(ctx.db, asClient, d2, 'admin', { user: outer.p.admin });
    expect(await roleIn(ctx.db, asClient, outer.p.admin)).toBe('admin');
    expect(await roleIn(ctx.db, w, outer.p.admin)).toBeNull();
    for (const sql of [
      "select public.assign_provider_member($1, $2, 'admin', $3)",
      'select * from public.provider_clients($1)',
    ])
      expect(
        await outcome(
          withPrincipal(ctx.db, as(outer.p.admin), (tx) =>
            tx.query(sql, sql.includes('assign') ? [w.provider, d, outer.p.admin] : [w.provider]),
          ),
        ),
        sql,
      ).toBe('PS404');
  });

  it("records acts through a delegation in the client's chain, naming provider and person; the grant's life in both chains", async () => {
    const w = await world(ctx.db);
    const d = await delegate(ctx.db, w, 'admin');
    await assign(ctx.db, w, d, 'member', { user: w.p.member });
    await withPrincipal(ctx.db, as(w.p.member), (tx) =>
      tx.query("select public.create_project($1, $2, 'Delegated')", [w.client, w.workspaces[0]]),
    );
    await withPrincipal(ctx.db, as(w.c.owner), (tx) =>
      tx.query('select public.revoke_provider_access($1, $2)', [w.client, d]),
    );
    const { rows: act } = await ctx.db.query<{ actor_id: string; details: { via_provider?: unknown } }>(
      `select actor_id, details from public.audit_log where org_id = $1 and action = 'projects.insert'`,
      [w.client],
    );
    expect(act).toEqual([
      { actor_id: w.p.member, details: { via_provider: { provider_org_id: w.provider, delegation_id: d } } },
    ]);
    const actions = async (org: string) =>
      (
        await ctx.db.query<{ action: string }>(
          `select action from public.audit_log where org_id = $1 and target_table = 'public.provider_delegations' order by seq`,
          [org],
        )
      ).rows.map((r) => r.action);
    expect(await actions(w.client)).toEqual([
      'provider_delegations.insert',
      'provider_delegations.update',
      'provider_delegations.update',
    ]);
    expect(await actions(w.provider)).toEqual([
      'provider_delegation.granted',
      'provider_delegation.accepted',
      'provider_delegation.revoked',
    ]);
  });

  async function withPool<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    const db = openPostgres({ url: ctx.url!, max: 4 });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }

  serverOnly('a revocation waits for a delegate’s act in flight, and the next act is refused', async () => {
    await withPool(async (db) => {
      const w = await world(db);
      const d = await delegate(db, w, 'admin');
      await assign(db, w, d, 'member', { user: w.p.member });
      const second = await raceBehindLock(
        db,
        as(w.p.member),
        (tx) => tx.query("select public.create_project($1, $2, 'In flight')", [w.client, w.workspaces[0]]),
        as(w.c.owner),
        (tx) => tx.query('select public.revoke_provider_access($1, $2)', [w.client, d]),
      );
      expect(second).toBe('ok');
      expect(
        await outcome(
          withPrincipal(db, as(w.p.member), (tx) =>
            tx.query("select public.create_project($1, $2, 'After')", [w.client, w.workspaces[0]]),
          ),
        ),
      ).toBe('PS404');
      const { rows } = await db.query('select 1 from public.projects where org_id = $1', [w.client]);
      expect(rows).toHaveLength(1);
    });
  });

  serverOnly('a suspension in the provider waits for the delegate’s act in flight', async () => {
    await withPool(async (db) => {
      const w = await world(db);
      const d = await delegate(db, w, 'admin');
      await assign(db, w, d, 'member', { user: w.p.member });
      const second = await raceBehindLock(
        db,
        as(w.p.member),
        (tx) => tx.query("select public.create_project($1, $2, 'In flight')", [w.client, w.workspaces[0]]),
        as(w.p.admin),
        (tx) => tx.query('select public.suspend_member($1, $2)', [w.provider, w.p.member]),
      );
      expect(second).toBe('ok');
      expect(await roleIn(db, w, w.p.member)).toBeNull();
    });
  });

  serverOnly('an acceptance racing a revocation: whichever commits second sees the first', async () => {
    await withPool(async (db) => {
      const w = await world(db);
      const d = await grant(db, w, 'admin');
      // The revocation holds the row; the acceptance waits, then finds it revoked.
      const accepted = await raceBehindLock(
        db,
        as(w.c.owner),
        (tx) => tx.query('select public.revoke_provider_access($1, $2)', [w.client, d]),
        as(w.p.admin),
        (tx) => tx.query('select public.accept_provider_access($1, $2)', [w.provider, d]),
      );
      expect(accepted).toBe('PS404');
      const { rows } = await db.query<{ status: string }>(
        'select status from public.provider_delegations where id = $1',
        [d],
      );
      expect(rows[0]!.status).toBe('revoked');
    });
  });
});

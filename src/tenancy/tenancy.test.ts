import { expect, it } from 'vitest';
import { type Principal, withPrincipal } from '../db/principal.ts';
import type { Database } from '../db/types.ts';
import { DEMO } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
const as = (userId: string): Principal => ({ kind: 'user', userId });

async function run<T = Record<string, unknown>>(
  db: Database,
  p: Principal,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return withPrincipal(db, p, async (tx) => (await tx.query<T>(sql, params)).rows);
}

async function one<T>(db: Database, p: Principal, sql: string, params: unknown[] = []): Promise<T> {
  const rows = await run<{ v: T }>(db, p, sql, params);
  return rows[0]!.v;
}

async function refusal(promise: Promise<unknown>): Promise<{ code?: string; column?: string; message?: string }> {
  const outcome = await promise.then(
    () => null,
    (e: unknown) => e as { code?: string; column?: string; message?: string },
  );
  if (!outcome) throw new Error('expected the database to refuse, but it succeeded');
  return outcome;
}

async function newUser(db: Database, email: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>('insert into auth.users (email) values ($1) returning id', [email]);
  return rows[0]!.id;
}

async function membership(db: Database, org: string, user: string) {
  const { rows } = await db.query<{ role: string; status: string }>(
    'select role, status from public.organisation_members where org_id = $1 and user_id = $2',
    [org, user],
  );
  return rows[0] ?? null;
}

describeEngines('tenancy RPCs', (ctx) => {
  it('creating an organisation makes the caller its owner and creates a default workspace', async () => {
    const org = await one<string>(ctx.db, as(DEMO.loner.id), 'select public.create_organisation($1) as v', [
      'Loner Ltd',
    ]);
    expect(await membership(ctx.db, org, DEMO.loner.id)).toEqual({ role: 'owner', status: 'active' });
    const ws = await run(ctx.db, as(DEMO.loner.id), 'select is_default from public.workspaces where org_id = $1', [
      org,
    ]);
    expect(ws).toEqual([{ is_default: true }]);
  });

  it('a blank organisation name is refused naming the field, and nothing is left behind', async () => {
    const before = (await ctx.db.query('select id from public.organisations')).rows.length;
    const err = await refusal(run(ctx.db, as(DEMO.loner.id), 'select public.create_organisation($1)', ['  ']));
    expect(err).toMatchObject({ code: 'PS422', column: 'name' });
    expect((await ctx.db.query('select id from public.organisations')).rows.length).toBe(before);
  });

  it('a taken slug is a conflict naming the slug', async () => {
    const err = await refusal(
      run(ctx.db, as(DEMO.loner.id), 'select public.create_organisation($1, $2)', ['Copy', 'acme']),
    );
    expect(err).toMatchObject({ code: 'PS409', column: 'slug' });
  });

  it('anonymous callers and API keys cannot create organisations', async () => {
    expect((await refusal(run(ctx.db, { kind: 'anonymous' }, "select public.create_organisation('X')"))).code).toBe(
      '42501',
    );
    const key: Principal = { kind: 'api_key', keyId: A.apiKey, orgId: A.id, role: 'member' };
    expect((await refusal(run(ctx.db, key, "select public.create_organisation('X')"))).code).toBe('PS401');
  });

  it('an invitation is accepted once, by the invited address, and makes an active member', async () => {
    const invitee = await newUser(ctx.db, 'newcomer@acme.test');
    const [inv] = await run<{ invitation_id: string; token: string }>(
      ctx.db,
      as(A.users.admin.id),
      'select * from public.invite_member($1, $2, $3)',
      [A.id, 'Newcomer@Acme.test', 'viewer'],
    );
    expect(inv!.token).toMatch(/^inv_[0-9a-f]{64}$/);
    // Only the hash is stored.
    const stored = await ctx.db.query<{ h: string }>(
      "select encode(token_hash, 'hex') as h from public.invitations where id = $1",
      [inv!.invitation_id],
    );
    expect(stored.rows[0]!.h).not.toContain(inv!.token.slice(4));
    // No membership before acceptance: inviting does not reveal that the address has an account.
    expect(await membership(ctx.db, A.id, invitee)).toBeNull();

    const wrongPerson = await refusal(
      run(ctx.db, as(DEMO.loner.id), 'select public.accept_invitation($1)', [inv!.token]),
    );
    expect(wrongPerson).toMatchObject({ code: 'PS403', column: 'token' });
    expect(await one(ctx.db, as(invitee), 'select public.accept_invitation($1) as v', [inv!.token])).toBe(A.id);
    expect(await membership(ctx.db, A.id, invitee)).toEqual({ role: 'viewer', status: 'active' });
    const again = await refusal(run(ctx.db, as(invitee), 'select public.accept_invitation($1)', [inv!.token]));
    expect(again).toMatchObject({ code: 'PS409', column: 'token' });
  });

  it('expired, revoked and unknown invitation tokens are refused', async () => {
    const invitee = await newUser(ctx.db, 'late@acme.test');
    const [inv] = await run<{ invitation_id: string; token: string }>(
      ctx.db,
      as(A.users.owner.id),
      'select * from public.invite_member($1, $2)',
      [A.id, 'late@acme.test'],
    );
    await ctx.db.query("update public.invitations set expires_at = now() - interval '1 minute' where id = $1", [
      inv!.invitation_id,
    ]);
    expect(await refusal(run(ctx.db, as(invitee), 'select public.accept_invitation($1)', [inv!.token]))).toMatchObject({
      code: 'PS410',
    });

    const [inv2] = await run<{ invitation_id: string; token: string }>(
      ctx.db,
      as(A.users.owner.id),
      'select * from public.invite_member($1, $2)',
      [A.id, 'late@acme.test'],
    );
    await run(ctx.db, as(A.users.admin.id), 'select public.revoke_invitation($1, $2)', [A.id, inv2!.invitation_id]);
    expect(await refusal(run(ctx.db, as(invitee), 'select public.accept_invitation($1)', [inv2!.token]))).toMatchObject(
      { code: 'PS410' },
    );
    expect(await membership(ctx.db, A.id, invitee)).toBeNull();
    expect(await refusal(run(ctx.db, as(invitee), 'select public.accept_invitation($1)', ['inv_nope']))).toMatchObject({
      code: 'PS404',
    });
  });

  it('invitations check role, address and rights', async () => {
    const admin = as(A.users.admin.id);
    expect(
      await refusal(run(ctx.db, admin, 'select public.invite_member($1, $2, $3)', [A.id, 'x@acme.test', 'owner'])),
    ).toMatchObject({ code: 'PS403', column: 'role' });
    expect(
      await refusal(run(ctx.db, admin, 'select public.invite_member($1, $2, $3)', [A.id, 'x@acme.test', 'boss'])),
    ).toMatchObject({ code: 'PS422', column: 'role' });
    expect(
      await refusal(run(ctx.db, admin, 'select public.invite_member($1, $2)', [A.id, 'not-an-address'])),
    ).toMatchObject({ code: 'PS422', column: 'email' });
    expect(
      await refusal(run(ctx.db, admin, 'select public.invite_member($1, $2)', [A.id, A.users.member.email])),
    ).toMatchObject({ code: 'PS409', column: 'email' });
    expect(
      await refusal(run(ctx.db, as(A.users.member.id), 'select public.invite_member($1, $2)', [A.id, 'x@acme.test'])),
    ).toMatchObject({ code: 'PS403' });
    // Another organisation is not found, never forbidden: its existence is not confirmed.
    expect(
      await refusal(run(ctx.db, admin, 'select public.invite_member($1, $2)', [B.id, 'x@acme.test'])),
    ).toMatchObject({ code: 'PS404', column: 'org_id' });
    expect(
      await refusal(run(ctx.db, admin, 'select public.invite_member($1, $2)', [null, 'x@acme.test'])),
    ).toMatchObject({ code: 'PS422', column: 'org_id' });
  });

  it('admins cannot grant, change or remove ownership; owners can', async () => {
    const admin = as(A.users.admin.id);
    expect(
      await refusal(
        run(ctx.db, admin, 'select public.change_member_role($1, $2, $3)', [A.id, A.users.member.id, 'owner']),
      ),
    ).toMatchObject({ code: 'PS403', column: 'role' });
    expect(
      await refusal(
        run(ctx.db, admin, 'select public.change_member_role($1, $2, $3)', [A.id, A.users.owner.id, 'member']),
      ),
    ).toMatchObject({ code: 'PS403', column: 'user_id' });
    expect(
      await refusal(run(ctx.db, admin, 'select public.remove_member($1, $2)', [A.id, A.users.owner.id])),
    ).toMatchObject({ code: 'PS403' });
    expect(
      await refusal(run(ctx.db, admin, 'select public.suspend_member($1, $2)', [A.id, A.users.owner.id])),
    ).toMatchObject({ code: 'PS403' });
    await run(ctx.db, admin, 'select public.change_member_role($1, $2, $3)', [A.id, A.users.viewer.id, 'member']);
    expect(await membership(ctx.db, A.id, A.users.viewer.id)).toMatchObject({ role: 'member' });
    await run(ctx.db, admin, 'select public.change_member_role($1, $2, $3)', [A.id, A.users.viewer.id, 'viewer']);
  });

  it('the last owner can never be demoted, suspended, removed or leave', async () => {
    const owner = as(A.users.owner.id);
    expect(
      await refusal(
        run(ctx.db, owner, 'select public.change_member_role($1, $2, $3)', [A.id, A.users.owner.id, 'admin']),
      ),
    ).toMatchObject({ code: 'PS423' });
    expect(await refusal(run(ctx.db, owner, 'select public.leave_organisation($1)', [A.id]))).toMatchObject({
      code: 'PS423',
    });
    expect(
      await refusal(run(ctx.db, owner, 'select public.remove_member($1, $2)', [A.id, A.users.owner.id])),
    ).toMatchObject({ code: 'PS423' });
    // Even an operator's direct write is refused by the trigger.
    expect(
      await refusal(
        run(
          ctx.db,
          { kind: 'service' },
          "update public.organisation_members set role = 'admin' where org_id = $1 and user_id = $2",
          [A.id, A.users.owner.id],
        ),
      ),
    ).toMatchObject({ code: 'PS423' });
    // With a second owner, the first may step down.
    await run(ctx.db, owner, 'select public.change_member_role($1, $2, $3)', [A.id, A.users.admin.id, 'owner']);
    await run(ctx.db, owner, 'select public.change_member_role($1, $2, $3)', [A.id, A.users.owner.id, 'admin']);
    expect(await membership(ctx.db, A.id, A.users.owner.id)).toMatchObject({ role: 'admin' });
    await run(ctx.db, as(A.users.admin.id), 'select public.change_member_role($1, $2, $3)', [
      A.id,
      A.users.owner.id,
      'owner',
    ]);
    await run(ctx.db, owner, 'select public.change_member_role($1, $2, $3)', [A.id, A.users.admin.id, 'admin']);
  });

  it('a suspended member loses access at once and regains it when reactivated', async () => {
    const admin = as(A.users.admin.id);
    const viewer = as(A.users.viewer.id);
    const visible = async () => (await run(ctx.db, viewer, 'select id from public.workspaces')).length;
    expect(await visible()).toBeGreaterThan(0);
    await run(ctx.db, admin, 'select public.suspend_member($1, $2)', [A.id, A.users.viewer.id]);
    expect(await visible()).toBe(0);
    expect(
      await refusal(run(ctx.db, admin, 'select public.suspend_member($1, $2)', [A.id, A.users.viewer.id])),
    ).toMatchObject({ code: 'PS409' });
    await run(ctx.db, admin, 'select public.reactivate_member($1, $2)', [A.id, A.users.viewer.id]);
    expect(await visible()).toBeGreaterThan(0);
    expect(
      await refusal(run(ctx.db, admin, 'select public.suspend_member($1, $2)', [A.id, A.users.admin.id])),
    ).toMatchObject({ code: 'PS422', column: 'user_id' });
  });

  it('a member can leave, and then sees nothing of the organisation', async () => {
    const user = await newUser(ctx.db, 'leaver@acme.test');
    await ctx.db.query("insert into public.organisation_members (org_id, user_id, role) values ($1, $2, 'member')", [
      A.id,
      user,
    ]);
    await run(ctx.db, as(user), 'select public.leave_organisation($1)', [A.id]);
    expect(await run(ctx.db, as(user), 'select id from public.organisations')).toEqual([]);
    expect(await refusal(run(ctx.db, as(user), 'select public.leave_organisation($1)', [A.id]))).toMatchObject({
      code: 'PS404',
    });
  });

  it('members create projects and own them; viewers cannot; workspaces of another organisation are not found', async () => {
    const member = as(A.users.member.id);
    const proj = await one<string>(ctx.db, member, 'select public.create_project($1, $2, $3) as v', [
      A.id,
      A.defaultWorkspace,
      'Member project',
    ]);
    const pm = await run(
      ctx.db,
      member,
      'select role from public.project_members where org_id = $1 and project_id = $2',
      [A.id, proj],
    );
    expect(pm).toEqual([{ role: 'owner' }]);
    expect(
      await refusal(
        run(ctx.db, as(A.users.viewer.id), 'select public.create_project($1, $2, $3)', [A.id, A.defaultWorkspace, 'X']),
      ),
    ).toMatchObject({ code: 'PS403' });
    expect(
      await refusal(run(ctx.db, member, 'select public.create_project($1, $2, $3)', [A.id, B.defaultWorkspace, 'X'])),
    ).toMatchObject({ code: 'PS404', column: 'workspace_id' });
    // As the project's owner, the member may now add colleagues to it.
    await run(ctx.db, member, 'select public.add_project_member($1, $2, $3, $4)', [
      A.id,
      proj,
      A.users.viewer.id,
      'viewer',
    ]);
    expect(
      await refusal(
        run(ctx.db, member, 'select public.add_project_member($1, $2, $3, $4)', [
          A.id,
          proj,
          B.users.member.id,
          'viewer',
        ]),
      ),
    ).toMatchObject({ code: 'PS422', column: 'user_id' });
    expect(
      await refusal(
        run(ctx.db, member, 'select public.add_project_member($1, $2, $3, $4)', [
          A.id,
          proj,
          A.users.viewer.id,
          'viewer',
        ]),
      ),
    ).toMatchObject({ code: 'PS409' });
    expect(
      await refusal(
        run(ctx.db, as(A.users.viewer.id), 'select public.add_project_member($1, $2, $3, $4)', [
          A.id,
          proj,
          A.users.admin.id,
          'viewer',
        ]),
      ),
    ).toMatchObject({ code: 'PS403' });
  });

  it('workspaces are created by owners and admins only', async () => {
    const ws = await one<string>(ctx.db, as(A.users.admin.id), 'select public.create_workspace($1, $2) as v', [
      A.id,
      'Ops',
    ]);
    expect(ws).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      await refusal(run(ctx.db, as(A.users.member.id), 'select public.create_workspace($1, $2)', [A.id, 'Ops'])),
    ).toMatchObject({ code: 'PS403' });
    expect(
      await refusal(run(ctx.db, as(A.users.admin.id), 'select public.create_workspace($1, $2)', [A.id, ''])),
    ).toMatchObject({ code: 'PS422', column: 'name' });
  });
});

describeEngines('cross-tenant attacks', (ctx) => {
  const owner = as(A.users.owner.id);

  it("a project cannot point at another organisation's workspace", async () => {
    const err = await refusal(
      run(ctx.db, owner, 'insert into public.projects (org_id, workspace_id, name) values ($1, $2, $3)', [
        A.id,
        B.defaultWorkspace,
        'Sneaky',
      ]),
    );
    expect(err.code).toBe('23503');
    const moved = await refusal(
      run(ctx.db, owner, 'update public.projects set workspace_id = $3 where org_id = $1 and id = $2', [
        A.id,
        A.project,
        B.defaultWorkspace,
      ]),
    );
    expect(['23503', '42501']).toContain(moved.code);
  });

  it("a project member cannot reference another organisation's project or person", async () => {
    const err = await refusal(
      run(
        ctx.db,
        owner,
        "insert into public.project_members (org_id, project_id, user_id, role) values ($1, $2, $3, 'viewer')",
        [A.id, B.project, A.users.admin.id],
      ),
    );
    expect(err.code).toBe('23503');
    const person = await refusal(
      run(
        ctx.db,
        owner,
        "insert into public.project_members (org_id, project_id, user_id, role) values ($1, $2, $3, 'viewer')",
        [A.id, A.project, B.users.member.id],
      ),
    );
    expect(person.code).toBe('23503');
  });

  it('an insert naming another organisation is refused by the policy', async () => {
    const err = await refusal(
      run(ctx.db, owner, 'insert into public.workspaces (org_id, name) values ($1, $2)', [B.id, 'Planted']),
    );
    expect(err.code).toBe('42501');
  });

  it('no role, not even the service, moves a row to another organisation', async () => {
    const err = await refusal(
      run(ctx.db, { kind: 'service' }, 'update public.workspaces set org_id = $2 where org_id = $1 and id = $3', [
        A.id,
        B.id,
        A.workspace,
      ]),
    );
    expect(err).toMatchObject({ code: 'PS422', column: 'org_id' });
  });

  it('assert_tenant_membership: an organisation that does not exist is not found for every caller, operators included', async () => {
    const missing = '7b1f0c2e-5d4a-4c8e-9f3b-2a6d8e0c1b4f';
    const key: Principal = { kind: 'api_key', keyId: A.apiKey, orgId: A.id, role: 'admin' };
    const admin: Principal = { kind: 'platform_admin', userId: DEMO.platformAdmin.id };
    for (const who of [owner, key, admin, { kind: 'service' } as Principal]) {
      expect(
        await refusal(run(ctx.db, who, 'select public.assert_tenant_membership($1)', [missing])),
        who.kind,
      ).toMatchObject({
        code: 'PS404',
        column: 'org_id',
        message: 'organisation not found',
      });
      // The same caller's own (or, for operators, any existing) organisation passes.
      await run(ctx.db, who, 'select public.assert_tenant_membership($1)', [A.id]);
    }
    for (const who of [admin, { kind: 'service' } as Principal])
      await run(ctx.db, who, 'select public.assert_tenant_membership($1)', [B.id]);
  });

  it('a forged is_platform_admin claim in an ordinary session grants nothing', async () => {
    const forged = { role: 'authenticated' as const, sub: DEMO.loner.id, is_platform_admin: true };
    expect(await run(ctx.db, forged as never, 'select app.is_platform_admin() as v')).toEqual([{ v: false }]);
    expect(await run(ctx.db, forged as never, 'select id from public.organisations')).toEqual([]);
  });

  it('a revoked or expired API key sees nothing', async () => {
    // A key of its own (revocation is one-way, so the demo key is left alone).
    const { rows } = await ctx.db.query<{ id: string }>(
      `insert into public.api_keys (org_id, name, role, key_hash, prefix, created_by)
       values ($1, 'Doomed', 'member', sha256('doomed'::bytea), 'pk_doom', $2) returning id`,
      [A.id, A.users.owner.id],
    );
    const keyId = rows[0]!.id;
    const key: Principal = { kind: 'api_key', keyId, orgId: A.id, role: 'member' };
    expect((await run(ctx.db, key, 'select id from public.workspaces')).length).toBeGreaterThan(0);
    await ctx.db.query("update public.api_keys set expires_at = now() - interval '1 second' where id = $1", [keyId]);
    expect(await run(ctx.db, key, 'select id from public.workspaces')).toEqual([]);
    await ctx.db.query('update public.api_keys set expires_at = null, revoked_at = now() where id = $1', [keyId]);
    expect(await run(ctx.db, key, 'select id from public.workspaces')).toEqual([]);
  });

  it("an API key claim naming a key of another organisation reaches only that key's organisation, whatever org_id it claims", async () => {
    const lying = { role: 'authenticated' as const, api_key_id: A.apiKey, org_id: B.id };
    const orgs = await run<{ org_id: string }>(ctx.db, lying as never, 'select distinct org_id from public.workspaces');
    expect(orgs).toEqual([{ org_id: A.id }]);
  });

  it('policies read the membership sets once per statement (InitPlan, or a hashed SubPlan for workspace grants), not per row', async () => {
    const plan = await withPrincipal(ctx.db, owner, async (tx) =>
      (
        await tx.query<Record<string, string>>(
          'explain (verbose, costs off) select * from public.projects where org_id = $1',
          [A.id],
        )
      ).rows
        .map((r) => Object.values(r)[0])
        .join('\n'),
    );
    expect(plan).toContain("app.caller_org_ids('viewer'");
    expect(plan).toMatch(/InitPlan/);
    // app.caller_workspace_grants (provider delegations limited to workspaces) is a set: the planner
    // hashes it once per statement. A SubPlan referenced without "hashed" would run per row.
    const subplanUses = [...plan.matchAll(/(hashed )?SubPlan \d+\)/g)];
    expect(subplanUses.length).toBeGreaterThan(0);
    for (const use of subplanUses) expect(use[0]).toMatch(/^hashed /);
    expect(plan).toContain("app.caller_workspace_grants('viewer'");
    expect(plan).not.toMatch(/org_ids_with_role|member_org_ids/);
  });

  it('no tenant policy calls the per-statement membership functions any more', async () => {
    const { rows } = await ctx.db.query<{ policy: string }>(
      `select schemaname || '.' || tablename || ' ' || policyname as policy from pg_policies
       where coalesce(qual, '') || coalesce(with_check, '') ~ 'org_ids_with_role|member_org_ids'`,
    );
    expect(rows).toEqual([]);
  });

  it("an organisation created in a transaction is usable by that transaction's next statement (the membership sets are reloaded)", async () => {
    const user = await newUser(ctx.db, `cache-${Date.now()}@cache.test`);
    const seen = await withPrincipal(ctx.db, as(user), async (tx) => {
      // Loads the (empty) sets for this transaction.
      const before = (await tx.query('select id from public.organisations')).rows.length;
      const org = (await tx.query<{ id: string }>('select public.create_organisation($1) as id', ['Cache Ltd']))
        .rows[0]!.id;
      await tx.query('insert into public.workspaces (org_id, name) values ($1, $2)', [org, 'Second']);
      const after = (await tx.query<{ id: string }>('select id from public.organisations')).rows.map((r) => r.id);
      const workspaces = (await tx.query('select id from public.workspaces where org_id = $1', [org])).rows.length;
      return { before, after, org, workspaces };
    });
    expect(seen.before).toBe(0);
    expect(seen.after).toEqual([seen.org]);
    expect(seen.workspaces).toBe(2);
  });

  it('switching claims or role inside a transaction switches the membership sets with them', async () => {
    const seen = await withPrincipal(ctx.db, owner, async (tx) => {
      const first = (await tx.query<{ id: string }>('select id from public.organisations')).rows.map((r) => r.id);
      await tx.query("select set_config('request.jwt.claims', $1, true)", [
        JSON.stringify({ role: 'authenticated', sub: B.users.owner.id }),
      ]);
      const second = (await tx.query<{ id: string }>('select id from public.organisations')).rows.map((r) => r.id);
      // An API key counts only under the authenticated role: the role is part of what the sets belong to.
      await tx.query("select set_config('request.jwt.claims', $1, true), set_config('role', 'anon', true)", [
        JSON.stringify({ role: 'anon', api_key_id: A.apiKey }),
      ]);
      const asAnon = (await tx.query<{ v: string[] }>("select app.caller_org_ids('viewer') as v")).rows[0]!.v;
      await tx.query("select set_config('role', 'authenticated', true)");
      const asKey = (await tx.query<{ v: string[] }>("select app.caller_org_ids('viewer') as v")).rows[0]!.v;
      return { first, second, asAnon, asKey };
    });
    expect(seen.first).toEqual([A.id]);
    expect(seen.second).toEqual([B.id]);
    expect(seen.asAnon).toEqual([]);
    expect(seen.asKey).toEqual([A.id]);
  });

  it('an acting organisation narrows every set to that one organisation and never widens one', async () => {
    // A member of A and a viewer of B (and invited to a third).
    const user = await newUser(ctx.db, `acting-${Date.now()}@cache.test`);
    const invitedTo = await one<string>(ctx.db, as(A.users.owner.id), 'select public.create_organisation($1) as v', [
      'Invited Ltd',
    ]);
    await ctx.db.query(
      `insert into public.organisation_members (org_id, user_id, role, status)
       values ($1, $4, 'member', 'active'), ($2, $4, 'viewer', 'active'), ($3, $4, 'admin', 'invited')`,
      [A.id, B.id, invitedTo, user],
    );
    const sets = (acting?: string) =>
      withPrincipal(
        ctx.db,
        as(user),
        async (tx) =>
          (
            await tx.query<{ viewer: string[]; member: string[]; admin: string[]; orgs: string[]; ws: string[] }>(
              `select app.caller_org_ids('viewer') as viewer, app.caller_org_ids('member') as member,
                      app.caller_org_ids('admin') as admin,
                      array(select id from public.organisations order by id) as orgs,
                      array(select distinct org_id from public.workspaces order by org_id) as ws`,
            )
          ).rows[0]!,
        acting === undefined ? {} : { actingOrgId: acting },
      );
    const both = [A.id, B.id].sort();
    expect(await sets()).toEqual({ viewer: both, member: [A.id], admin: [], orgs: both, ws: both });
    expect(await sets('')).toEqual({ viewer: both, member: [A.id], admin: [], orgs: both, ws: both });
    expect(await sets(A.id)).toEqual({ viewer: [A.id], member: [A.id], admin: [], orgs: [A.id], ws: [A.id] });
    expect(await sets(B.id)).toEqual({ viewer: [B.id], member: [], admin: [], orgs: [B.id], ws: [B.id] });
    const nothing = { viewer: [], member: [], admin: [], orgs: [], ws: [] };
    // An organisation where it is only invited, one it does not belong to, one that does not exist,
    // and values that are not uuids: nothing, never the whole set.
    for (const acting of [invitedTo, DEMO.deletedOrg.id, '00000000-0000-4000-8000-00000000dead'])
      expect(await sets(acting), acting).toEqual(nothing);
    for (const acting of ['not-a-uuid', `${A.id},${B.id}`, `{${A.id}}`, ' ', `${A.id} `])
      expect(await sets(acting), JSON.stringify(acting)).toEqual(nothing);
    // Upper case is the same uuid.
    expect((await sets(A.id.toUpperCase())).viewer).toEqual([A.id]);
    // The owner of the soft-deleted organisation, acting in it: nothing, as without acting.
    const deletedOwner = as(DEMO.deletedOrg.users.owner.id);
    for (const opts of [{}, { actingOrgId: DEMO.deletedOrg.id }])
      expect(
        await withPrincipal(
          ctx.db,
          deletedOwner,
          async (tx) => (await tx.query<{ v: string[] }>("select app.caller_org_ids('viewer') as v")).rows[0]!.v,
          opts,
        ),
      ).not.toContain(DEMO.deletedOrg.id);
  });

  it('the acting organisation is part of what a loaded set belongs to: changing it reads the set again', async () => {
    const seen = await withPrincipal(
      ctx.db,
      as(DEMO.providerOrg.users.owner.id),
      async (tx) => {
        const read = async () =>
          (await tx.query<{ v: string[] }>("select app.caller_org_ids('viewer') as v")).rows[0]!.v;
        const first = await read();
        await tx.query("select set_config('palisade.acting_org', $1, true)", [B.id]);
        const second = await read();
        await tx.query("select set_config('palisade.acting_org', '', true)");
        const third = await read();
        return { first, second, third };
      },
      { actingOrgId: DEMO.providerOrg.id },
    );
    expect(seen.first).toEqual([DEMO.providerOrg.id]);
    expect(seen.second).toEqual([]);
    expect(seen.third).toContain(DEMO.providerOrg.id);
  });

  it('an API key acting in its own organisation keeps its set; in another, it has none', async () => {
    const key: Principal = { kind: 'api_key', keyId: A.apiKey, orgId: A.id, role: 'member' };
    const read = (acting: string) =>
      withPrincipal(
        ctx.db,
        key,
        async (tx) =>
          (
            await tx.query<{ viewer: string[]; member: string[]; admin: string[] }>(
              "select app.caller_org_ids('viewer') as viewer, app.caller_org_ids('member') as member, app.caller_org_ids('admin') as admin",
            )
          ).rows[0]!,
        { actingOrgId: acting },
      );
    expect(await read(A.id)).toEqual({ viewer: [A.id], member: [A.id], admin: [] });
    expect(await read(B.id)).toEqual({ viewer: [], member: [], admin: [] });
  });

  it('org_ids_with_role gives each exact role from the same membership sets as the policies', async () => {
    const user = await newUser(ctx.db, `roles-${Date.now()}@cache.test`);
    const own = await one<string>(ctx.db, as(user), 'select public.create_organisation($1) as v', ['Roles Ltd']);
    await ctx.db.query("insert into public.organisation_members (org_id, user_id, role) values ($1, $2, 'viewer')", [
      A.id,
      user,
    ]);
    const sets = await withPrincipal(
      ctx.db,
      as(user),
      async (tx) =>
        (
          await tx.query<Record<string, string[]>>(
            `select array(select app.org_ids_with_role('{owner}')) as owner, array(select app.org_ids_with_role('{admin,member}')) as admin_member,
                array(select app.org_ids_with_role('{viewer}')) as viewer, array(select app.member_org_ids() order by 1) as every`,
          )
        ).rows[0]!,
    );
    expect(sets).toEqual({ owner: [own], admin_member: [], viewer: [A.id], every: [own, A.id].sort() });
  });

  it('sets planted for another identity are ignored and read again', async () => {
    const ids = await withPrincipal(ctx.db, as(B.users.member.id), async (tx) => {
      await tx.query(
        "select set_config('palisade.org_ids_viewer', $1, true), set_config('palisade.org_ids_for', 'someone else', true)",
        [`{${A.id}}`],
      );
      return (await tx.query<{ org_id: string }>('select distinct org_id from public.workspaces')).rows.map(
        (r) => r.org_id,
      );
    });
    expect(ids).toEqual([B.id]);
  });

  it('a stronger-role set planted for another identity is ignored and read again', async () => {
    const sets = await withPrincipal(ctx.db, as(B.users.member.id), async (tx) => {
      await tx.query("select set_config('palisade.org_ids_admin', $1, true)", [`someone else\x1e{${A.id},${B.id}}`]);
      return (
        await tx.query<{ admin: string[]; member: string[] }>(
          "select app.caller_org_ids('admin') as admin, app.caller_org_ids('member') as member",
        )
      ).rows[0]!;
    });
    expect(sets).toEqual({ admin: [], member: [B.id] });
  });

  it('a role changed in the same transaction drops every loaded set, the stronger ones included', async () => {
    const user = A.users.admin.id;
    const seen = await withPrincipal(ctx.db, as(user), async (tx) => {
      const read = async () =>
        (
          await tx.query<{ admin: string[]; viewer: string[] }>(
            "select app.caller_org_ids('admin') as admin, app.caller_org_ids('viewer') as viewer",
          )
        ).rows[0]!;
      const before = await read();
      await tx.query("select set_config('role', 'service_role', true)");
      await tx.query("update public.organisation_members set role = 'viewer' where org_id = $1 and user_id = $2", [
        A.id,
        user,
      ]);
      await tx.query("select set_config('role', 'authenticated', true)");
      const after = await read();
      throw Object.assign(new Error('rollback'), { seen: { before, after } });
    }).catch((e: { seen?: unknown }) => e.seen);
    expect(seen).toEqual({ before: { admin: [A.id], viewer: [A.id] }, after: { admin: [], viewer: [A.id] } });
  });

  it('claimed ids are cast only when they have the canonical UUID shape', async () => {
    const { rows } = await ctx.db.query<{ t: string | null; ok: boolean | null }>(
      `select t, app.is_uuid_text(t) as ok from unnest($1::text[]) as t`,
      [
        [
          '8f1fe283-c983-49b9-aa6a-7a18a3161e3a',
          '8F1FE283-C983-49B9-AA6A-7A18A3161E3A',
          '8f1fe283c98349b9aa6a7a18a3161e3a',
          '8f1fe283-c983-49b9-aa6a-7a18a3161e3',
          '8f1fe283-c983-49b9-aa6a-7a18a3161e3ab',
          '8f1fe283-c983-49b9-aa6a-7a18a3161e3g',
          '8f1fe283-c983-49b9-aa6a-7a18a3161e-a',
          '-f1fe283-c983-49b9-aa6a-7a18a3161e3a',
          '8f1fe2838c983-49b9-aa6a-7a18a3161e3a',
          '',
        ],
      ],
    );
    expect(rows.map((r) => r.ok)).toEqual([true, true, false, false, false, false, false, false, false, false]);
    const cast = await ctx.db.query<{ n: string }>(
      `select count(*) as n from unnest($1::text[]) as t where app.is_uuid_text(t) and t::uuid is not null`,
      [[rows[0]!.t, rows[1]!.t]],
    );
    expect(Number(cast.rows[0]!.n)).toBe(2);
    expect((await ctx.db.query<{ ok: boolean | null }>('select app.is_uuid_text(null) as ok')).rows[0]!.ok).toBeNull();
  });

  it('a membership suspended in the same transaction stops granting access at the next statement', async () => {
    const member = A.users.member.id;
    const seen = await withPrincipal(ctx.db, as(member), async (tx) => {
      const before = (await tx.query('select id from public.workspaces where org_id = $1', [A.id])).rows.length;
      // The service role suspends the membership inside this same transaction.
      await tx.query("select set_config('role', 'service_role', true)");
      await tx.query("update public.organisation_members set status = 'suspended' where org_id = $1 and user_id = $2", [
        A.id,
        member,
      ]);
      await tx.query("select set_config('role', 'authenticated', true)");
      const after = (await tx.query('select id from public.workspaces where org_id = $1', [A.id])).rows.length;
      throw Object.assign(new Error('rollback'), { seen: { before, after } });
    }).catch((e: { seen?: { before: number; after: number } }) => e.seen);
    expect(seen!.before).toBeGreaterThan(0);
    expect(seen!.after).toBe(0);
  });
});

/**
 * A pending invitee's membership and invitation say the same thing, and
 * inviting an address reveals nothing about the accounts of other tenants.
 */
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { type Principal, withPrincipal } from '../db/principal.ts';
import type { Database } from '../db/types.ts';
import { DEMO } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
const as = (userId: string): Principal => ({ kind: 'user', userId });

async function sql<T = Record<string, unknown>>(db: Database, p: Principal, text: string, params: unknown[] = []) {
  return withPrincipal(db, p, async (tx) => (await tx.query<T>(text, params)).rows);
}

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? String(e),
  );

/**
 * A person with an account and a pending membership of A (status 'invited', as the demo seed has
 * and as older data may hold), invited by A's admin as `role`. Returns the token.
 */
async function pendingInvitee(db: Database, role: string) {
  const email = `pending-${randomBytes(4).toString('hex')}@acme.test`;
  const id = (await db.query<{ id: string }>('insert into auth.users (email) values ($1) returning id', [email]))
    .rows[0]!.id;
  await db.query(
    `insert into public.organisation_members (org_id, user_id, role, status, invited_by) values ($1, $2, $3, 'invited', $4)`,
    [A.id, id, role, A.users.admin.id],
  );
  const [inv] = await sql<{ token: string }>(
    db,
    as(A.users.admin.id),
    'select token from public.invite_member($1, $2, $3)',
    [A.id, email, role],
  );
  return { id, email, token: inv!.token };
}

describeEngines('invitations', (ctx) => {
  it('removing a pending invitee cancels their invitation: accepting it afterwards is refused', async () => {
    const p = await pendingInvitee(ctx.db, 'admin');
    await sql(ctx.db, as(A.users.owner.id), 'select public.remove_member($1, $2)', [A.id, p.id]);
    expect(await outcome(sql(ctx.db, as(p.id), 'select public.accept_invitation($1)', [p.token]))).toBe('PS410');
    const { rows } = await ctx.db.query(
      'select 1 from public.organisation_members where org_id = $1 and user_id = $2',
      [A.id, p.id],
    );
    expect(rows).toEqual([]);
  });

  it("changing a pending invitee's role changes their invitation: accepting yields the new role", async () => {
    const p = await pendingInvitee(ctx.db, 'admin');
    await sql(ctx.db, as(A.users.owner.id), `select public.change_member_role($1, $2, 'viewer')`, [A.id, p.id]);
    const [inv] = await sql<{ role: string }>(
      ctx.db,
      as(A.users.admin.id),
      `select role from public.invitations where org_id = $1 and email = $2 and revoked_at is null`,
      [A.id, p.email],
    );
    expect(inv).toEqual({ role: 'viewer' });
    await sql(ctx.db, as(p.id), 'select public.accept_invitation($1)', [p.token]);
    const { rows } = await ctx.db.query(
      'select role, status from public.organisation_members where org_id = $1 and user_id = $2',
      [A.id, p.id],
    );
    expect(rows).toEqual([{ role: 'viewer', status: 'active' }]);
  });

  it("inviting an address shows neither the invitee's user id nor whether they have an account", async () => {
    const admin = as(A.users.admin.id);
    const stranger = B.users.owner; // has an account, in another tenant
    const nobody = `nobody-${randomBytes(4).toString('hex')}@nowhere.test`;
    const results = [];
    for (const email of [stranger.email, nobody]) {
      const rows = await sql(ctx.db, admin, `select * from public.invite_member($1, $2, 'member')`, [A.id, email]);
      expect(Object.keys(rows[0]!).sort()).toEqual(['invitation_id', 'token']);
      expect(JSON.stringify(rows)).not.toContain(stranger.id);
      const [inv] = await sql<Record<string, unknown>>(
        ctx.db,
        admin,
        `select org_id, id, email, role, invited_by, expires_at, accepted_at, accepted_by, revoked_at, created_at from public.invitations where org_id = $1 and id = $2`,
        [A.id, rows[0]!.invitation_id],
      );
      results.push({ ...inv, id: null, email: null, token: null, created_at: null, expires_at: null });
    }
    // What the inviter reads back is the same for an account and for an address without one.
    expect(results[0]).toEqual(results[1]);
    // Nothing readable in A names the stranger before acceptance.
    for (const query of [
      'select * from public.organisation_members',
      'select org_id, id, email, role, invited_by, expires_at, accepted_at, accepted_by, revoked_at, created_at from public.invitations',
      'select * from public.profiles',
    ]) {
      const rows = await sql(ctx.db, admin, query);
      expect(JSON.stringify(rows), query).not.toContain(stranger.id);
    }
  });
});

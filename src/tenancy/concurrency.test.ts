/**
 * Role checks race with the caller's own membership. Real concurrency needs real
 * connections, so these run on the PostgreSQL server only (PGlite has one connection). Two sessions
 * are interleaved by hand: one holds a transaction open (or commits) while the other acts, and a
 * poll of pg_stat_activity says when a session is waiting on a row lock.
 */
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { openPostgres } from '../db/postgres.ts';
import { type Principal, withPrincipal } from '../db/principal.ts';
import type { Database, Queryable } from '../db/types.ts';
import { describeEngines } from '../testing/engines.ts';
import { outcome, raceBehindLock } from '../testing/races.ts';

const as = (userId: string): Principal => ({ kind: 'user', userId });

interface Team {
  org: string;
  owner: string;
  owner2: string;
  admin: string;
  member: string;
}

/** A fresh organisation with two owners, an admin and a member, written directly (as the superuser). */
async function team(db: Database): Promise<Team> {
  const tag = randomBytes(4).toString('hex');
  const user = async (kind: string) =>
    (
      await db.query<{ id: string }>('insert into auth.users (email) values ($1) returning id', [
        `${kind}-${tag}@race.test`,
      ])
    ).rows[0]!.id;
  const t = {
    org: (
      await db.query<{ id: string }>(`insert into public.organisations (name) values ($1) returning id`, [
        `Race ${tag}`,
      ])
    ).rows[0]!.id,
    owner: await user('owner'),
    owner2: await user('owner2'),
    admin: await user('admin'),
    member: await user('member'),
  };
  for (const [id, role] of [
    [t.owner, 'owner'],
    [t.owner2, 'owner'],
    [t.admin, 'admin'],
    [t.member, 'member'],
  ] as const)
    await db.query(
      `insert into public.organisation_members (org_id, user_id, role, status) values ($1, $2, $3, 'active')`,
      [t.org, id, role],
    );
  return t;
}

async function memberOf(db: Database, org: string, user: string) {
  const { rows } = await db.query<{ role: string; status: string }>(
    'select role, status from public.organisation_members where org_id = $1 and user_id = $2',
    [org, user],
  );
  return rows[0] ?? null;
}

/**
 * The admin's transaction reads its membership sets first (as the HTTP layer does before every
 * /v1/orgs/:orgId route), then the admin leaves or is suspended in another session, which commits;
 * then the admin's transaction acts. Returns its outcome.
 */
async function actAfterLosingMembership(
  db: Database,
  t: Team,
  loss: 'left' | 'suspended',
  act: (tx: Queryable) => Promise<unknown>,
) {
  return outcome(
    withPrincipal(db, as(t.admin), async (tx) => {
      const { rows } = await tx.query<{ ok: boolean }>(
        `select app.is_org_member($1) and app.has_org_role($1, '{owner,admin}') as ok`,
        [t.org],
      );
      expect(rows[0]!.ok).toBe(true);
      if (loss === 'left')
        await withPrincipal(db, as(t.admin), (other) => other.query('select public.leave_organisation($1)', [t.org]));
      else
        await withPrincipal(db, as(t.owner), (other) =>
          other.query('select public.suspend_member($1, $2)', [t.org, t.admin]),
        );
      await act(tx);
    }),
  );
}

describeEngines('tenancy RPCs under concurrency', (ctx) => {
  const serverOnly = it.skipIf(ctx.engine === 'pglite');

  async function withPool<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    const db = openPostgres({ url: ctx.url!, max: 4 });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }

  serverOnly(
    'an admin who leaves mid-flight cannot promote a member to owner (the promotion waited on the leave)',
    async () => {
      const t = await team(ctx.db);
      const refused = await withPool((db) =>
        raceBehindLock(
          db,
          as(t.admin),
          async (tx) => {
            await tx.query(`select public.change_member_role($1, $2, 'viewer')`, [t.org, t.member]);
            await tx.query('select public.leave_organisation($1)', [t.org]);
          },
          as(t.admin),
          (tx) => tx.query(`select public.change_member_role($1, $2, 'owner')`, [t.org, t.member]),
        ),
      );
      expect(refused).toBe('PS404');
      expect(await memberOf(ctx.db, t.org, t.member)).toEqual({ role: 'viewer', status: 'active' });
      expect(await memberOf(ctx.db, t.org, t.admin)).toBeNull();
    },
  );

  serverOnly(
    'an admin suspended mid-flight cannot promote a member to owner (the promotion waited on the suspension)',
    async () => {
      const t = await team(ctx.db);
      const refused = await withPool((db) =>
        raceBehindLock(
          db,
          as(t.owner),
          async (tx) => {
            await tx.query(`select public.change_member_role($1, $2, 'viewer')`, [t.org, t.member]);
            await tx.query('select public.suspend_member($1, $2)', [t.org, t.admin]);
          },
          as(t.admin),
          (tx) => tx.query(`select public.change_member_role($1, $2, 'owner')`, [t.org, t.member]),
        ),
      );
      expect(refused).toBe('PS404');
      expect(await memberOf(ctx.db, t.org, t.member)).toEqual({ role: 'viewer', status: 'active' });
    },
  );

  for (const loss of ['left', 'suspended'] as const) {
    serverOnly(`an admin who ${loss} after its transaction read its role cannot promote to owner`, async () => {
      const t = await team(ctx.db);
      const r = await withPool((db) =>
        actAfterLosingMembership(db, t, loss, (tx) =>
          tx.query(`select public.change_member_role($1, $2, 'owner')`, [t.org, t.member]),
        ),
      );
      expect(r).toBe('PS404');
      expect(await memberOf(ctx.db, t.org, t.member)).toEqual({ role: 'member', status: 'active' });
    });

    serverOnly(`an admin who ${loss} after its transaction read its role cannot invite an owner`, async () => {
      const t = await team(ctx.db);
      const r = await withPool((db) =>
        actAfterLosingMembership(db, t, loss, (tx) =>
          tx.query(`select public.invite_member($1, $2, 'owner')`, [t.org, `boss-${loss}@race.test`]),
        ),
      );
      expect(r).toBe('PS404');
      const { rows } = await ctx.db.query('select 1 from public.invitations where org_id = $1', [t.org]);
      expect(rows).toEqual([]);
    });

    serverOnly(`an admin who ${loss} after its transaction read its role cannot demote an owner`, async () => {
      const t = await team(ctx.db);
      const r = await withPool((db) =>
        actAfterLosingMembership(db, t, loss, (tx) =>
          tx.query(`select public.change_member_role($1, $2, 'viewer')`, [t.org, t.owner2]),
        ),
      );
      expect(r).toBe('PS404');
      expect(await memberOf(ctx.db, t.org, t.owner2)).toEqual({ role: 'owner', status: 'active' });
    });

    serverOnly(`an admin who ${loss} after its transaction read its role cannot suspend an owner`, async () => {
      const t = await team(ctx.db);
      const r = await withPool((db) =>
        actAfterLosingMembership(db, t, loss, (tx) =>
          tx.query('select public.suspend_member($1, $2)', [t.org, t.owner2]),
        ),
      );
      expect(r).toBe('PS404');
      expect(await memberOf(ctx.db, t.org, t.owner2)).toEqual({ role: 'owner', status: 'active' });
    });

    serverOnly(`an admin who ${loss} after its transaction read its role cannot remove an owner`, async () => {
      const t = await team(ctx.db);
      const r = await withPool((db) =>
        actAfterLosingMembership(db, t, loss, (tx) =>
          tx.query('select public.remove_member($1, $2)', [t.org, t.owner2]),
        ),
      );
      expect(r).toBe('PS404');
      expect(await memberOf(ctx.db, t.org, t.owner2)).toEqual({ role: 'owner', status: 'active' });
    });
  }
});

/**
 * Organisation lifecycle in the database: an owner's soft delete, restore within the grace period,
 * the purge, and each racing the writes it must not let through. Each test builds its own
 * organisation (written directly as the superuser), so the demo seed stays intact for others.
 */
import { createHash, randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { verifyChains } from '../audit/verify.ts';
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
  workspace: string;
  key: string;
  invitation: string;
}

async function team(db: Database): Promise<Team> {
  const tag = randomBytes(4).toString('hex');
  const user = async (kind: string) =>
    (
      await db.query<{ id: string }>('insert into auth.users (email) values ($1) returning id', [
        `${kind}-${tag}@lifecycle.test`,
      ])
    ).rows[0]!.id;
  const owner = await user('owner');
  const org = (
    await withPrincipal(db, as(owner), (tx) =>
      tx.query<{ id: string }>('select public.create_organisation($1) as id', [`Lifecycle ${tag}`]),
    )
  ).rows[0]!.id;
  const t = { org, owner, owner2: await user('owner2'), admin: await user('admin'), member: await user('member') };
  for (const [id, role] of [
    [t.owner2, 'owner'],
    [t.admin, 'admin'],
    [t.member, 'member'],
  ] as const)
    await db.query(
      `insert into public.organisation_members (org_id, user_id, role, status) values ($1, $2, $3, 'active')`,
      [org, id, role],
    );
  const workspace = (await db.query<{ id: string }>('select id from public.workspaces where org_id = $1', [org]))
    .rows[0]!.id;
  const key = await mintKey(db, org, owner);
  const invitation = (
    await withPrincipal(db, as(owner), (tx) =>
      tx.query<{ invitation_id: string }>('select invitation_id from public.invite_member($1, $2)', [
        org,
        `invitee-${tag}@lifecycle.test`,
      ]),
    )
  ).rows[0]!.invitation_id;
  return { ...t, workspace, key, invitation };
}

const mintIn = (tx: Queryable, org: string) =>
  tx
    .query<{ id: string }>(`select public.create_api_key($1, 'k', 'admin', $2, 'pk_abc') as id`, [
      org,
      createHash('sha256').update(randomBytes(16)).digest(),
    ])
    .then((r) => r.rows[0]!.id);
const mintKey = (db: Database, org: string, by: string) => withPrincipal(db, as(by), (tx) => mintIn(tx, org));

/** Days between two instants, to the hour (a session time zone with daylight saving moves it by one). */
const days = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / 3600_000 / 24);

const del = (db: Database, user: string, org: string) =>
  withPrincipal(db, as(user), (tx) => tx.query('select * from public.delete_organisation($1)', [org]));
const restore = (db: Database, user: string, org: string) =>
  withPrincipal(db, as(user), (tx) => tx.query('select * from public.restore_organisation($1)', [org]));

async function visible(db: Database, p: Principal, org: string) {
  return withPrincipal(db, p, async (tx) => ({
    orgs: (await tx.query('select id from public.organisations where id = $1', [org])).rows.length,
    workspaces: (await tx.query('select id from public.workspaces where org_id = $1', [org])).rows.length,
    members: (await tx.query('select id from public.organisation_members where org_id = $1', [org])).rows.length,
  }));
}

const keyOf = (db: Database, org: string, key: string) =>
  db
    .query<{ revoked_at: Date | null }>('select revoked_at from public.api_keys where org_id = $1 and id = $2', [
      org,
      key,
    ])
    .then((r) => r.rows[0] ?? null);
const invitationOf = (db: Database, org: string, id: string) =>
  db
    .query<{ revoked_at: Date | null }>('select revoked_at from public.invitations where org_id = $1 and id = $2', [
      org,
      id,
    ])
    .then((r) => r.rows[0] ?? null);
const actions = (db: Database, table: 'audit_log' | 'admin_actions', org: string, target?: string) =>
  db
    .query<{ action: string }>(
      `select action from public.${table} where org_id = $1 and ($2::text is null or target_id = $2) order by seq`,
      [org, target ?? null],
    )
    .then((r) => r.rows.map((x) => x.action));
const PLATFORM = '00000000-0000-0000-0000-000000000001';

describeEngines('organisation lifecycle', (ctx) => {
  it('an owner deletes: members and keys lose access at once, keys and invitations are revoked, both chains record it', async () => {
    const t = await team(ctx.db);
    expect(await visible(ctx.db, as(t.member), t.org)).toEqual({ orgs: 1, workspaces: 1, members: 4 });
    const { rows } = await del(ctx.db, t.owner, t.org);
    const d = rows[0] as { deleted_at: Date; purge_after: Date };
    // The default grace period: 30 days.
    expect(days(d.deleted_at, d.purge_after)).toBe(30);
    for (const who of [t.owner, t.owner2, t.admin, t.member])
      expect(await visible(ctx.db, as(who), t.org)).toEqual({ orgs: 0, workspaces: 0, members: 0 });
    const key: Principal = { kind: 'api_key', keyId: t.key, orgId: t.org, role: 'admin' };
    expect(await visible(ctx.db, key, t.org)).toEqual({ orgs: 0, workspaces: 0, members: 0 });
    expect((await keyOf(ctx.db, t.org, t.key))!.revoked_at).not.toBeNull();
    expect((await invitationOf(ctx.db, t.org, t.invitation))!.revoked_at).not.toBeNull();
    // Writes are refused too: RLS (a workspace) and RPCs (404, as for a stranger).
    const ws = await outcome(
      withPrincipal(ctx.db, as(t.owner), (tx) =>
        tx.query('insert into public.workspaces (org_id, name) values ($1, $2)', [t.org, 'late']),
      ),
    );
    expect(ws).toBe('42501');
    expect(
      await outcome(
        withPrincipal(ctx.db, as(t.owner), (tx) => tx.query('select public.create_workspace($1, $2)', [t.org, 'late'])),
      ),
    ).toBe('PS404');
    expect(await actions(ctx.db, 'audit_log', t.org)).toContain('org.deleted');
    expect(await actions(ctx.db, 'admin_actions', PLATFORM, t.org)).toEqual(['org.deleted']);
    // A second delete finds nothing.
    expect(await outcome(del(ctx.db, t.owner2, t.org))).toBe('PS404');
  });

  it('only owners delete: admins, members and platform admins get 403, API keys 401, strangers 404', async () => {
    const t = await team(ctx.db);
    const stranger = (await team(ctx.db)).owner;
    expect(await outcome(del(ctx.db, t.admin, t.org))).toBe('PS403');
    expect(await outcome(del(ctx.db, t.member, t.org))).toBe('PS403');
    expect(await outcome(del(ctx.db, stranger, t.org))).toBe('PS404');
    const key: Principal = { kind: 'api_key', keyId: t.key, orgId: t.org, role: 'admin' };
    expect(
      await outcome(withPrincipal(ctx.db, key, (tx) => tx.query('select public.delete_organisation($1)', [t.org]))),
    ).toBe('PS401');
    const admin: Principal = { kind: 'platform_admin', userId: t.admin };
    expect(
      await outcome(withPrincipal(ctx.db, admin, (tx) => tx.query('select public.delete_organisation($1)', [t.org]))),
    ).toBe('PS403');
    expect(await visible(ctx.db, as(t.member), t.org)).toEqual({ orgs: 1, workspaces: 1, members: 4 });
  });

  it('an owner restores within the grace period; keys and invitations stay revoked; others cannot restore', async () => {
    const t = await team(ctx.db);
    expect(await outcome(restore(ctx.db, t.owner, t.org))).toBe('PS409');
    await del(ctx.db, t.owner, t.org);
    const listed = (owner: string) =>
      withPrincipal(ctx.db, as(owner), (tx) =>
        tx.query<{ id: string }>('select id from public.my_deleted_organisations()'),
      );
    expect((await listed(t.owner2)).rows.map((r) => r.id)).toEqual([t.org]);
    expect((await listed(t.admin)).rows).toEqual([]);
    expect(await outcome(restore(ctx.db, t.admin, t.org))).toBe('PS404');
    expect(await outcome(restore(ctx.db, t.member, t.org))).toBe('PS404');
    const { rows } = await restore(ctx.db, t.owner2, t.org);
    expect(rows[0]).toMatchObject({ id: t.org, deleted_at: null, purge_after: null });
    expect(await visible(ctx.db, as(t.member), t.org)).toEqual({ orgs: 1, workspaces: 1, members: 4 });
    expect((await keyOf(ctx.db, t.org, t.key))!.revoked_at).not.toBeNull();
    expect((await invitationOf(ctx.db, t.org, t.invitation))!.revoked_at).not.toBeNull();
    expect(await actions(ctx.db, 'admin_actions', PLATFORM, t.org)).toEqual(['org.deleted', 'org.restored']);
    expect(await actions(ctx.db, 'audit_log', t.org)).toContain('org.restored');
  });

  it('past purge_after a restore is refused (410); the grace period is the database setting palisade.org_delete_grace, never one the caller sets', async () => {
    const grace = (value: string | null) =>
      ctx.db.query(
        value === null
          ? `do $$ begin execute format('alter database %I reset palisade.org_delete_grace', current_database()); end $$`
          : `do $$ begin execute format('alter database %I set palisade.org_delete_grace = %L', current_database(), '${value}'); end $$`,
      );
    await grace('2 days');
    try {
      const t = await team(ctx.db);
      const d = await withPrincipal(ctx.db, as(t.owner), async (tx) => {
        // A session setting is the caller's choice, so it is ignored: the database's 2 days hold.
        await tx.query(`select set_config('palisade.org_delete_grace', '1 hour', true)`);
        return (
          await tx.query<{ deleted_at: Date; purge_after: Date }>('select * from public.delete_organisation($1)', [
            t.org,
          ])
        ).rows[0]!;
      });
      expect(days(d.deleted_at, d.purge_after)).toBe(2);
      await ctx.db.query(`update public.organisations set purge_after = deleted_at where id = $1`, [t.org]);
      expect(await outcome(restore(ctx.db, t.owner, t.org))).toBe('PS410');
      await grace('0 seconds');
      const u = await team(ctx.db);
      expect(
        await outcome(
          withPrincipal(ctx.db, as(u.owner), (tx) => tx.query('select public.delete_organisation($1)', [u.org])),
        ),
      ).toBe('22023');
    } finally {
      await grace(null);
    }
    const v = await team(ctx.db);
    const unset = await withPrincipal(ctx.db, as(v.owner), async (tx) => {
      await tx.query(`select set_config('palisade.org_delete_grace', '1 hour', true)`);
      return (
        await tx.query<{ deleted_at: Date; purge_after: Date }>('select * from public.delete_organisation($1)', [v.org])
      ).rows[0]!;
    });
    expect(days(unset.deleted_at, unset.purge_after)).toBe(30);
  });

  it('a deleted organisation takes no new member, invitation or key, whoever writes them', async () => {
    const t = await team(ctx.db);
    await del(ctx.db, t.owner, t.org);
    const stranger = (await team(ctx.db)).owner;
    expect(
      await outcome(
        ctx.db.query(`insert into public.organisation_members (org_id, user_id, role) values ($1, $2, 'member')`, [
          t.org,
          stranger,
        ]),
      ),
    ).toBe('PS404');
    expect(
      await outcome(
        ctx.db.query(
          `insert into public.invitations (org_id, email, role, token_hash, expires_at)
           values ($1, 'x@y.test', 'member', $2, now() + interval '1 day')`,
          [t.org, randomBytes(32)],
        ),
      ),
    ).toBe('PS404');
    expect(
      await outcome(
        ctx.db.query(
          `insert into public.api_keys (org_id, name, role, key_hash, prefix, created_by) values ($1, 'k', 'viewer', $2, 'pk_x', $3)`,
          [t.org, randomBytes(32), t.owner],
        ),
      ),
    ).toBe('PS404');
  });

  it('the purge removes a due organisation with its data, keeps its chains verifiable, and records one org.purged', async () => {
    const t = await team(ctx.db);
    const purge = async () =>
      (await ctx.db.query<{ v: boolean }>('select app.purge_organisation($1) as v', [t.org])).rows[0]!.v;
    expect(await purge()).toBe(false); // not deleted
    await del(ctx.db, t.owner, t.org);
    expect(await purge()).toBe(false); // not due
    await ctx.db.query(`update public.organisations set purge_after = deleted_at where id = $1`, [t.org]);
    const before = await actions(ctx.db, 'audit_log', t.org);
    expect(await purge()).toBe(true);
    for (const table of ['organisations', 'organisation_members', 'workspaces', 'api_keys', 'invitations']) {
      const col = table === 'organisations' ? 'id' : 'org_id';
      const { rows } = await ctx.db.query(`select 1 from public.${table} where ${col} = $1`, [t.org]);
      expect(rows, table).toEqual([]);
    }
    // The cascade's row deletes are not recorded one by one: org.purged, then the organisation's own delete.
    expect((await actions(ctx.db, 'audit_log', t.org)).slice(before.length)).toEqual([
      'org.purged',
      'organisations.delete',
    ]);
    expect(await actions(ctx.db, 'admin_actions', PLATFORM, t.org)).toEqual(['org.deleted', 'org.purged']);
    const verified = await verifyChains(ctx.db, { orgId: t.org });
    expect(verified.ok).toBe(true);
    expect(verified.reports.find((r) => r.chain === 'audit_log')!.entries).toBe(before.length + 2);
    expect(await purge()).toBe(false); // already gone
  });

  it('no API role may purge', async () => {
    const t = await team(ctx.db);
    for (const p of [as(t.owner), { kind: 'service' } as Principal])
      expect(
        await outcome(withPrincipal(ctx.db, p, (tx) => tx.query('select app.purge_organisation($1)', [t.org]))),
      ).toBe('42501');
  });
});

describeEngines('organisation lifecycle under concurrency', (ctx) => {
  const serverOnly = it.skipIf(ctx.engine === 'pglite');

  async function withPool<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    const db = openPostgres({ url: ctx.url!, max: 4 });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }

  /** Session 1 deletes as `owner` and holds its transaction open while session 2 acts; returns session 2's outcome. */
  const behindDelete = (
    db: Database,
    owner: string,
    org: string,
    p: Principal,
    second: (tx: Queryable) => Promise<unknown>,
  ) => raceBehindLock(db, as(owner), (tx) => tx.query('select public.delete_organisation($1)', [org]), p, second);

  serverOnly(
    'two owners deleting at once: one wins, the other finds nothing (server only: two connections)',
    async () => {
      const t = await team(ctx.db);
      const r = await withPool((db) =>
        behindDelete(db, t.owner, t.org, as(t.owner2), (tx) =>
          tx.query('select public.delete_organisation($1)', [t.org]),
        ),
      );
      expect(r).toBe('PS404');
      expect(await actions(ctx.db, 'admin_actions', PLATFORM, t.org)).toEqual(['org.deleted']);
    },
  );

  serverOnly('a key minted while the delete is in flight is refused (server only: two connections)', async () => {
    const t = await team(ctx.db);
    const r = await withPool((db) => behindDelete(db, t.owner, t.org, as(t.admin), (tx) => mintIn(tx, t.org)));
    expect(r).toBe('PS404');
    const { rows } = await ctx.db.query('select 1 from public.api_keys where org_id = $1 and revoked_at is null', [
      t.org,
    ]);
    expect(rows).toEqual([]);
  });

  serverOnly(
    'an invitation accepted while the delete is in flight is refused (server only: two connections)',
    async () => {
      const t = await team(ctx.db);
      const email = `late-${randomBytes(4).toString('hex')}@lifecycle.test`;
      const invitee = (
        await ctx.db.query<{ id: string }>('insert into auth.users (email) values ($1) returning id', [email])
      ).rows[0]!.id;
      const token = (
        await withPrincipal(ctx.db, as(t.owner), (tx) =>
          tx.query<{ token: string }>('select token from public.invite_member($1, $2)', [t.org, email]),
        )
      ).rows[0]!.token;
      const r = await withPool((db) =>
        behindDelete(db, t.owner, t.org, as(invitee), (tx) => tx.query('select public.accept_invitation($1)', [token])),
      );
      expect(r).toBe('PS410');
      const { rows } = await ctx.db.query(
        'select 1 from public.organisation_members where org_id = $1 and user_id = $2',
        [t.org, invitee],
      );
      expect(rows).toEqual([]);
    },
  );

  serverOnly('a restore racing the delete waits for it and then restores (server only: two connections)', async () => {
    const t = await team(ctx.db);
    const r = await withPool((db) =>
      behindDelete(db, t.owner, t.org, as(t.owner2), (tx) =>
        tx.query('select public.restore_organisation($1)', [t.org]),
      ),
    );
    expect(r).toBe('ok');
    expect(await visible(ctx.db, as(t.member), t.org)).toEqual({ orgs: 1, workspaces: 1, members: 4 });
  });
});

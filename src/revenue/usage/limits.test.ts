import { expect, it } from 'vitest';
import { type Principal, withPrincipal } from '../../db/principal.ts';
import type { Queryable } from '../../db/types.ts';
import { DEMO } from '../../seed/ids.ts';
import { describeEngines } from '../../testing/engines.ts';
import { outcome } from '../../testing/races.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
const member: Principal = { kind: 'user', userId: A.users.member.id };
const owner: Principal = { kind: 'user', userId: A.users.owner.id };

/** A plan of its own for organisation A with `limits` (the rest large), as a platform operator would. */
async function planFor(q: Queryable, org: string, id: string, limits: Partial<Record<string, number>>) {
  const all = {
    leads: 1e6,
    ai_qualifications: 1e6,
    api_requests: 1e9,
    members: 1000,
    workspaces: 1000,
    integrations: 1000,
    ...limits,
  };
  await q.query(
    `insert into platform.plans (id, name, limits) values ($1, $1, $2)
     on conflict (id) do update set limits = excluded.limits`,
    [id, JSON.stringify(all)],
  );
  await q.query(`update public.subscriptions set plan_id = $2, status = 'active' where org_id = $1`, [org, id]);
}

const used = async (q: Queryable, org: string, metric: string) =>
  Number(
    (
      await q.query<{ used: string }>(
        `select used from public.usage_counters where org_id = $1 and metric = $2 and period_start = app.usage_period()`,
        [org, metric],
      )
    ).rows[0]?.used ?? 0,
  );

const addLead = (org: string, workspace: string, email: string) => (tx: Queryable) =>
  tx.query('insert into public.leads (org_id, workspace_id, email) values ($1, $2, $3)', [org, workspace, email]);

describeEngines('plan limits are the database’s', (ctx) => {
  it('a lead past the plan’s monthly limit is refused with PS402 naming the metric, the limit and the reset', async () => {
    const base = await used(ctx.db, A.id, 'leads');
    await planFor(ctx.db, A.id, 'limit-leads', { leads: base + 1 });
    expect(await outcome(withPrincipal(ctx.db, member, addLead(A.id, A.defaultWorkspace, 'one@example.test')))).toBe(
      'ok',
    );
    const err = await withPrincipal(ctx.db, member, addLead(A.id, A.defaultWorkspace, 'two@example.test')).catch(
      (e: { code: string; column: string; detail: string; message: string }) => e,
    );
    expect(err).toMatchObject({ code: 'PS402', column: 'leads' });
    const detail = JSON.parse((err as { detail: string }).detail);
    expect(detail).toMatchObject({ metric: 'leads', limit: base + 1 });
    expect(detail.reset_at).toMatch(/^\d{4}-\d{2}-01T00:00:00Z$/);
    expect(Date.parse(detail.reset_at)).toBeGreaterThan(Date.now());
    // Nothing half-written: the refused lead is not there and the counter did not move.
    expect(await used(ctx.db, A.id, 'leads')).toBe(base + 1);
    const { rows } = await ctx.db.query("select 1 from public.leads where email = 'two@example.test'");
    expect(rows).toEqual([]);
    // Another organisation's allowance is its own.
    expect(
      await outcome(
        withPrincipal(
          ctx.db,
          { kind: 'user', userId: B.users.member.id },
          addLead(B.id, B.defaultWorkspace, 'b@example.test'),
        ),
      ),
    ).toBe('ok');
  });

  it('a stranger writing into an organisation at its limit is refused by RLS, learning nothing of its usage', async () => {
    const base = await used(ctx.db, A.id, 'leads');
    await planFor(ctx.db, A.id, 'limit-full', { leads: base });
    const stranger: Principal = { kind: 'user', userId: B.users.owner.id };
    expect(await outcome(withPrincipal(ctx.db, stranger, addLead(A.id, A.defaultWorkspace, 's@example.test')))).toBe(
      '42501',
    );
    expect(await outcome(withPrincipal(ctx.db, member, addLead(A.id, A.defaultWorkspace, 'm@example.test')))).toBe(
      'PS402',
    );
  });

  it('one statement of three leads with two places left is refused whole: all or none', async () => {
    const base = await used(ctx.db, A.id, 'leads');
    await planFor(ctx.db, A.id, 'limit-batch', { leads: base + 2 });
    const three = (tx: Queryable) =>
      tx.query(
        `insert into public.leads (org_id, workspace_id, email)
         select $1, $2, 'batch' || i || '@example.test' from generate_series(1, 3) i`,
        [A.id, A.defaultWorkspace],
      );
    expect(await outcome(withPrincipal(ctx.db, member, three))).toBe('PS402');
    expect(await used(ctx.db, A.id, 'leads')).toBe(base);
    const two = (tx: Queryable) =>
      tx.query(
        `insert into public.leads (org_id, workspace_id, email)
         select $1, $2, 'pair' || i || '@example.test' from generate_series(1, 2) i`,
        [A.id, A.defaultWorkspace],
      );
    expect(await outcome(withPrincipal(ctx.db, member, two))).toBe('ok');
    expect(await used(ctx.db, A.id, 'leads')).toBe(base + 2);
  });

  it('workspaces are counted as they exist: deleting one gives its place back', async () => {
    const { rows } = await ctx.db.query<{ n: string }>(
      'select count(*) as n from public.workspaces where org_id = $1',
      [A.id],
    );
    const live = Number(rows[0]!.n);
    await planFor(ctx.db, A.id, 'limit-workspaces', { workspaces: live + 1 });
    const create = (name: string) => (tx: Queryable) =>
      tx.query('select public.create_workspace($1, $2)', [A.id, name]);
    expect(await outcome(withPrincipal(ctx.db, owner, create('Fits')))).toBe('ok');
    expect(await outcome(withPrincipal(ctx.db, owner, create('Too many')))).toBe('PS402');
    await ctx.db.query("delete from public.workspaces where org_id = $1 and name = 'Fits'", [A.id]);
    expect(await used(ctx.db, A.id, 'workspaces')).toBe(live);
    expect(await outcome(withPrincipal(ctx.db, owner, create('Fits again')))).toBe('ok');
  });

  it('an organisation whose subscription is not live is on the free plan; no plan at all is a refusal, not "no limit"', async () => {
    await ctx.db.query(`update public.subscriptions set status = 'canceled' where org_id = $1`, [A.id]);
    const { rows } = await ctx.db.query<{ l: string }>("select app.org_usage_limit($1, 'members') as l", [A.id]);
    const free = await ctx.db.query<{ l: string }>(
      "select (limits ->> 'members') as l from platform.plans where id = 'free'",
    );
    expect(Number(rows[0]!.l)).toBe(Number(free.rows[0]!.l));
    expect(await outcome(ctx.db.query("delete from platform.plans where id = 'free'"))).toBe('PS409');
    // Were it gone anyway (the owner disabling the guard): a limit of 0, never none.
    const rolledBack = 'rolled back on purpose';
    await ctx.db
      .transaction(async (tx) => {
        await tx.query('alter table platform.plans disable trigger plans_keep_free');
        await tx.query("delete from platform.plans where id = 'free'");
        const { rows: none } = await tx.query<{ l: string }>("select app.org_usage_limit($1, 'leads') as l", [A.id]);
        expect(Number(none[0]!.l)).toBe(0);
        throw new Error(rolledBack);
      })
      .catch((e: Error) => {
        if (e.message !== rolledBack) throw e;
      });
    await ctx.db.query(`update public.subscriptions set status = 'active' where org_id = $1`, [A.id]);
  });

  it('a plan’s limits must name every metric as a whole number', async () => {
    const bad = (limits: unknown) =>
      outcome(
        ctx.db.query("insert into platform.plans (id, name, limits) values ('bad-plan', 'Bad', $1)", [
          JSON.stringify(limits),
        ]),
      );
    expect(await bad({ leads: 1 })).toBe('23514');
    expect(
      await bad({ leads: 1.5, ai_qualifications: 1, api_requests: 1, members: 1, workspaces: 1, integrations: 1 }),
    ).toBe('23514');
    expect(
      await bad({ leads: -1, ai_qualifications: 1, api_requests: 1, members: 1, workspaces: 1, integrations: 1 }),
    ).toBe('23514');
    expect(
      await bad({ leads: '1', ai_qualifications: 1, api_requests: 1, members: 1, workspaces: 1, integrations: 1 }),
    ).toBe('23514');
  });

  it('usage_summary answers members with every metric, and another organisation with "not found"', async () => {
    const { rows } = await withPrincipal(ctx.db, member, (tx) =>
      tx.query<{ metric: string }>('select metric from public.usage_summary($1)', [A.id]),
    );
    expect(rows.map((r) => r.metric)).toEqual([
      'ai_qualifications',
      'api_requests',
      'integrations',
      'leads',
      'members',
      'workspaces',
    ]);
    expect(
      await outcome(withPrincipal(ctx.db, member, (tx) => tx.query('select * from public.usage_summary($1)', [B.id]))),
    ).toBe('PS404');
  });

  it.skipIf(ctx.engine === 'pglite')(
    'twenty concurrent requests for the last five leads: exactly five succeed, the rest get PS402, the count is exact',
    async () => {
      const base = await used(ctx.db, A.id, 'leads');
      await planFor(ctx.db, A.id, 'limit-race', { leads: base + 5 });
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          outcome(withPrincipal(ctx.db, member, addLead(A.id, A.defaultWorkspace, `race${i}@example.test`))),
        ),
      );
      expect(results.filter((r) => r === 'ok')).toHaveLength(5);
      expect(results.filter((r) => r === 'PS402')).toHaveLength(15);
      expect(await used(ctx.db, A.id, 'leads')).toBe(base + 5);
      const { rows } = await ctx.db.query<{ n: string }>(
        "select count(*) as n from public.leads where org_id = $1 and email like 'race%'",
        [A.id],
      );
      expect(Number(rows[0]!.n)).toBe(5);
    },
  );

  it.skipIf(ctx.engine === 'pglite')(
    'two people accepting invitations at once for the last seat: one joins, the other is refused with PS402',
    async () => {
      const { rows } = await ctx.db.query<{ n: string }>(
        'select count(*) as n from public.organisation_members where org_id = $1',
        [A.id],
      );
      const before = Number(rows[0]!.n);
      await planFor(ctx.db, A.id, 'limit-seats', { members: before + 1 });
      const people = [
        { userId: DEMO.loner.id, email: DEMO.loner.email, token: 'seat-race-token-one-0123456789abcdef' },
        { userId: B.users.viewer.id, email: B.users.viewer.email, token: 'seat-race-token-two-0123456789abcdef' },
      ];
      for (const p of people)
        await ctx.db.query(
          `insert into public.invitations (org_id, email, role, token_hash, invited_by, expires_at)
           values ($1, $2, 'viewer', extensions.digest($3, 'sha256'), $4, now() + interval '1 day')`,
          [A.id, p.email, p.token, A.users.owner.id],
        );
      const results = await Promise.all(
        people.map((p) =>
          outcome(
            withPrincipal(ctx.db, { kind: 'user', userId: p.userId, email: p.email }, (tx) =>
              tx.query('select public.accept_invitation($1)', [p.token]),
            ),
          ),
        ),
      );
      expect(results.sort()).toEqual(['PS402', 'ok']);
      const after = await ctx.db.query<{ n: string }>(
        'select count(*) as n from public.organisation_members where org_id = $1',
        [A.id],
      );
      expect(Number(after.rows[0]!.n)).toBe(before + 1);
      expect(await used(ctx.db, A.id, 'members')).toBe(before + 1);
    },
  );
});

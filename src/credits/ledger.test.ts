import { beforeAll, expect, it } from 'vitest';
import { verifyChains } from '../audit/verify.ts';
import { type Principal, withPrincipal } from '../db/principal.ts';
import { DEMO } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';
import { outcome } from '../testing/races.ts';
import { creditOrg, debit, purchased, sums } from './testing.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
const service: Principal = { kind: 'service' };

describeEngines('token credits: the ledger, its balance row, grants and debits', (ctx) => {
  let t: Awaited<ReturnType<typeof creditOrg>>;
  const entries = async (org: string) =>
    (
      await ctx.db.query<{ kind: string; granted: string; purchased: string; period_start: string | null }>(
        `select kind, granted, purchased, period_start::text as period_start from public.credit_ledger
         where org_id = $1 order by created_at, kind`,
        [org],
      )
    ).rows.map((e) => ({ ...e, granted: Number(e.granted), purchased: Number(e.purchased) }));
  const balanceIsSum = async (org: string) => {
    const s = await sums(ctx.db, org);
    expect(s.row).toEqual(s.ledger);
    return s.row;
  };

  beforeAll(async () => {
    t = await creditOrg(ctx.db, 'Ledger Labs', 1000);
  });

  it('the balance row equals the sum of the ledger, bucket by bucket, after grants, expiry, purchases and debits', async () => {
    const { org, owner, project } = t;
    // Last month's grant, as the month's first debit would have left it then.
    await ctx.db.query(
      `insert into public.credit_ledger (org_id, kind, granted, period_start, plan_id)
       values ($1, 'grant', 400, (app.usage_period() - interval '1 month')::date, $2)`,
      [org, t.plan],
    );
    await ctx.db.query(
      `update public.credit_balances set grant_period = (app.usage_period() - interval '1 month')::date,
         grant_plan_id = $2, grant_amount = 400 where org_id = $1`,
      [org, t.plan],
    );
    expect(await balanceIsSum(org)).toEqual({ granted: 400, purchased: 0, balance: 400 });
    await purchased(ctx.db, org, 500);
    expect(await balanceIsSum(org)).toEqual({ granted: 400, purchased: 500, balance: 900 });

    // The month's first debit: last month's 400 expire, this month's 1000 come, the debit spends them first.
    await debit(ctx.db, owner, org, 100, project);
    expect(await balanceIsSum(org)).toEqual({ granted: 900, purchased: 500, balance: 1400 });
    // Past the grant: the rest from purchased credits.
    await debit(ctx.db, owner, org, 1200, project);
    expect(await balanceIsSum(org)).toEqual({ granted: 0, purchased: 200, balance: 200 });
    await debit(ctx.db, owner, org, 150);
    expect(await balanceIsSum(org)).toEqual({ granted: 0, purchased: 50, balance: 50 });

    const kinds = (await entries(org)).map((e) => [e.kind, e.granted, e.purchased]);
    expect(kinds).toEqual([
      ['grant', 400, 0],
      ['purchase', 0, 500],
      ['grant', 1000, 0],
      ['grant_expiry', -400, 0],
      ['usage', -100, 0],
      ['usage', -900, -300],
      ['usage', 0, -150],
    ]);
    // The month is granted once: later debits of the month give nothing more.
    const grants = (await entries(org)).filter((e) => e.kind === 'grant');
    expect(grants.map((g) => g.period_start)).toHaveLength(2);
  });

  it('a debit the credits cannot pay is PS402 naming what is left, and leaves nothing: no usage row, no entry, the same balance', async () => {
    const { org, owner } = t;
    const before = await sums(ctx.db, org);
    const usage = async () =>
      (await ctx.db.query('select 1 from public.token_usage where org_id = $1', [org])).rows.length;
    const rowsBefore = await usage();
    const err = await debit(ctx.db, owner, org, 51).then(
      () => null,
      (e: { code?: string; column?: string; detail?: string; message: string }) => e,
    );
    expect(err).toMatchObject({ code: 'PS402', column: 'tokens_used' });
    expect(err!.message).toMatch(/^not enough token credits: 50 left, 51 asked for/);
    expect(JSON.parse(err!.detail!)).toMatchObject({ metric: 'tokens', limit: 50, reset_at: expect.any(String) });
    expect(await sums(ctx.db, org)).toEqual(before);
    expect(await usage()).toBe(rowsBefore);
    // Exactly what is left can be spent, and then nothing.
    await debit(ctx.db, owner, org, 50);
    expect(await balanceIsSum(org)).toEqual({ granted: 0, purchased: 0, balance: 0 });
    expect(await outcome(debit(ctx.db, owner, org, 1))).toBe('PS402');
  });

  it('credit_summary shows the balance with this month’s grant, and the plan it comes from', async () => {
    await purchased(ctx.db, t.org, 300);
    const { rows } = await withPrincipal(ctx.db, t.owner, (tx) =>
      tx.query<Record<string, string>>(
        'select balance, granted, purchased, plan_id, monthly_grant from public.credit_summary($1)',
        [t.org],
      ),
    );
    const r = rows[0]!;
    expect([r.balance, r.granted, r.purchased, r.plan_id, r.monthly_grant].map(String)).toEqual([
      '300',
      '0',
      '300',
      t.plan,
      '1000',
    ]);
  });

  it('the ledger and the usage are append-only: API roles have no grant, the owner meets the trigger', async () => {
    for (const who of [{ kind: 'user', userId: A.users.owner.id }, service] as Principal[]) {
      for (const sql of [
        'update public.credit_ledger set granted = granted where org_id = $1',
        'delete from public.credit_ledger where org_id = $1',
        'update public.token_usage set tokens_used = 1 where org_id = $1',
        'delete from public.token_usage where org_id = $1',
        'update public.credit_balances set purchased = purchased + 1000000 where org_id = $1',
        "insert into public.credit_ledger (org_id, kind, granted, period_start) values ($1, 'grant', 1000000, '2001-01-01')",
      ])
        expect(await outcome(withPrincipal(ctx.db, who, (tx) => tx.query(sql, [A.id]))), sql).toBe('42501');
    }
    for (const sql of [
      'update public.credit_ledger set granted = 0 where org_id = $1',
      'delete from public.credit_ledger where org_id = $1',
      'update public.token_usage set tokens_used = 1 where org_id = $1',
      'delete from public.token_usage where org_id = $1',
    ]) {
      const err = await ctx.db.query(sql, [A.id]).then(
        () => null,
        (e: { code?: string; message: string }) => e,
      );
      expect(err, sql).toMatchObject({ code: 'PS403', message: expect.stringMatching(/is append-only/) });
    }
  });

  it('a deleted project leaves its usage behind, unnamed; the purge of an organisation takes its credits with it', async () => {
    const { org, project } = t;
    await ctx.db.query('delete from public.projects where org_id = $1 and id = $2', [org, project]);
    const { rows } = await ctx.db.query<{ n: string; named: string }>(
      'select count(*) as n, count(project_id) as named from public.token_usage where org_id = $1',
      [org],
    );
    expect(Number(rows[0]!.n)).toBeGreaterThan(0);
    expect(Number(rows[0]!.named)).toBe(0);
    await balanceIsSum(org);
    // The owner soft-deletes, the grace period ends, the purge runs (as `palisade orgs purge` does).
    await withPrincipal(ctx.db, t.owner, (tx) => tx.query('select public.delete_organisation($1)', [org]));
    await ctx.db.query(
      `update public.organisations set deleted_at = now() - interval '2 seconds', purge_after = now() - interval '1 second' where id = $1`,
      [org],
    );
    expect((await ctx.db.query('select app.purge_organisation($1) as ok', [org])).rows[0]).toEqual({ ok: true });
    for (const table of ['credit_ledger', 'credit_balances', 'token_usage', 'token_purchases']) {
      const left = await ctx.db.query(`select 1 from public.${table} where org_id = $1`, [org]);
      expect(left.rows, table).toEqual([]);
    }
  });
});

describeEngines('token credits: tenants, roles and the audit chain', (ctx) => {
  const as = (u: { id: string }): Principal => ({ kind: 'user', userId: u.id });
  const ownerB = as(B.users.owner);

  it("another organisation's people read none of A's credits, cannot debit A, nor record usage on A's project", async () => {
    for (const table of ['credit_ledger', 'credit_balances', 'token_usage', 'token_purchases']) {
      const seen = await withPrincipal(ctx.db, ownerB, (tx) =>
        tx.query(`select org_id from public.${table} where org_id = $1`, [A.id]),
      );
      expect(seen.rows, table).toEqual([]);
    }
    expect(
      await outcome(withPrincipal(ctx.db, ownerB, (tx) => tx.query('select * from public.credit_summary($1)', [A.id]))),
    ).toBe('PS404');
    const before = await sums(ctx.db, A.id);
    // In A: refused by RLS, before any debit could say how much A has.
    expect(await outcome(debit(ctx.db, ownerB, A.id, 10, A.project))).toBe('42501');
    expect(await outcome(debit(ctx.db, ownerB, A.id, 1e12))).toBe('42501');
    // In B, naming A's project: the composite reference (org_id, project_id) finds no such project of B.
    expect(await outcome(debit(ctx.db, ownerB, B.id, 10, A.project))).toBe('23503');
    expect(await sums(ctx.db, A.id)).toEqual(before);
  });

  it('members and up (and member keys) record usage in their own name; viewers, suspended members and viewer keys cannot', async () => {
    const key = (role: 'viewer' | 'member' | 'admin'): Principal => ({
      kind: 'api_key',
      keyId: A.apiKeys[role],
      orgId: A.id,
      role,
    });
    for (const who of [as(A.users.owner), as(A.users.admin), as(A.users.member), key('member'), key('admin')]) {
      const { rows } = await withPrincipal(ctx.db, who, (tx) =>
        tx.query<{ created_by: string | null; api_key_id: string | null }>(
          `insert into public.token_usage (org_id, project_id, tokens_used, usage_type, model)
           values ($1, $2, 5, 'search', 'text-embedding-3-small') returning created_by, api_key_id`,
          [A.id, A.project],
        ),
      );
      expect(rows[0]).toEqual(
        who.kind === 'api_key'
          ? { created_by: null, api_key_id: who.keyId }
          : { created_by: (who as { userId: string }).userId, api_key_id: null },
      );
    }
    for (const who of [as(A.users.viewer), as(A.users.suspended), as(A.users.invited), key('viewer')])
      expect(await outcome(debit(ctx.db, who, A.id, 5, A.project))).toBe('42501');
    // A browser caller cannot write someone else's name on its usage (no grant on created_by).
    const forged = withPrincipal(ctx.db, as(A.users.member), (tx) =>
      tx.query(
        `insert into public.token_usage (org_id, tokens_used, usage_type, model, created_by) values ($1, 5, 'chat', 'm', $2)`,
        [A.id, A.users.owner.id],
      ),
    );
    expect(await outcome(forged)).toBe('42501');
    // The service names a member it records for, never a stranger.
    const onBehalf = (user: string) =>
      withPrincipal(ctx.db, service, (tx) =>
        tx.query(
          `insert into public.token_usage (org_id, tokens_used, usage_type, model, created_by) values ($1, 5, 'chat', 'm', $2)`,
          [A.id, user],
        ),
      );
    expect(await outcome(onBehalf(A.users.member.id))).toBe('ok');
    expect(await outcome(onBehalf(B.users.owner.id))).toBe('PS422');
  });

  it('each debit is one entry in the organisation’s audit chain (not its ledger entry); grants and purchases are entries of their own', async () => {
    const count = async (table: string) =>
      Number(
        (
          await ctx.db.query<{ n: string }>(
            'select count(*) as n from public.audit_log where org_id = $1 and target_table = $2',
            [A.id, table],
          )
        ).rows[0]!.n,
      );
    const ledger = async (usage: boolean) =>
      Number(
        (
          await ctx.db.query<{ n: string }>(
            `select count(*) as n from public.credit_ledger where org_id = $1 and (kind = 'usage') = $2`,
            [A.id, usage],
          )
        ).rows[0]!.n,
      );
    const usageRows = async () =>
      Number(
        (await ctx.db.query<{ n: string }>('select count(*) as n from public.token_usage where org_id = $1', [A.id]))
          .rows[0]!.n,
      );
    const before = { usage: await count('public.token_usage'), ledger: await count('public.credit_ledger') };
    await debit(ctx.db, as(A.users.member), A.id, 7, A.project);
    await debit(ctx.db, as(A.users.member), A.id, 8, A.project);
    expect(await count('public.token_usage')).toBe(before.usage + 2);
    expect(await count('public.credit_ledger')).toBe(before.ledger);
    expect(await count('public.token_usage')).toBe(await usageRows());
    expect(await count('public.credit_ledger')).toBe(await ledger(false));
    // The chain still verifies with them.
    expect((await verifyChains(ctx.db, { orgId: A.id, chains: ['audit_log'] })).reports[0]).toMatchObject({
      status: 'ok',
    });
  });
});

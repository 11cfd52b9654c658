import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPostgres } from '../db/postgres.ts';
import { withPrincipal } from '../db/principal.ts';
import type { Database } from '../db/types.ts';
import { describeEngines } from '../testing/engines.ts';
import { outcome } from '../testing/races.ts';
import { creditOrg, purchased, sums } from './testing.ts';

/**
 * Debits racing for the last credits, on the server only (PGlite has one connection): twenty
 * transactions, each on its own connection, all open before any of them inserts its usage row.
 */
describeEngines('token credits under concurrent debits', (ctx) => {
  const RACERS = 20;
  let pool: Database | undefined;
  beforeAll(() => {
    if (ctx.url) pool = openPostgres({ url: ctx.url, max: RACERS + 1 });
  });
  afterAll(() => pool?.close());

  /** RACERS debits of `tokens` each by the org's owner, released together; their outcomes. */
  async function race(t: Awaited<ReturnType<typeof creditOrg>>, tokens: number): Promise<string[]> {
    let arrived = 0;
    let go!: () => void;
    const released = new Promise<void>((r) => (go = r));
    return Promise.all(
      Array.from({ length: RACERS }, () =>
        outcome(
          withPrincipal(pool!, t.owner, async (tx) => {
            await tx.query('select 1');
            if (++arrived === RACERS) go();
            await released;
            await tx.query(
              `insert into public.token_usage (org_id, project_id, tokens_used, usage_type, model)
               values ($1, $2, $3, 'chat', 'gpt-4o-mini')`,
              [t.org, t.project, tokens],
            );
          }),
        ),
      ),
    );
  }

  const count = async (sql: string, org: string) => Number((await ctx.db.query<{ n: string }>(sql, [org])).rows[0]!.n);

  it.skipIf(ctx.engine === 'pglite')(
    'twenty debits at a month boundary for 1000 credits, 100 each: ten succeed, the rest get PS402, one grant and one expiry, never below zero',
    async () => {
      const t = await creditOrg(ctx.db, 'Boundary Race', 300);
      // Last month's grant, 50 of it unspent: the first debit to lock the balance row gives this month's.
      await ctx.db.query(
        `insert into public.credit_ledger (org_id, kind, granted, period_start, plan_id)
         values ($1, 'grant', 50, (app.usage_period() - interval '1 month')::date, $2)`,
        [t.org, t.plan],
      );
      await ctx.db.query(
        `update public.credit_balances set grant_period = (app.usage_period() - interval '1 month')::date,
           grant_plan_id = $2, grant_amount = 50 where org_id = $1`,
        [t.org, t.plan],
      );
      await purchased(ctx.db, t.org, 700);
      const results = await race(t, 100);
      expect(results.filter((r) => r === 'ok')).toHaveLength(10);
      expect(results.filter((r) => r === 'PS402')).toHaveLength(10);
      const s = await sums(ctx.db, t.org);
      expect(s.row).toEqual({ granted: 0, purchased: 0, balance: 0 });
      expect(s.ledger).toEqual(s.row);
      // Every success is one usage row and one ledger entry; every refusal left neither.
      expect(await count('select count(*) as n from public.token_usage where org_id = $1', t.org)).toBe(10);
      expect(
        await count("select count(*) as n from public.credit_ledger where org_id = $1 and kind = 'usage'", t.org),
      ).toBe(10);
      // Last month's grant, its expiry, and this month's grant: once, whichever racer locked first.
      const grants = await ctx.db.query<{ kind: string; granted: string; current: boolean }>(
        `select kind, granted, period_start = app.usage_period() as current from public.credit_ledger
         where org_id = $1 and kind <> 'usage' and kind <> 'purchase' order by kind, period_start`,
        [t.org],
      );
      expect(grants.rows.map((r) => [r.kind, Number(r.granted), r.current])).toEqual([
        ['grant', 50, false],
        ['grant', 300, true],
        ['grant_expiry', -50, false],
      ]);
    },
  );

  it.skipIf(ctx.engine === 'pglite')(
    'twenty debits of one token for the last seven: exactly seven succeed and the balance ends at zero',
    async () => {
      const t = await creditOrg(ctx.db, 'Last Seven', 0);
      await purchased(ctx.db, t.org, 7);
      const results = await race(t, 1);
      expect(results.filter((r) => r === 'ok')).toHaveLength(7);
      expect(results.filter((r) => r === 'PS402')).toHaveLength(13);
      const s = await sums(ctx.db, t.org);
      expect(s.row).toEqual({ granted: 0, purchased: 0, balance: 0 });
      expect(s.ledger).toEqual(s.row);
      expect(await count('select count(*) as n from public.token_usage where org_id = $1', t.org)).toBe(7);
    },
  );
});

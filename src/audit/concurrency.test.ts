/**
 * Real concurrency needs real connections: server only (PGlite has one connection, so its writers
 * are serialised by construction). Timings are printed, never asserted; what is asserted is the
 * chain (gapless, verifying) and who waits on a lock (lock_timeout makes waiting an error).
 */
import { expect, it } from 'vitest';
import { openPostgres } from '../db/postgres.ts';
import { withPrincipal } from '../db/principal.ts';
import type { Database } from '../db/types.ts';
import { describeEngines } from '../testing/engines.ts';
import { newOrg } from './test-helpers.ts';
import { verifyChains } from './verify.ts';

const WRITERS = 8;

describeEngines('audit chains under concurrency', (ctx) => {
  const serverOnly = it.skipIf(ctx.engine === 'pglite');

  async function withPool<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    const db = openPostgres({ url: ctx.url!, max: WRITERS + 2 });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }

  /** One transaction: append, then hold the chain's head lock for `holdMs` before committing. */
  const appendAndHold = (db: Database, org: string, holdMs: number) =>
    withPrincipal(db, { kind: 'service' }, async (tx) => {
      await tx.query(`select app.record_audit_event($1, 'test.concurrent', null, null, null, null)`, [org]);
      if (holdMs) await tx.query('select pg_sleep($1)', [holdMs / 1000]);
    });

  serverOnly(`${WRITERS} concurrent writers in one organisation produce one gapless chain that verifies`, async () => {
    const org = await newOrg(ctx.db, 'Busy Ltd');
    const perWriter = 25;
    const started = performance.now();
    await withPool((db) =>
      Promise.all(
        Array.from({ length: WRITERS }, async () => {
          for (let i = 0; i < perWriter; i++) await appendAndHold(db, org, 0);
        }),
      ),
    );
    const ms = performance.now() - started;
    const { rows } = await ctx.db.query<{ n: number; min: number; max: number }>(
      'select count(*)::int as n, min(seq)::int as min, max(seq)::int as max from public.audit_log where org_id = $1',
      [org],
    );
    expect(rows[0]).toEqual({ n: WRITERS * perWriter + 1, min: 1, max: WRITERS * perWriter + 1 });
    const r = await verifyChains(ctx.db, { orgId: org, chains: ['audit_log'] });
    expect(r.reports[0]).toMatchObject({ status: 'ok', lastSeq: WRITERS * perWriter + 1 });
    console.log(
      `[audit concurrency] ${WRITERS} writers × ${perWriter} appends in one organisation: ${ms.toFixed(0)} ms, chain 1..${rows[0]!.max} gapless`,
    );
  });

  serverOnly(
    `writers in ${WRITERS} different organisations proceed in parallel; in one organisation they queue`,
    async () => {
      const orgs = await Promise.all(Array.from({ length: WRITERS }, (_, i) => newOrg(ctx.db, `Parallel ${i}`)));
      const holdMs = 300;
      const timed = async (targets: string[]) => {
        const t = performance.now();
        await withPool((db) => Promise.all(targets.map((org) => appendAndHold(db, org, holdMs))));
        return performance.now() - t;
      };
      const distinct = await timed(orgs);
      const same = await timed(orgs.map(() => orgs[0]!));
      console.log(
        `[audit concurrency] ${WRITERS} transactions each holding its chain ${holdMs} ms: ` +
          `${WRITERS} organisations ${distinct.toFixed(0)} ms (parallel), one organisation ${same.toFixed(0)} ms (serialised)`,
      );
      for (const org of orgs) expect((await verifyChains(ctx.db, { orgId: org, chains: ['audit_log'] })).ok).toBe(true);
    },
  );

  serverOnly('a writer never waits on another organisation’s open append, and does wait on its own', async () => {
    const [x, y] = [await newOrg(ctx.db, 'Holder'), await newOrg(ctx.db, 'Neighbour')];
    await withPool(async (db) => {
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let holding!: () => void;
      const held = new Promise<void>((r) => (holding = r));
      // Holds org x's head row until released.
      const holder = withPrincipal(db, { kind: 'service' }, async (tx) => {
        await tx.query(`select app.record_audit_event($1, 'test.hold', null, null, null, null)`, [x]);
        holding();
        await released;
      });
      await held;
      const attempt = (org: string) =>
        withPrincipal(db, { kind: 'service' }, async (tx) => {
          await tx.query(`set local lock_timeout = '200ms'`);
          await tx.query(`select app.record_audit_event($1, 'test.probe', null, null, null, null)`, [org]);
        }).then(
          () => 'appended',
          (e: { code?: string }) => e.code,
        );
      expect(await attempt(y)).toBe('appended'); // any lock wait at all would have been an error
      expect(await attempt(x)).toBe('55P03'); // lock_not_available: it queued behind the holder
      release();
      await holder;
    });
  });
});

/**
 * Helpers for tests that race two transactions on the PostgreSQL server (PGlite has one
 * connection): one session holds a transaction open while another acts, and a poll of
 * pg_stat_activity says when the second waits on a row lock the first holds.
 */
import { type Principal, withPrincipal } from '../db/principal.ts';
import type { Database, Queryable } from '../db/types.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** 'ok', or the SQLSTATE the database refused with. */
export const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? String(e),
  );

/** Resolves once some session of this database waits on a lock (a row lock here). */
async function someoneWaitsOnALock(db: Database) {
  for (let i = 0; i < 400; i++) {
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if (rows[0]!.n > 0) return;
    await sleep(25);
  }
  throw new Error('no session waited on a lock within 10 s');
}

/**
 * Session 1 runs `hold` as `first` and keeps its transaction open; session 2 runs `act` as `second`
 * and must block on a row session 1 holds; session 1 then commits. Returns session 2's outcome.
 */
export async function raceBehindLock(
  db: Database,
  first: Principal,
  hold: (tx: Queryable) => Promise<unknown>,
  second: Principal,
  act: (tx: Queryable) => Promise<unknown>,
) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let holding!: () => void;
  const held = new Promise<void>((r) => (holding = r));
  const s1 = withPrincipal(db, first, async (tx) => {
    await hold(tx);
    holding();
    await released;
  });
  await held;
  const s2 = outcome(withPrincipal(db, second, act));
  await someoneWaitsOnALock(db);
  release();
  await s1;
  return s2;
}

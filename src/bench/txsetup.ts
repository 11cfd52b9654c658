import { withPrincipal } from '../db/principal.ts';
import type { Database } from '../db/types.ts';
import { type CompareOptions, compareAlternating } from './stats.ts';

/**
 * The price of running as a principal: withPrincipal (BEGIN + role + claims in one round trip)
 * around a trivial query, against the same query in a plain transaction. The two take turns
 * transaction by transaction on the same pool (compareAlternating).
 */
export function benchTxSetup(db: Database, userId: string, opts: CompareOptions) {
  const sql = 'select now()';
  return compareAlternating(
    'per-request transaction setup',
    () => db.transaction((tx) => tx.query(sql)),
    () => withPrincipal(db, { kind: 'user', userId }, (tx) => tx.query(sql)),
    opts,
  );
}

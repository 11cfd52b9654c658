import { withPrincipal } from '../db/principal.ts';
import type { Database } from '../db/types.ts';
import { QUERIES, type Seeded } from './rls.ts';
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

/**
 * A request's whole price as the caller grows: withPrincipal around one primary-key fetch from the
 * RLS table, so the transaction also loads the caller's membership set, against the same fetch in
 * a plain transaction as the owner. The case's text carries a comment so that each role's
 * statement is prepared and planned on its own, as in benchRls.
 */
export function benchTxSetupWithRead(db: Database, seeded: Seeded, opts: CompareOptions, name: string) {
  const q = QUERIES(seeded.org, seeded.itemId)['fetch by (org_id, id)'];
  return compareAlternating(
    name,
    () => db.transaction((tx) => tx.query(q.sql, q.params)),
    () =>
      withPrincipal(
        db,
        { kind: 'user', userId: seeded.user },
        (tx) => tx.query(`${q.sql} -- as the caller, with its transaction`, q.params),
        seeded.actingOrg === undefined ? {} : { actingOrgId: seeded.actingOrg },
      ),
    opts,
  );
}

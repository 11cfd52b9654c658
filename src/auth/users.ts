import { withPrincipal } from '../db/principal.ts';
import type { Database } from '../db/types.ts';

const CACHE_LIMIT = 10_000;

/**
 * Makes sure a verified token's user has its auth.users row (tenancy rows reference it), as the
 * service through app.ensure_user. Remembered per process, so a known user costs nothing per
 * request; the first request of a user, or one whose email changed, costs one short transaction.
 */
export function createUserSync(db: Database) {
  const known = new Map<string, string | null>();
  return async function ensureUser(userId: string, email: string | undefined): Promise<void> {
    const mail = email ?? null;
    if (known.get(userId) === mail) return;
    await withPrincipal(db, { kind: 'service' }, (tx) => tx.query('select app.ensure_user($1, $2)', [userId, mail]));
    known.delete(userId);
    known.set(userId, mail);
    if (known.size > CACHE_LIMIT) known.delete(known.keys().next().value!);
  };
}

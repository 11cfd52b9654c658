import type { Queryable } from './types.ts';

export interface AdminAction {
  /** The organisation acted on; null for platform-wide actions (e.g. minting an admin token). */
  orgId: string | null;
  action: string;
  targetTable: string | null;
  targetId: string | null;
  /** Identifiers and field names only: never request bodies, which may hold secrets. */
  details: Record<string, unknown>;
  requestId: string | null;
}

/**
 * Appends to the admin_actions chain (src/audit) inside the caller's transaction, so an
 * admin write and its record commit or roll back together. The actor is taken from the
 * transaction's claims by the SQL function itself, never passed in.
 */
export async function recordAdminAction(tx: Queryable, a: AdminAction): Promise<void> {
  await tx.query('select app.record_admin_action($1, $2, $3, $4, $5, $6)', [
    a.orgId,
    a.action,
    a.targetTable,
    a.targetId,
    JSON.stringify(a.details),
    a.requestId,
  ]);
}

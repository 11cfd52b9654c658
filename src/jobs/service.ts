import { type Claims, withPrincipal } from '../db/principal.ts';
import type { Database, Queryable } from '../db/types.ts';

/**
 * Runs `fn` in one transaction as the service principal of `orgId`: the database role
 * service_role, with claims and the acting organisation naming the tenant, so RLS decides what
 * the job may touch. A job's work on tenant data never runs as the owner the queue itself uses.
 */
export function asService<T>(db: Database, orgId: string, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  const claims: Claims = { role: 'service_role', org_id: orgId };
  return withPrincipal(db, claims, fn, { actingOrgId: orgId });
}

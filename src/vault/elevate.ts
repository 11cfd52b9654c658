import { type Claims, claimsStatementFor, type Principal, toClaims, withPrincipal } from '../db/principal.ts';
import type { Database, Queryable } from '../db/types.ts';

declare const serviceBrand: unique symbol;
/** A transaction currently running as service_role: the only kind the vault functions accept. */
export type ServiceTx = Queryable & { readonly [serviceBrand]: true };

/**
 * Switches the current transaction to the service role.
 *
 * Threat model: the vault is reachable only by service_role, so a request handler must never
 * reach it on the caller's word. Call this only after a statement run AS THE CALLER, under RLS,
 * returned the row the secret belongs to (e.g. `proveCanManage` in src/integrations/credentials.ts),
 * and use only the identifiers that statement returned. The caller's user id stays in the claims
 * so audit entries name who the service acted for.
 */
export async function elevateToService(tx: Queryable, onBehalfOf?: string | null): Promise<ServiceTx> {
  const claims: Claims = { role: 'service_role', ...(onBehalfOf ? { sub: onBehalfOf } : {}) };
  const s = claimsStatementFor(claims);
  await tx.query(s.sql, s.params);
  return tx as ServiceTx;
}

/**
 * Runs `fn` as the service role on behalf of the caller, then switches the transaction back to the
 * caller, so whatever it does next is RLS-checked again. The same rule as elevateToService: only
 * after a statement run as the caller proved what `fn` may touch.
 */
export async function asServiceFor<T>(
  tx: Queryable,
  caller: Principal | Claims,
  fn: (svc: ServiceTx) => Promise<T>,
): Promise<T> {
  const claims = toClaims(caller);
  const svc = await elevateToService(tx, typeof claims.sub === 'string' ? claims.sub : null);
  const result = await fn(svc);
  const back = claimsStatementFor(claims);
  await tx.query(back.sql, back.params);
  return result;
}

/** A whole unit of work as the service role (CLI commands, workers). */
export function withService<T>(db: Database, fn: (tx: ServiceTx) => Promise<T>): Promise<T> {
  return withPrincipal(db, { kind: 'service' }, (tx) => fn(tx as ServiceTx));
}

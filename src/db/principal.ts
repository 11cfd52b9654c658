import type { Database, Queryable, Statement } from './types.ts';

export type OrgRole = 'owner' | 'admin' | 'member' | 'viewer';
type DbRole = 'anon' | 'authenticated' | 'service_role' | 'platform_admin';

/**
 * Who a unit of work runs as. Claims are built here from a verified principal, never copied from
 * a caller's token, so nothing user-editable reaches request.jwt.claims.
 */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'user'; userId: string; email?: string }
  | { kind: 'platform_admin'; userId: string; email?: string }
  | { kind: 'service' }
  | { kind: 'api_key'; keyId: string; orgId: string; role: Exclude<OrgRole, 'owner'> };

export interface Claims {
  role: DbRole;
  [claim: string]: unknown;
}

export function claimsFor(p: Principal): Claims {
  switch (p.kind) {
    case 'anonymous':
      return { role: 'anon' };
    case 'user':
      return { role: 'authenticated', sub: p.userId, ...(p.email ? { email: p.email } : {}) };
    case 'platform_admin':
      return { role: 'platform_admin', sub: p.userId, is_platform_admin: true, ...(p.email ? { email: p.email } : {}) };
    case 'service':
      return { role: 'service_role' };
    case 'api_key':
      return { role: 'authenticated', api_key_id: p.keyId, org_id: p.orgId, org_role: p.role };
  }
}

const DB_ROLES: ReadonlySet<string> = new Set<DbRole>(['anon', 'authenticated', 'service_role', 'platform_admin']);

/** The role and claims as parameters, for a statement that sets them with others (see runRead). */
export function claimsValues(claims: Claims): [string, string] {
  if (!DB_ROLES.has(claims.role)) throw new Error(`not an API role: ${String(claims.role)}`);
  return [claims.role, JSON.stringify(claims)];
}

/** Sets role and claims from parameters: the statement every principal's transaction starts with. */
export const CLAIMS_SQL = "select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)";

/**
 * The same, with the acting organisation (palisade.acting_org): the one organisation a request
 * names in its path. The caller's membership sets then hold at most that organisation, one keyed
 * lookup however many the caller belongs to (src/core/sql/0003_app_helpers.sql). It only narrows
 * what RLS admits; '' (none) leaves the sets whole.
 */
export const ACTING_CLAIMS_SQL = `${CLAIMS_SQL}, set_config('palisade.acting_org', $3, true)`;

/**
 * The statement that sets role and claims for `principal` (and the acting organisation, when the
 * unit of work is about one), from parameters (withPrincipal, runRead).
 */
export function claimsStatementFor(principal: Principal | Claims, actingOrgId?: string): Statement {
  if (actingOrgId === undefined) return { sql: CLAIMS_SQL, params: claimsValues(toClaims(principal)) };
  return { sql: ACTING_CLAIMS_SQL, params: [...claimsValues(toClaims(principal)), actingOrgId] };
}

/**
 * Runs `fn` in one transaction as `principal`: role and claims are set right after BEGIN, sent
 * with the transaction's first statement (no round trip of their own), and vanish at commit or
 * rollback, so a pooled connection never carries them into another request.
 */
export function withPrincipal<T>(
  db: Database,
  principal: Principal | Claims,
  fn: (tx: Queryable) => Promise<T>,
  opts: { actingOrgId?: string } = {},
): Promise<T> {
  return db.transaction(fn, [claimsStatementFor(principal, opts.actingOrgId)]);
}

/** Raw claims pass through unchanged: tests use them to forge sessions a real token could not produce. */
export function toClaims(p: Principal | Claims): Claims {
  return 'kind' in p ? claimsFor(p as Principal) : (p as Claims);
}

import type { FastifyRequest } from 'fastify';
import { auditContextStatement } from '../../audit/context.ts';
import { recordAdminAction } from '../../auth/admin-actions.ts';
import { claimsFor, claimsStatement, type Principal } from '../../db/principal.ts';
import type { Queryable } from '../../db/types.ts';

export interface AuditHint {
  table?: string;
  targetId?: string;
  action?: string;
  /** The organisation when the route has none in its path (e.g. one it just created). */
  orgId?: string;
}

export interface RunOptions<T = unknown> {
  /** The organisation in the path: the caller must be an active member (else 404, whether or not it exists). */
  orgId?: string;
  /** How an admin write is described in admin_actions; defaults to the route and its last path id. */
  audit?: AuditHint | ((result: T) => AuditHint);
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one way a route touches the database: one transaction as the request's principal (role
 * and claims set with BEGIN), RLS deciding what it sees. Tenant routes first assert membership
 * as that principal, so another organisation's id is "not found" rather than an empty 200.
 * A write made with an admin token is recorded in admin_actions in the same transaction.
 */
export function run<T>(req: FastifyRequest, fn: (tx: Queryable) => Promise<T>, opts: RunOptions<T> = {}): Promise<T> {
  return transactionAs(req, req.principal, async (tx) => {
    if (opts.orgId) await tx.query('select public.assert_tenant_membership($1)', [opts.orgId]);
    const result = await fn(tx);
    if (req.principal.kind === 'platform_admin' && !READS.has(req.method)) {
      const params = (req.params ?? {}) as Record<string, string>;
      const ids = Object.values(params);
      const body = req.body && typeof req.body === 'object' ? Object.keys(req.body as object) : [];
      const hint = typeof opts.audit === 'function' ? opts.audit(result) : (opts.audit ?? {});
      await recordAdminAction(tx, {
        orgId: opts.orgId ?? hint.orgId ?? params.orgId ?? null,
        action: hint.action ?? `${req.method} ${req.routeOptions.url}`,
        targetTable: hint.table ?? null,
        targetId: hint.targetId ?? ids[ids.length - 1] ?? null,
        details: { params, fields: body, tokenId: req.adminTokenId },
        requestId: req.id,
      });
    }
    return result;
  });
}

/**
 * One transaction as `principal`, for this request: role, claims and the audit context (request
 * id, client address, user agent, recorded by every audit entry the transaction appends) travel
 * with BEGIN in one round trip, and all of them vanish at commit.
 */
export function transactionAs<T>(req: FastifyRequest, principal: Principal, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  const ua = req.headers['user-agent'];
  const begin = `${claimsStatement(claimsFor(principal))}; ${auditContextStatement({ requestId: req.id, ip: req.ip, userAgent: typeof ua === 'string' ? ua : undefined })}`;
  return req.server.palisade.db.transaction(fn, begin);
}

import type { FastifyRequest } from 'fastify';
import { recordAdminAction } from '../db/admin-actions.ts';
import { ACTING_CLAIMS_SQL, claimsFor, claimsStatementFor, claimsValues, type Principal } from '../db/principal.ts';
import { auditContextValues } from '../db/request-context.ts';
import type { Queryable, QueryResult, Statement } from '../db/types.ts';

interface AuditHint {
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
  return transactionAs(
    req,
    req.principal,
    async (tx) => {
      // Membership is proven by now (the assertion ran with BEGIN): count the request, or refuse it.
      if (opts.orgId !== undefined) req.server.palisade.meter?.admit(opts.orgId);
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
    },
    opts.orgId,
  );
}

/**
 * One transaction as `principal`, for this request: role, claims and the audit context (request
 * id, client address, user agent, recorded by every audit entry the transaction appends) are set
 * right after BEGIN, and so is the membership assertion of a tenant route (a statement of its
 * own, after the role is set, so it runs as the caller). The server engine sends all of them with
 * the transaction's first statement as one batch: round trips cost both processes CPU on a busy
 * machine (`palisade bench`, API case). All of it vanishes at commit.
 */
export function transactionAs<T>(
  req: FastifyRequest,
  principal: Principal,
  fn: (tx: Queryable) => Promise<T>,
  orgId?: string,
): Promise<T> {
  const begin: Statement[] = [requestSetup(req, principal, orgId)];
  if (orgId !== undefined) begin.push({ sql: ASSERT_MEMBERSHIP_SQL, params: [orgId] });
  return req.server.palisade.db.transaction(fn, begin);
}

/** Role, claims, acting organisation and audit context in one statement, from parameters. */
function requestSetup(req: FastifyRequest, principal: Principal, orgId: string | undefined): Statement {
  const ua = req.headers['user-agent'];
  return {
    sql: SETUP_SQL,
    params: [
      ...claimsValues(claimsFor(principal)),
      orgId ?? '',
      ...auditContextValues({ requestId: req.id, ip: req.ip, userAgent: typeof ua === 'string' ? ua : undefined }),
    ],
  };
}

// withPrincipal's statement with the acting organisation, extended with the audit context.
const SETUP_SQL = `${ACTING_CLAIMS_SQL}, set_config('palisade.request_id', $4, true), set_config('palisade.client_ip', $5, true), set_config('palisade.user_agent', $6, true)`;
const ASSERT_MEMBERSHIP_SQL = 'select public.assert_tenant_membership($1)';

/**
 * A read that is one statement, in one round trip: the role and claims, then the route's
 * statement, travel together as one batch (src/db/pipeline.ts) and run in one implicit
 * transaction, as the request's principal, RLS deciding what it sees. `fn` may issue
 * exactly one query (a second one is a programming error, refused); use run() for more.
 *
 * The membership assertion of a tenant route (`orgId`) is made only when it can change the
 * answer. The statement must read rows of `orgId` from tenant tables whose policies admit only
 * its active members and operators (every table behind these routes): then a returned row is
 * itself proof that RLS let the caller in, exactly what public.assert_tenant_membership checks.
 * When nothing comes back, a second batch asserts it, so another organisation's id is still
 * "not found" (404) rather than an empty 200. Measured (`palisade bench`, API case): one
 * statement fewer per request moved the ratio from 0.52 to 0.58.
 */
export async function runRead<T>(
  req: FastifyRequest,
  fn: (q: Queryable) => Promise<T>,
  opts: { orgId?: string } = {},
): Promise<T> {
  const db = req.server.palisade.db;
  // Role, claims and acting organisation only: a single read appends no audit entry, so the audit
  // context (request id, address, user agent) has nothing to be recorded by. Three settings fewer
  // per read request.
  const setup = claimsStatementFor(req.principal, opts.orgId);
  const assertMembership = () =>
    opts.orgId === undefined
      ? Promise.resolve()
      : db.batch([setup, { sql: ASSERT_MEMBERSHIP_SQL, params: [opts.orgId] }]);
  let sent = false;
  const once: Queryable = {
    async query<R>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
      if (sent) throw new Error('runRead runs exactly one statement; use run() for a route that needs more');
      sent = true;
      const [, result] = await db.batch([setup, { sql, params: params ?? [] }]);
      if (result!.rows.length === 0) await assertMembership();
      return result as QueryResult<R>;
    },
    exec() {
      return Promise.reject(new Error('runRead runs one parameterised query, not scripts'));
    },
  };
  const result = await fn(once);
  // A handler that answered without reading still owes the caller the membership check.
  if (!sent) await assertMembership();
  if (opts.orgId !== undefined) req.server.palisade.meter?.admit(opts.orgId);
  return result;
}

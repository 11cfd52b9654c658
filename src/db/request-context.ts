/**
 * Request context for audit entries. The server sends this with each request's BEGIN (beside the
 * role and claims), so every entry appended in the transaction, by trigger or RPC, carries the
 * request id, client address and user agent. All three settings are transaction-local.
 */
import type { Statement } from './types.ts';

export interface AuditContext {
  requestId?: string | undefined;
  ip?: string | undefined;
  userAgent?: string | undefined;
}

// Bounded here as in SQL (app.audit_append), so an oversized header never reaches the database.
const clip = (v: string | undefined, n: number) => (v ? v.replaceAll('\u0000', '').slice(0, n) : '');

/** The three values, bounded, in the order request_id, client_ip, user_agent. */
export function auditContextValues(c: AuditContext): [string, string, string] {
  return [clip(c.requestId, 200), clip(c.ip, 100), clip(c.userAgent, 512)];
}

/** Sets the three settings from parameters: the values never become SQL text. */
const AUDIT_CONTEXT_SQL =
  "select set_config('palisade.request_id', $1, true), set_config('palisade.client_ip', $2, true), set_config('palisade.user_agent', $3, true)";

export function auditContextStatement(c: AuditContext): Statement {
  return { sql: AUDIT_CONTEXT_SQL, params: auditContextValues(c) };
}

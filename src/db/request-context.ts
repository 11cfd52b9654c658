/**
 * Request context for audit entries. The server sends this with each request's BEGIN (beside the
 * role and claims), so every entry appended in the transaction, by trigger or RPC, carries the
 * request id, client address and user agent. All three settings are transaction-local.
 */
import { sqlLiteral } from './principal.ts';

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

export function auditContextStatement(c: AuditContext): string {
  return (
    `select set_config('palisade.request_id', ${sqlLiteral(clip(c.requestId, 200))}, true), ` +
    `set_config('palisade.client_ip', ${sqlLiteral(clip(c.ip, 100))}, true), ` +
    `set_config('palisade.user_agent', ${sqlLiteral(clip(c.userAgent, 512))}, true)`
  );
}

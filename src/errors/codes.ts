/**
 * Palisade's error vocabulary: every `PS…` code, its HTTP status and what it means. SQL raises
 * the codes marked `sql` (`raise … using errcode = 'PS…'`, the input named in the error's
 * `column`); the server raises the others. docs/error-codes.md is rendered from this file
 * (`npx tsx src/errors/docs.ts --write`); src/errors/codes.test.ts fails when a code raised in
 * SQL or TypeScript is missing here, or when the document is stale.
 */
export const ERROR_CODES = {
  PS400: {
    status: 400,
    sql: false,
    meaning: 'bad request',
    when: 'malformed JSON, an unknown (not declared by the operation) or malformed query parameter, path parameter or header (If-Match, cursor)',
  },
  PS401: {
    status: 401,
    sql: true,
    meaning: 'not authenticated',
    when: 'no valid credential: the operation needs a signed-in person (`app.require_user()`), so anonymous callers, API keys and the service cannot create organisations or accept invitations; or the token or API key sent is malformed, expired, revoked or not accepted',
  },
  PS402: {
    status: 402,
    sql: true,
    meaning: 'plan limit reached',
    when: "the organisation's plan allows no more of a metric (leads, AI qualifications, API requests a month; members, workspaces, integrations at once): `field` names the metric and `usage` gives `{ metric, limit, resetAt }` (resetAt null for what exists at once: remove one or change plan). Limits live in platform.plans and are enforced in the database (app.consume_usage), atomically under concurrent requests. Also too few token credits for a usage record (docs/credits.md): `field` is `tokens_used`, `usage` is `{ metric: 'tokens', limit: <credits left>, resetAt: <next monthly grant> }`; the debit is atomic in the database (app.debit_token_usage) and never overdraws",
  },
  PS403: {
    status: 403,
    sql: true,
    meaning: 'forbidden',
    when: 'the caller is an active member but its role does not allow this (a viewer creating a project, an admin touching an owner), or the route needs another kind of credential',
  },
  PS404: {
    status: 404,
    sql: true,
    meaning: 'not found',
    when: 'the organisation, or an object in it, is not visible to the caller. Another tenant\'s object is always "not found", never "forbidden"',
  },
  PS405: {
    status: 405,
    sql: false,
    meaning: 'method not allowed',
    when: 'the path exists but not with this method; the `Allow` header lists the methods it takes (an unknown path is 404)',
  },
  PS409: {
    status: 409,
    sql: true,
    meaning: 'conflict',
    when: 'the state forbids it: slug taken, already a member, invitation already used, member not in the required status; a published registry entry (step type version, rule pack) is immutable; an OAuth2 connection that is inactive, lacks its client secret, is not connected or needs a new consent (`field` tokens), or whose provider did not grant access',
  },
  PS410: {
    status: 410,
    sql: true,
    meaning: 'gone',
    when: 'an invitation expired or was revoked; a step type version is deprecated and cannot be installed; an OAuth2 consent (its `state`) expired before the provider sent the person back',
  },
  PS412: {
    status: 412,
    sql: true,
    meaning: 'precondition failed',
    when: '`If-Match` names a version that is no longer current',
  },
  PS413: { status: 413, sql: false, meaning: 'payload too large', when: 'the request body is larger than the limit' },
  PS415: { status: 415, sql: false, meaning: 'unsupported media type', when: 'the request body is not JSON' },
  PS422: {
    status: 422,
    sql: true,
    meaning: 'invalid input',
    when: "a value is missing, malformed or out of range (`column` names it); also `org_id` changes on any tenant row. For integration documents (`config`, `field_mappings`, `sync_schedule`) the error's `detail` carries the JSON path, e.g. `$.mappings[2].target`",
  },
  PS423: {
    status: 409,
    sql: true,
    meaning: 'last owner',
    when: 'the change would leave an organisation without an active owner',
  },
  PS424: {
    status: 401,
    sql: false,
    meaning: 'API key held back',
    when: 'the API key is valid but its creator is not an active member of its organisation (suspended, still only invited, removed, has left, or deleted): a key never holds more than its creator, so it grants nothing, and works again if the creator is reactivated. Revoke it to end it for good',
  },
  PS429: {
    status: 429,
    sql: false,
    meaning: 'rate limited',
    when: 'too many requests (`Retry-After` says when to retry)',
  },
  PS500: {
    status: 500,
    sql: false,
    meaning: 'internal error',
    when: 'a bug or an unexpected failure (logged with the request id; no SQL or stack reaches the client)',
  },
  PS502: {
    status: 502,
    sql: false,
    meaning: 'upstream failed',
    when: "an external service the operation relies on (the LLM lead qualifier's provider, an OAuth2 connection's token endpoint) refused the call, failed, timed out or answered with something unusable; nothing was recorded (an OAuth2 connection records the failure as its last_error)",
  },
  PS503: {
    status: 503,
    sql: false,
    meaning: 'not ready',
    when: 'the database is unreachable or too slow, migrations are pending, the server is shutting down, signing keys or the vault are unavailable; another process is still refreshing the same OAuth2 tokens',
  },
} as const satisfies Record<`PS${string}`, { status: number; sql: boolean; meaning: string; when: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}

export function statusOf(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}

/**
 * PostgreSQL's own codes that callers meet, and the answer the server gives (src/http/error-map.ts;
 * src/errors/codes.test.ts checks each row against it).
 */
export const POSTGRES_CODES = [
  {
    sqlstate: '42501',
    meaning: 'insufficient privilege, or a row-level security `WITH CHECK` refusal',
    code: 'PS403',
    http: '403 (401 when the caller is anonymous); tenant routes answer 404 first when the caller is not a member',
  },
  { sqlstate: '23505', meaning: 'unique violation', code: 'PS409', http: '409' },
  {
    sqlstate: '23503',
    meaning: 'foreign key violation (including a composite reference into another tenant)',
    code: 'PS422',
    http: '422; 409 when deleting a row others still refer to',
  },
  {
    sqlstate: '23514',
    meaning: 'check violation; the constraint is named `<table>_<column>_check`, so the field is known',
    code: 'PS422',
    http: '422',
  },
  { sqlstate: '23502', meaning: 'not-null violation', code: 'PS422', http: '422' },
  {
    sqlstate: '22P02',
    meaning:
      'invalid text representation (and other data exceptions: 22007, 22008, 22009, 22003, 22001, 22023, 2201X, 2202E, and 22021 / 22P05 for a NUL the HTTP layer missed)',
    code: 'PS422',
    http: '422',
  },
  {
    sqlstate: '40001',
    meaning: 'serialization failure (also 40P01 deadlock, 55P03 lock not available): retry',
    code: 'PS409',
    http: '409',
  },
  { sqlstate: '57014', meaning: 'statement timeout', code: 'PS503', http: '503' },
] as const satisfies ReadonlyArray<{ sqlstate: string; meaning: string; code: ErrorCode; http: string }>;

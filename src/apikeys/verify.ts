import { timingSafeEqual } from 'node:crypto';
import { claimsStatementFor, type OrgRole } from '../db/principal.ts';
import { type AuditContext, auditContextStatement } from '../db/request-context.ts';
import type { Database } from '../db/types.ts';
import { PalisadeError } from '../errors/error.ts';
import { API_KEY_PREFIX, hashApiKey, looksLikeApiKey } from './keys.ts';

export interface ApiKeyIdentity {
  keyId: string;
  orgId: string;
  role: Exclude<OrgRole, 'owner'>;
}

interface KeyRow {
  org_id: string;
  id: string;
  /** What the key acts as now (app.api_key_effective_role); null when its creator lends nothing. */
  role: ApiKeyIdentity['role'] | null;
  key_hash: Uint8Array;
  revoked: boolean;
  expired: boolean;
  stale: boolean;
  prefix: string;
  last_used_at: Date | null;
}

/** How often last_used_at is written: at most once a minute per key, so busy keys do not contend on one row. */
const LAST_USED_RESOLUTION = '1 minute';

/**
 * A key that was found and refused: the failed authentication is logged with its id and
 * organisation (never the key), while the caller gets only the code and message.
 */
export class ApiKeyRefused extends PalisadeError {
  constructor(
    code: 'PS401' | 'PS424',
    message: string,
    readonly keyId: string,
    readonly orgId: string,
  ) {
    super(code, message);
  }
}

/**
 * Finds the key by the SHA-256 of what was presented. The lookup goes through a unique index on
 * the hash, so its timing depends on the hash, which a caller without the key cannot steer
 * towards any stored key; the digest is then compared in constant time before anything else.
 * Revoked and expired keys are refused with the same status as unknown ones (401).
 * The role reported is what the key can do now, read in the same statement as the key: the lower
 * of its own role and its creator's live membership (`app.api_key_effective_role`, the rule the
 * policies apply). A key whose creator is not an active member grants nothing, so it is refused
 * here (`PS424`) instead of authenticating a principal that reaches no rows.
 * Use is summarised, not logged per request: when last_used_at moves (at most once a minute per
 * key) an `api_key.used` event goes into the organisation's audit_log with the request's context.
 */
export async function authenticateApiKey(
  db: Database,
  presented: string,
  context: AuditContext = {},
): Promise<ApiKeyIdentity> {
  if (!presented.startsWith(API_KEY_PREFIX) || !looksLikeApiKey(presented))
    throw new PalisadeError('PS401', 'the API key is malformed');
  const digest = hashApiKey(presented);
  // Role, claims and the request's context as bind parameters: the user agent is client text.
  const begin = [claimsStatementFor({ kind: 'service' }), auditContextStatement(context)];
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<KeyRow>(
      `select k.org_id, k.id, app.api_key_effective_role(k.role, c.role, c.status) as role,
              k.key_hash, k.prefix, k.last_used_at,
              k.revoked_at is not null as revoked,
              coalesce(k.expires_at <= now(), false) as expired,
              (k.last_used_at is null or k.last_used_at < now() - interval '${LAST_USED_RESOLUTION}') as stale
       from public.api_keys k
       left join public.organisation_members c on c.org_id = k.org_id and c.user_id = k.created_by
       where k.key_hash = $1`,
      [digest],
    );
    const row = rows[0];
    if (!row || !timingSafeEqual(Buffer.from(row.key_hash), digest))
      throw new PalisadeError('PS401', 'the API key is not valid');
    if (row.revoked) throw new ApiKeyRefused('PS401', 'the API key was revoked', row.id, row.org_id);
    if (row.expired) throw new ApiKeyRefused('PS401', 'the API key has expired', row.id, row.org_id);
    if (row.role === null)
      throw new ApiKeyRefused(
        'PS424',
        "the API key's creator is not an active member of its organisation: the key grants nothing until they are",
        row.id,
        row.org_id,
      );
    if (row.stale) {
      await tx.query('update public.api_keys set last_used_at = now() where org_id = $1 and id = $2', [
        row.org_id,
        row.id,
      ]);
      await tx.query(`select app.record_audit_event($1, 'api_key.used', 'public.api_keys', $2, $3, $4)`, [
        row.org_id,
        row.id,
        JSON.stringify({ prefix: row.prefix, previous_use: row.last_used_at }),
        context.requestId ?? null,
      ]);
    }
    return { keyId: row.id, orgId: row.org_id, role: row.role };
  }, begin);
}

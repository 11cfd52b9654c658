import { afterCursor, type Cursor, sortKey, versionOf } from '../db/fragments.ts';
import type { Queryable } from '../db/types.ts';
import type { MintedKey } from './keys.ts';

export interface ApiKeyRow {
  id: string;
  name: string;
  role: string;
  effective_role: string | null;
  prefix: string;
  created_by: string | null;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
  updated_at: Date;
  status: 'active' | 'revoked' | 'expired';
  v: string;
  _k: string;
}

// Metadata only: key_hash is not granted to tenants and is never selected. The effective role is
// the key's own role capped by its creator's membership, as the key's callers get it (the owners
// and admins who read this see every membership of their organisation).
const SELECT = `select k.id, k.name, k.role, app.api_key_effective_role(k.role, c.role, c.status) as effective_role,
    k.prefix, k.created_by, k.expires_at, k.last_used_at, k.revoked_at, k.created_at, k.updated_at,
    case when k.revoked_at is not null then 'revoked' when k.expires_at <= now() then 'expired' else 'active' end as status,
    ${versionOf('k.')} as v, ${sortKey('k.')}
  from public.api_keys k
  left join public.organisation_members c on c.org_id = k.org_id and c.user_id = k.created_by`;

export async function listApiKeys(
  tx: Queryable,
  orgId: string,
  cursor: Cursor | null,
  limit: number,
): Promise<ApiKeyRow[]> {
  const after = afterCursor(cursor, 3, 'k.');
  const { rows } = await tx.query<ApiKeyRow>(
    `${SELECT} where k.org_id = $1${after.sql} order by k.created_at, k.id limit $2`,
    [orgId, limit + 1, ...after.params],
  );
  return rows;
}

export async function getApiKey(tx: Queryable, orgId: string, id: string): Promise<ApiKeyRow | null> {
  const { rows } = await tx.query<ApiKeyRow>(`${SELECT} where k.org_id = $1 and k.id = $2`, [orgId, id]);
  return rows[0] ?? null;
}

/** public.create_api_key checks the caller's role and that the key's role is not above it. */
export async function insertApiKey(
  tx: Queryable,
  orgId: string,
  name: string,
  role: string,
  key: MintedKey,
  expiresAt: string | null,
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>('select public.create_api_key($1, $2, $3, $4, $5, $6) as id', [
    orgId,
    name,
    role,
    key.hash,
    key.prefix,
    expiresAt,
  ]);
  return rows[0]!.id;
}

export async function renameApiKey(tx: Queryable, orgId: string, id: string, name: string, versions: string[] | null) {
  const res = await tx.query(
    `update public.api_keys set name = $3 where org_id = $1 and id = $2 and ($4::text[] is null or ${versionOf()} = any ($4::text[]))`,
    [orgId, id, name, versions],
  );
  return res.rowCount > 0;
}

/** Revoking twice is fine: the first revocation time is kept. */
export async function revokeApiKey(tx: Queryable, orgId: string, id: string) {
  const res = await tx.query(
    'update public.api_keys set revoked_at = coalesce(revoked_at, now()) where org_id = $1 and id = $2',
    [orgId, id],
  );
  return res.rowCount > 0;
}

export const apiKeyVersion = (orgId: string, id: string) => ({
  sql: `select ${versionOf()} as v from public.api_keys where org_id = $1 and id = $2`,
  params: [orgId, id],
});

import { afterCursor, type Cursor, sortKey, versionOf } from '../db/fragments.ts';
import type { Queryable } from '../db/types.ts';
import type { MintedKey } from './keys.ts';

export interface ApiKeyRow {
  id: string;
  name: string;
  role: string;
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

// Metadata only: key_hash is not granted to tenants and is never selected.
const SELECT = `select id, name, role, prefix, created_by, expires_at, last_used_at, revoked_at, created_at, updated_at,
    case when revoked_at is not null then 'revoked' when expires_at <= now() then 'expired' else 'active' end as status,
    ${versionOf()} as v, ${sortKey()}
  from public.api_keys`;

export async function listApiKeys(
  tx: Queryable,
  orgId: string,
  cursor: Cursor | null,
  limit: number,
): Promise<ApiKeyRow[]> {
  const after = afterCursor(cursor, 3);
  const { rows } = await tx.query<ApiKeyRow>(
    `${SELECT} where org_id = $1${after.sql} order by created_at, id limit $2`,
    [orgId, limit + 1, ...after.params],
  );
  return rows;
}

export async function getApiKey(tx: Queryable, orgId: string, id: string): Promise<ApiKeyRow | null> {
  const { rows } = await tx.query<ApiKeyRow>(`${SELECT} where org_id = $1 and id = $2`, [orgId, id]);
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

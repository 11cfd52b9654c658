import { afterCursor, type Cursor, sortKey, versionOf } from '../../db/fragments.ts';
import type { Queryable } from '../../db/types.ts';
import { CONNECTION_COLUMNS, CONNECTION_FROM, type ConnectionWithTokens, TOKEN_COLUMNS } from './rows.ts';

/** OAuth2 connections as the caller sees them (RLS decides), with their token metadata. */

export type ListedConnection = ConnectionWithTokens & { v: string; _k: string };

const SELECT = `select ${CONNECTION_COLUMNS}, ${TOKEN_COLUMNS}, ${versionOf('c.')} as v, ${sortKey('c.')}
  from ${CONNECTION_FROM}`;

export async function listConnections(
  tx: Queryable,
  orgId: string,
  filter: { workspaceId: string | null; projectId: string | null },
  cursor: Cursor | null,
  limit: number,
): Promise<ListedConnection[]> {
  const after = afterCursor(cursor, 5, 'c.');
  const { rows } = await tx.query<ListedConnection>(
    `${SELECT} where c.org_id = $1 and ($3::uuid is null or c.workspace_id = $3) and ($4::uuid is null or c.project_id = $4)${after.sql}
     order by c.created_at, c.id limit $2`,
    [orgId, limit + 1, filter.workspaceId, filter.projectId, ...after.params],
  );
  return rows;
}

export async function getConnection(tx: Queryable, orgId: string, id: string): Promise<ListedConnection | null> {
  const { rows } = await tx.query<ListedConnection>(`${SELECT} where c.org_id = $1 and c.id = $2`, [orgId, id]);
  return rows[0] ?? null;
}

export interface ConnectionSettings {
  name: string;
  description?: string | null;
  provider: string;
  issuer?: string | null;
  authorization_endpoint: string;
  token_endpoint: string;
  revocation_endpoint?: string | null;
  userinfo_endpoint?: string | null;
  client_id: string;
  client_auth_method?: string;
  scopes?: string[];
  additional_params?: Record<string, string>;
  is_active?: boolean;
}

export async function insertConnection(
  tx: Queryable,
  orgId: string,
  scope: { workspaceId: string | null; projectId: string | null },
  s: ConnectionSettings,
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into public.oauth2_connections (org_id, workspace_id, project_id, name, description, provider, issuer,
       authorization_endpoint, token_endpoint, revocation_endpoint, userinfo_endpoint, client_id, client_auth_method,
       scopes, additional_params, is_active)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, coalesce($13, 'client_secret_basic'),
       coalesce($14::text[], '{}'), coalesce($15::jsonb, '{}'), coalesce($16, true))
     returning id`,
    [
      orgId,
      scope.workspaceId,
      scope.projectId,
      s.name,
      s.description ?? null,
      s.provider,
      s.issuer ?? null,
      s.authorization_endpoint,
      s.token_endpoint,
      s.revocation_endpoint ?? null,
      s.userinfo_endpoint ?? null,
      s.client_id,
      s.client_auth_method ?? null,
      s.scopes ?? null,
      s.additional_params === undefined ? null : JSON.stringify(s.additional_params),
      s.is_active ?? null,
    ],
  );
  return rows[0]!.id;
}

export async function updateConnection(
  tx: Queryable,
  orgId: string,
  id: string,
  set: { sql: string; params: unknown[] },
  versions: string[] | null,
): Promise<boolean> {
  const n = set.params.length;
  const res = await tx.query(
    `update public.oauth2_connections set ${set.sql}
     where org_id = $${n + 1} and id = $${n + 2} and ($${n + 3}::text[] is null or ${versionOf()} = any ($${n + 3}::text[]))`,
    [...set.params, orgId, id, versions],
  );
  return res.rowCount > 0;
}

export const connectionVersion = (orgId: string, id: string) => ({
  sql: `select ${versionOf()} as v from public.oauth2_connections where org_id = $1 and id = $2`,
  params: [orgId, id],
});

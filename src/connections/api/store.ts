import { afterCursor, type Cursor, setList, sortKey } from '../../db/fragments.ts';
import type { Queryable } from '../../db/types.ts';
import { notFound, PalisadeError } from '../../errors/error.ts';
import type { ApiConnectionRow } from './schemas.ts';

/**
 * SQL for public.api_connections, always run as the caller: RLS (app.connection_scope_allows)
 * decides which rows exist for them. Nothing here filters by role.
 */

const COLUMNS = `id, org_id, workspace_id, project_id, name, description, api_type, endpoint_url, http_method,
  auth_type, api_key_name, api_key_in, custom_headers, request_body_template, response_path, response_schema, is_active,
  credentials_configured, credentials_updated_at, last_called_at, last_status, created_by, created_at, updated_at, ${sortKey()}`;

const connectionNotFound = () => notFound('API connection', 'connection_id');

const json = (v: unknown) => (v === undefined ? undefined : JSON.stringify(v));

export interface Fields {
  name?: string;
  description?: string | null;
  api_type?: string;
  endpoint_url?: string;
  http_method?: string;
  auth_type?: string;
  api_key_name?: string;
  api_key_in?: string;
  custom_headers?: Record<string, string>;
  request_body_template?: Record<string, unknown>;
  response_path?: string | null;
  response_schema?: Record<string, unknown>;
  is_active?: boolean;
}

/** The columns of a body, jsonb ones serialised; keys come from this code, never from input. */
function columns(f: Fields) {
  return {
    name: f.name,
    description: f.description,
    api_type: f.api_type,
    endpoint_url: f.endpoint_url,
    http_method: f.http_method,
    auth_type: f.auth_type,
    api_key_name: f.api_key_name,
    api_key_in: f.api_key_in,
    custom_headers: json(f.custom_headers),
    request_body_template: json(f.request_body_template),
    response_path: f.response_path,
    response_schema: json(f.response_schema),
    is_active: f.is_active,
  };
}

export async function listConnections(
  tx: Queryable,
  orgId: string,
  filter: { workspaceId?: string; projectId?: string },
  cursor: Cursor | null,
  limit: number,
): Promise<ApiConnectionRow[]> {
  const after = afterCursor(cursor, 5);
  const { rows } = await tx.query<ApiConnectionRow>(
    `select ${COLUMNS} from public.api_connections
     where org_id = $1 and ($2::uuid is null or workspace_id = $2) and ($3::uuid is null or project_id = $3)${after.sql}
     order by created_at, id limit $4`,
    [orgId, filter.workspaceId ?? null, filter.projectId ?? null, limit + 1, ...after.params],
  );
  return rows;
}

export async function getConnection(tx: Queryable, orgId: string, id: string): Promise<ApiConnectionRow> {
  const { rows } = await tx.query<ApiConnectionRow>(
    `select ${COLUMNS} from public.api_connections where org_id = $1 and id = $2`,
    [orgId, id],
  );
  if (!rows[0]) throw connectionNotFound();
  return rows[0];
}

export async function insertConnection(
  tx: Queryable,
  orgId: string,
  scope: { workspaceId: string | null; projectId: string | null },
  f: Fields,
): Promise<ApiConnectionRow> {
  const c = columns(f);
  const { rows } = await tx.query<ApiConnectionRow>(
    `insert into public.api_connections (org_id, workspace_id, project_id, name, description, api_type, endpoint_url,
       http_method, auth_type, api_key_name, api_key_in, custom_headers, request_body_template, response_path,
       response_schema, is_active)
     values ($1, $2, $3, $4, $5, coalesce($6, 'rest'), $7, coalesce($8, 'GET'), coalesce($9, 'none'),
       coalesce($10, 'X-API-Key'), coalesce($11, 'header'), coalesce($12::jsonb, '{}'), coalesce($13::jsonb, '{}'), $14,
       coalesce($15::jsonb, '{}'), coalesce($16, true))
     returning ${COLUMNS}`,
    [
      orgId,
      scope.workspaceId,
      scope.projectId,
      c.name,
      c.description ?? null,
      c.api_type ?? null,
      c.endpoint_url,
      c.http_method ?? null,
      c.auth_type ?? null,
      c.api_key_name ?? null,
      c.api_key_in ?? null,
      c.custom_headers ?? null,
      c.request_body_template ?? null,
      c.response_path ?? null,
      c.response_schema ?? null,
      c.is_active ?? null,
    ],
  );
  return rows[0]!;
}

/**
 * The RLS-checked proof that the caller may manage a connection, run AS THE CALLER: SELECT … FOR
 * UPDATE passes the UPDATE policy as well as the SELECT one, so the row comes back only to the
 * scope's managers, locked until commit. 403 for a reader who may not manage, 404 for anyone else.
 */
export async function proveCanManage(tx: Queryable, orgId: string, id: string): Promise<ApiConnectionRow> {
  const { rows } = await tx.query<ApiConnectionRow>(
    `select ${COLUMNS} from public.api_connections where org_id = $1 and id = $2 for update`,
    [orgId, id],
  );
  if (rows[0]) return rows[0];
  await getConnection(tx, orgId, id);
  throw new PalisadeError('PS403', 'only the scope’s managers may change this API connection', 'connection_id');
}

/** The proof that the caller may call through a connection: a reader who is not a viewer. */
export async function proveCanUse(tx: Queryable, orgId: string, id: string): Promise<ApiConnectionRow> {
  const { rows } = await tx.query<ApiConnectionRow>(
    `select ${COLUMNS} from public.api_connections
     where org_id = $1 and id = $2 and app.connection_scope_allows('use', org_id, workspace_id, project_id)`,
    [orgId, id],
  );
  if (rows[0]) return rows[0];
  await getConnection(tx, orgId, id);
  throw new PalisadeError('PS403', 'viewers may read this API connection but not call it', 'connection_id');
}

export async function updateConnection(tx: Queryable, orgId: string, id: string, f: Fields): Promise<ApiConnectionRow> {
  await proveCanManage(tx, orgId, id);
  const set = setList(columns(f), 3);
  const { rows } = await tx.query<ApiConnectionRow>(
    `update public.api_connections set ${set.sql} where org_id = $1 and id = $2 returning ${COLUMNS}`,
    [orgId, id, ...set.params],
  );
  return rows[0]!;
}

export async function deleteConnection(tx: Queryable, orgId: string, id: string): Promise<void> {
  await proveCanManage(tx, orgId, id);
  await tx.query('delete from public.api_connections where org_id = $1 and id = $2', [orgId, id]);
}

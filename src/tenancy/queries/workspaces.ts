import { afterCursor, type Cursor, sortKey, versionOf } from '../../db/fragments.ts';
import type { Queryable } from '../../db/types.ts';

export interface WorkspaceRow {
  id: string;
  name: string;
  description: string | null;
  is_default: boolean;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  v: string;
  _k: string;
}

const SELECT = `select id, name, description, is_default, created_by, created_at, updated_at,
    ${versionOf()} as v, ${sortKey()}
  from public.workspaces`;

export async function listWorkspaces(
  tx: Queryable,
  orgId: string,
  cursor: Cursor | null,
  limit: number,
): Promise<WorkspaceRow[]> {
  const after = afterCursor(cursor, 3);
  const { rows } = await tx.query<WorkspaceRow>(
    `${SELECT} where org_id = $1${after.sql} order by created_at, id limit $2`,
    [orgId, limit + 1, ...after.params],
  );
  return rows;
}

export async function getWorkspace(tx: Queryable, orgId: string, id: string): Promise<WorkspaceRow | null> {
  const { rows } = await tx.query<WorkspaceRow>(`${SELECT} where org_id = $1 and id = $2`, [orgId, id]);
  return rows[0] ?? null;
}

export async function createWorkspace(
  tx: Queryable,
  orgId: string,
  name: string,
  description: string | null,
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>('select public.create_workspace($1, $2, $3) as id', [
    orgId,
    name,
    description,
  ]);
  return rows[0]!.id;
}

export async function updateWorkspace(
  tx: Queryable,
  orgId: string,
  id: string,
  set: { sql: string; params: unknown[] },
  versions: string[] | null,
) {
  const n = set.params.length;
  const res = await tx.query(
    `update public.workspaces set ${set.sql}
     where org_id = $${n + 1} and id = $${n + 2} and ($${n + 3}::text[] is null or ${versionOf()} = any ($${n + 3}::text[]))`,
    [...set.params, orgId, id, versions],
  );
  return res.rowCount > 0;
}

/** The default workspace stays: create_organisation made it, and projects fall back to it. */
export async function deleteWorkspace(tx: Queryable, orgId: string, id: string, versions: string[] | null) {
  const res = await tx.query(
    `delete from public.workspaces where org_id = $1 and id = $2 and not is_default
       and ($3::text[] is null or ${versionOf()} = any ($3::text[]))`,
    [orgId, id, versions],
  );
  return res.rowCount > 0;
}

export const workspaceVersion = (orgId: string, id: string) => ({
  sql: `select ${versionOf()} as v, is_default from public.workspaces where org_id = $1 and id = $2`,
  params: [orgId, id],
});

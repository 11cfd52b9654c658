import { afterCursor, type Cursor, sortKey, versionOf } from '../../db/fragments.ts';
import type { Queryable } from '../../db/types.ts';

export interface ProjectRow {
  id: string;
  workspace_id: string;
  name: string;
  description: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  v: string;
  _k: string;
}

const SELECT = `select id, workspace_id, name, description, created_by, created_at, updated_at,
    ${versionOf()} as v, ${sortKey()}
  from public.projects`;

export async function listProjects(
  tx: Queryable,
  orgId: string,
  workspaceId: string | null,
  cursor: Cursor | null,
  limit: number,
): Promise<ProjectRow[]> {
  const after = afterCursor(cursor, 4);
  const { rows } = await tx.query<ProjectRow>(
    `${SELECT} where org_id = $1 and ($3::uuid is null or workspace_id = $3)${after.sql} order by created_at, id limit $2`,
    [orgId, limit + 1, workspaceId, ...after.params],
  );
  return rows;
}

export async function getProject(tx: Queryable, orgId: string, id: string): Promise<ProjectRow | null> {
  const { rows } = await tx.query<ProjectRow>(`${SELECT} where org_id = $1 and id = $2`, [orgId, id]);
  return rows[0] ?? null;
}

export async function createProject(
  tx: Queryable,
  orgId: string,
  workspaceId: string,
  name: string,
  description: string | null,
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>('select public.create_project($1, $2, $3, $4) as id', [
    orgId,
    workspaceId,
    name,
    description,
  ]);
  return rows[0]!.id;
}

export async function updateProject(
  tx: Queryable,
  orgId: string,
  id: string,
  set: { sql: string; params: unknown[] },
  versions: string[] | null,
) {
  const n = set.params.length;
  const res = await tx.query(
    `update public.projects set ${set.sql}
     where org_id = $${n + 1} and id = $${n + 2} and ($${n + 3}::text[] is null or ${versionOf()} = any ($${n + 3}::text[]))`,
    [...set.params, orgId, id, versions],
  );
  return res.rowCount > 0;
}

export async function deleteProject(tx: Queryable, orgId: string, id: string, versions: string[] | null) {
  const res = await tx.query(
    `delete from public.projects where org_id = $1 and id = $2 and ($3::text[] is null or ${versionOf()} = any ($3::text[]))`,
    [orgId, id, versions],
  );
  return res.rowCount > 0;
}

export const projectVersion = (orgId: string, id: string) => ({
  sql: `select ${versionOf()} as v from public.projects where org_id = $1 and id = $2`,
  params: [orgId, id],
});

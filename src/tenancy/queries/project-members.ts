import { afterCursor, type Cursor, sortKey, versionOf } from '../../db/fragments.ts';
import type { Queryable } from '../../db/types.ts';

export interface ProjectMemberRow {
  id: string;
  user_id: string;
  role: string;
  added_by: string | null;
  created_at: Date;
  updated_at: Date;
  v: string;
  _k: string;
}

const SELECT = `select id, user_id, role, added_by, created_at, updated_at, ${versionOf()} as v, ${sortKey()}
  from public.project_members`;

export async function listProjectMembers(
  tx: Queryable,
  orgId: string,
  projectId: string,
  cursor: Cursor | null,
  limit: number,
) {
  const after = afterCursor(cursor, 4);
  const { rows } = await tx.query<ProjectMemberRow>(
    `${SELECT} where org_id = $1 and project_id = $2${after.sql} order by created_at, id limit $3`,
    [orgId, projectId, limit + 1, ...after.params],
  );
  return rows;
}

export async function getProjectMember(tx: Queryable, orgId: string, projectId: string, userId: string) {
  const { rows } = await tx.query<ProjectMemberRow>(
    `${SELECT} where org_id = $1 and project_id = $2 and user_id = $3`,
    [orgId, projectId, userId],
  );
  return rows[0] ?? null;
}

export async function addProjectMember(tx: Queryable, orgId: string, projectId: string, userId: string, role: string) {
  await tx.query('select public.add_project_member($1, $2, $3, $4)', [orgId, projectId, userId, role]);
}

export async function updateProjectMemberRole(
  tx: Queryable,
  orgId: string,
  projectId: string,
  userId: string,
  role: string,
  versions: string[] | null,
) {
  const res = await tx.query(
    `update public.project_members set role = $4
     where org_id = $1 and project_id = $2 and user_id = $3 and ($5::text[] is null or ${versionOf()} = any ($5::text[]))`,
    [orgId, projectId, userId, role, versions],
  );
  return res.rowCount > 0;
}

export async function removeProjectMember(
  tx: Queryable,
  orgId: string,
  projectId: string,
  userId: string,
  versions: string[] | null,
) {
  const res = await tx.query(
    `delete from public.project_members
     where org_id = $1 and project_id = $2 and user_id = $3 and ($4::text[] is null or ${versionOf()} = any ($4::text[]))`,
    [orgId, projectId, userId, versions],
  );
  return res.rowCount > 0;
}

export const projectMemberVersion = (orgId: string, projectId: string, userId: string) => ({
  sql: `select ${versionOf()} as v from public.project_members where org_id = $1 and project_id = $2 and user_id = $3`,
  params: [orgId, projectId, userId],
});

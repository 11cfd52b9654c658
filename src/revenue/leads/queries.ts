import { afterCursor, type Cursor, sortKey, versionOf } from '../../db/fragments.ts';
import type { Queryable } from '../../db/types.ts';

export interface LeadRow {
  id: string;
  workspace_id: string;
  email: string | null;
  name: string | null;
  company: string | null;
  job_title: string | null;
  phone: string | null;
  website: string | null;
  message: string | null;
  source: string;
  status: string;
  score: number | null;
  qualification: string | null;
  qualification_summary: string | null;
  qualified_at: Date | null;
  hubspot_contact_id: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  v: string;
  _k: string;
}

/** What a person or a key may write about a lead (the summary columns are the qualifier's). */
export interface LeadFields {
  email?: string | null;
  name?: string | null;
  company?: string | null;
  job_title?: string | null;
  phone?: string | null;
  website?: string | null;
  message?: string | null;
}

const SELECT = `select id, workspace_id, email, name, company, job_title, phone, website, message, source, status,
    score, qualification, qualification_summary, qualified_at, hubspot_contact_id, created_by, created_at, updated_at,
    ${versionOf()} as v, ${sortKey()}
  from public.leads`;

export async function listLeads(
  tx: Queryable,
  orgId: string,
  filter: { workspaceId: string | null; status: string | null },
  cursor: Cursor | null,
  limit: number,
): Promise<LeadRow[]> {
  const after = afterCursor(cursor, 5);
  const { rows } = await tx.query<LeadRow>(
    `${SELECT} where org_id = $1 and ($3::uuid is null or workspace_id = $3) and ($4::text is null or status = $4)${after.sql}
     order by created_at, id limit $2`,
    [orgId, limit + 1, filter.workspaceId, filter.status, ...after.params],
  );
  return rows;
}

export async function getLead(tx: Queryable, orgId: string, id: string): Promise<LeadRow | null> {
  const { rows } = await tx.query<LeadRow>(`${SELECT} where org_id = $1 and id = $2`, [orgId, id]);
  return rows[0] ?? null;
}

export async function insertLead(
  tx: Queryable,
  orgId: string,
  workspaceId: string,
  f: LeadFields,
  source: 'manual' | 'api',
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into public.leads (org_id, workspace_id, email, name, company, job_title, phone, website, message, source)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
    [
      orgId,
      workspaceId,
      f.email ?? null,
      f.name ?? null,
      f.company ?? null,
      f.job_title ?? null,
      f.phone ?? null,
      f.website ?? null,
      f.message ?? null,
      source,
    ],
  );
  return rows[0]!.id;
}

export async function updateLead(
  tx: Queryable,
  orgId: string,
  id: string,
  set: { sql: string; params: unknown[] },
  versions: string[] | null,
): Promise<boolean> {
  const n = set.params.length;
  const res = await tx.query(
    `update public.leads set ${set.sql}
     where org_id = $${n + 1} and id = $${n + 2} and ($${n + 3}::text[] is null or ${versionOf()} = any ($${n + 3}::text[]))`,
    [...set.params, orgId, id, versions],
  );
  return res.rowCount > 0;
}

export const leadVersion = (orgId: string, id: string) => ({
  sql: `select ${versionOf()} as v from public.leads where org_id = $1 and id = $2`,
  params: [orgId, id],
});

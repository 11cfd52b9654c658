/**
 * Qualification's SQL. Every statement runs as whoever the transaction is (a member through the
 * API, or the organisation's service principal in the job) and RLS decides (src/revenue/sql/0081_leads.sql):
 * members read, members and up record qualifications, owners and admins set criteria, and nobody
 * changes a qualification once written (no UPDATE grant for any API role).
 */
import { afterCursor, type Cursor, sortKey } from '../../db/fragments.ts';
import type { Queryable } from '../../db/types.ts';
import type { LeadFacts, Qualification } from './types.ts';

export interface LeadToQualify extends LeadFacts {
  id: string;
  workspace_id: string;
  /** The workspace's settings; null without a settings row (the defaults). */
  qualifier: 'rules' | 'llm' | null;
  criteria: unknown;
  auto_qualify: boolean | null;
  /** Whether the caller may record a qualification (members and up, operators). */
  can_write: boolean;
}

export async function leadToQualify(tx: Queryable, orgId: string, leadId: string): Promise<LeadToQualify | null> {
  const { rows } = await tx.query<LeadToQualify>(
    `select l.id, l.workspace_id, l.email, l.name, l.company, l.job_title, l.phone, l.website, l.message, l.source,
            s.qualifier, s.criteria, s.auto_qualify,
            app.has_org_role(l.org_id, array['owner', 'admin', 'member']) as can_write
     from public.leads l
     left join public.qualification_settings s on s.org_id = l.org_id and s.workspace_id = l.workspace_id
     where l.org_id = $1 and l.id = $2`,
    [orgId, leadId],
  );
  return rows[0] ?? null;
}

export interface QualificationRow {
  id: string;
  lead_id: string;
  workspace_id: string;
  qualifier: string;
  model: string | null;
  score: number;
  outcome: string;
  summary: string | null;
  reasons: unknown;
  created_by: string | null;
  created_at: Date;
  _k: string;
}

const COLUMNS = `id, lead_id, workspace_id, qualifier, model, score, outcome, summary, reasons, created_by, created_at, ${sortKey()}`;

const INSERT_FIELDS = 'org_id, workspace_id, lead_id, qualifier, model, score, outcome, summary, reasons';
/** As a member: id and created_by are the database's (members hold no grant on them). */
const AS_MEMBER = `insert into public.lead_qualifications (${INSERT_FIELDS})
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb) returning ${COLUMNS}`;
/**
 * As the service (the job): the qualification's id is the job's, so a job that runs again after
 * its qualification committed finds it (qualificationExists) instead of recording a second one;
 * created_by is whoever asked for it, if anyone.
 */
const AS_JOB = `insert into public.lead_qualifications (${INSERT_FIELDS}, id, created_by)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11) returning ${COLUMNS}`;

export async function recordQualification(
  tx: Queryable,
  orgId: string,
  lead: { id: string; workspace_id: string },
  q: Qualification,
  job?: { id: string; requestedBy: string | null },
): Promise<QualificationRow> {
  const values = [orgId, lead.workspace_id, lead.id, q.qualifier, q.model ?? null, q.score, q.outcome, q.summary];
  const reasons = JSON.stringify(q.reasons);
  const { rows } = await (job
    ? tx.query<QualificationRow>(AS_JOB, [...values, reasons, job.id, job.requestedBy])
    : tx.query<QualificationRow>(AS_MEMBER, [...values, reasons]));
  return rows[0]!;
}

export async function qualificationExists(tx: Queryable, orgId: string, id: string): Promise<boolean> {
  const { rows } = await tx.query('select 1 from public.lead_qualifications where org_id = $1 and id = $2', [
    orgId,
    id,
  ]);
  return rows.length > 0;
}

export async function leadExists(tx: Queryable, orgId: string, leadId: string): Promise<boolean> {
  const { rows } = await tx.query('select 1 from public.leads where org_id = $1 and id = $2', [orgId, leadId]);
  return rows.length > 0;
}

/** A lead's qualifications, oldest first, a page at a time. */
export async function listQualifications(
  tx: Queryable,
  orgId: string,
  leadId: string,
  cursor: Cursor | null,
  limit: number,
): Promise<QualificationRow[]> {
  const after = afterCursor(cursor, 4);
  const { rows } = await tx.query<QualificationRow>(
    `select ${COLUMNS} from public.lead_qualifications
     where org_id = $1 and lead_id = $2${after.sql}
     order by created_at, id limit $3`,
    [orgId, leadId, limit + 1, ...after.params],
  );
  return rows;
}

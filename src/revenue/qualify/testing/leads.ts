import type { Queryable } from '../../../db/types.ts';
import type { LeadFields } from '../../leads/queries.ts';
import type { LeadFacts } from '../types.ts';

export interface TestLead extends LeadFields {
  hubspot_contact_id?: string | null;
  capture_key_id?: string | null;
  /** How long ago it was created, e.g. '100 days'. */
  age?: string;
}

/** A director at a business asking for pricing: 95 with the default criteria. */
export const GOOD_FACTS: LeadFacts = {
  email: 'dana.scully@northwind.example',
  name: 'Dana Scully',
  company: 'Northwind',
  job_title: 'Director of Operations',
  phone: '+44 20 7946 0000',
  website: 'https://northwind.example',
  message: 'Could you send pricing for 40 seats?',
  source: 'form',
};

const { source: _source, ...GOOD_FIELDS } = GOOD_FACTS;
export const GOOD_LEAD: TestLead = GOOD_FIELDS;

/** Inserts a lead as the schema owner (tests set up what no API role may write, such as its age). */
export async function addLead(db: Queryable, orgId: string, workspaceId: string, lead: TestLead = GOOD_LEAD) {
  const { rows } = await db.query<{ id: string }>(
    `insert into public.leads (org_id, workspace_id, email, name, company, job_title, phone, website, message,
                               hubspot_contact_id, capture_key_id, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now() - $12::interval) returning id`,
    [
      orgId,
      workspaceId,
      lead.email ?? null,
      lead.name ?? null,
      lead.company ?? null,
      lead.job_title ?? null,
      lead.phone ?? null,
      lead.website ?? null,
      lead.message ?? null,
      lead.hubspot_contact_id ?? null,
      lead.capture_key_id ?? null,
      lead.age ?? '0 seconds',
    ],
  );
  return rows[0]!.id;
}

export async function qualificationCount(db: Queryable, orgId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'select count(*)::int as n from public.lead_qualifications where org_id = $1',
    [orgId],
  );
  return rows[0]!.n;
}

/** Sets this month's AI qualifications used, as the owner: `'limit'` uses up the plan. */
export async function setAiQualificationsUsed(db: Queryable, orgId: string, used: number | 'limit') {
  await db.query(
    `insert into public.usage_counters (org_id, metric, period_start, used)
     values ($1, 'ai_qualifications', app.usage_period(), coalesce($2, app.org_usage_limit($1, 'ai_qualifications')))
     on conflict on constraint usage_counters_metric_period_key do update set used = excluded.used`,
    [orgId, used === 'limit' ? null : used],
  );
}

/**
 * Lead retention (`palisade leads purge`): deletes an organisation's leads created before a cutoff,
 * and by cascade their qualifications. No API role deletes a lead (0081_leads.sql); this runs as
 * the organisation's service principal, so RLS and the grants still apply, in batches, each its
 * own transaction that deletes and appends one 'leads.purge' admin action with its counts to the
 * organisation's chain: nothing is deleted without its record. The row-level audit trigger
 * records each deleted lead and qualification besides (without their contact fields).
 */
import { randomUUID } from 'node:crypto';
import { ConfigError } from '../config/error.ts';
import { recordAdminAction } from '../db/admin-actions.ts';
import type { Database } from '../db/types.ts';
import { asService } from '../jobs/service.ts';

const UNITS: Record<string, { ms: number; max: number }> = {
  h: { ms: 3_600_000, max: 24 * 36_500 },
  d: { ms: 86_400_000, max: 36_500 },
  w: { ms: 7 * 86_400_000, max: 5_214 },
};

/** An age such as 90d, 12w or 36h, in milliseconds; anything else (0 included) is refused. */
export function parseAge(text: string): number {
  const m = /^([1-9][0-9]{0,5})([hdw])$/.exec(text.trim());
  const unit = m ? UNITS[m[2]!]! : undefined;
  if (!m || !unit || Number(m[1]) > unit.max)
    throw new ConfigError(
      `--older-than must be a whole number of hours, days or weeks above zero, such as 36h, 90d or 12w, at most 100 years (got "${text.slice(0, 40)}").`,
    );
  return Number(m[1]) * unit.ms;
}

export interface LeadPurgeOptions {
  orgId: string;
  /** As given (90d), for the record; `ageMs` is what counts. */
  olderThan: string;
  ageMs: number;
  workspaceId?: string;
  dryRun?: boolean;
  batchSize?: number;
  /** How many leads are due, before the first batch. */
  onStart?: (leads: number) => void;
  onBatch?: (leads: number) => void;
}

export interface LeadPurgeReport {
  orgId: string;
  orgName: string;
  workspaceId: string | null;
  cutoff: string;
  dryRun: boolean;
  /** Due (dry run) or deleted leads, and their qualifications. */
  leads: number;
  qualifications: number;
  batches: number;
}

const COUNT = `select count(*)::int as leads,
    (select count(*)::int from public.lead_qualifications q join public.leads l on l.org_id = q.org_id and l.id = q.lead_id
     where l.org_id = $1 and l.created_at < $2 and ($3::uuid is null or l.workspace_id = $3)) as qualifications
  from public.leads l where l.org_id = $1 and l.created_at < $2 and ($3::uuid is null or l.workspace_id = $3)`;

// The qualifications are counted on the snapshot before the delete, whose cascade removes them.
const DELETE_BATCH = `with doomed as (
    select l.org_id, l.id from public.leads l
    where l.org_id = $1 and l.created_at < $2 and ($3::uuid is null or l.workspace_id = $3)
    order by l.created_at, l.id limit $4 for update
  ), gone as (
    delete from public.leads l using doomed d where l.org_id = d.org_id and l.id = d.id returning 1
  )
  select (select count(*)::int from gone) as leads,
         (select count(*)::int from public.lead_qualifications q join doomed d on q.org_id = d.org_id and q.lead_id = d.id) as qualifications`;

export async function purgeLeads(db: Database, opts: LeadPurgeOptions): Promise<LeadPurgeReport> {
  const cutoff = new Date(Date.now() - opts.ageMs);
  const ws = opts.workspaceId ?? null;
  const batchSize = opts.batchSize ?? 500;
  const found = await asService(db, opts.orgId, async (tx) => {
    const org = await tx.query<{ name: string }>('select name from public.organisations where id = $1', [opts.orgId]);
    if (!org.rows[0]) return null;
    if (ws) {
      const w = await tx.query('select 1 from public.workspaces where org_id = $1 and id = $2', [opts.orgId, ws]);
      if (!w.rows.length) return { name: org.rows[0].name, missingWorkspace: true, leads: 0, qualifications: 0 };
    }
    const c = await tx.query<{ leads: number; qualifications: number }>(COUNT, [opts.orgId, cutoff, ws]);
    return { name: org.rows[0].name, missingWorkspace: false, ...c.rows[0]! };
  });
  if (!found) throw new ConfigError(`no organisation has the id ${opts.orgId}.`);
  if (found.missingWorkspace) throw new ConfigError(`the organisation has no workspace ${ws}.`);
  const report: LeadPurgeReport = {
    orgId: opts.orgId,
    orgName: found.name,
    workspaceId: ws,
    cutoff: cutoff.toISOString(),
    dryRun: !!opts.dryRun,
    leads: opts.dryRun ? found.leads : 0,
    qualifications: opts.dryRun ? found.qualifications : 0,
    batches: 0,
  };
  if (opts.dryRun) return report;
  opts.onStart?.(found.leads);
  const runId = randomUUID();
  // At least one batch: a purge that found nothing is recorded too.
  for (;;) {
    const done = await asService(db, opts.orgId, async (tx) => {
      const { rows } = await tx.query<{ leads: number; qualifications: number }>(DELETE_BATCH, [
        opts.orgId,
        cutoff,
        ws,
        batchSize,
      ]);
      const n = rows[0]!;
      await recordAdminAction(tx, {
        orgId: opts.orgId,
        action: 'leads.purge',
        targetTable: 'leads',
        targetId: ws,
        details: {
          run_id: runId,
          batch: report.batches + 1,
          older_than: opts.olderThan,
          cutoff: report.cutoff,
          workspace_id: ws,
          leads: n.leads,
          qualifications: n.qualifications,
        },
        requestId: null,
      });
      return n;
    });
    report.batches++;
    report.leads += done.leads;
    report.qualifications += done.qualifications;
    opts.onBatch?.(done.leads);
    if (done.leads < batchSize) return report;
  }
}

import type { Database } from '../db/types.ts';

interface PurgeCandidate {
  id: string;
  name: string;
  deleted_at: Date;
  purge_after: Date;
}

export interface PurgeReport {
  dryRun: boolean;
  /** Organisations whose grace period had ended when the run started. */
  due: PurgeCandidate[];
  /** Ids purged (a dry run purges none; one restored or purged meanwhile is skipped). */
  purged: string[];
  skipped: string[];
}

/**
 * Purges soft-deleted organisations whose purge_after has passed (all of them, or one), each in its
 * own transaction through app.purge_organisation, which re-checks under the row lock: an owner's
 * restore that commits first wins. Runs as the schema owner (the CLI's connection); no API role
 * can call it.
 */
export async function purgeOrganisations(
  db: Database,
  opts: { dryRun?: boolean; orgId?: string; onStart?: (n: number) => void; onPurged?: () => void } = {},
): Promise<PurgeReport> {
  const { rows: due } = await db.query<PurgeCandidate>(
    `select id, name, deleted_at, purge_after from public.organisations
     where deleted_at is not null and purge_after <= now() and ($1::uuid is null or id = $1)
     order by purge_after, id`,
    [opts.orgId ?? null],
  );
  const report: PurgeReport = { dryRun: !!opts.dryRun, due, purged: [], skipped: [] };
  if (opts.dryRun) return report;
  opts.onStart?.(due.length);
  for (const o of due) {
    const { rows } = await db.query<{ done: boolean }>('select app.purge_organisation($1) as done', [o.id]);
    (rows[0]!.done ? report.purged : report.skipped).push(o.id);
    opts.onPurged?.();
  }
  return report;
}

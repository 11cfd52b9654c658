import type { Database } from '../../db/types.ts';
import { withService } from '../../vault/elevate.ts';
import { parseStoredFieldMappings, upgradeFieldMappings } from './upgrade.ts';
import { CURRENT_SCHEMA_VERSION } from './version.ts';

export interface MigrateMappingsReport {
  /** Rows found below the current schema_version. */
  outdated: number;
  upgraded: number;
  /** Outdated rows per stored version. */
  byVersion: Record<number, number>;
  /** Rows that could not be parsed (the database's CHECK makes this impossible; counted, never skipped silently). */
  unreadable: Array<{ orgId: string; id: string; reason: string }>;
  dryRun: boolean;
}

interface Row {
  org_id: string;
  id: string;
  field_mappings: unknown;
}

/**
 * `palisade integrations migrate-mappings`: rewrites stored field mappings at the current
 * schema_version, in batches of one transaction each, as the service role. Reads already upgrade
 * on the fly, so this is about removing old versions from storage (after which an old upgrader
 * could one day be retired). Each row is rewritten only if unchanged since it was read, and a
 * rerun after a crash finds only the rows still outdated.
 */
export async function migrateFieldMappings(
  db: Database,
  opts: { dryRun?: boolean; batchSize?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<MigrateMappingsReport> {
  const batchSize = opts.batchSize ?? 200;
  const report: MigrateMappingsReport = {
    outdated: 0,
    upgraded: 0,
    byVersion: {},
    unreadable: [],
    dryRun: Boolean(opts.dryRun),
  };
  const counts = await withService(
    db,
    async (tx) =>
      (
        await tx.query<{ v: number; n: number }>(
          `select (field_mappings ->> 'schema_version')::numeric::int as v, count(*)::int as n from public.organisation_integrations
         where (field_mappings ->> 'schema_version')::numeric < $1 group by 1 order by 1`,
          [CURRENT_SCHEMA_VERSION],
        )
      ).rows,
  );
  for (const c of counts) report.byVersion[c.v] = c.n;
  report.outdated = counts.reduce((n, c) => n + c.n, 0);
  opts.onProgress?.(0, report.outdated);
  if (opts.dryRun || report.outdated === 0) return report;

  let after: [string, string] | null = null;
  let seen = 0;
  for (;;) {
    const done = await withService(db, async (tx) => {
      const { rows } = await tx.query<Row>(
        `select org_id, id, field_mappings from public.organisation_integrations
         where (field_mappings ->> 'schema_version')::numeric < $2 ${after ? 'and (org_id, id) > ($3::uuid, $4::uuid)' : ''}
         order by org_id, id limit $1 for update skip locked`,
        after ? [batchSize, CURRENT_SCHEMA_VERSION, after[0], after[1]] : [batchSize, CURRENT_SCHEMA_VERSION],
      );
      let upgraded = 0;
      for (const r of rows) {
        const parsed = parseStoredFieldMappings(r.field_mappings);
        if (!parsed.ok) {
          report.unreadable.push({
            orgId: r.org_id,
            id: r.id,
            reason: `${parsed.problems[0]!.path} ${parsed.problems[0]!.message}`,
          });
          continue;
        }
        const res = await tx.query(
          `update public.organisation_integrations set field_mappings = $3 where org_id = $1 and id = $2 and field_mappings = $4`,
          [r.org_id, r.id, JSON.stringify(upgradeFieldMappings(parsed.value)), JSON.stringify(r.field_mappings)],
        );
        upgraded += res.rowCount;
      }
      const last = rows.at(-1);
      return { n: rows.length, upgraded, last: last ? ([last.org_id, last.id] as [string, string]) : null };
    });
    if (done.n === 0) break;
    report.upgraded += done.upgraded;
    seen += done.n;
    after = done.last;
    opts.onProgress?.(Math.min(seen, report.outdated), report.outdated);
  }
  return report;
}

import type { Database } from '../db/types.ts';
import { type ServiceTx, withService } from '../vault/elevate.ts';
import type { IntegrationTypeRegistry } from './registry.ts';
import type { IntegrationStatus } from './rows.ts';
import { scheduleProblems } from './schedule.ts';
import { needsCompleteConfig } from './service.ts';
import type { AnyIntegrationType } from './types/define.ts';
import { configProblems, mappingProblems } from './validate.ts';

/**
 * `palisade integrations repair`: finds integrations whose stored documents no longer satisfy
 * their type (the database guarantees well-formed JSON; a registry change can still leave a
 * mapping pointing at a removed target or source, a config missing a newly required field, or a cron
 * expression croner refuses), and with `apply` resets each broken document to the type's safe
 * default, parks the integration in status `error`, and tells the organisation's admins.
 */
type RepairDocument = 'type' | 'config' | 'field_mappings' | 'sync_schedule';

interface RepairProblem {
  document: RepairDocument;
  path: string;
  message: string;
}

export interface RepairFinding {
  orgId: string;
  orgName: string;
  integrationId: string;
  displayName: string;
  type: string;
  status: IntegrationStatus;
  problems: RepairProblem[];
  /** With apply: what happened to it. */
  outcome?: 'reset' | 'quarantined' | 'already_quarantined' | 'changed_meanwhile';
}

export interface RepairReport {
  scanned: number;
  organisations: number;
  findings: RepairFinding[];
  applied: boolean;
  notified: number;
}

interface Row {
  org_id: string;
  org_name: string;
  id: string;
  display_name: string;
  type_key: string;
  status: IntegrationStatus;
  config: unknown;
  field_mappings: unknown;
  sync_schedule: unknown;
  last_error: string | null;
}

const COLUMNS = `i.org_id, o.name as org_name, i.id, i.display_name, i.type_key, i.status, i.config, i.field_mappings,
  i.sync_schedule, i.last_error`;

/** Everything wrong with one stored integration, judged against the registry. */
function integrationProblems(
  registry: IntegrationTypeRegistry,
  row: Pick<Row, 'type_key' | 'status' | 'config' | 'field_mappings' | 'sync_schedule'>,
): RepairProblem[] {
  const type = registry.get(row.type_key);
  if (!type)
    return [
      {
        document: 'type',
        path: '$',
        message: `is not a registered integration type (one of ${registry.keys().join(', ')})`,
      },
    ];
  const out: RepairProblem[] = [];
  for (const p of configProblems(type, row.config, needsCompleteConfig(row.status)))
    out.push({ document: 'config', ...p });
  const m = mappingProblems(type, row.field_mappings, row.status === 'active', registry.sourcePaths);
  if (!m.ok) for (const p of m.problems) out.push({ document: 'field_mappings', ...p });
  for (const p of scheduleProblems(row.sync_schedule)) out.push({ document: 'sync_schedule', ...p });
  return out;
}

function describeProblems(problems: RepairProblem[]): string {
  return problems.map((p) => `${p.document} ${p.path} ${p.message}`).join('; ');
}

async function page(
  tx: ServiceTx,
  after: [string, string] | null,
  orgId: string | undefined,
  limit: number,
): Promise<Row[]> {
  const params: unknown[] = [limit];
  const where: string[] = [];
  if (orgId) where.push(`i.org_id = $${params.push(orgId)}`);
  if (after) where.push(`(i.org_id, i.id) > ($${params.push(after[0])}::uuid, $${params.push(after[1])}::uuid)`);
  const { rows } = await tx.query<Row>(
    `select ${COLUMNS} from public.organisation_integrations i join public.organisations o on o.id = i.org_id
     ${where.length ? `where ${where.join(' and ')}` : ''} order by i.org_id, i.id limit $1`,
    params,
  );
  return rows;
}

async function fix(
  tx: ServiceTx,
  registry: IntegrationTypeRegistry,
  f: RepairFinding,
): Promise<RepairFinding['outcome']> {
  // Re-read under lock: only what is still broken now is reset.
  const { rows } = await tx.query<Row>(
    `select ${COLUMNS} from public.organisation_integrations i join public.organisations o on o.id = i.org_id
     where i.org_id = $1 and i.id = $2 for update of i`,
    [f.orgId, f.integrationId],
  );
  const row = rows[0];
  if (!row) return 'changed_meanwhile';
  const problems = integrationProblems(registry, row);
  if (problems.length === 0) return 'changed_meanwhile';
  const type: AnyIntegrationType | undefined = registry.get(row.type_key);
  const broken = new Set(problems.map((p) => p.document));
  const lastError = `repair: ${describeProblems(problems)}`.slice(0, 2000);
  if (!type && row.status === 'error' && row.last_error === lastError) return 'already_quarantined';
  const set: Record<string, unknown> = { status: 'error', last_error: lastError, next_sync_at: null };
  // An unknown type has no defaults: the row is parked (and stops syncing) until someone decides.
  if (type) {
    if (broken.has('config')) set.config = JSON.stringify(type.defaultConfig);
    if (broken.has('field_mappings')) set.field_mappings = JSON.stringify(type.defaultMappings);
    if (broken.has('sync_schedule')) set.sync_schedule = JSON.stringify(type.defaultSchedule);
    set.type_version = type.version;
  } else {
    set.sync_schedule = JSON.stringify({ kind: 'manual' });
  }
  const cols = Object.keys(set);
  await tx.query(
    `update public.organisation_integrations set ${cols.map((c, i) => `${c} = $${i + 3}`).join(', ')} where org_id = $1 and id = $2`,
    [row.org_id, row.id, ...cols.map((c) => set[c])],
  );
  const reset = [...broken].filter((d) => d !== 'type');
  await tx.query(
    `insert into public.integration_notifications (org_id, integration_id, kind, severity, title, body, details)
     values ($1, $2, $3, 'error', $4, $5, $6)`,
    [
      row.org_id,
      row.id,
      type ? 'integration.repaired' : 'integration.unknown_type',
      `Integration "${row.display_name}" needs attention`.slice(0, 200),
      (type
        ? `Its ${reset.join(', ')} ${reset.length > 1 ? 'were' : 'was'} invalid and ${reset.length > 1 ? 'have' : 'has'} been reset to the ${type.label} defaults; it is paused in status "error" until an admin reviews and re-activates it. Problems: ${describeProblems(problems)}`
        : `Its type "${row.type_key}" is no longer available, so it has been stopped (status "error"). Problems: ${describeProblems(problems)}`
      ).slice(0, 4000),
      JSON.stringify({ reset, problems }),
    ],
  );
  return type ? 'reset' : 'quarantined';
}

export interface RepairOptions {
  apply?: boolean;
  /** Only this organisation. */
  orgId?: string;
  pageSize?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Scans every organisation's integrations as the service role; with `apply`, fixes each in its own transaction. */
export async function repairIntegrations(
  db: Database,
  registry: IntegrationTypeRegistry,
  opts: RepairOptions = {},
): Promise<RepairReport> {
  const pageSize = opts.pageSize ?? 500;
  const total = await withService(db, async (tx) => {
    const { rows } = await tx.query<{ n: number }>(
      `select count(*)::int as n from public.organisation_integrations ${opts.orgId ? 'where org_id = $1' : ''}`,
      opts.orgId ? [opts.orgId] : [],
    );
    return rows[0]!.n;
  });
  const report: RepairReport = {
    scanned: 0,
    organisations: 0,
    findings: [],
    applied: Boolean(opts.apply),
    notified: 0,
  };
  const orgs = new Set<string>();
  let after: [string, string] | null = null;
  opts.onProgress?.(0, total);
  for (;;) {
    const rows = await withService(db, (tx) => page(tx, after, opts.orgId, pageSize));
    if (rows.length === 0) break;
    for (const row of rows) {
      report.scanned++;
      orgs.add(row.org_id);
      const problems = integrationProblems(registry, row);
      if (problems.length) {
        const finding: RepairFinding = {
          orgId: row.org_id,
          orgName: row.org_name,
          integrationId: row.id,
          displayName: row.display_name,
          type: row.type_key,
          status: row.status,
          problems,
        };
        if (opts.apply) {
          finding.outcome = await withService(db, (tx) => fix(tx, registry, finding));
          if (finding.outcome === 'reset' || finding.outcome === 'quarantined') report.notified++;
        }
        report.findings.push(finding);
      }
      opts.onProgress?.(Math.min(report.scanned, total), total);
    }
    const last = rows.at(-1)!;
    after = [last.org_id, last.id];
  }
  report.organisations = orgs.size;
  return report;
}

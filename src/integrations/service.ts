import type { Queryable } from '../db/types.ts';
import { PalisadeError } from '../errors/error.ts';
import { hasControlCharacter } from '../http/schemas.ts';
import { assertMember, proveCanManage, refusal } from './access.ts';
import { integrationNotFound, invalidDocument, type Problem } from './problems.ts';
import { type IntegrationTypeRegistry, integrationTypes } from './registry.ts';
import {
  INTEGRATION_COLUMNS,
  type Integration,
  type IntegrationRow,
  type IntegrationStatus,
  toIntegration,
} from './rows.ts';
import { nextRunAfter, type SyncSchedule, scheduleProblems } from './schedule.ts';
import { configProblems, mappingProblems } from './validate.ts';

/**
 * An organisation's integrations, for the API and anything else acting for a caller. Every
 * function takes a transaction already running as the caller (`run()` in a route,
 * `withPrincipal` elsewhere), so RLS decides what exists for them; the registry adds what the
 * database cannot know (a type's fields and targets).
 */
export interface IntegrationsContext {
  registry?: IntegrationTypeRegistry;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Malformed ids cannot name anything: not found, like anything else the caller cannot see. */
export function checkIds(orgId: string, id?: string): void {
  if (!UUID.test(orgId)) throw new PalisadeError('PS404', 'organisation not found', 'org_id');
  if (id !== undefined && !UUID.test(id)) throw integrationNotFound();
}

/** Statuses a person may choose; `error` is set by Palisade (repair, workers) only. */
const SETTABLE_STATUSES = ['draft', 'active', 'paused', 'disabled'] as const;
/** Statuses whose config must be complete. */
export const needsCompleteConfig = (s: IntegrationStatus) => s === 'active' || s === 'paused';

function displayName(v: unknown): string {
  if (typeof v !== 'string' || v.trim().length < 1 || v.trim().length > 200) {
    throw invalidDocument('display_name', [{ path: '$', message: 'is required: 1 to 200 characters' }]);
  }
  if (hasControlCharacter(v)) {
    throw invalidDocument('display_name', [{ path: '$', message: 'must not contain control characters' }]);
  }
  return v.trim();
}

function orThrow<T>(column: string, r: { ok: true; value: T } | { ok: false; problems: Problem[] }): T {
  if (!r.ok) throw invalidDocument(column, r.problems);
  return r.value;
}

function check(column: string, problems: Problem[]): void {
  if (problems.length) throw invalidDocument(column, problems);
}

/** A unique-name clash is the caller's to fix: 409 naming the field. */
async function uniqueName<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if ((err as { code?: string; constraint?: string }).constraint === 'organisation_integrations_display_name_key') {
      throw new PalisadeError('PS409', 'the organisation already has an integration with this name', 'display_name');
    }
    throw err;
  }
}

export async function listIntegrations(tx: Queryable, orgId: string): Promise<Integration[]> {
  checkIds(orgId);
  await assertMember(tx, orgId);
  const { rows } = await tx.query<IntegrationRow>(
    `select ${INTEGRATION_COLUMNS} from public.organisation_integrations where org_id = $1 order by display_name, id`,
    [orgId],
  );
  return rows.map(toIntegration);
}

export async function getIntegration(tx: Queryable, orgId: string, id: string): Promise<Integration> {
  checkIds(orgId, id);
  const { rows } = await tx.query<IntegrationRow>(
    `select ${INTEGRATION_COLUMNS} from public.organisation_integrations where org_id = $1 and id = $2`,
    [orgId, id],
  );
  if (!rows[0]) throw integrationNotFound();
  return toIntegration(rows[0]);
}

/** The API's body, snake_case; problems are reported under these names. */
export interface CreateIntegrationInput {
  type: string;
  display_name: string;
  /** Defaults to the type's defaultConfig; may be partial (a draft). */
  config?: unknown;
  /** Any stored schema_version; stored upgraded. Defaults to the type's default mappings. */
  field_mappings?: unknown;
  sync_schedule?: unknown;
}

/** Creates a draft. Activation (PATCH status) needs complete config, mappings and credentials. */
export async function createIntegration(
  tx: Queryable,
  ctx: IntegrationsContext,
  orgId: string,
  input: CreateIntegrationInput,
): Promise<Integration> {
  checkIds(orgId);
  const registry = ctx.registry ?? integrationTypes;
  const type = registry.require(input.type);
  const name = displayName(input.display_name);
  const config = input.config ?? type.defaultConfig;
  check('config', configProblems(type, config, false));
  const mappings = orThrow(
    'field_mappings',
    mappingProblems(type, input.field_mappings ?? type.defaultMappings, false, registry.sourcePaths),
  );
  const schedule = input.sync_schedule ?? type.defaultSchedule;
  check('sync_schedule', scheduleProblems(schedule));
  await assertMember(tx, orgId);
  const { rows } = await uniqueName(
    tx.query<IntegrationRow>(
      `insert into public.organisation_integrations (org_id, type_key, type_version, display_name, status, config, field_mappings, sync_schedule)
       values ($1, $2, $3, $4, 'draft', $5, $6, $7) returning ${INTEGRATION_COLUMNS}`,
      [orgId, type.key, type.version, name, JSON.stringify(config), JSON.stringify(mappings), JSON.stringify(schedule)],
    ),
  );
  return toIntegration(rows[0]!);
}

export interface UpdateIntegrationInput {
  display_name?: string;
  status?: string;
  config?: unknown;
}

async function update(tx: Queryable, row: IntegrationRow, set: Record<string, unknown>): Promise<Integration> {
  const cols = Object.keys(set);
  const { rows } = await uniqueName(
    tx.query<IntegrationRow>(
      `update public.organisation_integrations set ${cols.map((c, i) => `${c} = $${i + 3}`).join(', ')}
       where org_id = $1 and id = $2 returning ${INTEGRATION_COLUMNS}`,
      [row.org_id, row.id, ...cols.map((c) => set[c])],
    ),
  );
  return toIntegration(rows[0]!);
}

export async function updateIntegration(
  tx: Queryable,
  ctx: IntegrationsContext,
  orgId: string,
  id: string,
  input: UpdateIntegrationInput,
): Promise<Integration> {
  checkIds(orgId, id);
  if (input.status !== undefined && !(SETTABLE_STATUSES as readonly unknown[]).includes(input.status)) {
    throw invalidDocument('status', [
      { path: '$', message: `must be one of ${SETTABLE_STATUSES.join(', ')} (error is set by Palisade)` },
    ]);
  }
  const row = await proveCanManage(tx, orgId, id);
  const registry = ctx.registry ?? integrationTypes;
  const type = registry.require(row.type_key, 'type');
  const status = (input.status ?? row.status) as IntegrationStatus;
  const set: Record<string, unknown> = {};
  if (input.display_name !== undefined) set.display_name = displayName(input.display_name);
  const config = input.config ?? row.config;
  if (input.config !== undefined || (input.status !== undefined && needsCompleteConfig(status))) {
    check('config', configProblems(type, config, needsCompleteConfig(status)));
    if (input.config !== undefined) {
      set.config = JSON.stringify(config);
      set.type_version = type.version;
    }
  }
  if (input.status !== undefined && input.status !== row.status) {
    if (status === 'active') {
      if (!row.credentials_configured)
        throw new PalisadeError('PS409', 'store credentials (PUT …/credentials) before activating', 'status');
      orThrow('field_mappings', mappingProblems(type, row.field_mappings, true, registry.sourcePaths));
    }
    set.status = status;
    set.next_sync_at = status === 'active' ? nextRunAfter(row.sync_schedule, new Date()) : null;
  }
  if (Object.keys(set).length === 0) return toIntegration(row);
  return update(tx, row, set);
}

export async function deleteIntegration(tx: Queryable, orgId: string, id: string): Promise<void> {
  checkIds(orgId, id);
  const res = await tx.query('delete from public.organisation_integrations where org_id = $1 and id = $2', [orgId, id]);
  if (res.rowCount === 0) throw await refusal(tx, orgId, id);
}

/** Replaces the field mappings (any schema_version in, the current one stored), checked against the sources and the type's targets. */
export async function setFieldMappings(
  tx: Queryable,
  ctx: IntegrationsContext,
  orgId: string,
  id: string,
  doc: unknown,
): Promise<Integration> {
  checkIds(orgId, id);
  const row = await proveCanManage(tx, orgId, id);
  const registry = ctx.registry ?? integrationTypes;
  const type = registry.require(row.type_key, 'type');
  const mappings = orThrow('field_mappings', mappingProblems(type, doc, row.status === 'active', registry.sourcePaths));
  return update(tx, row, { field_mappings: JSON.stringify(mappings) });
}

export async function setSyncSchedule(tx: Queryable, orgId: string, id: string, doc: unknown): Promise<Integration> {
  checkIds(orgId, id);
  check('sync_schedule', scheduleProblems(doc));
  const schedule = doc as SyncSchedule;
  const row = await proveCanManage(tx, orgId, id);
  return update(tx, row, {
    sync_schedule: JSON.stringify(schedule),
    next_sync_at: row.status === 'active' ? nextRunAfter(schedule, new Date()) : null,
  });
}

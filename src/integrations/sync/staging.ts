/**
 * The tenant's side of syncs, run as the caller under RLS (src/integrations/sql/0064): staging
 * records for export, reading them and the sync events, and asking for a sync. Whether the caller
 * may do each is the database's answer; a record's shape is checked here against the mapping
 * sources, so what is stored is what readSourceRecords will read.
 */

import { afterCursor, type Cursor, sortKey } from '../../db/fragments.ts';
import type { Principal } from '../../db/principal.ts';
import type { Queryable } from '../../db/types.ts';
import { PalisadeError } from '../../errors/error.ts';
import { asServiceFor } from '../../vault/elevate.ts';
import { proveCanManage } from '../access.ts';
import { MAPPING_SOURCES, type MappingSourceRecord } from '../mappings/sources.ts';
import { integrationNotFound } from '../problems.ts';
import { checkIds } from '../service.ts';
import { insertEvent } from './store.ts';

/** Records one request may stage. */
export const MAX_STAGED = 1000;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_TEXT = 2000;

const invalidAt = (path: string, message: string) => new PalisadeError('PS422', `${path} ${message}`, path);

function checkValue(path: string, type: string, v: unknown): void {
  const ok =
    type === 'string'
      ? typeof v === 'string' && v.length <= MAX_TEXT
      : type === 'number'
        ? typeof v === 'number' && Number.isFinite(v)
        : type === 'boolean'
          ? typeof v === 'boolean'
          : type === 'date'
            ? typeof v === 'string' && DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))
            : typeof v === 'string' && v.length <= 40 && !Number.isNaN(Date.parse(v));
  if (!ok)
    throw invalidAt(
      path,
      type === 'date'
        ? 'must be a date, YYYY-MM-DD'
        : type === 'datetime'
          ? 'must be an ISO 8601 date and time'
          : type === 'string'
            ? `must be a string of at most ${MAX_TEXT} characters`
            : `must be a ${type}`,
    );
}

/**
 * Each record must be `{ <source record>: { <field>: value } }` with sources and fields the mapping
 * sources define and values of their type (null for empty); the first problem is a 422 naming its
 * path, `$.records[3].entry.amount`. Nulls are dropped.
 */
export function validateRecords(
  body: unknown,
  sources: readonly MappingSourceRecord[] = MAPPING_SOURCES,
): Record<string, Record<string, unknown>>[] {
  const records = (body as { records?: unknown } | null)?.records;
  if (!Array.isArray(records) || records.length === 0 || records.length > MAX_STAGED)
    throw invalidAt('$.records', `is required: an array of 1 to ${MAX_STAGED} source records`);
  const extra = Object.keys(body as object).find((k) => k !== 'records');
  if (extra) throw invalidAt(`$.${extra}`, 'is not a known field (known: records)');
  return records.map((r, i) => {
    const at = `$.records[${i}]`;
    if (!r || typeof r !== 'object' || Array.isArray(r))
      throw invalidAt(at, 'must be an object of source records, e.g. {"lead": {"email": "…"}}');
    const out: Record<string, Record<string, unknown>> = {};
    for (const [name, fields] of Object.entries(r)) {
      const source = sources.find((s) => s.record === name);
      if (!source)
        throw invalidAt(`${at}.${name}`, `is not a source record (known: ${sources.map((s) => s.record).join(', ')})`);
      if (!fields || typeof fields !== 'object' || Array.isArray(fields))
        throw invalidAt(`${at}.${name}`, 'must be an object of fields');
      const kept: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(fields)) {
        const def = source.fields.find((f) => f.name === field);
        if (!def) throw invalidAt(`${at}.${name}.${field}`, `is not a field of ${name}`);
        if (value === null) continue;
        checkValue(`${at}.${name}.${field}`, def.type, value);
        kept[field] = value;
      }
      if (Object.keys(kept).length) out[name] = kept;
    }
    if (!Object.keys(out).length) throw invalidAt(at, 'has no field with a value');
    return out;
  });
}

/** The integration as the caller sees it (members and viewers read it), or 404. */
async function visibleIntegration(tx: Queryable, orgId: string, id: string): Promise<void> {
  checkIds(orgId, id);
  const { rows } = await tx.query('select 1 from public.organisation_integrations where org_id = $1 and id = $2', [
    orgId,
    id,
  ]);
  if (!rows.length) throw integrationNotFound();
}

export async function stageRecords(
  tx: Queryable,
  orgId: string,
  integrationId: string,
  records: Record<string, Record<string, unknown>>[],
): Promise<string[]> {
  await visibleIntegration(tx, orgId, integrationId);
  const { rows } = await tx.query<{ id: string }>(
    `insert into public.integration_records (org_id, integration_id, record)
     select $1, $2, r.value from jsonb_array_elements($3::jsonb) with ordinality r(value, n) order by r.n
     returning id`,
    [orgId, integrationId, JSON.stringify(records)],
  );
  return rows.map((r) => r.id);
}

export interface RecordRow {
  id: string;
  record: unknown;
  created_by: string | null;
  created_at: Date;
  exported_at: Date | null;
  sync_id: string | null;
  error: string | null;
  _k: string;
}

export async function listRecords(
  tx: Queryable,
  orgId: string,
  integrationId: string,
  pending: boolean,
  cursor: Cursor | null,
  limit: number,
): Promise<RecordRow[]> {
  await visibleIntegration(tx, orgId, integrationId);
  // In the order a sync sends them (seq), not by created_at, which one staging request shares.
  const { rows } = await tx.query<RecordRow>(
    `select id, record, created_by, created_at, exported_at, sync_id, error, seq::text as _k
     from public.integration_records
     where org_id = $1 and integration_id = $2 and (not $4::boolean or (exported_at is null and error is null))
       and ($5::bigint is null or seq > $5::bigint)
     order by seq limit $3`,
    [orgId, integrationId, limit + 1, pending, cursor?.k ?? null],
  );
  return rows;
}

export interface EventRow {
  id: string;
  integration_id: string;
  trigger: string;
  status: string;
  scheduled_for: Date | null;
  sent: number;
  created: number;
  updated: number;
  failed: number;
  errors: unknown;
  requested_by: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  _k: string;
}

const EVENT = `select id, integration_id, trigger, status, scheduled_for, sent, created, updated, failed, errors, requested_by, created_at,
  started_at, finished_at, ${sortKey()} from public.integration_events`;

export async function listEvents(
  tx: Queryable,
  orgId: string,
  integrationId: string,
  cursor: Cursor | null,
  limit: number,
): Promise<EventRow[]> {
  await visibleIntegration(tx, orgId, integrationId);
  const after = afterCursor(cursor, 4);
  const { rows } = await tx.query<EventRow>(
    `${EVENT} where org_id = $1 and integration_id = $2${after.sql} order by created_at, id limit $3`,
    [orgId, integrationId, limit + 1, ...after.params],
  );
  return rows;
}

export async function getEvent(tx: Queryable, orgId: string, id: string): Promise<EventRow | null> {
  return (await tx.query<EventRow>(`${EVENT} where org_id = $1 and id = $2`, [orgId, id])).rows[0] ?? null;
}

/**
 * Records a queued sync of an active integration for an owner or admin. The proof is theirs, under
 * RLS (proveCanManage: 403 for members and viewers, 404 for another tenant's); only then is the
 * event, which tenants cannot write, inserted as the service on their behalf, with the identifiers
 * the proof returned, and the transaction switched back to them.
 */
export async function requestSync(
  tx: Queryable,
  caller: Principal,
  orgId: string,
  integrationId: string,
): Promise<string> {
  checkIds(orgId, integrationId);
  const row = await proveCanManage(tx, orgId, integrationId);
  if (row.status !== 'active')
    throw new PalisadeError('PS409', `the integration is ${row.status}: activate it before syncing`, 'status');
  const id = await asServiceFor(tx, caller, (svc) => insertEvent(svc, row.org_id, row.id, 'manual'));
  return id!;
}

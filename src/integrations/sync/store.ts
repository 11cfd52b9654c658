/**
 * The sync job's statements, as the service role (src/integrations/sql/0064_integration_syncs.sql).
 * Each takes a transaction already running as the service (the organisation's service principal in
 * the job, src/jobs/service.ts) and names the organisation in every statement.
 */
import type { ServiceTx } from '../../vault/elevate.ts';
import type { IntegrationStatus } from '../rows.ts';
import type { SyncSchedule } from '../schedule.ts';
import type { ExportFailureCode } from './result.ts';

export type SyncTrigger = 'manual' | 'schedule' | 'cli';
export type SyncStatus = 'queued' | 'running' | 'succeeded' | 'partial' | 'failed' | 'skipped';

/** Errors kept on an event: the first ones say what went wrong; the counts say how much. */
const MAX_EVENT_ERRORS = 100;

/** An entry of an event's errors: runExport's, or why a sync could not run (`skipped`). */
export interface EventError {
  index: number | null;
  code: ExportFailureCode | 'skipped';
  message: string;
}

const firstErrors = (list: string) =>
  `(select coalesce(jsonb_agg(x.e order by x.n), '[]'::jsonb) from jsonb_array_elements(${list}) with ordinality x(e, n)
    where x.n <= ${MAX_EVENT_ERRORS})`;

export async function insertEvent(
  tx: ServiceTx,
  orgId: string,
  integrationId: string,
  trigger: SyncTrigger,
  scheduledFor: Date | null = null,
): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into public.integration_events (org_id, integration_id, trigger, scheduled_for)
     values ($1, $2, $3, $4) on conflict do nothing returning id`,
    [orgId, integrationId, trigger, scheduledFor],
  );
  return rows[0]?.id ?? null;
}

interface ClaimedSync {
  eventId: string;
  integrationId: string;
  displayName: string;
  typeKey: string;
  config: unknown;
  fieldMappings: unknown;
  secretId: string | null;
}

export type Claim = { kind: 'run'; sync: ClaimedSync } | { kind: 'done' } | { kind: 'skip'; reason: string };

/**
 * Locks the integration (so two syncs of it never start at once) and starts the event: running,
 * or skipped when the integration is no longer active or another of its syncs is running. Done
 * when the event already finished (a job delivered again).
 */
export async function claimEvent(tx: ServiceTx, orgId: string, eventId: string): Promise<Claim> {
  const { rows } = await tx.query<{
    integration_id: string;
    status: SyncStatus;
    i_status: IntegrationStatus;
    display_name: string;
    type_key: string;
    config: unknown;
    field_mappings: unknown;
    credential_secret_id: string | null;
  }>(
    `select e.integration_id, e.status, i.status as i_status, i.display_name, i.type_key, i.config, i.field_mappings,
            i.credential_secret_id
     from public.integration_events e
     join public.organisation_integrations i on i.org_id = e.org_id and i.id = e.integration_id
     where e.org_id = $1 and e.id = $2
     for update of i, e`,
    [orgId, eventId],
  );
  const row = rows[0];
  if (!row || !['queued', 'running'].includes(row.status)) return { kind: 'done' };
  if (row.i_status !== 'active') return { kind: 'skip', reason: `the integration is ${row.i_status}, not active` };
  const { rows: busy } = await tx.query(
    `select 1 from public.integration_events
     where org_id = $1 and integration_id = $2 and id <> $3 and status = 'running'
       and started_at > now() - interval '1 hour'`,
    [orgId, row.integration_id, eventId],
  );
  if (busy.length) return { kind: 'skip', reason: 'another sync of this integration is running' };
  await tx.query(
    `update public.integration_events set status = 'running', started_at = coalesce(started_at, now())
     where org_id = $1 and id = $2`,
    [orgId, eventId],
  );
  return {
    kind: 'run',
    sync: {
      eventId,
      integrationId: row.integration_id,
      displayName: row.display_name,
      typeKey: row.type_key,
      config: row.config,
      fieldMappings: row.field_mappings,
      secretId: row.credential_secret_id,
    },
  };
}

export interface StagedRecord {
  id: string;
  record: Record<string, unknown>;
}

/** Records not yet exported nor refused, oldest first. */
export async function pendingRecords(
  tx: ServiceTx,
  orgId: string,
  integrationId: string,
  limit: number,
): Promise<StagedRecord[]> {
  const { rows } = await tx.query<StagedRecord>(
    `select id, record from public.integration_records
     where org_id = $1 and integration_id = $2 and exported_at is null and error is null
     order by seq limit $3`,
    [orgId, integrationId, limit],
  );
  return rows;
}

export async function countPending(tx: ServiceTx, orgId: string, integrationId: string, max: number) {
  const { rows } = await tx.query<{ n: number }>(
    `select count(*)::int as n from (select 1 from public.integration_records
       where org_id = $1 and integration_id = $2 and exported_at is null and error is null limit $3) p`,
    [orgId, integrationId, max],
  );
  return rows[0]!.n;
}

export interface ChunkOutcome {
  exported: string[];
  refused: Array<{ id: string; message: string }>;
  counts: { sent: number; created: number; updated: number; failed: number };
  /** Already numbered as positions in the sync. */
  errors: EventError[];
}

/** One exported chunk: its records marked, its counts and errors added to the event. */
export async function recordChunk(tx: ServiceTx, orgId: string, eventId: string, c: ChunkOutcome): Promise<void> {
  if (c.exported.length)
    await tx.query(
      `update public.integration_records set exported_at = now(), sync_id = $2
       where org_id = $1 and id = any ($3::uuid[]) and exported_at is null and error is null`,
      [orgId, eventId, c.exported],
    );
  if (c.refused.length)
    await tx.query(
      `update public.integration_records r set error = f.message, sync_id = $2
       from jsonb_to_recordset($3::jsonb) as f(id uuid, message text)
       where r.org_id = $1 and r.id = f.id and r.exported_at is null and r.error is null`,
      [orgId, eventId, JSON.stringify(c.refused)],
    );
  await tx.query(
    `update public.integration_events
     set sent = sent + $3, created = created + $4, updated = updated + $5, failed = failed + $6,
         errors = ${firstErrors('errors || $7::jsonb')}
     where org_id = $1 and id = $2`,
    [orgId, eventId, c.counts.sent, c.counts.created, c.counts.updated, c.counts.failed, JSON.stringify(c.errors)],
  );
}

export interface FinishedSync {
  integrationId: string;
  status: SyncStatus;
  displayName: string;
  counts: { sent: number; created: number; updated: number; failed: number };
  errors: EventError[];
}

/** Ends the event: its status from its counts, unless a status is given (skipped, failed before sending). */
export async function finishEvent(
  tx: ServiceTx,
  orgId: string,
  eventId: string,
  forced?: { status: 'failed' | 'skipped'; error: EventError },
): Promise<FinishedSync> {
  const { rows } = await tx.query<{
    status: SyncStatus;
    sent: number;
    created: number;
    updated: number;
    failed: number;
    errors: EventError[];
    display_name: string;
    integration_id: string;
  }>(
    `update public.integration_events e
     set status = case when $3::text is not null then $3::text
                       when e.failed = 0 then 'succeeded'
                       when e.created + e.updated > 0 then 'partial'
                       else 'failed' end,
         errors = case when $4::jsonb is null then e.errors else ${firstErrors('$4::jsonb || e.errors')} end,
         started_at = coalesce(e.started_at, now()),
         finished_at = now()
     from public.organisation_integrations i
     where e.org_id = $1 and e.id = $2 and i.org_id = e.org_id and i.id = e.integration_id
     returning e.integration_id, e.status, e.sent, e.created, e.updated, e.failed, e.errors, i.display_name`,
    [orgId, eventId, forced?.status ?? null, forced ? JSON.stringify([forced.error]) : null],
  );
  const r = rows[0]!;
  return {
    integrationId: r.integration_id,
    status: r.status,
    displayName: r.display_name,
    counts: { sent: r.sent, created: r.created, updated: r.updated, failed: r.failed },
    errors: r.errors,
  };
}

/** Failed syncs in a row, newest first, counting this one; skipped syncs neither break nor extend the run. */
export async function consecutiveFailures(tx: ServiceTx, orgId: string, integrationId: string, window: number) {
  const { rows } = await tx.query<{ status: SyncStatus }>(
    `select status from public.integration_events
     where org_id = $1 and integration_id = $2 and status in ('succeeded', 'partial', 'failed')
     order by finished_at desc, id limit $3`,
    [orgId, integrationId, window],
  );
  const first = rows.findIndex((r) => r.status !== 'failed');
  return first === -1 ? rows.length : first;
}

/**
 * After a sync: last_sync_at, and the next slot counted from now while the integration is active.
 * `error` puts it in status error (no next slot) with the reason.
 */
export async function settleIntegration(
  tx: ServiceTx,
  orgId: string,
  integrationId: string,
  next: (schedule: SyncSchedule) => Date | null,
  error?: string,
): Promise<void> {
  const { rows } = await tx.query<{ status: IntegrationStatus; sync_schedule: SyncSchedule }>(
    'select status, sync_schedule from public.organisation_integrations where org_id = $1 and id = $2 for update',
    [orgId, integrationId],
  );
  const row = rows[0];
  if (!row) return;
  const active = row.status === 'active';
  await tx.query(
    `update public.organisation_integrations
     set last_sync_at = now(),
         next_sync_at = case when $3::boolean then $4::timestamptz else next_sync_at end,
         status = case when $5::text is not null and status = 'active' then 'error' else status end,
         last_error = coalesce($5::text, last_error)
     where org_id = $1 and id = $2`,
    [orgId, integrationId, active, active && !error ? next(row.sync_schedule) : null, error ?? null],
  );
}

export async function notifyAdmins(
  tx: ServiceTx,
  orgId: string,
  integrationId: string,
  n: { kind: string; severity: 'warning' | 'error'; title: string; body: string; details: Record<string, unknown> },
): Promise<void> {
  await tx.query(
    `insert into public.integration_notifications (org_id, integration_id, kind, severity, title, body, details)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [orgId, integrationId, n.kind, n.severity, n.title, n.body, JSON.stringify(n.details)],
  );
}

/** Active integrations of live organisations whose slot has come, across organisations (the platform service). */
export async function dueIntegrations(tx: ServiceTx, limit: number) {
  const { rows } = await tx.query<{ org_id: string; id: string; next_sync_at: Date; sync_schedule: SyncSchedule }>(
    `select i.org_id, i.id, i.next_sync_at, i.sync_schedule from public.organisation_integrations i
     join public.organisations o on o.id = i.org_id and o.deleted_at is null
     where i.status = 'active' and i.next_sync_at <= now()
     order by i.next_sync_at limit $1`,
    [limit],
  );
  return rows;
}

/**
 * Takes a due slot: moves next_sync_at from `slot` to `next` only if nobody else did, so of two
 * sweeps racing one queues the sync. True when this caller took it.
 */
export async function takeSlot(
  tx: ServiceTx,
  orgId: string,
  integrationId: string,
  slot: Date,
  next: Date | null,
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `update public.organisation_integrations set next_sync_at = $4
     where org_id = $1 and id = $2 and status = 'active' and next_sync_at = $3`,
    [orgId, integrationId, slot, next],
  );
  return (rowCount ?? 0) > 0;
}

/** Events queued but not (or no longer) known to the queue: the sweep sends them again, idempotently. */
export async function queuedEvents(tx: ServiceTx, limit: number) {
  const { rows } = await tx.query<{ org_id: string; id: string; integration_id: string; scheduled_for: Date | null }>(
    `select org_id, id, integration_id, scheduled_for from public.integration_events
     where status = 'queued' order by created_at limit $1`,
    [limit],
  );
  return rows;
}

/**
 * Syncs still `running` long after any attempt could still be alive (a worker killed on the job's
 * last attempt leaves its event so): failed, saying why, so the history and the admins' view are
 * true. Returns how many.
 */
export async function failStaleEvents(tx: ServiceTx, olderThanSeconds: number) {
  const res = await tx.query(
    `update public.integration_events
     set status = 'failed', finished_at = now(),
         errors = '[{"index": null, "code": "worker_lost", "message": "the worker running this sync stopped before it finished"}]'::jsonb
     where status = 'running' and started_at < now() - make_interval(secs => $1)`,
    [olderThanSeconds],
  );
  return res.rowCount;
}

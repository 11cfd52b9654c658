/**
 * One sync of one integration, as the queue's handler (runner.ts) and `palisade integrations sync`
 * run it: always as the organisation's service principal (asService), never as the owner, so RLS
 * still decides what it reads and writes.
 *
 * The event is claimed (running), the credentials decrypted for this sync only, and the pending
 * records exported CHUNK at a time through runExport; each chunk's outcome is committed before the
 * next is sent, so a worker that dies mid-sync leaves only the chunk in flight to send again. The
 * last transaction ends the event, moves last_sync_at and next_sync_at, and on failure tells the
 * organisation's admins; after FAILURES_BEFORE_ERROR failed syncs in a row the integration is put in
 * status error. Nothing here logs, stores or throws a credential or a record's value: the result's
 * messages are runExport's, scrubbed of every credential string.
 */
import type { Database } from '../../db/types.ts';
import { PalisadeError } from '../../errors/error.ts';
import { asService } from '../../jobs/service.ts';
import type { EgressClient } from '../../net/egress.ts';
import type { ServiceTx } from '../../vault/elevate.ts';
import type { KeyRing } from '../../vault/keyring.ts';
import { openCredentials } from '../credentials.ts';
import { type IntegrationTypeRegistry, integrationTypes } from '../registry.ts';
import { nextRunAfter } from '../schedule.ts';
import { runExport } from './export.ts';
import { readSourceRecords } from './records.ts';
import type { ExportFailureCode } from './result.ts';
import {
  type ChunkOutcome,
  claimEvent,
  consecutiveFailures,
  countPending,
  type EventError,
  type FinishedSync,
  finishEvent,
  insertEvent,
  notifyAdmins,
  pendingRecords,
  recordChunk,
  settleIntegration,
} from './store.ts';

/** Records exported per chunk: at most this many are sent again after a stop or a crash. */
const CHUNK = 100;
/** Records one sync takes at most; the rest wait for the next. */
const BATCH = 5000;
const FAILURES_BEFORE_ERROR = 3;
/** Stops worth another attempt later: the queue retries them with backoff. */
const RETRYABLE = new Set<ExportFailureCode>(['rate_limited', 'unreachable', 'timeout']);

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface SyncDeps {
  db: Database;
  ring: () => KeyRing;
  http: EgressClient;
  registry?: IntegrationTypeRegistry;
  log?: Log;
}

export interface SyncAttempt {
  orgId: string;
  eventId: string;
  /** The queue's last attempt records a retryable failure instead of throwing it. */
  last: boolean;
  onProgress?: (done: number, total: number) => void;
}

export type SyncReport = FinishedSync & { eventId: string };

const svc = <T>(db: Database, orgId: string, fn: (tx: ServiceTx) => Promise<T>) =>
  asService(db, orgId, (tx) => fn(tx as ServiceTx));

/** Runs the sync an event names; null when it had already finished. Throws only for the queue to retry. */
export async function runSync(deps: SyncDeps, a: SyncAttempt): Promise<SyncReport | null> {
  const { db, orgId, eventId } = { db: deps.db, ...a };
  const claim = await svc(db, orgId, (tx) => claimEvent(tx, orgId, eventId));
  if (claim.kind === 'done') return null;
  if (claim.kind === 'skip')
    return conclude(deps, a, { status: 'skipped', error: { index: null, code: 'skipped', message: claim.reason } });
  const sync = claim.sync;
  try {
    const type = (deps.registry ?? integrationTypes).get(sync.typeKey);
    if (!type) return fail(deps, a, 'misconfigured', `the integration type ${sync.typeKey} is not known`);
    const credentials = sync.secretId
      ? await svc(db, orgId, (tx) => openCredentials(tx, deps.ring(), orgId, sync.secretId!))
      : null;
    if (!credentials)
      return fail(deps, a, 'misconfigured', 'no credentials are stored: PUT …/credentials, then sync again');

    const total = await svc(db, orgId, (tx) => countPending(tx, orgId, sync.integrationId, BATCH));
    a.onProgress?.(0, total);
    let done = 0;
    while (done < total) {
      const staged = await svc(db, orgId, (tx) =>
        pendingRecords(tx, orgId, sync.integrationId, Math.min(CHUNK, total - done)),
      );
      if (!staged.length) break;
      const result = await runExport({
        type,
        config: sync.config,
        credentials: credentials.reveal(),
        mappings: sync.fieldMappings,
        records: readSourceRecords(staged.map((s) => s.record)),
        http: deps.http,
      });
      const refused = new Map<number, EventError>();
      for (const e of result.errors) if (e.index !== null && !refused.has(e.index)) refused.set(e.index, e);
      const stop = result.errors.find((e) => e.index === null);
      const retry = stop !== undefined && RETRYABLE.has(stop.code) && !a.last;
      const outcome: ChunkOutcome = {
        // After a stop nobody can tell which of the chunk's records arrived: they stay pending.
        exported: stop ? [] : staged.filter((_, i) => !refused.has(i)).map((s) => s.id),
        refused: [...refused].map(([i, e]) => ({ id: staged[i]!.id, message: `${e.code}: ${e.message}` })),
        // A retry sends the chunk again: only what is settled counts now.
        counts: retry
          ? { sent: 0, created: 0, updated: 0, failed: refused.size }
          : { sent: result.sent, created: result.created, updated: result.updated, failed: result.failed },
        errors: result.errors
          .filter((e) => !retry || e.index !== null)
          .map((e) => ({ ...e, index: e.index === null ? null : e.index + done })),
      };
      await svc(db, orgId, (tx) => recordChunk(tx, orgId, eventId, outcome));
      if (retry) throw new Error(`${stop.code}: ${stop.message}`);
      done += staged.length;
      a.onProgress?.(done, total);
      if (stop) break;
    }
    return conclude(deps, a);
  } catch (err) {
    if (!a.last) throw err;
    // Our own errors say what to fix; anything else by its kind only, as it may quote what it held.
    const message =
      err instanceof PalisadeError ? err.message : `the sync failed unexpectedly (${(err as Error)?.name ?? 'error'})`;
    return fail(deps, a, 'unexpected_response', message.slice(0, 500));
  }
}

function fail(deps: SyncDeps, a: SyncAttempt, code: ExportFailureCode, message: string) {
  return conclude(deps, a, { status: 'failed', error: { index: null, code, message } });
}

/** Ends the event and settles the integration, in one transaction. */
async function conclude(
  deps: SyncDeps,
  a: SyncAttempt,
  forced?: { status: 'failed' | 'skipped'; error: EventError },
): Promise<SyncReport> {
  const { orgId, eventId } = a;
  const finished = await svc(deps.db, orgId, async (tx) => {
    const f = await finishEvent(tx, orgId, eventId, forced);
    if (f.status === 'skipped') return f;
    const next = (s: Parameters<typeof nextRunAfter>[0]) => nextRunAfter(s, new Date());
    if (f.status !== 'failed') {
      await settleIntegration(tx, orgId, f.integrationId, next);
      return f;
    }
    const reason = f.errors.find((e) => e.index === null)?.message ?? f.errors[0]?.message ?? 'no record was exported';
    const inARow = await consecutiveFailures(tx, orgId, f.integrationId, FAILURES_BEFORE_ERROR);
    const stopped = inARow >= FAILURES_BEFORE_ERROR;
    await settleIntegration(
      tx,
      orgId,
      f.integrationId,
      next,
      stopped ? `${inARow} syncs in a row failed; the last: ${reason}`.slice(0, 2000) : undefined,
    );
    await notifyAdmins(tx, orgId, f.integrationId, {
      kind: stopped ? 'integration.sync.stopped' : 'integration.sync.failed',
      severity: stopped ? 'error' : 'warning',
      title: (stopped ? `${f.displayName} stopped syncing` : `A sync of ${f.displayName} failed`).slice(0, 200),
      body: (stopped
        ? `${inARow} syncs in a row failed, so the integration is now in status error and syncs no more until it is activated again. The last failure: ${reason}`
        : `${f.counts.failed} record(s) were not exported: ${reason}`
      ).slice(0, 4000),
      details: { event_id: eventId, failed: f.counts.failed, code: f.errors[0]?.code ?? null },
    });
    return f;
  });
  deps.log?.info(
    { orgId, integrationId: finished.integrationId, eventId, status: finished.status, ...finished.counts },
    'integration sync finished',
  );
  return { ...finished, eventId };
}

/**
 * A sync run here and now (`palisade integrations sync`), not on the queue: its event says
 * trigger 'cli', and a failure worth retrying is recorded rather than retried. PS404 when the
 * organisation (live) has no such integration, PS409 when it is not active.
 */
export async function syncNow(
  deps: SyncDeps,
  orgId: string,
  integrationId: string,
  onProgress?: SyncAttempt['onProgress'],
): Promise<SyncReport> {
  const eventId = await svc(deps.db, orgId, async (tx) => {
    const { rows } = await tx.query<{ status: string }>(
      `select i.status from public.organisation_integrations i
       join public.organisations o on o.id = i.org_id and o.deleted_at is null
       where i.org_id = $1 and i.id = $2`,
      [orgId, integrationId],
    );
    if (!rows[0])
      throw new PalisadeError('PS404', `organisation ${orgId} has no integration ${integrationId}`, 'integration_id');
    if (rows[0].status !== 'active')
      throw new PalisadeError('PS409', `the integration is ${rows[0].status}: activate it before syncing`, 'status');
    return insertEvent(tx, orgId, integrationId, 'cli');
  });
  const report = await runSync(deps, { orgId, eventId: eventId!, last: true, ...(onProgress ? { onProgress } : {}) });
  return report!;
}

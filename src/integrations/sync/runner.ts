/**
 * Integration syncs on the job queue: one 'integration.sync' job per event (job.ts runs it), and a
 * sweep that queues what is due. A scheduled slot is taken by moving next_sync_at on (compare and
 * set, so of two sweeps one wins) in the same transaction as its queued event; the job's
 * idempotency key is `<integrationId>:<slot ISO>`, or `<integrationId>:now-<eventId>` for a sync
 * someone asked for. The sweep also sends every event still queued, so an event recorded by an API
 * process without a worker, or one whose send was lost, runs all the same; the key keeps that
 * from queueing anything twice.
 */
import type { Database } from '../../db/types.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { asService } from '../../jobs/service.ts';
import { createEgressClient, type EgressClient } from '../../net/egress.ts';
import { type ServiceTx, withService } from '../../vault/elevate.ts';
import type { KeyRing } from '../../vault/keyring.ts';
import { nextRunAfter } from '../schedule.ts';
import { runSync, type SyncDeps } from './job.ts';
import { dueIntegrations, failStaleEvents, insertEvent, queuedEvents, takeSlot } from './store.ts';

const SYNC_JOB = 'integration.sync';
const SWEEP_LIMIT = 500;
/** An attempt expires after this long (a killed worker's job comes back after it). */
const EXPIRE_SECONDS = 1800;

interface SyncJob {
  eventId: string;
}

export interface SyncRunnerOptions {
  db: Database;
  queue: JobQueue;
  ring: () => KeyRing;
  http?: EgressClient;
  /** Retries after the first attempt (default 3), the first after about `retryDelaySeconds` (default 30). */
  retryLimit?: number;
  retryDelaySeconds?: number;
  sweepSeconds?: number;
  log?: SyncDeps['log'];
}

/** What the sync route tells the runtime about an event it recorded. */
export interface SyncQueue {
  queueSync(orgId: string, integrationId: string, eventId: string): Promise<void>;
}

export interface SyncRunner extends SyncQueue {
  /** Queues due integrations and queued events, and fails syncs whose worker was lost; returns how many of each. */
  sweep(): Promise<{ due: number; queued: number; stale: number }>;
  start(): void;
  stop(): void;
}

const keyOf = (integrationId: string, eventId: string, slot: Date | null) =>
  `${integrationId}:${slot ? slot.toISOString() : `now-${eventId}`}`;

export function createSyncRunner(opts: SyncRunnerOptions): SyncRunner {
  const { db, queue } = opts;
  const retryLimit = opts.retryLimit ?? 3;
  const deps: SyncDeps = {
    db,
    ring: opts.ring,
    http: opts.http ?? createEgressClient(),
    ...(opts.log ? { log: opts.log } : {}),
  };
  const send = (orgId: string, integrationId: string, eventId: string, slot: Date | null) =>
    queue.send<SyncJob>(SYNC_JOB, { orgId, data: { eventId }, idempotencyKey: keyOf(integrationId, eventId, slot) });

  let timer: NodeJS.Timeout | undefined;
  const runner: SyncRunner = {
    async queueSync(orgId, integrationId, eventId) {
      await send(orgId, integrationId, eventId, null);
    },
    async sweep() {
      let due = 0;
      // Across organisations: the platform service; each slot is then taken as its organisation's.
      for (const i of await withService(db, (tx) => dueIntegrations(tx, SWEEP_LIMIT))) {
        const slot = new Date(i.next_sync_at);
        const eventId = await asService(db, i.org_id, async (tx) => {
          const svc = tx as ServiceTx;
          const next = nextRunAfter(i.sync_schedule, new Date());
          if (!(await takeSlot(svc, i.org_id, i.id, slot, next))) return null;
          return insertEvent(svc, i.org_id, i.id, 'schedule', slot);
        });
        if (!eventId) continue;
        due++;
        await send(i.org_id, i.id, eventId, slot);
      }
      const queued = await withService(db, (tx) => queuedEvents(tx, SWEEP_LIMIT));
      for (const e of queued)
        await send(e.org_id, e.integration_id, e.id, e.scheduled_for ? new Date(e.scheduled_for) : null);
      // Past every attempt's expiry and the backoff between them (30 s · 2^n), with an hour to spare.
      const lostAfter = (retryLimit + 1) * EXPIRE_SECONDS + 30 * 2 ** (retryLimit + 1) + 3600;
      const stale = await withService(db, (tx) => failStaleEvents(tx as ServiceTx, lostAfter));
      return { due, queued: queued.length, stale };
    },
    start() {
      queue.register<SyncJob>(
        SYNC_JOB,
        async (job) => {
          await runSync(deps, { orgId: job.orgId, eventId: job.data.eventId, last: job.attempt > retryLimit });
        },
        {
          retryLimit,
          retryDelaySeconds: opts.retryDelaySeconds ?? 30,
          // One sync at a time per organisation: a tenant's backlog of syncs cannot hold every worker.
          perOrgConcurrency: 1,
          // A sync of 5,000 records through a rate-limited API takes minutes, not hours.
          expireSeconds: EXPIRE_SECONDS,
        },
      );
      const every = (opts.sweepSeconds ?? 30) * 1000;
      timer = setInterval(() => {
        runner.sweep().catch((err: unknown) => opts.log?.warn({ err }, 'integration sync sweep failed'));
      }, every);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
  return runner;
}

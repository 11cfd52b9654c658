import type { Database } from '../db/types.ts';
import { createSyncRunner, type SyncRunner } from '../integrations/sync/runner.ts';
import { type JobQueue, openJobQueue } from '../jobs/queue.ts';
import type { EgressClient } from '../net/egress.ts';
import { createQualificationRunner, type QualifyQueue } from '../revenue/qualify/job.ts';
import { qualifierDeps } from '../revenue/qualify/qualify.ts';
import type { KeyRing } from '../vault/keyring.ts';
import { keyRingProvider } from '../vault/provider.ts';
import { createWorkflowRunner, type WorkflowRunner } from './runner.ts';

export interface WorkflowWorker {
  runner: WorkflowRunner;
  /** Jobs that gave up, with their reasons (no payloads). */
  deadLetters: JobQueue['deadLetters'];
  /** Integration syncs (src/integrations/sync/runner.ts): due ones swept, asked-for ones queued. */
  syncs: SyncRunner;
  /** Lead qualifications (src/revenue/qualify/job.ts). */
  qualify: QualifyQueue;
  /** Graceful: no new jobs, running ones get `timeoutMs` to finish. */
  stop(timeoutMs?: number): Promise<void>;
}

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * The queue, the workflow runner, the integration sync runner and lead qualification on `db`:
 * what `palisade worker` runs, and `palisade serve` in-process unless told not to. `publicUrl` is where step services
 * reach the callback route. Step work runs on `db` as each organisation's service principal; the
 * queue's bookkeeping on `queueDb` (see `openOwnerQueueDb`).
 */
export async function startWorkflowWorker(
  db: Database,
  opts: {
    publicUrl: string;
    log: Log;
    ring?: KeyRing;
    http?: EgressClient;
    work?: boolean;
    sweepSeconds?: number;
    retryLimit?: number;
    retryDelaySeconds?: number;
    /** The owner's connection for the queue's own tables, when `db` is a login role that owns nothing. */
    queueDb?: Database;
  },
): Promise<WorkflowWorker> {
  const queue = openJobQueue(db, {
    ...(opts.queueDb ? { queueDb: opts.queueDb } : {}),
    onError: (e) => opts.log.warn({ jobId: e.jobId }, `job queue: ${e.message}`),
  });
  const ring = keyRingProvider({ warn: (m) => opts.log.warn({}, m) }, opts.ring);
  const runner = createWorkflowRunner({
    db,
    queue,
    ring,
    callbackBase: `${opts.publicUrl.replace(/\/+$/, '')}/v1/step-callbacks`,
    log: opts.log,
    ...(opts.http ? { http: opts.http } : {}),
    ...(opts.sweepSeconds ? { sweepSeconds: opts.sweepSeconds } : {}),
    ...(opts.retryLimit !== undefined ? { retryLimit: opts.retryLimit } : {}),
    ...(opts.retryDelaySeconds !== undefined ? { retryDelaySeconds: opts.retryDelaySeconds } : {}),
  });
  const syncs = createSyncRunner({
    db,
    queue,
    ring,
    log: opts.log,
    ...(opts.http ? { http: opts.http } : {}),
    ...(opts.sweepSeconds ? { sweepSeconds: opts.sweepSeconds } : {}),
    ...(opts.retryLimit !== undefined ? { retryLimit: opts.retryLimit } : {}),
    ...(opts.retryDelaySeconds !== undefined ? { retryDelaySeconds: opts.retryDelaySeconds } : {}),
  });
  const qualify = createQualificationRunner({
    queue,
    deps: qualifierDeps(opts.http ? { http: opts.http } : {}),
    log: opts.log,
    ...(opts.retryLimit !== undefined ? { retryLimit: opts.retryLimit } : {}),
    ...(opts.retryDelaySeconds !== undefined ? { retryDelaySeconds: opts.retryDelaySeconds } : {}),
  });
  runner.start();
  syncs.start();
  qualify.start();
  await queue.start({ work: opts.work ?? true });
  return {
    runner,
    deadLetters: (filter) => queue.deadLetters(filter),
    syncs,
    qualify,
    async stop(timeoutMs = 10_000) {
      runner.stop();
      syncs.stop();
      await queue.stop({ graceful: true, timeoutMs });
    },
  };
}

/** What to do when the queue cannot start for want of rights, in one sentence. */
export const QUEUE_HINT =
  "The job queue creates its own tables (pg-boss, schema pgboss): give the workers the owner through PALISADE_MIGRATION_DATABASE_URL, or run `palisade worker` with the owner's DATABASE_URL";

/**
 * On a PostgreSQL server whose DATABASE_URL is the login role (owns nothing), the queue's own tables
 * need the owner: PALISADE_MIGRATION_DATABASE_URL, which `serve` already migrates through. Undefined
 * when there is none (DATABASE_URL is then the owner, or the embedded engine).
 */
export async function openOwnerQueueDb(env: { DATABASE_URL?: string; PALISADE_MIGRATION_DATABASE_URL?: string }) {
  if (!env.DATABASE_URL || !env.PALISADE_MIGRATION_DATABASE_URL) return undefined;
  const { openPostgres } = await import('../db/postgres.ts');
  return openPostgres({ url: env.PALISADE_MIGRATION_DATABASE_URL, max: 2 });
}

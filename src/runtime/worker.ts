import type { Database } from '../db/types.ts';
import { createSyncRunner, type SyncRunner } from '../integrations/sync/runner.ts';
import { openJobQueue } from '../jobs/queue.ts';
import type { EgressClient } from '../net/egress.ts';
import type { KeyRing } from '../vault/keyring.ts';
import { keyRingProvider } from '../vault/provider.ts';
import { createWorkflowRunner, type WorkflowRunner } from './runner.ts';

export interface WorkflowWorker {
  runner: WorkflowRunner;
  /** Integration syncs (src/integrations/sync/runner.ts): due ones swept, asked-for ones queued. */
  syncs: SyncRunner;
  /** Graceful: no new jobs, running ones get `timeoutMs` to finish. */
  stop(timeoutMs?: number): Promise<void>;
}

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * The queue, the workflow runner and the integration sync runner on `db`: what `palisade worker`
 * runs, and `palisade serve` in-process unless told not to. `publicUrl` is where step services
 * reach the callback route.
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
  },
): Promise<WorkflowWorker> {
  const queue = openJobQueue(db, {
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
  runner.start();
  syncs.start();
  await queue.start({ work: opts.work ?? true });
  return {
    runner,
    syncs,
    async stop(timeoutMs = 10_000) {
      runner.stop();
      syncs.stop();
      await queue.stop({ graceful: true, timeoutMs });
    },
  };
}

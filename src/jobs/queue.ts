import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { Database, Queryable } from '../db/types.ts';
import { bossDb } from './boss-db.ts';
import { asService } from './service.ts';
import { jobSql } from './sql.ts';

export interface Job<T> {
  id: string;
  name: string;
  orgId: string;
  data: T;
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
}

export interface HandlerContext {
  /** A transaction as the job's organisation's service principal (asService): RLS applies. */
  asService<R>(fn: (tx: Queryable) => Promise<R>): Promise<R>;
}

/** Throwing fails the attempt; the error's message (only) is stored as the reason. */
export type JobHandler<T> = (job: Job<T>, ctx: HandlerContext) => Promise<void>;

export interface RegisterOptions {
  /** Jobs of this name run at once by this worker. Default 4. */
  concurrency?: number;
  /** Jobs of this name active at once for one organisation, across all workers. Default 1. */
  perOrgConcurrency?: number;
  /** Retries after the first attempt; the job is dead after retryLimit + 1 failures. Default 3. */
  retryLimit?: number;
  /** d in the backoff: the n-th retry waits d·2^(n-1) to d·2^n seconds. Default 5. */
  retryDelaySeconds?: number;
  /** An attempt still running after this long counts as failed (a killed worker). Default 900. */
  expireSeconds?: number;
}

export interface SendOptions<T> {
  orgId: string;
  data: T;
  /** A job sent again with the same name, organisation and key is not queued again. */
  idempotencyKey?: string;
  /** Not before this time (a Date, or seconds from now). */
  startAfter?: Date | number;
}

export interface DeadLetter {
  id: string;
  name: string;
  orgId: string;
  attempts: number;
  /** The last failure's message; never the payload. */
  reason: string;
  failedAt: Date;
}

export interface JobQueueOptions {
  /**
   * Where the queue's own tables live and are kept (pg-boss creates its schema and a table per
   * queue, so this role must own them): the owner's connection when `db` is a login role that owns
   * nothing. Handlers never get it: their transactions run on `db`, as the service principal.
   * Default: `db`.
   */
  queueDb?: Database;
  /** pg-boss's schema, created at start by the role `queueDb` connects as. Default 'pgboss'. */
  schema?: string;
  /** How long an idle lane waits before asking for work again. Default 1000 ms. */
  pollIntervalMs?: number;
  /** How often expired attempts are failed and old jobs archived. Default 60 s. */
  maintenanceIntervalSeconds?: number;
  /** Finished and dead jobs (and so idempotency keys and dead letters) are kept this long. Default 30. */
  retentionDays?: number;
  /** Failures of the queue itself (a lost connection, say): message and where, never a payload. */
  onError?: (e: { message: string; name?: string; jobId?: string }) => void;
}

export interface JobQueue {
  register<T extends object>(name: string, handler: JobHandler<T>, opts?: RegisterOptions): void;
  /** The job's id, or null when its idempotency key was already used. */
  send<T extends object>(name: string, opts: SendOptions<T>): Promise<string | null>;
  /** Installs pg-boss's schema and the registered queues; with work (the default), runs handlers. */
  start(opts?: { work?: boolean }): Promise<void>;
  /** Graceful: fetch nothing more and wait (up to timeoutMs) for running handlers. */
  stop(opts?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
  deadLetters(filter?: { orgId?: string; name?: string }): Promise<DeadLetter[]>;
  /** Resolves once no job of a registered name is queued, waiting to retry or running. */
  idle(opts?: { timeoutMs?: number }): Promise<void>;
}

interface Lane {
  name: string;
  handler: JobHandler<object>;
  opts: Required<RegisterOptions>;
  running: number;
  wake?: () => void;
  loop?: Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

export function openJobQueue(db: Database, options: JobQueueOptions = {}): JobQueue {
  const qdb = options.queueDb ?? db;
  const schema = options.schema ?? 'pgboss';
  if (!IDENT.test(schema)) throw new Error('jobs: schema must be a lower-case identifier');
  const sql = jobSql(schema);
  const pollMs = options.pollIntervalMs ?? 1000;
  const report = options.onError ?? (() => {});
  const retentionDays = options.retentionDays ?? 30;
  const boss = new PgBoss({
    db: bossDb(qdb),
    schema,
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
    archiveCompletedAfterSeconds: 3600,
    archiveFailedAfterSeconds: 3600,
    deleteAfterDays: retentionDays,
  });
  // pg-boss reports maintenance failures as events; an unheard 'error' event would end the process.
  boss.on('error', (err: Error) => report({ message: err.message }));

  const lanes = new Map<string, Lane>();
  let started = false;
  let stopping = false;

  async function fetch(lane: Lane, limit: number) {
    return qdb.transaction(async (tx) => {
      await tx.query(sql.fetchLock, [lane.name]);
      const res = await tx.query<{ id: string; org_id: string; data: object; retry_count: number }>(sql.fetch, [
        lane.name,
        limit,
        lane.opts.perOrgConcurrency,
      ]);
      return res.rows;
    });
  }

  async function run(lane: Lane, job: Job<object>) {
    try {
      await lane.handler(job, { asService: (fn) => asService(db, job.orgId, fn) });
      await boss.complete(lane.name, job.id);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // The message alone: a stack or the error's own fields could carry what the handler held.
      await boss
        .fail(lane.name, job.id, { message: message.slice(0, 1000) })
        .catch((e: Error) => report({ message: e.message, name: lane.name, jobId: job.id }));
    }
  }

  async function work(lane: Lane) {
    while (!stopping) {
      const free = lane.opts.concurrency - lane.running;
      let got = 0;
      if (free > 0) {
        try {
          const rows = await fetch(lane, free);
          got = rows.length;
          for (const r of rows) {
            lane.running++;
            const job = { id: r.id, name: lane.name, orgId: r.org_id, data: r.data, attempt: r.retry_count + 1 };
            void run(lane, job).finally(() => {
              lane.running--;
              lane.wake?.();
            });
          }
        } catch (err) {
          report({ message: (err as Error).message, name: lane.name });
        }
      }
      if (got > 0 && got === free) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        lane.wake = () => {
          clearTimeout(timer);
          lane.wake = undefined;
          resolve();
        };
      });
    }
  }

  return {
    register(name, handler, opts = {}) {
      if (started) throw new Error(`jobs: register ${name} before start()`);
      if (lanes.has(name)) throw new Error(`jobs: ${name} is registered twice`);
      lanes.set(name, {
        name,
        handler: handler as JobHandler<object>,
        running: 0,
        opts: {
          concurrency: opts.concurrency ?? 4,
          perOrgConcurrency: opts.perOrgConcurrency ?? 1,
          retryLimit: opts.retryLimit ?? 3,
          retryDelaySeconds: opts.retryDelaySeconds ?? 5,
          expireSeconds: opts.expireSeconds ?? 900,
        },
      });
    },

    async send(name, opts) {
      if (!lanes.has(name)) throw new Error(`jobs: ${name} is not registered`);
      if (!started) throw new Error('jobs: start() before send (start({ work: false }) in a process that only sends)');
      if (!UUID.test(opts.orgId)) throw new Error('jobs: orgId must be a uuid');
      let id: string | undefined;
      if (opts.idempotencyKey !== undefined) {
        id = keyId(name, opts.orgId, opts.idempotencyKey);
        // The live table refuses a second insert itself (ON CONFLICT DO NOTHING); the archive must be asked.
        if ((await qdb.query(sql.archived, [name, id])).rows.length) return null;
      }
      return boss.send(name, opts.data, {
        ...(id ? { id } : {}),
        singletonKey: opts.orgId,
        ...(opts.startAfter !== undefined ? { startAfter: opts.startAfter } : {}),
      });
    },

    async start(opts = {}) {
      if (started) return;
      await boss.start();
      await qdb.query(sql.orgIndex);
      for (const lane of lanes.values()) {
        const queue = {
          name: lane.name,
          retryLimit: lane.opts.retryLimit,
          retryDelay: lane.opts.retryDelaySeconds,
          retryBackoff: true,
          expireInSeconds: lane.opts.expireSeconds,
          retentionMinutes: retentionDays * 24 * 60,
        };
        // create_queue keeps an existing queue's settings; update makes this process's register() win.
        await boss.createQueue(lane.name, queue);
        await boss.updateQueue(lane.name, queue);
      }
      started = true;
      if (opts.work === false) return;
      for (const lane of lanes.values()) lane.loop = work(lane);
    },

    async stop(opts = {}) {
      if (!started || stopping) return;
      stopping = true;
      for (const lane of lanes.values()) lane.wake?.();
      await Promise.all([...lanes.values()].map((l) => l.loop));
      if (opts.graceful ?? true) {
        const until = Date.now() + (opts.timeoutMs ?? 30_000);
        while ([...lanes.values()].some((l) => l.running > 0) && Date.now() < until) await sleep(20);
      }
      await boss.stop({ graceful: false, close: false, wait: true });
    },

    async deadLetters(filter = {}) {
      const names = filter.name ? [filter.name] : [...lanes.keys()];
      const res = await qdb.query<{
        id: string;
        name: string;
        org_id: string;
        attempts: number;
        reason: string;
        failed_at: Date | string;
      }>(sql.deadLetters, [names, filter.orgId ?? null]);
      return res.rows.map((r) => ({
        id: r.id,
        name: r.name,
        orgId: r.org_id,
        attempts: Number(r.attempts),
        reason: r.reason,
        failedAt: new Date(r.failed_at),
      }));
    },

    async idle(opts = {}) {
      const until = Date.now() + (opts.timeoutMs ?? 30_000);
      for (;;) {
        const { rows } = await qdb.query<{ n: number }>(sql.unfinished, [[...lanes.keys()]]);
        if (rows[0]?.n === 0 && [...lanes.values()].every((l) => l.running === 0)) return;
        if (Date.now() > until) throw new Error('jobs: not idle before the timeout');
        await sleep(50);
      }
    },
  };
}

/**
 * An idempotency key's job id: the same name, organisation and key always give the same uuid, so
 * the job table's primary key refuses the second send. Hashed, so the key never appears in the id.
 */
function keyId(name: string, orgId: string, key: string): string {
  const h = createHash('sha256').update(`${name}\0${orgId}\0${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((Number.parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

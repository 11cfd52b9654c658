/**
 * Qualification as a queued job ('lead.qualify' {leadId}), run as the lead's organisation's
 * service principal (src/jobs), a few per organisation at once so one tenant's import cannot hold
 * every worker. The qualification's id is the job's id: a job that runs again after its result
 * committed (its worker died before the queue heard) finds it and stops, so an attempt never
 * records, or counts against the plan, twice. What no retry can fix (the lead is gone, the plan's
 * limit is reached, the criteria are invalid, the provider refused the key) ends the job with a
 * warning in the log; a provider that timed out, failed or rate limited is tried again.
 */
import type { FastifyInstance } from 'fastify';
import { PalisadeError } from '../../errors/error.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { QualifierError } from './llm.ts';
import { factsOf, prepare, type QualifierDeps } from './qualify.ts';
import { leadToQualify, qualificationExists, recordQualification } from './store.ts';

const QUALIFY_JOB = 'lead.qualify';

interface QualifyJob {
  leadId: string;
  /** Queued for a new lead: skipped when its workspace's settings say auto_qualify false. */
  auto?: boolean;
  /** Who asked (recorded as the qualification's created_by). */
  requestedBy?: string;
}

/** What the routes (and the lead routes, for new leads) tell the queue. */
export interface QualifyQueue {
  /** The job's id (the id its qualification will have), or null when this lead's auto job was already queued. */
  queueQualification(
    orgId: string,
    leadId: string,
    opts?: { auto?: boolean; requestedBy?: string },
  ): Promise<string | null>;
}

interface Log {
  warn(obj: object, msg: string): void;
}

export interface QualificationRunner extends QualifyQueue {
  /** Registers the job handler (before the queue starts). */
  start(): void;
}

/** A refusal no retry changes: its sentence, or undefined for a failure worth another attempt. */
function finalReason(err: unknown): string | undefined {
  if (err instanceof QualifierError) return err.retryable ? undefined : err.message;
  if (err instanceof PalisadeError) return err.message;
  const code = (err as { code?: unknown })?.code;
  // Raised in SQL: the plan's limit (PS402, a message written for people), or the lead deleted meanwhile.
  if (code === 'PS402') return (err as Error).message;
  if (code === '23503') return 'the lead was deleted';
  return undefined;
}

export function createQualificationRunner(opts: {
  queue: JobQueue;
  deps: QualifierDeps;
  log: Log;
  /** Retries after the first attempt (default 3), the first after about `retryDelaySeconds` (default 15). */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** Qualifications one organisation has running at once (default 2). */
  perOrgConcurrency?: number;
}): QualificationRunner {
  const { queue, deps, log } = opts;
  return {
    async queueQualification(orgId, leadId, o = {}) {
      return queue.send<QualifyJob>(QUALIFY_JOB, {
        orgId,
        data: { leadId, ...(o.auto ? { auto: true } : {}), ...(o.requestedBy ? { requestedBy: o.requestedBy } : {}) },
        // A new lead is qualified once however often it is announced; asked-for ones each time.
        ...(o.auto ? { idempotencyKey: `auto:${leadId}` } : {}),
      });
    },
    start() {
      queue.register<QualifyJob>(
        QUALIFY_JOB,
        async (job, ctx) => {
          const { orgId } = job;
          const where = { orgId, leadId: job.data.leadId, jobId: job.id };
          try {
            const lead = await ctx.asService(async (tx) =>
              (await qualificationExists(tx, orgId, job.id)) ? 'done' : leadToQualify(tx, orgId, job.data.leadId),
            );
            if (lead === 'done') return;
            if (!lead) return void log.warn(where, 'lead qualification skipped: the lead no longer exists');
            if (job.data.auto && lead.auto_qualify === false) return;
            const p = prepare(lead, deps);
            const result = await p.qualifier.qualify(factsOf(lead), p.criteria);
            await ctx.asService((tx) =>
              recordQualification(tx, orgId, lead, result, {
                id: job.id,
                requestedBy: job.data.requestedBy ?? null,
              }),
            );
          } catch (err) {
            const reason = finalReason(err);
            if (reason === undefined) throw err;
            log.warn(where, `lead qualification not recorded: ${reason}`);
          }
        },
        {
          retryLimit: opts.retryLimit ?? 3,
          retryDelaySeconds: opts.retryDelaySeconds ?? 15,
          perOrgConcurrency: opts.perOrgConcurrency ?? 2,
          // Longer than the slowest LLM call allowed (PALISADE_LLM_TIMEOUT, 300 s at most).
          expireSeconds: 600,
        },
      );
    },
  };
}

/**
 * Queues the qualification of a lead just created, for the lead routes: the job skips it when the
 * workspace's settings turn auto_qualify off. Call after the lead's transaction committed. Null
 * when this process has no queue (`serve --no-worker`) or the send failed (logged): the lead stays
 * unqualified until someone asks (POST …/leads/{leadId}/qualify).
 */
export async function enqueueQualification(
  app: FastifyInstance,
  orgId: string,
  leadId: string,
): Promise<string | null> {
  const queue = app.palisade.qualifyQueue;
  if (!queue) return null;
  return queue.queueQualification(orgId, leadId, { auto: true }).catch((err: unknown) => {
    app.log.warn({ err, orgId, leadId }, 'lead qualification not queued');
    return null;
  });
}

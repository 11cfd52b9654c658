/**
 * The workflow runtime: one queued job per step call ('workflow.step'), run as the organisation's
 * service principal under RLS (src/jobs), never as the owner. A job claims its step (steps.ts),
 * makes the call its step type's contract describes (outbound.ts: signed, through the egress
 * guard), and records the answer; a step that succeeded queues the next one. A retryable failure
 * is the queue's to retry, with backoff and jitter, and the last one dead-letters the job with its
 * reason and fails the step and its run. A sweep, every `sweepSeconds`, times out callbacks past
 * their deadline and queues any run nobody queued (one started through SQL, say).
 *
 * At least once, not exactly once: a worker that dies after its call was sent and before the
 * answer was recorded leaves the step running; the job's retry calls again, and the step service
 * sees the same step run id and attempt count in the input to tell a repeat (docs/integration-architecture/custom-steps.md).
 */
import type { Database, Queryable } from '../db/types.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { asService } from '../jobs/service.ts';
import { createEgressClient, type EgressClient } from '../net/egress.ts';
import { ExternalCall } from '../platform/contracts.ts';
import { type ServiceTx, withService } from '../vault/elevate.ts';
import type { KeyRing } from '../vault/keyring.ts';
import { callbackUrl, createCallbackToken } from './callback-token.ts';
import { callStep, type StepCallResult } from './outbound.ts';
import { bearerToken, signingSecrets } from './signing-keys.ts';
import {
  type ClaimedStep,
  claimStep,
  finishStep,
  nextPendingStep,
  openSteps,
  type QueuedStep,
  type StepEnd,
  timeOutCallbacks,
} from './steps.ts';

const STEP_JOB = 'workflow.step';

interface StepJob {
  stepRunId: string;
  attempt: number;
}

export interface WorkflowRunnerOptions {
  db: Database;
  queue: JobQueue;
  ring: () => KeyRing;
  /** Where step services post callbacks: the public URL of POST /v1/step-callbacks (callbacks.ts). */
  callbackBase: string;
  http?: EgressClient;
  /** Retries after the first call of a step (default 3), the first after about `retryDelaySeconds` (default 5). */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** Step calls one organisation has out at once (default 4): a tenant with a backlog cannot starve the rest. */
  perOrgConcurrency?: number;
  sweepSeconds?: number;
  log?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

export interface WorkflowRunner {
  /** Queues the first pending step of a run (a start, a re-run). */
  queueRun(orgId: string, runId: string): Promise<void>;
  /** Times out late callbacks and queues what nobody queued; returns how many of each. */
  sweep(): Promise<{ timedOut: number; queued: number }>;
  /** Registers the job handler and starts the sweep (call before the queue starts working). */
  start(): void;
  stop(): void;
}

const asServiceTx = (tx: Queryable) => tx as ServiceTx;

export function createWorkflowRunner(opts: WorkflowRunnerOptions): WorkflowRunner {
  const { db, queue } = opts;
  const http = opts.http ?? createEgressClient();
  const retryLimit = opts.retryLimit ?? 3;
  const serviceOf = <T>(orgId: string, fn: (tx: ServiceTx) => Promise<T>) =>
    asService(db, orgId, (tx) => fn(asServiceTx(tx)));

  const queueStep = async (s: QueuedStep) => {
    await queue.send<StepJob>(STEP_JOB, {
      orgId: s.orgId,
      data: { stepRunId: s.stepRunId, attempt: s.attempt },
      idempotencyKey: `${s.stepRunId}:${s.attempt}`,
    });
  };

  const finish = async (step: ClaimedStep, end: StepEnd) => {
    const done = await serviceOf(step.orgId, (tx) =>
      finishStep(tx, { orgId: step.orgId, stepRunId: step.stepRunId, attempt: step.attempt }, end),
    );
    if (done.next) await queueStep(done.next);
    return done;
  };

  /** One call of one step; throws only to have the queue try again (or dead-letter it). */
  async function runStep(job: { orgId: string; data: StepJob; attempt: number }) {
    const { orgId } = job;
    const token = createCallbackToken();
    const step = await serviceOf(orgId, (tx) =>
      claimStep(tx, orgId, job.data.stepRunId, job.data.attempt, (external) => {
        const parsed = ExternalCall.safeParse(external);
        const cb = parsed.success && 'callback' in parsed.data ? parsed.data.callback : undefined;
        return cb?.expected ? { token, expiresAt: new Date(Date.now() + cb.timeout_seconds * 1000) } : null;
      }),
    );
    if (!step) return;
    const parsed = ExternalCall.safeParse(step.externalCall);
    if (!step.installId) return void (await finish(step, { status: 'failed', error: 'the step type was uninstalled' }));
    if (!parsed.success)
      return void (await finish(step, { status: 'failed', error: 'the step type’s contract is invalid' }));
    // A step type that calls nothing has nothing to wait for.
    if (!('endpoint' in parsed.data)) return void (await finish(step, { status: 'succeeded', output: {} }));
    const contract = parsed.data as Extract<ExternalCall, { endpoint: string }>;
    let signing: { keyId: string; secret: string } | null = null;
    let bearer: string | null = null;
    if (contract.auth !== 'none' && contract.auth.type === 'bearer') {
      bearer = await serviceOf(orgId, (tx) => bearerToken(tx, opts.ring(), orgId, step.bearerSecretId));
      if (!bearer)
        return void (await finish(step, {
          status: 'failed',
          error:
            'the step type install has no bearer token: set one (PUT …/step-type-installs/{installId}/bearer-token)',
        }));
    } else if (contract.auth !== 'none' && contract.auth.type === 'hmac_sha256') {
      const keyId = step.signingKeyId;
      const secret = keyId
        ? (await serviceOf(orgId, (tx) => signingSecrets(tx, opts.ring(), orgId, [keyId]))).get(keyId)
        : undefined;
      if (!keyId || !secret)
        return void (await finish(step, {
          status: 'failed',
          error:
            'the step type install has no signing key: make one (POST …/step-type-installs/{installId}/signing-key)',
        }));
      signing = { keyId, secret };
    }
    const expectsCallback = contract.callback?.expected === true;
    // callStep throws only on what no retry can fix (a request it cannot sign unambiguously); its
    // messages name the field, never a value.
    const result: StepCallResult = await callStep({
      contract,
      config: step.config,
      input: {
        run: step.runInput,
        previous_output: step.previousOutput,
        step_run_id: step.stepRunId,
        attempt: step.attempt,
      },
      signing,
      ...(bearer ? { bearer } : {}),
      ...(expectsCallback
        ? { callbackUrl: callbackUrl(`${opts.callbackBase}/${orgId}/${step.stepRunId}`, token) }
        : {}),
      http,
      outputSchema: step.outputSchema,
      log: (line) => opts.log?.info({ orgId, stepRunId: step.stepRunId, attempt: step.attempt }, line),
    }).catch((err: unknown) => ({
      outcome: 'failed' as const,
      code: 'bad_endpoint' as const,
      retryable: false,
      message: `the call could not be made: ${(err as Error).message}`,
    }));
    if (result.outcome === 'succeeded')
      return void (await finish(step, { status: 'succeeded', output: result.output }));
    if (result.outcome === 'waiting_callback') return void (await finish(step, { status: 'waiting_callback' }));
    const last = job.attempt > retryLimit;
    if (result.retryable && !last) throw new Error(result.message);
    await finish(step, { status: result.code === 'timeout' ? 'timed_out' : 'failed', error: result.message });
    // Dead-lettered with its reason, so an operator sees what gave up.
    if (result.retryable) throw new Error(`gave up after ${job.attempt} attempts: ${result.message}`);
  }

  let timer: NodeJS.Timeout | undefined;
  const runner: WorkflowRunner = {
    async queueRun(orgId, runId) {
      const next = await serviceOf(orgId, (tx) => nextPendingStep(tx, orgId, runId));
      if (next) await queueStep(next);
    },
    async sweep() {
      // Across organisations: the platform service, no acting organisation.
      const timedOut = await withService(db, (tx) => timeOutCallbacks(tx));
      const open = await withService(db, (tx) => openSteps(tx));
      for (const s of open) await queueStep(s);
      return { timedOut, queued: open.length };
    },
    start() {
      queue.register<StepJob>(STEP_JOB, (job) => runStep(job), {
        retryLimit,
        retryDelaySeconds: opts.retryDelaySeconds ?? 5,
        perOrgConcurrency: opts.perOrgConcurrency ?? 4,
        // Longer than any contract's deadline (60 s at most) plus the bookkeeping around it.
        expireSeconds: 180,
      });
      const every = (opts.sweepSeconds ?? 30) * 1000;
      timer = setInterval(() => {
        runner.sweep().catch((err: unknown) => opts.log?.warn({ err }, 'workflow sweep failed'));
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

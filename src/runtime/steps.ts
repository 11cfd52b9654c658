/**
 * The runtime's side of a workflow run, as the service role: claim a step, record what its call
 * gave, move the run on. Each function takes a transaction already running as the service role
 * (src/vault/elevate.ts) and names the organisation in every statement; the state machine and
 * its transitions are the database's (app.check_workflow_transition), so a step cancelled while
 * its call was out is never brought back by a late answer.
 */
import type { ServiceTx } from '../vault/elevate.ts';
import { hashCallbackToken } from './callback-token.ts';

/** What the runner needs to call a step, read when it claims the step. */
export interface ClaimedStep {
  orgId: string;
  runId: string;
  stepRunId: string;
  position: number;
  attempt: number;
  installId: string | null;
  signingKeyId: string | null;
  bearerSecretId: string | null;
  config: Record<string, unknown>;
  runInput: unknown;
  previousOutput: unknown;
  externalCall: Record<string, unknown>;
  outputSchema: unknown;
}

interface ClaimRow {
  run_id: string;
  position: number;
  attempt: number;
  status: string;
  run_status: string;
  install_id: string | null;
  signing_key_id: string | null;
  bearer_secret_id: string | null;
  config: Record<string, unknown>;
  input: unknown;
  previous_output: unknown;
  external_call: Record<string, unknown>;
  output_schema: unknown;
}

export interface QueuedStep {
  orgId: string;
  stepRunId: string;
  /** Calls made before this job: with the step, the job's idempotency key. */
  attempt: number;
}

const tokenHash = (token: string) => Buffer.from(hashCallbackToken(token), 'hex');

/**
 * Locks the step and claims it for the job that was queued for it at `queuedAttempt` calls: a
 * pending step with that many calls behind it, or a running one past them (the same job again,
 * after a failed attempt or a worker that died mid-call). It is then running with one more
 * attempt, its run running too, and, when its contract expects a callback, the callback token's
 * hash and deadline stored. Null when there is nothing to do: the step or its run finished or was
 * cancelled meanwhile, or another job's claim is newer.
 */
export async function claimStep(
  tx: ServiceTx,
  orgId: string,
  stepRunId: string,
  queuedAttempt: number,
  callbackFor: (externalCall: Record<string, unknown>) => { token: string; expiresAt: Date } | null,
): Promise<ClaimedStep | null> {
  const { rows } = await tx.query<ClaimRow>(
    `select s.run_id, s.position, s.attempt, s.status, r.status as run_status, s.install_id, i.signing_key_id, i.bearer_secret_id, s.config,
            r.input, v.external_call, v.output_schema,
            (select p.output from public.workflow_step_runs p
             where p.org_id = s.org_id and p.run_id = s.run_id and p.position < s.position
             order by p.position desc limit 1) as previous_output
     from public.workflow_step_runs s
     join public.workflow_runs r on r.org_id = s.org_id and r.id = s.run_id
     join platform.step_type_versions v on v.id = s.step_type_version_id
     left join public.step_type_installs i on i.org_id = s.org_id and i.id = s.install_id
     where s.org_id = $1 and s.id = $2
     for update of s, r`,
    [orgId, stepRunId],
  );
  const row = rows[0];
  if (!row || !['pending', 'running'].includes(row.run_status)) return null;
  const mine =
    (row.status === 'pending' && row.attempt === queuedAttempt) ||
    (row.status === 'running' && row.attempt > queuedAttempt);
  if (!mine) return null;
  if (row.run_status === 'pending')
    await tx.query(`update public.workflow_runs set status = 'running' where org_id = $1 and id = $2`, [
      orgId,
      row.run_id,
    ]);
  const callback = callbackFor(row.external_call);
  const { rows: claimed } = await tx.query<{ attempt: number }>(
    `update public.workflow_step_runs set status = 'running', attempt = attempt + 1,
       callback_token_hash = $3, callback_expires_at = $4
     where org_id = $1 and id = $2 returning attempt`,
    [orgId, stepRunId, callback ? tokenHash(callback.token) : null, callback?.expiresAt ?? null],
  );
  return {
    orgId,
    runId: row.run_id,
    stepRunId,
    position: row.position,
    attempt: claimed[0]!.attempt,
    installId: row.install_id,
    signingKeyId: row.signing_key_id,
    bearerSecretId: row.bearer_secret_id,
    config: row.config,
    runInput: row.input,
    previousOutput: row.previous_output ?? null,
    externalCall: row.external_call,
    outputSchema: row.output_schema,
  };
}

/**
 * Locks the step when it is in one of `statuses` and, for a worker's answer, still at the attempt
 * that worker claimed (anything else means its answer is stale); `attempt` null for a callback or
 * the sweep, which answer for whichever attempt is out.
 */
async function lockStep(tx: ServiceTx, orgId: string, stepRunId: string, attempt: number | null, statuses: string[]) {
  const { rows } = await tx.query<{ run_id: string; position: number }>(
    `select run_id, position from public.workflow_step_runs
     where org_id = $1 and id = $2 and ($3::int is null or attempt = $3) and status = any ($4::text[]) for update`,
    [orgId, stepRunId, attempt, statuses],
  );
  return rows[0] ?? null;
}

export type StepEnd =
  | { status: 'succeeded'; output: unknown }
  | { status: 'failed' | 'timed_out'; error: string }
  | { status: 'waiting_callback' };

/**
 * Records how a step ended and moves its run on: the next step's id when there is one to run
 * (the caller queues it after commit), null otherwise. `expect` are the states the step may be
 * in for this to apply (a callback may complete a step still marked running: it can be faster
 * than the answer to the call that announced it).
 */
export async function finishStep(
  tx: ServiceTx,
  at: { orgId: string; stepRunId: string; attempt: number | null },
  end: StepEnd,
  extra: { deliveryId?: string } = {},
): Promise<{ applied: boolean; next: QueuedStep | null; runId: string | null }> {
  const { orgId, stepRunId } = at;
  const statuses = end.status === 'waiting_callback' ? ['running'] : ['running', 'waiting_callback'];
  const step = await lockStep(tx, orgId, stepRunId, at.attempt, statuses);
  if (!step) return { applied: false, next: null, runId: null };
  await tx.query(
    `update public.workflow_step_runs set status = $3, output = $4::jsonb, error = $5,
       callback_delivery_id = coalesce($6, callback_delivery_id)
     where org_id = $1 and id = $2`,
    [
      orgId,
      stepRunId,
      end.status,
      end.status === 'succeeded' ? JSON.stringify(end.output ?? null) : null,
      end.status === 'failed' || end.status === 'timed_out' ? end.error.slice(0, 2000) : null,
      extra.deliveryId ?? null,
    ],
  );
  if (end.status === 'waiting_callback') return { applied: true, next: null, runId: step.run_id };
  if (end.status !== 'succeeded') {
    await failRun(tx, orgId, step.run_id, `step ${step.position}: ${end.error}`);
    return { applied: true, next: null, runId: step.run_id };
  }
  const { rows } = await tx.query<{ id: string; attempt: number }>(
    `select id, attempt from public.workflow_step_runs
     where org_id = $1 and run_id = $2 and position > $3 and status = 'pending'
     order by position limit 1`,
    [orgId, step.run_id, step.position],
  );
  if (rows[0])
    return { applied: true, next: { orgId, stepRunId: rows[0].id, attempt: rows[0].attempt }, runId: step.run_id };
  await tx.query(
    `update public.workflow_runs set status = 'succeeded' where org_id = $1 and id = $2 and status = 'running'`,
    [orgId, step.run_id],
  );
  return { applied: true, next: null, runId: step.run_id };
}

async function failRun(tx: ServiceTx, orgId: string, runId: string, error: string) {
  await tx.query(
    `update public.workflow_runs set status = 'failed', error = $3 where org_id = $1 and id = $2 and status = 'running'`,
    [orgId, runId, error.slice(0, 2000)],
  );
}

/** The first step still to run of a run that is pending or running (what a start or a re-run queues). */
export async function nextPendingStep(tx: ServiceTx, orgId: string, runId: string): Promise<QueuedStep | null> {
  const { rows } = await tx.query<{ id: string; attempt: number }>(
    `select s.id, s.attempt from public.workflow_step_runs s join public.workflow_runs r on r.org_id = s.org_id and r.id = s.run_id
     where s.org_id = $1 and s.run_id = $2 and r.status in ('pending', 'running') and s.status = 'pending'
     order by s.position limit 1`,
    [orgId, runId],
  );
  return rows[0] ? { orgId, stepRunId: rows[0].id, attempt: rows[0].attempt } : null;
}

/** Steps waiting past their callback deadline: timed out, their runs failed. Returns how many. */
export async function timeOutCallbacks(tx: ServiceTx, now = new Date()): Promise<number> {
  const { rows } = await tx.query<{ org_id: string; id: string }>(
    `select org_id, id from public.workflow_step_runs where status = 'waiting_callback' and callback_expires_at < $1
     order by callback_expires_at limit 500 for update skip locked`,
    [now],
  );
  for (const r of rows) {
    await finishStep(
      tx,
      { orgId: r.org_id, stepRunId: r.id, attempt: null },
      { status: 'timed_out', error: 'no callback before its deadline' },
    );
  }
  return rows.length;
}

/**
 * Runs still to be driven (started through SQL, or whose queueing was lost): the next pending
 * step of each. A step already running has a job (its retries are the queue's); queueing it again
 * under the same key is refused by the queue, so the sweep may repeat itself freely.
 */
export async function openSteps(tx: ServiceTx, limit = 500): Promise<QueuedStep[]> {
  const { rows } = await tx.query<{ org_id: string; id: string; attempt: number }>(
    `select s.org_id, s.id, s.attempt from public.workflow_runs r
     join lateral (select x.org_id, x.id, x.status, x.attempt from public.workflow_step_runs x
                   where x.org_id = r.org_id and x.run_id = r.id and x.status <> 'succeeded'
                   order by x.position limit 1) s on true
     where r.status in ('pending', 'running') and s.status = 'pending'
     order by r.created_at limit $1`,
    [limit],
  );
  return rows.map((r) => ({ orgId: r.org_id, stepRunId: r.id, attempt: r.attempt }));
}

/**
 * Workflow runs over HTTP: start a run of a workflow, read runs and their steps, cancel a run,
 * re-run a failed step, and give a step type install a signing key. Every statement runs as the
 * caller under RLS (src/runtime/sql/0070_workflow_runs.sql); the runtime is told about new work
 * after the transaction commits, and its sweeper finds any it was not told about.
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../errors/error.ts';
import { decodeCursor, PageQuery, page, pageOf } from '../http/pagination.ts';
import { run } from '../http/run.ts';
import { iso, isoRequired, OrgParams, Timestamp, Uuid } from '../http/schemas.ts';
import type { RouteModule } from '../http/types.ts';
import type { KeyRing } from '../vault/keyring.ts';
import { keyRingProvider } from '../vault/provider.ts';
import * as q from './queries.ts';
import { rotateSigningKey, setBearerToken } from './signing-keys.ts';

const RunStatus = z.enum(['pending', 'running', 'succeeded', 'failed', 'cancelled']);
const StepStatus = z.enum(['pending', 'running', 'waiting_callback', 'succeeded', 'failed', 'timed_out', 'cancelled']);

const Run = z
  .object({
    id: Uuid,
    workflow_def_id: Uuid,
    status: RunStatus,
    input: z.unknown(),
    error: z.string().nullable(),
    steps: z.array(
      z.object({
        id: Uuid,
        position: z.number().int(),
        install_id: Uuid.nullable(),
        step_type_key: z.string().nullable(),
        version: z.string().nullable(),
        status: StepStatus,
        attempt: z.number().int(),
        output: z.unknown(),
        error: z.string().nullable(),
        callback_expires_at: Timestamp.nullable(),
        started_at: Timestamp.nullable(),
        finished_at: Timestamp.nullable(),
      }),
    ),
    started_by: Uuid.nullable(),
    cancelled_by: Uuid.nullable(),
    created_at: Timestamp,
    started_at: Timestamp.nullable(),
    finished_at: Timestamp.nullable(),
  })
  .meta({ id: 'WorkflowRun' });

const toRun = (r: q.RunRow) => ({
  id: r.id,
  workflow_def_id: r.workflow_def_id,
  status: RunStatus.parse(r.status),
  input: r.input,
  error: r.error,
  steps: r.steps.map((s) => ({
    ...s,
    status: StepStatus.parse(s.status),
    callback_expires_at: iso(s.callback_expires_at),
    started_at: iso(s.started_at),
    finished_at: iso(s.finished_at),
  })),
  started_by: r.started_by,
  cancelled_by: r.cancelled_by,
  created_at: isoRequired(r.created_at),
  started_at: iso(r.started_at),
  finished_at: iso(r.finished_at),
});

const RunParams = OrgParams.extend({ runId: Uuid });
const missingRun = () => notFound('workflow run', 'run_id');

/** What the routes tell the runtime; absent (no runtime in this process), the sweeper finds the work. */
export interface RunQueue {
  queueRun(orgId: string, runId: string): Promise<void>;
}

export interface RunRoutesOptions {
  ring?: KeyRing;
  queue?: () => RunQueue | undefined;
}

export function runRoutes(opts: RunRoutesOptions = {}): RouteModule {
  return async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['workflows'];
    const ring = keyRingProvider(app.log, opts.ring ?? app.palisade.vaultRing);
    const tell = async (orgId: string, runId: string) => {
      const queue = opts.queue?.() ?? app.palisade.runQueue;
      // The run is committed: a failure to queue it now leaves it to the sweeper, not undone.
      await queue
        ?.queueRun(orgId, runId)
        .catch((err: unknown) => app.log.warn({ err, orgId, runId }, 'run not queued'));
    };

    r.post(
      '/v1/orgs/:orgId/workflow-defs/:workflowId/runs',
      {
        schema: {
          operationId: 'startWorkflowRun',
          tags,
          summary: 'Start a run of a workflow with an input its input schema accepts (owners, admins and members)',
          params: OrgParams.extend({ workflowId: Uuid }),
          body: z.object({ input: z.unknown().default({}) }).strict(),
          response: { 201: Run },
        },
      },
      async (req, reply) => {
        const { orgId, workflowId } = req.params;
        const started = await run(
          req,
          async (tx) => q.getRun(tx, orgId, await q.startRun(tx, orgId, workflowId, req.body.input ?? {})),
          { orgId },
        );
        await tell(orgId, started!.id);
        return reply
          .code(201)
          .header('location', `/v1/orgs/${orgId}/workflow-runs/${started!.id}`)
          .send(toRun(started!));
      },
    );

    r.get(
      '/v1/orgs/:orgId/workflow-runs',
      {
        schema: {
          operationId: 'listWorkflowRuns',
          tags,
          summary: 'Runs of an organisation’s workflows, oldest first',
          params: OrgParams,
          querystring: PageQuery.extend({ workflow_id: Uuid.optional(), status: RunStatus.optional() }),
          response: { 200: pageOf(Run) },
        },
      },
      async (req) => {
        const { orgId } = req.params;
        const rows = await run(
          req,
          (tx) =>
            q.listRuns(
              tx,
              orgId,
              { workflowId: req.query.workflow_id, status: req.query.status },
              decodeCursor(req.query.cursor),
              req.query.limit,
            ),
          { orgId },
        );
        return page(rows, req.query.limit, (x) => x.id, toRun);
      },
    );

    r.get(
      '/v1/orgs/:orgId/workflow-runs/:runId',
      {
        schema: {
          operationId: 'getWorkflowRun',
          tags,
          summary: 'One run with its steps',
          params: RunParams,
          response: { 200: Run },
        },
      },
      async (req) => {
        const found = await run(req, (tx) => q.getRun(tx, req.params.orgId, req.params.runId), {
          orgId: req.params.orgId,
        });
        if (!found) throw missingRun();
        return toRun(found);
      },
    );

    r.post(
      '/v1/orgs/:orgId/workflow-runs/:runId/cancel',
      {
        schema: {
          operationId: 'cancelWorkflowRun',
          tags,
          summary: 'Cancel a pending or running run and its unfinished steps (owners, admins and members)',
          params: RunParams,
          response: { 200: Run },
        },
      },
      async (req) => {
        const { orgId, runId } = req.params;
        const done = await run(
          req,
          async (tx) => {
            await q.cancelRun(tx, orgId, runId);
            return q.getRun(tx, orgId, runId);
          },
          { orgId },
        );
        return toRun(done!);
      },
    );

    r.post(
      '/v1/orgs/:orgId/workflow-runs/:runId/steps/:stepRunId/retry',
      {
        schema: {
          operationId: 'retryWorkflowStep',
          tags,
          summary: 'Run a failed or timed-out step of a failed run again (owners, admins and members)',
          params: RunParams.extend({ stepRunId: Uuid }),
          response: { 200: Run },
        },
      },
      async (req) => {
        const { orgId, runId, stepRunId } = req.params;
        const again = await run(
          req,
          async (tx) => {
            const of = await q.retryStep(tx, orgId, stepRunId);
            if (of !== runId) throw notFound('workflow step run', 'step_run_id');
            return q.getRun(tx, orgId, runId);
          },
          { orgId },
        );
        await tell(orgId, runId);
        return toRun(again!);
      },
    );

    r.post(
      '/v1/orgs/:orgId/step-type-installs/:installId/signing-key',
      {
        schema: {
          operationId: 'rotateStepSigningKey',
          tags,
          summary:
            'Make a new signing key for an install’s custom-step calls and callbacks (owners and admins); shown once, the previous key verifies callbacks until the next rotation',
          params: OrgParams.extend({ installId: Uuid }),
          response: {
            201: z
              .object({ key_id: Uuid, secret: z.string(), previous_key_id: Uuid.nullable() })
              .meta({ id: 'StepSigningKey' }),
          },
        },
      },
      async (req, reply) => {
        const { orgId, installId } = req.params;
        const made = await run(req, (tx) => rotateSigningKey(tx, ring, req.principal, orgId, installId), {
          orgId,
          audit: () => ({ table: 'public.step_type_installs', targetId: installId }),
        });
        return reply
          .code(201)
          .header('cache-control', 'no-store')
          .send({ key_id: made.keyId, secret: made.secret, previous_key_id: made.previousKeyId });
      },
    );

    const BearerParams = OrgParams.extend({ installId: Uuid });
    r.put(
      '/v1/orgs/:orgId/step-type-installs/:installId/bearer-token',
      {
        schema: {
          operationId: 'setStepBearerToken',
          tags,
          summary:
            'Set the bearer token an install’s custom-step calls carry when its contract says bearer (owners and admins); write-only',
          params: BearerParams,
          body: z
            .object({
              token: z
                .string()
                .min(1)
                .max(4096)
                .regex(/^[\x21-\x7e]+$/, 'printable ASCII, no spaces'),
            })
            .strict(),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        const { orgId, installId } = req.params;
        await run(req, (tx) => setBearerToken(tx, ring, req.principal, orgId, installId, req.body.token), { orgId });
        return reply.code(204).send(null);
      },
    );

    r.delete(
      '/v1/orgs/:orgId/step-type-installs/:installId/bearer-token',
      {
        schema: {
          operationId: 'clearStepBearerToken',
          tags,
          summary: 'Remove an install’s bearer token (owners and admins)',
          params: BearerParams,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        const { orgId, installId } = req.params;
        await run(req, (tx) => setBearerToken(tx, ring, req.principal, orgId, installId, null), { orgId });
        return reply.code(204).send(null);
      },
    );
  };
}

export default runRoutes();

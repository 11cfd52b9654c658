/**
 * Workflow definitions of an organisation: ordered steps, each an installed step type with a
 * configuration. Configurations are checked against the install's input schema here (ajv, for a
 * message naming the step and the place) and again by the database as they are written. Writing
 * is for owners, admins and members; viewers read.
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Queryable } from '../../db/types.ts';
import { forbidden, invalid, notFound } from '../../errors/error.ts';
import { explainMiss, ifMatch, setEtag, versionParam } from '../../http/concurrency.ts';
import { decodeCursor, PageQuery, page, pageOf } from '../../http/pagination.ts';
import { run } from '../../http/run.ts';
import { Description, IfMatchHeaders, iso, isoRequired, Name, OrgParams, Timestamp, Uuid } from '../../http/schemas.ts';
import type { RouteModule } from '../../http/types.ts';
import { instanceProblem, stepSchemaProblem } from '../contracts.ts';
import * as q from '../queries/workflows.ts';

const InputSchema = z
  .unknown()
  .describe(
    'what a run\'s input must satisfy (JSON Schema 2020-12, the step types\' subset); default {"type": "object"}',
  );

/** A workflow's input schema is a schema of the subset step types use; the database checks it too. */
function checkInputSchema(schema: unknown) {
  if (schema === undefined) return;
  const problem = stepSchemaProblem(schema);
  if (problem) throw invalid(`input_schema${problem}`, 'input_schema');
}

const StepIn = z.object({ install_id: Uuid, config: z.unknown().default({}) }).strict();
const Steps = z.array(StepIn).max(200).describe('in order: the first runs first');

const Workflow = z
  .object({
    id: Uuid,
    name: z.string(),
    description: z.string().nullable(),
    input_schema: z.unknown().describe("what a run's input must satisfy (JSON Schema 2020-12, the step types' subset)"),
    published_at: Timestamp.nullable().describe('null while a draft: only a published workflow can be run'),
    steps: z.array(
      z.object({
        position: z.number().int(),
        install_id: Uuid,
        step_type_key: z.string().nullable(),
        version: z.string().nullable(),
        config: z.unknown(),
      }),
    ),
    created_by: Uuid.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'WorkflowDef' });

const toWorkflow = (w: q.WorkflowRow) => ({
  id: w.id,
  name: w.name,
  description: w.description,
  input_schema: w.input_schema,
  published_at: iso(w.published_at),
  steps: w.steps,
  created_by: w.created_by,
  created_at: isoRequired(w.created_at),
  updated_at: isoRequired(w.updated_at),
});

const Params = OrgParams.extend({ workflowId: Uuid });
const missing = () => notFound('workflow', 'workflow_id');
const writersOnly = () => forbidden('viewers cannot change workflows');

/** Every step names an install of this organisation and a configuration its input schema accepts. */
async function checkSteps(tx: Queryable, orgId: string, steps: z.infer<typeof StepIn>[]) {
  const schemas = await q.installSchemas(tx, orgId, [...new Set(steps.map((s) => s.install_id))]);
  for (const [i, s] of steps.entries()) {
    const schema = schemas.get(s.install_id);
    if (schema === undefined) throw notFound(`steps[${i}]: step type install`, `steps.${i}.install_id`);
    const problem = instanceProblem(schema, s.config);
    if (problem) throw invalid(`step ${i + 1} config${problem}`, `steps.${i}.config`);
  }
}

const routes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['workflows'];

  r.get(
    '/v1/orgs/:orgId/workflow-defs',
    {
      schema: {
        operationId: 'listWorkflowDefs',
        tags,
        summary: 'Workflow definitions of an organisation',
        params: OrgParams,
        querystring: PageQuery,
        response: { 200: pageOf(Workflow) },
      },
    },
    async (req) => {
      const rows = await run(
        req,
        (tx) => q.listWorkflows(tx, req.params.orgId, decodeCursor(req.query.cursor), req.query.limit),
        { orgId: req.params.orgId },
      );
      return page(rows, req.query.limit, (w) => w.id, toWorkflow);
    },
  );

  r.post(
    '/v1/orgs/:orgId/workflow-defs',
    {
      schema: {
        operationId: 'createWorkflowDef',
        tags,
        summary: 'Define a workflow (owners, admins and members)',
        params: OrgParams,
        body: z
          .object({
            name: Name,
            description: Description.optional(),
            input_schema: InputSchema.optional(),
            steps: Steps.default([]),
          })
          .strict(),
        response: { 201: Workflow },
      },
    },
    async (req, reply) => {
      const { orgId } = req.params;
      checkInputSchema(req.body.input_schema);
      const w = await run(
        req,
        async (tx) => {
          await checkSteps(tx, orgId, req.body.steps);
          const id = await q.createWorkflow(tx, orgId, {
            name: req.body.name,
            description: req.body.description ?? null,
            inputSchema: req.body.input_schema,
          });
          await q.replaceSteps(tx, orgId, id, req.body.steps);
          return q.getWorkflow(tx, orgId, id);
        },
        { orgId, audit: (w) => ({ table: 'public.workflow_defs', targetId: w!.id }) },
      );
      setEtag(reply, w!.v);
      return reply.code(201).header('location', `/v1/orgs/${orgId}/workflow-defs/${w!.id}`).send(toWorkflow(w!));
    },
  );

  r.get(
    '/v1/orgs/:orgId/workflow-defs/:workflowId',
    {
      schema: {
        tags,
        operationId: 'getWorkflowDef',
        summary: 'One workflow definition with its steps',
        params: Params,
        response: { 200: Workflow },
      },
    },
    async (req, reply) => {
      const w = await run(req, (tx) => q.getWorkflow(tx, req.params.orgId, req.params.workflowId), {
        orgId: req.params.orgId,
      });
      if (!w) throw missing();
      setEtag(reply, w.v);
      return toWorkflow(w);
    },
  );

  r.patch(
    '/v1/orgs/:orgId/workflow-defs/:workflowId',
    {
      schema: {
        operationId: 'updateWorkflowDef',
        tags,
        summary: 'Rename or describe a workflow, or replace its steps (all of them, in the new order)',
        params: Params,
        headers: IfMatchHeaders,
        body: z
          .object({
            name: Name.optional(),
            description: Description.optional(),
            input_schema: InputSchema.optional(),
            steps: Steps.optional(),
          })
          .strict(),
        response: { 200: Workflow },
      },
    },
    async (req, reply) => {
      const versions = ifMatch(req);
      const { orgId, workflowId } = req.params;
      const { steps, ...fields } = req.body;
      if (
        steps === undefined &&
        fields.name === undefined &&
        fields.description === undefined &&
        fields.input_schema === undefined
      )
        throw invalid('send at least one field to change');
      checkInputSchema(fields.input_schema);
      const w = await run(
        req,
        async (tx) => {
          if (steps) await checkSteps(tx, orgId, steps);
          if (!(await q.updateWorkflow(tx, orgId, workflowId, fields, versionParam(versions)))) {
            await explainMiss(tx, q.workflowVersion(orgId, workflowId), versions, {
              notFound: missing(),
              forbidden: writersOnly(),
            });
          }
          if (steps) await q.replaceSteps(tx, orgId, workflowId, steps);
          return q.getWorkflow(tx, orgId, workflowId);
        },
        { orgId, audit: { table: 'public.workflow_defs' } },
      );
      setEtag(reply, w!.v);
      return toWorkflow(w!);
    },
  );

  r.post(
    '/v1/orgs/:orgId/workflow-defs/:workflowId/publish',
    {
      schema: {
        operationId: 'publishWorkflowDef',
        tags,
        summary: 'Publish a workflow so it can be run (owners, admins and members); publishing again changes nothing',
        params: Params,
        response: { 200: Workflow },
      },
    },
    async (req, reply) => {
      const { orgId, workflowId } = req.params;
      const w = await run(
        req,
        async (tx) => {
          if (!(await q.publishWorkflow(tx, orgId, workflowId))) {
            await explainMiss(tx, q.workflowVersion(orgId, workflowId), null, {
              notFound: missing(),
              forbidden: writersOnly(),
            });
          }
          return q.getWorkflow(tx, orgId, workflowId);
        },
        { orgId, audit: { table: 'public.workflow_defs' } },
      );
      setEtag(reply, w!.v);
      return toWorkflow(w!);
    },
  );

  r.delete(
    '/v1/orgs/:orgId/workflow-defs/:workflowId',
    {
      schema: {
        operationId: 'deleteWorkflowDef',
        tags,
        summary: 'Delete a workflow and its steps',
        params: Params,
        headers: IfMatchHeaders,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const versions = ifMatch(req);
      const { orgId, workflowId } = req.params;
      await run(
        req,
        async (tx) => {
          if (await q.deleteWorkflow(tx, orgId, workflowId, versionParam(versions))) return;
          await explainMiss(tx, q.workflowVersion(orgId, workflowId), versions, {
            notFound: missing(),
            forbidden: writersOnly(),
          });
        },
        { orgId, audit: { table: 'public.workflow_defs' } },
      );
      return reply.code(204).send(null);
    },
  );
};

export default routes;

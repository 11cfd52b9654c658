/**
 * Lead qualification over HTTP: qualify a lead now or on the queue, read a lead's qualification
 * history, and read and set a workspace's qualification settings. Every statement runs as the
 * caller under RLS; the qualifier itself is asked with no transaction open.
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Queryable } from '../../db/types.ts';
import { notFound, PalisadeError } from '../../errors/error.ts';
import { ErrorBody } from '../../http/errors.ts';
import { decodeCursor, PageQuery, page, pageOf } from '../../http/pagination.ts';
import { run, transactionAs } from '../../http/run.ts';
import { iso, isoRequired, OrgParams, Timestamp, Uuid } from '../../http/schemas.ts';
import type { RouteModule } from '../../http/types.ts';
import { parseCriteria } from './criteria.ts';
import type { QualifyQueue } from './job.ts';
import { checkLead, factsOf, NO_LLM, prepare, type QualifierDeps, qualifierDeps } from './qualify.ts';
import { getSettings, putSettings, type Settings, workspaceExists } from './settings.ts';
import { leadExists, leadToQualify, listQualifications, type QualificationRow, recordQualification } from './store.ts';
import { OUTCOMES } from './types.ts';

const Qualification = z
  .object({
    id: Uuid,
    lead_id: Uuid,
    workspace_id: Uuid,
    qualifier: z.enum(['rules', 'llm', 'manual']),
    model: z.string().nullable().describe('the model an LLM qualifier used'),
    score: z.number().int().min(0).max(100),
    outcome: z.enum(OUTCOMES),
    summary: z.string().nullable(),
    reasons: z.array(z.unknown()).describe('why, in the qualifier’s words: [{criterion, points?, matched?, detail?}]'),
    created_by: Uuid.nullable().describe('who asked for it; null for automatic qualification'),
    created_at: Timestamp,
  })
  .meta({ id: 'LeadQualification' });

const toQualification = (r: QualificationRow) => ({
  id: r.id,
  lead_id: r.lead_id,
  workspace_id: r.workspace_id,
  qualifier: r.qualifier as 'rules' | 'llm' | 'manual',
  model: r.model,
  score: r.score,
  outcome: r.outcome as (typeof OUTCOMES)[number],
  summary: r.summary,
  reasons: Array.isArray(r.reasons) ? r.reasons : [],
  created_by: r.created_by,
  created_at: isoRequired(r.created_at),
});

const QualifierName = z.enum(['rules', 'llm']);

const QualificationSettings = z
  .object({
    workspace_id: Uuid,
    qualifier: QualifierName,
    criteria: z
      .record(z.string(), z.unknown())
      .describe('the rules scorer’s criteria, defaults filled in (docs/revenue.md)'),
    auto_qualify: z.boolean().describe('new leads are qualified on the job queue as they arrive'),
    updated_at: Timestamp.nullable().describe('null while the workspace has the defaults'),
  })
  .meta({ id: 'QualificationSettings' });

const toSettings = (s: Settings) => ({ ...s, updated_at: iso(s.updated_at) });

const LeadParams = OrgParams.extend({ leadId: Uuid });
const WorkspaceParams = OrgParams.extend({ workspaceId: Uuid });
const missingWorkspace = () => notFound('workspace', 'workspace_id');

export interface QualifyRoutesOptions {
  queue?: () => QualifyQueue | undefined;
  deps?: QualifierDeps;
}

export function qualifyRoutes(opts: QualifyRoutesOptions = {}): RouteModule {
  return async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['revenue'];
    const deps = opts.deps ?? qualifierDeps();

    r.post(
      '/v1/orgs/:orgId/leads/:leadId/qualify',
      {
        schema: {
          operationId: 'qualifyLead',
          tags,
          summary:
            'Qualify a lead with its workspace’s qualifier (owners, admins and members): now (sync, the default) or on the job queue (queued)',
          params: LeadParams,
          body: z
            .object({ mode: z.enum(['sync', 'queued']).default('sync') })
            .strict()
            .nullish(),
          response: {
            201: Qualification,
            202: z
              .object({
                job_id: Uuid.describe('the queued job; the qualification it records has the same id'),
                lead_id: Uuid,
                status: z.literal('queued'),
              })
              .meta({ id: 'QueuedLeadQualification' }),
            502: ErrorBody,
          },
        },
      },
      async (req, reply) => {
        const { orgId, leadId } = req.params;
        const read = (tx: Queryable) => leadToQualify(tx, orgId, leadId);
        const location = `/v1/orgs/${orgId}/leads/${leadId}/qualifications`;
        // Queued where this process has the job queue; without one (`serve --no-worker`), at once.
        const queue = req.body?.mode === 'queued' ? (opts.queue?.() ?? app.palisade.qualifyQueue) : undefined;
        if (queue) {
          // The request's one transaction: an admin's request is recorded once, here.
          checkLead(await run(req, read, { orgId }));
          const by = 'userId' in req.principal ? req.principal.userId : undefined;
          const jobId = await queue.queueQualification(orgId, leadId, by ? { requestedBy: by } : {});
          return reply
            .code(202)
            .header('location', location)
            .send({ job_id: jobId!, lead_id: leadId, status: 'queued' });
        }
        // Read without recording (an admin's request is recorded with the write below).
        const lead = checkLead(await transactionAs(req, req.principal, read, orgId));
        const p = prepare(lead, deps);
        const result = await p.qualifier.qualify(factsOf(lead), p.criteria);
        const row = await run(req, (tx) => recordQualification(tx, orgId, lead, result), { orgId });
        return reply.code(201).header('location', location).send(toQualification(row));
      },
    );

    r.get(
      '/v1/orgs/:orgId/leads/:leadId/qualifications',
      {
        schema: {
          operationId: 'listLeadQualifications',
          tags,
          summary: 'A lead’s qualification history, oldest first (members); a qualification never changes',
          params: LeadParams,
          querystring: PageQuery,
          response: { 200: pageOf(Qualification) },
        },
      },
      async (req) => {
        const { orgId, leadId } = req.params;
        const rows = await run(
          req,
          async (tx) => {
            if (!(await leadExists(tx, orgId, leadId))) throw notFound('lead', 'lead_id');
            return listQualifications(tx, orgId, leadId, decodeCursor(req.query.cursor), req.query.limit);
          },
          { orgId },
        );
        return page(rows, req.query.limit, (x) => x.id, toQualification);
      },
    );

    r.get(
      '/v1/orgs/:orgId/workspaces/:workspaceId/qualification-settings',
      {
        schema: {
          operationId: 'getQualificationSettings',
          tags,
          summary: 'How a workspace’s leads are qualified (members); the defaults when never set',
          params: WorkspaceParams,
          response: { 200: QualificationSettings },
        },
      },
      async (req) => {
        const { orgId, workspaceId } = req.params;
        const s = await run(req, (tx) => getSettings(tx, orgId, workspaceId), { orgId });
        if (!s) throw missingWorkspace();
        return toSettings(s);
      },
    );

    r.put(
      '/v1/orgs/:orgId/workspaces/:workspaceId/qualification-settings',
      {
        schema: {
          operationId: 'setQualificationSettings',
          tags,
          summary:
            'Set how a workspace’s leads are qualified (owners and admins): the qualifier, its criteria (checked; a bad one is 422 naming its JSON path) and auto-qualification',
          params: WorkspaceParams,
          body: z
            .object({
              qualifier: QualifierName.default('rules'),
              criteria: z.record(z.string(), z.unknown()).default({}).describe('omitted keys take their defaults'),
              auto_qualify: z.boolean().default(true),
            })
            .strict(),
          response: { 200: QualificationSettings },
        },
      },
      async (req) => {
        const { orgId, workspaceId } = req.params;
        const criteria = parseCriteria(req.body.criteria);
        if (req.body.qualifier === 'llm' && !deps.llm()) throw new PalisadeError('PS422', NO_LLM, 'qualifier');
        const s = await run(
          req,
          async (tx) => {
            if (!(await workspaceExists(tx, orgId, workspaceId))) throw missingWorkspace();
            await putSettings(tx, orgId, workspaceId, { ...req.body, criteria });
            return getSettings(tx, orgId, workspaceId);
          },
          { orgId },
        );
        return toSettings(s!);
      },
    );
  };
}

export default qualifyRoutes();

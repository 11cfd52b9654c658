import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { setList } from '../../db/fragments.ts';
import { forbidden, invalid, notFound } from '../../errors/error.ts';
import { explainMiss, ifMatch, setEtag, versionParam } from '../../http/concurrency.ts';
import { decodeCursor, PageQuery, page, pageOf } from '../../http/pagination.ts';
import { run, runRead } from '../../http/run.ts';
import { IfMatchHeaders, OrgParams, Uuid } from '../../http/schemas.ts';
import type { RouteModule } from '../../http/types.ts';
import { enqueueQualification } from '../qualify/job.ts';
import { getLead, insertLead, leadVersion, listLeads, updateLead } from './queries.ts';
import { Lead, LeadFieldsInput, LeadStatus, toLead } from './schemas.ts';

/**
 * Leads through the API, as the caller under RLS: members and up add and edit them, every member
 * reads them. There is no DELETE: removing leads is `palisade leads purge`, an operator's job.
 * Creating a lead counts against the plan (PS402 past its monthly leads).
 */

const LeadParams = OrgParams.extend({ leadId: Uuid });
const missing = () => notFound('lead', 'lead_id');

/** Called after a lead is created, outside its transaction: by default, auto-qualification. */
export type OnLeadCreated = (orgId: string, leadId: string) => Promise<void>;

/**
 * Queues the new lead's qualification (the job skips it when its workspace turned auto_qualify
 * off); without a queue (`serve --no-worker`) nothing is queued and the lead waits to be asked.
 */
export const autoQualify =
  (server: FastifyInstance): OnLeadCreated =>
  async (orgId, leadId) => {
    await enqueueQualification(server, orgId, leadId);
  };

export function leadRoutes(opts: { onCreated?: OnLeadCreated } = {}): RouteModule {
  return async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['revenue'];

    r.get(
      '/v1/orgs/:orgId/leads',
      {
        schema: {
          operationId: 'listLeads',
          tags,
          summary: "The organisation's leads, oldest first; optionally of one workspace or status",
          params: OrgParams,
          querystring: PageQuery.extend({ workspace_id: Uuid.optional(), status: LeadStatus.optional() }),
          response: { 200: pageOf(Lead) },
        },
      },
      async (req) => {
        const cursor = decodeCursor(req.query.cursor);
        const filter = { workspaceId: req.query.workspace_id ?? null, status: req.query.status ?? null };
        const rows = await runRead(req, (tx) => listLeads(tx, req.params.orgId, filter, cursor, req.query.limit), {
          orgId: req.params.orgId,
        });
        return page(rows, req.query.limit, (l) => l.id, toLead);
      },
    );

    r.post(
      '/v1/orgs/:orgId/leads',
      {
        schema: {
          operationId: 'createLead',
          tags,
          summary: 'Add a lead to a workspace (owners, admins, members; counts against the plan)',
          params: OrgParams,
          body: z.object({ workspace_id: Uuid, ...LeadFieldsInput }).strict(),
          response: { 201: Lead },
        },
      },
      async (req, reply) => {
        const { orgId } = req.params;
        const { workspace_id, ...fields } = req.body;
        if (!fields.email && !fields.phone) throw invalid('a lead needs an email or a phone number', 'email');
        const source = req.principal.kind === 'api_key' ? 'api' : 'manual';
        const lead = await run(
          req,
          async (tx) => getLead(tx, orgId, await insertLead(tx, orgId, workspace_id, fields, source)),
          {
            orgId,
            audit: (l) => ({ table: 'public.leads', targetId: l!.id }),
          },
        );
        await (opts.onCreated ?? autoQualify(req.server))(orgId, lead!.id);
        setEtag(reply, lead!.v);
        return reply.code(201).header('location', `/v1/orgs/${orgId}/leads/${lead!.id}`).send(toLead(lead!));
      },
    );

    r.get(
      '/v1/orgs/:orgId/leads/:leadId',
      {
        schema: { operationId: 'getLead', tags, summary: 'One lead', params: LeadParams, response: { 200: Lead } },
      },
      async (req, reply) => {
        const lead = await runRead(req, (tx) => getLead(tx, req.params.orgId, req.params.leadId), {
          orgId: req.params.orgId,
        });
        if (!lead) throw missing();
        setEtag(reply, lead.v);
        return toLead(lead);
      },
    );

    r.patch(
      '/v1/orgs/:orgId/leads/:leadId',
      {
        schema: {
          operationId: 'updateLead',
          tags,
          summary: "Edit a lead's contact details or status (owners, admins, members)",
          params: LeadParams,
          headers: IfMatchHeaders,
          body: z.object({ ...LeadFieldsInput, status: LeadStatus.optional() }).strict(),
          response: { 200: Lead },
        },
      },
      async (req, reply) => {
        const versions = ifMatch(req);
        const b = req.body;
        const set = setList(
          {
            email: b.email,
            name: b.name,
            company: b.company,
            job_title: b.job_title,
            phone: b.phone,
            website: b.website,
            message: b.message,
            status: b.status,
          },
          1,
        );
        if (set.params.length === 0) throw invalid('send at least one field to change');
        const { orgId, leadId } = req.params;
        const lead = await run(
          req,
          async (tx) => {
            if (!(await updateLead(tx, orgId, leadId, set, versionParam(versions)))) {
              await explainMiss(tx, leadVersion(orgId, leadId), versions, {
                notFound: missing(),
                forbidden: forbidden('only owners, admins and members can edit leads'),
              });
            }
            return getLead(tx, orgId, leadId);
          },
          { orgId, audit: { table: 'public.leads' } },
        );
        setEtag(reply, lead!.v);
        return toLead(lead!);
      },
    );
  };
}

export default leadRoutes();

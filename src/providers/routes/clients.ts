import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { decodeCursor, PageQuery, page, pageOf } from '../../http/pagination.ts';
import { run, runRead } from '../../http/run.ts';
import { iso, isoRequired, OrgParams, OrgRole, Timestamp, Uuid } from '../../http/schemas.ts';
import type { RouteModule } from '../../http/types.ts';
import {
  acceptDelegation,
  assignMember,
  type ClientRow,
  getClient,
  listClients,
  listMyClients,
  unassignMember,
} from '../queries/clients.ts';
import {
  Assignment,
  DelegatedRole,
  DelegationParams,
  DelegationStatus,
  toAssignment,
  WorkspaceIds,
} from './schemas.ts';

/**
 * The provider's side of provider delegation: its owners and admins see the delegations granted
 * to it, accept them and name who acts; the people named see where they act. Acting needs no
 * route of its own: a delegate calls the client's /v1/orgs/{clientOrgId}/… routes with its own
 * token, and the organisation in the path decides.
 */
const Client = z
  .object({
    delegation_id: Uuid,
    org_id: Uuid.describe('the client organisation'),
    name: z.string().describe("the client's name"),
    role_ceiling: DelegatedRole,
    status: DelegationStatus,
    expires_at: Timestamp.nullable(),
    workspace_ids: WorkspaceIds,
    assignments: z.array(Assignment),
    created_at: Timestamp,
  })
  .meta({ id: 'ProviderClient' });

const MyClient = z
  .object({
    org_id: Uuid.describe('the client organisation: call its /v1/orgs/{orgId}/… routes with your own token'),
    name: z.string(),
    provider_org_id: Uuid.describe('the provider organisation I act for'),
    delegation_id: Uuid,
    role: DelegatedRole.describe('my role there: the lowest of the ceiling, my provider role and my assignment'),
    workspace_ids: WorkspaceIds,
    expires_at: Timestamp.nullable(),
  })
  .meta({ id: 'MyClient' });

const toClient = (c: ClientRow) => ({
  delegation_id: c.delegation_id,
  org_id: c.org_id,
  name: c.name,
  role_ceiling: c.role_ceiling as z.infer<typeof DelegatedRole>,
  status: c.status,
  expires_at: iso(c.expires_at),
  workspace_ids: c.workspace_ids,
  assignments: c.assignments.map(toAssignment),
  created_at: isoRequired(c.created_at),
});

const routes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['providers'];

  r.get(
    '/v1/me/clients',
    {
      config: { auth: 'person' },
      schema: {
        tags,
        operationId: 'listMyClients',
        summary: 'Client organisations I act in now through a provider, and my role in each',
        response: { 200: pageOf(MyClient) },
      },
    },
    async (req) => {
      const rows = await runRead(req, listMyClients);
      return {
        data: rows.map((c) => ({
          org_id: c.org_id,
          name: c.name,
          provider_org_id: c.provider_org_id,
          delegation_id: c.delegation_id,
          role: c.role as z.infer<typeof DelegatedRole>,
          workspace_ids: c.workspace_ids ?? [],
          expires_at: iso(c.expires_at),
        })),
        next_cursor: null,
      };
    },
  );

  r.get(
    '/v1/orgs/:orgId/clients',
    {
      schema: {
        operationId: 'listProviderClients',
        tags,
        summary:
          'Delegations granted to this organisation as a provider: pending, active, expired and revoked (owners and admins)',
        params: OrgParams,
        querystring: PageQuery,
        response: { 200: pageOf(Client) },
      },
    },
    async (req) => {
      const cursor = decodeCursor(req.query.cursor);
      const rows = await runRead(req, (tx) => listClients(tx, req.params.orgId, cursor, req.query.limit), {
        orgId: req.params.orgId,
      });
      return page(rows, req.query.limit, (c) => c.delegation_id, toClient);
    },
  );

  r.post(
    '/v1/orgs/:orgId/clients/:delegationId/accept',
    {
      config: { auth: 'person' },
      schema: {
        operationId: 'acceptClientDelegation',
        tags,
        summary: "Accept a client's pending delegation (owners and admins); nobody acts until assigned",
        params: DelegationParams,
        response: { 200: Client },
      },
    },
    async (req) => {
      const { orgId, delegationId } = req.params;
      const c = await run(
        req,
        async (tx) => {
          await acceptDelegation(tx, orgId, delegationId);
          return getClient(tx, orgId, delegationId);
        },
        { orgId, audit: { table: 'public.provider_delegations', targetId: delegationId } },
      );
      return toClient(c!);
    },
  );

  r.post(
    '/v1/orgs/:orgId/clients/:delegationId/assignments',
    {
      config: { auth: 'person' },
      schema: {
        operationId: 'assignProviderMember',
        tags,
        summary:
          'Name who acts for the client (owners and admins): one active member, or every member with at least a provider role; naming them again changes the role',
        params: DelegationParams,
        body: z
          .object({
            user_id: Uuid.optional().describe('an active member of this organisation; or send provider_role'),
            provider_role: OrgRole.optional().describe('every member holding at least this role; or send user_id'),
            role: DelegatedRole.describe("the most it gives (the ceiling and the person's provider role still cap it)"),
          })
          .strict(),
        response: { 201: Assignment },
      },
    },
    async (req, reply) => {
      const { orgId, delegationId } = req.params;
      const a = {
        role: req.body.role,
        user_id: req.body.user_id ?? null,
        provider_role: req.body.provider_role ?? null,
      };
      const id = await run(req, (tx) => assignMember(tx, orgId, delegationId, a), {
        orgId,
        audit: (id) => ({ table: 'public.provider_assignments', targetId: id }),
      });
      return reply.code(201).send(toAssignment({ id, ...a }));
    },
  );

  r.delete(
    '/v1/orgs/:orgId/clients/:delegationId/assignments/:assignmentId',
    {
      config: { auth: 'person' },
      schema: {
        operationId: 'unassignProviderMember',
        tags,
        summary: 'Stop an assignment (owners and admins): the people it named stop acting from their next request',
        params: DelegationParams.extend({ assignmentId: Uuid }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const { orgId, delegationId, assignmentId } = req.params;
      await run(req, (tx) => unassignMember(tx, orgId, delegationId, assignmentId), {
        orgId,
        audit: { table: 'public.provider_assignments', targetId: assignmentId },
      });
      return reply.code(204).send(null);
    },
  );
};

export default routes;

import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { forbidden, notFound, preconditionFailed } from '../../errors/error.ts';
import { ifMatch, matches, setEtag, versionParam } from '../../http/concurrency.ts';
import { decodeCursor, PageQuery, page, pageOf } from '../../http/pagination.ts';
import { run } from '../../http/run.ts';
import { IfMatchHeaders, iso, isoRequired, OrgParams, Timestamp, Uuid } from '../../http/schemas.ts';
import type { RouteModule } from '../../http/types.ts';
import { hasOrgRole } from '../../tenancy/queries/roles.ts';
import {
  changeDelegation,
  type DelegationRow,
  getDelegation,
  grantDelegation,
  listDelegations,
  revokeDelegation,
} from '../queries/delegations.ts';
import {
  Assignment,
  DelegatedRole,
  DelegationParams,
  DelegationStatus,
  toAssignment,
  WorkspaceIds,
} from './schemas.ts';

/**
 * The client's side of provider delegation (src/providers/sql): its owners grant, change and
 * revoke access for a provider organisation; its owners and admins read who holds it.
 */
const Delegation = z
  .object({
    id: Uuid,
    provider_org_id: Uuid,
    role_ceiling: DelegatedRole.describe('the most anyone acting for the provider holds here'),
    status: DelegationStatus,
    expires_at: Timestamp.nullable(),
    workspace_ids: WorkspaceIds,
    assignments: z.array(Assignment).describe('who the provider named to act here'),
    granted_by: Uuid.nullable(),
    accepted_by: Uuid.nullable(),
    accepted_at: Timestamp.nullable(),
    revoked_by: Uuid.nullable(),
    revoked_at: Timestamp.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'ProviderDelegation' });

const ExpiresAt = Timestamp.nullable().describe('when the access ends, in the future; null: never');

const toDelegation = (d: DelegationRow) => ({
  id: d.id,
  provider_org_id: d.provider_org_id,
  role_ceiling: d.role_ceiling as z.infer<typeof DelegatedRole>,
  status: d.status,
  expires_at: iso(d.expires_at),
  workspace_ids: d.workspace_ids,
  assignments: d.assignments.map(toAssignment),
  granted_by: d.granted_by,
  accepted_by: d.accepted_by,
  accepted_at: iso(d.accepted_at),
  revoked_by: d.revoked_by,
  revoked_at: iso(d.revoked_at),
  created_at: isoRequired(d.created_at),
  updated_at: isoRequired(d.updated_at),
});

const missing = () => notFound('delegation', 'delegation_id');
const ownersAndAdmins = () => forbidden('only owners and admins can see provider delegations');
const ownersOnly = () => forbidden('only owners can grant, change and revoke provider access');

const routes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['providers'];

  r.get(
    '/v1/orgs/:orgId/providers',
    {
      schema: {
        operationId: 'listProviderDelegations',
        tags,
        summary: 'Provider organisations this organisation granted access to, with who acts (owners and admins)',
        params: OrgParams,
        querystring: PageQuery,
        response: { 200: pageOf(Delegation) },
      },
    },
    async (req) => {
      const { orgId } = req.params;
      const cursor = decodeCursor(req.query.cursor);
      const rows = await run(
        req,
        async (tx) => {
          if (!(await hasOrgRole(tx, orgId, ['owner', 'admin']))) throw ownersAndAdmins();
          return listDelegations(tx, orgId, cursor, req.query.limit);
        },
        { orgId },
      );
      return page(rows, req.query.limit, (d) => d.id, toDelegation);
    },
  );

  r.post(
    '/v1/orgs/:orgId/providers',
    {
      config: { auth: 'person' },
      schema: {
        operationId: 'grantProviderDelegation',
        tags,
        summary: "Grant a provider organisation access (owners); pending until the provider's owners or admins accept",
        params: OrgParams,
        body: z
          .object({
            provider_org_id: Uuid,
            role_ceiling: DelegatedRole.describe('the most anyone acting for the provider will hold here'),
            expires_at: ExpiresAt.optional(),
            workspace_ids: WorkspaceIds.optional(),
          })
          .strict(),
        response: { 201: Delegation },
      },
    },
    async (req, reply) => {
      const { orgId } = req.params;
      const { provider_org_id, role_ceiling, expires_at, workspace_ids } = req.body;
      const d = await run(
        req,
        async (tx) => {
          const id = await grantDelegation(tx, orgId, provider_org_id, {
            role_ceiling,
            expires_at: expires_at ?? null,
            workspace_ids: workspace_ids ?? null,
          });
          return getDelegation(tx, orgId, id);
        },
        { orgId, audit: (d) => ({ table: 'public.provider_delegations', targetId: d!.id }) },
      );
      setEtag(reply, d!.v);
      return reply.code(201).header('location', `/v1/orgs/${orgId}/providers/${d!.id}`).send(toDelegation(d!));
    },
  );

  r.get(
    '/v1/orgs/:orgId/providers/:delegationId',
    {
      schema: {
        tags,
        operationId: 'getProviderDelegation',
        summary: 'One provider delegation (owners and admins)',
        params: DelegationParams,
        response: { 200: Delegation },
      },
    },
    async (req, reply) => {
      const { orgId, delegationId } = req.params;
      const d = await run(
        req,
        async (tx) => {
          if (!(await hasOrgRole(tx, orgId, ['owner', 'admin']))) throw ownersAndAdmins();
          return getDelegation(tx, orgId, delegationId);
        },
        { orgId },
      );
      if (!d) throw missing();
      setEtag(reply, d.v);
      return toDelegation(d);
    },
  );

  r.patch(
    '/v1/orgs/:orgId/providers/:delegationId',
    {
      config: { auth: 'person' },
      schema: {
        operationId: 'updateProviderDelegation',
        tags,
        summary:
          "Change a delegation's ceiling, expiry or workspaces (owners); delegates hold the new terms from their next request",
        params: DelegationParams,
        headers: IfMatchHeaders,
        body: z
          .object({
            role_ceiling: DelegatedRole.optional(),
            expires_at: ExpiresAt.optional().describe(
              'when the access ends, in the future; null: never; omitted: unchanged',
            ),
            workspace_ids: WorkspaceIds.optional().describe(
              'replaces the workspaces it is limited to; empty: the whole organisation; omitted: unchanged',
            ),
          })
          .strict(),
        response: { 200: Delegation },
      },
    },
    async (req, reply) => {
      const versions = ifMatch(req);
      const { role_ceiling, expires_at, workspace_ids } = req.body;
      const { orgId, delegationId } = req.params;
      const d = await run(
        req,
        async (tx) => {
          // Owners only, asked first so an admin is told so, not 404. What the body leaves out
          // stays as it is; If-Match is checked again under the RPC's row lock.
          if (!(await hasOrgRole(tx, orgId, ['owner']))) throw ownersOnly();
          const current = await getDelegation(tx, orgId, delegationId);
          if (!current) throw missing();
          if (!matches(versions, current.v)) throw preconditionFailed();
          await changeDelegation(
            tx,
            orgId,
            delegationId,
            { role_ceiling, expires_at, workspace_ids },
            versionParam(versions),
          );
          return getDelegation(tx, orgId, delegationId);
        },
        { orgId, audit: { table: 'public.provider_delegations', targetId: delegationId } },
      );
      setEtag(reply, d!.v);
      return toDelegation(d!);
    },
  );

  r.delete(
    '/v1/orgs/:orgId/providers/:delegationId',
    {
      config: { auth: 'person' },
      schema: {
        operationId: 'revokeProviderDelegation',
        tags,
        summary: "Revoke a provider's access (owners): it ends with its delegates' next request; the row stays",
        params: DelegationParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const { orgId, delegationId } = req.params;
      await run(req, (tx) => revokeDelegation(tx, orgId, delegationId), {
        orgId,
        audit: { table: 'public.provider_delegations', targetId: delegationId },
      });
      return reply.code(204).send(null);
    },
  );
};

export default routes;

import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { setList } from '../../db/fragments.ts';
import { invalid } from '../../errors/error.ts';
import { explainMiss, ifMatch, setEtag, versionParam } from '../../http/concurrency.ts';
import { decodeCursor, PageQuery, page, pageOf } from '../../http/pagination.ts';
import { run, runRead } from '../../http/run.ts';
import { IfMatchHeaders, OrgParams, Uuid } from '../../http/schemas.ts';
import type { RouteModule } from '../../http/types.ts';
import { asServiceFor } from '../../vault/elevate.ts';
import { connectionNotFound, manageForbidden, proveConnection } from './access.ts';
import { type OAuth2RouteOptions, oauth2Deps } from './deps.ts';
import { describeRevocation, revokeHeld, takeTokens } from './disconnect.ts';
import { connectionVersion, getConnection, insertConnection, listConnections, updateConnection } from './queries.ts';
import {
  ClientSecretBody,
  ClientSecretStatus,
  ConnectionParams,
  CreateConnection,
  OAuth2Connection,
  toConnection,
  UpdateConnection,
} from './schemas.ts';
import { storeClientSecret } from './secrets.ts';

/**
 * OAuth2 connections through the API, as the caller under RLS: the scope's readers list and read
 * them (never a secret: the client secret is write-only, the tokens are shown as metadata), its
 * managers create, edit and delete them and set the client secret. The consent flow is in
 * flow-routes.ts.
 */
export function oauth2ConnectionRoutes(opts: OAuth2RouteOptions = {}): RouteModule {
  return async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['connections'];
    const deps = oauth2Deps(app, opts);
    const shown = (row: Parameters<typeof toConnection>[0]) => toConnection(row, deps.redirectUri);

    r.get(
      '/v1/orgs/:orgId/oauth2-connections',
      {
        schema: {
          operationId: 'listOAuthConnections',
          tags,
          summary: "The OAuth2 connections of the caller's workspaces and projects, oldest first",
          params: OrgParams,
          querystring: PageQuery.extend({ workspace_id: Uuid.optional(), project_id: Uuid.optional() }),
          response: { 200: pageOf(OAuth2Connection) },
        },
      },
      async (req) => {
        const cursor = decodeCursor(req.query.cursor);
        const filter = { workspaceId: req.query.workspace_id ?? null, projectId: req.query.project_id ?? null };
        const rows = await runRead(
          req,
          (tx) => listConnections(tx, req.params.orgId, filter, cursor, req.query.limit),
          { orgId: req.params.orgId },
        );
        return page(rows, req.query.limit, (c) => c.id, shown);
      },
    );

    r.post(
      '/v1/orgs/:orgId/oauth2-connections',
      {
        schema: {
          operationId: 'createOAuthConnection',
          tags,
          summary:
            'Create an OAuth2 connection in a workspace (organisation owners and admins) or a project (also its owners and managers)',
          params: OrgParams,
          body: CreateConnection,
          response: { 201: OAuth2Connection },
        },
      },
      async (req, reply) => {
        const { orgId } = req.params;
        const { workspace_id, project_id, ...settings } = req.body;
        const row = await run(
          req,
          async (tx) => {
            const id = await insertConnection(
              tx,
              orgId,
              { workspaceId: workspace_id ?? null, projectId: project_id ?? null },
              settings,
            );
            return getConnection(tx, orgId, id);
          },
          { orgId, audit: (c) => ({ table: 'public.oauth2_connections', targetId: c!.id }) },
        );
        setEtag(reply, row!.v);
        return reply.code(201).header('location', `/v1/orgs/${orgId}/oauth2-connections/${row!.id}`).send(shown(row!));
      },
    );

    r.get(
      '/v1/orgs/:orgId/oauth2-connections/:connectionId',
      {
        schema: {
          operationId: 'getOAuthConnection',
          tags,
          summary: 'One OAuth2 connection, with whether it is connected (never a secret)',
          params: ConnectionParams,
          response: { 200: OAuth2Connection },
        },
      },
      async (req, reply) => {
        const row = await runRead(req, (tx) => getConnection(tx, req.params.orgId, req.params.connectionId), {
          orgId: req.params.orgId,
        });
        if (!row) throw connectionNotFound();
        setEtag(reply, row.v);
        return shown(row);
      },
    );

    r.patch(
      '/v1/orgs/:orgId/oauth2-connections/:connectionId',
      {
        schema: {
          operationId: 'updateOAuthConnection',
          tags,
          summary:
            "Edit an OAuth2 connection (the scope's managers). Changing an endpoint, the issuer or the client id forgets the client secret and the tokens",
          params: ConnectionParams,
          headers: IfMatchHeaders,
          body: UpdateConnection,
          response: { 200: OAuth2Connection },
        },
      },
      async (req, reply) => {
        const versions = ifMatch(req);
        const b = req.body;
        const set = setList(
          {
            name: b.name,
            description: b.description,
            provider: b.provider,
            issuer: b.issuer,
            authorization_endpoint: b.authorization_endpoint,
            token_endpoint: b.token_endpoint,
            revocation_endpoint: b.revocation_endpoint,
            userinfo_endpoint: b.userinfo_endpoint,
            client_id: b.client_id,
            client_auth_method: b.client_auth_method,
            scopes: b.scopes,
            additional_params: b.additional_params === undefined ? undefined : JSON.stringify(b.additional_params),
            is_active: b.is_active,
          },
          1,
        );
        if (set.params.length === 0) throw invalid('send at least one field to change');
        const { orgId, connectionId } = req.params;
        const row = await run(
          req,
          async (tx) => {
            if (!(await updateConnection(tx, orgId, connectionId, set, versionParam(versions)))) {
              await explainMiss(tx, connectionVersion(orgId, connectionId), versions, {
                notFound: connectionNotFound(),
                forbidden: manageForbidden(),
              });
            }
            return getConnection(tx, orgId, connectionId);
          },
          { orgId, audit: { table: 'public.oauth2_connections' } },
        );
        setEtag(reply, row!.v);
        return shown(row!);
      },
    );

    r.delete(
      '/v1/orgs/:orgId/oauth2-connections/:connectionId',
      {
        schema: {
          operationId: 'deleteOAuthConnection',
          tags,
          summary:
            "Delete an OAuth2 connection (the scope's managers); its tokens are revoked at the provider when it allows",
          params: ConnectionParams,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        const { orgId, connectionId } = req.params;
        const flow = deps.forRequest(req, orgId);
        const { held, had } = await flow.runAs(req.principal, async (tx) => {
          const row = await proveConnection(tx, orgId, connectionId, 'manage');
          const taken = await takeTokens(tx, flow, req.principal, row);
          await tx.query('delete from public.oauth2_connections where org_id = $1 and id = $2', [orgId, connectionId]);
          return taken;
        });
        if (had) {
          const revocation = await revokeHeld(flow, held);
          req.log.info({ orgId, connectionId, revocation }, describeRevocation(had, revocation));
        }
        return reply.code(204).send(null);
      },
    );

    r.put(
      '/v1/orgs/:orgId/oauth2-connections/:connectionId/client-secret',
      {
        schema: {
          operationId: 'setOAuthClientSecret',
          tags,
          summary: "Store the connection's client secret in the vault (write-only; the scope's managers)",
          params: ConnectionParams,
          body: ClientSecretBody,
          response: { 200: ClientSecretStatus },
        },
      },
      async (req) => {
        const { orgId, connectionId } = req.params;
        const flow = deps.forRequest(req, orgId);
        const updatedAt = await flow.runAs(req.principal, async (tx) => {
          const row = await proveConnection(tx, orgId, connectionId, 'manage');
          return asServiceFor(tx, req.principal, (svc) =>
            storeClientSecret(svc, flow.ring(), row.org_id, row.id, req.body.client_secret),
          );
        });
        return { configured: true as const, updated_at: updatedAt.toISOString() };
      },
    );
  };
}

export default oauth2ConnectionRoutes();

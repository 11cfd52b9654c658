import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Principal } from '../../db/principal.ts';
import type { Queryable } from '../../db/types.ts';
import { invalid } from '../../errors/error.ts';
import { ErrorBody } from '../../http/errors.ts';
import { decodeCursor, page, pageOf } from '../../http/pagination.ts';
import { run, runRead } from '../../http/run.ts';
import { OrgParams } from '../../http/schemas.ts';
import type { RouteModule } from '../../http/types.ts';
import { CredentialsStatus, TestResult } from '../../integrations/http-schemas.ts';
import { createEgressClient, type EgressClient } from '../../net/egress.ts';
import { VaultError } from '../../vault/cipher.ts';
import type { KeyRing } from '../../vault/keyring.ts';
import { keyRingProvider } from '../../vault/provider.ts';
import { callConnection, testConnection, usableCredentials } from './call.ts';
import { forgetCredentials, openCredentials, recordCall, storeCredentials } from './credentials.ts';
import {
  ApiConnection,
  ApiConnectionCredentials,
  type ApiConnectionRow,
  CallBody,
  CallResult,
  ConnectionParams,
  CreateApiConnection,
  ListQuery,
  toApiConnection,
  UpdateApiConnection,
} from './schemas.ts';
import {
  deleteConnection,
  getConnection,
  insertConnection,
  listConnections,
  proveCanManage,
  proveCanUse,
  updateConnection,
} from './store.ts';

/**
 * /v1/orgs/{orgId}/api-connections: the builder's API connections (docs/connections.md). RLS
 * decides every row (app.connection_scope_allows): scope members read, non-viewers call, scope
 * managers write. Credentials are write-only; a call decrypts them as the service only after the
 * caller's own statement returned the row, and sends them nowhere but the row's endpoint.
 */

export interface ApiConnectionRoutesOptions {
  ring?: KeyRing;
  egress?: EgressClient;
}

const undecryptable = () =>
  invalid('the stored credentials cannot be decrypted with the current vault keys: store them again', 'credentials');

export function apiConnectionRoutes(opts: ApiConnectionRoutesOptions = {}): RouteModule {
  return async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['connections'];
    const ring = keyRingProvider(app.log, opts.ring ?? app.palisade.vaultRing);
    const egress = () => opts.egress ?? createEgressClient();
    const base = '/v1/orgs/:orgId/api-connections';
    const audit = { table: 'public.api_connections' };
    /** The proven row's credentials; keys that cannot open them are a 422 asking to store them again. */
    const credentialsOf = (tx: Queryable, caller: Principal, row: ApiConnectionRow) =>
      openCredentials(tx, ring(), caller, row).catch((err: unknown) => {
        if (err instanceof VaultError) throw undecryptable();
        throw err;
      });

    r.get(
      base,
      {
        schema: {
          operationId: 'listApiConnections',
          tags,
          summary: 'API connections of the workspaces and projects the caller may see (credentials never shown)',
          params: OrgParams,
          querystring: ListQuery,
          response: { 200: pageOf(ApiConnection) },
        },
      },
      async (req) => {
        const { orgId } = req.params;
        const q = req.query;
        const rows = await runRead(
          req,
          (tx) =>
            listConnections(
              tx,
              orgId,
              { workspaceId: q.workspace_id, projectId: q.project_id },
              decodeCursor(q.cursor),
              q.limit,
            ),
          { orgId },
        );
        return page(rows, q.limit, (c) => c.id, toApiConnection);
      },
    );

    r.post(
      base,
      {
        schema: {
          operationId: 'createApiConnection',
          tags,
          summary: 'Add an API connection to a workspace (owners, admins) or a project (also its owners, managers)',
          params: OrgParams,
          body: CreateApiConnection,
          response: { 201: ApiConnection },
        },
      },
      async (req, reply) => {
        const { orgId } = req.params;
        const { workspace_id, project_id, ...fields } = req.body;
        if (!workspace_id === !project_id)
          throw invalid(
            'name exactly one scope: workspace_id or project_id',
            workspace_id ? 'project_id' : 'workspace_id',
          );
        const row = await run(
          req,
          (tx) =>
            insertConnection(tx, orgId, { workspaceId: workspace_id ?? null, projectId: project_id ?? null }, fields),
          { orgId, audit: (c) => ({ ...audit, targetId: c.id }) },
        );
        return reply
          .code(201)
          .header('location', `/v1/orgs/${orgId}/api-connections/${row.id}`)
          .send(toApiConnection(row));
      },
    );

    r.get(
      `${base}/:connectionId`,
      {
        schema: {
          operationId: 'getApiConnection',
          tags,
          summary: 'One API connection (scope members)',
          params: ConnectionParams,
          response: { 200: ApiConnection },
        },
      },
      async (req) => {
        const { orgId, connectionId } = req.params;
        return toApiConnection(await runRead(req, (tx) => getConnection(tx, orgId, connectionId), { orgId }));
      },
    );

    r.patch(
      `${base}/:connectionId`,
      {
        schema: {
          operationId: 'updateApiConnection',
          tags,
          summary:
            'Change an API connection; moving its endpoint to another origin forgets its credentials (scope managers)',
          params: ConnectionParams,
          body: UpdateApiConnection,
          response: { 200: ApiConnection },
        },
      },
      async (req) => {
        const { orgId, connectionId } = req.params;
        return toApiConnection(
          await run(req, (tx) => updateConnection(tx, orgId, connectionId, req.body), { orgId, audit }),
        );
      },
    );

    r.delete(
      `${base}/:connectionId`,
      {
        schema: {
          operationId: 'deleteApiConnection',
          tags,
          summary: 'Delete an API connection and its stored credentials (scope managers)',
          params: ConnectionParams,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        const { orgId, connectionId } = req.params;
        await run(req, (tx) => deleteConnection(tx, orgId, connectionId), { orgId, audit });
        return reply.code(204).send(null);
      },
    );

    r.put(
      `${base}/:connectionId/credentials`,
      {
        schema: {
          operationId: 'setApiConnectionCredentials',
          tags,
          summary:
            'Store the credentials (write-only: encrypted in the vault, sent only to this endpoint) — scope managers',
          params: ConnectionParams,
          body: ApiConnectionCredentials,
          response: { 200: CredentialsStatus },
        },
      },
      async (req) => {
        const { orgId, connectionId } = req.params;
        return run(
          req,
          async (tx) => {
            const row = await proveCanManage(tx, orgId, connectionId);
            return storeCredentials(tx, ring(), req.principal, row, req.body);
          },
          { orgId, audit: { ...audit, action: 'api_connection.credentials.set' } },
        );
      },
    );

    r.delete(
      `${base}/:connectionId/credentials`,
      {
        schema: {
          operationId: 'deleteApiConnectionCredentials',
          tags,
          summary: 'Forget the stored credentials (scope managers)',
          params: ConnectionParams,
          response: { 200: CredentialsStatus },
        },
      },
      async (req) => {
        const { orgId, connectionId } = req.params;
        await run(
          req,
          async (tx) => forgetCredentials(tx, req.principal, await proveCanManage(tx, orgId, connectionId)),
          { orgId, audit: { ...audit, action: 'api_connection.credentials.clear' } },
        );
        return { configured: false, updatedAt: null };
      },
    );

    r.post(
      `${base}/:connectionId/test`,
      {
        schema: {
          operationId: 'testApiConnection',
          tags,
          summary: 'GET the endpoint once with the stored credentials and say whether it answered (scope managers)',
          params: ConnectionParams,
          response: { 200: TestResult },
        },
      },
      async (req) => {
        const { orgId, connectionId } = req.params;
        // Prove and decrypt as the caller; call out with no transaction open; record as the service.
        const { row, stored } = await run(
          req,
          async (tx) => {
            const row = await proveCanManage(tx, orgId, connectionId);
            return { row, stored: await credentialsOf(tx, req.principal, row) };
          },
          { orgId },
        );
        const result = await testConnection(row, stored?.reveal() ?? null, egress());
        const testedAt = new Date().toISOString();
        await run(req, (tx) => recordCall(tx, req.principal, row, null), {
          orgId,
          audit: { ...audit, action: 'api_connection.test' },
        });
        req.log.info(
          { connectionId, ok: result.ok, code: result.ok ? undefined : result.code },
          'API connection tested',
        );
        return { ...result, tested_at: testedAt };
      },
    );

    r.post(
      `${base}/:connectionId/call`,
      {
        schema: {
          operationId: 'callApiConnection',
          tags,
          summary:
            'Send the configured request with input written into the body template; the answer at response_path, credentials scrubbed (scope members but viewers)',
          params: ConnectionParams,
          body: CallBody,
          response: { 200: CallResult, 502: ErrorBody },
        },
      },
      async (req) => {
        const { orgId, connectionId } = req.params;
        const { row, credentials } = await run(
          req,
          async (tx) => {
            const row = await proveCanUse(tx, orgId, connectionId);
            if (!row.is_active) throw invalid('the API connection is not active', 'is_active');
            const stored = await credentialsOf(tx, req.principal, row);
            return { row, credentials: usableCredentials(row, stored?.reveal() ?? null) };
          },
          { orgId },
        );
        let status: number | null = null;
        try {
          const outcome = await callConnection(row, credentials, req.body.input, egress());
          status = outcome.status;
          return outcome;
        } finally {
          await run(req, (tx) => recordCall(tx, req.principal, row, status), {
            orgId,
            audit: { ...audit, action: 'api_connection.call' },
          });
          req.log.info({ connectionId, status }, 'API connection called');
        }
      },
    );
  };
}

export default apiConnectionRoutes();

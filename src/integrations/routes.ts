/**
 * HTTP over the integrations library. Every route runs as the caller through `run()` (RLS
 * decides); credential routes reach the vault only inside that transaction, after the library's
 * RLS-checked proof. Bodies are validated by the library, not by Fastify, so every 422 names the
 * offending JSON path in the request body (`field`: "$.field_mappings.mappings[2].target").
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PalisadeError } from '../errors/error.ts';
import { run } from '../http/run.ts';
import { OrgParams, Uuid } from '../http/schemas.ts';
import type { RouteModule } from '../http/types.ts';
import { createEgressClient, type EgressClient } from '../net/egress.ts';
import type { KeyRing } from '../vault/keyring.ts';
import { keyRingProvider } from '../vault/provider.ts';
import { clearCredentials, setCredentials } from './credentials.ts';
import {
  CredentialsStatus,
  documentedBodies,
  Integration,
  JsonObject,
  MappingSourceRecord,
  Notice,
  TestResult,
  TypeDescription,
} from './http-schemas.ts';
import { listNotices, markNoticeRead } from './notices.ts';
import { type IntegrationTypeRegistry, integrationTypes } from './registry.ts';
import {
  type CreateIntegrationInput,
  createIntegration,
  deleteIntegration,
  getIntegration,
  listIntegrations,
  setFieldMappings,
  setSyncSchedule,
  type UpdateIntegrationInput,
  updateIntegration,
} from './service.ts';
import { executeConnectionTest, prepareConnectionTest, recordConnectionTest } from './test-connection.ts';

const IntegrationParams = OrgParams.extend({ integrationId: Uuid });

/**
 * The library names an invalid document (`field`, e.g. "config") and the path inside it
 * (`detail`, "$.mappings[2]"); the API names the path in the request body. The document is a
 * property of the body (create, PATCH)…
 */
function inBody(err: unknown): never {
  throw err instanceof PalisadeError && err.detail
    ? new PalisadeError(err.code, err.message, `$.${err.field}${err.detail.slice(1)}`)
    : err;
}
/** …or the body itself (PUT credentials, field-mappings, sync-schedule). */
function atRoot(err: unknown): never {
  throw err instanceof PalisadeError && err.detail ? new PalisadeError(err.code, err.message, err.detail) : err;
}

function refuseUnknown(body: Record<string, unknown>, known: string[]) {
  const extra = Object.keys(body)
    .filter((k) => !known.includes(k))
    .sort()[0];
  if (extra)
    throw new PalisadeError('PS422', `$.${extra} is not a known field (known: ${known.join(', ')})`, `$.${extra}`);
}

export interface IntegrationRoutesOptions {
  /** The vault keys; default: PALISADE_VAULT_KEYS, or the embedded engine's key file, loaded on first use. */
  ring?: KeyRing;
  egress?: EgressClient;
  registry?: IntegrationTypeRegistry;
}

export function integrationRoutes(opts: IntegrationRoutesOptions = {}): RouteModule {
  return async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['integrations'];
    const registry = opts.registry ?? integrationTypes;
    const documented = documentedBodies(registry);
    const ring = keyRingProvider(app.log, opts.ring);
    const vault = {
      registry,
      get ring() {
        return ring();
      },
    };
    const egress = () => opts.egress ?? createEgressClient();

    r.get(
      '/v1/integration-types',
      {
        schema: {
          operationId: 'listIntegrationTypes',
          tags,
          summary: 'Integration types and the fields they take (descriptions, never values)',
          response: { 200: z.object({ data: z.array(TypeDescription) }) },
        },
      },
      async () => ({ data: registry.list().map((t) => registry.describe(t)) }),
    );

    r.get(
      '/v1/integration-mapping-sources',
      {
        schema: {
          tags,
          operationId: 'listIntegrationMappingSources',
          summary: "The fields of Palisade's records a field mapping may read (its sources)",
          response: { 200: z.object({ data: z.array(MappingSourceRecord) }) },
        },
      },
      async () => ({
        data: registry.sources.map((r) => ({
          record: r.record,
          description: r.description,
          fields: r.fields.map((f) => ({ source: `${r.record}.${f.name}`, type: f.type, description: f.description })),
        })),
      }),
    );

    r.get(
      '/v1/orgs/:orgId/integrations',
      {
        schema: {
          operationId: 'listIntegrations',
          tags,
          summary: "An organisation's integrations (members read; credentials never shown)",
          params: OrgParams,
          response: { 200: z.object({ data: z.array(Integration) }) },
        },
      },
      async (req) => ({
        data: await run(req, (tx) => listIntegrations(tx, req.params.orgId), { orgId: req.params.orgId }),
      }),
    );

    r.post(
      '/v1/orgs/:orgId/integrations',
      {
        schema: {
          operationId: 'createIntegration',
          tags,
          summary: 'Create a draft integration (owners and admins)',
          params: OrgParams,
          body: JsonObject,
          openapiBody: documented.create,
          response: { 201: Integration },
        },
      },
      async (req, reply) => {
        const { orgId } = req.params;
        refuseUnknown(req.body, ['type', 'display_name', 'config', 'field_mappings', 'sync_schedule']);
        const created = await run(
          req,
          (tx) =>
            createIntegration(tx, { registry }, orgId, req.body as unknown as CreateIntegrationInput).catch(inBody),
          {
            orgId,
            audit: (i) => ({ table: 'public.organisation_integrations', targetId: i.id }),
          },
        );
        return reply.code(201).header('location', `/v1/orgs/${orgId}/integrations/${created.id}`).send(created);
      },
    );

    r.get(
      '/v1/orgs/:orgId/integrations/:integrationId',
      {
        schema: {
          tags,
          operationId: 'getIntegration',
          summary: 'One integration',
          params: IntegrationParams,
          response: { 200: Integration },
        },
      },
      (req) =>
        run(req, (tx) => getIntegration(tx, req.params.orgId, req.params.integrationId).catch(inBody), {
          orgId: req.params.orgId,
        }),
    );

    r.patch(
      '/v1/orgs/:orgId/integrations/:integrationId',
      {
        schema: {
          operationId: 'updateIntegration',
          tags,
          summary: 'Rename, reconfigure, activate, pause or disable (owners and admins)',
          params: IntegrationParams,
          body: JsonObject,
          openapiBody: documented.update,
          response: { 200: Integration },
        },
      },
      (req) => {
        const { orgId, integrationId } = req.params;
        refuseUnknown(req.body, ['display_name', 'status', 'config']);
        return run(
          req,
          (tx) =>
            updateIntegration(tx, { registry }, orgId, integrationId, req.body as UpdateIntegrationInput).catch(inBody),
          {
            orgId,
            audit: { table: 'public.organisation_integrations' },
          },
        );
      },
    );

    r.delete(
      '/v1/orgs/:orgId/integrations/:integrationId',
      {
        schema: {
          operationId: 'deleteIntegration',
          tags,
          summary: 'Delete an integration and its stored credentials (owners and admins)',
          params: IntegrationParams,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        const { orgId, integrationId } = req.params;
        await run(req, (tx) => deleteIntegration(tx, orgId, integrationId).catch(inBody), {
          orgId,
          audit: { table: 'public.organisation_integrations' },
        });
        return reply.code(204).send(null);
      },
    );

    r.put(
      '/v1/orgs/:orgId/integrations/:integrationId/credentials',
      {
        schema: {
          operationId: 'setIntegrationCredentials',
          tags,
          summary: 'Store the credentials (write-only: encrypted in the vault, never returned) — owners and admins',
          params: IntegrationParams,
          body: JsonObject,
          openapiBody: documented.credentials,
          response: { 200: CredentialsStatus },
        },
      },
      (req) => {
        const { orgId, integrationId } = req.params;
        return run(
          req,
          (tx) => setCredentials(tx, vault, req.principal, orgId, integrationId, req.body).catch(atRoot),
          {
            orgId,
            audit: { table: 'public.organisation_integrations', action: 'integration.credentials.set' },
          },
        );
      },
    );

    r.delete(
      '/v1/orgs/:orgId/integrations/:integrationId/credentials',
      {
        schema: {
          operationId: 'deleteIntegrationCredentials',
          tags,
          summary: 'Forget the credentials (not while active) — owners and admins',
          params: IntegrationParams,
          response: { 200: CredentialsStatus },
        },
      },
      async (req) => {
        const { orgId, integrationId } = req.params;
        await run(req, (tx) => clearCredentials(tx, req.principal, orgId, integrationId).catch(atRoot), {
          orgId,
          audit: { table: 'public.organisation_integrations', action: 'integration.credentials.clear' },
        });
        return { configured: false, updatedAt: null };
      },
    );

    r.put(
      '/v1/orgs/:orgId/integrations/:integrationId/field-mappings',
      {
        schema: {
          operationId: 'setIntegrationFieldMappings',
          tags,
          summary:
            'Replace the field mappings (schema_version 1 or 2 accepted, stored as 2; sources checked against GET /v1/integration-mapping-sources, targets against the type)',
          params: IntegrationParams,
          body: JsonObject,
          openapiBody: documented.fieldMappings,
          response: { 200: Integration },
        },
      },
      (req) => {
        const { orgId, integrationId } = req.params;
        return run(req, (tx) => setFieldMappings(tx, { registry }, orgId, integrationId, req.body).catch(atRoot), {
          orgId,
          audit: { table: 'public.organisation_integrations' },
        });
      },
    );

    r.put(
      '/v1/orgs/:orgId/integrations/:integrationId/sync-schedule',
      {
        schema: {
          operationId: 'setIntegrationSyncSchedule',
          tags,
          summary: 'Replace the sync schedule: manual, interval (5-10080 minutes) or cron with a timezone',
          params: IntegrationParams,
          body: JsonObject,
          openapiBody: documented.syncSchedule,
          response: { 200: Integration },
        },
      },
      (req) => {
        const { orgId, integrationId } = req.params;
        return run(req, (tx) => setSyncSchedule(tx, orgId, integrationId, req.body).catch(atRoot), {
          orgId,
          audit: { table: 'public.organisation_integrations' },
        });
      },
    );

    r.post(
      '/v1/orgs/:orgId/integrations/:integrationId/test',
      {
        schema: {
          operationId: 'testIntegration',
          tags,
          summary: 'Call the external system once with the stored config and credentials (owners and admins)',
          params: IntegrationParams,
          response: { 200: TestResult },
        },
      },
      async (req) => {
        const { orgId, integrationId } = req.params;
        // Three steps: prove and decrypt as the caller; call out with no transaction open; record as the caller.
        const prepared = await run(
          req,
          (tx) => prepareConnectionTest(tx, vault, req.principal, orgId, integrationId).catch(atRoot),
          { orgId },
        );
        const result = await executeConnectionTest(prepared, egress());
        const testedAt = await run(req, (tx) => recordConnectionTest(tx, prepared.row, result), {
          orgId,
          audit: { table: 'public.organisation_integrations', action: 'integration.test' },
        });
        req.log.info({ integrationId, ok: result.ok, code: result.ok ? undefined : result.code }, 'integration tested');
        return { ...result, tested_at: testedAt };
      },
    );

    r.get(
      '/v1/orgs/:orgId/integration-notices',
      {
        schema: {
          operationId: 'listIntegrationNotices',
          tags,
          summary: 'Notices about integrations, e.g. what repair reset (owners and admins)',
          params: OrgParams,
          response: { 200: z.object({ data: z.array(Notice) }) },
        },
      },
      async (req) => ({ data: await run(req, (tx) => listNotices(tx, req.params.orgId), { orgId: req.params.orgId }) }),
    );

    r.post(
      '/v1/orgs/:orgId/integration-notices/:noticeId/read',
      {
        schema: {
          operationId: 'markIntegrationNoticeRead',
          tags,
          summary: 'Mark a notice read (owners and admins)',
          params: OrgParams.extend({ noticeId: Uuid }),
          response: { 200: Notice },
        },
      },
      (req) =>
        run(req, (tx) => markNoticeRead(tx, req.params.orgId, req.params.noticeId).catch(atRoot), {
          orgId: req.params.orgId,
          audit: { table: 'public.integration_notifications' },
        }),
    );
  };
}

export default integrationRoutes();

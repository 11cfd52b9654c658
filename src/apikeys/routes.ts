import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { forbidden, invalid, notFound } from '../errors/error.ts';
import { explainMiss, ifMatch, setEtag, versionParam } from '../http/concurrency.ts';
import { decodeCursor, PageQuery, page, pageOf } from '../http/pagination.ts';
import { run } from '../http/run.ts';
import { IfMatchHeaders, iso, isoRequired, KeyRole, Name, OrgParams, Timestamp, Uuid } from '../http/schemas.ts';
import type { RouteModule } from '../http/types.ts';
import { hasOrgRole } from '../tenancy/queries/roles.ts';
import { generateApiKey } from './keys.ts';
import {
  type ApiKeyRow,
  apiKeyVersion,
  getApiKey,
  insertApiKey,
  listApiKeys,
  renameApiKey,
  revokeApiKey,
} from './queries.ts';

const ApiKey = z
  .object({
    id: Uuid,
    name: z.string(),
    role: KeyRole,
    effective_role: KeyRole.nullable().describe(
      "what the key can do now: the lower of `role` and its creator's role; null while its creator is not an active member (the key is refused with PS424)",
    ),
    prefix: z
      .string()
      .describe('the first characters of the key, to tell keys apart; the key itself is never shown again'),
    status: z.enum(['active', 'revoked', 'expired']),
    created_by: Uuid.nullable(),
    expires_at: Timestamp.nullable(),
    last_used_at: Timestamp.nullable().describe('updated at most once a minute'),
    revoked_at: Timestamp.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'ApiKey' });

const KeyParams = OrgParams.extend({ keyId: Uuid });

const toApiKey = (k: ApiKeyRow) => ({
  id: k.id,
  name: k.name,
  role: k.role as z.infer<typeof KeyRole>,
  effective_role: k.effective_role as z.infer<typeof KeyRole> | null,
  prefix: k.prefix,
  status: k.status,
  created_by: k.created_by,
  expires_at: iso(k.expires_at),
  last_used_at: iso(k.last_used_at),
  revoked_at: iso(k.revoked_at),
  created_at: isoRequired(k.created_at),
  updated_at: isoRequired(k.updated_at),
});

const missing = () => notFound('API key', 'key_id');
const ownersAndAdmins = () => forbidden('only owners and admins can see and manage API keys');

const routes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['api keys'];

  r.get(
    '/v1/orgs/:orgId/api-keys',
    {
      schema: {
        operationId: 'listApiKeys',
        tags,
        summary: 'API keys of an organisation: metadata only (owners and admins)',
        params: OrgParams,
        querystring: PageQuery,
        response: { 200: pageOf(ApiKey) },
      },
    },
    async (req) => {
      const { orgId } = req.params;
      const cursor = decodeCursor(req.query.cursor);
      const rows = await run(
        req,
        async (tx) => {
          if (!(await hasOrgRole(tx, orgId, ['owner', 'admin']))) throw ownersAndAdmins();
          return listApiKeys(tx, orgId, cursor, req.query.limit);
        },
        { orgId },
      );
      return page(rows, req.query.limit, (k) => k.id, toApiKey);
    },
  );

  r.post(
    '/v1/orgs/:orgId/api-keys',
    {
      config: { auth: 'person' },
      schema: {
        operationId: 'createApiKey',
        tags,
        summary: 'Create an API key (owners and admins); the key is in this response only',
        params: OrgParams,
        body: z
          .object({
            name: Name,
            role: KeyRole.default('member').describe("at most the creator's own role"),
            expires_at: Timestamp.nullable().optional().describe('when the key stops working; omitted or null: never'),
          })
          .strict(),
        response: {
          201: z.object({
            api_key: ApiKey,
            key: z
              .string()
              .describe('pk_…: send as Authorization: Bearer pk_… or x-api-key. Store it now: only its hash is kept.'),
          }),
        },
      },
    },
    async (req, reply) => {
      const { orgId } = req.params;
      if (req.body.expires_at && Date.parse(req.body.expires_at) <= Date.now())
        throw invalid('expires_at must be in the future', 'expires_at');
      const minted = generateApiKey();
      const row = await run(
        req,
        async (tx) => {
          if (!(await hasOrgRole(tx, orgId, ['owner', 'admin']))) throw ownersAndAdmins();
          return getApiKey(
            tx,
            orgId,
            await insertApiKey(tx, orgId, req.body.name, req.body.role, minted, req.body.expires_at ?? null),
          );
        },
        { orgId, audit: (k) => ({ table: 'public.api_keys', targetId: k!.id }) },
      );
      setEtag(reply, row!.v);
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ api_key: toApiKey(row!), key: minted.plaintext });
    },
  );

  r.get(
    '/v1/orgs/:orgId/api-keys/:keyId',
    {
      schema: {
        tags,
        operationId: 'getApiKey',
        summary: "One API key's metadata",
        params: KeyParams,
        response: { 200: ApiKey },
      },
    },
    async (req, reply) => {
      const { orgId, keyId } = req.params;
      const k = await run(
        req,
        async (tx) => {
          if (!(await hasOrgRole(tx, orgId, ['owner', 'admin']))) throw ownersAndAdmins();
          return getApiKey(tx, orgId, keyId);
        },
        { orgId },
      );
      if (!k) throw missing();
      setEtag(reply, k.v);
      return toApiKey(k);
    },
  );

  r.patch(
    '/v1/orgs/:orgId/api-keys/:keyId',
    {
      schema: {
        operationId: 'updateApiKey',
        tags,
        summary: 'Rename an API key',
        params: KeyParams,
        headers: IfMatchHeaders,
        body: z.object({ name: Name }).strict(),
        response: { 200: ApiKey },
      },
    },
    async (req, reply) => {
      const versions = ifMatch(req);
      const { orgId, keyId } = req.params;
      const k = await run(
        req,
        async (tx) => {
          if (!(await hasOrgRole(tx, orgId, ['owner', 'admin']))) throw ownersAndAdmins();
          if (!(await renameApiKey(tx, orgId, keyId, req.body.name, versionParam(versions)))) {
            await explainMiss(tx, apiKeyVersion(orgId, keyId), versions, {
              notFound: missing(),
              forbidden: ownersAndAdmins(),
            });
          }
          return getApiKey(tx, orgId, keyId);
        },
        { orgId, audit: { table: 'public.api_keys' } },
      );
      setEtag(reply, k!.v);
      return toApiKey(k!);
    },
  );

  r.delete(
    '/v1/orgs/:orgId/api-keys/:keyId',
    {
      schema: {
        operationId: 'revokeApiKey',
        tags,
        summary: 'Revoke an API key: it stops working at once (the row stays, for the record)',
        params: KeyParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const { orgId, keyId } = req.params;
      await run(
        req,
        async (tx) => {
          if (!(await hasOrgRole(tx, orgId, ['owner', 'admin']))) throw ownersAndAdmins();
          if (!(await revokeApiKey(tx, orgId, keyId))) throw missing();
        },
        { orgId, audit: { table: 'public.api_keys' } },
      );
      return reply.code(204).send(null);
    },
  );
};

export default routes;

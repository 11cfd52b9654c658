import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { createJsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { ZodType } from 'zod';
import { ErrorBody } from '../../http/errors.ts';
import type { AuthLevel } from '../../http/types.ts';
import { finishDocument } from './openapi-document.ts';
import { errorResponseSchemas } from './openapi-errors.ts';

declare module 'fastify' {
  interface FastifySchema {
    /**
     * What the OpenAPI document shows as the request body when the route validates the body
     * itself (the integrations library names a bad field by its JSON path): the real shape,
     * while `body` stays the loose schema Fastify checks.
     */
    openapiBody?: ZodType;
  }
}

const SECURITY: Record<AuthLevel, Record<string, string[]>[]> = {
  public: [],
  any: [{ bearerAuth: [] }, { apiKey: [] }],
  person: [{ bearerAuth: [] }],
  user: [{ bearerAuth: [] }],
  admin: [{ adminToken: [] }],
};

const AUTH_NOTE: Record<AuthLevel, string> = {
  public: 'No credentials.',
  any: 'A user token, an API key (its organisation only) or an admin token.',
  person: 'A user token or an admin token; API keys are refused.',
  user: 'A user token only.',
  admin: 'An admin token only (POST /v1/admin/token).',
};

/** Every tag an operation may carry, in the order the reference shows them. */
export const TAGS = [
  { name: 'health', description: 'Liveness and readiness for orchestrators: public, not rate limited.' },
  { name: 'me', description: 'The caller: who the credential says it is, and its own profile.' },
  { name: 'organisations', description: 'Organisations (tenants): create, read, rename, leave.' },
  { name: 'members', description: "An organisation's members: roles, suspension, removal." },
  { name: 'invitations', description: 'Invitations to join an organisation, and accepting one.' },
  { name: 'workspaces', description: 'Workspaces inside an organisation.' },
  { name: 'projects', description: 'Projects inside a workspace.' },
  { name: 'project members', description: 'Who works on a project, at which project role.' },
  {
    name: 'providers',
    description:
      'Provider delegation: a client organisation lets a provider organisation act in it, up to a role ceiling; the provider names who acts.',
  },
  { name: 'api keys', description: 'Organisation API keys: shown once, stored as a hash, revocable, expiring.' },
  { name: 'audit', description: "An organisation's tamper-evident audit chain and its verification." },
  { name: 'catalog', description: 'Published platform step types and rule packs, as tenants read them.' },
  { name: 'installs', description: 'Step types and rule packs an organisation has installed.' },
  { name: 'workflows', description: "An organisation's workflow definitions." },
  {
    name: 'integrations',
    description: 'Integrations with external systems: config, vaulted credentials, field mappings, sync.',
  },
  {
    name: 'revenue',
    description:
      'Leads and their qualification, lead capture, plan usage and limits, Stripe billing and implementation requests; the Stripe and HubSpot webhooks (seed 002).',
  },
  {
    name: 'connections',
    description:
      'API and OAuth2 connections a workspace or project calls other systems with; credentials write-only, in the vault (seed 003).',
  },
  {
    name: 'credits',
    description:
      "AI token credits: an organisation's balance (a monthly grant from its plan, token packs bought through Stripe), usage recorded per project, user and model (seed 003).",
  },
  { name: 'admin', description: 'Platform administration: admin tokens, all organisations, the admins.' },
  { name: 'admin: step types', description: 'Platform step type registry (admin writes, versioned, published).' },
  { name: 'admin: rule packs', description: 'Rule sources, detections, proposals and rule packs (admin writes).' },
];

const INFO = {
  title: 'Palisade API',
  version: '1',
  description: [
    'Palisade is a multi-tenant backend on PostgreSQL. This API covers the tenancy (organisations, members, invitations, workspaces, projects), provider delegation, API keys, the audit chain, the platform catalogs (step types and rule packs) and what organisations install from them, workflow definitions, integrations with vaulted credentials, and platform administration.',
    "Every request runs in one database transaction as the caller, and Row Level Security decides what it sees and changes: another tenant's object is a 404, never a 403.",
    'Errors share one body, `{ "error": { "code", "message", "field"?, "requestId" } }` (the codes: docs/error-codes.md). Lists are paged with `limit` and an opaque `cursor`; updates answer an `ETag` and take `If-Match` (a stale one is 412). A PATCH must name at least one field.',
  ].join('\n\n'),
  license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' },
  contact: { name: 'Palisade maintainers' },
};

/** The input parts a route declares, as the error statuses depend on them. */
function shapeOf(route: RouteOptions, schema: Record<string, unknown>, level: AuthLevel) {
  const headers = schema.headers as { shape?: Record<string, unknown> } | undefined;
  const method = Array.isArray(route.method) ? route.method[0]! : route.method;
  return {
    method,
    auth: level,
    rateLimited: (route.config as { rateLimit?: unknown } | undefined)?.rateLimit !== false,
    hasParams: schema.params !== undefined,
    hasQuery: schema.querystring !== undefined,
    hasBody: schema.body !== undefined,
    hasIfMatch: headers?.shape?.['if-match'] !== undefined,
  };
}

/** A PATCH must change something: the document says minProperties 1, and the validator agrees. */
function nonEmpty(body: ZodType): ZodType {
  return body
    .refine((o) => typeof o === 'object' && o !== null && Object.keys(o).length > 0, {
      error: 'send at least one field to change',
    })
    .meta({ minProperties: 1 });
}

/**
 * A route's schema as the document shows it: each error status it can answer instead of the
 * 4xx/5xx classes it is serialised with (derived here, when the document is first asked for,
 * so that the server does not compile a serialiser per status), and `openapiBody`, when
 * given, as the body.
 */
function documented(route: RouteOptions, schema: Record<string, unknown> | undefined) {
  if (!schema || schema.hide) return schema;
  const { openapiBody, response, ...rest } = schema as { openapiBody?: ZodType; response?: Record<string, unknown> };
  const { '4xx': _c, '5xx': _s, ...declared } = response ?? {};
  const level: AuthLevel = route.config?.auth ?? 'any';
  return {
    ...rest,
    ...(openapiBody ? { body: openapiBody } : {}),
    response: { ...errorResponseSchemas(shapeOf(route, schema, level)), ...declared },
  };
}

const zodTransform = createJsonSchemaTransform({ skipList: ['/openapi.json', '/docs', '/docs/*'] });

/**
 * The OpenAPI document is generated from the same zod schemas that validate requests and
 * serialise responses. Each route's security and its error responses are filled in here from
 * `config.auth` and the inputs it declares, so the document cannot claim a route is public when
 * it is not, nor forget the errors it answers.
 */
export async function registerOpenApi(app: FastifyInstance) {
  app.addHook('onRoute', (route) => {
    // The browsable reference is public, like the document it renders.
    if (route.url === '/docs' || route.url.startsWith('/docs/')) route.config = { ...route.config, auth: 'public' };
    if (!route.schema || (route.schema as { hide?: boolean }).hide) return;
    const level: AuthLevel = route.config?.auth ?? 'any';
    const schema = route.schema as Record<string, unknown> & {
      response?: Record<string, unknown>;
      description?: string;
      body?: ZodType;
      openapiBody?: ZodType;
    };
    if (route.method === 'PATCH' && schema.body) {
      schema.body = nonEmpty(schema.body);
      if (schema.openapiBody) schema.openapiBody = nonEmpty(schema.openapiBody);
    }
    schema.security = SECURITY[level];
    schema.description = [schema.description, `Auth: ${AUTH_NOTE[level]}`].filter(Boolean).join('\n\n');
    // Serialisation needs one schema per class; the document lists each status (see transform).
    schema.response = { '4xx': ErrorBody, '5xx': ErrorBody, ...schema.response };
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: INFO,
      tags: TAGS,
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: 'A user token (HS256 or RS256/ES256), or an API key as `Bearer pk_…`.',
          },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'An organisation API key (pk_…).' },
          adminToken: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: 'A short-lived admin token from POST /v1/admin/token.',
          },
        },
      },
    },
    transform: (doc) =>
      zodTransform({ ...doc, schema: documented(doc.route, doc.schema as Record<string, unknown>) } as typeof doc),
    transformObject: (doc) => finishDocument(jsonSchemaTransformObject(doc) as Record<string, unknown>),
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { deepLinking: true },
    staticCSP: true,
    theme: { title: 'Palisade API reference' },
  });

  // The document names the server that served it (behind a proxy: the forwarded host, when trusted).
  app.get('/openapi.json', { schema: { hide: true }, config: { auth: 'public', rateLimit: false } }, async (req) => ({
    ...(app.swagger() as Record<string, unknown>),
    servers: [{ url: `${req.protocol}://${req.host}`, description: 'this server' }],
  }));

  // Someone opening the server's address in a browser lands on the reference.
  app.get('/', { schema: { hide: true }, config: { auth: 'public', rateLimit: false } }, async (_req, reply) =>
    reply.redirect('/docs', 302),
  );
}

import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { createJsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { ErrorBody } from '../../http/errors.ts';
import type { AuthLevel } from '../../http/types.ts';

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

/**
 * The OpenAPI document is generated from the same zod schemas that validate requests and
 * serialise responses. Each route's security and its error responses are filled in here from
 * `config.auth`, so the document cannot claim a route is public when it is not.
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
    };
    schema.security = SECURITY[level];
    schema.description = [schema.description, `Auth: ${AUTH_NOTE[level]}`].filter(Boolean).join('\n\n');
    schema.response = { ...schema.response, '4xx': ErrorBody, '5xx': ErrorBody };
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Palisade API',
        version: '1',
        description:
          'Multi-tenant backend: organisations, members, invitations, workspaces, projects, API keys. ' +
          'Every request runs in one database transaction as the caller, and Row Level Security decides what it sees. ' +
          'Errors: `{ "error": { "code", "message", "field"?, "requestId" } }`.',
      },
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
    transform: createJsonSchemaTransform({ skipList: ['/openapi.json', '/docs', '/docs/*'] }),
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true }, staticCSP: true });

  app.get('/openapi.json', { schema: { hide: true }, config: { auth: 'public', rateLimit: false } }, async () =>
    app.swagger(),
  );
}

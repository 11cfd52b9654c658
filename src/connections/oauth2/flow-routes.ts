import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Principal } from '../../db/principal.ts';
import { ErrorBody } from '../../http/errors.ts';
import type { RouteModule } from '../../http/types.ts';
import { startAuthorization } from './authorize.ts';
import { completeAuthorization } from './callback.ts';
import { CALLBACK_PATH, type OAuth2RouteOptions, oauth2Deps } from './deps.ts';
import { disconnect } from './disconnect.ts';
import {
  AuthorizeResult,
  CallbackQuery,
  CallbackResult,
  ConnectionParams,
  DisconnectResult,
  TestResult,
} from './schemas.ts';
import { testConnection } from './userinfo.ts';

/**
 * The consent flow and the calls that use the tokens: authorize (a manager asks; the answer is the
 * provider's URL), the callback the provider redirects the browser to (public: the state is the
 * credential), disconnect (revoke and forget) and test (userinfo with refresh on 401).
 */
export function oauth2FlowRoutes(opts: OAuth2RouteOptions = {}): RouteModule {
  return async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['connections'];
    const deps = oauth2Deps(app, opts);

    r.post(
      '/v1/orgs/:orgId/oauth2-connections/:connectionId/authorize',
      {
        config: { auth: 'user' },
        schema: {
          operationId: 'authorizeOAuthConnection',
          tags,
          summary:
            "Start a consent (the scope's managers, signed in): the provider's authorization URL, with state and PKCE (S256), valid once for 10 minutes",
          params: ConnectionParams,
          response: { 200: AuthorizeResult },
        },
      },
      async (req) => {
        const { orgId, connectionId } = req.params;
        const started = await startAuthorization(deps.forRequest(req, orgId), req.principal, orgId, connectionId);
        return { authorization_url: started.url, expires_at: started.expiresAt.toISOString() };
      },
    );

    r.get(
      CALLBACK_PATH,
      {
        config: { auth: 'public', openQuery: true },
        schema: {
          operationId: 'completeOAuthAuthorization',
          tags,
          summary:
            "The redirect URI: the provider sends the person's browser here with code and state; the code is exchanged and the tokens kept in the vault. A browser (Accept: text/html) gets a short page instead of JSON",
          description:
            'No credential needed: the state names the consent, its organisation, connection and person. A request that carries a credential must be that person’s. Parameters other than those listed are ignored (providers add their own).',
          querystring: CallbackQuery,
          response: {
            200: CallbackResult,
            400: ErrorBody,
            401: ErrorBody,
            403: ErrorBody,
            404: ErrorBody,
            409: ErrorBody,
            410: ErrorBody,
            502: ErrorBody,
            503: ErrorBody,
          },
        },
      },
      async (req, reply) => {
        const presented = await presentedPrincipal(req);
        const done = await completeAuthorization(deps.forRequest(req), req.query, presented);
        const body = {
          connected: true as const,
          org_id: done.orgId,
          connection_id: done.connectionId,
          granted_scope: done.grantedScope,
          expires_at: done.expiresAt?.toISOString() ?? null,
          message: 'Connected: you can close this window.',
        };
        reply
          .header('cache-control', 'no-store')
          .header('referrer-policy', 'no-referrer')
          .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
        // A page for a person's browser: the same facts, none of them echoed (a constant page).
        // biome-ignore lint/suspicious/noExplicitAny: an HTML string is sent as is, past the JSON serialiser
        if (prefersHtml(req)) return reply.type('text/html; charset=utf-8').send(PAGE as any);
        return body;
      },
    );

    r.delete(
      '/v1/orgs/:orgId/oauth2-connections/:connectionId/tokens',
      {
        schema: {
          operationId: 'disconnectOAuthConnection',
          tags,
          summary:
            "Disconnect (the scope's managers): the tokens are deleted from the vault, then revoked at the provider's revocation endpoint; a failed revocation is reported, the tokens are gone all the same",
          params: ConnectionParams,
          response: { 200: DisconnectResult },
        },
      },
      (req) => {
        const { orgId, connectionId } = req.params;
        return disconnect(deps.forRequest(req, orgId), req.principal, orgId, connectionId);
      },
    );

    r.post(
      '/v1/orgs/:orgId/oauth2-connections/:connectionId/test',
      {
        schema: {
          operationId: 'testOAuthConnection',
          tags,
          summary:
            'Call the userinfo endpoint with the access token (members, contributors and up): refreshed first when it expires within a minute, and once more on a 401',
          params: ConnectionParams,
          response: { 200: TestResult },
        },
      },
      (req) => {
        const { orgId, connectionId } = req.params;
        return testConnection(deps.forRequest(req, orgId), req.principal, orgId, connectionId);
      },
    );
  };
}

/**
 * The callback is public, but a request that carries a credential is checked: it must then be the
 * person who started the consent (completeAuthorization refuses anyone else).
 */
async function presentedPrincipal(req: FastifyRequest): Promise<Principal> {
  const { authorization } = req.headers;
  const apiKey = req.headers['x-api-key'];
  if (authorization === undefined && apiKey === undefined) return { kind: 'anonymous' };
  const ua = req.headers['user-agent'];
  const auth = await req.server.palisade.authenticate({
    authorization,
    apiKey,
    context: { requestId: req.id, ip: req.ip, userAgent: typeof ua === 'string' ? ua : undefined },
  });
  return auth.principal;
}

function prefersHtml(req: FastifyRequest): boolean {
  const accept = String(req.headers.accept ?? '');
  return /\btext\/html\b/.test(accept) && !/\bapplication\/json\b/.test(accept);
}

/** Constant: nothing from the request or the provider is echoed into it. */
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Connected</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; margin: 3rem auto; max-width: 32rem">
<h1>Connected</h1><p>The connection is authorized. You can close this window.</p></body></html>
`;

export default oauth2FlowRoutes();

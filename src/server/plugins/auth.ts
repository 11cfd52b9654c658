import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ApiKeyRefused } from '../../apikeys/verify.ts';
import type { Principal } from '../../db/principal.ts';
import { PalisadeError } from '../../errors/error.ts';
import type { AuthLevel } from '../../http/types.ts';

function routeAuth(req: FastifyRequest): AuthLevel {
  return req.routeOptions.config?.auth ?? 'any';
}

/** What a log line says about the caller: kind and id, never a credential. */
function describePrincipal(p: Principal): Record<string, string> {
  switch (p.kind) {
    case 'user':
      return { principal: 'user', userId: p.userId };
    case 'platform_admin':
      return { principal: 'platform_admin', userId: p.userId };
    case 'api_key':
      return { principal: 'api_key', apiKeyId: p.keyId, orgId: p.orgId };
    default:
      return { principal: p.kind };
  }
}

/** The rate-limit bucket: per principal when authenticated, per client address otherwise. */
export function rateLimitKey(req: FastifyRequest): string {
  const p = req.principal;
  switch (p?.kind) {
    case 'user':
    case 'platform_admin':
      return `${p.kind}:${p.userId}`;
    case 'api_key':
      return `api_key:${p.keyId}`;
    default:
      return `ip:${req.ip}`;
  }
}

const NEEDS_SIGN_IN = 'sign in first: send Authorization: Bearer <token> or an x-api-key header';

function refuse(level: AuthLevel, p: Principal): PalisadeError | null {
  if (level === 'public') return null;
  if (p.kind === 'anonymous') return new PalisadeError('PS401', NEEDS_SIGN_IN);
  if (level === 'person' && p.kind === 'api_key')
    return new PalisadeError('PS403', 'this needs a signed-in person; API keys cannot do it');
  if (level === 'user' && p.kind !== 'user')
    return new PalisadeError('PS403', 'this needs a user token (not an API key or an admin token)');
  if (level === 'admin' && p.kind !== 'platform_admin') {
    return new PalisadeError('PS403', 'this needs an admin token: platform admins get one from POST /v1/admin/token');
  }
  return null;
}

/**
 * Authentication in two steps around rate limiting:
 * 1. onRequest (app-level, so before the route-level rate-limit hook): read and verify the
 *    credential; on failure remember the error instead of answering, so the attempt is counted
 *    against the caller's address;
 * 2. preParsing (after rate limiting, before the body is even read): refuse bad or missing
 *    credentials and principals the route does not admit.
 * Every log line of the request then carries the principal and, for tenant routes, the org.
 */
export function registerAuth(app: FastifyInstance) {
  app.decorateRequest('principal', null as never);
  app.decorateRequest('authError', null);
  app.decorateRequest('adminTokenId', null);

  app.addHook('onRequest', async (req) => {
    req.principal = { kind: 'anonymous' };
    if (req.is404 || routeAuth(req) === 'public') return;
    try {
      const ua = req.headers['user-agent'];
      const auth = await app.palisade.authenticate({
        authorization: req.headers.authorization,
        apiKey: req.headers['x-api-key'],
        context: { requestId: req.id, ip: req.ip, userAgent: typeof ua === 'string' ? ua : undefined },
      });
      req.principal = auth.principal;
      req.adminTokenId = auth.tokenId ?? null;
    } catch (err) {
      if (!(err instanceof PalisadeError)) throw err;
      req.authError = err;
    }
    // A logger that writes nothing (level silent) needs no bindings: pino serialises them, with
    // redaction, as soon as they are set, whether or not a line is ever written.
    if (!(req.log as unknown as Logger).isLevelEnabled('fatal')) return;
    const orgId = (req.params as Record<string, unknown> | undefined)?.orgId;
    const bindings = {
      ...describePrincipal(req.principal),
      ...(typeof orgId === 'string' ? { orgId: orgId.slice(0, 64) } : {}),
    };
    // Into the request's own logger (already a child carrying the request id): creating another
    // child per request measurably cost CPU on every call.
    (req.log as unknown as Logger).setBindings(bindings);
  });

  app.addHook('preParsing', async (req) => {
    if (req.is404) return;
    if (req.authError) {
      const err = req.authError;
      // A key that was found but refused is named by its id and organisation, never by the key.
      const key = err instanceof ApiKeyRefused ? { apiKeyId: err.keyId, keyOrgId: err.orgId } : {};
      req.log.warn({ reason: err.message, code: err.code, ...key }, 'authentication failed');
      throw err;
    }
    const refusal = refuse(routeAuth(req), req.principal);
    if (refusal) {
      req.log.warn({ reason: refusal.message, status: refusal.status }, 'authorisation refused');
      throw refusal;
    }
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ErrorCode } from '../errors/codes.ts';
import { mapError } from './error-map.ts';

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().describe('PS401, PS403, PS404, PS409, PS412, PS413, PS422, PS429, … (docs/error-codes.md)'),
      message: z.string(),
      field: z.string().optional().describe('the input field the error is about, when there is one'),
      usage: z
        .object({ metric: z.string(), limit: z.number(), resetAt: z.string().nullable() })
        .optional()
        .describe('PS402: the plan limit reached, and when a monthly one resets'),
      requestId: z.string().describe('quote it when reporting a problem: every log line of the request carries it'),
    }),
  })
  .meta({ id: 'Error' });

/**
 * One error shape for every failure, whoever raised it (a route, the auth layer, Fastify, the
 * database): `{ error: { code, message, field?, requestId } }`. Internal errors are logged with
 * their stack and answered with "internal error" only.
 */
export function registerErrors(app: FastifyInstance) {
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    reply.header('x-content-type-options', 'nosniff');
    // API answers are one caller's view of tenant data: no shared cache may keep them.
    if (req.url.startsWith('/v1/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  app.setErrorHandler((err, req, reply) => {
    const m = mapError(err, { anonymous: !req.principal || req.principal.kind === 'anonymous' });
    if (m.internal) req.log.error({ err }, 'request failed');
    else if (m.status !== 401 && m.status !== 403)
      req.log.info({ code: m.code, status: m.status, field: m.field }, m.message);
    if (m.status === 401) reply.header('www-authenticate', 'Bearer realm="palisade", error="invalid_token"');
    if (m.usage?.resetAt) {
      const seconds = Math.ceil((Date.parse(m.usage.resetAt) - Date.now()) / 1000);
      if (seconds > 0) reply.header('retry-after', String(seconds));
    }
    return reply
      .code(m.status)
      .type('application/json; charset=utf-8')
      .send({
        error: {
          code: m.code,
          message: m.message,
          ...(m.field ? { field: m.field } : {}),
          ...(m.usage ? { usage: m.usage } : {}),
          requestId: req.id,
        },
      });
  });

  const allowedMethods = routeMethods(app);
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!;
    const allow = allowedMethods(path);
    if (allow.length > 0 && !allow.includes(req.method)) {
      return reply
        .code(405)
        .header('allow', allow.join(', '))
        .send({
          error: {
            code: 'PS405' satisfies ErrorCode,
            message: `${req.method} is not allowed on ${path.slice(0, 200)}: use ${allow.join(', ')}`,
            requestId: req.id,
          },
        });
    }
    return reply.code(404).send({
      error: {
        code: 'PS404' satisfies ErrorCode,
        message: `no route ${req.method} ${path.slice(0, 200)}`,
        requestId: req.id,
      },
    });
  });
}

const BEFORE_ROUTING: Record<string, string> = {
  FST_ERR_BAD_URL: 'the URL is not valid: malformed percent-encoding in the path',
  // find-my-way's maxParamLength (100): no identifier is that long, so it is a malformed parameter.
  FST_ERR_MAX_PARAM_LENGTH: 'a path parameter is too long (at most 100 characters)',
};

/**
 * Errors Fastify raises before routing (Fastify's `frameworkErrors` option) get the one error
 * shape, not Fastify's own: a path with broken percent-encoding (`%ZZ`, bytes that are not UTF-8)
 * or an overlong path parameter is a 400 (Fastify said 414 for the latter); anything else is internal.
 */
export function frameworkErrors(err: Error & { code?: string }, req: FastifyRequest, reply: FastifyReply) {
  const message = err.code ? BEFORE_ROUTING[err.code] : undefined;
  if (!message) req.log.error({ err }, 'request failed before routing');
  return reply
    .code(message ? 400 : 500)
    .type('application/json; charset=utf-8')
    .send({
      error: {
        code: (message ? 'PS400' : 'PS500') satisfies ErrorCode,
        message: message ?? 'internal error',
        requestId: req.id,
      },
    });
}

interface KnownRoute {
  pattern: RegExp;
  methods: string[];
  /** `*` or `/*`: answers a method on every path (the CORS preflight route), so it makes no path known. */
  catchAll: boolean;
}

/** A Fastify route URL as a regular expression over request paths: `:param` is one segment, `*` the rest. */
function patternOf(url: string): RegExp {
  const body = url
    .split('/')
    .map((seg) =>
      seg
        .split(/(:[A-Za-z_][A-Za-z0-9_]*(?:\([^)]*\))?|\*)/)
        .map((part, i) => (i % 2 === 1 ? (part === '*' ? '.*' : '[^/]+') : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join(''),
    )
    .join('/');
  return new RegExp(`^${body}$`);
}

/**
 * Which methods each path takes, from every route as it is registered (onRoute, so routes that
 * plugins add later, such as a CORS preflight `OPTIONS *`, count too). The not-found handler
 * asks it: a known path with another method is 405 with `Allow`, an unknown path stays 404.
 */
function routeMethods(app: FastifyInstance): (path: string) => string[] {
  const routes: KnownRoute[] = [];
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat().map((m) => m.toUpperCase());
    routes.push({ pattern: patternOf(route.url ?? route.path), methods, catchAll: /^\/?\*$/.test(route.url ?? '') });
  });
  return (path) => {
    const matching = routes.filter((r) => r.pattern.test(path));
    if (!matching.some((r) => !r.catchAll)) return [];
    return [...new Set(matching.flatMap((r) => r.methods))].sort();
  };
}

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { mapError } from './error-map.ts';

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().describe('PS401, PS403, PS404, PS409, PS412, PS413, PS422, PS429, … (docs/error-codes.md)'),
      message: z.string(),
      field: z.string().optional().describe('the input field the error is about, when there is one'),
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
    return reply
      .code(m.status)
      .type('application/json; charset=utf-8')
      .send({ error: { code: m.code, message: m.message, ...(m.field ? { field: m.field } : {}), requestId: req.id } });
  });

  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({
      error: {
        code: 'PS404',
        message: `no route ${req.method} ${req.url.split('?')[0]!.slice(0, 200)}`,
        requestId: req.id,
      },
    }),
  );
}

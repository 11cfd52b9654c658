import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { createAuthenticator } from '../auth/authenticate.ts';
import type { ServerConfig } from '../config/index.ts';
import type { Database } from '../db/types.ts';
import { frameworkErrors, registerErrors } from '../http/errors.ts';
import { registerInputChecks } from '../http/inputs.ts';
import { serializerCompiler } from '../http/serializer.ts';
import { ApiRequestMeter } from '../revenue/usage/meter.ts';
import type { KeyRing } from '../vault/keyring.ts';
import { rateLimitKey, registerAuth } from './plugins/auth.ts';
import { registerCors } from './plugins/cors.ts';
import { createLogger, genReqId } from './plugins/logging.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import { ROUTE_MODULES, type RouteLoader } from './routes.ts';
import '../http/types.ts';
import './context.ts';

export interface BuildServerOptions {
  db: Database;
  config: ServerConfig;
  /** A pino logger (tests pass one writing to a captured stream); default: JSON on stdout. */
  logger?: Logger;
  /** Defaults to every module in src/server/routes.ts. */
  routes?: RouteLoader[];
  /** The vault's keys for the routes that seal or open secrets; default: PALISADE_VAULT_KEYS, or the embedded key file. */
  vaultRing?: KeyRing;
  /** How often counted API requests are written (src/revenue/usage/meter.ts); default 5 s. */
  meterFlushMs?: number;
}

/**
 * The HTTP API as a Fastify instance, not yet listening. It knows nothing of the CLI or of
 * where its database came from; the caller owns the database and closes it after `app.close()`.
 */
export async function buildServer({
  db,
  config,
  logger,
  routes = ROUTE_MODULES,
  vaultRing,
  meterFlushMs,
}: BuildServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; the cast keeps the instance type the plain default one.
    loggerInstance: (logger ?? createLogger(config.logLevel)) as FastifyBaseLogger,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    genReqId,
    requestIdHeader: false,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // Refuse prototype-poisoning payloads outright rather than stripping them.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    frameworkErrors,
  });
  // JSON only: a text/plain body is 415, not a string for the validator to puzzle over.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const meter = new ApiRequestMeter(db, { flushMs: meterFlushMs, log: app.log }).start();
  app.decorate('palisade', {
    db,
    config,
    authenticate: createAuthenticator(db, config.auth),
    meter,
    ...(vaultRing ? { vaultRing } : {}),
  });
  // The last counts go to the database before the caller closes it.
  app.addHook('onClose', () => meter.stop());

  // While shutting down, in-flight responses ask their client to hang up, so kept-alive
  // connections do not hold the close open until their keep-alive timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_req, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  registerErrors(app);
  // Before authentication and rate limiting: a preflight carries no credential (plugins/cors.ts).
  await registerCors(app, config.corsOrigins);
  registerAuth(app);
  registerInputChecks(app);
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimit.max,
    timeWindow: config.rateLimit.timeWindowMs,
    keyGenerator: rateLimitKey,
    errorResponseBuilder: (_req, ctx) =>
      Object.assign(new Error(`too many requests: retry in ${ctx.after}`), { statusCode: ctx.statusCode }),
  });
  await registerOpenApi(app);
  for (const load of routes) {
    const mod = await load();
    await app.register(mod.default);
  }
  return app;
}

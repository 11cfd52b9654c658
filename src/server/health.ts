import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteModule } from '../http/types.ts';
import { migrationStatus } from '../migrations/runner.ts';

const Health = z.object({ status: z.literal('ok') });
const Ready = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.enum(['ok', 'unreachable']),
  migrations: z.object({ applied: z.number().int(), pending: z.number().int() }).nullable(),
  reason: z.string().optional(),
});

/** Liveness and readiness, for orchestrators: public, not rate limited, no tenant data. */
const routes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/healthz',
    {
      config: { auth: 'public', rateLimit: false },
      schema: { tags: ['health'], operationId: 'getHealth', summary: 'The process is up', response: { 200: Health } },
    },
    async () => ({ status: 'ok' as const }),
  );

  r.get(
    '/readyz',
    {
      config: { auth: 'public', rateLimit: false },
      schema: {
        operationId: 'getReadiness',
        tags: ['health'],
        summary: 'The database is reachable and every migration this code knows is applied',
        response: { 200: Ready, 503: Ready },
      },
    },
    async (req, reply) => {
      const { db } = app.palisade;
      try {
        await db.query('select 1');
      } catch (err) {
        req.log.error({ err }, 'readiness: database unreachable');
        return reply.code(503).send({
          status: 'not_ready',
          database: 'unreachable',
          migrations: null,
          reason: 'the database cannot be reached',
        });
      }
      try {
        const s = await migrationStatus(db);
        const migrations = { applied: s.applied.length, pending: s.pending.length };
        if (s.pending.length > 0) {
          return reply.code(503).send({
            status: 'not_ready',
            database: 'ok',
            migrations,
            reason: `${s.pending.length} migration(s) pending: run palisade migrate`,
          });
        }
        return { status: 'ready' as const, database: 'ok' as const, migrations };
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === '42501' || code === '3F000') {
          // The login role cannot read the ledger: say which privilege, not that the schema is wrong.
          req.log.error({ err }, 'readiness: the database role cannot read the migration ledger');
          return reply.code(503).send({
            status: 'not_ready',
            database: 'ok',
            migrations: null,
            reason:
              "the server's database role lacks USAGE on schema palisade_meta or SELECT on palisade_meta.migrations: the migrations grant both to the login role named by PALISADE_LOGIN_ROLE (default palisade_login); connect as that role, or migrate with PALISADE_LOGIN_ROLE set to the role you connect as",
          });
        }
        req.log.error({ err }, 'readiness: migrations do not match this code');
        return reply.code(503).send({
          status: 'not_ready',
          database: 'ok',
          migrations: null,
          reason: 'the applied migrations do not match this code',
        });
      }
    },
  );
};

export default routes;

import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ADMIN_AUDIENCE, ADMIN_TOKEN_MAX_TTL_SECONDS } from '../config/auth.ts';
import { recordAdminAction } from '../db/admin-actions.ts';
import { forbidden } from '../errors/error.ts';
import { decodeCursor, PageQuery, page, pageOf } from '../http/pagination.ts';
import { run, transactionAs } from '../http/run.ts';
import { isoRequired, Timestamp, Uuid } from '../http/schemas.ts';
import type { RouteModule } from '../http/types.ts';
import { listAllOrgs } from '../tenancy/queries/organisations.ts';
import { Organisation, toOrganisation } from '../tenancy/routes/orgs.ts';
import { mintAdminToken } from './admin-token.ts';
import { isPlatformAdmin, listPlatformAdmins } from './admins.ts';

const AdminTokenResponse = z.object({
  token: z.string().describe('send as Authorization: Bearer …; it alone grants platform-admin rights'),
  token_type: z.literal('Bearer'),
  audience: z.literal(ADMIN_AUDIENCE),
  expires_at: Timestamp,
  expires_in: z.number().int().describe('seconds'),
});

const PlatformAdmin = z
  .object({
    user_id: Uuid,
    email: z.string().nullable().describe('from the identity provider; null when it has none for this person'),
    note: z.string().nullable(),
    created_at: Timestamp,
  })
  .meta({ id: 'PlatformAdmin' });

/**
 * Platform administration. Admin rights come only from an admin token: a short-lived (≤15 min)
 * token with its own audience, signed with a key no identity provider holds, minted here for a
 * person listed in platform.admins, and re-checked against that list on every request.
 * Other modules add their /v1/admin/… routes with `config: { auth: 'admin' }`.
 */
const routes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin'];

  r.post(
    '/v1/admin/token',
    {
      config: { auth: 'user' },
      schema: {
        operationId: 'createAdminToken',
        tags,
        summary: 'Exchange my user token for a short-lived admin token (platform admins only); the minting is recorded',
        body: z
          .object({ ttl_seconds: z.number().int().min(60).max(ADMIN_TOKEN_MAX_TTL_SECONDS).optional() })
          .strict()
          .nullish(),
        response: { 201: AdminTokenResponse },
      },
    },
    async (req, reply) => {
      const p = req.principal;
      if (p.kind !== 'user') throw forbidden('this needs a user token');
      const { db, config } = app.palisade;
      if (!(await isPlatformAdmin(db, p.userId))) {
        req.log.warn({ userId: p.userId }, 'admin token refused: not a platform admin');
        throw forbidden('you are not a platform admin');
      }
      const minted = await mintAdminToken(config.auth, p, req.body?.ttl_seconds ?? config.auth.adminTokenTtlSeconds);
      // Recorded as the admin it makes them, in a transaction of its own: no record, no token.
      try {
        await transactionAs(
          req,
          { kind: 'platform_admin', userId: p.userId, ...(p.email ? { email: p.email } : {}) },
          (tx) =>
            recordAdminAction(tx, {
              orgId: null,
              action: 'admin_token.mint',
              targetTable: 'platform.admins',
              targetId: p.userId,
              details: { jti: minted.jti, expires_at: minted.expiresAt.toISOString(), ttl_seconds: minted.ttlSeconds },
              requestId: req.id,
            }),
        );
      } catch (err) {
        // The caller gets the generic 403; the operator needs the cause, which is the deployment's
        // (the login role is not granted platform_admin), not the caller's. No token or claims here.
        const e = err as { code?: unknown; message?: unknown };
        if (e?.code === '42501' && typeof e.message === 'string' && /permission denied to set role/.test(e.message)) {
          req.log.error(
            { userId: p.userId, sqlstate: e.code, cause: e.message },
            'admin token refused: the database login role cannot switch to platform_admin (grant it: docs/server.md)',
          );
        }
        throw err;
      }
      req.log.info({ jti: minted.jti, ttlSeconds: minted.ttlSeconds }, 'admin token minted');
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({
          token: minted.token,
          token_type: 'Bearer' as const,
          audience: ADMIN_AUDIENCE,
          expires_at: minted.expiresAt.toISOString(),
          expires_in: minted.ttlSeconds,
        });
    },
  );

  r.get(
    '/v1/admin/orgs',
    {
      config: { auth: 'admin' },
      schema: {
        operationId: 'listAllOrgs',
        tags,
        summary: 'Every organisation on the platform',
        querystring: PageQuery,
        response: { 200: pageOf(Organisation) },
      },
    },
    async (req) => {
      const cursor = decodeCursor(req.query.cursor);
      const rows = await run(req, (tx) => listAllOrgs(tx, cursor, req.query.limit));
      return page(
        rows,
        req.query.limit,
        (o) => o.id,
        (o) => toOrganisation(req, o),
      );
    },
  );

  r.get(
    '/v1/admin/admins',
    {
      config: { auth: 'admin' },
      schema: {
        operationId: 'listAdmins',
        tags,
        summary: 'Who the platform admins are (added and removed with `palisade admins`, never through the API)',
        response: { 200: z.object({ data: z.array(PlatformAdmin) }) },
      },
    },
    async (req) => {
      const rows = await run(req, (tx) => listPlatformAdmins(tx));
      return {
        data: rows.map((a) => ({
          user_id: a.user_id,
          email: a.email,
          note: a.note,
          created_at: isoRequired(a.created_at),
        })),
      };
    },
  );
};

export default routes;

import { decodeJwt } from 'jose';
import { beforeAll, expect, it } from 'vitest';
import { ADMIN_AUDIENCE } from '../config/auth.ts';
import { withPrincipal } from '../db/principal.ts';
import { DEMO } from '../seed/ids.ts';
import { bearer, json, userToken, useServer } from '../server/testing.ts';
import { describeEngines } from '../testing/engines.ts';
import { addPlatformAdmin, listPlatformAdmins, removePlatformAdmin } from './admins.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
const OP = DEMO.platformAdmin;

interface ActionRow {
  org_id: string;
  actor_id: string | null;
  actor_role: string;
  action: string;
  target_table: string | null;
  target_id: string | null;
  details: Record<string, unknown> | null;
  request_id: string | null;
}

describeEngines(
  'platform admins: short-lived admin tokens, the only source of admin rights, every use recorded',
  (ctx) => {
    const server = useServer(ctx);
    let opUser: Record<string, string>;
    beforeAll(async () => {
      opUser = bearer(await userToken(OP.id, { email: OP.email }));
    });
    const actions = async (where: string, params: unknown[]) =>
      (
        await ctx.db.query<ActionRow>(
          `select org_id, actor_id, actor_role, action, target_table, target_id, details, request_id from public.admin_actions where ${where} order by seq`,
          params,
        )
      ).rows;
    async function adminToken(ttl_seconds?: number) {
      const res = await server.inject({
        method: 'POST',
        url: '/v1/admin/token',
        headers: opUser,
        ...(ttl_seconds ? { payload: { ttl_seconds } } : {}),
      });
      expect(res.statusCode, res.body).toBe(201);
      return { body: json(res), res };
    }

    it('a listed platform admin exchanges a user token for an admin token with its own audience, living at most 15 minutes', async () => {
      const { body, res } = await adminToken();
      expect(res.headers['cache-control']).toBe('no-store');
      expect(body).toMatchObject({ token_type: 'Bearer', audience: ADMIN_AUDIENCE, expires_in: 900 });
      const claims = decodeJwt(body.token);
      expect(claims.aud).toBe(ADMIN_AUDIENCE);
      expect(claims.sub).toBe(OP.id);
      expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(900);
      const short = await adminToken(120);
      expect(short.body.expires_in).toBe(120);
      const tooLong = await server.inject({
        method: 'POST',
        url: '/v1/admin/token',
        headers: opUser,
        payload: { ttl_seconds: 3600 },
      });
      expect(json(tooLong).error).toMatchObject({ code: 'PS422', field: 'ttl_seconds' });
    });

    it('minting is recorded in the platform-wide admin_actions chain with the token id and request id', async () => {
      const { body, res } = await adminToken();
      const jti = decodeJwt(body.token).jti;
      const rows = await actions(`action = 'admin_token.mint' and request_id = $1`, [res.headers['x-request-id']]);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        actor_id: OP.id,
        actor_role: 'platform_admin',
        target_table: 'platform.admins',
        target_id: OP.id,
      });
      expect(rows[0]!.details).toMatchObject({ jti });
    });

    it('people not listed, API keys and admin tokens themselves cannot mint admin tokens', async () => {
      for (const sub of [A.users.owner.id, DEMO.loner.id]) {
        const res = await server.inject({
          method: 'POST',
          url: '/v1/admin/token',
          headers: bearer(await userToken(sub, { is_platform_admin: true })),
        });
        expect(res.statusCode).toBe(403);
      }
      const { body } = await adminToken();
      expect(
        (await server.inject({ method: 'POST', url: '/v1/admin/token', headers: bearer(body.token) })).statusCode,
      ).toBe(403);
      const key = json(
        await server.inject({
          method: 'POST',
          url: `/v1/orgs/${A.id}/api-keys`,
          headers: bearer(await userToken(A.users.owner.id)),
          payload: { name: 'k', role: 'admin' },
        }),
      ).key;
      expect(
        (await server.inject({ method: 'POST', url: '/v1/admin/token', headers: { 'x-api-key': key } })).statusCode,
      ).toBe(403);
    });

    it('an admin token reads every organisation and the admin registry; the same person with a user token cannot', async () => {
      const { body } = await adminToken();
      const orgs = json(
        await server.inject({ method: 'GET', url: '/v1/admin/orgs?limit=100', headers: bearer(body.token) }),
      );
      expect(orgs.data.map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining([A.id, B.id]));
      expect(
        (await server.inject({ method: 'GET', url: `/v1/orgs/${B.id}`, headers: bearer(body.token) })).statusCode,
      ).toBe(200);
      const admins = json(await server.inject({ method: 'GET', url: '/v1/admin/admins', headers: bearer(body.token) }));
      expect(admins.data).toContainEqual(expect.objectContaining({ user_id: OP.id, email: OP.email }));
      expect((await server.inject({ method: 'GET', url: '/v1/admin/orgs', headers: opUser })).statusCode).toBe(403);
      expect((await server.inject({ method: 'GET', url: `/v1/orgs/${B.id}`, headers: opUser })).statusCode).toBe(404);
    });

    it('every admin write is recorded in the tenant admin_actions chain, in the same transaction; reads are not', async () => {
      const { body } = await adminToken();
      const res = await server.inject({
        method: 'PATCH',
        url: `/v1/orgs/${B.id}`,
        headers: bearer(body.token),
        payload: { name: 'Globex (support edit)' },
      });
      expect(res.statusCode, res.body).toBe(200);
      // The API action, beside the row change the audit triggers chain with the same request id.
      const all = await actions('request_id = $1', [res.headers['x-request-id']]);
      const rows = all.filter((r) => r.action.startsWith('PATCH '));
      expect(rows).toEqual([
        expect.objectContaining({
          org_id: B.id,
          actor_id: OP.id,
          actor_role: 'platform_admin',
          action: 'PATCH /v1/orgs/:orgId',
          target_table: 'public.organisations',
          target_id: B.id,
        }),
      ]);
      expect(rows[0]!.details).toMatchObject({ fields: ['name'] });
      expect(JSON.stringify(rows[0]!.details)).not.toContain('Globex (support edit)');
      expect(all.every((r) => r.org_id === B.id && r.actor_id === OP.id)).toBe(true);
      const read = await server.inject({ method: 'GET', url: `/v1/orgs/${B.id}/members`, headers: bearer(body.token) });
      expect(await actions('request_id = $1', [read.headers['x-request-id']])).toEqual([]);
      // A refused admin write leaves no record: the transaction rolled back with it.
      const refused = await server.inject({
        method: 'PATCH',
        url: `/v1/orgs/${B.id}`,
        headers: bearer(body.token),
        payload: { slug: A.slug },
      });
      expect(refused.statusCode).toBe(409);
      expect(await actions('request_id = $1', [refused.headers['x-request-id']])).toEqual([]);
    });

    it('an admin token stops working as soon as its holder is removed from platform.admins', async () => {
      const { body } = await adminToken();
      expect(
        (await server.inject({ method: 'GET', url: '/v1/admin/orgs', headers: bearer(body.token) })).statusCode,
      ).toBe(200);
      await withPrincipal(ctx.db, { kind: 'service' }, (tx) => removePlatformAdmin(tx, OP.id));
      try {
        const res = await server.inject({ method: 'GET', url: '/v1/admin/orgs', headers: bearer(body.token) });
        expect(res.statusCode).toBe(401);
        expect((await server.inject({ method: 'POST', url: '/v1/admin/token', headers: opUser })).statusCode).toBe(403);
      } finally {
        await withPrincipal(ctx.db, { kind: 'service' }, (tx) => addPlatformAdmin(tx, OP.id, 'restored'));
      }
    });

    it('operators list the admins with their emails; no tenant principal can, even by calling the function', async () => {
      for (const principal of [{ kind: 'platform_admin' as const, userId: OP.id }, { kind: 'service' as const }]) {
        const rows = await withPrincipal(ctx.db, principal, (tx) => listPlatformAdmins(tx));
        expect(rows).toContainEqual(expect.objectContaining({ user_id: OP.id, email: OP.email }));
      }
      for (const principal of [
        { kind: 'user' as const, userId: A.users.owner.id },
        { kind: 'anonymous' as const },
        { kind: 'api_key' as const, keyId: A.apiKeys.admin, orgId: A.id, role: 'admin' as const },
      ]) {
        const err = await withPrincipal(ctx.db, principal, (tx) => listPlatformAdmins(tx)).then(
          () => null,
          (e: { code?: string }) => e,
        );
        expect(err?.code).toBe('42501');
      }
    });

    it('only the service can change the registry: platform admins and tenants cannot', async () => {
      for (const principal of [
        { kind: 'platform_admin' as const, userId: OP.id },
        { kind: 'user' as const, userId: A.users.owner.id },
      ]) {
        const err = await withPrincipal(ctx.db, principal, (tx) => addPlatformAdmin(tx, DEMO.loner.id, null)).then(
          () => null,
          (e: { code?: string }) => e,
        );
        expect(err?.code).toBe('42501');
      }
      expect(
        await withPrincipal(ctx.db, { kind: 'service' }, (tx) => addPlatformAdmin(tx, DEMO.loner.id, 'test')),
      ).toBe(true);
      expect(await withPrincipal(ctx.db, { kind: 'service' }, (tx) => removePlatformAdmin(tx, DEMO.loner.id))).toBe(
        true,
      );
    });
  },
);

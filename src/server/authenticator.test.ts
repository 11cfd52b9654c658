import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPostgres } from '../db/postgres.ts';
import type { Database } from '../db/types.ts';
import { DEMO } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';
import { adminQuery } from '../testing/template.ts';
import { buildServer } from './app.ts';
import { bearer, json, testConfig, userToken } from './testing.ts';

const A = DEMO.orgs.a;

/**
 * Production runs the server as a login role that owns nothing (docs/server.md): here a throwaway
 * login role that is a member of `palisade_login`, exactly what `palisade_login` itself may do.
 * Server only: PGlite has a single owner session.
 */
describeEngines('the server connected as a login role that owns nothing (palisade_login)', (ctx) => {
  const role = `palisade_t_login_${randomBytes(3).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  let db: Database | undefined;
  let app: Awaited<ReturnType<typeof buildServer>> | undefined;

  beforeAll(async () => {
    if (ctx.engine !== 'postgres') return;
    const admin = new URL(ctx.url!);
    await adminQuery(admin.toString(), `create role ${role} login password '${password}'`);
    await adminQuery(admin.toString(), `grant palisade_login to ${role}`);
    const url = new URL(ctx.url!);
    url.username = role;
    url.password = password;
    db = openPostgres({ url: url.toString(), max: 4 });
    app = await buildServer({ db, config: testConfig() });
  });

  afterAll(async () => {
    if (ctx.engine !== 'postgres') return;
    await app?.close();
    await db?.close();
    await adminQuery(ctx.url!, `drop owned by ${role}`).catch(() => {});
    await adminQuery(ctx.url!, `drop role if exists ${role}`);
  });

  it.skipIf(ctx.engine !== 'postgres')(
    'a statement that forgets to switch role touches nothing (server engine only: PGlite has no login roles)',
    async () => {
      for (const sql of [
        'select * from public.organisations',
        'select * from public.api_keys',
        'select * from auth.users',
        'select * from platform.admins',
      ]) {
        const err = await db!.query(sql).then(
          () => null,
          (e: { code?: string }) => e,
        );
        expect(err?.code, sql).toBe('42501');
      }
    },
  );

  it.skipIf(ctx.engine !== 'postgres')(
    'serves users, API keys, admin tokens and readiness through the API roles alone (server engine only: PGlite has no login roles)',
    async () => {
      expect(json(await app!.inject({ method: 'GET', url: '/readyz' })).status).toBe('ready');
      const owner = bearer(await userToken(A.users.owner.id, { email: A.users.owner.email }));
      expect(
        json(await app!.inject({ method: 'GET', url: '/v1/orgs', headers: owner })).data.map(
          (o: { id: string }) => o.id,
        ),
      ).toEqual([A.id]);
      const newcomer = bearer(await userToken('2a8e7f6d-5c4b-4a39-8d2e-1f0a9b8c7d6e', { email: 'auth@example.test' }));
      expect(
        (
          await app!.inject({
            method: 'POST',
            url: '/v1/orgs',
            headers: newcomer,
            payload: { name: 'Via the login role' },
          })
        ).statusCode,
      ).toBe(201);
      const created = json(
        await app!.inject({
          method: 'POST',
          url: `/v1/orgs/${A.id}/api-keys`,
          headers: owner,
          payload: { name: 'auth', role: 'viewer' },
        }),
      );
      expect(
        (
          await app!.inject({
            method: 'GET',
            url: `/v1/orgs/${A.id}/workspaces`,
            headers: { 'x-api-key': created.key },
          })
        ).statusCode,
      ).toBe(200);
      const admin = await app!.inject({
        method: 'POST',
        url: '/v1/admin/token',
        headers: bearer(await userToken(DEMO.platformAdmin.id)),
      });
      expect(admin.statusCode, admin.body).toBe(201);
      expect(
        (await app!.inject({ method: 'GET', url: '/v1/admin/orgs', headers: bearer(json(admin).token) })).statusCode,
      ).toBe(200);
    },
  );
});

describeEngines('optimistic concurrency under real concurrency', (ctx) => {
  it.skipIf(ctx.engine !== 'postgres')(
    'two simultaneous updates with the same If-Match: exactly one wins, the other gets 412 (server engine only: PGlite has no login roles)',
    async () => {
      const app = await buildServer({ db: ctx.db, config: testConfig() });
      try {
        const owner = bearer(await userToken(A.users.owner.id));
        const url = `/v1/orgs/${A.id}/workspaces/${A.workspace}`;
        for (let round = 0; round < 5; round++) {
          const etag = (await app.inject({ method: 'GET', url, headers: owner })).headers.etag as string;
          const results = await Promise.all(
            ['left', 'right'].map((side) =>
              app.inject({
                method: 'PATCH',
                url,
                headers: { ...owner, 'if-match': etag },
                payload: { description: `${side} ${round}` },
              }),
            ),
          );
          expect(results.map((r) => r.statusCode).sort()).toEqual([200, 412]);
        }
      } finally {
        await app.close();
      }
    },
  );
});

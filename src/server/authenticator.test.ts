import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPostgres } from '../db/postgres.ts';
import type { Database } from '../db/types.ts';
import { DEMO_REGISTRY } from '../platform/seed.ts';
import { startWorkflowWorker } from '../runtime/worker.ts';
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

  it.skipIf(ctx.engine !== 'postgres')(
    'workers on the login role: the queue refuses to start without the owner, and with the owner keeping its tables a step runs as the service role (server engine only: PGlite has no login roles)',
    async () => {
      const log = { info: () => {}, warn: () => {} };
      await expect(startWorkflowWorker(db!, { publicUrl: 'http://127.0.0.1:1', log })).rejects.toThrow(
        /permission denied/,
      );
      // A workflow of one step whose type calls nothing (email.send 1.0.0), run as the owner made it.
      const R = DEMO_REGISTRY.org(A);
      const one = async (sql: string, params: unknown[]) =>
        (await ctx.db.query<{ id: string }>(sql, params)).rows[0]!.id;
      const def = await one(
        `insert into public.workflow_defs (org_id, name, published_at) values ($1, 'Login-role run', now()) returning id`,
        [A.id],
      );
      await ctx.db.query(
        `insert into public.workflow_def_steps (org_id, workflow_def_id, position, install_id, config)
         values ($1, $2, 1, $3, '{"to": "ops@example.test"}')`,
        [A.id, def, R.emailInstall],
      );
      const runId = await one(
        'insert into public.workflow_runs (org_id, workflow_def_id) values ($1, $2) returning id',
        [A.id, def],
      );
      const worker = await startWorkflowWorker(db!, { publicUrl: 'http://127.0.0.1:1', log, queueDb: ctx.db });
      try {
        await worker.runner.queueRun(A.id, runId);
        let status = '';
        for (let i = 0; i < 100 && status !== 'succeeded'; i++) {
          await new Promise((r) => setTimeout(r, 100));
          status = (
            await ctx.db.query<{ status: string }>(
              'select status from public.workflow_runs where org_id = $1 and id = $2',
              [A.id, runId],
            )
          ).rows[0]!.status;
        }
        expect(status).toBe('succeeded');
      } finally {
        await worker.stop(2_000);
      }
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

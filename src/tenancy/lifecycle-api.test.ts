/**
 * Organisation lifecycle as clients and operators meet it: the HTTP routes (delete, list deleted,
 * restore) and `palisade orgs purge`, then `palisade audit anchor|verify` on the purged organisation.
 */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { generateSigningKeyValue } from '../audit/keys.ts';
import { withPrincipal } from '../db/principal.ts';
import { DEMO } from '../seed/ids.ts';
import { bearer, json, userToken, useServer } from '../server/testing.ts';
import { palisade, useCliDatabase } from '../testing/cli.ts';
import { describeEngines } from '../testing/engines.ts';

const A = DEMO.orgs.a;
const SLOW = 180_000;

describeEngines('organisation lifecycle over HTTP', (ctx) => {
  const server = useServer(ctx);
  const call = (method: string, url: string, headers: Record<string, string>, extra: Record<string, string> = {}) =>
    server.inject({ method: method as 'GET', url, headers: { ...headers, ...extra } });
  const status = (res: LightMyRequestResponse, expected: number) => {
    expect(res.statusCode, res.body).toBe(expected);
    return json(res);
  };

  it('an owner deletes (If-Match honoured), the organisation leaves GET /v1/orgs, is listed as deleted, and is restored', async () => {
    const id = randomUUID();
    const me = bearer(await userToken(id, { email: `lifecycle-${id}@example.test` }));
    const created = await server.inject({
      method: 'POST',
      url: '/v1/orgs',
      headers: me,
      payload: { name: 'Short-lived' },
    });
    const org = status(created, 201).id as string;
    status(await call('DELETE', `/v1/orgs/${org}`, me, { 'if-match': '"1"' }), 412);
    const deleted = status(
      await call('DELETE', `/v1/orgs/${org}`, me, { 'if-match': created.headers.etag as string }),
      200,
    );
    expect(deleted).toMatchObject({ id: org, name: 'Short-lived' });
    expect(Date.parse(deleted.purge_after)).toBeGreaterThan(Date.parse(deleted.deleted_at));
    expect(status(await call('GET', '/v1/orgs', me), 200).data).toEqual([]);
    status(await call('GET', `/v1/orgs/${org}`, me), 404);
    status(await call('DELETE', `/v1/orgs/${org}`, me), 404);
    expect(status(await call('GET', '/v1/me/deleted-orgs', me), 200).data.map((o: { id: string }) => o.id)).toEqual([
      org,
    ]);
    const restored = status(await call('POST', `/v1/orgs/${org}/restore`, me), 200);
    expect(restored).toMatchObject({ id: org, deleted_at: null, purge_after: null });
    status(await call('GET', `/v1/orgs/${org}`, me), 200);
    status(await call('POST', `/v1/orgs/${org}/restore`, me), 409);
  });

  it('admins cannot delete (403), strangers get 404, and the operations are in /openapi.json', async () => {
    const admin = bearer(await userToken(A.users.admin.id, { email: A.users.admin.email }));
    const loner = bearer(await userToken(DEMO.loner.id, { email: DEMO.loner.email }));
    status(await call('DELETE', `/v1/orgs/${A.id}`, admin), 403);
    status(await call('DELETE', `/v1/orgs/${A.id}`, loner), 404);
    status(await call('POST', `/v1/orgs/${A.id}/restore`, admin), 404);
    const spec = status(await call('GET', '/openapi.json', {}), 200);
    expect(spec.paths['/v1/orgs/{orgId}'].delete.operationId).toBe('deleteOrg');
    expect(spec.paths['/v1/orgs/{orgId}/restore'].post.operationId).toBe('restoreOrg');
    expect(spec.paths['/v1/me/deleted-orgs'].get.operationId).toBe('listDeletedOrgs');
  });
});

describeEngines('palisade orgs purge (CLI)', (ctx) => {
  const cliDb = useCliDatabase(ctx);
  const signingKey = generateSigningKeyValue();
  const env = (): NodeJS.ProcessEnv =>
    ctx.engine === 'postgres' ? { ...cliDb.env, PALISADE_AUDIT_SIGNING_KEY: signingKey } : cliDb.env;

  it(
    'lists due organisations on --dry-run, purges them, and the purged chains still verify against their anchors',
    async () => {
      const owner = A.users.owner.id;
      const org = await cliDb.withDb(async (db) => {
        const { rows } = await withPrincipal(db, { kind: 'user', userId: owner }, async (tx) => {
          const r = await tx.query<{ id: string }>(`select public.create_organisation('Purge me') as id`);
          await tx.query(`select public.create_workspace($1, 'Second')`, [r.rows[0]!.id]);
          await tx.query('select public.delete_organisation($1)', [r.rows[0]!.id]);
          return r;
        });
        return rows[0]!.id;
      });
      expect((await palisade(['orgs', 'purge', '--dry-run', '--json'], env())).stdout).toContain('"due": []');
      await cliDb.withDb((db) => db.query('update public.organisations set purge_after = now() where id = $1', [org]));
      const anchored = await palisade(['audit', 'anchor', '--org', org], env());
      expect(anchored.code, anchored.stderr).toBe(0);
      const dry = await palisade(['orgs', 'purge', '--dry-run'], env());
      expect(dry).toMatchObject({ code: 0, stdout: expect.stringContaining(`due: Purge me (${org})`) });
      const bad = await palisade(['orgs', 'purge', '--org', 'nope'], env());
      expect(bad.code).toBe(2);
      const purged = await palisade(['orgs', 'purge', '--org', org, '--json'], env());
      expect(purged.code, purged.stderr).toBe(0);
      expect(JSON.parse(purged.stdout).purged).toEqual([org]);
      const left = await cliDb.withDb(async (db) => ({
        orgs: (await db.query('select 1 from public.organisations where id = $1', [org])).rows.length,
        workspaces: (await db.query('select 1 from public.workspaces where org_id = $1', [org])).rows.length,
        anchors: (await db.query('select 1 from palisade_audit.anchors where org_id = $1', [org])).rows.length,
        purgedEntry: (
          await db.query(`select 1 from public.audit_log where org_id = $1 and action = 'org.purged'`, [org])
        ).rows.length,
      }));
      expect(left).toEqual({ orgs: 0, workspaces: 0, anchors: expect.any(Number), purgedEntry: 1 });
      expect(left.anchors).toBeGreaterThan(0);
      const verified = await palisade(['audit', 'verify', '--org', org], env());
      expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    },
    SLOW,
  );
});

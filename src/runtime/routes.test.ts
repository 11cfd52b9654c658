import { randomBytes } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { DEMO_REGISTRY } from '../platform/seed.ts';
import { DEMO } from '../seed/ids.ts';
import { json, userToken, useServer } from '../server/testing.ts';
import { describeEngines } from '../testing/engines.ts';
import { KeyRing } from '../vault/keyring.ts';
import { runRoutes } from './routes.ts';
import { DEMO_RUNS } from './seed.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
const R = DEMO_REGISTRY.org(A);

describeEngines('HTTP workflow runs: start, read, cancel, re-run, signing keys', (ctx) => {
  const server = useServer(ctx, () => ({
    routes: [
      () => import('../platform/routes.ts'),
      async () => ({ default: runRoutes({ ring: new KeyRing([{ id: 'runs', key: randomBytes(32) }]) }) }),
    ],
  }));
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    for (const [name, id] of Object.entries({
      owner: A.users.owner.id,
      admin: A.users.admin.id,
      member: A.users.member.id,
      viewer: A.users.viewer.id,
      ownerB: B.users.owner.id,
    }))
      tokens[name] = await userToken(id);
  });
  const call = (who: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    server.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens[who]}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const start = (who: string, input: unknown = {}) =>
    call(who, 'POST', `/v1/orgs/${A.id}/workflow-defs/${R.workflow}/runs`, { input });

  it('a member starts a run: pending, its steps copied from the definition; a viewer cannot; B sees none of it', async () => {
    const res = await start('member');
    expect(res.statusCode, res.body).toBe(201);
    const run = json(res);
    expect(run).toMatchObject({ status: 'pending', workflow_def_id: R.workflow, error: null });
    expect(run.steps).toMatchObject([{ position: 1, status: 'pending', attempt: 0, step_type_key: 'http.request' }]);
    expect(res.headers.location).toBe(`/v1/orgs/${A.id}/workflow-runs/${run.id}`);
    expect(json(await call('viewer', 'GET', `/v1/orgs/${A.id}/workflow-runs/${run.id}`)).id).toBe(run.id);
    const refused = await start('viewer');
    expect(refused.statusCode).toBe(403);
    expect((await call('ownerB', 'GET', `/v1/orgs/${A.id}/workflow-runs/${run.id}`)).statusCode).toBe(404);
    const listed = json(await call('member', 'GET', `/v1/orgs/${A.id}/workflow-runs?status=pending&limit=100`));
    expect(listed.data.map((r: { id: string }) => r.id)).toContain(run.id);
  });

  it('the input must satisfy the workflow’s input schema, named in the error', async () => {
    const schema = { type: 'object', properties: { vendor: { type: 'string', minLength: 2 } }, required: ['vendor'] };
    const def = json(
      await call('member', 'POST', `/v1/orgs/${A.id}/workflow-defs`, {
        name: `Schema-bound ${randomBytes(3).toString('hex')}`,
        input_schema: schema,
        steps: [{ install_id: R.httpInstall, config: { url: 'https://example.org/v' } }],
      }),
    );
    expect(def).toMatchObject({ input_schema: schema, published_at: null });
    const url = `/v1/orgs/${A.id}/workflow-defs/${def.id}/runs`;
    const draft = await call('member', 'POST', url, { input: { vendor: 'Acme' } });
    expect(json(draft).error).toMatchObject({ code: 'PS409', field: 'workflow_def_id' });
    expect(json(draft).error.message).toMatch(/publish/);
    const publish = `/v1/orgs/${A.id}/workflow-defs/${def.id}/publish`;
    expect((await call('viewer', 'POST', publish)).statusCode).toBe(403);
    const published = json(await call('member', 'POST', publish));
    expect(published.published_at).toEqual(expect.any(String));
    expect(json(await call('member', 'POST', publish)).published_at).toBe(published.published_at);
    const bad = await call('member', 'POST', url, { input: { vendor: 'x' } });
    expect(bad.statusCode).toBe(422);
    expect(json(bad).error).toMatchObject({ code: 'PS422', field: 'input' });
    expect(json(bad).error.message).toMatch(/vendor/);
    expect((await call('member', 'POST', url, { input: { vendor: 'Acme' } })).statusCode).toBe(201);
    const badSchema = await call('member', 'POST', `/v1/orgs/${A.id}/workflow-defs`, {
      name: 'Bad schema',
      input_schema: { type: 'object', patternProperties: {} },
    });
    expect(json(badSchema).error).toMatchObject({ code: 'PS422', field: 'input_schema' });
    const empty = json(await call('member', 'POST', `/v1/orgs/${A.id}/workflow-defs`, { name: 'No steps yet' }));
    await call('member', 'POST', `/v1/orgs/${A.id}/workflow-defs/${empty.id}/publish`);
    const none = await call('member', 'POST', `/v1/orgs/${A.id}/workflow-defs/${empty.id}/runs`, {});
    expect(json(none).error).toMatchObject({ code: 'PS422', field: 'workflow_def_id' });
  });

  it('cancel ends a pending run and its steps once; a finished run is a conflict; a viewer is refused', async () => {
    const run = json(await start('member'));
    const url = `/v1/orgs/${A.id}/workflow-runs/${run.id}/cancel`;
    expect((await call('viewer', 'POST', url)).statusCode).toBe(403);
    const cancelled = await call('member', 'POST', url);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(json(cancelled)).toMatchObject({ status: 'cancelled', cancelled_by: A.users.member.id });
    expect(json(cancelled).steps.map((s: { status: string }) => s.status)).toEqual(['cancelled']);
    expect(json(cancelled).finished_at).toEqual(expect.any(String));
    expect(json(await call('member', 'POST', url)).error).toMatchObject({ code: 'PS409', field: 'run_id' });
    const demo = `/v1/orgs/${A.id}/workflow-runs/${DEMO_RUNS.org(A).run}/cancel`;
    expect((await call('member', 'POST', demo)).statusCode).toBe(409);
  });

  it('a step that has not failed cannot be re-run; a step of another run is not found', async () => {
    const run = json(await start('member'));
    const other = json(await start('member'));
    const retry = (runId: string, stepId: string) =>
      call('member', 'POST', `/v1/orgs/${A.id}/workflow-runs/${runId}/steps/${stepId}/retry`);
    expect(json(await retry(run.id, run.steps[0].id)).error).toMatchObject({ code: 'PS409' });
    await call('member', 'POST', `/v1/orgs/${A.id}/workflow-runs/${other.id}/cancel`);
    expect((await retry(run.id, other.steps[0].id)).statusCode).toBe(409);
  });

  it('owners and admins make a signing key, shown once; the previous one is named; members cannot', async () => {
    const url = `/v1/orgs/${A.id}/step-type-installs/${R.httpInstall}/signing-key`;
    expect((await call('member', 'POST', url)).statusCode).toBe(403);
    const first = await call('admin', 'POST', url);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['cache-control']).toBe('no-store');
    const k1 = json(first);
    expect(k1.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const k2 = json(await call('owner', 'POST', url));
    expect(k2.previous_key_id).toBe(k1.key_id);
    expect(k2.secret).not.toBe(k1.secret);
    const install = json(await call('viewer', 'GET', `/v1/orgs/${A.id}/step-type-installs/${R.httpInstall}`));
    expect(JSON.stringify(install)).not.toContain(k2.secret);
    expect((await call('ownerB', 'POST', url)).statusCode).toBe(404);
  });
});

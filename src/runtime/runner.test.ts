import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withPrincipal } from '../db/principal.ts';
import { createEgressClient } from '../net/egress.ts';
import { DEMO } from '../seed/ids.ts';
import { type RunningServer, startServer } from '../server/serve.ts';
import { testConfig, userToken } from '../server/testing.ts';
import { describeEngines } from '../testing/engines.ts';
import { KeyRing } from '../vault/keyring.ts';
import { callbackRoutes } from './callbacks.ts';
import { runRoutes } from './routes.ts';
import { DEMO_RUNS } from './seed.ts';
import { signRequest } from './signing.ts';
import { rotateSigningKey } from './signing-keys.ts';
import { type FakeStepService, fakeStepService } from './testing/fake-step-service.ts';
import { startWorkflowWorker, type WorkflowWorker } from './worker.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
const ids = DEMO_RUNS.org(A);
const BEARER = `crm-${randomBytes(12).toString('hex')}`;

// biome-ignore lint/suspicious/noExplicitAny: response bodies of every shape
type Json = any;

describeEngines('workflow runtime: the demo screening workflow end to end', (ctx) => {
  const ring = new KeyRing([{ id: 'runtime', key: randomBytes(32) }]);
  const logs: string[] = [];
  const log = {
    info: (o: object, m: string) => void logs.push(`${JSON.stringify(o)} ${m}`),
    warn: (o: object, m: string) => void logs.push(`${JSON.stringify(o)} ${m}`),
  };
  let server: RunningServer;
  let worker: WorkflowWorker;
  let screen: FakeStepService;
  let record: FakeStepService;
  const keys: Record<'screen' | 'record', { keyId: string; secret: string }> = {} as never;
  let token: string;

  beforeAll(async () => {
    for (const [name, install] of [
      ['screen', ids.screenInstall],
      ['record', ids.recordInstall],
    ] as const) {
      const made = await withPrincipal(ctx.db, { role: 'authenticated', sub: A.users.admin.id }, (tx) =>
        rotateSigningKey(tx, () => ring, { role: 'authenticated', sub: A.users.admin.id }, A.id, install),
      );
      keys[name] = { keyId: made.keyId, secret: made.secret };
    }
    screen = await fakeStepService({
      secrets: new Map([[keys.screen.keyId, keys.screen.secret]]),
      callbackKey: keys.screen,
      behaviour: { kind: 'callback', status: 'succeeded', output: { risk: 'low' } },
    });
    record = await fakeStepService({
      secrets: new Map([[keys.record.keyId, keys.record.secret]]),
      callbackKey: keys.record,
      behaviour: { kind: 'sync', output: { recorded: true } },
    });
    for (const [position, url] of [
      [1, `${screen.url}/screen`],
      [2, `${record.url}/record`],
    ] as const)
      await ctx.db.query(
        'update public.workflow_def_steps set config = $4::jsonb where org_id = $1 and workflow_def_id = $2 and position = $3',
        [A.id, ids.screening, position, JSON.stringify({ url })],
      );
    server = await startServer({
      db: ctx.db,
      config: testConfig(),
      routes: [
        async () => ({ default: runRoutes({ ring, queue: () => worker.runner }) }),
        async () => ({ default: callbackRoutes({ ring, queue: () => worker.runner }) }),
      ],
    });
    worker = await startWorkflowWorker(ctx.db, {
      publicUrl: server.url,
      log,
      ring,
      http: createEgressClient({ allowPrivate: true }),
      retryLimit: 1,
      retryDelaySeconds: 1,
      sweepSeconds: 1,
    });
    token = await userToken(A.users.member.id);
  });
  afterAll(async () => {
    await worker?.stop(2_000);
    // Not server.stop(): that closes the database the other files' hooks still use.
    await server?.app.close();
    await screen?.close();
    await record?.close();
  });

  const api = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: await res.json() };
  };
  const startRunOf = async (workflowId: string) => {
    const res = await api('POST', `/v1/orgs/${A.id}/workflow-defs/${workflowId}/runs`, { input: {} });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json.id as string;
  };
  const startRun = async (workflowId = ids.screening) => {
    const res = await api('POST', `/v1/orgs/${A.id}/workflow-defs/${workflowId}/runs`, { input: { vendor: 'Acme' } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json.id as string;
  };
  const runUntil = async (runId: string, done: (run: Json) => boolean, ms = 20_000) => {
    const until = Date.now() + ms;
    for (;;) {
      const { json } = await api('GET', `/v1/orgs/${A.id}/workflow-runs/${runId}`);
      if (done(json) || Date.now() > until) return json;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const finished = (run: Json) => ['succeeded', 'failed', 'cancelled'].includes(run.status);

  it('signs each call, waits for the signed callback, runs the next step, and records every transition', async () => {
    const runId = await startRun();
    const run = await runUntil(runId, finished);
    expect(run.status, JSON.stringify(run)).toBe('succeeded');
    expect(run.steps).toMatchObject([
      { position: 1, status: 'succeeded', output: { risk: 'low' }, attempt: 1 },
      { position: 2, status: 'succeeded', output: { recorded: true }, attempt: 1 },
    ]);
    // The step service saw a valid signature (it refuses anything else) with the install's key id.
    const call = screen.received.find((r) => r.body.includes(runId) || r.body.includes(run.steps[0].id))!;
    expect(call.refused).toBeNull();
    expect(call.headers['palisade-key-id']).toBe(keys.screen.keyId);
    expect(JSON.parse(call.body)).toMatchObject({ input: { run: { vendor: 'Acme' }, step_run_id: run.steps[0].id } });
    expect(screen.callbacks.at(-1)!.answer).toBe(200);
    const { rows } = await ctx.db.query<{ action: string; n: number }>(
      `select action, count(*)::int as n from public.audit_log where org_id = $1 and target_id = any ($2::text[])
       group by action order by action`,
      [A.id, [runId, ...run.steps.map((s: Json) => s.id)]],
    );
    expect(rows).toEqual([
      { action: 'workflow_runs.insert', n: 1 },
      { action: 'workflow_runs.update', n: 2 },
      { action: 'workflow_step_runs.insert', n: 2 },
      // Each step: running (claimed), then its end; the first also waiting_callback in between.
      { action: 'workflow_step_runs.update', n: 5 },
    ]);
  });

  it('a callback is 404 for a used token or another tenant’s URL, 401 when forged, replayed or future-dated, and acknowledged again for the same delivery', async () => {
    // 202 and no callback: this test sends the callbacks itself.
    screen.behave({ kind: 'status', status: 202 });
    const runId = await startRun();
    const waiting = await runUntil(runId, (r) => r.steps[0].status === 'waiting_callback');
    expect(waiting.steps[0].status).toBe('waiting_callback');
    const sent = screen.received.at(-1)!;
    const callbackUrl = new URL(JSON.parse(sent.body).callback_url as string);
    const post = (url: URL, body: string, headers: Record<string, string>) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const sign = (url: URL, body: string, over: { secret?: string; timestamp?: number } = {}) =>
      signRequest({
        method: 'POST',
        pathAndQuery: url.pathname,
        body,
        keyId: keys.screen.keyId,
        secret: over.secret ?? keys.screen.secret,
        ...(over.timestamp ? { timestamp: over.timestamp } : {}),
      });
    const delivery = randomUUID();
    const body = JSON.stringify({ delivery_id: delivery, status: 'succeeded', output: { risk: 'high' } });
    const elsewhere = new URL(callbackUrl.href.replace(A.id, B.id));
    expect((await post(elsewhere, body, sign(elsewhere, body))).status).toBe(404);
    expect((await post(callbackUrl, body, sign(callbackUrl, body, { secret: 'x'.repeat(43) }))).status).toBe(401);
    // Well past the 300 s window: a second more could be eaten by rounding and a slow machine.
    const future = Math.floor(Date.now() / 1000) + 360;
    expect((await post(callbackUrl, body, sign(callbackUrl, body, { timestamp: future }))).status).toBe(401);
    const invalid = JSON.stringify({ delivery_id: delivery, status: 'succeeded', output: { risk: 'unknown' } });
    const refused = await post(callbackUrl, invalid, sign(callbackUrl, invalid));
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as Json).error.field).toBe('/output/risk');
    const headers = sign(callbackUrl, body);
    const accepted = await post(callbackUrl, body, headers);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ status: 'accepted' });
    // The same request again (same nonce): a replay.
    expect((await post(callbackUrl, body, headers)).status).toBe(401);
    // The same delivery, signed anew: acknowledged, nothing changes.
    const again = await post(callbackUrl, body, sign(callbackUrl, body));
    expect(await again.json()).toEqual({ status: 'duplicate' });
    const other = JSON.stringify({ delivery_id: randomUUID(), status: 'failed', error: 'late' });
    expect((await post(callbackUrl, other, sign(callbackUrl, other))).status).toBe(404);
    const run = await runUntil(runId, finished);
    expect(run.status).toBe('succeeded');
    expect(run.steps[0].output).toEqual({ risk: 'high' });
  });

  it('the same delivery sent twice at once completes the step once: one accepted, one duplicate', async () => {
    screen.behave({ kind: 'status', status: 202 });
    const runId = await startRun();
    await runUntil(runId, (r) => r.steps[0].status === 'waiting_callback');
    const callbackUrl = new URL(JSON.parse(screen.received.at(-1)!.body).callback_url as string);
    const body = JSON.stringify({ delivery_id: randomUUID(), status: 'succeeded', output: { risk: 'low' } });
    const send = () =>
      fetch(callbackUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...signRequest({
            method: 'POST',
            pathAndQuery: callbackUrl.pathname,
            body,
            keyId: keys.screen.keyId,
            secret: keys.screen.secret,
          }),
        },
        body,
      }).then(async (r) => ((await r.json()) as Json).status);
    expect((await Promise.all([send(), send()])).sort()).toEqual(['accepted', 'duplicate']);
    const run = await runUntil(runId, finished);
    expect(run.status).toBe('succeeded');
    const step2 = run.steps[1].id;
    expect(record.received.filter((r) => r.body.includes(step2))).toHaveLength(1);
  });

  it('a step service answering 500 is retried, then the job is dead-lettered and the step and run fail with the reason', async () => {
    screen.behave({ kind: 'status', status: 500 });
    const runId = await startRun();
    const run = await runUntil(runId, finished, 30_000);
    expect(run.status, JSON.stringify(run)).toBe('failed');
    expect(run.steps[0]).toMatchObject({ status: 'failed', attempt: 2 });
    expect(run.steps[0].error).toMatch(/500/);
    expect(run.error).toMatch(/^step 1: /);
    expect(run.steps[1].status).toBe('pending');
    const dead = await worker.deadLetters({ orgId: A.id });
    expect(dead.find((d) => d.reason.includes(run.steps[0].error))).toMatchObject({ attempts: 2 });
    expect(JSON.stringify(dead)).not.toContain('Acme');
    // Re-run the failed step once the service is back.
    screen.behave({ kind: 'callback', status: 'succeeded', output: { risk: 'medium' } });
    const again = await api('POST', `/v1/orgs/${A.id}/workflow-runs/${runId}/steps/${run.steps[0].id}/retry`);
    expect(again.status, JSON.stringify(again.json)).toBe(200);
    const rerun = await runUntil(runId, finished);
    expect(rerun.status).toBe('succeeded');
    expect(rerun.steps[0]).toMatchObject({ status: 'succeeded', attempt: 3, output: { risk: 'medium' } });
  });

  it('a run cancelled while it waits for a callback stays cancelled: the late callback is not found', async () => {
    screen.behave({ kind: 'status', status: 202 });
    const runId = await startRun();
    await runUntil(runId, (r) => r.steps[0].status === 'waiting_callback');
    const callbackUrl = new URL(JSON.parse(screen.received.at(-1)!.body).callback_url as string);
    expect((await api('POST', `/v1/orgs/${A.id}/workflow-runs/${runId}/cancel`)).status).toBe(200);
    const body = JSON.stringify({ delivery_id: randomUUID(), status: 'succeeded', output: { risk: 'low' } });
    const headers = signRequest({
      method: 'POST',
      pathAndQuery: callbackUrl.pathname,
      body,
      keyId: keys.screen.keyId,
      secret: keys.screen.secret,
    });
    const late = await fetch(callbackUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    expect(late.status).toBe(404);
    expect((await api('GET', `/v1/orgs/${A.id}/workflow-runs/${runId}`)).json.status).toBe('cancelled');
  });

  it('a contract that says bearer carries the install’s token, set write-only by an admin, and fails saying so without one', async () => {
    const ids = { type: randomUUID(), version: randomUUID(), install: randomUUID(), workflow: randomUUID() };
    const crm = await fakeStepService({
      bearer: BEARER,
      callbackKey: keys.record,
      behaviour: { kind: 'sync', output: {} },
    });
    try {
      await ctx.db.query(
        `insert into platform.step_types (id, key, name, category, description) values ($1, $2, 'CRM note', 'crm', 'Adds a note')`,
        [ids.type, `crm.note.${ids.type.slice(0, 8)}`],
      );
      await ctx.db.query(
        `insert into platform.step_type_versions (id, step_type_id, version, input_schema, output_schema, external_call, published_at)
         values ($1, $2, '1.0.0', '{"type":"object","properties":{"url":{"type":"string"}},"required":["url"]}', '{"type":"object"}',
                 '{"endpoint":"{{config.url}}","method":"POST","auth":{"type":"bearer","secret":"crm-token"}}', now())`,
        [ids.version, ids.type],
      );
      await ctx.db.query(
        'insert into public.step_type_installs (org_id, id, step_type_version_id) values ($1, $2, $3)',
        [A.id, ids.install, ids.version],
      );
      await ctx.db.query(
        "insert into public.workflow_defs (org_id, id, name, published_at) values ($1, $2, 'CRM note', now())",
        [A.id, ids.workflow],
      );
      await ctx.db.query(
        `insert into public.workflow_def_steps (org_id, workflow_def_id, position, install_id, config) values ($1, $2, 1, $3, $4)`,
        [A.id, ids.workflow, ids.install, JSON.stringify({ url: `${crm.url}/notes` })],
      );
      const without = await runUntil(await startRunOf(ids.workflow), finished);
      expect(without.status).toBe('failed');
      expect(without.steps[0].error).toMatch(/no bearer token/);
      const url = `/v1/orgs/${A.id}/step-type-installs/${ids.install}/bearer-token`;
      expect((await api('PUT', url, { token: BEARER })).status).toBe(403);
      const admin = await userToken(A.users.admin.id);
      const set = await fetch(`${server.url}${url}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ token: BEARER }),
      });
      expect(set.status).toBe(204);
      const run = await runUntil(await startRunOf(ids.workflow), finished);
      expect(run.status, JSON.stringify(run)).toBe('succeeded');
      expect(crm.received.at(-1)).toMatchObject({ refused: null });
      const { rows } = await ctx.db.query<{ t: string }>(
        `select string_agg(x, ' ') as t from (select to_jsonb(i)::text as x from public.step_type_installs i
         union all select to_jsonb(a)::text from public.audit_log a union all select to_jsonb(j)::text from pgboss.job j) r`,
      );
      expect(rows[0]!.t).not.toContain(BEARER);
      expect(logs.join('\n')).not.toContain(BEARER);
    } finally {
      await crm.close();
    }
  });

  it('no signing secret or callback token is in any row an API role can read, in the queue, or in a log line', async () => {
    const secrets = [keys.screen.secret, keys.record.secret];
    const tokens = screen.received
      .map((r) => JSON.parse(r.body).callback_url as string | undefined)
      .filter((u): u is string => !!u)
      .map((u) => u.split('/').pop()!);
    expect(tokens.length).toBeGreaterThan(0);
    const { rows } = await ctx.db.query<{ t: string }>(
      `select string_agg(x::text, ' ') as t from (
         select to_jsonb(r)::text as x from public.workflow_runs r
         union all select to_jsonb(s)::text from public.workflow_step_runs s
         union all select to_jsonb(i)::text from public.step_type_installs i
         union all select to_jsonb(a)::text from public.audit_log a
         union all select to_jsonb(j)::text from pgboss.job j) all_rows`,
    );
    for (const s of [...secrets, ...tokens]) {
      expect(rows[0]!.t).not.toContain(s);
      expect(logs.join('\n')).not.toContain(s);
    }
    // The callback URL's token was never in a request the step service did not need it in.
    expect(record.received.some((r) => tokens.some((t) => r.body.includes(t)))).toBe(false);
  });
});

import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leakForms } from '../integrations/testing.ts';
import { createEgressClient } from '../net/egress.ts';
import { callbackUrl, createCallbackToken, hashCallbackToken, isCallbackToken } from './callback-token.ts';
import { verifyCallback } from './inbound.ts';
import { callStep, type StepCallInput } from './outbound.ts';
import { signRequest } from './signing.ts';
import { type FakeStepService, fakeStepService } from './testing/fake-step-service.ts';
import { memoryNonceStore } from './testing/memory-nonce-store.ts';

/**
 * The whole exchange between Palisade and a step service, both sides real HTTP on loopback.
 * Palisade's inbound side is a stand-in for the route the integrator builds over the database,
 * in the order docs/integration-architecture/custom-steps.md prescribes: the key id names the
 * install (and so the tenant); the run is looked up by token hash within that tenant only (404
 * otherwise); then verifyCallback; then the run completes once, by delivery id.
 */

const SIGNING_SECRET = 'planted-signing-secret-7a21c9e0d4b6';
const CALLBACK_SECRET_A = 'planted-callback-secret-a-5e3b9f8c1d02';
const CALLBACK_SECRET_B = 'planted-callback-secret-b-0f6d2a7e9c14';
const OUTPUT_SCHEMA = {
  type: 'object',
  properties: { score: { type: 'number' } },
  required: ['score'],
  additionalProperties: false,
};

interface Run {
  org: string;
  tokenHash: string;
  state: 'waiting' | 'succeeded' | 'failed';
  deliveryId?: string;
  output?: unknown;
  error?: string;
}

const installs = new Map([
  ['svc-a', { org: 'org-a', secret: CALLBACK_SECRET_A }],
  ['svc-b', { org: 'org-b', secret: CALLBACK_SECRET_B }],
]);
const runs: Run[] = [];
const nonces = memoryNonceStore();
let palisade: { url: string; close(): Promise<void> };
let svcA: FakeStepService;
let svcB: FakeStepService;

async function palisadeInbound() {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const answer = (status: number, body?: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body === undefined ? undefined : JSON.stringify(body));
      };
      const keyId = req.headers['palisade-key-id'];
      const install = typeof keyId === 'string' ? installs.get(keyId) : undefined;
      if (!install) return answer(401, { error: 'unknown_key' });
      const last = (req.url ?? '').split('?')[0]!.split('/').pop() ?? '';
      const token = isCallbackToken(last) ? last : null;
      const run = token
        ? runs.find((r) => r.org === install.org && r.tokenHash === hashCallbackToken(token))
        : undefined;
      if (!run) return answer(404, { error: 'not_found' });
      const verdict = await verifyCallback({
        method: req.method ?? '',
        pathAndQuery: req.url ?? '',
        body: Buffer.concat(chunks),
        headers: req.headers,
        secretFor: (k) => (k === keyId ? install.secret : null),
        now: Math.floor(Date.now() / 1000),
        nonceStore: nonces,
        outputSchema: OUTPUT_SCHEMA,
      });
      if (!verdict.ok) return answer(verdict.httpStatus, { error: verdict.reason, message: verdict.message });
      if (run.state !== 'waiting')
        return run.deliveryId === verdict.deliveryId
          ? answer(200, { duplicate: true })
          : answer(404, { error: 'not_found' });
      run.state = verdict.status;
      run.deliveryId = verdict.deliveryId;
      if (verdict.status === 'succeeded') run.output = verdict.output;
      else run.error = verdict.error;
      answer(204);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

beforeAll(async () => {
  palisade = await palisadeInbound();
  const secrets = new Map([['pk-1', SIGNING_SECRET]]);
  svcA = await fakeStepService({ secrets, callbackKey: { keyId: 'svc-a', secret: CALLBACK_SECRET_A } });
  svcB = await fakeStepService({ secrets, callbackKey: { keyId: 'svc-b', secret: CALLBACK_SECRET_B } });
});
afterAll(async () => {
  await svcA.close();
  await svcB.close();
  await palisade.close();
});

/** A waiting run of org-a, and the call that starts it on `svc`. */
function startRun(svc: FakeStepService) {
  const token = createCallbackToken();
  const run: Run = { org: 'org-a', tokenHash: hashCallbackToken(token), state: 'waiting' };
  runs.push(run);
  const call: StepCallInput = {
    contract: {
      endpoint: `${svc.url}/score`,
      method: 'POST',
      auth: { type: 'hmac_sha256', secret: 'step-signing' },
      timeout_ms: 2_000,
      callback: { expected: true, timeout_seconds: 60, signature: 'hmac_sha256' },
    },
    config: {},
    input: { lead: 'l-1' },
    signing: { keyId: 'pk-1', secret: SIGNING_SECRET },
    callbackUrl: callbackUrl(`${palisade.url}/v1/step-callbacks`, token),
    http: createEgressClient({ allowPrivate: true }),
    outputSchema: OUTPUT_SCHEMA,
  };
  return { run, call, token };
}

/** Sends raw bytes with the given headers, as an attacker holding a captured request would. */
function send(url: string, headers: Record<string, string | string[] | undefined>, body: string): Promise<number> {
  const clean = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
  return new Promise((resolve, reject) => {
    const r = request(url, { method: 'POST', headers: clean }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    r.on('error', reject);
    r.end(body);
  });
}

describe('a step answered by callback', () => {
  it('waits, then completes from the signed callback, which carries the output', async () => {
    const { run, call } = startRun(svcA);
    svcA.behave({ kind: 'callback', status: 'succeeded', output: { score: 0.7 }, deliveryId: 'dlv-1' });
    expect(await callStep(call)).toEqual({ outcome: 'waiting_callback' });
    await svcA.callbacksDone();
    expect(svcA.callbacks.at(-1)!.answer).toBe(204);
    expect(run).toMatchObject({ state: 'succeeded', output: { score: 0.7 } });
    const sent = svcA.received.at(-1)!;
    expect(sent.refused).toBeNull();
    expect(JSON.parse(sent.body)).toEqual({ input: { lead: 'l-1' }, callback_url: call.callbackUrl });
  });

  it('a captured callback sent again is a 401 (its nonce was used), and the run is unchanged', async () => {
    const used = svcA.callbacks.at(-1)!;
    expect(await send(used.url, used.headers, used.body)).toBe(401);
    expect(runs.at(-1)).toMatchObject({ state: 'succeeded', output: { score: 0.7 } });
  });

  it('a retry signed anew with the same delivery id is acknowledged without effect; another delivery to a used token is a 404', async () => {
    const used = svcA.callbacks.at(-1)!;
    const again = (payload: object) => {
      const body = JSON.stringify(payload);
      const pathAndQuery = new URL(used.url).pathname;
      const headers = signRequest({ method: 'POST', pathAndQuery, body, keyId: 'svc-a', secret: CALLBACK_SECRET_A });
      return send(used.url, headers, body);
    };
    expect(await again({ delivery_id: 'dlv-1', status: 'succeeded', output: { score: 0.1 } })).toBe(200);
    expect(await again({ delivery_id: 'dlv-2', status: 'failed' })).toBe(404);
    expect(runs.at(-1)).toMatchObject({ state: 'succeeded', deliveryId: 'dlv-1', output: { score: 0.7 } });
  });

  it('a failed callback fails the run with its error', async () => {
    const { run, call } = startRun(svcA);
    svcA.behave({ kind: 'callback', status: 'failed', error: 'upstream refused the lead' });
    expect(await callStep(call)).toEqual({ outcome: 'waiting_callback' });
    await svcA.callbacksDone();
    expect(run).toMatchObject({ state: 'failed', error: 'upstream refused the lead' });
  });

  it('a callback whose output breaks the contract is a 422 and the run keeps waiting; its replay is a 401', async () => {
    const { run, call } = startRun(svcA);
    svcA.behave({ kind: 'callback', status: 'succeeded', output: { score: 'high' } });
    await callStep(call);
    await svcA.callbacksDone();
    const sent = svcA.callbacks.at(-1)!;
    expect(sent.answer).toBe(422);
    expect(run.state).toBe('waiting');
    expect(await send(sent.url, sent.headers, sent.body)).toBe(401);
  });

  it("another tenant's service calling back to this tenant's run gets a 404, and the run keeps waiting", async () => {
    const { run, call } = startRun(svcA);
    svcB.behave({ kind: 'callback', status: 'succeeded', output: { score: 1 } });
    // Org B's service learns org A's callback URL and calls back to it, signed with its own key.
    await callStep({ ...call, contract: { ...call.contract, endpoint: `${svcB.url}/score` } });
    await svcB.callbacksDone();
    expect(svcB.callbacks.at(-1)!.answer).toBe(404);
    expect(run.state).toBe('waiting');
  });

  it('a callback signed with a wrong secret under the right key id is a 401', async () => {
    const { run, token } = startRun(svcA);
    const url = callbackUrl(`${palisade.url}/v1/step-callbacks`, token);
    const body = JSON.stringify({ delivery_id: 'forged', status: 'succeeded', output: { score: 9 } });
    const headers = signRequest({
      method: 'POST',
      pathAndQuery: new URL(url).pathname,
      body,
      keyId: 'svc-a',
      secret: 'guessed-secret-guessed-secret-0000',
    });
    expect(await send(url, { ...headers, 'content-type': 'application/json' }, body)).toBe(401);
    expect(run.state).toBe('waiting');
  });
});

describe("the step service's own check of Palisade's requests (as the documentation tells authors)", () => {
  it('refuses a captured request sent again, a changed body, and a stale signature', async () => {
    svcA.behave({ kind: 'sync', output: { score: 1 } });
    const { call } = startRun(svcA);
    await callStep({ ...call, contract: { ...call.contract, callback: undefined } });
    const captured = svcA.received.at(-1)!;
    expect(captured.refused).toBeNull();
    const target = `${svcA.url}${captured.url}`;
    expect(await send(target, captured.headers, captured.body)).toBe(401);
    expect(await send(target, captured.headers, captured.body.replace('l-1', 'l-2'))).toBe(401);
    const body = '{"input":{}}';
    const stale = signRequest({
      method: 'POST',
      pathAndQuery: '/score',
      body,
      keyId: 'pk-1',
      secret: SIGNING_SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    expect(await send(`${svcA.url}/score`, stale, body)).toBe(401);
    expect(svcA.received.slice(-3).map((q) => q.refused)).toEqual(['replayed', 'body_mismatch', 'stale']);
  });

  it('accepts the old key and the new during a rotation', async () => {
    const rotating = await fakeStepService({
      secrets: new Map([
        ['pk-1', SIGNING_SECRET],
        ['pk-2', 'planted-next-signing-secret-1b8e4d'],
      ]),
      callbackKey: { keyId: 'svc-a', secret: CALLBACK_SECRET_A },
      behaviour: { kind: 'sync', output: { score: 1 } },
    });
    try {
      const { call } = startRun(rotating);
      const sync = { ...call, contract: { ...call.contract, callback: undefined } };
      expect((await callStep(sync)).outcome).toBe('succeeded');
      const next = { keyId: 'pk-2', secret: 'planted-next-signing-secret-1b8e4d' };
      expect((await callStep({ ...sync, signing: next })).outcome).toBe('succeeded');
      expect(rotating.received.map((q) => [q.headers['palisade-key-id'], q.refused])).toEqual([
        ['pk-1', null],
        ['pk-2', null],
      ]);
    } finally {
      await rotating.close();
    }
  });
});

it('no signing or callback secret travelled in any URL, body or header but the signature', () => {
  const travelled = [...svcA.received, ...svcB.received]
    .map((q) => [q.url, q.body, ...Object.values(q.headers).map(String)].join('\n'))
    .concat([...svcA.callbacks, ...svcB.callbacks].map((c) => [c.url, c.body, ...Object.values(c.headers)].join('\n')))
    .join('\n');
  expect(travelled.length).toBeGreaterThan(1000);
  for (const secret of [SIGNING_SECRET, CALLBACK_SECRET_A, CALLBACK_SECRET_B])
    for (const form of leakForms(secret)) expect(travelled).not.toContain(form);
});

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leakForms } from '../integrations/testing.ts';
import { createEgressClient } from '../net/egress.ts';
import { unresponsivePort } from '../net/testing.ts';
import { callStep, type StepCallInput, type StepCallResult } from './outbound.ts';
import { type Behaviour, type FakeStepService, fakeStepService } from './testing/fake-step-service.ts';

/** callStep against a real local step service that checks signatures as a step-type author would. */

const SIGNING_SECRET = 'planted-signing-secret-4c1f0e2a9b7d';
const BEARER = 'planted-bearer-token-93d8a1c6e5f0';
const OUTPUT_SCHEMA = {
  type: 'object',
  properties: { score: { type: 'number' } },
  required: ['score'],
  additionalProperties: false,
};

let svc: FakeStepService;
let bearerSvc: FakeStepService;
beforeAll(async () => {
  const callbackKey = { keyId: 'svc-1', secret: 'callback-secret-not-used-here-0000' };
  svc = await fakeStepService({ secrets: new Map([['pk-1', SIGNING_SECRET]]), callbackKey });
  bearerSvc = await fakeStepService({ bearer: BEARER, callbackKey });
});
afterAll(async () => {
  await svc.close();
  await bearerSvc.close();
});

const local = createEgressClient({ allowPrivate: true });
const strict = createEgressClient({ allowPrivate: false });
const log: string[] = [];

function call(over: Partial<StepCallInput> & { endpoint?: string; timeout_ms?: number } = {}): Promise<StepCallResult> {
  const { endpoint, timeout_ms, ...rest } = over;
  return callStep({
    contract: {
      endpoint: endpoint ?? `${svc.url}/run`,
      method: 'POST',
      auth: { type: 'hmac_sha256', secret: 'step-signing' },
      timeout_ms: timeout_ms ?? 2_000,
    },
    config: {},
    input: { lead: 'l-1' },
    signing: { keyId: 'pk-1', secret: SIGNING_SECRET },
    http: local,
    outputSchema: OUTPUT_SCHEMA,
    log: (line) => log.push(line),
    ...rest,
  });
}

const failure = (r: StepCallResult) =>
  r.outcome === 'failed' ? { code: r.code, retryable: r.retryable, message: r.message } : r.outcome;

const behaving = async (b: Behaviour, over: Parameters<typeof call>[0] = {}) => {
  svc.behave(b);
  return call(over);
};

describe('callStep, synchronous answers', () => {
  it('sends the input as JSON, signed, and returns the output the contract allows', async () => {
    const before = svc.received.length;
    expect(await behaving({ kind: 'sync', output: { score: 0.8 } })).toEqual({
      outcome: 'succeeded',
      output: { score: 0.8 },
    });
    const got = svc.received.slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ method: 'POST', url: '/run', body: '{"input":{"lead":"l-1"}}', refused: null });
    expect(got[0]!.headers).toMatchObject({
      'content-type': 'application/json',
      'palisade-key-id': 'pk-1',
      'palisade-signature': expect.stringMatching(/^v1=[0-9a-f]{64}$/),
    });
    expect(log.at(-1)).toMatch(new RegExp(`^step call POST ${svc.url}/run succeeded in \\d+ ms$`));
  });

  it('fills placeholders as single encoded components (no header injection), and signs the path exactly as sent', async () => {
    svc.behave({ kind: 'sync', output: { score: 1 } });
    const before = svc.received.length;
    const r = await call({
      endpoint: `${svc.url}/tenants/{{config.tenant}}/run?region={{ config.region }}&n={{config.n}}`,
      config: { tenant: 'a/b?c#d\r\nx-injected: 1', region: 'eu west', n: 3 },
    });
    expect(r.outcome).toBe('succeeded');
    expect(svc.received.slice(before).map((q) => [q.url, q.refused])).toEqual([
      ['/tenants/a%2Fb%3Fc%23d%0D%0Ax-injected%3A%201/run?region=eu%20west&n=3', null],
    ]);
  });

  it('takes a whole endpoint from the config, http only when private targets are allowed', async () => {
    svc.behave({ kind: 'sync', output: { score: 1 } });
    const endpoint = '{{config.url}}';
    expect((await call({ endpoint, config: { url: `${svc.url}/run` } })).outcome).toBe('succeeded');
    expect(failure(await call({ endpoint, config: { url: `${svc.url}/run` }, http: strict }))).toEqual({
      code: 'bad_endpoint',
      retryable: false,
      message: 'the endpoint must use https, not http:',
    });
    expect(failure(await call({ endpoint, config: { url: 'ftp://files.example/x' } }))).toMatchObject({
      message: 'the endpoint must use https, not ftp:',
    });
    expect(failure(await call({ endpoint, config: { url: 'https://u:p@svc.example/x' } }))).toMatchObject({
      code: 'bad_endpoint',
      message: 'credentials never go in the endpoint URL',
    });
    expect(failure(await call({ endpoint, config: { url: 'not a url' } }))).toMatchObject({
      message: 'the endpoint is not a valid URL once filled',
    });
  });

  it('refuses a placeholder value that is missing, empty, not text, or climbs the path', async () => {
    const endpoint = `${svc.url}/tenants/{{config.tenant}}/run`;
    const results = await Promise.all(
      [{}, { tenant: '' }, { tenant: { a: 1 } }, { tenant: '..' }, { tenant: '.' }].map((config) =>
        call({ endpoint, config }),
      ),
    );
    expect(results.map((r) => (r.outcome === 'failed' ? `${r.code}: ${r.message}` : r.outcome))).toEqual([
      'bad_endpoint: config.tenant must be a non-empty string',
      'bad_endpoint: config.tenant must be a non-empty string',
      'bad_endpoint: config.tenant must be a non-empty string',
      'bad_endpoint: config.tenant may not be . or ..',
      'bad_endpoint: config.tenant may not be . or ..',
    ]);
  });

  it('sends a bearer token in Authorization only, when the contract says bearer', async () => {
    bearerSvc.behave({ kind: 'sync', output: { score: 2 } });
    const r = await call({
      contract: {
        endpoint: `${bearerSvc.url}/run?mode=x`,
        method: 'PUT',
        auth: { type: 'bearer', secret: 'tok' },
        timeout_ms: 2000,
      },
      signing: null,
      bearer: BEARER,
    });
    expect(r).toEqual({ outcome: 'succeeded', output: { score: 2 } });
    const got = bearerSvc.received.at(-1)!;
    expect(got).toMatchObject({ method: 'PUT', url: '/run?mode=x', refused: null });
    expect(got.headers.authorization).toBe(`Bearer ${BEARER}`);
    expect(got.headers['palisade-signature']).toBeUndefined();
  });

  it('refuses to call without the credentials the contract names', async () => {
    expect(failure(await call({ signing: null }))).toEqual({
      code: 'missing_credentials',
      retryable: false,
      message: `${svc.url}/run: the contract signs with a secret, none was given`,
    });
    const contract = {
      endpoint: `${svc.url}/run`,
      method: 'POST' as const,
      auth: { type: 'bearer' as const, secret: 't' },
      timeout_ms: 2000,
    };
    expect(failure(await call({ contract }))).toMatchObject({ code: 'missing_credentials' });
  });

  it('sends nothing signed and no Authorization when the contract says none', async () => {
    const r = await call({
      contract: { endpoint: `${bearerSvc.url}/open`, method: 'POST', auth: 'none', timeout_ms: 2000 },
    });
    expect(r).toMatchObject({ outcome: 'failed', code: 'bad_status', httpStatus: 401 });
    const got = bearerSvc.received.at(-1)!;
    expect(got.headers.authorization).toBeUndefined();
    expect(got.headers['palisade-key-id']).toBeUndefined();
  });

  it('a request the service cannot verify is its 401, not retried', async () => {
    svc.behave({ kind: 'sync', output: { score: 1 } });
    const r = await call({ signing: { keyId: 'pk-1', secret: 'a-different-secret-entirely-0000' } });
    expect(r).toEqual({
      outcome: 'failed',
      code: 'bad_status',
      retryable: false,
      httpStatus: 401,
      message: `${svc.url}/run answered 401`,
    });
    expect(svc.received.at(-1)!.refused).toBe('bad_signature');
  });
});

describe('callStep, failures and what may be retried', () => {
  it('an output its contract does not allow is invalid_output with the problem, not retried', async () => {
    expect(await behaving({ kind: 'sync', output: { score: 'high' } })).toEqual({
      outcome: 'failed',
      code: 'invalid_output',
      retryable: false,
      message: `${svc.url}/run answered an output its contract does not allow`,
      problem: '/score: must be number',
    });
    expect(await behaving({ kind: 'sync', output: { score: 1, extra: true } })).toMatchObject({
      problem: '/: the property "extra" is not allowed',
    });
  });

  it('a 2xx body that is not JSON is not_json', async () => {
    expect(failure(await behaving({ kind: 'not_json' }))).toEqual({
      code: 'not_json',
      retryable: false,
      message: `${svc.url}/run answered 200 without a JSON body`,
    });
  });

  it('5xx and 429 are retryable; other 4xx are not', async () => {
    const out: [number, boolean | undefined, number | undefined][] = [];
    for (const status of [500, 502, 503, 429, 400, 404, 409, 422]) {
      const r = await behaving({ kind: 'status', status });
      if (r.outcome === 'failed') out.push([status, r.retryable, r.httpStatus]);
    }
    expect(out).toEqual([
      [500, true, 500],
      [502, true, 502],
      [503, true, 503],
      [429, true, 429],
      [400, false, 400],
      [404, false, 404],
      [409, false, 409],
      [422, false, 422],
    ]);
  });

  it('a 202 without a callback in the contract is an answer like any other, checked against the schema', async () => {
    const r = await behaving({ kind: 'status', status: 202 });
    expect(r).toMatchObject({
      outcome: 'failed',
      code: 'invalid_output',
      problem: '/: must have the property "score"',
    });
  });

  it('a response above the cap is response_too_large, not retried; 256 KiB by default', async () => {
    expect(failure(await behaving({ kind: 'huge', bytes: 300 * 1024 }))).toEqual({
      code: 'response_too_large',
      retryable: false,
      message: `${svc.url}/run answered with more than 262144 bytes`,
    });
    expect(failure(await behaving({ kind: 'huge', bytes: 2_000 }, { maxResponseBytes: 1_000 }))).toMatchObject({
      code: 'response_too_large',
    });
  });

  it("a service that never answers is a timeout at the contract's timeout_ms, retryable", async () => {
    const started = Date.now();
    expect(failure(await behaving({ kind: 'hang' }, { timeout_ms: 300 }))).toEqual({
      code: 'timeout',
      retryable: true,
      message: `${svc.url}/run did not answer within 300 ms`,
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a connection never accepted is a timeout at the connect deadline, retryable', async () => {
    const black = await unresponsivePort();
    try {
      const r = await call({
        endpoint: `http://127.0.0.1:${black.port}/run`,
        timeout_ms: 10_000,
        connectTimeoutMs: 200,
      });
      expect(failure(r)).toEqual({
        code: 'timeout',
        retryable: true,
        message: `http://127.0.0.1:${black.port}/run did not accept a connection within 200 ms`,
      });
    } finally {
      await black.close();
    }
  });

  it('a refused connection is connect_failed, retryable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(failure(await call({ endpoint: `http://127.0.0.1:${port}/run` }))).toEqual({
      code: 'connect_failed',
      retryable: true,
      message: `http://127.0.0.1:${port}/run could not be reached (ECONNREFUSED)`,
    });
  });
});

describe('callStep, the outbound address guard', () => {
  it.each([
    ['loopback', 'https://127.0.0.1:{port}/run'],
    ['private', 'https://10.0.0.1/run'],
    ['cloud metadata', 'https://169.254.169.254/latest/meta-data/'],
    ['IPv6 loopback', 'https://[::1]:{port}/run'],
    ['IPv4-mapped loopback', 'https://[::ffff:127.0.0.1]:{port}/run'],
    ['a name resolving to loopback', 'https://localhost:{port}/run'],
  ])('refuses %s without private egress, sending nothing', async (_, pattern) => {
    const before = svc.received.length;
    const endpoint = pattern.replace('{port}', new URL(svc.url).port);
    const r = await call({ endpoint, http: strict });
    expect(r).toMatchObject({ outcome: 'failed', code: 'blocked_address', retryable: false });
    expect(svc.received.length).toBe(before);
  });

  it('refuses a private address given whole in the config, too', async () => {
    const r = await call({ endpoint: '{{config.url}}', config: { url: 'https://169.254.169.254/x' }, http: strict });
    expect(r).toMatchObject({ outcome: 'failed', code: 'blocked_address' });
  });
});

it('no secret or bearer token appears in any result, message, log line, URL or body sent', async () => {
  const results: StepCallResult[] = [];
  for (const b of [
    { kind: 'sync', output: { score: 1 } },
    { kind: 'sync', output: { score: 'x' } },
    { kind: 'status', status: 500 },
    { kind: 'not_json' },
    { kind: 'huge', bytes: 300 * 1024 },
  ] as Behaviour[]) {
    results.push(await behaving(b));
    bearerSvc.behave(b);
    results.push(
      await call({
        contract: {
          endpoint: `${bearerSvc.url}/run`,
          method: 'POST',
          auth: { type: 'bearer', secret: 't' },
          timeout_ms: 2000,
        },
        signing: null,
        bearer: BEARER,
      }),
    );
  }
  results.push(await behaving({ kind: 'hang' }, { timeout_ms: 200 }));
  results.push(await call({ signing: { keyId: 'pk-1', secret: `${SIGNING_SECRET}x` } }));
  results.push(await call({ endpoint: `https://127.0.0.1:${new URL(svc.url).port}/run?k=${BEARER}`, http: strict }));
  results.push(await call({ endpoint: '{{config.url}}', config: { url: `ftp://x/${SIGNING_SECRET}` } }));
  try {
    await call({
      contract: {
        endpoint: `${svc.url}/run`,
        method: 'POST',
        auth: 'none',
        timeout_ms: 2000,
        callback: { expected: true, timeout_seconds: 60, signature: 'hmac_sha256' },
      },
    });
  } catch (err) {
    results.push({ outcome: 'failed', code: 'bad_endpoint', retryable: false, message: (err as Error).message });
  }

  const said = [...results.map((r) => JSON.stringify(r)), ...log].join('\n');
  const travelled = [...svc.received, ...bearerSvc.received]
    .map((q) =>
      [
        q.url,
        q.body,
        ...Object.entries(q.headers)
          .filter(([k]) => k !== 'authorization')
          .map(([, v]) => String(v)),
      ].join('\n'),
    )
    .join('\n');
  for (const secret of [SIGNING_SECRET, BEARER])
    for (const form of leakForms(secret)) {
      expect(said).not.toContain(form);
      expect(travelled).not.toContain(form);
    }
  expect(results.length).toBe(15);
  expect(log.length).toBeGreaterThan(20);
});

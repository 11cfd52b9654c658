import { describe, expect, it } from 'vitest';
import { type CallbackResult, verifyCallback } from './inbound.ts';
import { signRequest } from './signing.ts';
import { memoryNonceStore } from './testing/memory-nonce-store.ts';

const SECRET = 'service-callback-secret-0123456789abcdef';
const PATH = '/v1/step-callbacks/pcb_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const NOW = 1_760_000_000;
const clock = () => NOW * 1000;
const OUTPUT_SCHEMA = {
  type: 'object',
  properties: { score: { type: 'number' }, label: { type: 'string' } },
  required: ['score'],
  additionalProperties: false,
};

function callback(payload: unknown, over: { body?: string; secret?: string; timestamp?: number } = {}) {
  const body = over.body ?? JSON.stringify(payload);
  const headers = signRequest({
    method: 'POST',
    pathAndQuery: PATH,
    body,
    keyId: 'svc-1',
    secret: over.secret ?? SECRET,
    timestamp: over.timestamp ?? NOW,
  });
  return { body, headers };
}

const check = (
  req: { body: string; headers: Record<string, string> },
  store = memoryNonceStore(clock),
): Promise<CallbackResult> =>
  verifyCallback({
    method: 'POST',
    pathAndQuery: PATH,
    body: req.body,
    headers: req.headers,
    secretFor: (k) => (k === 'svc-1' ? SECRET : null),
    now: NOW,
    nonceStore: store,
    outputSchema: OUTPUT_SCHEMA,
  });

const field = async (payload: unknown) => {
  const r = await check(callback(payload));
  return r.ok ? 'ok' : r.reason === 'invalid_payload' ? `${r.httpStatus} ${r.message}` : r.reason;
};

describe('verifyCallback', () => {
  it('accepts a signed succeeded callback with its output, and a failed one with or without an error', async () => {
    expect(await check(callback({ delivery_id: 'd-1', status: 'succeeded', output: { score: 0.9 } }))).toEqual({
      ok: true,
      keyId: 'svc-1',
      deliveryId: 'd-1',
      status: 'succeeded',
      output: { score: 0.9 },
    });
    expect(await check(callback({ delivery_id: 'd-2', status: 'failed', error: 'upstream said no' }))).toEqual({
      ok: true,
      keyId: 'svc-1',
      deliveryId: 'd-2',
      status: 'failed',
      error: 'upstream said no',
    });
    expect(await check(callback({ delivery_id: 'd-3', status: 'failed' }))).toMatchObject({
      ok: true,
      status: 'failed',
    });
  });

  it('takes the body as bytes too', async () => {
    const req = callback({ delivery_id: 'd-1', status: 'failed' });
    const r = await verifyCallback({
      method: 'POST',
      pathAndQuery: PATH,
      body: Buffer.from(req.body),
      headers: req.headers,
      secretFor: () => SECRET,
      now: NOW,
      nonceStore: memoryNonceStore(clock),
      outputSchema: OUTPUT_SCHEMA,
    });
    expect(r.ok).toBe(true);
  });

  it('answers 401 for signature and time problems, with the reason', async () => {
    const ok = { delivery_id: 'd-1', status: 'failed' };
    const reasons = await Promise.all([
      check(callback(ok, { secret: 'someone-else-entirely-0123456789' })),
      check(callback(ok, { timestamp: NOW - 301 })),
      check(callback(ok, { timestamp: NOW + 301 })),
      check({ ...callback(ok), body: JSON.stringify({ delivery_id: 'd-1', status: 'succeeded' }) }),
      check({ body: JSON.stringify(ok), headers: {} }),
    ]);
    expect(reasons.map((r) => (r.ok ? 'ok' : `${r.httpStatus} ${r.reason}`))).toEqual([
      '401 bad_signature',
      '401 stale',
      '401 future',
      '401 body_mismatch',
      '401 missing_header',
    ]);
  });

  it('refuses the same signed request a second time as 401 replayed', async () => {
    const store = memoryNonceStore(clock);
    const req = callback({ delivery_id: 'd-1', status: 'failed' });
    expect((await check(req, store)).ok).toBe(true);
    expect(await check(req, store)).toEqual({
      ok: false,
      httpStatus: 401,
      reason: 'replayed',
      message: 'this request was already received',
    });
  });

  it('records a nonce only for an authentic request: a forgery cannot burn a genuine nonce', async () => {
    const store = memoryNonceStore(clock);
    const genuine = callback({ delivery_id: 'd-1', status: 'failed' });
    const forged = { ...genuine, headers: { ...genuine.headers, 'palisade-signature': `v1=${'0'.repeat(64)}` } };
    expect(await check(forged, store)).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect((await check(genuine, store)).ok).toBe(true);
  });

  it('answers 413 above 256 KiB, before checking anything else', async () => {
    const big = callback(null, { body: ' '.repeat(256 * 1024 + 1) });
    expect(await check(big)).toEqual({
      ok: false,
      httpStatus: 413,
      reason: 'too_large',
      message: 'the body is larger than 262144 bytes',
    });
    const edge = callback(null, { body: `${' '.repeat(256 * 1024 - 2)}{}` });
    expect(await check(edge)).toMatchObject({ ok: false, httpStatus: 422 });
  });

  it('answers 400 for a signed body that is not JSON', async () => {
    expect(await check(callback(null, { body: 'status=succeeded' }))).toEqual({
      ok: false,
      httpStatus: 400,
      reason: 'not_json',
      message: 'the body is not JSON',
    });
  });

  it('answers 422 naming the field for every payload problem', async () => {
    const long = 'd'.repeat(201);
    expect(
      await Promise.all([
        field([]),
        field({ delivery_id: 'd', status: 'failed', extra: 1 }),
        field({ status: 'failed' }),
        field({ delivery_id: '', status: 'failed' }),
        field({ delivery_id: long, status: 'failed' }),
        field({ delivery_id: 'd 1', status: 'failed' }),
        field({ delivery_id: 'd\u0000', status: 'failed' }),
        field({ delivery_id: 'dé', status: 'failed' }),
        field({ delivery_id: 7, status: 'failed' }),
        field({ delivery_id: 'd', status: 'done' }),
        field({ delivery_id: 'd', status: 'succeeded' }),
        field({ delivery_id: 'd', status: 'succeeded', output: [1] }),
        field({ delivery_id: 'd', status: 'succeeded', output: { score: 'high' } }),
        field({ delivery_id: 'd', status: 'succeeded', output: {} }),
        field({ delivery_id: 'd', status: 'succeeded', output: { score: 1, secret: 'x' } }),
        field({ delivery_id: 'd', status: 'succeeded', output: { score: 1 }, error: 'x' }),
        field({ delivery_id: 'd', status: 'failed', output: { score: 1 } }),
        field({ delivery_id: 'd', status: 'failed', error: 5 }),
        field({ delivery_id: 'd', status: 'failed', error: 'e'.repeat(2001) }),
      ]),
    ).toEqual([
      '422 /: must be a JSON object',
      '422 /: the property "extra" is not allowed',
      '422 /delivery_id: must be 1 to 200 printable ASCII characters without spaces',
      '422 /delivery_id: must be 1 to 200 printable ASCII characters without spaces',
      '422 /delivery_id: must be 1 to 200 printable ASCII characters without spaces',
      '422 /delivery_id: must be 1 to 200 printable ASCII characters without spaces',
      '422 /delivery_id: must be 1 to 200 printable ASCII characters without spaces',
      '422 /delivery_id: must be 1 to 200 printable ASCII characters without spaces',
      '422 /delivery_id: must be 1 to 200 printable ASCII characters without spaces',
      '422 /status: must be "succeeded" or "failed"',
      '422 /output: a succeeded callback carries its output, a JSON object',
      '422 /output: a succeeded callback carries its output, a JSON object',
      '422 /output/score: must be number',
      '422 /output: must have the property "score"',
      '422 /output: the property "secret" is not allowed',
      '422 /error: only a failed callback carries an error',
      '422 /output: only a succeeded callback carries an output',
      '422 /error: must be a string of at most 2000 characters',
      '422 /error: must be a string of at most 2000 characters',
    ]);
  });

  it('accepts a delivery id of exactly 200 printable characters', async () => {
    expect(await field({ delivery_id: `${'d'.repeat(199)}~`, status: 'failed' })).toBe('ok');
  });

  it('reports the field of a 422 separately, for the HTTP layer to name', async () => {
    const r = await check(callback({ delivery_id: 'd', status: 'succeeded', output: { score: 'x' } }));
    expect(r).toMatchObject({ ok: false, httpStatus: 422, field: '/output/score' });
  });
});

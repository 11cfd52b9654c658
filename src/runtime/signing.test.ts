import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { constantTimeEqual, signRequest, verifyRequest } from './signing.ts';
import { memoryNonceStore } from './testing/memory-nonce-store.ts';

const SECRET = 'install-signing-secret-0123456789abcdef';
const OLD_SECRET = 'previous-signing-secret-fedcba9876543210';
const NOW = 1_760_000_000;
const KEYS = new Map([
  ['k2', SECRET],
  ['k1', OLD_SECRET],
]);
const secretFor = (keyId: string) => KEYS.get(keyId) ?? null;
const base = {
  method: 'POST',
  pathAndQuery: '/hooks/run?step=a',
  body: '{"input":{"n":1}}',
  keyId: 'k2',
  secret: SECRET,
};

const signed = (over: Partial<typeof base> & { timestamp?: number; nonce?: string } = {}) =>
  signRequest({ ...base, timestamp: NOW, ...over });
const verify = (headers: Record<string, string | string[] | undefined>, over: Record<string, unknown> = {}) =>
  verifyRequest({
    method: base.method,
    pathAndQuery: base.pathAndQuery,
    body: base.body,
    headers,
    secretFor,
    now: NOW,
    ...over,
  });
const reason = (r: ReturnType<typeof verifyRequest>) => (r.ok ? 'ok' : r.reason);

describe('signRequest', () => {
  it('signs method, path with query, timestamp, nonce and body hash, newline-joined after a version tag', () => {
    const nonce = 'AAAAAAAAAAAAAAAAAAAAAAAA';
    const h = signed({ nonce });
    const bodyHash = createHash('sha256').update(base.body).digest('hex');
    const text = ['palisade-signature-v1', 'POST', '/hooks/run?step=a', String(NOW), nonce, bodyHash].join('\n');
    expect(h).toEqual({
      'palisade-key-id': 'k2',
      'palisade-timestamp': String(NOW),
      'palisade-nonce': nonce,
      'palisade-content-sha256': bodyHash,
      'palisade-signature': `v1=${createHmac('sha256', SECRET).update(text).digest('hex')}`,
    });
  });

  it('upper-cases the method, and draws a fresh base64url nonce of 192 bits each time', () => {
    const a = signed({ method: 'post' });
    const b = signed();
    expect(a['palisade-signature']).not.toBe(b['palisade-signature']);
    expect(a['palisade-nonce']).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(a['palisade-nonce']).not.toBe(b['palisade-nonce']);
    expect(reason(verify(a))).toBe('ok');
  });

  it('signs the current time when no timestamp is given', () => {
    const h = signRequest(base);
    expect(Math.abs(Number(h['palisade-timestamp']) - Date.now() / 1000)).toBeLessThan(5);
  });

  it.each([
    ['a newline in the path', { pathAndQuery: '/a\n1760000000' }],
    ['a carriage return in the path', { pathAndQuery: '/a\r\nx-injected: 1' }],
    ['a NUL in the path', { pathAndQuery: '/a\0' }],
    ['a space in the path', { pathAndQuery: '/a b' }],
    ['a path not starting with /', { pathAndQuery: 'https://other.example/a' }],
    ['a newline in the method', { method: 'POST\n/b' }],
    ['a key id with a newline', { keyId: 'k\n2' }],
    ['a short secret', { secret: 'short' }],
  ])('refuses %s, naming no value', (_, over) => {
    expect(() => signed(over)).toThrow(/^signRequest: /);
    try {
      signed(over);
    } catch (err) {
      expect((err as Error).message).not.toContain(SECRET);
    }
  });

  it('refuses a nonce under 128 bits and a timestamp that is not whole seconds', () => {
    expect(() => signed({ nonce: 'c2hvcnQ' })).toThrow('signRequest: the nonce must be base64url of at least 128 bits');
    expect(() => signed({ timestamp: 1.5 })).toThrow('signRequest: the timestamp must be whole unix seconds');
  });
});

describe('verifyRequest', () => {
  it('accepts a signed request and names its key, nonce and timestamp', () => {
    const h = signed();
    expect(verify(h)).toEqual({ ok: true, keyId: 'k2', nonce: h['palisade-nonce'], timestamp: NOW });
  });

  it('reads header names case-insensitively and takes the body as bytes too', () => {
    const h = Object.fromEntries(Object.entries(signed()).map(([k, v]) => [k.toUpperCase(), v]));
    expect(reason(verify(h))).toBe('ok');
    expect(reason(verify(signed(), { body: Buffer.from(base.body) }))).toBe('ok');
  });

  it('accepts either key during a rotation, each with its own secret only', () => {
    expect(reason(verify(signed({ keyId: 'k1', secret: OLD_SECRET })))).toBe('ok');
    expect(reason(verify(signed({ keyId: 'k1', secret: SECRET })))).toBe('bad_signature');
  });

  it.each(['palisade-key-id', 'palisade-timestamp', 'palisade-nonce', 'palisade-content-sha256', 'palisade-signature'])(
    'refuses a request without %s',
    (name) => {
      const h: Record<string, string | undefined> = signed();
      h[name] = undefined;
      expect(verify(h)).toEqual({ ok: false, reason: 'missing_header', detail: `${name} is missing` });
    },
  );

  it.each([
    ['a signed timestamp with a sign', 'palisade-timestamp', `+${NOW}`],
    ['a fractional timestamp', 'palisade-timestamp', `${NOW}.5`],
    ['a padded timestamp', 'palisade-timestamp', ` ${NOW}`],
    ['a hex timestamp', 'palisade-timestamp', '0x68e7b000'],
    ['milliseconds past the 12 digit bound', 'palisade-timestamp', `${NOW}000`],
    ['a nonce of 96 bits', 'palisade-nonce', 'AAAAAAAAAAAAAAAA'],
    ['a nonce in standard base64', 'palisade-nonce', 'AAAAAAAAAAAAAAAAAAAAAA+/'],
    ['an upper-case content hash', 'palisade-content-sha256', 'A'.repeat(64)],
    ['a short content hash', 'palisade-content-sha256', 'a'.repeat(63)],
    ['another signature version', 'palisade-signature', `v2=${'a'.repeat(64)}`],
    ['two signatures', 'palisade-signature', `v1=${'a'.repeat(64)},v1=${'b'.repeat(64)}`],
    ['an upper-case signature', 'palisade-signature', `v1=${'A'.repeat(64)}`],
    ['a key id with a space', 'palisade-key-id', 'k 2'],
  ])('refuses %s as malformed', (_, name, value) => {
    expect(reason(verify({ ...signed(), [name]: value }))).toBe('malformed');
  });

  it('refuses a header given twice, as an array, joined by Node, or under two spellings', () => {
    const h = signed();
    const ts = h['palisade-timestamp'];
    expect(reason(verify({ ...h, 'palisade-timestamp': [ts!, ts!] }))).toBe('malformed');
    expect(reason(verify({ ...h, 'palisade-timestamp': [ts!] }))).toBe('malformed');
    expect(reason(verify({ ...h, 'palisade-nonce': `${h['palisade-nonce']}, ${h['palisade-nonce']}` }))).toBe(
      'malformed',
    );
    expect(verify({ ...h, 'Palisade-Key-Id': 'k1' })).toEqual({
      ok: false,
      reason: 'malformed',
      detail: 'palisade-key-id is given more than once',
    });
  });

  it('refuses a path or method that could not have been signed (header injection)', () => {
    const h = signed();
    expect(reason(verify(h, { pathAndQuery: '/hooks/run?step=a\nx' }))).toBe('malformed');
    expect(reason(verify(h, { pathAndQuery: '/hooks/run?step=a\r\n' }))).toBe('malformed');
    expect(reason(verify(h, { method: 'POST\n' }))).toBe('malformed');
  });

  it('refuses an unknown key id before computing anything with a secret', () => {
    let asked = '';
    const r = verify(signed({ keyId: 'k9' }), {
      secretFor: (k: string) => {
        asked = k;
        return null;
      },
    });
    expect(r).toEqual({ ok: false, reason: 'unknown_key', detail: 'no secret for key id k9' });
    expect(asked).toBe('k9');
  });

  it('refuses a body that does not match its signed hash', () => {
    expect(reason(verify(signed(), { body: '{"input":{"n":2}}' }))).toBe('body_mismatch');
  });

  it('refuses each signed part tampered with: method, path, query, timestamp, nonce, body with its hash', () => {
    const h = signed();
    expect(reason(verify(h, { method: 'PUT' }))).toBe('bad_signature');
    expect(reason(verify(h, { pathAndQuery: '/hooks/other?step=a' }))).toBe('bad_signature');
    expect(reason(verify(h, { pathAndQuery: '/hooks/run?step=b' }))).toBe('bad_signature');
    expect(reason(verify({ ...h, 'palisade-timestamp': String(NOW - 1) }))).toBe('bad_signature');
    expect(reason(verify({ ...h, 'palisade-nonce': 'B'.repeat(32) }))).toBe('bad_signature');
    const body = '{"input":{"n":2}}';
    const forged = { ...h, 'palisade-content-sha256': createHash('sha256').update(body).digest('hex') };
    expect(reason(verify(forged, { body }))).toBe('bad_signature');
    expect(reason(verify(signed({ secret: 'not-the-install-secret-at-all' })))).toBe('bad_signature');
  });

  it('keeps a window of 300 s each way, inclusive: 301 s old is stale, 301 s ahead is refused as future', () => {
    const at = (offset: number) => reason(verify(signed({ timestamp: NOW + offset })));
    expect([at(-301), at(-300), at(-299), at(0), at(299), at(300), at(301)]).toEqual([
      'stale',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'future',
    ]);
    expect(verify(signed({ timestamp: NOW + 301 }))).toMatchObject({ detail: 'signed more than 300 s in the future' });
  });

  it('takes a narrower window when asked', () => {
    expect(reason(verify(signed({ timestamp: NOW - 61 }), { windowSeconds: 60 }))).toBe('stale');
    expect(reason(verify(signed({ timestamp: NOW - 60 }), { windowSeconds: 60 }))).toBe('ok');
  });

  it('checks the signature before the time: a forged stale request is a bad signature', () => {
    const h = signed({ timestamp: NOW - 1000, secret: 'not-the-install-secret-at-all' });
    expect(reason(verify(h))).toBe('bad_signature');
  });

  it('never puts the secret in a detail', () => {
    const details = [
      verify(signed({ secret: 'not-the-install-secret-at-all' })),
      verify(signed({ timestamp: NOW - 999 })),
      verify(signed(), { body: 'x' }),
    ].map((r) => (r.ok ? '' : r.detail));
    for (const d of details) expect(d).not.toContain(SECRET);
  });
});

describe('nonce replay (NonceStore, in memory here)', () => {
  it('a nonce is accepted once per key; a replay within its expiry is seen', async () => {
    const store = memoryNonceStore();
    const until = new Date(Date.now() + 60_000);
    expect(await store.seen('k2', 'n'.repeat(22), until)).toBe(false);
    expect(await store.seen('k2', 'n'.repeat(22), until)).toBe(true);
    expect(await store.seen('k1', 'n'.repeat(22), until)).toBe(false);
  });

  it('forgets a nonce once it has expired, since its request can no longer pass the window', async () => {
    const store = memoryNonceStore();
    expect(await store.seen('k2', 'm'.repeat(22), new Date(Date.now() - 1))).toBe(false);
    expect(await store.seen('k2', 'm'.repeat(22), new Date(Date.now() + 60_000))).toBe(false);
  });
});

it('constantTimeEqual refuses different lengths without comparing', () => {
  expect(constantTimeEqual('abc', 'abc')).toBe(true);
  expect(constantTimeEqual('abc', 'abd')).toBe(false);
  expect(constantTimeEqual('abc', 'abcd')).toBe(false);
});

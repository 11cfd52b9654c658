import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureHeaders, signatureMatches, signedUri } from './signature.ts';

const SECRET = 'client-secret-for-unit-tests';
const NOW = 1_760_000_000_000;

function sign(uri: string, body: string, ts: string, secret = SECRET) {
  return createHmac('sha256', secret).update(`POST${uri}${body}${ts}`).digest('base64');
}

describe('HubSpot signature v3', () => {
  it('signs the public URL and the path as received, with the characters HubSpot lists decoded', () => {
    expect(signedUri('https://api.example.test/base/', '/v1/webhooks/hubspot')).toBe(
      'https://api.example.test/base/v1/webhooks/hubspot',
    );
    expect(signedUri('https://h.test', '/p?a=%3A%2F%3F%40%21%24%27%28%29%2A%2C%3B&b=%2c%20%26')).toBe(
      "https://h.test/p?a=:/?@!$'()*,;&b=,%20%26",
    );
  });

  const check = (headers: Record<string, string | undefined>, body = '[]', now = NOW) => {
    const h = signatureHeaders(headers, now);
    if (!h.ok) return h;
    const ok = signatureMatches({
      secret: SECRET,
      method: 'POST',
      uri: 'https://h.test/w',
      body: Buffer.from(body),
      ...h,
    });
    return ok ? { ok } : { ok, field: 'x-hubspot-signature-v3' };
  };
  const at = (ts: number) => ({
    'x-hubspot-request-timestamp': String(ts),
    'x-hubspot-signature-v3': sign('https://h.test/w', '[]', String(ts)),
  });

  it('accepts a signature over method, URI, body and timestamp within 5 minutes either way', () => {
    for (const ts of [NOW, NOW - 299_000, NOW + 299_000]) expect(check(at(ts))).toEqual({ ok: true });
  });

  it('refuses a stale, future, missing or malformed timestamp, and a wrong, short or missing signature', () => {
    expect(check(at(NOW - 301_000))).toMatchObject({ ok: false, field: 'x-hubspot-request-timestamp' });
    expect(check(at(NOW + 360_000))).toMatchObject({ ok: false, field: 'x-hubspot-request-timestamp' });
    expect(check({ 'x-hubspot-signature-v3': 'x' })).toMatchObject({ ok: false, field: 'x-hubspot-request-timestamp' });
    expect(check({ ...at(NOW), 'x-hubspot-request-timestamp': '1.5e12' })).toMatchObject({ ok: false });
    const ts = String(NOW);
    const signed = (signature: string | undefined) => ({
      'x-hubspot-request-timestamp': ts,
      'x-hubspot-signature-v3': signature,
    });
    const wrong = { ok: false, field: 'x-hubspot-signature-v3' };
    expect(check(signed(sign('https://h.test/w', '[]', ts, 'other')))).toMatchObject(wrong);
    expect(check(signed('c2hvcnQ='))).toMatchObject(wrong);
    expect(check(signed(undefined))).toMatchObject(wrong);
    expect(check(signed(sign('https://h.test/w', '[]', ts)), '[ ]')).toMatchObject(wrong);
  });
});

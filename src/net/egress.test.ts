import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSystem, fakeSystem, sendJson } from '../integrations/testing.ts';
import { blockedReason } from './addresses.ts';
import { createEgressClient, EgressError, privateEgressAllowed } from './egress.ts';

describe('addresses outbound calls refuse', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '198.18.0.1',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    '64:ff9b::a9fe:a9fe',
    '2002:7f00:1::1',
    '2001:db8::1',
  ])('%s is refused', (address) => {
    expect(blockedReason(address)).not.toBeNull();
  });

  it.each([
    '93.184.216.34',
    '1.1.1.1',
    '172.32.0.1',
    '2606:4700:4700::1111',
    '::ffff:93.184.216.34',
    '2002:5db8:d822::1',
  ])('%s is allowed', (address) => {
    expect(blockedReason(address)).toBeNull();
  });

  it('PALISADE_ALLOW_PRIVATE_EGRESS takes 1, true or yes', () => {
    expect(privateEgressAllowed({ PALISADE_ALLOW_PRIVATE_EGRESS: 'true' })).toBe(true);
    expect(privateEgressAllowed({ PALISADE_ALLOW_PRIVATE_EGRESS: '0' })).toBe(false);
    expect(privateEgressAllowed({})).toBe(false);
  });
});

describe('the egress client', () => {
  let sys: FakeSystem;
  beforeAll(async () => {
    sys = await fakeSystem((req, res) => {
      if (req.url.startsWith('/slow')) return void setTimeout(() => sendJson(res, 200, {}), 2_000);
      if (req.url.startsWith('/big')) return void sendJson(res, 200, { blob: 'x'.repeat(4096) });
      if (req.url.startsWith('/redirect')) {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
        return void res.end();
      }
      sendJson(res, 200, { ok: true, got: req.headers['x-probe'] ?? null });
    });
  });
  afterAll(() => sys.close());

  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: unknown) => e as EgressError,
    );

  it('refuses loopback by name and by literal address unless private egress is allowed', async () => {
    const strict = createEgressClient({ allowPrivate: false });
    const port = new URL(sys.url).port;
    for (const url of [
      `http://127.0.0.1:${port}/`,
      `http://localhost:${port}/`,
      `http://[::1]:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://2130706433:${port}/`,
    ]) {
      const err = await refusal(strict.request({ url }));
      expect(err, url).toBeInstanceOf(EgressError);
      expect(err!.code, url).toBe('blocked_address');
    }
    expect(sys.requests).toHaveLength(0);
  });

  it('checks every address a name resolves to, through the lookup the socket itself uses', async () => {
    // localhost resolves to 127.0.0.1 (and ::1): the name is refused before any connection is made.
    const err = await refusal(
      createEgressClient({ allowPrivate: false }).request({ url: `http://localhost:${new URL(sys.url).port}/x` }),
    );
    expect(err!.message).toMatch(/localhost resolves to .* refused/);
  });

  it('reaches a local system when private egress is allowed (as these tests do)', async () => {
    const res = await createEgressClient({ allowPrivate: true }).request({
      url: `${sys.url}/hello`,
      headers: { 'x-probe': 'yes' },
    });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ ok: true, got: 'yes' });
  });

  it('gives up at its deadline', async () => {
    const err = await refusal(
      createEgressClient({ allowPrivate: true, timeoutMs: 200 }).request({ url: `${sys.url}/slow` }),
    );
    expect(err!.code).toBe('timeout');
  });

  it('stops reading a response larger than its cap', async () => {
    const err = await refusal(
      createEgressClient({ allowPrivate: true, maxResponseBytes: 1024 }).request({ url: `${sys.url}/big` }),
    );
    expect(err!.code).toBe('response_too_large');
  });

  it('does not follow redirects (a redirect to the metadata service stays a 302)', async () => {
    const res = await createEgressClient({ allowPrivate: true }).request({ url: `${sys.url}/redirect` });
    expect(res.status).toBe(302);
  });

  it('refuses credentials in URLs and non-http schemes, and never quotes the query string in errors', async () => {
    const c = createEgressClient({ allowPrivate: false });
    expect((await refusal(c.request({ url: 'https://user:pw@example.com/' })))!.code).toBe('invalid_url');
    expect((await refusal(c.request({ url: 'file:///etc/passwd' })))!.code).toBe('invalid_url');
    const err = await refusal(
      c.request({ url: `http://127.0.0.1:${new URL(sys.url).port}/x?api_key=planted-in-query` }),
    );
    expect(err!.message).not.toContain('planted-in-query');
  });

  it('reports an unreachable host by its error code, not by a message that could quote the request', async () => {
    const err = await refusal(
      createEgressClient({ allowPrivate: true, timeoutMs: 2000 }).request({
        url: 'http://127.0.0.1:1/?token=planted-x',
      }),
    );
    expect(err!.code).toBe('connect_failed');
    expect(err!.message).toMatch(/ECONNREFUSED/);
    expect(err!.message).not.toContain('planted-x');
  });
});

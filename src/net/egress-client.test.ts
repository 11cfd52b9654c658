import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSystem, fakeSystem, sendJson } from '../integrations/testing.ts';
import { createEgressClient, EgressError, guardedGet } from './egress.ts';
import { unresponsivePort } from './testing.ts';

/**
 * The egress client and guardedGet against a local system: what they send, what they return, the
 * limits they keep and the exact errors they give. src/net/egress.test.ts covers the blocklist.
 */
let sys: FakeSystem;
beforeAll(async () => {
  sys = await fakeSystem((req, res) => {
    const u = new URL(req.url, 'http://x');
    if (u.pathname === '/bytes') return void res.end('x'.repeat(Number(u.searchParams.get('n'))));
    if (u.pathname === '/text') return void res.end('not json');
    if (u.pathname === '/slow') return void setTimeout(() => sendJson(res, 200, {}), 1_000);
    if (u.pathname === '/hop') {
      const left = Number(u.searchParams.get('left'));
      const status = Number(u.searchParams.get('status') ?? 302);
      res.writeHead(status, { location: left > 0 ? `/hop?left=${left - 1}&status=${status}` : '/final' });
      return void res.end();
    }
    if (u.pathname === '/to-ftp') {
      res.writeHead(301, { location: 'ftp://files.example/x' });
      return void res.end();
    }
    if (u.pathname === '/no-location') return void sendJson(res, 302, { moved: 'nowhere' });
    if (u.pathname === '/cut') {
      // Promise 1000 bytes, send 10, then drop the connection.
      res.writeHead(200, { 'content-length': '1000' });
      res.write('x'.repeat(10));
      return void setTimeout(() => res.socket?.destroy(), 20);
    }
    sendJson(res, 201, { method: req.method, body: req.body, headers: req.headers, path: req.url });
  });
});
afterAll(() => sys.close());

async function refusal(p: Promise<unknown>): Promise<EgressError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EgressError);
  return err as EgressError;
}
const expectError = async (p: Promise<unknown>, code: string, message: string) => {
  const err = await refusal(p);
  expect({ name: err.name, code: err.code, message: err.message }).toEqual({ name: 'EgressError', code, message });
};

describe('the egress client', () => {
  const local = () => createEgressClient({ allowPrivate: true });

  it('sends GET by default with its user agent, or the method, headers and body asked for', async () => {
    const get = await local().request({ url: `${sys.url}/echo?q=1` });
    expect(get.status).toBe(201);
    expect(get.json()).toMatchObject({
      method: 'GET',
      body: '',
      path: '/echo?q=1',
      headers: { 'user-agent': 'Palisade-Integrations/1' },
    });
    const post = await local().request({
      url: `${sys.url}/echo`,
      method: 'POST',
      headers: { 'user-agent': 'custom/2', 'x-probe': 'p' },
      body: '{"a":1}',
    });
    expect(post.json()).toMatchObject({
      method: 'POST',
      body: '{"a":1}',
      headers: { 'user-agent': 'custom/2', 'x-probe': 'p' },
    });
  });

  it('returns the body as bytes, as text, and as JSON when it is JSON', async () => {
    const res = await local().request({ url: `${sys.url}/text` });
    expect(res.body.equals(Buffer.from('not json'))).toBe(true);
    expect(res.text()).toBe('not json');
    expect(res.json()).toBeUndefined();
    expect(res.headers['content-length']).toBe('8');
  });

  it('reads a body of exactly the cap, and refuses one byte more', async () => {
    const capped = createEgressClient({ allowPrivate: true, maxResponseBytes: 100 });
    expect((await capped.request({ url: `${sys.url}/bytes?n=100` })).text()).toHaveLength(100);
    await expectError(
      capped.request({ url: `${sys.url}/bytes?n=101` }),
      'response_too_large',
      `${sys.url}/bytes answered with more than 100 bytes`,
    );
  });

  it('gives up at the deadline, naming origin and path only', async () => {
    await expectError(
      local().request({ url: `${sys.url}/slow?token=secret`, timeoutMs: 100 }),
      'timeout',
      `${sys.url}/slow did not answer within 100 ms`,
    );
    await expectError(
      createEgressClient({ allowPrivate: true, timeoutMs: 150 }).request({ url: `${sys.url}/slow` }),
      'timeout',
      `${sys.url}/slow did not answer within 150 ms`,
    );
  });

  it('a lower cap for one call applies to that call, and cannot raise the client cap', async () => {
    const capped = createEgressClient({ allowPrivate: true, maxResponseBytes: 100 });
    await expectError(
      capped.request({ url: `${sys.url}/bytes?n=51`, maxResponseBytes: 50 }),
      'response_too_large',
      `${sys.url}/bytes answered with more than 50 bytes`,
    );
    await expectError(
      capped.request({ url: `${sys.url}/bytes?n=101`, maxResponseBytes: 1000 }),
      'response_too_large',
      `${sys.url}/bytes answered with more than 100 bytes`,
    );
  });

  it('gives up on a connection that is never accepted at the connect deadline, long before the total one', async () => {
    const black = await unresponsivePort();
    try {
      const started = Date.now();
      await expectError(
        local().request({ url: `http://127.0.0.1:${black.port}/x?k=secret`, timeoutMs: 10_000, connectTimeoutMs: 200 }),
        'timeout',
        `http://127.0.0.1:${black.port}/x did not accept a connection within 200 ms`,
      );
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await black.close();
    }
  });

  it('a connect deadline does not cut a slow answer once connected: only the total deadline does', async () => {
    const res = await local().request({ url: `${sys.url}/slow`, timeoutMs: 5_000, connectTimeoutMs: 100 });
    expect(res.status).toBe(200);
  });

  it('reports a refused connection by its code, and speaks TLS to an https URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expectError(
      local().request({ url: `http://127.0.0.1:${port}/x?key=secret` }),
      'connect_failed',
      `http://127.0.0.1:${port}/x could not be reached (ECONNREFUSED)`,
    );
    // The local system speaks plain HTTP: a TLS handshake with it fails, so https really is TLS.
    const tls = await refusal(local().request({ url: `${sys.url.replace('http:', 'https:')}/echo` }));
    expect(tls.code).toBe('connect_failed');
  });

  it('a connection dropped in the middle of the body is an error, not a short answer', async () => {
    const err = await refusal(local().request({ url: `${sys.url}/cut` }));
    expect(err.code).toBe('connect_failed');
    expect(err.message).toMatch(new RegExp(`^${sys.url}/cut could not be reached \\(\\w+\\)$`));
  });

  it('refuses what is not an http(s) URL, and credentials in one, saying so exactly', async () => {
    await expectError(local().request({ url: 'not a url' }), 'invalid_url', 'the URL is not valid');
    await expectError(
      local().request({ url: 'ftp://127.0.0.1/x' }),
      'invalid_url',
      'ftp: URLs are not allowed: use https',
    );
    await expectError(
      local().request({ url: 'file:///etc/passwd' }),
      'invalid_url',
      'file: URLs are not allowed: use https',
    );
    for (const creds of ['user@', ':pw@', 'user:pw@']) {
      await expectError(
        local().request({ url: `http://${creds}127.0.0.1:1/p?q=1` }),
        'invalid_url',
        'http://127.0.0.1:1/p: credentials in URLs are not allowed',
      );
    }
    expect(sys.requests.filter((r) => r.url.startsWith('/p'))).toEqual([]);
  });

  it('refuses a literal private address, saying why, and a name resolving to one, naming the address', async () => {
    const strict = createEgressClient({ allowPrivate: false });
    const port = new URL(sys.url).port;
    await expectError(
      strict.request({ url: `http://10.1.2.3:${port}/x` }),
      'blocked_address',
      `http://10.1.2.3:${port} is a private, loopback, link-local or reserved IPv4 address: outbound calls there are refused (PALISADE_ALLOW_PRIVATE_EGRESS permits them)`,
    );
    await expectError(
      strict.request({ url: `http://[fe80::1]:${port}/x` }),
      'blocked_address',
      `http://[fe80::1]:${port} is a private, loopback, link-local or reserved IPv6 address: outbound calls there are refused (PALISADE_ALLOW_PRIVATE_EGRESS permits them)`,
    );
    const byName = await refusal(strict.request({ url: `http://localhost:${port}/x` }));
    expect(byName.code).toBe('blocked_address');
    expect(byName.message).toMatch(
      /^localhost resolves to (127\.0\.0\.1|::1), a private, loopback, link-local or reserved IPv(4|6) address: outbound calls there are refused \(PALISADE_ALLOW_PRIVATE_EGRESS permits them\)$/,
    );
    expect(strict.allowPrivate).toBe(false);
    expect(local().allowPrivate).toBe(true);
  });

  it('with private egress allowed, a name resolving to loopback is reached', async () => {
    const res = await local().request({ url: `http://localhost:${new URL(sys.url).port}/echo` });
    expect(res.status).toBe(201);
  });
});

describe('guardedGet', () => {
  const opts = { allowPrivate: true };

  it('returns status, headers, body and the URL that answered, sending its own user agent', async () => {
    const res = await guardedGet(`${sys.url}/echo`, { ...opts, headers: { 'x-probe': 'w' } });
    expect(res.status).toBe(201);
    expect(res.url).toBe(`${sys.url}/echo`);
    expect(res.headers['content-type']).toMatch(/json/);
    expect(JSON.parse(res.body).headers).toMatchObject({
      'user-agent': 'palisade-watcher',
      accept: '*/*',
      'x-probe': 'w',
    });
  });

  it.each([301, 302, 303, 307, 308])('follows a %i redirect, resolving a relative location', async (status) => {
    const res = await guardedGet(`${sys.url}/hop?left=0&status=${status}`, opts);
    expect(res.url).toBe(`${sys.url}/final`);
    expect(res.status).toBe(201);
  });

  it('follows at most 3 redirects unless told otherwise', async () => {
    expect((await guardedGet(`${sys.url}/hop?left=2`, opts)).url).toBe(`${sys.url}/final`);
    await expectError(guardedGet(`${sys.url}/hop?left=3`, opts), 'too_many_redirects', 'more than 3 redirects');
    await expectError(
      guardedGet(`${sys.url}/hop?left=0`, { ...opts, maxRedirects: 0 }),
      'too_many_redirects',
      'more than 0 redirects',
    );
    expect((await guardedGet(`${sys.url}/hop?left=4`, { ...opts, maxRedirects: 5 })).url).toBe(`${sys.url}/final`);
  });

  it('a redirect status without a location is the answer itself', async () => {
    const res = await guardedGet(`${sys.url}/no-location`, opts);
    expect(res.status).toBe(302);
    expect(JSON.parse(res.body)).toEqual({ moved: 'nowhere' });
  });

  it('fetches https URLs (over TLS, which the local plain-HTTP system cannot speak)', async () => {
    const err = await refusal(guardedGet(`${sys.url.replace('http:', 'https:')}/echo`, opts));
    expect(err.code).toBe('connect_failed');
  });

  it('checks each target again: a redirect to another scheme is refused', async () => {
    await expectError(
      guardedGet(`${sys.url}/to-ftp`, opts),
      'invalid_url',
      'only http and https URLs can be fetched, not ftp:',
    );
    await expectError(
      guardedGet('ftp://127.0.0.1/x', opts),
      'invalid_url',
      'only http and https URLs can be fetched, not ftp:',
    );
  });

  it('keeps one deadline and one size cap, with messages that name no URL', async () => {
    await expectError(guardedGet(`${sys.url}/slow`, { ...opts, timeoutMs: 100 }), 'timeout', 'timed out after 100 ms');
    await expectError(
      guardedGet(`${sys.url}/bytes?n=51`, { ...opts, maxBytes: 50 }),
      'response_too_large',
      'the response is larger than 50 bytes',
    );
    expect((await guardedGet(`${sys.url}/bytes?n=50`, { ...opts, maxBytes: 50 })).body).toHaveLength(50);
  });

  it('passes other errors through unchanged', async () => {
    await expectError(
      guardedGet(`http://10.9.9.9:1/x`, { allowPrivate: false }),
      'blocked_address',
      'http://10.9.9.9:1 is a private, loopback, link-local or reserved IPv4 address: outbound calls there are refused (PALISADE_ALLOW_PRIVATE_EGRESS permits them)',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { DEMO } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';
import { bearer, json, testConfig, userToken, useServer } from './testing.ts';

/*
 * The CORS headers as the server sends them (src/server/plugins/cors.ts); what a browser does with
 * them is proven in cors.browser.test.ts.
 */

const APP = 'https://app.example.com';
const A = DEMO.orgs.a;

const preflight = (origin: string, method = 'PATCH') => ({
  method: 'OPTIONS' as const,
  url: `/v1/orgs/${A.id}`,
  headers: {
    origin,
    'access-control-request-method': method,
    'access-control-request-headers': 'authorization,content-type,if-match',
  },
});

describeEngines('CORS', (ctx) => {
  describe('on, for the origins listed', () => {
    const server = useServer(ctx, () => ({ config: testConfig({ corsOrigins: [APP] }) }));

    it('answers a preflight from a listed origin without a credential, and without credentials mode', async () => {
      const res = await server.inject(preflight(APP));
      expect(res.statusCode).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe(APP);
      expect(res.headers['access-control-allow-methods']).toBe('GET, HEAD, POST, PUT, PATCH, DELETE');
      expect(res.headers['access-control-allow-headers']).toBe(
        'authorization, content-type, if-match, x-api-key, x-request-id',
      );
      expect(res.headers['access-control-max-age']).toBe('600');
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      expect(res.headers.vary).toMatch(/Origin/);
    });

    it('gives an origin not listed no Access-Control-Allow-Origin, so its browser refuses', async () => {
      for (const origin of ['https://evil.example', 'https://app.example.com.evil.example', 'null']) {
        const res = await server.inject(preflight(origin));
        expect(res.headers['access-control-allow-origin']).toBeUndefined();
        const get = await server.inject({ method: 'GET', url: '/v1/orgs', headers: { origin } });
        expect(get.headers['access-control-allow-origin']).toBeUndefined();
      }
    });

    it('lets the page read ETag and the request id of a real call', async () => {
      const token = await userToken(A.users.owner.id, { email: A.users.owner.email });
      const res = await server.inject({
        method: 'GET',
        url: `/v1/orgs/${A.id}`,
        headers: { origin: APP, ...bearer(token) },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe(APP);
      const exposed = String(res.headers['access-control-expose-headers']).split(', ');
      expect(exposed).toEqual(expect.arrayContaining(['etag', 'x-request-id', 'location', 'retry-after']));
      expect(res.headers.etag).toBeDefined();
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    });

    it('puts the CORS headers on errors too, so the page can read why it failed', async () => {
      const res = await server.inject({ method: 'GET', url: '/v1/orgs', headers: { origin: APP } });
      expect(res.statusCode).toBe(401);
      expect(res.headers['access-control-allow-origin']).toBe(APP);
      expect(json(res).error.code).toBe('PS401');
    });
  });

  describe('preflights and the rate limit', () => {
    const server = useServer(ctx, () => ({
      config: testConfig({ corsOrigins: [APP], rateLimit: { max: 2, timeWindowMs: 60_000 } }),
    }));

    it('does not count preflights against the caller, and a 429 still carries the CORS headers', async () => {
      for (let i = 0; i < 5; i++) expect((await server.inject(preflight(APP))).statusCode).toBe(204);
      const token = await userToken(A.users.owner.id, { email: A.users.owner.email });
      const call = () => server.inject({ method: 'GET', url: '/v1/orgs', headers: { origin: APP, ...bearer(token) } });
      expect((await call()).statusCode).toBe(200);
      expect((await call()).statusCode).toBe(200);
      const limited = await call();
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['access-control-allow-origin']).toBe(APP);
      expect(limited.headers['retry-after']).toBeDefined();
    });
  });

  describe('off (PALISADE_CORS_ORIGINS unset, the default)', () => {
    const server = useServer(ctx);

    it('sends no CORS header and answers no preflight', async () => {
      const res = await server.inject(preflight(APP));
      // Not a preflight answer: 404 or 405 (a known path, another method), never 2xx.
      expect([404, 405]).toContain(res.statusCode);
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
      const token = await userToken(A.users.owner.id, { email: A.users.owner.email });
      const get = await server.inject({ method: 'GET', url: '/v1/orgs', headers: { origin: APP, ...bearer(token) } });
      expect(get.statusCode).toBe(200);
      expect(Object.keys(get.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    });
  });
});

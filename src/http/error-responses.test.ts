import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Principal } from '../db/principal.ts';
import { PalisadeError } from '../errors/error.ts';
import { ErrorBody, frameworkErrors, registerErrors } from './errors.ts';

/**
 * registerErrors on a bare Fastify instance: the one error shape, the headers every answer
 * carries, and what is logged, without a database or the rest of the server.
 */
let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function build(principal: Principal | undefined = undefined) {
  const logs: { level: number; msg: string; err?: unknown; code?: string; status?: number; field?: string }[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(JSON.parse(String(chunk)));
      cb();
    },
  });
  app = Fastify({ logger: { level: 'info', stream }, genReqId: () => 'req-1' });
  app.decorateRequest('principal', null as never);
  app.addHook('onRequest', async (req) => {
    if (principal) req.principal = principal;
  });
  registerErrors(app);
  const routes: Record<string, () => unknown> = {
    '/v1/refused': () => {
      throw new PalisadeError('PS422', 'name: too long', 'name');
    },
    '/v1/unauthenticated': () => {
      throw new PalisadeError('PS401', 'the token has expired');
    },
    '/v1/forbidden': () => {
      throw Object.assign(new Error('permission denied for table projects'), { code: '42501', severity: 'ERROR' });
    },
    '/v1/conflict': () => {
      throw new PalisadeError('PS409', 'taken');
    },
    '/v1/bug': () => {
      throw new Error('select secret from t: syntax error');
    },
    '/v1/ok': () => ({ ok: true }),
    '/health': () => ({ ok: true }),
  };
  for (const [url, handler] of Object.entries(routes)) app.get(url, async () => handler());
  app.get('/v1/own-cache', async (_req, reply) => reply.header('cache-control', 'max-age=60').send({ ok: true }));
  return { app, logs };
}

const user: Principal = { kind: 'user', userId: '6a0c47b5-8a5e-4f57-9d0e-3b1f0c2d9e11' };

describe('error answers', () => {
  it('are { error: { code, message, field, requestId } } as JSON, with the status of the code', async () => {
    const { app } = build(user);
    const res = await app.inject({ method: 'GET', url: '/v1/refused' });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.json()).toEqual({
      error: { code: 'PS422', message: 'name: too long', field: 'name', requestId: 'req-1' },
    });
    expect(res.headers['www-authenticate']).toBeUndefined();
  });

  it('a refusal without a field carries none', async () => {
    const { app } = build(user);
    expect((await app.inject({ method: 'GET', url: '/v1/conflict' })).json()).toEqual({
      error: { code: 'PS409', message: 'taken', requestId: 'req-1' },
    });
  });

  it('a 401 carries a Bearer challenge', async () => {
    const { app } = build();
    const res = await app.inject({ method: 'GET', url: '/v1/unauthenticated' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="palisade", error="invalid_token"');
  });

  it('permission denied is 401 for no principal or an anonymous one, and 403 for a signed-in caller', async () => {
    expect((await build().app.inject({ method: 'GET', url: '/v1/forbidden' })).statusCode).toBe(401);
    await app?.close();
    expect((await build({ kind: 'anonymous' }).app.inject({ method: 'GET', url: '/v1/forbidden' })).statusCode).toBe(
      401,
    );
    await app?.close();
    const res = await build(user).app.inject({ method: 'GET', url: '/v1/forbidden' });
    expect(res.statusCode).toBe(403);
    expect(res.headers['www-authenticate']).toBeUndefined();
  });

  it('an internal error says only "internal error", and is logged with its stack', async () => {
    const { app, logs } = build(user);
    const res = await app.inject({ method: 'GET', url: '/v1/bug' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'PS500', message: 'internal error', requestId: 'req-1' } });
    const logged = logs.find((l) => l.msg === 'request failed');
    expect(logged?.level).toBe(50);
    expect(JSON.stringify(logged?.err)).toContain('syntax error');
  });

  it('a caller error is logged at info with its code, status and field; 401 and 403 are not logged', async () => {
    const { app, logs } = build(user);
    await app.inject({ method: 'GET', url: '/v1/refused' });
    expect(logs.filter((l) => l.msg === 'name: too long')).toEqual([
      expect.objectContaining({ level: 30, code: 'PS422', status: 422, field: 'name' }),
    ]);
    await app.inject({ method: 'GET', url: '/v1/unauthenticated' });
    await app.inject({ method: 'GET', url: '/v1/forbidden' });
    expect(logs.filter((l) => l.msg === 'the token has expired' || l.msg === 'you are not allowed to do this')).toEqual(
      [],
    );
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
  });
});

describe('every answer', () => {
  it('carries its request id and nosniff; API answers are never cached unless the route says so', async () => {
    const { app } = build(user);
    const ok = await app.inject({ method: 'GET', url: '/v1/ok' });
    expect(ok.headers['x-request-id']).toBe('req-1');
    expect(ok.headers['x-content-type-options']).toBe('nosniff');
    expect(ok.headers['cache-control']).toBe('no-store');
    expect((await app.inject({ method: 'GET', url: '/v1/refused' })).headers['cache-control']).toBe('no-store');
    expect((await app.inject({ method: 'GET', url: '/v1/own-cache' })).headers['cache-control']).toBe('max-age=60');
    const health = await app.inject({ method: 'GET', url: '/health' });
    expect(health.headers['cache-control']).toBeUndefined();
    expect(health.headers['x-content-type-options']).toBe('nosniff');
  });

  it('an unknown route is 404 naming the method and path, without the query, at most 200 characters', async () => {
    const { app } = build(user);
    const res = await app.inject({ method: 'DELETE', url: '/v1/nothing?token=secret' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'PS404', message: 'no route DELETE /v1/nothing', requestId: 'req-1' },
    });
    const long = `/x${'y'.repeat(300)}`;
    expect((await app.inject({ method: 'GET', url: long })).json().error.message).toBe(
      `no route GET ${long.slice(0, 200)}`,
    );
  });
});

describe('a wrong method', () => {
  it('on a known path is 405 with Allow, counting routes plugins register later; an unknown path stays 404', async () => {
    const { app } = build(user);
    app.patch('/v1/things/:id', async () => ({ ok: true }));
    // As @fastify/cors registers its preflight route: a catch-all OPTIONS, in a plugin, after the rest.
    await app.register(async (child) => {
      child.options('*', async (_req, reply) => reply.code(204).send());
    });
    const put = await app.inject({ method: 'PUT', url: '/v1/things/42?x=1' });
    expect(put.statusCode).toBe(405);
    expect(put.headers.allow).toBe('OPTIONS, PATCH');
    expect(put.json()).toEqual({
      error: { code: 'PS405', message: 'PUT is not allowed on /v1/things/42: use OPTIONS, PATCH', requestId: 'req-1' },
    });
    expect((await app.inject({ method: 'POST', url: '/v1/ok' })).headers.allow).toBe('GET, HEAD, OPTIONS');
    expect((await app.inject({ method: 'OPTIONS', url: '/v1/things/42' })).statusCode).toBe(204);
    // The catch-all makes no path known: elsewhere a wrong method is still "no route".
    const nowhere = await app.inject({ method: 'PUT', url: '/v1/things/42/more' });
    expect([nowhere.statusCode, nowhere.headers.allow]).toEqual([404, undefined]);
  });
});

describe('paths as the router reads them', () => {
  it('a parameter is one segment of any length and a literal dot is only a dot; only `*` alone is a catch-all', async () => {
    const { app } = build(user);
    app.get('/v1/orgs/:orgId/items/:itemId', async () => ({ ok: true }));
    app.post('/v1/files/:name.json', async () => ({ ok: true }));
    app.get('/v1/static/*', async () => ({ ok: true }));
    app.get('/v1/re/:n(^\\d+)', async () => ({ ok: true }));
    const allow = async (method: string, url: string) => {
      const r = await app.inject({ method, url });
      return [r.statusCode, r.headers.allow];
    };
    expect(await allow('PUT', '/v1/orgs/abc/items/defghi')).toEqual([405, 'GET, HEAD']);
    expect(await allow('PUT', '/v1/orgs/abc/items')).toEqual([404, undefined]);
    expect(await allow('PUT', '/v1/files/report.json')).toEqual([405, 'POST']);
    // The dot is literal: "reportXjson" is not the route's path.
    expect(await allow('PUT', '/v1/files/reportXjson')).toEqual([404, undefined]);
    // `/v1/static/*` covers what is under it and makes no other path known.
    expect(await allow('PUT', '/v1/static/a/b')).toEqual([405, 'GET, HEAD']);
    expect(await allow('PUT', '/v1/elsewhere')).toEqual([404, undefined]);
    // A parameter with a pattern is still one segment.
    expect(await allow('PUT', '/v1/re/12')).toEqual([405, 'GET, HEAD']);
    const long = `/v1/orgs/${'a'.repeat(300)}/items/x`;
    const r = await app.inject({ method: 'PUT', url: long });
    expect(r.json().error.message).toBe(`PUT is not allowed on ${long.slice(0, 200)}: use GET, HEAD`);
  });
});

describe('errors before routing', () => {
  it('malformed percent-encoding and an overlong parameter are 400 in the one shape; anything else is a logged 500', async () => {
    const logs: { level: number; msg: string }[] = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        logs.push(JSON.parse(String(chunk)));
        cb();
      },
    });
    app = Fastify({ logger: { level: 'info', stream }, genReqId: () => 'req-1', frameworkErrors });
    registerErrors(app);
    app.get('/v1/things/:id', async () => ({ ok: true }));
    const bad = await app.inject({ method: 'GET', url: '/v1/things/%ZZ' });
    expect([bad.statusCode, bad.json()]).toEqual([
      400,
      {
        error: {
          code: 'PS400',
          message: 'the URL is not valid: malformed percent-encoding in the path',
          requestId: 'req-1',
        },
      },
    ]);
    const long = await app.inject({ method: 'GET', url: `/v1/things/${'x'.repeat(101)}` });
    expect([long.statusCode, long.json().error]).toEqual([
      400,
      { code: 'PS400', message: 'a path parameter is too long (at most 100 characters)', requestId: 'req-1' },
    ]);
    expect(logs.filter((l) => l.msg === 'request failed before routing')).toEqual([]);
    // Any other error before routing: internal, logged, nothing of it in the answer.
    const reply = {
      sent: undefined as unknown,
      status: 0,
      code(n: number) {
        this.status = n;
        return this;
      },
      type() {
        return this;
      },
      send(body: unknown) {
        this.sent = body;
        return this;
      },
    };
    const logged: unknown[] = [];
    frameworkErrors(
      Object.assign(new Error('secret detail'), { code: 'FST_OTHER' }),
      {
        id: 'req-2',
        log: { error: (...a: unknown[]) => logged.push(a) },
      } as never,
      reply as never,
    );
    expect([reply.status, reply.sent]).toEqual([
      500,
      { error: { code: 'PS500', message: 'internal error', requestId: 'req-2' } },
    ]);
    expect(logged).toEqual([[{ err: expect.any(Error) }, 'request failed before routing']]);
  });
});

describe('the error body schema published in /openapi.json', () => {
  it('is the component "Error": code, message, an optional field and requestId, each described', () => {
    expect(z.globalRegistry.get(ErrorBody)).toMatchObject({ id: 'Error' });
    const body = { error: { code: 'PS404', message: 'project not found', requestId: 'r1' } };
    expect(ErrorBody.parse(body)).toEqual(body);
    expect(ErrorBody.parse({ error: { ...body.error, field: 'id', extra: 'dropped' } })).toEqual({
      error: { ...body.error, field: 'id' },
    });
    expect(ErrorBody.safeParse({ error: { code: 'PS404', message: 'x' } }).success).toBe(false);
    const { shape } = ErrorBody.shape.error;
    expect(shape.code.description).toMatch(/^PS401, PS403/);
    expect(shape.field.description).toMatch(/input field/);
    expect(shape.requestId.description).toMatch(/quote it/);
  });
});

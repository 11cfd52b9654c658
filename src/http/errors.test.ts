import type { LightMyRequestResponse } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Principal, withPrincipal } from '../db/principal.ts';
import { DEMO } from '../seed/ids.ts';
import { ROUTE_MODULES } from '../server/routes.ts';
import { bearer, json, testConfig, userToken, useServer } from '../server/testing.ts';
import { describeEngines } from '../testing/engines.ts';
import { mapError } from './error-map.ts';
import { run } from './run.ts';
import type { RouteModule } from './types.ts';

const A = DEMO.orgs.a;
const owner: Principal = { kind: 'user', userId: A.users.owner.id };

/** Routes that exist only in this test, to raise errors the real routes cannot on demand. */
const faults: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/test/check-violation', { schema: { hide: true } }, async (req) =>
    run(req, (tx) => tx.query(`insert into public.workspaces (org_id, name) values ($1, '   ')`, [A.id])),
  );
  r.post('/test/bug', { schema: { hide: true } }, async () => {
    throw Object.assign(
      new Error('syntax error at or near "selec" in: selec * from public.api_keys where key_hash = \'\\xdead\''),
      {
        code: '42601',
        severity: 'ERROR',
      },
    );
  });
  r.post('/test/crash', { schema: { hide: true } }, async () => {
    throw new TypeError("Cannot read properties of undefined (reading 'secret')");
  });
  r.post(
    '/test/body',
    { schema: { hide: true, body: z.object({ nested: z.object({ count: z.number().int() }) }).strict() } },
    async () => ({ ok: true }),
  );
};

async function dbError(db: Parameters<typeof withPrincipal>[0], p: Principal, sql: string, params: unknown[] = []) {
  return withPrincipal(db, p, (tx) => tx.query(sql, params)).then(
    () => {
      throw new Error(`expected ${sql} to fail`);
    },
    (e: unknown) => e,
  );
}

describeEngines('error mapping: real database errors become one client-safe shape', (ctx) => {
  it('a check violation is 422 naming the field from the constraint name', async () => {
    const e = await dbError(ctx.db, owner, `insert into public.workspaces (org_id, name) values ($1, '  ')`, [A.id]);
    expect(mapError(e, { anonymous: false })).toMatchObject({
      status: 422,
      code: 'PS422',
      field: 'name',
      internal: false,
    });
  });

  it('a unique violation is 409 naming the field', async () => {
    const e = await dbError(ctx.db, owner, `update public.organisations set slug = $2 where id = $1`, [
      A.id,
      DEMO.orgs.b.slug,
    ]);
    expect(mapError(e, { anonymous: false })).toMatchObject({ status: 409, code: 'PS409', field: 'slug' });
  });

  it('a reference to nothing is 422 naming the field; deleting something still referenced is 409', async () => {
    const insert = await dbError(
      ctx.db,
      { kind: 'service' },
      `insert into public.projects (org_id, workspace_id, name) values ($1, gen_random_uuid(), 'x')`,
      [A.id],
    );
    expect(mapError(insert, { anonymous: false })).toMatchObject({ status: 422, code: 'PS422', field: 'workspace_id' });
    const del = await ctx.db
      .transaction(async (tx) => {
        await tx.exec(`create temporary table parent (id int primary key); create temporary table child (p int references parent (id));
                       insert into parent values (1); insert into child values (1);`);
        await tx.query('delete from parent');
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(mapError(del, { anonymous: false })).toMatchObject({ status: 409, code: 'PS409' });
  });

  it('a permission error is 403 for a signed-in caller and 401 for an anonymous one', async () => {
    const e = await dbError(
      ctx.db,
      { kind: 'user', userId: A.users.viewer.id },
      `insert into platform.step_types (key, name) values ('x.y', 'X')`,
    );
    expect(mapError(e, { anonymous: false })).toMatchObject({ status: 403, code: 'PS403' });
    const anon = await dbError(ctx.db, { kind: 'anonymous' }, 'select * from public.organisations');
    expect(mapError(anon, { anonymous: true })).toMatchObject({ status: 401, code: 'PS401' });
  });

  it('PS codes keep their number (PS404, PS422 with its column) and the last-owner PS423 is a 409', async () => {
    const gone = await dbError(ctx.db, owner, 'select public.assert_tenant_membership($1)', [DEMO.orgs.b.id]);
    expect(mapError(gone, { anonymous: false })).toMatchObject({
      status: 404,
      code: 'PS404',
      field: 'org_id',
      message: 'organisation not found',
    });
    const last = await dbError(ctx.db, owner, 'select public.leave_organisation($1)', [A.id]);
    expect(mapError(last, { anonymous: false })).toMatchObject({ status: 409, code: 'PS423', field: 'role' });
    const blank = await dbError(ctx.db, owner, 'select public.create_organisation($1)', [' ']);
    expect(mapError(blank, { anonymous: false })).toMatchObject({ status: 422, code: 'PS422', field: 'name' });
  });

  it('a malformed value is 422 and its text is not echoed', async () => {
    const e = await dbError(ctx.db, owner, 'select $1::uuid', ['secret-looking-value']);
    const m = mapError(e, { anonymous: false });
    expect(m).toMatchObject({ status: 422, code: 'PS422' });
    expect(m.message).not.toContain('secret-looking-value');
  });

  it('a NUL the HTTP layer missed (22021 in text, 22P05 in jsonb) is 422, not 500', async () => {
    const inText = await dbError(ctx.db, owner, 'select $1::text', ['a\u0000b']);
    const inJson = await dbError(ctx.db, owner, `select $1::jsonb`, ['{"a":"\\u0000"}']);
    expect([(inText as { code: string }).code, (inJson as { code: string }).code]).toEqual(['22021', '22P05']);
    for (const e of [inText, inJson])
      expect(mapError(e, { anonymous: false })).toMatchObject({ status: 422, code: 'PS422', internal: false });
  });
});

describe('error mapping: anything unexpected is a 500 that says nothing', () => {
  it('unknown SQLSTATEs and plain exceptions become "internal error", and outages 503', () => {
    expect(
      mapError(Object.assign(new Error('relation "x" does not exist'), { code: '42P01', severity: 'ERROR' }), {
        anonymous: false,
      }),
    ).toEqual({
      status: 500,
      code: 'PS500',
      message: 'internal error',
      internal: true,
    });
    expect(mapError(new Error('boom'), { anonymous: false })).toMatchObject({ status: 500, message: 'internal error' });
    expect(
      mapError(Object.assign(new Error('terminating connection'), { code: '57P01', severity: 'FATAL' }), {
        anonymous: false,
      }),
    ).toMatchObject({ status: 503 });
    expect(
      mapError(Object.assign(new Error('could not serialize'), { code: '40001', severity: 'ERROR' }), {
        anonymous: false,
      }),
    ).toMatchObject({ status: 409 });
  });
});

describeEngines('errors over HTTP: one shape, the right status, nothing internal', (ctx) => {
  const server = useServer(ctx, () => ({ config: testConfig({ bodyLimit: 2048 }) }));
  const faulty = useServer(ctx, () => ({ routes: [...ROUTE_MODULES, async () => ({ default: faults })] }));
  let headers: Record<string, string>;
  beforeAll(async () => {
    headers = bearer(await userToken(A.users.owner.id));
  });

  const expectShape = (res: LightMyRequestResponse, status: number, code: string) => {
    expect(res.statusCode, res.body).toBe(status);
    const body = json(res);
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error.code).toBe(code);
    expect(body.error.requestId).toBe(res.headers['x-request-id']);
    expect(res.body).not.toMatch(/\bat .*\.ts:\d+|stack|select |insert into/i);
    return body.error as { code: string; message: string; field?: string };
  };

  it('a body over the limit is 413', async () => {
    const res = await server.inject({
      method: 'POST',
      url: '/v1/orgs',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(5000) }),
    });
    expectShape(res, 413, 'PS413');
  });

  it('malformed JSON is 400, a non-JSON body 415, and an unknown field 422 naming it', async () => {
    expectShape(
      await server.inject({
        method: 'POST',
        url: '/v1/orgs',
        headers: { ...headers, 'content-type': 'application/json' },
        payload: '{"name":',
      }),
      400,
      'PS400',
    );
    expectShape(
      await server.inject({
        method: 'POST',
        url: '/v1/orgs',
        headers: { ...headers, 'content-type': 'text/plain' },
        payload: 'name=x',
      }),
      415,
      'PS415',
    );
    const extra = expectShape(
      await server.inject({
        method: 'POST',
        url: '/v1/orgs',
        headers,
        payload: { name: 'x', owner_id: DEMO.loner.id },
      }),
      422,
      'PS422',
    );
    expect(extra.message).toMatch(/owner_id/);
    const missing = expectShape(
      await server.inject({ method: 'POST', url: '/v1/orgs', headers, payload: {} }),
      422,
      'PS422',
    );
    expect(missing.field).toBe('name');
  });

  it('nested body errors name the dotted path of the field', async () => {
    const err = expectShape(
      await faulty.inject({ method: 'POST', url: '/test/body', headers, payload: { nested: { count: 1.5 } } }),
      422,
      'PS422',
    );
    expect(err.field).toBe('nested.count');
  });

  it('a malformed path id is 400 naming the parameter, an unknown route 404, a wrong method 405', async () => {
    expect(
      expectShape(await server.inject({ method: 'GET', url: '/v1/orgs/not-a-uuid', headers }), 400, 'PS400').field,
    ).toBe('orgId');
    expectShape(await server.inject({ method: 'GET', url: '/v1/nothing-here', headers }), 404, 'PS404');
    const put = await server.inject({ method: 'PUT', url: `/v1/orgs/${A.id}`, headers });
    expectShape(put, 405, 'PS405');
    expect(put.headers.allow).toBe('DELETE, GET, HEAD, PATCH');
  });

  it('a database check violation reaches the client as 422 with the field, through a route', async () => {
    const err = expectShape(
      await faulty.inject({ method: 'POST', url: '/test/check-violation', headers }),
      422,
      'PS422',
    );
    expect(err.field).toBe('name');
  });

  it('a bug is a 500 saying "internal error": no SQL, no stack, no message from inside', async () => {
    for (const url of ['/test/bug', '/test/crash']) {
      const res = await faulty.inject({ method: 'POST', url, headers });
      const err = expectShape(res, 500, 'PS500');
      expect(err.message).toBe('internal error');
      expect(res.body).not.toMatch(/selec|key_hash|secret|TypeError/);
    }
  });

  it('a caller-supplied X-Request-Id is kept when plain, and replaced when it could smuggle anything', async () => {
    const kept = await server.inject({
      method: 'GET',
      url: '/v1/orgs/not-a-uuid',
      headers: { ...headers, 'x-request-id': 'trace-123.abc' },
    });
    expect(json(kept).error.requestId).toBe('trace-123.abc');
    const replaced = await server.inject({
      method: 'GET',
      url: '/v1/orgs/not-a-uuid',
      headers: { ...headers, 'x-request-id': 'evil\nline {"level":60}' },
    });
    expect(json(replaced).error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describeEngines('rate limiting: per principal, 429 with Retry-After', (ctx) => {
  const server = useServer(ctx, () => ({ config: testConfig({ rateLimit: { max: 3, timeWindowMs: 60_000 } }) }));

  it('the fourth request in a window is 429 with Retry-After, while another principal is unaffected', async () => {
    const alice = bearer(await userToken(A.users.member.id));
    const bob = bearer(await userToken(A.users.viewer.id));
    for (let i = 0; i < 3; i++)
      expect((await server.inject({ method: 'GET', url: '/v1/orgs', headers: alice })).statusCode).toBe(200);
    const limited = await server.inject({ method: 'GET', url: '/v1/orgs', headers: alice });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(json(limited).error).toMatchObject({ code: 'PS429', requestId: limited.headers['x-request-id'] });
    expect((await server.inject({ method: 'GET', url: '/v1/orgs', headers: bob })).statusCode).toBe(200);
  });

  it('failed sign-ins count against the client address, so guessing credentials is limited too', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push(
        (
          await server.inject({
            method: 'GET',
            url: '/v1/orgs',
            headers: { 'x-api-key': `pk_${String(i).repeat(43)}` },
            remoteAddress: '203.0.113.7',
          })
        ).statusCode,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it('health checks are never rate limited', async () => {
    for (let i = 0; i < 6; i++) expect((await server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});

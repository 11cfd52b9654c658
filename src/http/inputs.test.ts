import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { DEMO } from '../seed/ids.ts';
import { STANDARD_PARAMS, SWEEP_PROBES, type SweepProbe } from '../server/sweep-probes.ts';
import { bearer, json, userToken, useServer } from '../server/testing.ts';
import { describeEngines } from '../testing/engines.ts';

/**
 * Bad input is a 4xx naming the field, never a 500 (docs/security.md): a NUL anywhere in
 * the request, JSON nested deeper than the limit, and control characters in names. Every route
 * taking a JSON body is tried, from the probes of src/server/sweep-probes.ts.
 */
const A = DEMO.orgs.a;

interface BodyRoute {
  key: string;
  method: string;
  url: string;
  probe: SweepProbe & { body: NonNullable<SweepProbe['body']> };
}

const ROUTES: BodyRoute[] = Object.entries(SWEEP_PROBES).flatMap(([key, probe]) => {
  if (!probe.body) return [];
  const [method, path] = key.split(' ') as [string, string];
  const url = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = probe.params?.(A)[name] ?? STANDARD_PARAMS[name]?.(A);
    if (!value) throw new Error(`${key}: no value for {${name}}`);
    return value;
  });
  return [{ key, method, url, probe: probe as BodyRoute['probe'] }];
});

const bodyOf = (r: BodyRoute) => r.probe.body(A) as Record<string, unknown>;

describeEngines('bad input is a 4xx naming the field, never a 500', (ctx) => {
  // API requests are metered whatever their answer (src/revenue/usage/meter.ts) and written at each
  // flush: no flush in this file's lifetime, so a flush landing between two fingerprints cannot
  // look like a refused request writing (it did, once in a few runs: usage_counters, usage_events).
  const server = useServer(ctx, () => ({ meterFlushMs: 3_600_000 }));
  const as: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    as.user = bearer(await userToken(A.users.owner.id, { email: A.users.owner.email }));
    const operator = bearer(await userToken(DEMO.platformAdmin.id, { email: DEMO.platformAdmin.email }));
    const minted = await server.inject({ method: 'POST', url: '/v1/admin/token', headers: operator });
    expect(minted.statusCode).toBe(201);
    as.admin = bearer(json(minted).token);
  });

  const headersFor = (r: BodyRoute) => ({
    ...(r.probe.scope === 'admin' ? as.admin : as.user),
    'content-type': 'application/json',
  });

  /** Every row of every table outside the system schemas: a refused request changes none of it. */
  async function fingerprint(): Promise<string> {
    const { rows: tables } = await ctx.db.query<{ t: string }>(
      `select format('%I.%I', table_schema, table_name) as t from information_schema.tables
       where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
       order by 1`,
    );
    const out: string[] = [];
    for (const { t } of tables) {
      // palisade-lint: constant-sql table names read from the catalog, quoted by format('%I.%I')
      const { rows } = await ctx.db.query<{ h: string }>(
        `select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) as h from ${t} x`,
      );
      out.push(`${t}:${rows[0]!.h}`);
    }
    return out.join('\n');
  }

  const refused = (res: LightMyRequestResponse, what: string) => {
    expect(res.statusCode, `${what}: ${res.body}`).toBe(422);
    const err = json(res).error as { code: string; field?: string; message: string };
    expect(err.code, what).toBe('PS422');
    expect(err.field, `${what}: ${res.body}`).toBeTruthy();
    return err;
  };

  it('a NUL in a string field of every route taking a JSON body is 422 naming the field, and writes nothing', async () => {
    expect(ROUTES.length).toBeGreaterThan(20);
    const before = await fingerprint();
    for (const r of ROUTES) {
      const body = bodyOf(r);
      const key = Object.keys(body).find((k) => typeof body[k] === 'string') ?? 'note';
      const payload = { ...body, [key]: `${typeof body[key] === 'string' ? body[key] : 'x'}\u0000tail` };
      const res = await server.inject({
        method: r.method as 'POST',
        url: r.url,
        headers: headersFor(r),
        payload: JSON.stringify(payload),
      });
      expect(refused(res, r.key).field, r.key).toBe(key);
      expect(res.body, r.key).not.toContain('tail');
    }
    expect(await fingerprint()).toBe(before);
  });

  it('a NUL nested in a document, in an object key, in the query string or in a path parameter is 422 naming it', async () => {
    const org = `/v1/orgs/${A.id}`;
    const nested = await server.inject({
      method: 'POST',
      url: '/v1/admin/rule-packs',
      headers: { ...as.admin, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'nul-pack', version: '1.0.0', spec: { rules: [{ id: 'a', text: 'x\u0000' }] } }),
    });
    expect(refused(nested, 'nested').field).toBe('spec.rules.0.text');
    const inKey = await server.inject({
      method: 'POST',
      url: '/v1/admin/rule-packs',
      headers: { ...as.admin, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'nul-pack', version: '1.0.0', spec: { 'a\u0000b': 1 } }),
    });
    expect(refused(inKey, 'key').field).toMatch(/^spec\./);
    const query = await server.inject({ method: 'GET', url: `${org}/audit?action=x%00y`, headers: as.user });
    expect(refused(query, 'query').field).toBe('action');
    const params = await server.inject({ method: 'GET', url: `/v1/orgs/${A.id}%00`, headers: as.user });
    expect(refused(params, 'params').field).toBe('orgId');
  });

  it('JSON nested 5,000 deep is 422 naming where it went too deep on every route taking a JSON body, and writes nothing', async () => {
    const before = await fingerprint();
    const deepObject = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const deepArray = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    for (const r of ROUTES) {
      const body = bodyOf(r);
      const key =
        Object.keys(body).find((k) => body[k] !== null && typeof body[k] === 'object') ?? Object.keys(body)[0] ?? 'x';
      const rest = JSON.stringify({ ...body, [key]: 0 }).replace(`"${key}":0`, `"${key}":__DEEP__`);
      for (const deep of [deepObject, deepArray]) {
        const res = await server.inject({
          method: r.method as 'POST',
          url: r.url,
          headers: headersFor(r),
          payload: rest.replace('__DEEP__', deep),
        });
        const err = refused(res, `${r.key} ${deep[0]}`);
        expect(err.field!.startsWith(key), r.key).toBe(true);
        expect(err.message, r.key).toMatch(/deep/);
      }
      const whole = await server.inject({
        method: r.method as 'POST',
        url: r.url,
        headers: headersFor(r),
        payload: deepArray,
      });
      refused(whole, `${r.key} whole body`);
    }
    expect(await fingerprint()).toBe(before);
  });

  it('a name with a control character is 422 naming the field on every route that takes a name, and writes nothing', async () => {
    const named = ROUTES.flatMap((r) => {
      const body = bodyOf(r);
      const key = ['name', 'display_name'].find((k) => typeof body[k] === 'string');
      return key ? [{ r, body, key }] : [];
    });
    expect(named.map((n) => n.r.key)).toEqual(
      expect.arrayContaining([
        'POST /v1/orgs',
        'PATCH /v1/me',
        'POST /v1/orgs/{orgId}/workspaces',
        'POST /v1/orgs/{orgId}/projects',
        'POST /v1/orgs/{orgId}/api-keys',
        'PATCH /v1/orgs/{orgId}/api-keys/{keyId}',
        'POST /v1/orgs/{orgId}/integrations',
        'PATCH /v1/orgs/{orgId}/integrations/{integrationId}',
      ]),
    );
    const before = await fingerprint();
    for (const { r, body, key } of named) {
      for (const c of ['\u0001', '\u0007', '\u001b', '\u007f', '\n', '\r', '\t', '\u001f']) {
        const res = await server.inject({
          method: r.method as 'POST',
          url: r.url,
          headers: headersFor(r),
          payload: JSON.stringify({ ...body, [key]: `bad${c}name` }),
        });
        // The integration routes name document fields as JSON paths (`$.display_name`).
        expect(refused(res, `${r.key} ${JSON.stringify(c)}`).field?.replace(/^\$\./, ''), r.key).toBe(key);
      }
    }
    expect(await fingerprint()).toBe(before);
  });
});

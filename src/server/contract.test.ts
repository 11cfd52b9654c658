import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { DEMO, type DemoOrg } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';
import {
  acceptedRefused,
  bodyArbitrary,
  contractProblems,
  NASTY_STRINGS,
  type OpenApiDocument,
  type OperationObject,
  type Resolve,
  resolver,
  schemaValidator,
  textArbitrary,
  withResponsesResolved,
} from './contract.ts';
import { STANDARD_PARAMS, SWEEP_PROBES } from './sweep-probes.ts';
import { bearer, json, userToken, useServer } from './testing.ts';

/**
 * Contract fuzzing: fast-check builds requests for every operation of /openapi.json from its
 * own schemas (valid values, missing and unknown fields, wrong types, NUL, lone surrogates, huge
 * strings, edge numbers; seeded ids of both organisations, random uuids and junk in the path)
 * and sends them as A's owner, an API key of A and a platform admin. Every answer must be a
 * documented status with a body matching the documented schema, never a 5xx; a 204 has no body.
 * The seed is fixed, so a run is repeatable; TEST_CONTRACT_RUNS (runs per operation) and
 * TEST_CONTRACT_SEED dig deeper or elsewhere (docs/testing.md).
 */
const RUNS = Number(process.env.TEST_CONTRACT_RUNS) || 10;
const SEED = Number(process.env.TEST_CONTRACT_SEED) || 24;
const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Operation {
  key: string;
  method: string;
  path: string;
  spec: OperationObject;
}

type Persona = 'owner' | 'key' | 'admin';

/** The demo value of a path parameter in an organisation, as the sweep probes know it. */
function demoParam(key: string, name: string, o: DemoOrg): string | undefined {
  return SWEEP_PROBES[key]?.params?.(o)[name] ?? STANDARD_PARAMS[name]?.(o);
}

/** A request for one operation, as data (so fast-check can print a failing one). */
interface Request {
  persona: Persona;
  path: Record<string, string>;
  query: Record<string, string | undefined>;
  headers: Record<string, string | undefined>;
  body?: { value: unknown };
}

function requestArbitrary(op: Operation, resolve: Resolve): fc.Arbitrary<Request> {
  const params = op.spec.parameters ?? [];
  const path: Record<string, fc.Arbitrary<string>> = {};
  const query: Record<string, fc.Arbitrary<string | undefined>> = {};
  const headers: Record<string, fc.Arbitrary<string | undefined>> = {};
  for (const p of params) {
    if (p.in === 'path') {
      const demo = [demoParam(op.key, p.name, A), demoParam(op.key, p.name, B)].filter((v): v is string => !!v);
      path[p.name] = fc.oneof(
        { weight: 4, arbitrary: demo.length > 0 ? fc.constantFrom(...demo) : fc.uuid() },
        { weight: 1, arbitrary: fc.uuid() },
        { weight: 1, arbitrary: fc.constantFrom(...NASTY_STRINGS.filter((s) => s !== '')) },
      );
    } else if (p.in === 'query') {
      query[p.name] = fc.option(textArbitrary(p.schema, resolve), { nil: undefined, freq: 2 });
    } else if (p.in === 'header') {
      headers[p.name] = fc.option(
        textArbitrary(p.schema, resolve).map((v) => v.replace(/[^\t\x20-\x7e\x80-\xff]/g, '')),
        { nil: undefined, freq: 2 },
      );
    }
  }
  const bodySchema = op.spec.requestBody?.content?.['application/json']?.schema;
  const known = SWEEP_PROBES[op.key]?.body;
  const personas: Persona[] = op.path.startsWith('/v1/admin/')
    ? ['admin', 'admin', 'owner']
    : ['owner', 'key', 'admin'];
  return fc.record({
    persona: fc.constantFrom(...personas),
    path: fc.record(path),
    query: fc.record(query),
    headers: fc.record(headers),
    ...(bodySchema
      ? { body: bodyArbitrary(bodySchema, resolve, known ? () => known(A) : undefined).map((value) => ({ value })) }
      : {}),
  });
}

/**
 * encodeURIComponent, except that a lone surrogate (which it refuses) is sent as the three bytes
 * it would be in WTF-8: invalid UTF-8 in the path or query, which the server must refuse without a 5xx.
 */
function encodeSegment(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0xd800 || cp > 0xdfff) out += encodeURIComponent(ch);
    else
      for (const b of [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)])
        out += `%${b.toString(16).toUpperCase()}`;
  }
  return out;
}

function urlOf(op: Operation, r: Pick<Request, 'path' | 'query'>): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeSegment(r.path[name] ?? ''));
  const qs = Object.entries(r.query)
    .flatMap(([k, v]) => (v === undefined ? [] : [`${encodeSegment(k)}=${encodeSegment(v)}`]))
    .join('&');
  return qs ? `${path}?${qs}` : path;
}

describeEngines('contract: every operation of /openapi.json keeps the promises of the document', (ctx) => {
  const server = useServer(ctx);
  const ops: Operation[] = [];
  const as = {} as Record<Persona, Record<string, string>>;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    doc = withResponsesResolved(json(await server.inject({ method: 'GET', url: '/openapi.json' })));
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const m of METHODS) {
        const spec = item[m];
        if (spec) ops.push({ key: `${m.toUpperCase()} ${path}`, method: m.toUpperCase(), path, spec });
      }
    }
    as.owner = bearer(await userToken(A.users.owner.id, { email: A.users.owner.email }));
    const created = await server.inject({
      method: 'POST',
      url: `/v1/orgs/${A.id}/api-keys`,
      headers: as.owner,
      payload: { name: 'contract', role: 'member' },
    });
    expect(created.statusCode, created.body).toBe(201);
    as.key = { 'x-api-key': json(created).key };
    const minted = await server.inject({
      method: 'POST',
      url: '/v1/admin/token',
      headers: bearer(await userToken(DEMO.platformAdmin.id, { email: DEMO.platformAdmin.email })),
    });
    expect(minted.statusCode, minted.body).toBe(201);
    as.admin = bearer(json(minted).token);
  });

  it(`fuzzed requests (${RUNS} per operation, seed ${SEED}) get documented statuses and bodies, never a 5xx, and no 2xx for input the document refuses`, async () => {
    expect(ops.length).toBeGreaterThan(30);
    const resolve = resolver(doc);
    const validator = schemaValidator(doc);
    const validators = {
      body: schemaValidator(doc, { request: true }),
      param: schemaValidator(doc, { coerce: true, request: true }),
    };
    /** One line per distinct problem (operation + what went wrong), with the first request that showed it. */
    const problems = new Map<string, string>();
    let sent = 0;
    /** Which operations some fuzzed request got through to a 2xx: the fuzz must reach the routes, not only their validation. */
    const reached = new Set<string>();
    for (const op of ops) {
      await fc.assert(
        fc.asyncProperty(requestArbitrary(op, resolve), async (r) => {
          const headers: Record<string, string> = { ...as[r.persona] };
          for (const [k, v] of Object.entries(r.headers)) if (v !== undefined) headers[k] = v;
          const payload = r.body ? JSON.stringify(r.body.value) : undefined;
          if (payload !== undefined) headers['content-type'] = 'application/json';
          const res = await server.inject({ method: op.method, url: urlOf(op, r), headers, payload });
          sent++;
          if (res.statusCode < 300) reached.add(op.key);
          const found = [
            ...contractProblems(op.spec, res, validator),
            ...acceptedRefused(op.spec, r, res.statusCode, validators),
          ];
          for (const p of found) {
            const key = `${op.key}: ${p}`;
            if (!problems.has(key))
              problems.set(
                key,
                `${key}\n    as ${r.persona}: ${urlOf(op, r).slice(0, 300)} ${payload?.slice(0, 300) ?? ''}`,
              );
          }
        }),
        // Problems are collected above rather than thrown, so one run reports every distinct one.
        { seed: SEED, numRuns: RUNS },
      );
    }
    expect(sent).toBe(ops.length * RUNS);
    expect([...problems.values()]).toEqual([]);
    expect(
      reached.size,
      `operations never answered 2xx: ${ops
        .filter((o) => !reached.has(o.key))
        .map((o) => o.key)
        .join(', ')}`,
    ).toBeGreaterThan(ops.length / 2);
  }, 600_000);

  it('an unknown query parameter is 400 naming it on every operation, before the route runs', async () => {
    const wrong: string[] = [];
    // A redirect target ignores the parameters its sender adds (SweepProbe.openQuery).
    for (const op of ops.filter((o) => !SWEEP_PROBES[o.key]?.openQuery)) {
      const persona: Persona = SWEEP_PROBES[op.key]?.scope === 'admin' ? 'admin' : 'owner';
      const path = Object.fromEntries(
        (op.spec.parameters ?? []).filter((p) => p.in === 'path').map((p) => [p.name, demoParam(op.key, p.name, A)!]),
      );
      const res = await server.inject({
        method: op.method,
        url: urlOf(op, { path, query: { limt: '5' } }),
        headers: as[persona],
        ...(op.spec.requestBody ? { payload: {} } : {}),
      });
      const err = res.statusCode === 400 ? json(res).error : undefined;
      if (err?.code !== 'PS400' || err.field !== 'limt') wrong.push(`${op.key} → ${res.statusCode} ${res.body}`);
    }
    expect(wrong).toEqual([]);
  });

  it('a known path with another method is 405 with Allow listing its methods; an unknown path stays 404; a malformed URL is 400', async () => {
    const byPath = new Map<string, string[]>();
    for (const op of ops) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op.method]);
    const wrong: string[] = [];
    for (const [path, methods] of byPath) {
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => demoParam(`${methods[0]} ${path}`, name, A)!);
      const expected = [...methods, ...(methods.includes('GET') ? ['HEAD'] : [])].sort().join(', ');
      for (const m of METHODS.map((x) => x.toUpperCase()).filter((x) => !methods.includes(x))) {
        const res = await server.inject({ method: m as 'GET', url, headers: as.owner });
        const ok = res.statusCode === 405 && res.headers.allow === expected && json(res).error.code === 'PS405';
        if (!ok) wrong.push(`${m} ${url} → ${res.statusCode} allow=${res.headers.allow} ${res.body.slice(0, 200)}`);
      }
    }
    expect(wrong).toEqual([]);
    for (const url of [
      '/v1/orgs/%ED%A0%80',
      '/v1/orgs/%ZZ',
      `/v1/orgs/${'a'.repeat(101)}`,
      '/v1/orgs?limit=%ED%A0%80',
      '/v1/orgs?cursor=%ZZ',
    ]) {
      const res = await server.inject({ method: 'GET', url, headers: as.owner });
      expect([url, res.statusCode, json(res).error.code]).toEqual([url, 400, 'PS400']);
    }
    const unknown = await server.inject({ method: 'DELETE', url: '/v1/no-such-thing', headers: as.owner });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers.allow).toBeUndefined();
    expect(json(unknown).error.code).toBe('PS404');
    // Without credentials too: the method is wrong whoever asks, and nothing else is told.
    const anonymous = await server.inject({ method: 'PUT', url: '/v1/me' });
    expect([anonymous.statusCode, anonymous.headers.allow]).toEqual([405, 'GET, HEAD, PATCH']);
  });
});

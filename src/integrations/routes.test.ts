import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PalisadeClient } from '../client/index.ts';
import { createEgressClient } from '../net/egress.ts';
import { DEMO } from '../seed/ids.ts';
import { buildServer } from '../server/app.ts';
import { bearer, captureLogs, json, testConfig, userToken } from '../server/testing.ts';
import { ok, testClient } from '../testing/client.ts';
import { describeEngines } from '../testing/engines.ts';
import { KeyRing } from '../vault/keyring.ts';
import { integrationTypes } from './registry.ts';
import { integrationRoutes } from './routes.ts';
import { DEMO_INTEGRATIONS } from './seed.ts';
import { dumpDatabase, type FakeSystem, fakeSystem, leakForms, plantedSecret, sendJson } from './testing.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
const SECRET = plantedSecret();

describeEngines('integrations API', (ctx) => {
  let app: FastifyInstance;
  let sys: FakeSystem;
  const logs = captureLogs('trace');
  const responses: string[] = [];
  const tokens: Record<string, Record<string, string>> = {};
  // The typed client per caller; every answer it gets is recorded for the leak check too.
  const as: Record<string, PalisadeClient> = {};

  beforeAll(async () => {
    sys = await fakeSystem((req, res) =>
      req.headers.authorization === `Bearer ${SECRET}`
        ? sendJson(res, 200, { results: [] })
        : sendJson(res, 401, { message: `bad token ${req.headers.authorization}` }),
    );
    app = await buildServer({
      db: ctx.db,
      config: testConfig({ logLevel: 'trace' }),
      logger: logs.logger,
      routes: [
        async () => ({
          default: integrationRoutes({
            ring: new KeyRing([{ id: 'api', key: randomBytes(32) }]),
            egress: createEgressClient({ allowPrivate: true }),
          }),
        }),
      ],
    });
    await app.ready();
    for (const [name, id] of Object.entries({
      ownerA: A.users.owner.id,
      adminA: A.users.admin.id,
      memberA: A.users.member.id,
      viewerA: A.users.viewer.id,
      ownerB: B.users.owner.id,
      memberB: B.users.member.id,
      loner: DEMO.loner.id,
    })) {
      const token = await userToken(id);
      tokens[name] = bearer(token);
      as[name] = testClient({ inject: (opts) => app.inject(opts) }, { token });
      as[name].use({
        async onResponse({ response }) {
          responses.push(await response.clone().text(), JSON.stringify(Object.fromEntries(response.headers)));
        },
      });
    }
  });
  afterAll(async () => {
    await app?.close();
    await sys?.close();
  });

  async function call(who: string, opts: Omit<InjectOptions, 'headers'>): Promise<LightMyRequestResponse> {
    const res = await app.inject({ ...opts, headers: tokens[who]! } as InjectOptions);
    responses.push(res.body, JSON.stringify(res.headers));
    return res;
  }
  const base = `/v1/orgs/${A.id}/integrations`;
  let created: { id: string };
  const inA = { params: { path: { orgId: A.id } } };
  const one = () => ({ params: { path: { orgId: A.id, integrationId: created.id } } });

  it('lists the integration types with field descriptions, and no values', async () => {
    const types = ok(await as.memberA!.GET('/v1/integration-types')).data as Array<{
      key: string;
      credentials: { properties?: Record<string, { description?: string }> };
    }>;
    expect(types.map((t) => t.key)).toEqual(integrationTypes.keys());
    const hubspot = types.find((t) => t.key === 'hubspot')!;
    expect(hubspot.credentials.properties?.accessToken?.description).toMatch(/Private app access token/);
    expect(JSON.stringify(types.map((t) => t.credentials))).not.toMatch(
      /"(default|examples|const)":\s*"(?!bearer|basic|api_key|none)/,
    );
  });

  it('offers the mapping sources: every field of Palisade’s records a mapping may read, with its type', async () => {
    const records = ok(await as.viewerA!.GET('/v1/integration-mapping-sources')).data;
    expect(records.flatMap((r) => r.fields.map((f) => f.source))).toEqual([...integrationTypes.sourcePaths]);
    expect(records.find((r) => r.record === 'employee')?.fields).toContainEqual({
      source: 'employee.start_date',
      type: 'date',
      description: 'First day of employment',
    });
    const spec = json<{ paths: Record<string, { get?: { operationId?: string } }> }>(
      await app.inject({ method: 'GET', url: '/openapi.json' }),
    );
    expect(spec.paths['/v1/integration-mapping-sources']?.get?.operationId).toBe('listIntegrationMappingSources');
  });

  it('an owner creates a draft, members read it, a viewer may not change it', async () => {
    created = ok(
      await as.ownerA!.POST('/v1/orgs/{orgId}/integrations', {
        ...inA,
        body: { type: 'hubspot', display_name: 'CRM', config: { apiUrl: sys.url, objectType: 'contacts' } },
      }),
      201,
    );
    expect(created).toMatchObject({ status: 'draft', credentials: { configured: false, updatedAt: null } });
    expect((await as.memberA!.GET('/v1/orgs/{orgId}/integrations/{integrationId}', one())).response.status).toBe(200);
    const denied = await as.viewerA!.PATCH('/v1/orgs/{orgId}/integrations/{integrationId}', {
      ...one(),
      body: { display_name: 'mine' },
    });
    expect(denied.response.status).toBe(403);
  });

  it('PUT …/credentials answers { configured: true, updatedAt } and nothing else', async () => {
    const res = ok(
      await as.adminA!.PUT('/v1/orgs/{orgId}/integrations/{integrationId}/credentials', {
        ...one(),
        body: { accessToken: SECRET },
      }),
    );
    expect(res).toEqual({ configured: true, updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    const got = ok(await as.viewerA!.GET('/v1/orgs/{orgId}/integrations/{integrationId}', one()));
    expect(got.credentials).toEqual({ configured: true, updatedAt: res.updatedAt });
  });

  it('POST …/test calls the system, records the outcome, and never echoes the credentials', async () => {
    const test = '/v1/orgs/{orgId}/integrations/{integrationId}/test' as const;
    const good = await as.ownerA!.POST(test, one());
    expect(good.data).toMatchObject({ ok: true, tested_at: expect.any(String) });
    await as.ownerA!.PUT('/v1/orgs/{orgId}/integrations/{integrationId}/credentials', {
      ...one(),
      body: { accessToken: `${SECRET}-rotated` },
    });
    const bad = await as.ownerA!.POST(test, one());
    expect(bad.data).toMatchObject({ ok: false, code: 'auth_failed' });
    expect((await as.memberA!.GET('/v1/orgs/{orgId}/integrations/{integrationId}', one())).data).toMatchObject({
      last_test_ok: false,
    });
    expect((await as.memberA!.POST(test, one())).response.status).toBe(403);
  });

  it('422 errors name the offending JSON path in the body, and never quote the value', async () => {
    const cases: Array<[string, InjectOptions, string]> = [
      [
        'mapping target',
        {
          method: 'PUT',
          url: `${base}/${created.id}/field-mappings`,
          payload: {
            schema_version: 2,
            mappings: [
              { source: 'lead.email', target: 'email' },
              { source: 'lead.company', target: 'iban' },
            ],
          },
        },
        '$.mappings[1].target',
      ],
      [
        'mapping source',
        {
          method: 'PUT',
          url: `${base}/${created.id}/field-mappings`,
          payload: { schema_version: 2, mappings: [{ source: 'lead.iban', target: 'email' }] },
        },
        '$.mappings[0].source',
      ],
      [
        'mapping source on create',
        {
          method: 'POST',
          url: base,
          payload: {
            type: 'hubspot',
            display_name: 'Guessed source',
            field_mappings: { schema_version: 2, mappings: [{ source: 'contact.email', target: 'email' }] },
          },
        },
        '$.field_mappings.mappings[0].source',
      ],
      [
        'transform',
        {
          method: 'PUT',
          url: `${base}/${created.id}/field-mappings`,
          payload: {
            schema_version: 2,
            mappings: [{ source: 'lead.email', target: 'email', transform: { kind: 'date' } }],
          },
        },
        '$.mappings[0].transform.format',
      ],
      [
        'schedule',
        {
          method: 'PUT',
          url: `${base}/${created.id}/sync-schedule`,
          payload: { kind: 'cron', expression: '0 3 * * *', timezone: 'Mars/Base' },
        },
        '$.timezone',
      ],
      [
        'nested on create',
        {
          method: 'POST',
          url: base,
          payload: { type: 'hubspot', display_name: 'X', sync_schedule: { kind: 'interval', minutes: 1 } },
        },
        '$.sync_schedule.minutes',
      ],
      [
        'secret in config',
        {
          method: 'PATCH',
          url: `${base}/${created.id}`,
          payload: {
            config: { apiUrl: sys.url, objectType: 'contacts', headers: { Authorization: `Bearer ${SECRET}` } },
          },
        },
        '$.config.headers.Authorization',
      ],
      [
        'credential type',
        { method: 'PUT', url: `${base}/${created.id}/credentials`, payload: { accessToken: 12345, note: SECRET } },
        '$.accessToken',
      ],
      ['unknown type', { method: 'POST', url: base, payload: { type: 'salesforce', display_name: 'X' } }, '$.type'],
      [
        'unknown field',
        { method: 'POST', url: base, payload: { type: 'hubspot', display_name: 'X', secretSauce: 1 } },
        '$.secretSauce',
      ],
    ];
    for (const [label, opts, path] of cases) {
      const res = await call('ownerA', opts);
      expect(res.statusCode, label).toBe(422);
      const err = json<{ error: { code: string; field: string; message: string } }>(res).error;
      expect(err, label).toMatchObject({ code: 'PS422', field: path });
      expect(err.message, label).not.toContain(SECRET);
    }
  });

  it("organisation B's people get 404 from every endpoint for A's integration, and see none of it", async () => {
    const id = DEMO_INTEGRATIONS.a.primary;
    const endpoints: InjectOptions[] = [
      { method: 'GET', url: base },
      { method: 'POST', url: base, payload: { type: 'hubspot', display_name: 'intruder' } },
      { method: 'GET', url: `${base}/${id}` },
      { method: 'PATCH', url: `${base}/${id}`, payload: { display_name: 'pwned' } },
      { method: 'DELETE', url: `${base}/${id}` },
      { method: 'PUT', url: `${base}/${id}/credentials`, payload: { apiToken: 'intruder-token' } },
      { method: 'DELETE', url: `${base}/${id}/credentials` },
      { method: 'PUT', url: `${base}/${id}/field-mappings`, payload: { schema_version: 2, mappings: [] } },
      { method: 'PUT', url: `${base}/${id}/sync-schedule`, payload: { kind: 'manual' } },
      { method: 'POST', url: `${base}/${id}/test` },
      { method: 'GET', url: `/v1/orgs/${A.id}/integration-notices` },
      { method: 'POST', url: `/v1/orgs/${A.id}/integration-notices/${DEMO_INTEGRATIONS.a.notice}/read` },
    ];
    for (const who of ['ownerB', 'memberB', 'loner']) {
      for (const e of endpoints) {
        const res = await call(who, e);
        expect(res.statusCode, `${who} ${e.method} ${e.url}`).toBe(404);
        expect(res.body).not.toContain(id);
        expect(res.body).not.toContain('Payroll export');
      }
    }
    // B's own caller with B's org id and A's integration id: still nothing.
    const mixed = await call('ownerB', { method: 'GET', url: `/v1/orgs/${B.id}/integrations/${id}` });
    expect(mixed.statusCode).toBe(404);
  });

  it('integration notices are for owners and admins', async () => {
    expect(ok(await as.adminA!.GET('/v1/orgs/{orgId}/integration-notices', inA)).data).toHaveLength(1);
    expect(ok(await as.memberA!.GET('/v1/orgs/{orgId}/integration-notices', inA)).data).toHaveLength(0);
    const read = await as.ownerA!.POST('/v1/orgs/{orgId}/integration-notices/{noticeId}/read', {
      params: { path: { orgId: A.id, noticeId: DEMO_INTEGRATIONS.a.notice } },
    });
    expect(read.data).toMatchObject({ read_at: expect.any(String) });
  });

  it('the planted credential appears in no response, no log line and no dump of the database', async () => {
    expect(logs.lines.length).toBeGreaterThan(10);
    const dump = await dumpDatabase(ctx.db, ctx.url);
    for (const form of leakForms(SECRET)) {
      expect(
        responses.some((r) => r.includes(form)),
        'an API response',
      ).toBe(false);
      expect(
        logs.lines.some((l) => l.includes(form)),
        'a log line',
      ).toBe(false);
      expect(dump.text.includes(form), dump.tool).toBe(false);
    }
    // The logs were real request logs, carrying request ids.
    expect(logs.lines.some((l) => l.includes('"requestId"'))).toBe(true);
  });

  it('PATCH refuses unknown fields and an error status, naming them', async () => {
    const unknown = await call('ownerA', {
      method: 'PATCH',
      url: `${base}/${created.id}`,
      payload: { type: 'xledger' },
    });
    expect(json(unknown)).toMatchObject({ error: { code: 'PS422', field: '$.type' } });
    const status = await call('ownerA', {
      method: 'PATCH',
      url: `${base}/${created.id}`,
      payload: { status: 'error' },
    });
    expect(json(status)).toMatchObject({ error: { code: 'PS422', field: '$.status' } });
  });

  it('without vault keys on a PostgreSQL deployment, credential writes answer 503 saying what to set', async () => {
    const keyless = await buildServer({
      db: ctx.db,
      config: testConfig(),
      routes: [async () => ({ default: integrationRoutes({ egress: createEgressClient({ allowPrivate: true }) }) })],
    });
    const saved = { url: process.env.DATABASE_URL, keys: process.env.PALISADE_VAULT_KEYS };
    process.env.DATABASE_URL = 'postgres://nobody@127.0.0.1:1/not-used';
    delete process.env.PALISADE_VAULT_KEYS;
    try {
      const owner = testClient(
        { inject: (opts) => keyless.inject(opts) },
        { token: await userToken(A.users.owner.id) },
      );
      const res = await owner.PUT('/v1/orgs/{orgId}/integrations/{integrationId}/credentials', {
        ...one(),
        body: { accessToken: 'never-stored' },
      });
      expect(res.response.status).toBe(503);
      expect(res.error).toMatchObject({
        error: { code: 'PS503', message: expect.stringContaining('PALISADE_VAULT_KEYS is not set') },
      });
    } finally {
      if (saved.url === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved.url;
      if (saved.keys !== undefined) process.env.PALISADE_VAULT_KEYS = saved.keys;
      await keyless.close();
    }
  });

  it('a deleted integration takes its encrypted credentials with it', async () => {
    const before = await ctx.db.query<{ n: number }>(
      'select count(*)::int as n from palisade_vault.secrets where org_id = $1',
      [A.id],
    );
    ok(await as.ownerA!.DELETE('/v1/orgs/{orgId}/integrations/{integrationId}', one()), 204);
    const after = await ctx.db.query<{ n: number }>(
      'select count(*)::int as n from palisade_vault.secrets where org_id = $1',
      [A.id],
    );
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n - 1);
  });
});

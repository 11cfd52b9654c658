import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withPrincipal } from '../db/principal.ts';
import { createEgressClient } from '../net/egress.ts';
import { DEMO } from '../seed/ids.ts';
import { buildServer } from '../server/app.ts';
import { bearer, json, testConfig, userToken } from '../server/testing.ts';
import { describeEngines } from '../testing/engines.ts';
import { KeyRing } from '../vault/keyring.ts';
import { integrationTypes } from './registry.ts';
import { integrationRoutes } from './routes.ts';
import { type FakeSystem, fakeSystem, plantedSecret, sendJson } from './testing.ts';
import { destinationFields } from './types/common.ts';
import type { AnyIntegrationType } from './types/define.ts';
import { configProblems } from './validate.ts';

/**
 * "Write-only" means a stored credential is only ever sent to the destination it was stored for:
 * re-pointing any URL field of an integration forgets its credentials in the same transaction.
 * The destinations are derived from the type definitions (their serviceUrl fields), not listed.
 * The forgetting is the database's (a trigger on every top-level URL value of config), shown here
 * end to end on two types, every destination of each; that each type sends its credentials only
 * to its destinations is part of every type's own contract (types/conformance.ts).
 */

const A = DEMO.orgs.a;
const SECRET = plantedSecret();

/** Non-URL settings and credentials of the types shown end to end. */
const EXAMPLES: Record<string, { settings: Record<string, unknown>; credentials: Record<string, unknown> }> = {
  dynamics365: {
    settings: { tenantId: randomUUID(), apiVersion: '9.2' },
    credentials: { clientId: randomUUID(), clientSecret: SECRET },
  },
  hubspot: { settings: { objectType: 'contacts' }, credentials: { accessToken: SECRET } },
};

it('every integration type names its destinations, and every URL-looking config field is one', () => {
  for (const type of integrationTypes.list()) {
    const destinations = destinationFields(type.config);
    expect(destinations.length, type.key).toBeGreaterThan(0);
    const urlish = Object.keys(type.config.shape).filter((k) => /url$/i.test(k));
    expect(
      urlish.filter((k) => !destinations.includes(k)),
      type.key,
    ).toEqual([]);
  }
});

describeEngines('credentials are bound to their destination', (ctx) => {
  let app: FastifyInstance;
  let home: FakeSystem;
  let elsewhere: FakeSystem;
  let owner: Record<string, string>;
  const base = `/v1/orgs/${A.id}/integrations`;
  // Plays every system: tokens, identities and reads all succeed, so a test that is sent goes on.
  const everythingWorks = (_req: unknown, res: Parameters<Parameters<typeof fakeSystem>[0]>[1]) =>
    sendJson(res, 200, { access_token: 'at', UserId: randomUUID(), data: { __typename: 'Query' }, results: [] });

  beforeAll(async () => {
    home = await fakeSystem(everythingWorks);
    elsewhere = await fakeSystem(everythingWorks);
    app = await buildServer({
      db: ctx.db,
      config: testConfig(),
      routes: [
        async () => ({
          default: integrationRoutes({
            ring: new KeyRing([{ id: 'dst', key: randomBytes(32) }]),
            egress: createEgressClient({ allowPrivate: true }),
          }),
        }),
      ],
    });
    await app.ready();
    owner = bearer(await userToken(A.users.owner.id, { email: A.users.owner.email }));
  });
  afterAll(async () => {
    await app?.close();
    await home?.close();
    await elsewhere?.close();
  });

  const call = (opts: Omit<InjectOptions, 'headers'>) => app.inject({ ...opts, headers: owner } as InjectOptions);

  function configAt(type: AnyIntegrationType, url: string): Record<string, unknown> {
    const config: Record<string, unknown> = { ...EXAMPLES[type.key]!.settings };
    for (const field of destinationFields(type.config)) config[field] = `${url}/${field}`;
    expect(configProblems(type, config, true), type.key).toEqual([]);
    return config;
  }

  async function storedIntegration(type: AnyIntegrationType, name: string): Promise<string> {
    const created = await call({
      method: 'POST',
      url: base,
      payload: { type: type.key, display_name: name, config: configAt(type, home.url) },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = json<{ id: string }>(created).id;
    const put = await call({
      method: 'PUT',
      url: `${base}/${id}/credentials`,
      payload: EXAMPLES[type.key]!.credentials,
    });
    expect(put.statusCode, put.body).toBe(200);
    // Stored for `home`, the test reaches `home`.
    const before = home.requests.length;
    const tested = await call({ method: 'POST', url: `${base}/${id}/test` });
    expect(json(tested), `${type.key}: ${tested.body}`).toMatchObject({ ok: true });
    expect(home.requests.length).toBeGreaterThan(before);
    return id;
  }

  const secretsOfA = async () =>
    (
      await ctx.db.query<{ n: number }>('select count(*)::int as n from palisade_vault.secrets where org_id = $1', [
        A.id,
      ])
    ).rows[0]!.n;

  for (const type of Object.keys(EXAMPLES).map((k) => integrationTypes.require(k))) {
    for (const field of destinationFields(type.config)) {
      it(`${type.key}: re-pointing ${field} forgets the credentials, and /test sends nothing to the new host`, async () => {
        const id = await storedIntegration(type, `${type.key} ${field}`);
        const secrets = await secretsOfA();
        const config = { ...configAt(type, home.url), [field]: `${elsewhere.url}/${field}` };
        const patched = await call({ method: 'PATCH', url: `${base}/${id}`, payload: { config } });
        expect(patched.statusCode, patched.body).toBe(200);
        expect(json(patched).credentials).toMatchObject({ configured: false });
        expect(await secretsOfA()).toBe(secrets - 1);
        const sentBefore = elsewhere.requests.length;
        const tested = await call({ method: 'POST', url: `${base}/${id}/test` });
        expect(json(tested)).toMatchObject({ ok: false, code: 'misconfigured' });
        expect(elsewhere.requests.slice(sentBefore)).toEqual([]);
        expect(JSON.stringify(elsewhere.requests)).not.toContain(SECRET);
      });
    }
  }

  it('a change that keeps every destination keeps the credentials', async () => {
    const hubspot = integrationTypes.require('hubspot');
    const id = await storedIntegration(hubspot, 'hubspot kept');
    const config = { ...configAt(hubspot, home.url), objectType: 'deals' };
    const patched = await call({ method: 'PATCH', url: `${base}/${id}`, payload: { config, display_name: 'renamed' } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(json(patched).credentials).toMatchObject({ configured: true });
  });

  it('an active integration is refused (409, config) until paused, and keeps its credentials', async () => {
    const hubspot = integrationTypes.require('hubspot');
    const id = await storedIntegration(hubspot, 'hubspot active');
    await ctx.db.query(`update public.organisation_integrations set status = 'active' where org_id = $1 and id = $2`, [
      A.id,
      id,
    ]);
    const config = { ...configAt(hubspot, home.url), apiUrl: elsewhere.url };
    const refused = await call({ method: 'PATCH', url: `${base}/${id}`, payload: { config } });
    expect(refused.statusCode).toBe(409);
    expect(json(refused).error).toMatchObject({ code: 'PS409', field: 'config' });
    const read = await call({ method: 'GET', url: `${base}/${id}` });
    expect(json(read).credentials).toMatchObject({ configured: true });
  });

  it('an owner updating the row directly in SQL (no API) forgets the credentials too', async () => {
    const hubspot = integrationTypes.require('hubspot');
    const id = await storedIntegration(hubspot, 'hubspot sql');
    const { rows } = await withPrincipal(ctx.db, { kind: 'user', userId: A.users.owner.id }, (tx) =>
      tx.query<{ credentials_configured: boolean }>(
        `update public.organisation_integrations set config = config || jsonb_build_object('apiUrl', $3::text)
         where org_id = $1 and id = $2 returning credentials_configured`,
        [A.id, id, elsewhere.url],
      ),
    );
    expect(rows).toEqual([{ credentials_configured: false }]);
  });
});

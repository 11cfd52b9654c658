import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createEgressClient } from '../../net/egress.ts';
import { createRegistry, integrationTypes } from '../registry.ts';
import { runConnectionTest } from '../test-connection.ts';
import { type FakeSystem, fakeSystem, plantedSecret, sendJson } from '../testing.ts';
import { type AnyIntegrationType, defineIntegrationType } from './define.ts';
import { xledger } from './xledger.ts';

/**
 * Each type's testConnection against a local HTTP server playing the external system. The
 * server accepts one planted secret and, when given anything else, answers 401 echoing what it
 * received (as careless real systems do): the result must never contain the secret.
 */
const http = createEgressClient({ allowPrivate: true, timeoutMs: 3000 });
const SECRET = plantedSecret();
const WRONG = plantedSecret();
const CLIENT_ID = randomUUID();
const TENANT = randomUUID();
const TOKEN = `at-${randomUUID()}`;
let sys: FakeSystem;

function deny(res: Parameters<Parameters<typeof fakeSystem>[0]>[1], got: unknown) {
  sendJson(res, 401, { error: 'invalid credentials', youSent: got });
}

beforeAll(async () => {
  sys = await fakeSystem((req, res) => {
    const auth = req.headers.authorization ?? '';
    const u = new URL(req.url, 'http://x');
    if (u.pathname === '/graphql') {
      return auth === `token ${SECRET}` ? sendJson(res, 200, { data: { __typename: 'Query' } }) : deny(res, auth);
    }
    if (u.pathname === `/${TENANT}/oauth2/v2.0/token`) {
      const form = new URLSearchParams(req.body);
      return form.get('client_secret') === SECRET &&
        form.get('client_id') === CLIENT_ID &&
        form.get('grant_type') === 'client_credentials'
        ? sendJson(res, 200, { access_token: TOKEN, token_type: 'Bearer', expires_in: 3599 })
        : sendJson(res, 401, {
            error: 'invalid_client',
            error_description: `Invalid client secret provided: ${form.get('client_secret')}`,
          });
    }
    if (u.pathname === '/api/data/v9.2/WhoAmI')
      return auth === `Bearer ${TOKEN}` ? sendJson(res, 200, { UserId: randomUUID() }) : deny(res, auth);
    if (u.pathname === '/services/api/oauth2/token') {
      const body = JSON.parse(req.body) as { clientSecret?: string };
      return body.clientSecret === SECRET
        ? sendJson(res, 200, { access_token: TOKEN })
        : sendJson(res, 400, { error: `bad secret ${body.clientSecret}` });
    }
    if (u.pathname === '/services/api/x/users/v2/employees')
      return auth === `Bearer ${TOKEN}` ? sendJson(res, 200, { data: [] }) : deny(res, auth);
    if (u.pathname === '/crm/v3/objects/contacts')
      return auth === `Bearer ${SECRET}` ? sendJson(res, 200, { results: [] }) : deny(res, auth);
    if (u.pathname === '/api/records') {
      const ok =
        auth === `Bearer ${SECRET}` ||
        auth === `Basic ${Buffer.from(`svc:${SECRET}`).toString('base64')}` ||
        req.headers['x-api-key'] === SECRET ||
        u.searchParams.get('key') === SECRET ||
        (u.searchParams.has('open') && !auth);
      return ok
        ? sendJson(res, 200, { items: [] })
        : deny(res, { auth, key: req.headers['x-api-key'], query: u.search });
    }
    sendJson(res, 404, { error: 'no such path' });
  });
});
afterAll(() => sys.close());

const cases: Array<{
  type: string;
  label?: string;
  config: () => Record<string, unknown>;
  credentials: (secret: string) => unknown;
}> = [
  {
    type: 'xledger',
    config: () => ({ apiUrl: `${sys.url.replace('127.0.0.1', 'localhost')}/graphql`, entityId: 1, voucherType: 'GL' }),
    credentials: (s) => ({ apiToken: s }),
  },
  {
    type: 'dynamics365',
    config: () => ({ environmentUrl: sys.url, tenantId: TENANT, authorityUrl: sys.url, apiVersion: '9.2' }),
    credentials: (s) => ({ clientId: CLIENT_ID, clientSecret: s }),
  },
  {
    type: 'cornerstone',
    config: () => ({ portalUrl: sys.url, scope: 'employee:read' }),
    credentials: (s) => ({ clientId: 'cs-client', clientSecret: s }),
  },
  {
    type: 'hubspot',
    config: () => ({ apiUrl: sys.url, objectType: 'contacts' }),
    credentials: (s) => ({ accessToken: s }),
  },
  ...(
    [
      ['bearer', {}, (s: string) => ({ kind: 'bearer', token: s })],
      ['basic', {}, (s: string) => ({ kind: 'basic', username: 'svc', password: s })],
      ['api_key', { apiKeyIn: 'header' }, (s: string) => ({ kind: 'api_key', apiKey: s })],
      ['api_key', { apiKeyIn: 'query', apiKeyName: 'key' }, (s: string) => ({ kind: 'api_key', apiKey: s })],
    ] as const
  ).map(([authType, extra, credentials]) => ({
    type: 'http_api',
    label: `http_api (${authType}${'apiKeyIn' in extra ? ` in ${extra.apiKeyIn}` : ''})`,
    config: () => ({
      endpointUrl: `${sys.url}/api/records`,
      method: 'POST',
      authType,
      apiKeyName: 'X-API-Key',
      apiKeyIn: 'header',
      headers: { 'X-Tenant': 'acme' },
      bodyTemplate: { source: 'palisade' },
      ...extra,
    }),
    credentials,
  })),
];

describe('testConnection against a local stand-in for each external system', () => {
  for (const c of cases) {
    const type = integrationTypes.require(c.type);
    const label = c.label ?? c.type;

    it(`${label}: succeeds with the right credentials`, async () => {
      const r = await runConnectionTest(type, c.config(), c.credentials(SECRET), http);
      expect(r).toMatchObject({ ok: true });
    });

    it(`${label}: reports auth_failed with the wrong ones, never quoting what was sent or echoed`, async () => {
      const r = await runConnectionTest(type, c.config(), c.credentials(WRONG), http);
      expect(r).toMatchObject({ ok: false, code: 'auth_failed' });
      expect(JSON.stringify(r)).not.toContain(WRONG);
    });
  }

  it('a generic HTTP API test is always a GET, whatever method records are sent with', async () => {
    const before = sys.requests.length;
    await runConnectionTest(
      integrationTypes.require('http_api'),
      cases[4]!.config(),
      cases[4]!.credentials(SECRET),
      http,
    );
    expect(sys.requests.slice(before).map((r) => r.method)).toEqual(['GET']);
  });

  it('credentials of another auth kind than the config are reported as misconfigured, without calling out', async () => {
    const before = sys.requests.length;
    const r = await runConnectionTest(
      integrationTypes.require('http_api'),
      cases[4]!.config(),
      { kind: 'api_key', apiKey: SECRET },
      http,
    );
    expect(r).toMatchObject({ ok: false, code: 'misconfigured' });
    expect(sys.requests.length).toBe(before);
  });

  it('an incomplete config is reported with its path before anything is called', async () => {
    const r = await runConnectionTest(xledger, { apiUrl: `${sys.url}/graphql` }, { apiToken: SECRET }, http);
    expect(r).toMatchObject({ ok: false, code: 'misconfigured', message: expect.stringContaining('$.entityId') });
  });

  it('without private egress, a loopback system is refused as blocked', async () => {
    const r = await runConnectionTest(
      xledger,
      cases[0]!.config(),
      { apiToken: SECRET },
      createEgressClient({ allowPrivate: false }),
    );
    expect(r).toMatchObject({ ok: false, code: 'blocked' });
  });
});

describe('what a careless type cannot leak', () => {
  const leaky = (behaviour: 'message' | 'throw'): AnyIntegrationType =>
    defineIntegrationType({
      ...xledger,
      key: 'leaky',
      label: 'Leaky',
      async testConnection({ credentials }) {
        if (behaviour === 'throw') throw new Error(`boom with ${credentials.apiToken}`);
        return {
          ok: false,
          code: 'auth_failed',
          message: `rejected token ${credentials.apiToken} (base64 ${Buffer.from(credentials.apiToken).toString('base64')})`,
        };
      },
    });
  const config = { apiUrl: 'https://x.test/graphql', entityId: 1, voucherType: 'GL' };

  it('a message that quotes the credentials is scrubbed', async () => {
    const r = await runConnectionTest(leaky('message'), config, { apiToken: SECRET }, http);
    expect(r.message).toContain('[redacted]');
    expect(r.message).not.toContain(SECRET);
    expect(r.message).not.toContain(Buffer.from(SECRET).toString('base64'));
  });

  it('an exception is reported by its kind only', async () => {
    const r = await runConnectionTest(leaky('throw'), config, { apiToken: SECRET }, http);
    expect(r).toEqual({ ok: false, code: 'unexpected_response', message: 'Leaky test failed unexpectedly (Error)' });
  });
});

describe('the registry refuses malformed types at start-up', () => {
  it('two types with one key', () => {
    expect(() => createRegistry([xledger, xledger])).toThrow(/registered twice/);
  });

  it('defaults that break the type’s own rules', () => {
    const broken = defineIntegrationType({
      ...xledger,
      key: 'broken',
      defaultMappings: { schema_version: 2, mappings: [{ source: 'a', target: 'nope' }] },
    });
    expect(() => createRegistry([broken])).toThrow(/defaultMappings \$\.mappings\[0\]\.target/);
    const secretConfig = {
      ...xledger,
      key: 'secretive',
      config: z.strictObject({ apiUrl: z.string(), password: z.string() }),
      defaultConfig: { password: 'x' },
    } as unknown as AnyIntegrationType;
    expect(() => createRegistry([secretConfig])).toThrow(/defaultConfig \$\.password: names a secret/);
  });

  it('keys the database would refuse', () => {
    expect(() => createRegistry([defineIntegrationType({ ...xledger, key: 'Bad-Key' })])).toThrow(/keys are/);
  });
});

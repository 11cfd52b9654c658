import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createEgressClient } from '../../net/egress.ts';
import { createRegistry } from '../registry.ts';
import { runConnectionTest } from '../test-connection.ts';
import { type FakeSystem, fakeSystem, plantedSecret, sendJson } from '../testing.ts';
import { clientCredentialsToken, join, judge, secretString, serviceUrl } from './common.ts';
import { CONFORMANCE, type ConformanceOptions, startTypeUnderTest } from './conformance.ts';
import { type AnyIntegrationType, defineIntegrationType } from './define.ts';
import * as shipped from './index.ts';
import { xledger } from './xledger.ts';

/**
 * What holds for every type whatever it is: each registered type has its own test file running
 * the contract (conformance.ts), the contract catches the mistakes it names, and the runner around
 * testConnection (test-connection.ts) validates first, maps egress errors and scrubs messages.
 */
const http = createEgressClient({ allowPrivate: true, timeoutMs: 3000 });
const SECRET = plantedSecret();
const xledgerConfig = { apiUrl: 'https://x.test/graphql', entityId: 1, voucherType: 'GL' };

describe('every registered type is tested', () => {
  const dir = import.meta.dirname;
  const index = readFileSync(path.join(dir, 'index.ts'), 'utf8');
  const fileOf = new Map(
    [...index.matchAll(/^export \{ (\w+) \} from '\.\/([\w.-]+)\.ts';$/gm)].map((m) => [m[1]!, m[2]!]),
  );

  it('each type in index.ts has a <file>.test.ts beside it that runs describeIntegrationType on it', () => {
    const missing: string[] = [];
    for (const [name, type] of Object.entries(shipped) as Array<[string, AnyIntegrationType]>) {
      const file = fileOf.get(name);
      if (!file) {
        missing.push(`${type.key}: index.ts must export it as \`export { ${name} } from './<file>.ts';\``);
        continue;
      }
      const test = path.join(dir, `${file}.test.ts`);
      if (!existsSync(test)) missing.push(`${type.key}: no ${file}.test.ts`);
      else if (!new RegExp(`describeIntegrationType\\(\\s*${name}\\b`).test(readFileSync(test, 'utf8')))
        missing.push(`${type.key}: ${file}.test.ts does not call describeIntegrationType(${name}, …)`);
    }
    expect(Object.keys(shipped).length).toBeGreaterThanOrEqual(5);
    expect(missing).toEqual([]);
  });
});

describe('the contract catches what it names', () => {
  let other: FakeSystem;
  beforeAll(async () => {
    other = await fakeSystem((_req, res) => sendJson(res, 200, { access_token: 'at' }));
  });
  afterAll(() => other.close());

  /** A small type whose testConnection misbehaves as told. */
  const careless = (mistake: 'token elsewhere' | 'accepts anything' | 'writes') =>
    defineIntegrationType({
      key: 'careless',
      label: 'Careless',
      version: 1,
      description: 'A type that gets one thing wrong.',
      config: z.strictObject({ apiUrl: serviceUrl('API base'), tokenUrl: z.string().describe('Token endpoint') }),
      credentials: z.strictObject({ apiToken: secretString('API token') }),
      defaultConfig: {},
      targets: [{ name: 'email', type: 'string', required: true, description: 'Email' }],
      defaultMappings: { schema_version: 2, mappings: [{ source: 'person.email', target: 'email' }] },
      defaultSchedule: { kind: 'manual' },
      async testConnection({ config, credentials, http }) {
        if (mistake === 'token elsewhere')
          await http.request({ url: config.tokenUrl, method: 'POST', body: credentials.apiToken });
        const res = await http.request({
          url: join(config.apiUrl, 'me'),
          method: mistake === 'writes' ? 'PUT' : 'GET',
          headers: { authorization: `Bearer ${credentials.apiToken}` },
        });
        return mistake === 'accepts anything' ? { ok: true, message: 'fine' } : judge(res, 'Careless', 'ok');
      },
      // Never called here: these cases are about the connection test.
      exportRecords: async ({ items }) => ({ sent: 0, created: 0, updated: 0, failed: items.length, errors: [] }),
    });
  const check = (title: RegExp) => CONFORMANCE.find((c) => title.test(c.title))!;
  const attempt = async (type: AnyIntegrationType, title: RegExp) => {
    const opts: ConformanceOptions = {
      fake: (req, res, secret) => (req.bearer === secret ? sendJson(res, 200, {}) : sendJson(res, 401, {})),
      config: (url) => ({ apiUrl: url, tokenUrl: `${other.url}/token` }),
      credentials: (secret) => ({ apiToken: secret }),
      registry: createRegistry([type]),
    };
    const t = await startTypeUnderTest(type, opts);
    try {
      await check(title).run(t);
    } finally {
      await t.close();
    }
  };

  it('credentials sent to a URL that is not a serviceUrl field (so not a destination they are bound to)', async () => {
    await expect(attempt(careless('token elsewhere'), /right credentials pass/)).rejects.toThrow(
      /only where a serviceUrl config field points/,
    );
  });

  it('a connection test that writes', async () => {
    await expect(attempt(careless('writes'), /right credentials pass/)).rejects.toThrow(/PUT \/me/);
  });

  it('a connection test that passes whatever the credentials', async () => {
    await expect(attempt(careless('accepts anything'), /wrong credentials/)).rejects.toThrow(/auth_failed/);
  });

  it('a type the registry does not hold', async () => {
    const t = await startTypeUnderTest(careless('writes'), {
      fake: (_req, res) => sendJson(res, 200, {}),
      config: (url) => ({ apiUrl: url, tokenUrl: url }),
      credentials: (secret) => ({ apiToken: secret }),
    });
    try {
      expect(() => check(/is registered/).run(t)).toThrow(/careless is not in the registry/);
    } finally {
      await t.close();
    }
  });
});

describe('clientCredentialsToken', () => {
  let idp: FakeSystem;
  beforeAll(async () => {
    idp = await fakeSystem((req, res) =>
      req.basic?.user === 'hr client+1' &&
      req.basic.password === SECRET &&
      req.form.get('grant_type') === 'client_credentials'
        ? sendJson(res, 200, { access_token: 'at-1', token_type: 'Bearer' })
        : sendJson(res, 401, { error: 'invalid_client', error_description: `unknown ${req.headers.authorization}` }),
    );
  });
  afterAll(() => idp.close());
  const grant = (clientSecret: string) => ({
    system: 'Acme IdP',
    tokenUrl: `${idp.url}/oauth/token`,
    clientId: 'hr client+1',
    clientSecret,
    scope: 'employees.read',
    clientAuth: 'basic' as const,
  });

  it('with Basic client auth, sends the form-encoded pair in the header and nothing secret in the body', async () => {
    expect(await clientCredentialsToken(http, grant(SECRET))).toEqual({ ok: true, accessToken: 'at-1' });
    const sent = idp.requests.at(-1)!;
    expect(sent).toMatchObject({ method: 'POST', path: '/oauth/token' });
    expect(Object.fromEntries(sent.form)).toEqual({ grant_type: 'client_credentials', scope: 'employees.read' });
    expect(sent.headers.authorization).toBe(`Basic ${Buffer.from(`hr+client%2B1:${SECRET}`).toString('base64')}`);
  });

  it('a refused client is auth_failed, without the system’s answer', async () => {
    expect(await clientCredentialsToken(http, grant('wrong'))).toEqual({
      ok: false,
      code: 'auth_failed',
      message: 'Acme IdP refused the client credentials (HTTP 401)',
    });
  });
});

describe('the runner around testConnection', () => {
  it('an incomplete config is reported with its path before anything is called', async () => {
    const r = await runConnectionTest(xledger, { apiUrl: xledgerConfig.apiUrl }, { apiToken: SECRET }, http);
    expect(r).toMatchObject({ ok: false, code: 'misconfigured', message: expect.stringContaining('$.entityId') });
  });

  it('without private egress, a loopback system is refused as blocked', async () => {
    const r = await runConnectionTest(
      xledger,
      { ...xledgerConfig, apiUrl: 'http://127.0.0.1:9/graphql' },
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
  const config = xledgerConfig;

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

import { expect, it } from 'vitest';
import { sendJson } from '../testing.ts';
import { describeIntegrationType } from './conformance.ts';
import { httpApi } from './http-api.ts';

/** One run of the contract per way of authenticating; the fake accepts only that way. */
const base = (url: string) => ({
  endpointUrl: `${url}/api/records`,
  method: 'POST',
  authType: 'bearer',
  apiKeyName: 'X-API-Key',
  apiKeyIn: 'header',
  headers: { 'X-Tenant': 'acme' },
  bodyTemplate: { source: 'palisade' },
});
const records = (ok: boolean, res: Parameters<typeof sendJson>[0], echo: unknown) =>
  ok ? sendJson(res, 200, { items: [] }) : sendJson(res, 401, { error: 'invalid credentials', youSent: echo });

const bearer = describeIntegrationType(httpApi, {
  label: 'bearer',
  fake: (req, res, secret) => records(req.bearer === secret, res, req.headers.authorization),
  config: base,
  credentials: (secret) => ({ kind: 'bearer', token: secret }),
});

describeIntegrationType(httpApi, {
  label: 'basic',
  fake: (req, res, secret) =>
    records(req.basic?.user === 'svc' && req.basic.password === secret, res, req.headers.authorization),
  config: (url) => ({ ...base(url), authType: 'basic' }),
  credentials: (secret) => ({ kind: 'basic', username: 'svc', password: secret }),
});

describeIntegrationType(httpApi, {
  label: 'api_key in a header',
  fake: (req, res, secret) => records(req.headers['x-api-key'] === secret, res, req.headers['x-api-key']),
  config: (url) => ({ ...base(url), authType: 'api_key' }),
  credentials: (secret) => ({ kind: 'api_key', apiKey: secret }),
});

describeIntegrationType(httpApi, {
  label: 'api_key in the query',
  fake: (req, res, secret) => records(req.query.get('key') === secret, res, req.url),
  config: (url) => ({ ...base(url), authType: 'api_key', apiKeyIn: 'query', apiKeyName: 'key' }),
  credentials: (secret) => ({ kind: 'api_key', apiKey: secret }),
});

it('a generic HTTP API test is always a GET, whatever method records are sent with', async () => {
  const seen = bearer.system.requests.length;
  await bearer.test();
  expect(bearer.system.requests.slice(seen).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/records']);
});

it('credentials of another auth kind than the config are misconfigured, and nothing is called', async () => {
  const seen = bearer.system.requests.length;
  const r = await bearer.test({ credentials: { kind: 'api_key', apiKey: bearer.secret } });
  expect(r).toMatchObject({ ok: false, code: 'misconfigured' });
  expect(bearer.system.requests.length).toBe(seen);
});

import { z } from 'zod';
import { TARGET_PATTERN } from '../mappings/schema.ts';
import { inBatches, refuseAuth, send } from '../sync/http.ts';
import { ExportAbort } from '../sync/result.ts';
import { judge, secretString, serviceUrl } from './common.ts';
import { defineIntegrationType } from './define.ts';

type Credentials =
  | { kind: 'bearer'; token: string }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'api_key'; apiKey: string }
  | { kind: 'none' };

/** The URL and headers a request carries, authenticated as the config says. */
export function authorize(
  target: string,
  config: { headers: Record<string, string>; apiKeyName: string; apiKeyIn: 'header' | 'query' },
  credentials: Credentials,
): { url: URL; headers: Record<string, string> } {
  const url = new URL(target);
  const headers: Record<string, string> = { accept: 'application/json', ...config.headers };
  if (credentials.kind === 'bearer') headers.authorization = `Bearer ${credentials.token}`;
  if (credentials.kind === 'basic')
    headers.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  if (credentials.kind === 'api_key') {
    if (config.apiKeyIn === 'query') url.searchParams.set(config.apiKeyName, credentials.apiKey);
    else headers[config.apiKeyName] = credentials.apiKey;
  }
  return { url, headers };
}

/** Own data properties only: a target named __proto__ must be a body key, never a prototype. */
const put = (o: Record<string, unknown>, k: string, value: unknown) =>
  Object.defineProperty(o, k, { value, enumerable: true, writable: true, configurable: true });

/** A copy of the template with each mapped target written at its dotted path. */
export function fill(template: Record<string, unknown>, item: Record<string, unknown>): Record<string, unknown> {
  const body = structuredClone(template);
  for (const [path, value] of Object.entries(item)) {
    const keys = path.split('.');
    let at = body;
    for (const k of keys.slice(0, -1)) {
      const next = Object.hasOwn(at, k) ? at[k] : undefined;
      if (!next || typeof next !== 'object' || Array.isArray(next)) put(at, k, {});
      at = at[k] as Record<string, unknown>;
    }
    put(at, keys.at(-1)!, value);
  }
  return body;
}

const mismatch = (kind: string, authType: string) =>
  `the stored credentials are for ${kind} but authType is ${authType}: store matching credentials`;

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;

/**
 * A generic HTTP API connection (an AI app builder's api_connections): endpoint, method, auth type
 * bearer/basic/api_key/none, extra headers, body template and response path. The secret part
 * (token, password, API key) is the credentials; everything here is config and must not be secret.
 */
export const httpApi = defineIntegrationType({
  key: 'http_api',
  label: 'HTTP API',
  version: 1,
  description: 'Sends mapped records to any JSON HTTP API.',
  config: z.strictObject({
    endpointUrl: serviceUrl('Where records are sent'),
    method: z.enum(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']).describe('HTTP method records are sent with'),
    authType: z
      .enum(['bearer', 'basic', 'api_key', 'none'])
      .describe('How requests authenticate; the credentials must be of the same kind'),
    apiKeyName: z
      .string()
      .regex(HEADER_NAME)
      .describe('For api_key: the header (or query parameter) that carries the key, e.g. X-API-Key'),
    apiKeyIn: z.enum(['header', 'query']).describe('For api_key: send it as a header or as a query parameter'),
    headers: z
      .record(z.string().regex(HEADER_NAME, { error: 'must be an HTTP header name' }), z.string().max(1000))
      .refine((h) => Object.keys(h).length <= 20, { error: 'must hold at most 20 headers' })
      .describe('Extra, non-secret request headers'),
    bodyTemplate: z
      .record(z.string(), z.json())
      .describe('JSON body; mapped targets are filled in at their dotted paths'),
    responsePath: z
      .string()
      .regex(TARGET_PATTERN)
      .max(200)
      .optional()
      .describe('Dotted path to the result in the response body'),
    testUrl: serviceUrl('A read-only URL that Test connection GETs (default: endpointUrl)').optional(),
  }),
  credentials: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('bearer'), token: secretString('Bearer token') }),
    z.strictObject({
      kind: z.literal('basic'),
      username: secretString('User name', 200),
      password: secretString('Password'),
    }),
    z.strictObject({ kind: z.literal('api_key'), apiKey: secretString('API key') }),
    z.strictObject({ kind: z.literal('none') }),
  ]),
  defaultConfig: {
    method: 'POST',
    authType: 'bearer',
    apiKeyName: 'X-API-Key',
    apiKeyIn: 'header',
    headers: {},
    bodyTemplate: {},
  },
  targets: [],
  openTargets: {
    pattern: TARGET_PATTERN,
    type: 'string',
    description: 'Any dotted path into the body template, e.g. contact.email',
  },
  defaultMappings: { schema_version: 2, mappings: [] },
  defaultSchedule: { kind: 'manual' },
  async testConnection({ config, credentials, http }) {
    if (credentials.kind !== config.authType)
      return { ok: false, code: 'misconfigured', message: mismatch(credentials.kind, config.authType) };
    const { url, headers } = authorize(config.testUrl ?? config.endpointUrl, config, credentials);
    // Always a GET: a test must not create anything on the other side.
    const res = await http.request({ url: url.toString(), headers });
    return judge(res, url.host, `${url.host} answered HTTP ${res.status}`);
  },
  // A generic API documents no batch shape, so each record is one request: the body template with
  // the record's targets filled in. 201 counts as created and any other 2xx as updated; a 4xx
  // fails that record only, anything else stops the export.
  async exportRecords({ config, credentials, http, items }) {
    return inBatches(items, 1, async ([item], index, tally) => {
      if (credentials.kind !== config.authType)
        throw new ExportAbort('misconfigured', mismatch(credentials.kind, config.authType));
      if (config.method === 'GET' || config.method === 'DELETE')
        throw new ExportAbort(
          'misconfigured',
          `records travel in a request body: method must be POST, PUT or PATCH, not ${config.method}`,
        );
      const { url, headers } = authorize(config.endpointUrl, config, credentials);
      const res = await send(
        http,
        {
          url: url.toString(),
          method: config.method,
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(fill(config.bodyTemplate, item ?? {})),
        },
        url.host,
      );
      refuseAuth(res, url.host);
      tally.sent(1);
      if (res.status >= 200 && res.status < 300) tally.ok(index, res.status === 201 ? 'created' : 'updated');
      else if (res.status >= 400 && res.status < 500)
        tally.reject(index, 'rejected', `${url.host} refused the record (HTTP ${res.status})`);
      else throw new ExportAbort('unexpected_response', `${url.host} answered HTTP ${res.status}`);
    });
  },
});

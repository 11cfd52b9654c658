import { z } from 'zod';
import { TARGET_PATTERN } from '../mappings/schema.ts';
import { judge, secretString, serviceUrl } from './common.ts';
import { defineIntegrationType } from './define.ts';

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
    if (credentials.kind !== config.authType) {
      return {
        ok: false,
        code: 'misconfigured',
        message: `the stored credentials are for ${credentials.kind} but authType is ${config.authType}: store matching credentials`,
      };
    }
    const url = new URL(config.testUrl ?? config.endpointUrl);
    const headers: Record<string, string> = { accept: 'application/json', ...config.headers };
    if (credentials.kind === 'bearer') headers.authorization = `Bearer ${credentials.token}`;
    if (credentials.kind === 'basic')
      headers.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    if (credentials.kind === 'api_key') {
      if (config.apiKeyIn === 'query') url.searchParams.set(config.apiKeyName, credentials.apiKey);
      else headers[config.apiKeyName] = credentials.apiKey;
    }
    // Always a GET: a test must not create anything on the other side.
    const res = await http.request({ url: url.toString(), headers });
    return judge(res, url.host, `${url.host} answered HTTP ${res.status}`);
  },
});

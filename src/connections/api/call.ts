import { PalisadeError } from '../../errors/error.ts';
import { runConnectionTest } from '../../integrations/test-connection.ts';
import type { TestResult } from '../../integrations/types/define.ts';
import { authorize, fill, httpApi } from '../../integrations/types/http-api.ts';
import { type EgressClient, EgressError } from '../../net/egress.ts';
import { scrub } from '../../vault/redacted.ts';
import type { ApiConnectionRow } from './schemas.ts';

/**
 * Calling out through an API connection, outside any transaction (a slow API must hold neither a
 * row lock nor the embedded engine). The request is built by the http_api integration type's own
 * code (authorize, fill) and sent through the egress guard, which refuses private, loopback and
 * link-local addresses unless the operator allows them. Whatever comes back is scrubbed of every
 * credential string before anyone sees it: an API may echo what it was sent.
 */

const MAX_TEXT = 64 * 1024;

type Credentials =
  | { kind: 'bearer'; token: string }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'api_key'; apiKey: string }
  | { kind: 'none' };

/** The row as the http_api type's config, so the type's validators and test apply unchanged. */
function configOf(row: ApiConnectionRow) {
  return {
    endpointUrl: row.endpoint_url,
    method: row.http_method,
    authType: row.auth_type,
    apiKeyName: row.api_key_name,
    apiKeyIn: row.api_key_in,
    headers: row.custom_headers,
    bodyTemplate: row.request_body_template,
    ...(row.response_path ? { responsePath: row.response_path } : {}),
  };
}

/** The credential strings a response must not show, with the encodings a protocol may echo. */
function secretsOf(c: Credentials): string[] {
  if (c.kind === 'bearer') return [c.token];
  if (c.kind === 'api_key') return [c.apiKey];
  if (c.kind === 'basic') return [c.password, Buffer.from(`${c.username}:${c.password}`).toString('base64')];
  return [];
}

/** The credentials to send, checked against the row: none for auth_type none, else matching ones. */
export function usableCredentials(row: ApiConnectionRow, stored: unknown): Credentials {
  if (row.auth_type === 'none') return { kind: 'none' };
  if (stored === null)
    throw new PalisadeError(
      'PS409',
      `no credentials are stored for auth_type ${row.auth_type}: PUT …/credentials first`,
      'credentials',
    );
  const parsed = httpApi.credentials.safeParse(stored);
  if (!parsed.success || parsed.data.kind !== row.auth_type)
    throw new PalisadeError(
      'PS409',
      `the stored credentials are not for auth_type ${row.auth_type}: store matching credentials`,
      'credentials',
    );
  return parsed.data;
}

function at(value: unknown, path: string | null): unknown {
  if (!path) return value;
  let v = value;
  for (const k of path.split('.')) {
    if (!v || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, k)) return null;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

export interface CallOutcome {
  status: number;
  ok: boolean;
  body: unknown;
  truncated: boolean;
}

export async function callConnection(
  row: ApiConnectionRow,
  credentials: Credentials,
  input: Record<string, unknown> | undefined,
  http: EgressClient,
): Promise<CallOutcome> {
  const secrets = secretsOf(credentials);
  const hasBody = !['GET', 'DELETE'].includes(row.http_method);
  if (!hasBody && input && Object.keys(input).length)
    throw new PalisadeError('PS422', `a ${row.http_method} request has no body to write input into`, 'input');
  const { url, headers } = authorize(row.endpoint_url, configOf(row), credentials);
  let res: Awaited<ReturnType<EgressClient['request']>>;
  try {
    res = await http.request({
      url: url.toString(),
      method: row.http_method,
      headers: hasBody ? { ...headers, 'content-type': 'application/json' } : headers,
      ...(hasBody ? { body: JSON.stringify(fill(row.request_body_template, input ?? {})) } : {}),
    });
  } catch (err) {
    if (err instanceof EgressError)
      throw new PalisadeError('PS502', `the API could not be called: ${scrub(err.message, secrets)}`, 'endpoint_url');
    throw err;
  }
  const json = res.json();
  if (json !== undefined) {
    const text = scrub(JSON.stringify(at(json, row.response_path)) ?? 'null', secrets);
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // A secret matched across JSON syntax: the scrubbed text is what may be shown.
    }
    return { status: res.status, ok: res.status >= 200 && res.status < 300, body, truncated: false };
  }
  const text = res.text();
  return {
    status: res.status,
    ok: res.status >= 200 && res.status < 300,
    body: scrub(text.slice(0, MAX_TEXT), secrets),
    truncated: text.length > MAX_TEXT,
  };
}

/** Test connection: the http_api type's own test (a GET of the endpoint), results scrubbed. */
export function testConnection(row: ApiConnectionRow, stored: unknown, http: EgressClient): Promise<TestResult> {
  return runConnectionTest(httpApi, configOf(row), stored ?? { kind: 'none' }, http);
}

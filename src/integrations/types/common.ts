import { z } from 'zod';
import type { EgressClient, EgressResponse } from '../../net/egress.ts';
import type { TestResult } from './define.ts';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The schemas serviceUrl made: a config field holding one is a destination of the credentials. */
const DESTINATIONS = new WeakSet<z.ZodType>();

/**
 * A base URL an integration calls. https, except plain http to a loopback host (a local stand-in
 * for the external system, which the egress guard refuses anyway unless private egress is allowed).
 * No credentials in the URL: they would be stored in config, which is not secret.
 */
export function serviceUrl(description: string) {
  const schema = z
    .url({ error: 'must be an absolute https URL' })
    .max(500)
    .refine(
      (s) => {
        const u = new URL(s);
        return (
          (u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK_HOSTS.has(u.hostname))) &&
          !u.username &&
          !u.password &&
          !u.search &&
          !u.hash
        );
      },
      { error: 'must be an https URL without credentials, query or fragment' },
    )
    .describe(description);
  DESTINATIONS.add(schema);
  return schema;
}

/**
 * The config fields of a type that say where its credentials are sent (its serviceUrl fields,
 * optional or not). Credentials are bound to them: changing one forgets the stored credentials
 * (the database does it, app.organisation_integrations_bind_credentials, for every top-level
 * config value that is an http(s) URL; docs/integration-foundation/security-model.md).
 */
export function destinationFields(config: z.ZodObject): string[] {
  return Object.entries(config.shape)
    .filter(([, field]) => DESTINATIONS.has(field instanceof z.ZodOptional ? (field.unwrap() as z.ZodType) : field))
    .map(([name]) => name);
}

/** A credential field: a non-empty string, described, never defaulted. */
export function secretString(description: string, max = 4096) {
  return z
    .string({ error: 'is required' })
    .min(1, { error: 'is required' })
    .max(max, { error: `must be at most ${max} characters` })
    .describe(description);
}

/** Joins a base URL and a path without doubling or dropping slashes. */
export function join(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** The usual reading of an HTTP status for a connection test. */
export function judge(res: EgressResponse, system: string, okMessage: string): TestResult {
  if (res.status >= 200 && res.status < 300) return { ok: true, message: okMessage };
  if (res.status === 401 || res.status === 403) {
    return { ok: false, code: 'auth_failed', message: `${system} rejected the credentials (HTTP ${res.status})` };
  }
  if (res.status === 404)
    return { ok: false, code: 'misconfigured', message: `${system} answered HTTP 404: check the configured URL` };
  return { ok: false, code: 'unexpected_response', message: `${system} answered HTTP ${res.status}` };
}

/** The `access_token` of an OAuth 2.0 token response, or null when the body has none (read defensively). */
export function accessTokenFrom(res: EgressResponse): string | null {
  const body = res.json() as { access_token?: unknown } | undefined;
  return typeof body?.access_token === 'string' && body.access_token.length > 0 ? body.access_token : null;
}

/** The `expires_in` (seconds) of an OAuth 2.0 token response, when it has a usable one. */
export function expiresInFrom(res: EgressResponse): number | undefined {
  const v = (res.json() as { expires_in?: unknown } | undefined)?.expires_in;
  const n = typeof v === 'string' ? Number(v) : v; // some token endpoints send it as a string
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

export interface ClientCredentialsGrant {
  /** The token endpoint: build it from a serviceUrl config field, so it is a destination of the credentials. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes, when the system wants them. */
  scope?: string;
  /**
   * How the client authenticates (RFC 6749 §2.3.1): `form` sends client_id and client_secret in
   * the form body, `basic` in an `Authorization: Basic` header. The system's docs say which.
   */
  clientAuth: 'form' | 'basic';
  /** The system's name, for messages. */
  system: string;
}

/** Form encoding (application/x-www-form-urlencoded) of one value, as RFC 6749 wants for Basic client auth. */
const formEncode = (value: string) => new URLSearchParams([['', value]]).toString().slice(1);

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4): POSTs `grant_type=client_credentials` as a form to
 * the token endpoint and returns the access token, or a failed TestResult a testConnection can
 * return as is (400 or 401: `auth_failed`, as token endpoints answer a bad client). The POST
 * creates nothing the organisation can see, so a read-only connection test may make it.
 */
export async function clientCredentialsToken(
  http: EgressClient,
  grant: ClientCredentialsGrant,
): Promise<{ ok: true; accessToken: string; expiresIn?: number } | Extract<TestResult, { ok: false }>> {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (grant.scope) form.set('scope', grant.scope);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (grant.clientAuth === 'basic') {
    const pair = `${formEncode(grant.clientId)}:${formEncode(grant.clientSecret)}`;
    headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
  } else {
    form.set('client_id', grant.clientId);
    form.set('client_secret', grant.clientSecret);
  }
  const res = await http.request({ url: grant.tokenUrl, method: 'POST', headers, body: form.toString() });
  if (res.status === 400 || res.status === 401)
    return {
      ok: false,
      code: 'auth_failed',
      message: `${grant.system} refused the client credentials (HTTP ${res.status})`,
    };
  const verdict = judge(res, grant.system, 'token obtained');
  if (!verdict.ok) return verdict;
  const accessToken = accessTokenFrom(res);
  if (!accessToken)
    return { ok: false, code: 'unexpected_response', message: `${grant.system} answered without an access token` };
  const expiresIn = expiresInFrom(res);
  return expiresIn === undefined ? { ok: true, accessToken } : { ok: true, accessToken, expiresIn };
}

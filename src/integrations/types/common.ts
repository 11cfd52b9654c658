import { z } from 'zod';
import type { EgressResponse } from '../../net/egress.ts';
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

/** OAuth 2.0 client-credentials token response, read defensively. */
export function accessTokenFrom(res: EgressResponse): string | null {
  const body = res.json() as { access_token?: unknown } | undefined;
  return typeof body?.access_token === 'string' && body.access_token.length > 0 ? body.access_token : null;
}

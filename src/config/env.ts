import { z } from 'zod';
import { ConfigError } from './error.ts';

export { ConfigError };

/**
 * Every environment variable Palisade reads, with its meaning and default. This module is the
 * only code that reads process.env (readEnv); the rest take the typed `Env` it returns, and
 * tests pass their own.
 */
export const ENV_VARIABLES = {
  DATABASE_URL: 'PostgreSQL server to use (postgres:// URL); unset: the embedded PGlite database',
  PALISADE_DATA_DIR: 'data directory of the embedded database (default ./.palisade/data)',
  PALISADE_LOGIN_ROLE:
    'the login role the migrations create for the server to connect as (default palisade_login; docs/server.md)',
  PALISADE_MIGRATION_DATABASE_URL:
    '`serve --migrate` on a server: the owner account that applies migrations (default DATABASE_URL)',
  HOST: 'interface to listen on (default 127.0.0.1)',
  PORT: 'port to listen on (default 4000)',
  PALISADE_JWT_SECRET: 'HS256 secret for user tokens (e.g. your Supabase JWT secret); at least 32 characters',
  PALISADE_JWKS_URL: 'JWKS URL of an identity provider, for RS256/ES256 user tokens',
  PALISADE_JWT_ISSUER: 'required iss of user tokens (unchecked when unset)',
  PALISADE_JWT_AUDIENCE: 'required aud of user tokens (unchecked when unset)',
  PALISADE_JWT_CLOCK_SKEW: 'seconds of clock skew tolerated on exp/nbf (default 30, at most 300)',
  PALISADE_ADMIN_JWT_SECRET: 'HS256 key for admin tokens, distinct from PALISADE_JWT_SECRET; at least 32 characters',
  PALISADE_ADMIN_TOKEN_TTL: 'lifetime of admin tokens in seconds (default and maximum 900)',
  PALISADE_RATE_LIMIT: 'requests per minute per principal or IP (default 600)',
  PALISADE_BODY_LIMIT: 'largest request body in bytes (default 262144)',
  PALISADE_TRUST_PROXY:
    'true, or comma-separated addresses/CIDRs of your proxies, so X-Forwarded-For names the client (default off)',
  PALISADE_CORS_ORIGINS:
    'comma-separated origins (scheme://host[:port]) whose pages may call the API from a browser (default: none, CORS off)',
  PALISADE_LOG_LEVEL: 'pino level: fatal, error, warn, info, debug, trace (default info)',
  PALISADE_SHUTDOWN_TIMEOUT: 'seconds in-flight requests get to finish on SIGTERM (default 10)',
  PALISADE_VAULT_KEYS: 'vault keys, newest first (kid:base64,…); default: a key file in the embedded data dir',
  PALISADE_AUDIT_SIGNING_KEY: 'Ed25519 key that signs audit anchors; default: a key file in the embedded data dir',
  PALISADE_AUDIT_PUBLIC_KEYS: 'further public keys whose anchors are trusted (comma-separated)',
  PALISADE_AUDIT_ANCHOR_INTERVAL: 'how often `serve` anchors the audit chains, e.g. 15m, 1h, off (default 1h)',
  PALISADE_PUBLIC_URL:
    'the base URL step services reach this server at (https://…), for workflow step callbacks (default http://HOST:PORT)',
  HUBSPOT_CLIENT_SECRET:
    "the HubSpot app's client secret, which signs its webhooks (X-HubSpot-Signature-v3); unset: POST /v1/webhooks/hubspot answers 503",
  PALISADE_ALLOW_PRIVATE_EGRESS:
    '1 to let outbound calls reach private, loopback and link-local addresses (default off)',
  STRIPE_SECRET_KEY: 'Stripe secret or restricted key (sk_… or rk_…) for checkouts; unset: billing routes answer 503',
  STRIPE_WEBHOOK_SECRET: 'signing secret of the Stripe webhook endpoint (whsec_…); unset: the webhook answers 503',
  PALISADE_LLM_URL:
    'base URL of an OpenAI-compatible chat completions API (e.g. https://api.openai.com/v1) for the optional LLM lead qualifier (default: none, the rules scorer only)',
  PALISADE_LLM_API_KEY: 'API key sent as Bearer to PALISADE_LLM_URL (required with it)',
  PALISADE_LLM_MODEL: 'model the LLM lead qualifier asks for, e.g. gpt-4o-mini (required with PALISADE_LLM_URL)',
  PALISADE_LLM_TIMEOUT: 'seconds an LLM qualification may take (default 30, at most 300)',
} as const;

export type EnvName = keyof typeof ENV_VARIABLES;

/** The configuration variables, trimmed; an empty variable is absent. */
export type Env = Readonly<Partial<Record<EnvName, string>>>;

const NAMES = Object.keys(ENV_VARIABLES) as EnvName[];

/** Present, trimmed, empty as absent. */
const text = z
  .string()
  .trim()
  .transform((v) => v || undefined)
  .optional();
const wholeIn = (min: number, max: number) =>
  text.refine(
    (v) => v === undefined || (Number.isInteger(Number(v)) && Number(v) >= min && Number(v) <= max),
    `must be a whole number between ${min} and ${max}`,
  );
const urlOf = (pattern: RegExp, what: string) => text.refine((v) => v === undefined || pattern.test(v), what);

/** The login role the migrations create for the server when PALISADE_LOGIN_ROLE is unset. */
export const DEFAULT_LOGIN_ROLE = 'palisade_login';
export const LOGIN_ROLE_RULE =
  'must be a lower-case role name (letters, digits, _) other than anon, authenticated, service_role or platform_admin';

/** What src/core/sql/0001_roles.sql accepts as palisade.login_role. */
export function isLoginRoleName(v: string): boolean {
  return /^[a-z_][a-z0-9_]{0,62}$/.test(v) && !['anon', 'authenticated', 'service_role', 'platform_admin'].includes(v);
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The format of each variable; what a value means (and whether it is required) is the reader's. */
const EnvSchema = z.object({
  ...(Object.fromEntries(NAMES.map((n) => [n, text])) as Record<EnvName, typeof text>),
  DATABASE_URL: urlOf(
    /^postgres(ql)?:\/\//,
    'must be a postgres:// or postgresql:// URL (unset it to use the embedded database)',
  ),
  PALISADE_MIGRATION_DATABASE_URL: urlOf(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL'),
  PALISADE_JWKS_URL: urlOf(/^https?:\/\//, 'must be an http(s) URL'),
  PALISADE_LLM_URL: urlOf(/^https?:\/\/[^/?#]+(\/[^?#]*)?$/, 'must be an http(s) URL without a query or fragment'),
  PALISADE_LLM_TIMEOUT: wholeIn(1, 300),
  PALISADE_PUBLIC_URL: urlOf(/^https?:\/\/[^/?#]+(\/[^?#]*)?$/, 'must be an http(s) URL without a query or fragment'),
  PALISADE_LOGIN_ROLE: text.refine((v) => v === undefined || isLoginRoleName(v), LOGIN_ROLE_RULE),
  PORT: wholeIn(0, 65535),
  PALISADE_JWT_CLOCK_SKEW: wholeIn(0, 300),
  PALISADE_ADMIN_TOKEN_TTL: wholeIn(60, 900),
  PALISADE_RATE_LIMIT: wholeIn(1, 1_000_000),
  PALISADE_BODY_LIMIT: wholeIn(1024, 64 * 1024 * 1024),
  PALISADE_SHUTDOWN_TIMEOUT: wholeIn(1, 600),
  STRIPE_SECRET_KEY: text.refine(
    (v) => v === undefined || /^(sk|rk)_(test|live)_[A-Za-z0-9]{8,247}$/.test(v),
    'must be a Stripe secret key (sk_live_…, sk_test_… or a restricted rk_… key)',
  ),
  STRIPE_WEBHOOK_SECRET: text.refine(
    (v) => v === undefined || /^whsec_[A-Za-z0-9+/=_-]{8,250}$/.test(v),
    'must be a Stripe webhook signing secret (whsec_…)',
  ),
  PALISADE_LOG_LEVEL: text.refine(
    (v) => v === undefined || (LOG_LEVELS as readonly string[]).includes(v),
    `must be one of ${LOG_LEVELS.join(', ')}`,
  ),
});

/**
 * The configuration variables of `source` (default: this process's environment), checked for
 * format. Throws a ConfigError naming the first malformed variable and what it must be.
 */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const picked = Object.fromEntries(NAMES.filter((n) => source[n] !== undefined).map((n) => [n, source[n]]));
  const parsed = EnvSchema.safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]) as EnvName;
    // Values are quoted only where they cannot hold a secret (URLs may carry passwords).
    const got = /URL|SECRET|KEY/.test(name) ? '' : ` (got "${String(source[name]).trim().slice(0, 80)}")`;
    throw new ConfigError(`${name} ${issue.message}${got}.`);
  }
  return Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) as Env;
}

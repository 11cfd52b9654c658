import { randomBytes } from 'node:crypto';
import { ADMIN_TOKEN_MAX_TTL_SECONDS, MIN_SECRET_LENGTH, type AuthConfig } from '../auth/config.ts';
import { ConfigError } from '../config.ts';

export interface ServerConfig {
  host: string;
  port: number;
  auth: AuthConfig;
  /** Requests per principal (or per IP for unauthenticated callers) in each window. */
  rateLimit: { max: number; timeWindowMs: number };
  /** Largest request body accepted, in bytes (413 above it). */
  bodyLimit: number;
  /** Fastify's trustProxy: whether X-Forwarded-For names the client (only behind a proxy you run). */
  trustProxy: boolean | string[];
  logLevel: string;
  /** How long in-flight requests may take to finish after SIGTERM before the process exits anyway. */
  shutdownTimeoutMs: number;
}

export interface LoadedServerConfig {
  config: ServerConfig;
  /** Sentences for the operator at start-up (e.g. an ephemeral admin key). */
  notes: string[];
}

/** Every environment variable the server reads, with its meaning: docs/server.md lists the same. */
export const SERVER_ENV = {
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
  PALISADE_TRUST_PROXY: 'true, or comma-separated addresses/CIDRs of your proxies, so X-Forwarded-For names the client (default off)',
  PALISADE_LOG_LEVEL: 'pino level: fatal, error, warn, info, debug, trace (default info)',
  PALISADE_SHUTDOWN_TIMEOUT: 'seconds in-flight requests get to finish on SIGTERM (default 10)',
} as const;

function int(env: NodeJS.ProcessEnv, name: keyof typeof SERVER_ENV, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number between ${min} and ${max} (got "${raw}").`);
  return n;
}

function trustProxy(raw: string | undefined): ServerConfig['trustProxy'] {
  const v = raw?.trim();
  if (!v || v === 'false') return false;
  if (v === 'true') return true;
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/**
 * Reads the environment once, at start-up, and fails with a sentence saying what to fix.
 * `dev` carries secrets generated into the embedded data dir; explicit variables win over them.
 */
export function loadServerConfig(env: NodeJS.ProcessEnv = process.env, dev: { jwtSecret?: string; adminSecret?: string } = {}): LoadedServerConfig {
  const notes: string[] = [];
  const jwtSecret = env.PALISADE_JWT_SECRET?.trim() || dev.jwtSecret;
  const jwksUrl = env.PALISADE_JWKS_URL?.trim() || undefined;
  if (!jwtSecret && !jwksUrl) {
    throw new ConfigError('no way to verify tokens: set PALISADE_JWT_SECRET (HS256) or PALISADE_JWKS_URL (RS256/ES256).');
  }
  if (jwtSecret && jwtSecret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`PALISADE_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters.`);
  }
  if (jwksUrl && !/^https?:\/\//.test(jwksUrl)) throw new ConfigError('PALISADE_JWKS_URL must be an http(s) URL.');
  if (jwksUrl?.startsWith('http://') && !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]/.test(jwksUrl)) {
    notes.push('PALISADE_JWKS_URL uses plain http: signing keys fetched without TLS can be swapped in transit. Use https.');
  }

  let adminSecret = env.PALISADE_ADMIN_JWT_SECRET?.trim() || dev.adminSecret;
  if (!adminSecret) {
    adminSecret = randomBytes(48).toString('base64url');
    notes.push('PALISADE_ADMIN_JWT_SECRET is not set: admin tokens are signed with a key made for this process, so they stop working on restart and on other instances.');
  }
  if (adminSecret.length < MIN_SECRET_LENGTH) throw new ConfigError(`PALISADE_ADMIN_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters.`);
  if (adminSecret === jwtSecret) {
    throw new ConfigError('PALISADE_ADMIN_JWT_SECRET must differ from PALISADE_JWT_SECRET: whoever holds the user-token secret could otherwise mint admin tokens.');
  }

  const logLevel = env.PALISADE_LOG_LEVEL?.trim() || 'info';
  if (!LOG_LEVELS.has(logLevel)) throw new ConfigError(`PALISADE_LOG_LEVEL must be one of ${[...LOG_LEVELS].join(', ')}.`);

  const config: ServerConfig = {
    host: env.HOST?.trim() || '127.0.0.1',
    port: int(env, 'PORT', 4000, 0, 65535),
    auth: {
      ...(jwtSecret ? { jwtSecret } : {}),
      ...(jwksUrl ? { jwksUrl } : {}),
      ...(env.PALISADE_JWT_ISSUER?.trim() ? { issuer: env.PALISADE_JWT_ISSUER.trim() } : {}),
      ...(env.PALISADE_JWT_AUDIENCE?.trim() ? { audience: env.PALISADE_JWT_AUDIENCE.trim() } : {}),
      clockSkewSeconds: int(env, 'PALISADE_JWT_CLOCK_SKEW', 30, 0, 300),
      adminSecret,
      adminTokenTtlSeconds: int(env, 'PALISADE_ADMIN_TOKEN_TTL', ADMIN_TOKEN_MAX_TTL_SECONDS, 60, ADMIN_TOKEN_MAX_TTL_SECONDS),
      maxTokenBytes: 8192,
    },
    rateLimit: { max: int(env, 'PALISADE_RATE_LIMIT', 600, 1, 1_000_000), timeWindowMs: 60_000 },
    bodyLimit: int(env, 'PALISADE_BODY_LIMIT', 256 * 1024, 1024, 64 * 1024 * 1024),
    trustProxy: trustProxy(env.PALISADE_TRUST_PROXY),
    logLevel,
    shutdownTimeoutMs: int(env, 'PALISADE_SHUTDOWN_TIMEOUT', 10, 1, 600) * 1000,
  };
  return { config, notes };
}

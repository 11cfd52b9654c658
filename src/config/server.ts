import { randomBytes } from 'node:crypto';
import { ADMIN_TOKEN_MAX_TTL_SECONDS, type AuthConfig, MIN_SECRET_LENGTH } from './auth.ts';
import { parseCorsOrigins } from './cors.ts';
import { ConfigError, type Env, type EnvName, LOG_LEVELS, readEnv } from './env.ts';

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
  /** Origins whose pages may call the API from a browser (CORS); empty: no CORS headers at all. */
  corsOrigins: string[];
  logLevel: string;
  /** How long in-flight requests may take to finish after SIGTERM before the process exits anyway. */
  shutdownTimeoutMs: number;
}

export interface LoadedServerConfig {
  config: ServerConfig;
  /** Sentences for the operator at start-up (e.g. an ephemeral admin key). */
  notes: string[];
}

function int(env: Env, name: EnvName, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`${name} must be a whole number between ${min} and ${max} (got "${raw}").`);
  return n;
}

function trustProxy(raw: string | undefined): ServerConfig['trustProxy'] {
  const v = raw?.trim();
  if (!v || v === 'false') return false;
  if (v === 'true') return true;
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Reads the environment once, at start-up, and fails with a sentence saying what to fix.
 * `dev` carries secrets generated into the embedded data dir; explicit variables win over them.
 */
export function loadServerConfig(
  env: Env = readEnv(),
  dev: { jwtSecret?: string; adminSecret?: string } = {},
): LoadedServerConfig {
  const notes: string[] = [];
  const jwtSecret = env.PALISADE_JWT_SECRET?.trim() || dev.jwtSecret;
  const jwksUrl = env.PALISADE_JWKS_URL?.trim() || undefined;
  if (!jwtSecret && !jwksUrl) {
    throw new ConfigError(
      'no way to verify tokens: set PALISADE_JWT_SECRET (HS256) or PALISADE_JWKS_URL (RS256/ES256).',
    );
  }
  if (jwtSecret && jwtSecret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`PALISADE_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters.`);
  }
  if (jwksUrl && !/^https?:\/\//.test(jwksUrl)) throw new ConfigError('PALISADE_JWKS_URL must be an http(s) URL.');
  if (jwksUrl?.startsWith('http://') && !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]/.test(jwksUrl)) {
    notes.push(
      'PALISADE_JWKS_URL uses plain http: signing keys fetched without TLS can be swapped in transit. Use https.',
    );
  }

  let adminSecret = env.PALISADE_ADMIN_JWT_SECRET?.trim() || dev.adminSecret;
  if (!adminSecret) {
    adminSecret = randomBytes(48).toString('base64url');
    notes.push(
      'PALISADE_ADMIN_JWT_SECRET is not set: admin tokens are signed with a key made for this process, so they stop working on restart and on other instances.',
    );
  }
  if (adminSecret.length < MIN_SECRET_LENGTH)
    throw new ConfigError(`PALISADE_ADMIN_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters.`);
  if (adminSecret === jwtSecret) {
    throw new ConfigError(
      'PALISADE_ADMIN_JWT_SECRET must differ from PALISADE_JWT_SECRET: whoever holds the user-token secret could otherwise mint admin tokens.',
    );
  }

  const logLevel = env.PALISADE_LOG_LEVEL?.trim() || 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    throw new ConfigError(`PALISADE_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.`);

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
      adminTokenTtlSeconds: int(
        env,
        'PALISADE_ADMIN_TOKEN_TTL',
        ADMIN_TOKEN_MAX_TTL_SECONDS,
        60,
        ADMIN_TOKEN_MAX_TTL_SECONDS,
      ),
      maxTokenBytes: 8192,
    },
    rateLimit: { max: int(env, 'PALISADE_RATE_LIMIT', 600, 1, 1_000_000), timeWindowMs: 60_000 },
    bodyLimit: int(env, 'PALISADE_BODY_LIMIT', 256 * 1024, 1024, 64 * 1024 * 1024),
    trustProxy: trustProxy(env.PALISADE_TRUST_PROXY),
    corsOrigins: parseCorsOrigins(env.PALISADE_CORS_ORIGINS),
    logLevel,
    shutdownTimeoutMs: int(env, 'PALISADE_SHUTDOWN_TIMEOUT', 10, 1, 600) * 1000,
  };
  return { config, notes };
}

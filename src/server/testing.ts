import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { type JWTPayload, SignJWT } from 'jose';
import pino, { type Logger } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import type { AuthConfig } from '../config/auth.ts';
import type { ServerConfig } from '../config/index.ts';
import type { Database } from '../db/types.ts';
import { KeyRing } from '../vault/keyring.ts';
import { buildServer } from './app.ts';
import { loggerOptions } from './plugins/logging.ts';

/** Test secrets: long enough for the config checks, never used outside tests. */
export const TEST_JWT_SECRET = 'test-user-jwt-secret-0123456789abcdef-0123456789';
export const TEST_ADMIN_SECRET = 'test-admin-jwt-secret-0123456789abcdef-012345678';

export function testConfig(
  overrides: { auth?: Partial<AuthConfig> } & Partial<Omit<ServerConfig, 'auth'>> = {},
): ServerConfig {
  const { auth, ...rest } = overrides;
  return {
    host: '127.0.0.1',
    port: 0,
    auth: {
      jwtSecret: TEST_JWT_SECRET,
      clockSkewSeconds: 30,
      adminSecret: TEST_ADMIN_SECRET,
      adminTokenTtlSeconds: 900,
      maxTokenBytes: 8192,
      ...auth,
    },
    rateLimit: { max: 100_000, timeWindowMs: 60_000 },
    bodyLimit: 256 * 1024,
    trustProxy: false,
    corsOrigins: [],
    logLevel: 'silent',
    shutdownTimeoutMs: 5_000,
    ...rest,
  };
}

/** An HS256 user token as an identity provider sharing TEST_JWT_SECRET would issue it. */
export async function userToken(
  sub: string,
  claims: JWTPayload & { email?: string } = {},
  opts: { secret?: string; expiresIn?: string | number } = {},
) {
  return new SignJWT({ role: 'authenticated', ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(opts.expiresIn ?? '10m')
    .sign(new TextEncoder().encode(opts.secret ?? TEST_JWT_SECRET));
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A pino logger writing into an array, to read what the server logged. */
export function captureLogs(level = 'trace'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { logger: pino(loggerOptions(level), stream), lines };
}

export interface TestServer {
  readonly app: FastifyInstance;
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

/** Builds one server per describe block on its fresh database; closes it after. */
export function useServer(
  ctx: { readonly db: Database },
  make: () => Partial<Parameters<typeof buildServer>[0]> = () => ({}),
): TestServer {
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    const extra = make();
    // A vault key of the test's own, never a key file in the working tree.
    app = await buildServer({
      vaultRing: new KeyRing([{ id: 'test', key: randomBytes(32) }]),
      ...extra,
      db: ctx.db,
      config: extra.config ?? testConfig(),
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
  });
  return {
    get app() {
      if (!app) throw new Error('server not ready');
      return app;
    },
    inject(opts) {
      if (!app) throw new Error('server not ready');
      return app.inject(opts);
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies of every shape
export const json = <T = any>(res: LightMyRequestResponse): T => JSON.parse(res.body) as T;

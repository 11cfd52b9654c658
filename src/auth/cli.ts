import { createHash } from 'node:crypto';
import type { Command } from 'commander';
import { action, EXIT, withDatabase } from '../cli/util.ts';
import { ConfigError } from '../config/error.ts';
import type { EngineConfig, Env } from '../config/index.ts';
import { DEMO, MEMBER_KINDS } from '../seed/ids.ts';
import { devSecretPath, readDevSecret } from './dev-secret.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_TTL_SECONDS = 24 * 3600;

/** "90", "15m", "1h", "1d" → seconds. */
function parseTtl(raw: string): number | null {
  const m = /^(\d+)\s*([smhd]?)$/.exec(raw.trim());
  if (!m) return null;
  const n = Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 } as const)[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return n > 0 ? n : null;
}

/** A stable user id for an email nobody has signed in with yet, so repeated tokens name one person. */
function devUserId(email: string): string {
  const h = createHash('sha256').update(`palisade-dev-user:${email.toLowerCase()}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function demoUserByEmail(email: string): string | undefined {
  const e = email.toLowerCase();
  if (DEMO.platformAdmin.email === e) return DEMO.platformAdmin.id;
  if (DEMO.loner.email === e) return DEMO.loner.id;
  for (const o of Object.values(DEMO.orgs))
    for (const k of MEMBER_KINDS) if (o.users[k].email === e) return o.users[k].id;
  return undefined;
}

/**
 * The local signing secret: PALISADE_JWT_SECRET, or the embedded data dir's development secret.
 * Where tokens come from an identity provider (a server database without a shared secret), there
 * is nothing local to sign with, and that is said plainly.
 */
function localSecret(env: Env, engineOf: (env: Env) => EngineConfig): { secret: string; source: string } {
  const fromEnv = env.PALISADE_JWT_SECRET?.trim();
  if (fromEnv) return { secret: fromEnv, source: 'PALISADE_JWT_SECRET' };
  const engine = engineOf(env);
  if (engine.kind === 'pglite') {
    const secret = readDevSecret(engine.dataDir, 'jwt');
    if (secret) return { secret, source: devSecretPath(engine.dataDir, 'jwt') };
    throw new ConfigError(
      `no local secret to sign with: ${devSecretPath(engine.dataDir, 'jwt')} does not exist yet. Start the server once (npm start) to generate it, or set PALISADE_JWT_SECRET.`,
    );
  }
  throw new ConfigError(
    'no local secret to sign with: PALISADE_JWT_SECRET is not set, so tokens must come from your identity provider (PALISADE_JWKS_URL). `palisade token` is for trying the API with a shared secret.',
  );
}

export function register(program: Command) {
  program
    .command('token')
    .description('print a user token (JWT) signed with the local secret, for trying the API')
    .option('--email <email>', 'the person: a demo user (e.g. owner@acme.test) or any address')
    .option('--sub <uuid>', 'the user id (auth.users.id); default: looked up or derived from --email')
    .option('--ttl <duration>', 'lifetime: 90 (seconds), 15m, 1h, 1d; at most 24h', '1h')
    .addHelpText(
      'after',
      `
The token goes to stdout alone, so TOKEN=$(npx palisade token --email owner@acme.test) works.
It is signed with PALISADE_JWT_SECRET, or in embedded mode with the development secret the
server generated in its data dir; the command refuses when neither exists (e.g. when tokens come
from an identity provider through PALISADE_JWKS_URL). It never opens the embedded database, so
it is safe to run while the server is running. The server creates the auth.users row for a new
sub on its first request.

Exit codes: 0 printed, 2 bad usage or no local secret.`,
    )
    .action(
      action(async (opts: { email?: string; sub?: string; ttl: string }) => {
        if (!opts.email && !opts.sub) {
          console.error('palisade token: say who the token is for: --email <address> or --sub <uuid>.');
          return EXIT.usage;
        }
        if (opts.sub && !UUID.test(opts.sub)) {
          console.error('palisade token: --sub must be a UUID.');
          return EXIT.usage;
        }
        const email = opts.email?.trim().toLowerCase();
        if (email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
          console.error('palisade token: --email is not an email address.');
          return EXIT.usage;
        }
        const ttl = parseTtl(opts.ttl);
        if (!ttl || ttl > MAX_TTL_SECONDS) {
          console.error('palisade token: --ttl must be a duration up to 24h, e.g. 90, 15m, 1h.');
          return EXIT.usage;
        }
        // jose and the configuration schema load here, not when the command is merely defined.
        const [{ engineConfig, readEnv }, { SignJWT }] = await Promise.all([
          import('../config/index.ts'),
          import('jose'),
        ]);
        const env = readEnv();
        const { secret, source } = localSecret(env, engineConfig);
        let sub = opts.sub?.toLowerCase();
        if (!sub && email) {
          sub = demoUserByEmail(email);
          if (!sub && engineConfig().kind === 'postgres') {
            // A server database can be read alongside a running server; the embedded one cannot.
            sub = await withDatabase(async (db) => {
              const { rows } = await db.query<{ id: string }>('select id from auth.users where lower(email) = $1', [
                email,
              ]);
              return rows[0]?.id;
            });
          }
          sub ??= devUserId(email);
        }
        const jwt = new SignJWT({ role: 'authenticated', ...(email ? { email } : {}) })
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
          .setSubject(sub!)
          .setAudience(env.PALISADE_JWT_AUDIENCE || 'authenticated')
          .setIssuedAt()
          .setExpirationTime(`${ttl}s`);
        const issuer = env.PALISADE_JWT_ISSUER;
        if (issuer) jwt.setIssuer(issuer);
        process.stdout.write(`${await jwt.sign(new TextEncoder().encode(secret))}\n`);
        console.error(`palisade token: ${email ?? sub} (sub ${sub}), valid ${opts.ttl}, signed with ${source}.`);
      }),
    );
}

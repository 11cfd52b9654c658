import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config/error.ts';

/**
 * Development secrets for the embedded engine, kept in its data dir so `npm start` needs no setup
 * and `palisade token` can sign tokens the running server accepts. Files are created with mode 0600
 * and refused when anyone but their owner can read them, as ssh does with private keys.
 */
const DEV_SECRET_FILES = {
  /** HS256 secret for user tokens (what PALISADE_JWT_SECRET would be). */
  jwt: 'palisade-dev-jwt-secret',
  /** HS256 key for admin tokens (what PALISADE_ADMIN_JWT_SECRET would be). */
  admin: 'palisade-dev-admin-jwt-secret',
} as const;
export type DevSecretKind = keyof typeof DEV_SECRET_FILES;

export function devSecretPath(dataDir: string, kind: DevSecretKind): string {
  return path.join(dataDir, DEV_SECRET_FILES[kind]);
}

/** The secret in the data dir, or undefined when none was generated yet. */
export function readDevSecret(dataDir: string, kind: DevSecretKind): string | undefined {
  const file = devSecretPath(dataDir, kind);
  if (!existsSync(file)) return undefined;
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    throw new ConfigError(
      `${file} can be read by other users; run \`chmod 600 ${file}\` (or delete it to generate a new one).`,
    );
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new ConfigError(`${file} holds no usable secret; delete it to generate a new one.`);
  return secret;
}

/** Reads the secret, generating it (exclusively, mode 0600) on first use. */
export function ensureDevSecret(
  dataDir: string,
  kind: DevSecretKind,
): { secret: string; file: string; created: boolean } {
  const file = devSecretPath(dataDir, kind);
  const existing = readDevSecret(dataDir, kind);
  if (existing) return { secret: existing, file, created: false };
  const secret = randomBytes(48).toString('base64url');
  // 'wx' fails if another process created it meanwhile; then we read theirs.
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      return { secret: readDevSecret(dataDir, kind)!, file, created: false };
    throw err;
  }
  return { secret, file, created: true };
}

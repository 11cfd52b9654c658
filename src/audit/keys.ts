/**
 * The Ed25519 key that signs anchors. It never enters the database: it comes from
 * PALISADE_AUDIT_SIGNING_KEY (base64 of the 32-byte seed, or a PKCS#8 PEM), or in embedded mode
 * from a file generated into the data dir. Verifiers may instead be given only public keys
 * (PALISADE_AUDIT_PUBLIC_KEYS), so an auditor can check anchors without being able to make them.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, type Env, engineConfig, readEnv } from '../config/index.ts';
import { PUBLIC_KEYS_ENV, SIGNING_KEY_ENV } from './key-env.ts';

export const SIGNING_KEY_FILE = 'palisade-audit-signing-key';

// DER prefixes that wrap a raw Ed25519 seed (PKCS#8) and a raw public key (SPKI), RFC 8410.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Raw 32-byte public key, base64. */
  publicKeyB64: string;
  keyId: string;
  source: string;
}

export interface TrustedKey {
  publicKey: KeyObject;
  keyId: string;
}

/** First 16 hex digits of SHA-256 over the raw 32-byte public key. */
function keyIdOf(rawPublicKey: Buffer): string {
  return createHash('sha256').update(rawPublicKey).digest('hex').slice(0, 16);
}

function rawPublicKey(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url');
}

function decodeBase64(value: string): Buffer | undefined {
  const v = value.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(v)) return undefined;
  return Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

export function parseSigningKey(value: string, source: string): SigningKey {
  let privateKey: KeyObject;
  try {
    if (value.includes('-----BEGIN')) {
      privateKey = createPrivateKey(value);
    } else {
      const seed = decodeBase64(value);
      if (seed?.length !== 32) throw new Error('not 32 bytes');
      privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    }
  } catch {
    throw new ConfigError(
      `${source} is not an Ed25519 private key: give the base64 of a 32-byte seed (\`palisade audit key --generate\` prints one) or a PKCS#8 PEM.`,
    );
  }
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new ConfigError(`${source} is a ${privateKey.asymmetricKeyType} key; anchors are signed with Ed25519.`);
  const publicKey = createPublicKey(privateKey);
  const raw = rawPublicKey(publicKey);
  return { privateKey, publicKey, publicKeyB64: raw.toString('base64'), keyId: keyIdOf(raw), source };
}

function parsePublicKey(value: string, source: string): TrustedKey {
  try {
    const publicKey = value.includes('-----BEGIN')
      ? createPublicKey(value)
      : createPublicKey({
          key: Buffer.concat([SPKI_PREFIX, decodeBase64(value) ?? Buffer.alloc(0)]),
          format: 'der',
          type: 'spki',
        });
    if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error('not ed25519');
    return { publicKey, keyId: keyIdOf(rawPublicKey(publicKey)) };
  } catch {
    throw new ConfigError(
      `${source} holds something that is not an Ed25519 public key (base64 of 32 bytes, or an SPKI PEM).`,
    );
  }
}

/** A new key, as the base64 seed PALISADE_AUDIT_SIGNING_KEY takes. */
export function generateSigningKeyValue(): string {
  return randomBytes(32).toString('base64');
}

function keyFile(env: NodeJS.ProcessEnv): string | undefined {
  const cfg = engineConfig(env);
  return cfg.kind === 'pglite' ? path.join(cfg.dataDir, SIGNING_KEY_FILE) : undefined;
}

function readKeyFile(file: string): SigningKey {
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    throw new ConfigError(`${file} can be read by other users; run \`chmod 600 ${file}\`.`);
  }
  return parseSigningKey(readFileSync(file, 'utf8').trim(), file);
}

export interface ResolveOptions {
  env?: Env;
  /** Embedded mode only: create the key file when absent (anchoring does; verifying does not). */
  generate?: boolean;
  /** Told once when a key file is generated. */
  warn?: (message: string) => void;
}

/** The signing key from the environment, else (embedded mode) the data dir's key file. */
export function resolveSigningKey(opts: ResolveOptions = {}): SigningKey | undefined {
  const env = opts.env ?? readEnv();
  const fromEnv = env[SIGNING_KEY_ENV]?.trim();
  if (fromEnv) return parseSigningKey(fromEnv, SIGNING_KEY_ENV);
  const file = keyFile(env);
  if (!file) return undefined;
  if (existsSync(file)) return readKeyFile(file);
  if (!opts.generate) return undefined;
  try {
    writeFileSync(file, `${generateSigningKeyValue()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process generated it first: use theirs.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return readKeyFile(file);
  }
  opts.warn?.(
    `generated an audit signing key in ${file} (mode 0600). Anchors are only as trustworthy as this key: ` +
      `in production set ${SIGNING_KEY_ENV} from a secret store and keep a copy of the key away from the database host.`,
  );
  return readKeyFile(file);
}

/** Keys whose anchors are believed: the signing key's public half and PALISADE_AUDIT_PUBLIC_KEYS. */
export function trustedKeys(env: Env = readEnv(), signing?: SigningKey): Map<string, TrustedKey> {
  const keys = new Map<string, TrustedKey>();
  const own = signing ?? resolveSigningKey({ env });
  if (own) keys.set(own.keyId, { publicKey: own.publicKey, keyId: own.keyId });
  for (const part of (env[PUBLIC_KEYS_ENV] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const k = parsePublicKey(part, PUBLIC_KEYS_ENV);
    keys.set(k.keyId, k);
  }
  return keys;
}

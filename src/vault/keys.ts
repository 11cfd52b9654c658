import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, type EngineConfig, type Env, readEnv } from '../config/index.ts';
import { generateKeyEntry, type KeyRing, parseKeyRing } from './keyring.ts';

/** The embedded engine's generated key file, in its data dir beside the dev JWT secrets. */
const VAULT_KEY_FILE = 'palisade-vault-keys';

export function vaultKeyFilePath(dataDir: string): string {
  return path.join(dataDir, VAULT_KEY_FILE);
}

export interface LoadedKeyRing {
  ring: KeyRing;
  /** Where the keys came from, for start-up output: the variable name or the file path. */
  source: string;
  /** Set when a key file was generated just now: print it, the operator must know. */
  warning?: string;
}

/** Reads the key file, refusing one that other users could read (as ssh does with private keys). */
function readKeyFile(file: string): KeyRing {
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    throw new ConfigError(`${file} can be read by other users; run \`chmod 600 ${file}\`.`);
  }
  return parseKeyRing(readFileSync(file, 'utf8'), file);
}

/**
 * The key ring for this process. PALISADE_VAULT_KEYS wins everywhere. Without it, a PostgreSQL
 * server deployment has no keys (they must be managed, not improvised: the vault refuses, and the
 * server's credential endpoints answer 503), while the embedded engine generates a key file in its
 * data dir (mode 0600) and says so.
 */
export function loadKeyRing(engine: EngineConfig, env: Env = readEnv()): LoadedKeyRing {
  const spec = env.PALISADE_VAULT_KEYS?.trim();
  if (spec) return { ring: parseKeyRing(spec), source: 'PALISADE_VAULT_KEYS' };
  if (engine.kind === 'postgres') {
    throw new ConfigError(
      'PALISADE_VAULT_KEYS is not set: the vault needs at least one 32-byte key (`npx palisade vault keygen --env` prints the line to set).',
    );
  }
  const file = vaultKeyFilePath(engine.dataDir);
  if (existsSync(file)) return { ring: readKeyFile(file), source: file };
  const { entry } = generateKeyEntry();
  try {
    // 'wx': another process creating it meanwhile wins, and we read theirs.
    writeFileSync(
      file,
      `# Palisade vault keys, newest first (kid:base64). Never commit or share this file.\n${entry}\n`,
      {
        mode: 0o600,
        flag: 'wx',
      },
    );
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { ring: readKeyFile(file), source: file };
    throw err;
  }
  return {
    ring: readKeyFile(file),
    source: file,
    warning:
      `generated a vault key in ${file} (embedded engine, mode 0600). Integration credentials are encrypted with it: ` +
      'lose it and they cannot be read; copy the data dir and the key travels with the ciphertext. ' +
      'For anything beyond local development set PALISADE_VAULT_KEYS and keep the keys out of backups.',
  };
}

/**
 * What `serve` warns at start: on a PostgreSQL server without PALISADE_VAULT_KEYS the server runs,
 * but every credential write or read answers 503, which nobody would otherwise notice until then.
 */
export function vaultStartupWarning(engine: EngineConfig, env: Env): string | undefined {
  if (engine.kind !== 'postgres' || env.PALISADE_VAULT_KEYS?.trim()) return undefined;
  return 'PALISADE_VAULT_KEYS is not set: integration credentials cannot be stored or read (those endpoints answer 503) until it is; `npx palisade vault keygen --env` prints the line to set.';
}

/** `palisade vault keygen --add`: puts a new key first in the embedded key file (creating it). */
export function prependKeyToFile(file: string, entry: string): void {
  // readKeyFile refuses a malformed or readable-by-others file before it is extended.
  if (existsSync(file)) readKeyFile(file);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const lines = current.split('\n');
  const header = lines.filter((l) => l.startsWith('#'));
  const keys = lines.filter((l) => l.trim() && !l.startsWith('#'));
  const next = [
    ...(header.length
      ? header
      : ['# Palisade vault keys, newest first (kid:base64). Never commit or share this file.']),
    entry,
    ...keys,
  ];
  // Write beside and rename, so a crash never leaves a half-written key file.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${next.join('\n')}\n`, { mode: 0o600, flag: 'wx' });
  parseKeyRing(readFileSync(tmp, 'utf8'), file);
  renameSync(tmp, file);
}

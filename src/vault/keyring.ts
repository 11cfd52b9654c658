import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { ConfigError } from '../config/index.ts';

/** Key ids are stored beside each ciphertext; short and plain so they can appear in logs. */
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const KEY_BYTES = 32;

/**
 * The vault's AES-256 keys, newest first (the order of PALISADE_VAULT_KEYS). New secrets are
 * sealed with the newest; any key still in the ring opens what it sealed, which is what lets
 * `palisade vault rotate` move old ciphertext forward before an old key is dropped.
 *
 * Key material is held in a private field and never printed: console.log, util.inspect and
 * JSON.stringify show key ids only.
 */
export class KeyRing {
  readonly #keys: Map<string, Buffer>;
  readonly ids: readonly string[];

  constructor(keys: ReadonlyArray<{ id: string; key: Buffer }>) {
    if (keys.length === 0) throw new ConfigError('the vault key ring is empty: it needs at least one key.');
    this.#keys = new Map();
    for (const [i, k] of keys.entries()) {
      if (!KEY_ID.test(k.id))
        throw new ConfigError(
          `vault key ${i + 1}: its id must be 1-32 letters, digits, _ or - (got "${k.id.slice(0, 40)}").`,
        );
      if (k.key.length !== KEY_BYTES)
        throw new ConfigError(`vault key "${k.id}" must be ${KEY_BYTES} bytes; it is ${k.key.length}.`);
      if (this.#keys.has(k.id)) throw new ConfigError(`vault key id "${k.id}" appears twice in the key ring.`);
      this.#keys.set(k.id, Buffer.from(k.key));
    }
    this.ids = keys.map((k) => k.id);
  }

  /** The key new secrets are sealed with. */
  get newestId(): string {
    return this.ids[0]!;
  }

  has(id: string): boolean {
    return this.#keys.has(id);
  }

  /** For the cipher only. */
  material(id: string): Buffer | undefined {
    return this.#keys.get(id);
  }

  toJSON() {
    return { keyIds: this.ids };
  }

  [inspect.custom]() {
    return `KeyRing { newest: ${this.newestId}, keys: [${this.ids.join(', ')}] }`;
  }
}

/**
 * Parses `kid:base64key,kid:base64key` (newest first). Errors name the entry and its id, never
 * any part of a key.
 */
export function parseKeyRing(spec: string, source = 'PALISADE_VAULT_KEYS'): KeyRing {
  // Lines starting with # are comments (the key file has a header); entries are separated by commas or newlines.
  const entries = spec
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .flatMap((line) => line.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0)
    throw new ConfigError(`${source} holds no keys. Generate one with \`npx palisade vault keygen\`.`);
  const keys = entries.map((entry, i) => {
    const colon = entry.indexOf(':');
    if (colon < 1) throw new ConfigError(`${source} entry ${i + 1} must look like <key id>:<base64 key>.`);
    const id = entry.slice(0, colon);
    const b64 = entry.slice(colon + 1).trim();
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(b64)) {
      throw new ConfigError(`${source} entry ${i + 1} (key id "${id.slice(0, 32)}"): the key is not base64.`);
    }
    const key = Buffer.from(b64, b64.includes('-') || b64.includes('_') ? 'base64url' : 'base64');
    if (key.length !== KEY_BYTES) {
      throw new ConfigError(
        `${source} entry ${i + 1} (key id "${id.slice(0, 32)}"): the key must be ${KEY_BYTES} random bytes in base64 (openssl rand -base64 32); it decodes to ${key.length} bytes.`,
      );
    }
    return { id, key };
  });
  return new KeyRing(keys);
}

/** A fresh key entry, `kid:base64`, for `palisade vault keygen` and the embedded key file. */
export function generateKeyEntry(now = new Date()): { id: string; entry: string } {
  const id = `k${now.toISOString().slice(0, 10).replaceAll('-', '')}${randomBytes(3).toString('hex')}`;
  return { id, entry: `${id}:${randomBytes(KEY_BYTES).toString('base64')}` };
}

import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'pk_';
/** 32 random bytes written in base62: 43 characters, selectable with a double click. */
const BODY_LENGTH = 43;
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SHAPE = new RegExp(`^${API_KEY_PREFIX}[0-9A-Za-z]{${BODY_LENGTH}}$`);

function base62(bytes: Buffer): string {
  let n = BigInt(`0x${bytes.toString('hex')}`);
  let out = '';
  while (n > 0n) {
    out = ALPHABET[Number(n % 62n)]! + out;
    n /= 62n;
  }
  return out.padStart(BODY_LENGTH, '0');
}

export interface MintedKey {
  /** Shown to the creator once; never stored, logged or returned again. */
  plaintext: string;
  /** SHA-256 of the plaintext: what the database keeps. A 256-bit random key needs no slow hash. */
  hash: Buffer;
  prefix: string;
}

/** A key of 32 random bytes after `prefix`, its hash and what lists show of it (the prefix and 8 characters). */
export function mintKey(prefix: string): MintedKey {
  const plaintext = prefix + base62(randomBytes(32));
  return { plaintext, hash: hashApiKey(plaintext), prefix: plaintext.slice(0, prefix.length + 8) };
}

export function generateApiKey(): MintedKey {
  return mintKey(API_KEY_PREFIX);
}

export function hashApiKey(plaintext: string): Buffer {
  return createHash('sha256').update(plaintext, 'utf8').digest();
}

export function looksLikeApiKey(credential: string): boolean {
  return SHAPE.test(credential);
}

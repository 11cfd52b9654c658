import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyRing } from './keyring.ts';

/** Identifies a secret; all three are bound into the ciphertext as associated data. */
export interface SecretRef {
  orgId: string;
  id: string;
  /** What the secret is for, e.g. `integration_credentials`. */
  purpose: string;
}

export interface SealedSecret {
  keyId: string;
  /** 96-bit GCM nonce, random per encryption. */
  nonce: Buffer;
  /** Ciphertext with the 16-byte GCM tag appended. */
  ciphertext: Buffer;
}

export const AAD_VERSION = 1;
const TAG_BYTES = 16;
const MAX_PLAINTEXT_BYTES = 65536;

/**
 * Associated data: authenticated but not encrypted. A ciphertext copied into another row,
 * another organisation or another purpose carries the wrong AAD there and fails to open.
 * NUL separators keep the fields unambiguous (uuids and purposes cannot contain NUL).
 */
function associatedData(ref: SecretRef): Buffer {
  return Buffer.from(
    `palisade-vault/v${AAD_VERSION}\0${ref.orgId.toLowerCase()}\0${ref.id.toLowerCase()}\0${ref.purpose}`,
    'utf8',
  );
}

/** Why a secret could not be opened. Messages name the secret and key id, never any content. */
export class VaultError extends Error {
  override name = 'VaultError';
  constructor(
    readonly code: 'unknown_key' | 'authentication_failed' | 'too_large',
    message: string,
  ) {
    super(message);
  }
}

export function seal(ring: KeyRing, ref: SecretRef, plaintext: Buffer): SealedSecret {
  if (plaintext.length > MAX_PLAINTEXT_BYTES) {
    throw new VaultError('too_large', `a vault secret holds at most ${MAX_PLAINTEXT_BYTES} bytes`);
  }
  const keyId = ring.newestId;
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', ring.material(keyId)!, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(ref));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { keyId, nonce, ciphertext };
}

export function open(ring: KeyRing, ref: SecretRef, sealed: SealedSecret): Buffer {
  const key = ring.material(sealed.keyId);
  if (!key) {
    throw new VaultError(
      'unknown_key',
      `vault secret ${ref.orgId}/${ref.id} was sealed with key "${sealed.keyId}", which is not in the key ring (PALISADE_VAULT_KEYS)`,
    );
  }
  if (sealed.ciphertext.length <= TAG_BYTES || sealed.nonce.length !== 12) {
    throw new VaultError('authentication_failed', `vault secret ${ref.orgId}/${ref.id} is malformed`);
  }
  const body = sealed.ciphertext.subarray(0, sealed.ciphertext.length - TAG_BYTES);
  const tag = sealed.ciphertext.subarray(sealed.ciphertext.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(associatedData(ref));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    // GCM says only "unauthenticated": a wrong key, a tampered ciphertext, or one copied from another row.
    throw new VaultError(
      'authentication_failed',
      `vault secret ${ref.orgId}/${ref.id} failed authentication: wrong key, tampered, or copied from another row or organisation`,
    );
  }
}

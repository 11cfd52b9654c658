import { createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open, type SecretRef, seal, VaultError } from './cipher.ts';
import { KeyRing } from './keyring.ts';

/** The cipher's limits and exact refusals (src/vault/cipher.test.ts covers what it protects). */
const ring = () => new KeyRing([{ id: 'k1', key: randomBytes(32) }]);
const ref = (): SecretRef => ({ orgId: randomUUID(), id: randomUUID(), purpose: 'integration_credentials' });

function refusal(fn: () => unknown): VaultError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(VaultError);
    expect((err as VaultError).name).toBe('VaultError');
    return err as VaultError;
  }
  throw new Error('expected a VaultError');
}

describe('sealing and opening', () => {
  it('a secret holds at most 64 KiB', () => {
    const r = ring();
    const where = ref();
    const max = Buffer.alloc(65536, 1);
    expect(open(r, where, seal(r, where, max)).equals(max)).toBe(true);
    const err = refusal(() => seal(r, where, Buffer.alloc(65537)));
    expect({ code: err.code, message: err.message }).toEqual({
      code: 'too_large',
      message: 'a vault secret holds at most 65536 bytes',
    });
  });

  it('the ciphertext is the plaintext length plus a 16-byte tag, under a 12-byte nonce', () => {
    const r = ring();
    const sealed = seal(r, ref(), Buffer.from('0123456789'));
    expect(sealed.keyId).toBe('k1');
    expect(sealed.nonce).toHaveLength(12);
    expect(sealed.ciphertext).toHaveLength(26);
  });

  it('a ciphertext of 16 bytes or less, or a nonce not of 12 bytes, is malformed', () => {
    const r = ring();
    const where = ref();
    const sealed = seal(r, where, Buffer.from(''));
    expect(sealed.ciphertext).toHaveLength(16);
    for (const bad of [sealed, { ...sealed, ciphertext: sealed.ciphertext.subarray(0, 15) }]) {
      const err = refusal(() => open(r, where, bad));
      expect({ code: err.code, message: err.message }).toEqual({
        code: 'authentication_failed',
        message: `vault secret ${where.orgId}/${where.id} is malformed`,
      });
    }
    const full = seal(r, where, Buffer.from('x'));
    for (const nonce of [full.nonce.subarray(0, 11), Buffer.concat([full.nonce, Buffer.from([0])])]) {
      expect(refusal(() => open(r, where, { ...full, nonce })).message).toBe(
        `vault secret ${where.orgId}/${where.id} is malformed`,
      );
    }
  });

  it('a secret opens whatever the case of its organisation and id, but not with another purpose case', () => {
    const r = ring();
    const where = ref();
    const sealed = seal(r, where, Buffer.from('s'));
    expect(open(r, { ...where, orgId: where.orgId.toUpperCase(), id: where.id.toUpperCase() }, sealed).toString()).toBe(
      's',
    );
    const upper = { ...where, orgId: where.orgId.toUpperCase() };
    expect(open(r, where, seal(r, upper, Buffer.from('t'))).toString()).toBe('t');
    const err = refusal(() => open(r, { ...where, purpose: 'INTEGRATION_CREDENTIALS' }, sealed));
    expect({ code: err.code, message: err.message }).toEqual({
      code: 'authentication_failed',
      message: `vault secret ${where.orgId}/${where.id} failed authentication: wrong key, tampered, or copied from another row or organisation`,
    });
  });

  it('binds palisade-vault/v1, the lower-case organisation and id, and the purpose, NUL-separated, as associated data', () => {
    const key = randomBytes(32);
    const r = new KeyRing([{ id: 'k1', key }]);
    const where = { orgId: randomUUID().toUpperCase(), id: randomUUID().toUpperCase(), purpose: 'oauth_tokens' };
    const sealed = seal(r, where, Buffer.from('secret'));
    // Opened by hand as docs/vault.md specifies it: the stored ciphertexts depend on this exact form.
    const d = createDecipheriv('aes-256-gcm', key, sealed.nonce, { authTagLength: 16 });
    d.setAAD(
      Buffer.from(`palisade-vault/v1\0${where.orgId.toLowerCase()}\0${where.id.toLowerCase()}\0oauth_tokens`, 'utf8'),
    );
    d.setAuthTag(sealed.ciphertext.subarray(-16));
    expect(Buffer.concat([d.update(sealed.ciphertext.subarray(0, -16)), d.final()]).toString()).toBe('secret');
  });

  it('a key that left the ring is named, with where to put it back', () => {
    const where = ref();
    const sealed = seal(ring(), where, Buffer.from('s'));
    const err = refusal(() => open(new KeyRing([{ id: 'k2', key: randomBytes(32) }]), where, sealed));
    expect({ code: err.code, message: err.message }).toEqual({
      code: 'unknown_key',
      message: `vault secret ${where.orgId}/${where.id} was sealed with key "k1", which is not in the key ring (PALISADE_VAULT_KEYS)`,
    });
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/index.ts';
import { open, type SecretRef, seal, VaultError } from './cipher.ts';
import { generateKeyEntry, KeyRing, parseKeyRing } from './keyring.ts';
import { loadKeyRing, prependKeyToFile, vaultKeyFilePath } from './keys.ts';
import { Redacted, scrub } from './redacted.ts';

const key = () => ({ id: `k${randomBytes(3).toString('hex')}`, key: randomBytes(32) });
const ring = new KeyRing([key()]);
const ref = (over: Partial<SecretRef> = {}): SecretRef => ({
  orgId: randomUUID(),
  id: randomUUID(),
  purpose: 'integration_credentials',
  ...over,
});
const PLAINTEXT = Buffer.from('{"apiToken":"planted-secret-9f3c"}');

async function failure(fn: () => unknown): Promise<VaultError> {
  try {
    fn();
  } catch (err) {
    return err as VaultError;
  }
  throw new Error('expected the call to fail');
}

describe('AES-256-GCM with associated data', () => {
  it('opens a secret for the row it was sealed for', () => {
    const r = ref();
    expect(open(ring, r, seal(ring, r, PLAINTEXT)).equals(PLAINTEXT)).toBe(true);
  });

  it('refuses to open a ciphertext copied to another secret id, organisation or purpose', async () => {
    const r = ref();
    const sealed = seal(ring, r, PLAINTEXT);
    for (const other of [
      { ...r, id: randomUUID() },
      { ...r, orgId: randomUUID() },
      { ...r, purpose: 'oauth_tokens' },
    ]) {
      const err = await failure(() => open(ring, other, sealed));
      expect(err).toBeInstanceOf(VaultError);
      expect(err.code).toBe('authentication_failed');
      expect(err.message).not.toContain('planted-secret');
    }
  });

  it('refuses a tampered ciphertext, tag or nonce', async () => {
    const r = ref();
    const sealed = seal(ring, r, PLAINTEXT);
    const flip = (b: Buffer, i: number) => Buffer.from(b.map((x, j) => (j === i ? x ^ 1 : x)));
    for (const bad of [
      { ...sealed, ciphertext: flip(sealed.ciphertext, 0) },
      { ...sealed, ciphertext: flip(sealed.ciphertext, sealed.ciphertext.length - 1) },
      { ...sealed, nonce: flip(sealed.nonce, 3) },
    ]) {
      expect((await failure(() => open(ring, r, bad))).code).toBe('authentication_failed');
    }
  });

  it('uses a fresh nonce every time, so equal secrets never look equal', () => {
    const r = ref();
    const a = seal(ring, r, PLAINTEXT);
    const b = seal(ring, r, PLAINTEXT);
    expect(a.nonce.equals(b.nonce)).toBe(false);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
  });

  it('seals with the newest key and opens with any key still in the ring', () => {
    const older = key();
    const r = ref();
    const sealedOld = seal(new KeyRing([older]), r, PLAINTEXT);
    const both = new KeyRing([key(), older]);
    expect(seal(both, r, PLAINTEXT).keyId).toBe(both.newestId);
    expect(open(both, r, sealedOld).equals(PLAINTEXT)).toBe(true);
  });

  it('names the missing key, and nothing of the content, when a key was dropped too early', async () => {
    const r = ref();
    const sealed = seal(ring, r, PLAINTEXT);
    const err = await failure(() => open(new KeyRing([key()]), r, sealed));
    expect(err.code).toBe('unknown_key');
    expect(err.message).toContain(sealed.keyId);
  });
});

describe('the key ring', () => {
  const b64 = randomBytes(32).toString('base64');

  it('reads kid:base64 entries newest first', () => {
    const r = parseKeyRing(`new:${b64},old:${randomBytes(32).toString('base64')}`);
    expect(r.ids).toEqual(['new', 'old']);
    expect(r.newestId).toBe('new');
  });

  it('refuses malformed entries with a sentence that quotes no key material', () => {
    const short = randomBytes(16).toString('base64');
    for (const spec of [`k1:${short}`, `k1:${b64},k1:${b64}`, `:${b64}`, `k1:not base64!`, `bad id!:${b64}`, '']) {
      let err: unknown;
      try {
        parseKeyRing(spec);
      } catch (e) {
        err = e;
      }
      expect(err, spec).toBeInstanceOf(ConfigError);
      expect((err as Error).message).not.toContain(short);
      expect((err as Error).message).not.toContain(b64);
    }
  });

  it('never prints key material when logged, inspected or serialised', () => {
    const r = parseKeyRing(`k1:${b64}`);
    const shown = `${inspect(r)} ${JSON.stringify(r)} ${String(Object.keys(r))}`;
    expect(shown).toContain('k1');
    expect(shown).not.toContain(b64);
    expect(shown).not.toContain(Buffer.from(b64, 'base64').toString('hex'));
  });

  it('generates entries the parser accepts', () => {
    expect(parseKeyRing(generateKeyEntry().entry).ids).toHaveLength(1);
  });
});

describe('where keys come from', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'palisade-vault-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a PostgreSQL deployment without PALISADE_VAULT_KEYS refuses to start, saying what to set', () => {
    expect(() => loadKeyRing({ kind: 'postgres', url: 'postgres://x@localhost/db' }, {})).toThrow(
      /PALISADE_VAULT_KEYS is not set/,
    );
  });

  it('the embedded engine generates a key file readable by its owner only, warns once, then reuses it', () => {
    const first = loadKeyRing({ kind: 'pglite', dataDir: dir }, {});
    expect(first.warning).toMatch(/generated a vault key/);
    expect(statSync(vaultKeyFilePath(dir)).mode & 0o777).toBe(0o600);
    const again = loadKeyRing({ kind: 'pglite', dataDir: dir }, {});
    expect(again.warning).toBeUndefined();
    expect(again.ring.ids).toEqual(first.ring.ids);
  });

  it('refuses a key file other users can read', () => {
    const other = mkdtempSync(path.join(dir, 'x-'));
    loadKeyRing({ kind: 'pglite', dataDir: other }, {});
    chmodSync(vaultKeyFilePath(other), 0o644);
    expect(() => loadKeyRing({ kind: 'pglite', dataDir: other }, {})).toThrow(/chmod 600/);
  });

  it('keygen --add puts the new key first and keeps the old ones', () => {
    const before = loadKeyRing({ kind: 'pglite', dataDir: dir }, {}).ring.ids;
    const { id, entry } = generateKeyEntry();
    prependKeyToFile(vaultKeyFilePath(dir), entry);
    const after = loadKeyRing({ kind: 'pglite', dataDir: dir }, {}).ring;
    expect(after.ids).toEqual([id, ...before]);
    expect(statSync(vaultKeyFilePath(dir)).mode & 0o777).toBe(0o600);
    expect(readFileSync(vaultKeyFilePath(dir), 'utf8').startsWith('#')).toBe(true);
  });

  it('PALISADE_VAULT_KEYS wins over the key file', () => {
    const loaded = loadKeyRing(
      { kind: 'pglite', dataDir: dir },
      { PALISADE_VAULT_KEYS: `env1:${randomBytes(32).toString('base64')}` },
    );
    expect(loaded.ring.ids).toEqual(['env1']);
    expect(loaded.source).toBe('PALISADE_VAULT_KEYS');
  });
});

describe('decrypted values in transit', () => {
  it('show as [redacted] when logged, interpolated, serialised or inspected', () => {
    const v = new Redacted({ apiToken: 'planted-secret-9f3c' });
    const shown = [inspect(v), JSON.stringify({ v }), `${v}`, String(v), inspect({ nested: v }, { depth: 5 })].join(
      ' ',
    );
    expect(shown).not.toContain('planted-secret');
    expect(v.reveal().apiToken).toBe('planted-secret-9f3c');
  });

  it('scrub removes a secret and the encodings a remote system may echo back', () => {
    const echoed = `401: got "Bearer planted-secret-9f3c" / Basic ${Buffer.from('bob:planted-secret-9f3c').toString('base64')} / ${encodeURIComponent('p@ss word!')}`;
    const out = scrub(echoed, ['planted-secret-9f3c', 'bob', 'p@ss word!']);
    expect(out).not.toContain('planted-secret-9f3c');
    expect(out).not.toContain(Buffer.from('bob:planted-secret-9f3c').toString('base64'));
    expect(out).not.toContain(encodeURIComponent('p@ss word!'));
  });
});

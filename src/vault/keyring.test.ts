import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/index.ts';
import { generateKeyEntry, KeyRing, parseKeyRing } from './keyring.ts';
import { loadKeyRing, prependKeyToFile, vaultKeyFilePath, vaultStartupWarning } from './keys.ts';

/** The exact refusal a call gives: a ConfigError and its sentence. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

const k32 = () => randomBytes(32);

describe('a key ring is built only from well-formed keys', () => {
  it('keeps the ids in order, newest first, and hands each key back by id', () => {
    const a = k32();
    const b = k32();
    const ring = new KeyRing([
      { id: 'new', key: a },
      { id: 'old', key: b },
    ]);
    expect(ring.ids).toEqual(['new', 'old']);
    expect(ring.newestId).toBe('new');
    expect(ring.has('old')).toBe(true);
    expect(ring.has('gone')).toBe(false);
    expect(ring.material('new')!.equals(a)).toBe(true);
    expect(ring.material('old')!.equals(b)).toBe(true);
    expect(ring.material('gone')).toBeUndefined();
  });

  it('holds a copy: changing the buffer it was given changes nothing', () => {
    const a = k32();
    const copy = Buffer.from(a);
    const ring = new KeyRing([{ id: 'k', key: a }]);
    a.fill(0);
    expect(ring.material('k')!.equals(copy)).toBe(true);
  });

  it('accepts ids of 1 to 32 letters, digits, _ and -', () => {
    for (const id of ['k', 'A-z_09', 'x'.repeat(32)]) expect(new KeyRing([{ id, key: k32() }]).ids).toEqual([id]);
  });

  it('refuses an empty ring, a bad id, a key not of 32 bytes and a repeated id, saying which', () => {
    expect(refusal(() => new KeyRing([]))).toBe('the vault key ring is empty: it needs at least one key.');
    for (const id of ['', 'x'.repeat(33), 'bad id', 'k.1', 'k:1', 'ké']) {
      expect(
        refusal(
          () =>
            new KeyRing([
              { id: 'ok', key: k32() },
              { id, key: k32() },
            ]),
        ),
      ).toBe(`vault key 2: its id must be 1-32 letters, digits, _ or - (got "${id}").`);
    }
    expect(refusal(() => new KeyRing([{ id: 'y'.repeat(50), key: k32() }]))).toBe(
      `vault key 1: its id must be 1-32 letters, digits, _ or - (got "${'y'.repeat(40)}").`,
    );
    expect(refusal(() => new KeyRing([{ id: 'short', key: randomBytes(31) }]))).toBe(
      'vault key "short" must be 32 bytes; it is 31.',
    );
    expect(refusal(() => new KeyRing([{ id: 'long', key: randomBytes(33) }]))).toBe(
      'vault key "long" must be 32 bytes; it is 33.',
    );
    expect(
      refusal(
        () =>
          new KeyRing([
            { id: 'k', key: k32() },
            { id: 'k', key: k32() },
          ]),
      ),
    ).toBe('vault key id "k" appears twice in the key ring.');
  });

  it('shows its key ids and nothing else when inspected or serialised', () => {
    const ring = new KeyRing([
      { id: 'k2', key: k32() },
      { id: 'k1', key: k32() },
    ]);
    expect(inspect(ring)).toBe('KeyRing { newest: k2, keys: [k2, k1] }');
    expect(JSON.stringify(ring)).toBe('{"keyIds":["k2","k1"]}');
  });
});

describe('PALISADE_VAULT_KEYS', () => {
  const b64 = k32().toString('base64');

  it('is kid:base64 entries separated by commas or newlines, with # comment lines and spaces ignored', () => {
    const key2 = k32();
    const ring = parseKeyRing(
      `# header, with a comma: k9:xyz\n  a:${b64} ,\n\n b:  ${key2.toString('base64')}  \n  # x:y`,
    );
    expect(ring.ids).toEqual(['a', 'b']);
    expect(ring.material('a')!.equals(Buffer.from(b64, 'base64'))).toBe(true);
    expect(ring.material('b')!.equals(key2)).toBe(true);
  });

  it('reads base64url keys too', () => {
    let key = k32();
    while (!/[-_]/.test(key.toString('base64url'))) key = k32();
    expect(
      parseKeyRing(`u:${key.toString('base64url')}`)
        .material('u')!
        .equals(key),
    ).toBe(true);
  });

  it('names the variable or file, the entry and its id when it refuses, and never the key', () => {
    expect(refusal(() => parseKeyRing(' , \n# only a comment'))).toBe(
      'PALISADE_VAULT_KEYS holds no keys. Generate one with `npx palisade vault keygen`.',
    );
    expect(refusal(() => parseKeyRing('', '/etc/keys'))).toBe(
      '/etc/keys holds no keys. Generate one with `npx palisade vault keygen`.',
    );
    expect(refusal(() => parseKeyRing(`a:${b64},${b64}`))).toBe(
      'PALISADE_VAULT_KEYS entry 2 must look like <key id>:<base64 key>.',
    );
    expect(refusal(() => parseKeyRing(`:${b64}`))).toBe(
      'PALISADE_VAULT_KEYS entry 1 must look like <key id>:<base64 key>.',
    );
    expect(refusal(() => parseKeyRing('k1:abc$def'))).toBe(
      'PALISADE_VAULT_KEYS entry 1 (key id "k1"): the key is not base64.',
    );
    expect(refusal(() => parseKeyRing(`${'j'.repeat(40)}:abc$def`))).toBe(
      `PALISADE_VAULT_KEYS entry 1 (key id "${'j'.repeat(32)}"): the key is not base64.`,
    );
    expect(refusal(() => parseKeyRing(`k1:${b64}==`))).toBe(
      'PALISADE_VAULT_KEYS entry 1 (key id "k1"): the key is not base64.',
    );
    const short = randomBytes(31).toString('base64');
    expect(refusal(() => parseKeyRing(`${'i'.repeat(40)}:${short}`, 'F'))).toBe(
      `F entry 1 (key id "${'i'.repeat(32)}"): the key must be 32 random bytes in base64 (openssl rand -base64 32); it decodes to 31 bytes.`,
    );
    expect(refusal(() => parseKeyRing(`k:${randomBytes(33).toString('base64')}`))).toMatch(/it decodes to 33 bytes\.$/);
  });

  it('a key id may be one character, and a colon in the key part belongs to the key', () => {
    expect(parseKeyRing(`k:${b64}`).ids).toEqual(['k']);
    expect(refusal(() => parseKeyRing(`k:${b64}:x`))).toBe(
      'PALISADE_VAULT_KEYS entry 1 (key id "k"): the key is not base64.',
    );
  });

  it('generated entries are k, the date and six hex digits, then 32 random bytes', () => {
    const { id, entry } = generateKeyEntry(new Date('2026-03-04T05:06:07Z'));
    expect(id).toMatch(/^k20260304[0-9a-f]{6}$/);
    expect(entry.startsWith(`${id}:`)).toBe(true);
    expect(Buffer.from(entry.slice(id.length + 1), 'base64')).toHaveLength(32);
    expect(generateKeyEntry().id).not.toBe(generateKeyEntry().id);
  });
});

describe('the embedded key file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'palisade-keyring-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fresh = () => mkdtempSync(path.join(dir, 'd-'));

  it('is generated with a header, one key, mode 0600, and a warning that says where', () => {
    const d = fresh();
    const loaded = loadKeyRing({ kind: 'pglite', dataDir: d }, {});
    const file = vaultKeyFilePath(d);
    expect(file).toBe(path.join(d, 'palisade-vault-keys'));
    expect(loaded.source).toBe(file);
    expect(loaded.warning).toBe(
      `generated a vault key in ${file} (embedded engine, mode 0600). Integration credentials are encrypted with it: ` +
        'lose it and they cannot be read; copy the data dir and the key travels with the ciphertext. ' +
        'For anything beyond local development set PALISADE_VAULT_KEYS and keep the keys out of backups.',
    );
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines[0]).toBe('# Palisade vault keys, newest first (kid:base64). Never commit or share this file.');
    expect(lines[1]!.startsWith(`${loaded.ring.newestId}:`)).toBe(true);
    expect(lines.slice(2)).toEqual(['']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('PALISADE_VAULT_KEYS (trimmed) wins and no file is made; blank counts as unset', () => {
    const d = fresh();
    const loaded = loadKeyRing(
      { kind: 'pglite', dataDir: d },
      { PALISADE_VAULT_KEYS: `  e1:${k32().toString('base64')}  ` },
    );
    expect(loaded).toEqual({ ring: loaded.ring, source: 'PALISADE_VAULT_KEYS' });
    expect(() => statSync(vaultKeyFilePath(d))).toThrow();
    expect(loadKeyRing({ kind: 'pglite', dataDir: d }, { PALISADE_VAULT_KEYS: '  ' }).warning).toMatch(/^generated/);
  });

  it('a PostgreSQL deployment without keys refuses to start, saying how to make one', () => {
    expect(refusal(() => loadKeyRing({ kind: 'postgres', url: 'postgres://x@localhost/db' }, {}))).toBe(
      'PALISADE_VAULT_KEYS is not set: the vault needs at least one 32-byte key (`npx palisade vault keygen --env` prints the line to set).',
    );
  });

  it('`serve` warns about missing keys on a PostgreSQL server only', () => {
    const server = { kind: 'postgres', url: 'postgres://x@localhost/db' } as const;
    expect(vaultStartupWarning(server, {})).toMatch(
      /^PALISADE_VAULT_KEYS is not set: .*answer 503.*vault keygen --env/,
    );
    expect(vaultStartupWarning(server, { PALISADE_VAULT_KEYS: generateKeyEntry().entry })).toBeUndefined();
    // Blank is unset: the server would start without keys all the same.
    expect(vaultStartupWarning(server, { PALISADE_VAULT_KEYS: '  \n' })).toMatch(/^PALISADE_VAULT_KEYS is not set/);
    expect(vaultStartupWarning({ kind: 'pglite', dataDir: fresh() }, {})).toBeUndefined();
  });

  it('an existing file is read as it is, and one readable by group or others is refused', () => {
    const d = fresh();
    const file = vaultKeyFilePath(d);
    const entry = generateKeyEntry();
    writeFileSync(file, `${entry.entry}\n`, { mode: 0o600 });
    expect(loadKeyRing({ kind: 'pglite', dataDir: d }, {})).toEqual({ ring: expect.any(KeyRing), source: file });
    expect(loadKeyRing({ kind: 'pglite', dataDir: d }, {}).ring.ids).toEqual([entry.id]);
    for (const mode of [0o640, 0o604, 0o610, 0o601]) {
      chmodSync(file, mode);
      expect(refusal(() => loadKeyRing({ kind: 'pglite', dataDir: d }, {}))).toBe(
        `${file} can be read by other users; run \`chmod 600 ${file}\`.`,
      );
    }
    chmodSync(file, 0o400);
    expect(loadKeyRing({ kind: 'pglite', dataDir: d }, {}).ring.ids).toEqual([entry.id]);
  });

  it('keygen --add puts the new key first, keeps the header and the old keys, and leaves no temporary file', () => {
    const d = fresh();
    const file = vaultKeyFilePath(d);
    const old = generateKeyEntry();
    writeFileSync(file, `# my header\n# second line\n${old.entry}\n   \n`, { mode: 0o600 });
    const added = generateKeyEntry();
    prependKeyToFile(file, added.entry);
    expect(readFileSync(file, 'utf8')).toBe(`# my header\n# second line\n${added.entry}\n${old.entry}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(() => statSync(`${file}.${process.pid}.tmp`)).toThrow();
  });

  it('keygen --add creates the file with the standard header when there is none', () => {
    const file = vaultKeyFilePath(fresh());
    const added = generateKeyEntry();
    prependKeyToFile(file, added.entry);
    expect(readFileSync(file, 'utf8')).toBe(
      `# Palisade vault keys, newest first (kid:base64). Never commit or share this file.\n${added.entry}\n`,
    );
  });

  it('keygen --add refuses to extend a file others can read, or to write an entry that does not parse', () => {
    const d = fresh();
    const file = vaultKeyFilePath(d);
    const old = generateKeyEntry();
    writeFileSync(file, `${old.entry}\n`, { mode: 0o644 });
    chmodSync(file, 0o644);
    expect(refusal(() => prependKeyToFile(file, generateKeyEntry().entry))).toMatch(/can be read by other users/);
    chmodSync(file, 0o600);
    expect(refusal(() => prependKeyToFile(file, 'bad entry'))).toMatch(/must look like/);
    expect(readFileSync(file, 'utf8')).toBe(`${old.entry}\n`);
  });
});

/**
 * `palisade backup` and `palisade restore` as an operator runs them, on both engines: a round trip
 * of the seeded database with vault secrets and signed audit anchors, into a target of its own
 * (server: a new database; embedded: a new data dir), then what must be refused.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { anchorChains } from '../audit/anchors.ts';
import { generateSigningKeyValue, parseSigningKey, SIGNING_KEY_FILE } from '../audit/keys.ts';
import { openPglite } from '../db/pglite.ts';
import { openPostgres } from '../db/postgres.ts';
import type { Database } from '../db/types.ts';
import { leakForms, plantedSecret } from '../integrations/testing.ts';
import { loadMigrations } from '../migrations/runner.ts';
import { dumpSchema } from '../migrations/schema-dump.ts';
import { DEMO } from '../seed/ids.ts';
import { palisade, useCliDatabase } from '../testing/cli.ts';
import { describeEngines } from '../testing/engines.ts';
import { adminQuery, withDatabase } from '../testing/template.ts';
import { withService } from '../vault/elevate.ts';
import { parseKeyRing } from '../vault/keyring.ts';
import { vaultKeyFilePath } from '../vault/keys.ts';
import { writeSecret } from '../vault/secrets.ts';
import { openArchive } from './archive.ts';
import { rowCounts } from './inventory.ts';
import { BackupError, type Manifest } from './manifest.ts';
import { describeVerification } from './report.ts';
import { restore, type Target, verifyDatabase } from './restore.ts';
import { compareCounts } from './verify.ts';

/** Each test starts a Node process or two: generous, never a timing claim. */
const SLOW = 120_000;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'palisade-backup-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const rawKey = randomBytes(32);
const ringSpec = `bk1:${rawKey.toString('base64')}`;
const ring = parseKeyRing(ringSpec);
const signingValue = generateSigningKeyValue();
const secret = plantedSecret();

describeEngines('palisade backup and restore', (ctx) => {
  const cli = useCliDatabase(ctx);
  const created: string[] = [];
  const env = (): NodeJS.ProcessEnv => ({
    ...cli.env,
    PALISADE_VAULT_KEYS: ringSpec,
    PALISADE_AUDIT_SIGNING_KEY: signingValue,
  });
  /** A target no one has used: a new database on the server, a folder that does not exist yet. */
  async function freshTarget(): Promise<Target> {
    const name = `palisade_restore_${randomBytes(4).toString('hex')}`;
    if (ctx.engine === 'pglite') return { kind: 'pglite', dataDir: path.join(tmp, name) };
    const admin = inject('templates').postgres!.adminUrl;
    await adminQuery(admin, `create database ${name}`);
    created.push(name);
    return { kind: 'postgres', url: withDatabase(admin, name) };
  }
  const targetArgs = (t: Target) => (t.kind === 'pglite' ? ['--data-dir', t.dataDir] : ['--database-url', t.url]);
  async function withTarget<T>(t: Target, fn: (db: Database) => Promise<T>): Promise<T> {
    const db = t.kind === 'pglite' ? await openPglite({ dataDir: t.dataDir }) : openPostgres({ url: t.url, max: 1 });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }

  let file = '';
  let manifest: Manifest;
  let target: Target;

  beforeAll(async () => {
    await cli.withDb(async (db) => {
      for (const orgId of [DEMO.orgs.a.id, DEMO.orgs.b.id]) {
        await withService(db, (tx) =>
          writeSecret(
            tx,
            ring,
            { orgId, purpose: 'integration_credentials' },
            Buffer.from(JSON.stringify({ token: secret })),
          ),
        );
      }
      await anchorChains(db, { key: parseSigningKey(signingValue, 'test') });
    });
    // Embedded, the keys live in the data dir: the backup must leave them there.
    if (cli.dataDir) {
      writeFileSync(vaultKeyFilePath(cli.dataDir), `${ringSpec}\n`, { mode: 0o600 });
      writeFileSync(path.join(cli.dataDir, SIGNING_KEY_FILE), `${signingValue}\n`, { mode: 0o600 });
    }
  }, SLOW);
  afterAll(async () => {
    const admin = inject('templates').postgres?.adminUrl;
    for (const name of created) await adminQuery(admin!, `drop database if exists ${name} with (force)`);
  });

  it(
    'writes one tar: the dump, a manifest with versions, migrations, row counts and key ids, and SHA256SUMS',
    async () => {
      const dir = path.join(tmp, `out-${ctx.engine}`);
      mkdirSync(dir);
      const res = await palisade(['backup', '--out', dir], env());
      expect(res.code, res.stderr).toBe(0);
      const [name] = readdirSync(dir);
      file = path.join(dir, name!);
      expect(res.stdout).toContain(`to ${file}.`);
      const dumpEntry = ctx.engine === 'pglite' ? 'pgdata.tar.gz' : 'database.dump';
      expect(execFileSync('tar', ['tf', file], { encoding: 'utf8' }).split('\n')).toEqual([
        dumpEntry,
        'manifest.json',
        'SHA256SUMS',
        '',
      ]);
      manifest = JSON.parse(execFileSync('tar', ['xOf', file, 'manifest.json'], { encoding: 'utf8' }));
      const source = await cli.withDb((db) => rowCounts(db, manifest.schemas));
      expect(manifest).toMatchObject({ engine: ctx.engine, vault: { secrets: 2, keyIds: { bk1: 2 } }, tables: source });
      expect(manifest.migrations.map((m) => [m.name, m.checksum])).toEqual(
        loadMigrations().map((m) => [m.name, m.checksum]),
      );
      expect(manifest.schemas).toEqual(
        expect.arrayContaining(['app', 'auth', 'palisade_audit', 'palisade_vault', 'platform', 'public']),
      );
      expect(source['palisade_audit.anchors']).toBeGreaterThan(0);
    },
    SLOW,
  );

  it('holds ciphertext only: no secret, no vault key and no signing key in any byte, raw or decoded', async () => {
    const archive = readFileSync(file);
    const dump = execFileSync('tar', ['xOf', file, ctx.engine === 'pglite' ? 'pgdata.tar.gz' : 'database.dump'], {
      maxBuffer: 1 << 30,
    });
    let decoded: Buffer;
    if (ctx.engine === 'pglite') decoded = gunzipSync(dump);
    else {
      const dumpFile = path.join(tmp, 'database.dump');
      writeFileSync(dumpFile, dump);
      decoded = execFileSync('pg_restore', ['--file', '-', dumpFile], { maxBuffer: 1 << 30 });
      expect(decoded.toString('utf8')).toContain('COPY palisade_vault.secrets');
    }
    const seed = Buffer.from(signingValue, 'base64');
    const needles = [
      ...leakForms(secret).map((f) => Buffer.from(f)),
      rawKey,
      Buffer.from(rawKey.toString('base64')),
      Buffer.from(rawKey.toString('hex')),
      seed,
      Buffer.from(signingValue),
      Buffer.from(seed.toString('hex')),
    ];
    for (const [i, n] of needles.entries()) {
      expect(archive.includes(n), `needle ${i} in the archive`).toBe(false);
      expect(decoded.includes(n), `needle ${i} in the decoded dump`).toBe(false);
    }
    if (ctx.engine === 'pglite') {
      // The data dir copy holds PostgreSQL's files only: the key files were left out, and said so.
      expect(decoded.includes(Buffer.from('palisade-vault-keys'))).toBe(false);
      expect(manifest.excluded.map((e) => e.what).join('\n')).toMatch(
        /palisade-audit-signing-key, palisade-vault-keys/,
      );
    }
  });

  it(
    'restores into a fresh target: equal row counts, every chain holds, every secret opens, the same schema',
    async () => {
      target = await freshTarget();
      const res = await palisade(['restore', '--from', file, ...targetArgs(target), '--verify', '--json'], env());
      expect(res.code, res.stderr).toBe(0);
      const report = JSON.parse(res.stdout);
      expect(report).toMatchObject({
        ok: true,
        counts: { differences: [] },
        migrationDifferences: [],
        verify: { audit: { ok: true, broken: [], unchecked: 0 }, vault: { ok: true, secrets: 2, opened: 2 } },
      });
      expect(report.verify.audit.chains).toBeGreaterThan(0);
      const [after, schemaAfter] = await withTarget(target, async (db) => [
        await rowCounts(db, manifest.schemas),
        await dumpSchema(db),
      ]);
      const [before, schemaBefore] = await cli.withDb(async (db) => [
        await rowCounts(db, manifest.schemas),
        await dumpSchema(db),
      ]);
      expect(after).toEqual(before);
      // Grants, policies, functions, triggers and roles as migrated. PostgreSQL prints a CHECK it
      // re-parsed from a dump with its ANDs flattened (`(a AND b) AND c` as `a AND b AND c`): the
      // same constraint, so CHECK lines are compared without their parentheses.
      const checks = (s: string) => s.replace(/^.* CHECK .*$/gm, (line) => line.replace(/[()]/g, ''));
      expect(checks(schemaAfter)).toBe(checks(schemaBefore));
    },
    SLOW,
  );

  it('a wrong key ring fails the verification, naming the key ids it lacks and never a secret', async () => {
    const other = parseKeyRing(`bk2:${randomBytes(32).toString('base64')}`);
    const sameIdOtherKey = parseKeyRing(`bk1:${randomBytes(32).toString('base64')}`);
    const [lacking, wrong] = await withTarget(target, async (db) => [
      await verifyDatabase(
        db,
        { ring: { ring: other, source: 'PALISADE_VAULT_KEYS' }, anchors: new Map() },
        () => () => {},
      ),
      await verifyDatabase(
        db,
        { ring: { ring: sameIdOtherKey, source: 'PALISADE_VAULT_KEYS' }, anchors: new Map() },
        () => () => {},
      ),
    ]);
    expect(lacking.vault).toMatchObject({ ok: false, opened: 0, missingKeyIds: { bk1: 2 } });
    expect(wrong.vault).toMatchObject({ ok: false, opened: 0, failedKeyIds: { bk1: 2 } });
    const counts = { tables: 1, rows: 1, differences: [] };
    const text = [...describeVerification(counts, lacking), ...describeVerification(counts, wrong)].join('\n');
    expect(text).toContain('Sealed with key ids the ring lacks: bk1 (2). Restore the key ring you backed up.');
    expect(text).toContain('Failed authentication although the ring has their key id: bk1 (2).');
    expect(text).not.toContain(secret);
  });

  it(
    'refuses a target that already holds Palisade, and replaces it with --force',
    async () => {
      await expect(restore(file, target)).rejects.toThrow(/already holds .*--force.*Nothing was restored/);
      if (target.kind === 'pglite') writeFileSync(vaultKeyFilePath(target.dataDir), `${ringSpec}\n`, { mode: 0o600 });
      const report = await restore(file, target, { force: true });
      expect(report.counts.differences).toEqual([]);
      if (target.kind === 'pglite') {
        expect(report.replaced).toMatch(/\.replaced-/);
        // The key file of the data dir it replaced came along (the backup has none), still private.
        expect(report.carried).toEqual(['palisade-vault-keys']);
        expect(statSync(vaultKeyFilePath(target.dataDir)).mode & 0o777).toBe(0o600);
        rmSync(report.replaced!, { recursive: true, force: true });
      }
      await withTarget(target, async (db) =>
        expect(await compareCounts(db, manifest)).toMatchObject({ differences: [] }),
      );
    },
    SLOW,
  );

  it.skipIf(ctx.engine !== 'pglite')(
    'refuses a folder that holds no database but other files, and leaves it as it was (embedded only)',
    async () => {
      const folder = path.join(tmp, `not-a-data-dir-${ctx.engine}`);
      mkdirSync(folder);
      writeFileSync(path.join(folder, 'notes.txt'), 'mine');
      await expect(restore(file, { kind: 'pglite', dataDir: folder })).rejects.toThrow(
        /holds no database but is not empty \(notes\.txt\): restore into a new or empty folder/,
      );
      expect(readdirSync(folder)).toEqual(['notes.txt']);
    },
  );

  it(
    'refuses a tampered dump or manifest before touching any database, and `backup verify` says the same',
    async () => {
      const bytes = readFileSync(file);
      // One byte of the dump (its data starts after the first 512-byte header).
      const dumpEdit = Buffer.from(bytes);
      dumpEdit[512 + 200] = bytes[512 + 200]! ^ 0xff;
      const badDump = path.join(tmp, `bad-dump-${ctx.engine}.tar`);
      writeFileSync(badDump, dumpEdit);
      // A row count in the manifest, same length, SHA256SUMS left as it was.
      const text = bytes.toString('latin1');
      const at = text.indexOf('"public.organisations": ') + '"public.organisations": '.length;
      const manifestEdit = Buffer.from(bytes);
      manifestEdit[at] = manifestEdit[at] === 0x39 ? 0x38 : manifestEdit[at]! + 1;
      const badManifest = path.join(tmp, `bad-manifest-${ctx.engine}.tar`);
      writeFileSync(badManifest, manifestEdit);

      const fresh = await freshTarget();
      const restored = await palisade(['restore', '--from', badDump, ...targetArgs(fresh)], env());
      expect(restored.code).toBe(1);
      expect(restored.stderr).toMatch(
        /palisade: (database\.dump|pgdata\.tar\.gz) does not match its checksum .* Nothing was restored\./,
      );
      await expect(restore(badManifest, fresh)).rejects.toThrow(
        new BackupError(
          'manifest.json does not match its checksum in SHA256SUMS: the backup was altered or damaged. Nothing was restored.',
        ),
      );
      await expect(openArchive(path.join(tmp, 'missing.tar'))).rejects.toThrow(/cannot read/);
      // Nothing was made in the target.
      if (fresh.kind === 'pglite') expect(readdirSync(tmp)).not.toContain(path.basename(fresh.dataDir));
      else
        await withTarget(fresh, async (db) =>
          expect((await db.query(`select to_regnamespace('app') as s`)).rows).toEqual([{ s: null }]),
        );

      const good = await palisade(['backup', 'verify', file], env());
      expect(good.code, good.stderr).toBe(0);
      expect(good.stdout).toContain('checksums hold');
      const bad = await palisade(['backup', 'verify', badManifest], env());
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('manifest.json does not match its checksum');
    },
    SLOW,
  );
});

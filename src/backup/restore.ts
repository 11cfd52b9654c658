import { existsSync } from 'node:fs';
import { trustedKeys } from '../audit/keys.ts';
import { type Env, readEnv } from '../config/index.ts';
import { openPglite } from '../db/pglite.ts';
import type { Database } from '../db/types.ts';
import { loadMigrations } from '../migrations/runner.ts';
import type { KeyRing } from '../vault/keyring.ts';
import { parseKeyRing } from '../vault/keyring.ts';
import { loadKeyRing, vaultKeyFilePath } from '../vault/keys.ts';
import { type OpenedArchive, openArchive } from './archive.ts';
import { dataDirTar, restoreDataDir } from './embedded.ts';
import type { Phase } from './inventory.ts';
import { BackupError, type Manifest } from './manifest.ts';
import { linesOf, pgTool, runTool } from './pg-tools.ts';
import { restoreServer } from './server-restore.ts';
import { type AuditCheck, type CountCheck, checkAudit, checkVault, compareCounts, type VaultCheck } from './verify.ts';

export type Target = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

export interface Verification {
  ok: boolean;
  audit: AuditCheck;
  vault: VaultCheck;
}

export interface RestoreReport {
  ok: boolean;
  file: string;
  backup: Pick<Manifest, 'engine' | 'createdAt' | 'source' | 'palisadeVersion'> & { postgres: string };
  target: string;
  counts: CountCheck;
  /** Migrations of the backup this code does not have, or has with another checksum. */
  migrationDifferences: string[];
  /** Server: migrations applied again for Palisade objects outside the dumped schemas (Supabase's auth.users trigger). */
  reapplied?: string[];
  /** Server: roles the cluster lacked and restore created; the login role among them needs a password. */
  createdRoles?: string[];
  loginRole?: string | null;
  /** Embedded: where the database that was replaced (--force) was kept. */
  replaced?: string | null;
  /** Embedded: Palisade's own files (keys) carried over from the target into the restored data dir. */
  carried?: string[];
  verify?: Verification;
}

export interface RestoreOptions {
  force?: boolean;
  verify?: boolean;
  pgBin?: string;
  phase?: Phase;
  onNotice?: (message: string) => void;
  env?: Env;
}

/** What this code's migrations say about the backup's: names missing here or changed. */
function migrationDifferences(manifest: Manifest): string[] {
  const code = new Map(loadMigrations().map((m) => [m.name, m.checksum]));
  const theirs = new Map(manifest.migrations.map((m) => [m.name, m.checksum]));
  return [
    ...manifest.migrations
      .filter((m) => code.get(m.name) !== m.checksum)
      .map((m) => (code.has(m.name) ? `${m.name} (changed)` : `${m.name} (not in this version)`)),
    ...[...code.keys()].filter((n) => !theirs.has(n)).map((n) => `${n} (not in the backup)`),
  ];
}

/**
 * The keys the checks use, never generated: the vault ring from PALISADE_VAULT_KEYS, else (embedded)
 * the key file in the target data dir; anchors are trusted with the audit signing key and
 * PALISADE_AUDIT_PUBLIC_KEYS, read for the target.
 */
export function verificationKeys(target: Target, env: Env = readEnv()) {
  const forTarget: Env =
    target.kind === 'pglite'
      ? { ...env, DATABASE_URL: undefined, PALISADE_DATA_DIR: target.dataDir }
      : { ...env, DATABASE_URL: target.url };
  let ring: { ring: KeyRing; source: string } | null = null;
  const spec = env.PALISADE_VAULT_KEYS?.trim();
  if (spec) ring = { ring: parseKeyRing(spec), source: 'PALISADE_VAULT_KEYS' };
  else if (target.kind === 'pglite' && existsSync(vaultKeyFilePath(target.dataDir))) {
    const loaded = loadKeyRing({ kind: 'pglite', dataDir: target.dataDir }, forTarget);
    ring = { ring: loaded.ring, source: loaded.source };
  }
  return { ring, anchors: trustedKeys(forTarget) };
}

export async function verifyDatabase(
  db: Database,
  keys: ReturnType<typeof verificationKeys>,
  phase: Phase,
): Promise<Verification> {
  const audit = await checkAudit(db, keys.anchors, phase('audit chains'));
  const vault = await checkVault(db, keys.ring, phase('vault secrets'));
  return { ok: audit.ok && vault.ok, audit, vault };
}

function summary(a: OpenedArchive): RestoreReport['backup'] {
  const m = a.manifest;
  return {
    engine: m.engine,
    createdAt: m.createdAt,
    source: m.source,
    palisadeVersion: m.palisadeVersion,
    postgres: m.postgres.version,
  };
}

/**
 * `palisade restore`: checks the archive whole, restores it (src/backup/server.ts or embedded.ts),
 * compares every table's row count with the manifest and, with `verify`, proves the audit chains
 * and opens every vault secret with the key ring.
 */
export async function restore(file: string, target: Target, opts: RestoreOptions = {}): Promise<RestoreReport> {
  const phase = opts.phase ?? (() => () => {});
  const archive = await openArchive(file, phase('checking the backup'));
  try {
    // Keys are read before anything is restored: a malformed ring stops the command here.
    const keys = opts.verify ? verificationKeys(target, opts.env) : undefined;
    const base = { file, backup: summary(archive), migrationDifferences: migrationDifferences(archive.manifest) };
    if (target.kind === 'postgres') {
      const { db, target: where, reapplied, createdRoles } = await restoreServer(archive, target.url, opts);
      try {
        const counts = await compareCounts(db, archive.manifest, phase('counting rows'));
        const verify = keys ? await verifyDatabase(db, keys, phase) : undefined;
        const ok = !counts.differences.length && (verify?.ok ?? true);
        return {
          ...base,
          target: where,
          counts,
          verify,
          reapplied,
          createdRoles,
          loginRole: archive.manifest.loginRole,
          ok,
        };
      } finally {
        await db.close();
      }
    }
    const restoring = await restoreDataDir(archive, target.dataDir, opts);
    try {
      const counts = await compareCounts(restoring.db, archive.manifest, phase('counting rows'));
      if (counts.differences.length) {
        const d = counts.differences[0]!;
        throw new BackupError(
          `the restored data dir does not hold what the manifest says (${d.table}: ${d.actual ?? 'missing'} rows, expected ${d.expected ?? 'none'}${counts.differences.length > 1 ? `, and ${counts.differences.length - 1} more` : ''}). Nothing was restored.`,
        );
      }
      const verify = keys ? await verifyDatabase(restoring.db, keys, phase) : undefined;
      const placed = await restoring.commit();
      return { ...base, target: restoring.target, counts, verify, ...placed, ok: verify?.ok ?? true };
    } finally {
      await restoring.abandon();
    }
  } finally {
    await archive.close();
  }
}

export interface ArchiveCheck {
  ok: boolean;
  file: string;
  manifest: Manifest;
  /** Server archives: pg_restore read its table of contents (entries). */
  tocEntries?: number;
  /** Embedded archives: loaded in memory and checked as a restore would be. */
  counts?: CountCheck;
  verify?: Verification;
}

/**
 * `palisade backup verify`: the checksums and the manifest, then what can be proved without a
 * database server: pg_restore reads a server dump's table of contents; an embedded data dir is
 * loaded into memory, counted and verified (audit chains; vault secrets when a key ring is set).
 */
export async function verifyArchive(
  file: string,
  opts: { pgBin?: string; phase?: Phase; env?: Env } = {},
): Promise<ArchiveCheck> {
  const phase = opts.phase ?? (() => () => {});
  const archive = await openArchive(file, phase('checking the backup'));
  try {
    const { manifest } = archive;
    if (manifest.engine === 'postgres') {
      const tool = pgTool('pg_restore', opts.pgBin);
      const run = runTool(tool, ['--list'], { env: {}, stdin: archive.dumpStream() });
      let entries = 0;
      for await (const line of linesOf(run.stdout)) if (/^\d+;/.test(line)) entries++;
      await run.done;
      return { ok: true, file, manifest, tocEntries: entries };
    }
    const env = opts.env ?? readEnv();
    const db = await openPglite({ loadDataDir: await dataDirTar(archive) });
    try {
      const counts = await compareCounts(db, manifest, phase('counting rows'));
      const spec = env.PALISADE_VAULT_KEYS?.trim();
      const keys = {
        ring: spec ? { ring: parseKeyRing(spec), source: 'PALISADE_VAULT_KEYS' } : null,
        anchors: trustedKeys(env),
      };
      const verify = await verifyDatabase(db, keys, phase);
      // Without a key ring the vault is reported as not checked, not as failed: this checks a file.
      const ok = !counts.differences.length && verify.audit.ok && (verify.vault.ring === null || verify.vault.ok);
      return { ok, file, manifest, counts, verify };
    } finally {
      await db.close();
    }
  } finally {
    await archive.close();
  }
}

import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { ConfigError } from '../config/error.ts';
import { LOCK_FILE, lockDataDir } from '../db/datadir.ts';
import { openPglite } from '../db/pglite.ts';
import type { Database } from '../db/types.ts';
import { type OpenedArchive, timeStamp, writeArchive } from './archive.ts';
import {
  appliedMigrations,
  loginRole,
  type Phase,
  palisadeVersion,
  rowCounts,
  serverVersion,
  vaultKeyIds,
} from './inventory.ts';
import { BackupError, ENTRIES } from './manifest.ts';
import { chooseSchemas } from './schemas.ts';
import { filterBuffer, type TarEntry } from './tar.ts';

/**
 * What of a data dir is PostgreSQL's. PGlite's dumpDataDir tars the whole folder, and Palisade
 * keeps its keys there too (the vault key file, the audit signing key, the development JWT
 * secrets): everything not named here stays out of the backup. A list of what to keep, not of
 * what to drop, so a key file added later cannot slip in.
 */
const POSTGRES_ENTRY =
  /^(PG_VERSION|base|global|pg_[a-z_]+|pg_hba\.conf|pg_ident\.conf|postgresql\.conf|postgresql\.auto\.conf)$/;
/** Palisade's own files in a data dir: its key files, development secrets and lock. */
const OWN_FILE = /^palisade[-.]/;
const topOf = (e: TarEntry) => e.name.replace(/^\/+/, '').split('/')[0]!;

const gzipped = promisify(gzip);
const gunzipped = promisify(gunzip);

/** The data dir tar inside an embedded backup (gzipped there: WAL segments are mostly zeros). */
export async function dataDirTar(archive: OpenedArchive): Promise<Blob> {
  const raw = await gunzipped(await archive.dumpBuffer());
  return new Blob([raw], { type: 'application/x-tar' });
}

function hasDatabase(dataDir: string): boolean {
  return existsSync(path.join(dataDir, 'PG_VERSION'));
}

/** The embedded engine's PGlite version, from its own version string. */
function pgliteOf(version: string): string | undefined {
  return /PGlite ([0-9][^\s)]*)/.exec(version)?.[1];
}

/**
 * A consistent copy of the embedded database, taken through PGlite's dumpDataDir while this
 * process holds the data dir (src/db/datadir.ts: a running server holds it, and is named). After a
 * CHECKPOINT the data files are current; PGlite runs no statement while it dumps.
 */
export async function backupDataDir(dataDir: string, out: string, opts: { phase?: Phase } = {}) {
  const phase = opts.phase ?? (() => () => {});
  if (!hasDatabase(dataDir)) throw new ConfigError(`${dataDir} holds no embedded database: nothing to back up.`);
  const db = await openPglite({ dataDir });
  try {
    const createdAt = new Date();
    const server = await serverVersion(db);
    const migrations = await appliedMigrations(db);
    const { schemas, excluded } = await chooseSchemas(db);
    const tables = await rowCounts(db, schemas, phase('counting rows'));
    const vault = await vaultKeyIds(db);
    const role = await loginRole(db);
    await db.exec('checkpoint');
    const whole = Buffer.from(await (await db.dump()).arrayBuffer());
    const { tar, dropped } = filterBuffer(whole, (e) => POSTGRES_ENTRY.test(topOf(e)));
    whole.fill(0); // it held the key files
    const left = [...new Set(dropped.map(topOf))].sort();
    if (left.length) {
      excluded.push({
        what: `data dir files ${left.join(', ')}`,
        why: "not PostgreSQL's: keys, secrets and locks stay out",
      });
    }
    const pglite = pgliteOf((await db.query<{ v: string }>('select pg_catalog.version() as v')).rows[0]!.v);
    const packed = await gzipped(tar);
    return await writeArchive(
      out,
      { entry: ENTRIES.dataDir, format: 'pglite-data-dir', data: [packed] },
      {
        engine: 'pglite',
        palisadeVersion: palisadeVersion(),
        postgres: { ...server, ...(pglite ? { pglite } : {}) },
        source: path.resolve(dataDir),
        schemas,
        excluded,
        loginRole: role,
        migrations,
        tables,
        vault,
      },
      createdAt,
    );
  } finally {
    await db.close();
  }
}

export interface DataDirRestore {
  target: string;
  /** The database, open in the folder it was restored into (not yet in place: see `commit`). */
  db: Database;
  /** Closes the database and moves it into place; returns where a replaced database was kept. */
  commit(): Promise<{ replaced: string | null; carried: string[] }>;
  /** Closes and removes everything restore made; the target is as it was. */
  abandon(): Promise<void>;
}

/**
 * Restores an embedded backup into `target` in three steps that never leave it half-written: load
 * into a new folder beside it (PGlite's loadDataDir), let the caller check it while open, then swap
 * folders by rename. A target holding a database is refused unless `force`; it is then kept beside
 * the new one as `<target>.replaced-<time>`, never deleted. Palisade's own files in the target (its
 * key files) are copied into the new folder, since the backup has none.
 */
export async function restoreDataDir(
  archive: OpenedArchive,
  target: string,
  opts: { force?: boolean } = {},
): Promise<DataDirRestore> {
  const { manifest } = archive;
  if (manifest.engine !== 'pglite') {
    throw new BackupError(
      'this is a backup of a PostgreSQL server (pg_dump): restore it into a server (--database-url or DATABASE_URL), not a data dir.',
    );
  }
  const dir = path.resolve(target);
  const had = hasDatabase(dir);
  if (had && !opts.force) {
    throw new BackupError(
      `${dir} already holds a database: restore into a new data dir, or give --force to replace it (the old one is kept beside it). Nothing was restored.`,
    );
  }
  // A folder without a database may hold Palisade's key files (put there for this restore), and
  // nothing else: it is replaced, so a folder of anything else is refused, never swept away.
  const foreign = !had && existsSync(dir) ? readdirSync(dir).filter((n) => !OWN_FILE.test(n)) : [];
  if (foreign.length) {
    throw new BackupError(
      `${dir} holds no database but is not empty (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}): restore into a new or empty folder. Nothing was restored.`,
    );
  }
  const unlock = lockDataDir(dir); // refuses while a server uses it
  const staging = `${dir}.restore-${process.pid}-${randomBytes(3).toString('hex')}`;
  let db: Awaited<ReturnType<typeof openPglite>> | undefined;
  try {
    const data = await dataDirTar(archive);
    try {
      db = await openPglite({ dataDir: staging, loadDataDir: data });
    } catch (err) {
      throw new BackupError(
        `PGlite could not open the backed-up data dir (written by PGlite ${manifest.postgres.pglite ?? '?'}, PostgreSQL ${manifest.postgres.version}): ${(err as Error).message}. Restore it with a Palisade whose PGlite runs PostgreSQL ${manifest.postgres.version.split('.')[0]}.`,
      );
    }
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    unlock();
    throw err;
  }
  const open = db;
  let settled = false;
  return {
    target: dir,
    db: open,
    async abandon() {
      if (settled) return;
      settled = true;
      await open.close().catch(() => {});
      rmSync(staging, { recursive: true, force: true });
      unlock();
    },
    async commit() {
      if (settled) throw new Error('restore already settled');
      settled = true;
      try {
        await open.close();
        const carried = readdirSync(dir).filter(
          (n) => n !== LOCK_FILE && !POSTGRES_ENTRY.test(n) && !/^postmaster\./.test(n),
        );
        for (const name of carried) {
          if (!statSync(path.join(dir, name)).isFile()) continue;
          copyFileSync(path.join(dir, name), path.join(staging, name));
          chmodSync(path.join(staging, name), 0o600);
        }
        const aside = `${dir}.replaced-${timeStamp()}`;
        renameSync(dir, aside);
        try {
          renameSync(staging, dir);
        } catch (err) {
          renameSync(aside, dir);
          throw err;
        }
        rmSync(path.join(aside, LOCK_FILE), { force: true });
        if (!had) rmSync(aside, { recursive: true, force: true });
        return { replaced: had ? aside : null, carried: carried.filter((n) => existsSync(path.join(dir, n))) };
      } catch (err) {
        rmSync(staging, { recursive: true, force: true });
        throw err;
      } finally {
        unlock();
      }
    },
  };
}

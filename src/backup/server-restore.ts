import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../config/error.ts';
import { redactUrl } from '../config/index.ts';
import { openPostgres } from '../db/postgres.ts';
import type { Database, Queryable } from '../db/types.ts';
import { loadMigrations } from '../migrations/runner.ts';
import type { OpenedArchive } from './archive.ts';
import { type Phase, serverVersion, tablesIn } from './inventory.ts';
import { BackupError, type Manifest } from './manifest.ts';
import { connection, linesOf, majorOf, type PgTool, pgTool, runTool } from './pg-tools.ts';

export interface ServerRestoreOptions {
  force?: boolean;
  pgBin?: string;
  phase?: Phase;
  onNotice?: (message: string) => void;
}

/** What restore found in the target before touching it. */
async function palisadeObjectsIn(q: Queryable, schemas: string[]): Promise<string[]> {
  const { rows } = await q.query<{ name: string }>(
    `select nspname as name from pg_catalog.pg_namespace where nspname = any($1::text[]) and nspname <> 'public'
     union all
     select 'public.organisations' where pg_catalog.to_regclass('public.organisations') is not null
     order by 1`,
    [schemas],
  );
  return rows.map((r) => r.name);
}

/**
 * The roles, made as `palisade migrate` makes them: src/core/sql/0001_roles.sql itself, with the
 * login role the backup's grants name. Roles are cluster-wide, so they are not in a schema dump;
 * on a cluster that has them already, the file changes nothing.
 */
async function createRoles(db: Database, login: string | null, onNotice?: (m: string) => void): Promise<string[]> {
  const roles = loadMigrations().find((m) => m.name === '0001_roles.sql');
  if (!roles) throw new Error('src/core/sql/0001_roles.sql is missing from this installation');
  const names = ['anon', 'authenticated', 'service_role', 'platform_admin', 'authenticator', login ?? 'palisade_login'];
  const existing = async () =>
    (
      await db.query<{ rolname: string }>('select rolname from pg_catalog.pg_roles where rolname = any($1::text[])', [
        names,
      ])
    ).rows.map((r) => r.rolname);
  const before = await existing();
  await db.session(
    async (s) => {
      await s.query(`select pg_catalog.set_config('palisade.login_role', $1, false)`, [login ?? '']);
      // palisade-lint: constant-sql a migration file of this package (src/core/sql/0001_roles.sql, read by loadMigrations), never request data
      await s.exec(roles.sql);
    },
    { onNotice },
  );
  const after = await existing();
  return after.filter((r) => !before.includes(r));
}

/**
 * Where auth is Supabase's (GoTrue's), the backup leaves it out, and with it the trigger Palisade
 * puts on auth.users (a profile for each new user): a trigger belongs to its table's schema. The
 * migration that makes it is applied again, as written: it only replaces functions the dump
 * restored and recreates that trigger.
 */
const OUTSIDE_THE_DUMP = ['0031_auth_user_sync.sql'];

async function reapplyOutsideTheDump(db: Database, manifest: Manifest): Promise<string[]> {
  if (manifest.schemas.includes('auth')) return [];
  const { rows } = await db.query<{ theirs: boolean }>(
    `select pg_catalog.to_regclass('auth.users') is not null
        and pg_catalog.obj_description(pg_catalog.to_regclass('auth.users'), 'pg_class')
            is distinct from 'palisade: auth compatibility table' as theirs`,
  );
  if (!rows[0]?.theirs) return [];
  const files = loadMigrations().filter((m) => OUTSIDE_THE_DUMP.includes(m.name));
  for (const m of files) {
    // palisade-lint: constant-sql a migration file of this package (src/auth/sql, read by loadMigrations), never request data
    await db.exec(m.sql);
  }
  return files.map((m) => m.name);
}

/** The archive's table of contents minus `public` itself, which every database already has. */
async function restoreList(
  tool: PgTool,
  archive: OpenedArchive,
): Promise<{ file: string; dir: string; entries: number }> {
  const lines: string[] = [];
  const run = runTool(tool, ['--list'], { env: {}, stdin: archive.dumpStream() });
  for await (const line of linesOf(run.stdout)) lines.push(line);
  await run.done;
  const kept = lines.filter((l) => !/^\d+; \d+ \d+ (SCHEMA|COMMENT) - (SCHEMA )?public /.test(l));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'palisade-restore-'));
  const file = path.join(dir, 'toc.list');
  writeFileSync(file, `${kept.join('\n')}\n`, { mode: 0o600 });
  return { file, dir, entries: kept.filter((l) => l && !l.startsWith(';')).length };
}

export interface ServerRestoreResult {
  target: string;
  db: Database;
  /** Migrations applied again after the restore, for objects outside the dumped schemas. */
  reapplied: string[];
  /** Roles this restore created (the cluster lacked them). */
  createdRoles: string[];
}

/**
 * Restores a server backup into the database at `url`: roles first, then pg_restore in one
 * transaction (all or nothing). An empty database is expected; with `force`, Palisade's objects
 * there are dropped and recreated in that same transaction, and anything else in its schemas makes
 * the whole restore fail and roll back. Returns the open database for the checks that follow.
 */
export async function restoreServer(
  archive: OpenedArchive,
  url: string,
  opts: ServerRestoreOptions = {},
): Promise<ServerRestoreResult> {
  const { manifest } = archive;
  const phase = opts.phase ?? (() => () => {});
  if (manifest.engine !== 'postgres') {
    throw new BackupError(
      'this is a backup of the embedded database: restore it into a data dir (--data-dir), not a PostgreSQL server.',
    );
  }
  const tool = pgTool('pg_restore', opts.pgBin);
  const dumpMajor = Number(/^(\d+)/.exec(manifest.postgres.pgDump ?? '')?.[1] ?? 0);
  if (tool.major < dumpMajor) {
    throw new ConfigError(
      `pg_restore ${tool.version} cannot read a dump written by pg_dump ${manifest.postgres.pgDump}: install the PostgreSQL ${dumpMajor} client tools (or newer), or give --pg-bin.`,
    );
  }
  const db = openPostgres({ url, max: 2, applicationName: 'palisade restore' });
  try {
    const server = await serverVersion(db);
    if (majorOf(server.versionNum) < majorOf(manifest.postgres.versionNum)) {
      throw new BackupError(
        `the backup is of PostgreSQL ${manifest.postgres.version} and this server runs ${server.version}: restore into PostgreSQL ${majorOf(manifest.postgres.versionNum)} or newer.`,
      );
    }
    const present = await palisadeObjectsIn(db, manifest.schemas);
    if (present.length && !opts.force) {
      throw new BackupError(
        `${redactUrl(url)} already holds Palisade objects (${present.join(', ')}): restore into an empty database (createdb), or give --force to drop and recreate them in the restore's transaction. Nothing was restored.`,
      );
    }
    const createdRoles = await createRoles(db, manifest.loginRole, opts.onNotice);
    const list = await restoreList(tool, archive);
    try {
      const restoring = phase('restoring');
      let done = 0;
      const { dbname, env } = connection(url);
      const run = runTool(
        tool,
        [
          '--no-owner',
          '--single-transaction',
          '--exit-on-error',
          '--no-password',
          ...(opts.force ? ['--clean', '--if-exists'] : []),
          '--use-list',
          list.file,
          '--verbose',
          '--dbname',
          dbname,
        ],
        {
          env,
          stdin: archive.dumpStream(),
          onLine: (line) => {
            if (/^pg_restore: (creating|processing|executing|dropping)/.test(line))
              restoring(Math.min(++done, list.entries), list.entries);
          },
        },
      );
      run.stdout.resume();
      await run.done.catch((err: Error) => {
        throw new BackupError(
          `${err.message}. The restore ran in one transaction and was rolled back: nothing changed.`,
        );
      });
    } finally {
      rmSync(list.dir, { recursive: true, force: true });
    }
    const reapplied = await reapplyOutsideTheDump(db, manifest);
    // pg_restore leaves the planner without statistics. Only the restored tables: on Supabase the
    // restoring role owns no others, and ANALYZE would warn about each.
    const tables = await tablesIn(db, manifest.schemas);
    if (tables.length) {
      // palisade-lint: constant-sql table names read from the catalog, quoted by format('%I.%I')
      await db.exec(`analyze ${tables.map((t) => t.quoted).join(', ')}`);
    }
    return { target: redactUrl(url), db, reapplied, createdRoles };
  } catch (err) {
    await db.close();
    throw err;
  }
}

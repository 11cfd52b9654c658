import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database, Queryable } from '../db/types.ts';

export interface Migration {
  /** File name, e.g. `0010_tenancy.sql`; names are unique across modules and sort in apply order. */
  name: string;
  /** The domain folder that owns it (tenancy, platform, …). */
  module: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * The package's src/, where each module keeps its sql/ folder. Resolved from the package root, not
 * from this file, because the compiled runner lives in dist/ while the SQL ships (and is edited) in
 * src/: both are two levels below the root.
 */
export const SQL_SOURCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');
// Any constant works; it only has to be the same for every Palisade process.
const MIGRATION_LOCK_KEY = 727_201_004;

/** Every module's `sql/NNNN_name.sql`, in one global order. */
export function loadMigrations(srcDir = SQL_SOURCE_DIR): Migration[] {
  const found: Migration[] = [];
  for (const module of readdirSync(srcDir)) {
    const dir = path.join(srcDir, module, 'sql');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)) {
      if (!file.endsWith('.sql')) continue;
      if (!/^\d{4}_[a-z0-9_]+\.sql$/.test(file)) {
        throw new MigrationError(`${module}/sql/${file}: migration names must look like 0001_name.sql`);
      }
      const sql = readFileSync(path.join(dir, file), 'utf8');
      found.push({ name: file, module, sql, checksum: createHash('sha256').update(sql).digest('hex') });
    }
  }
  found.sort((a, b) => a.name.localeCompare(b.name));
  for (let i = 1; i < found.length; i++) {
    if (found[i]!.name.slice(0, 4) === found[i - 1]!.name.slice(0, 4)) {
      throw new MigrationError(
        `two migrations share the number ${found[i]!.name.slice(0, 4)}: ${found[i - 1]!.name}, ${found[i]!.name}`,
      );
    }
  }
  return found;
}

interface AppliedRow {
  name: string;
  checksum: string;
}

export interface MigrationStatus {
  applied: string[];
  pending: Migration[];
}

/** The ledger of applied migrations; also written at the head of exported migration files. */
export const META_TABLE_SQL = `
create schema if not exists palisade_meta;
create table if not exists palisade_meta.migrations (
  name text primary key,
  checksum text not null,
  applied_at timestamptz not null default now()
);`;

async function ensureMetaTable(s: Queryable) {
  await s.exec(META_TABLE_SQL);
}

/**
 * How to start over, per engine. Until 1.0 the SQL under src/<module>/sql/ is a baseline edited in
 * place, so a database migrated by another pre-1.0 version is recreated, not upgraded
 * (docs/migrations.md).
 */
function recreateHint(kind: Database['kind']): string {
  return kind === 'pglite'
    ? 'run `palisade reset` to delete the embedded data dir (and its data), then `palisade migrate`'
    : 'drop and recreate the database (its data goes with it), then run `palisade migrate`';
}

/**
 * Compares the database with the code: every applied name must be one of the code's files, its
 * checksum unchanged; otherwise one sentence says what differs and how to recreate the database.
 */
function compare(files: Migration[], applied: AppliedRow[], db: Pick<Database, 'kind' | 'location'>): MigrationStatus {
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const row of applied) {
    const file = byName.get(row.name);
    const difference = !file
      ? `it has migration ${row.name}, which this code does not have`
      : file.checksum !== row.checksum
        ? `${file.module}/sql/${row.name} changed after it was applied (checksum ${row.checksum.slice(0, 12)} → ${file.checksum.slice(0, 12)})`
        : undefined;
    if (difference) {
      const where = db.kind === 'pglite' ? `the embedded database ${db.location}` : `the database ${db.location}`;
      throw new MigrationError(
        `${where} holds a pre-1.0 Palisade schema that has since changed (${difference}), and pre-1.0 schemas are not upgraded in place: ${recreateHint(db.kind)}.`,
      );
    }
  }
  const done = new Set(applied.map((r) => r.name));
  return { applied: applied.map((r) => r.name), pending: files.filter((f) => !done.has(f.name)) };
}

export async function migrationStatus(db: Database, files = loadMigrations()): Promise<MigrationStatus> {
  const exists = await db.query<{ t: string | null }>(`select to_regclass('palisade_meta.migrations')::text as t`);
  if (!exists.rows[0]?.t) return { applied: [], pending: files };
  const applied = await db.query<AppliedRow>('select name, checksum from palisade_meta.migrations order by name');
  return compare(files, applied.rows, db);
}

export interface MigrateOptions {
  files?: Migration[];
  /** The server's login role the migrations create and grant to (PALISADE_LOGIN_ROLE); default palisade_login. */
  loginRole?: string;
  /** What a migration chose to skip and what that loses (a refused role grant, say) arrives as a notice. */
  onNotice?: (message: string) => void;
  onApply?: (m: Migration, index: number, total: number) => void;
}

/**
 * Applies pending migrations, each in its own transaction, under a session advisory lock so two
 * concurrent runs on one server cannot interleave: the second waits, then finds nothing to do.
 * The migration's row is written first in its transaction, as graphile-worker does.
 */
export async function migrate(db: Database, opts: MigrateOptions = {}): Promise<Migration[]> {
  const files = opts.files ?? loadMigrations();
  return db.session(
    async (s) => {
      await s.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      try {
        await s.query(`select pg_catalog.set_config('palisade.login_role', $1, false)`, [opts.loginRole ?? '']);
        await ensureMetaTable(s);
        const applied = await s.query<AppliedRow>('select name, checksum from palisade_meta.migrations order by name');
        const { pending } = compare(files, applied.rows, db);
        for (const [i, m] of pending.entries()) {
          opts.onApply?.(m, i, pending.length);
          await s.exec('begin');
          try {
            await s.query('insert into palisade_meta.migrations (name, checksum) values ($1, $2)', [
              m.name,
              m.checksum,
            ]);
            // palisade-lint: constant-sql a migration file of this package (src/*/sql, read by loadMigrations), never request data
            await s.exec(m.sql);
            await s.exec('commit');
          } catch (err) {
            await s.exec('rollback').catch(() => {});
            const e = err as { message?: string; position?: string; where?: string };
            throw new MigrationError(
              `${m.module}/sql/${m.name} failed and was rolled back: ${e.message ?? String(err)}${e.where ? ` (${e.where})` : ''}`,
            );
          }
        }
        return pending;
      } finally {
        await s.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
      }
    },
    { onNotice: opts.onNotice },
  );
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Queryable } from '../db/types.ts';
import { BackupError, type Manifest } from './manifest.ts';

/** Progress of a long step: `phase(label)` gives the callback for that step's (done, total). */
export type Phase = (label: string) => (done: number, total: number) => void;

/** Palisade's own version, from package.json two levels up (from src/backup and from dist/backup alike). */
export function palisadeVersion(): string {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

export async function serverVersion(q: Queryable): Promise<{ version: string; versionNum: number }> {
  const { rows } = await q.query<{ v: string; n: string }>(
    `select pg_catalog.current_setting('server_version') as v, pg_catalog.current_setting('server_version_num') as n`,
  );
  return { version: rows[0]!.v, versionNum: Number(rows[0]!.n) };
}

export async function appliedMigrations(q: Queryable): Promise<Manifest['migrations']> {
  const { rows: has } = await q.query<{ t: string | null }>(
    `select pg_catalog.to_regclass('palisade_meta.migrations')::text as t`,
  );
  if (!has[0]?.t)
    throw new BackupError('this database holds no Palisade schema (no palisade_meta.migrations): nothing to back up.');
  const { rows } = await q.query<{ name: string; checksum: string; applied_at: string }>(
    'select name, checksum, applied_at::text from palisade_meta.migrations order by name',
  );
  return rows.map((r) => ({ name: r.name, checksum: r.checksum, appliedAt: r.applied_at }));
}

/** The ordinary tables of these schemas, as `schema.table` (partitioned parents are counted through their partitions). */
export async function tablesIn(q: Queryable, schemas: string[]): Promise<{ key: string; quoted: string }[]> {
  const { rows } = await q.query<{ key: string; quoted: string }>(
    `select n.nspname || '.' || c.relname as key, pg_catalog.format('%I.%I', n.nspname, c.relname) as quoted
       from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'r' and n.nspname = any($1::text[])
      order by n.nspname, c.relname`,
    [schemas],
  );
  return rows;
}

/**
 * A refused privilege (42501) while reading what to back up: the connection is not the owner's.
 * Anything else is returned as it is.
 */
export function ownerNeeded(err: unknown, table?: string): unknown {
  const e = err as { code?: string; message?: string };
  if (e?.code !== '42501') return err;
  return new BackupError(
    `cannot read every row${table ? ` of ${table}` : ''} (${e.message}): connect as the role that owns Palisade's schema (the one that ran the migrations; PALISADE_MIGRATION_DATABASE_URL), not the server's login role.`,
  );
}

/**
 * Exact row counts (count(*), not estimates), read by whoever owns the data. Run inside the
 * transaction the dump is taken in, the counts are the dump's. With row_security off, a table whose
 * policies would hide rows from the current role raises an error instead of a short count.
 */
export async function rowCounts(
  q: Queryable,
  schemas: string[],
  onProgress?: (done: number, total: number) => void,
): Promise<Record<string, number>> {
  const tables = await tablesIn(q, schemas);
  const out: Record<string, number> = {};
  onProgress?.(0, tables.length);
  for (const [i, t] of tables.entries()) {
    try {
      // palisade-lint: constant-sql table names read from the catalog, quoted by format('%I.%I')
      const { rows } = await q.query<{ n: string }>(`select count(*)::text as n from only ${t.quoted}`);
      out[t.key] = Number(rows[0]!.n);
    } catch (err) {
      throw ownerNeeded(err, t.key);
    }
    onProgress?.(i + 1, tables.length);
  }
  return out;
}

export async function vaultKeyIds(q: Queryable): Promise<Manifest['vault']> {
  const { rows: has } = await q.query<{ t: string | null }>(
    `select pg_catalog.to_regclass('palisade_vault.secrets')::text as t`,
  );
  if (!has[0]?.t) return { secrets: 0, keyIds: {} };
  const { rows } = await q.query<{ key_id: string; n: number }>(
    'select key_id, count(*)::int as n from palisade_vault.secrets group by key_id order by key_id',
  );
  return { secrets: rows.reduce((s, r) => s + r.n, 0), keyIds: Object.fromEntries(rows.map((r) => [r.key_id, r.n])) };
}

/**
 * The server's login role: the role the migrations granted `select` on the ledger to
 * (src/server/sql/0033_runtime_grants.sql) that can act as service_role. Restore creates the same
 * role, so the dump's grants to it apply.
 */
export async function loginRole(q: Queryable): Promise<string | null> {
  const { rows } = await q.query<{ role: string }>(
    `select r.rolname as role
       from pg_catalog.pg_class c
       cross join lateral pg_catalog.aclexplode(c.relacl) a
       join pg_catalog.pg_roles r on r.oid = a.grantee
      where c.oid = pg_catalog.to_regclass('palisade_meta.migrations')
        and a.privilege_type = 'SELECT' and a.grantee <> c.relowner
        and r.rolname not in ('anon', 'authenticated', 'service_role', 'platform_admin')
        and pg_catalog.pg_has_role(r.oid, 'service_role', 'MEMBER')
      order by r.rolname limit 1`,
  );
  return rows[0]?.role ?? null;
}

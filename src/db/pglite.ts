import { existsSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { lockDataDir, tightenDataDir } from './datadir.ts';
import type { Database, Queryable, QueryResult, Statement } from './types.ts';

type PGliteLike = Pick<PGlite, 'query' | 'exec'>;

function wrap(pg: PGliteLike): Queryable {
  return {
    async query<R>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
      const res = await pg.query<R>(sql, params as unknown[] | undefined);
      return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
    },
    async exec(sql: string) {
      await pg.exec(sql);
    },
  };
}

export interface PgliteOptions {
  /** A folder on disk; omitted means in memory (tests loading a template). */
  dataDir?: string;
  /** A tarball made by `dumpDataDir`, to clone a migrated template in about a second. */
  loadDataDir?: Blob;
  /**
   * For a data dir that holds no database yet: fills it (the first-start image,
   * src/seed/first-start.ts) and returns true, or returns false for initdb. Called while the data
   * dir's lock is held, so two first starts cannot both fill one folder.
   */
  firstStart?: (dataDir: string) => boolean;
}

/** How the database behind a data dir came to be, this time it was opened. */
export type PgliteOrigin = 'existing' | 'image' | 'initdb' | 'memory';

export async function openPglite(
  opts: PgliteOptions,
): Promise<Database & { dump(): Promise<Blob>; readonly origin: PgliteOrigin }> {
  // A data dir is one process's at a time (src/db/datadir.ts); in memory there is nothing to share.
  const dataDir = opts.dataDir;
  const unlock = dataDir ? lockDataDir(dataDir) : () => {};
  let pg: PGlite;
  let origin: PgliteOrigin = dataDir ? 'existing' : 'memory';
  try {
    if (dataDir && !existsSync(path.join(dataDir, 'PG_VERSION'))) {
      const filled = !opts.loadDataDir && (opts.firstStart?.(dataDir) ?? false);
      origin = filled || opts.loadDataDir ? 'image' : 'initdb';
    }
    pg = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
      extensions: { pgcrypto },
    });
    if (dataDir) tightenDataDir(dataDir);
  } catch (err) {
    unlock();
    throw err;
  }
  // As the server engine's sessions (src/db/postgres.ts): values are bind parameters anyway.
  await pg.exec('set standard_conforming_strings = on');
  const base = wrap(pg);
  return {
    kind: 'pglite',
    location: opts.dataDir ?? '(in memory)',
    origin,
    ...base,
    // PGlite has one connection; its transaction() holds the engine's lock for the whole callback,
    // so no other caller's statement can land inside our transaction.
    transaction<T>(fn: (tx: Queryable) => Promise<T>, begin?: Statement[]) {
      return pg.transaction(async (tx) => {
        const q = wrap(tx);
        for (const s of begin ?? []) await q.query(s.sql, s.params);
        return fn(q);
      });
    },
    // One connection has no round trips to save: the batch is a plain transaction.
    batch(statements: Statement[]) {
      return pg.transaction(async (tx) => {
        const q = wrap(tx);
        const results: QueryResult<Record<string, unknown>>[] = [];
        for (const s of statements) results.push(await q.query(s.sql, s.params));
        return results;
      });
    },
    // One connection is already one session. (runExclusive would deadlock: queries take its mutex.)
    session<T>(fn: (s: Queryable) => Promise<T>) {
      return fn(base);
    },
    async dump() {
      return pg.dumpDataDir('none');
    },
    async close() {
      try {
        if (!pg.closed) await pg.close();
      } finally {
        // Files PGlite created while open are tightened too, before another process may take over.
        if (dataDir) tightenDataDir(dataDir);
        unlock();
      }
    },
  };
}

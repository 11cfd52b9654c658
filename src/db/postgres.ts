import pg from 'pg';
import { redactUrl } from '../config.ts';
import { pipeline } from './pipeline.ts';
import type { Database, Queryable, QueryResult, Statement } from './types.ts';

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<R>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
      const res = await client.query(sql, params);
      return { rows: res.rows as R[], rowCount: res.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

export interface PostgresOptions {
  url: string;
  max?: number;
  applicationName?: string;
}

export function openPostgres(opts: PostgresOptions): Database & { pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 10,
    application_name: opts.applicationName ?? 'palisade',
  });
  // An idle client losing its connection must not crash the process; the next checkout reconnects.
  pool.on('error', () => {});
  const base = wrap(pool);
  return {
    kind: 'postgres',
    location: redactUrl(opts.url),
    pool,
    ...base,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>, begin?: string) {
      const client = await pool.connect();
      try {
        // BEGIN and the caller's first statements travel as one simple-protocol message: one round trip.
        await client.query(begin ? `begin; ${begin}` : 'begin');
        const result = await fn(wrap(client));
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async batch(statements: Statement[]) {
      const client = await pool.connect();
      try {
        const results = await pipeline(client, statements);
        return results.map((r) => ({ rows: r.rows as Record<string, unknown>[], rowCount: r.rowCount ?? 0 }));
      } finally {
        client.release();
      }
    },
    async session<T>(fn: (s: Queryable) => Promise<T>) {
      const client = await pool.connect();
      try {
        return await fn(wrap(client));
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

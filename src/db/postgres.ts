import pg from 'pg';
import { redactUrl } from '../config/index.ts';
import { pipeline } from './pipeline.ts';
import { statementName } from './prepared.ts';
import type { Database, Queryable, QueryResult, SessionOptions, Statement } from './types.ts';

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<R>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
      // A parameterised statement is prepared once per connection (src/db/prepared.ts).
      const name = statementName(sql, params);
      const res = await client.query(name ? { name, text: sql, values: params } : { text: sql, values: params });
      return { rows: res.rows as R[], rowCount: res.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

/**
 * A transaction whose BEGIN (and `prelude`) is sent with its first statement. A failure in that
 * first batch leaves an explicit, aborted transaction block behind, so it is still `started` and
 * the caller's ROLLBACK ends it.
 */
function lazyTransaction(client: pg.PoolClient, prelude: Statement[]) {
  const plain = wrap(client);
  const state = {
    started: false,
    async start(first?: Statement) {
      state.started = true;
      return pipeline(client, [{ sql: 'begin' }, ...prelude, ...(first ? [first] : [])]);
    },
    queryable: {
      async query<R>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
        if (state.started) return plain.query<R>(sql, params);
        const results = await state.start({ sql, params: params ?? [] });
        const last = results[results.length - 1]!;
        return { rows: last.rows as R[], rowCount: last.rowCount ?? 0 };
      },
      async exec(sql: string) {
        if (!state.started) await state.start();
        await plain.exec(sql);
      },
    } as Queryable,
  };
  return state;
}

export interface PostgresOptions {
  url: string;
  max?: number;
  applicationName?: string;
}

/**
 * Session settings every connection starts with (the startup packet's `options`, which outrank
 * the server's, the database's and the role's defaults). Values travel as bind parameters, never
 * as SQL text, so this is defence in depth: with `standard_conforming_strings = off` a backslash
 * in a string literal escapes a quote, which no quoting function written for `on` survives.
 */
const SESSION_OPTIONS = '-c standard_conforming_strings=on';

/** The URL with SESSION_OPTIONS appended to any `options` it names (node-postgres lets the URL's win). */
function withSessionOptions(url: string): { connectionString: string; options?: string } {
  if (!/[?&]options=/.test(url)) return { connectionString: url, options: SESSION_OPTIONS };
  const u = new URL(url);
  u.searchParams.set('options', `${u.searchParams.get('options') ?? ''} ${SESSION_OPTIONS}`.trim());
  return { connectionString: u.toString() };
}

export function openPostgres(opts: PostgresOptions): Database & { pool: pg.Pool } {
  const pool = new pg.Pool({
    ...withSessionOptions(opts.url),
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
    async transaction<T>(fn: (tx: Queryable) => Promise<T>, begin?: Statement[]) {
      const client = await pool.connect();
      // Statements: BEGIN and they wait for the transaction's first statement and travel with it
      // as one batch (src/db/pipeline.ts), so a transaction of n statements costs n + 1 round
      // trips (its statements and COMMIT), role and claims included.
      const tx = lazyTransaction(client, begin ?? []);
      try {
        const result = await fn(tx.queryable);
        if (!tx.started && begin?.length) await tx.start();
        if (tx.started) await client.query('commit');
        return result;
      } catch (err) {
        // `fn` failed before its first statement: the prelude (a membership assertion, say) still
        // runs, and its refusal wins, exactly as when it ran with BEGIN.
        const failure =
          !tx.started && begin?.length
            ? await tx.start().then(
                () => err,
                (first: unknown) => first,
              )
            : err;
        if (tx.started) await client.query('rollback').catch(() => {});
        throw failure;
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
    async session<T>(fn: (s: Queryable) => Promise<T>, sopts?: SessionOptions) {
      const client = await pool.connect();
      const listener = (n: { message?: string }) => sopts?.onNotice?.(n.message ?? '');
      if (sopts?.onNotice) client.on('notice', listener);
      try {
        return await fn(wrap(client));
      } finally {
        client.off('notice', listener);
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

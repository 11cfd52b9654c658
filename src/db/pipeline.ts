/**
 * Several statements in one message to the server: each one's Parse, Bind, Describe and Execute,
 * then a single Sync, written to the socket at once. PostgreSQL runs them in order in one implicit
 * transaction (all or nothing, committed at the Sync unless a BEGIN among them opened a block) and
 * answers in one flush, so the whole batch costs one round trip and one write on each side.
 *
 * Why it exists: on a small machine socket writes, not SQL, are most of a request's CPU; a request that sent BEGIN, its query and COMMIT separately did three times
 * the writes of an unauthenticated baseline. This is node-postgres's documented extension point for
 * custom queries (a "submittable", as pg-cursor uses), built on its own Query so rows are parsed by
 * the same type parsers; only `submit` differs.
 */
import pg from 'pg';
// The value mapper node-postgres applies to every parameter (Dates, Buffers, arrays, JSON).
import pgUtils from 'pg/lib/utils.js';
import { type PreparedRegistry, statementName } from './prepared.ts';

export interface Statement {
  sql: string;
  params?: unknown[];
}

interface Connection extends PreparedRegistry {
  stream: { cork?: () => void; uncork?: () => void };
  parse(q: { text: string; name: string; types: unknown[] }): void;
  bind(b: {
    portal: string;
    statement: string;
    values: unknown[];
    valueMapper: (v: unknown, i: number) => unknown;
  }): void;
  describe(d: { type: 'P' | 'S'; name: string }): void;
  execute(e: { portal: string; rows: number }): void;
  close(c: { type: 'S'; name: string }): void;
  sync(): void;
}

type Callback = (err: Error | null, results?: pg.QueryResult | pg.QueryResult[]) => void;

class PipelinedQuery extends (pg.Query as unknown as new (config: { text: string; callback: Callback }) => object) {
  /** Statements this batch parses for the first time on its connection, name → text (see `pipeline`). */
  readonly parsed = new Map<string, string>();
  connection: Connection | null = null;

  constructor(
    private readonly statements: Statement[],
    callback: Callback,
  ) {
    super({ text: statements.map((s) => s.sql).join(';\n'), callback });
  }

  submit(connection: Connection): null {
    this.connection = connection;
    connection.stream.cork?.();
    try {
      for (const s of this.statements) {
        const name = statementName(s.sql, s.params);
        // A text seen twice in one batch is parsed once: the second Bind finds it.
        if (name === '' || (connection.parsedStatements[name] === undefined && !this.parsed.has(name))) {
          connection.parse({ text: s.sql, name, types: [] });
          if (name !== '') this.parsed.set(name, s.sql);
        }
        connection.bind({ portal: '', statement: name, values: s.params ?? [], valueMapper: pgUtils.prepareValue });
        connection.describe({ type: 'P', name: '' });
        connection.execute({ portal: '', rows: 0 });
      }
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }
}

/**
 * After a failed batch the server skipped everything from the failing message to the Sync, so
 * which of its new names exist is unknown: close them all (closing a missing one is no error) and
 * let the next batch parse them again.
 */
class CloseStatements extends (pg.Query as unknown as new (config: {
  text: string;
  callback: (err: Error | null) => void;
}) => object) {
  constructor(
    private readonly names: string[],
    callback: (err: Error | null) => void,
  ) {
    super({ text: 'close', callback });
  }

  submit(connection: Connection): null {
    connection.stream.cork?.();
    try {
      for (const name of this.names) connection.close({ type: 'S', name });
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }
}

/** Sends `statements` as one batch on `client`; resolves with one result per statement, in order. */
export function pipeline(client: pg.ClientBase, statements: Statement[]): Promise<pg.QueryResult[]> {
  if (statements.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const query: PipelinedQuery = new PipelinedQuery(statements, (err, results) => {
      const parsed = query.parsed;
      if (err) {
        if (parsed.size === 0) return reject(err);
        const close = new CloseStatements([...parsed.keys()], () => reject(err));
        // palisade-lint: constant-sql a submittable that sends Close messages for statement names, no SQL text
        return void client.query(close as unknown as pg.QueryConfig);
      }
      // Every Parse of a batch that succeeded went through: remember them for this connection.
      for (const [name, text] of parsed) query.connection!.parsedStatements[name] = text;
      const list = Array.isArray(results) ? results : [results!];
      // Statements that return nothing still complete, so there is one result per statement.
      if (list.length !== statements.length)
        return reject(new Error(`a batch of ${statements.length} statements returned ${list.length} results`));
      resolve(list);
    });
    // palisade-lint: constant-sql a submittable that sends the statements pipeline() was given; pipeline() is itself a sink, so they are checked at its callers
    client.query(query as unknown as pg.QueryConfig);
  });
}

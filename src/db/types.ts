import type { Statement } from './pipeline.ts';

export type { Statement };

export interface QueryResult<R> {
  rows: R[];
  /** Rows inserted, updated or deleted (0 for a SELECT on PGlite, row count on pg). */
  rowCount: number;
}

export interface SessionOptions {
  /** Called with each NOTICE the server sends on the session (PostgreSQL; the embedded engine sends none here). */
  onNotice?: (message: string) => void;
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
  /** Runs a script of one or more statements through the simple protocol (no parameters). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Human description: the data dir or the redacted URL. */
  readonly location: string;
  /**
   * Runs `fn` inside one transaction. `begin` is what runs first, right after BEGIN: parameterised
   * statements (values are bind parameters, never SQL text), which the server engine sends with
   * BEGIN *and the transaction's first statement* as one batch, so role and claims cost no round
   * trip of their own.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, begin?: Statement[]): Promise<T>;
  /**
   * Runs `statements` in order as one all-or-nothing unit and returns each one's result. On the
   * server they travel as one message (one round trip, one implicit transaction: a statement's
   * settings made with set_config(…, true) hold for the ones after it and vanish at the end).
   */
  batch(statements: Statement[]): Promise<QueryResult<Record<string, unknown>>[]>;
  /** Runs `fn` on one dedicated session (needed for session-level advisory locks). */
  session<T>(fn: (s: Queryable) => Promise<T>, opts?: SessionOptions): Promise<T>;
  close(): Promise<void>;
}

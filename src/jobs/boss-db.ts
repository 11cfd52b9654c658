import type { Database } from '../db/types.ts';

/**
 * pg-boss's database seam (its `db` option) over Palisade's Database, so the library runs on the
 * owner's pool on the server and on the one connection PGlite has, with no second pool.
 *
 * pg-boss sends its schema installs and its maintenance as scripts (BEGIN; …; COMMIT) without
 * parameters. The server takes those through query() as one simple-protocol message; PGlite's
 * query() prepares its text and refuses several commands, so a parameterless script goes through
 * exec(), and pg-boss reads no rows from those.
 */
export function bossDb(db: Database) {
  return {
    async executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> {
      if (!values?.length && db.kind === 'pglite' && isScript(text)) {
        // palisade-lint: constant-sql pg-boss's own statements (its schema, queue and job SQL), never request data: values travel as parameters
        await db.exec(text);
        return { rows: [] };
      }
      // palisade-lint: constant-sql pg-boss's own statements (its schema, queue and job SQL), never request data: values travel as parameters
      const res = await db.query(text, values?.length ? values : undefined);
      return { rows: res.rows };
    },
  };
}

/** A semicolon followed by more text: a script. pg-boss's single statements carry none. */
function isScript(text: string): boolean {
  return /;\s*\S/.test(text.trim());
}

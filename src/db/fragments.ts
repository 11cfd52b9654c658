/**
 * SQL fragments the query modules share. Column names come from code, never from input; values
 * travel as numbered parameters.
 */

/**
 * Optimistic concurrency: a row's version (its ETag over HTTP) is its updated_at in microseconds,
 * computed in SQL (a JavaScript Date would round it).
 */
export const versionOf = (alias = '') => `(extract(epoch from ${alias}updated_at) * 1000000)::bigint::text`;

/**
 * Keyset pagination on (created_at, id). The sort key travels as microseconds since the epoch,
 * computed in SQL, because a JavaScript Date keeps only milliseconds and would skip or repeat
 * rows created within the same millisecond.
 */
export const sortKey = (alias = '') => `(extract(epoch from ${alias}created_at) * 1000000)::bigint::text as _k`;

/** A position in a keyset-paginated list: the sort key and id of the last row shown. */
export interface Cursor {
  k: string;
  id: string;
}

/** `and (key, id) > (cursor)` with its parameters numbered from `next`; empty without a cursor. */
export function afterCursor(
  cursor: Cursor | null,
  next: number,
  alias = '',
  idColumn = 'id',
): { sql: string; params: unknown[] } {
  if (!cursor) return { sql: '', params: [] };
  return {
    sql: ` and ((extract(epoch from ${alias}created_at) * 1000000)::bigint, ${alias}${idColumn}) > ($${next}::bigint, $${next + 1}::uuid)`,
    params: [cursor.k, cursor.id],
  };
}

/** `col = $n, …` for the fields present in a PATCH body; column names come from code, never input. */
export function setList(fields: Record<string, unknown>, next: number): { sql: string; params: unknown[] } {
  const entries = Object.entries(fields).filter(([, v]) => v !== undefined);
  return {
    sql: entries.map(([col], i) => `${col} = $${next + i}`).join(', '),
    params: entries.map(([, v]) => v),
  };
}

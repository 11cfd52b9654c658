import { z } from 'zod';
import { badRequest } from './api-error.ts';

export const MAX_PAGE_SIZE = 100;

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50).describe(`page size, 1 to ${MAX_PAGE_SIZE}`),
  cursor: z.string().max(200).optional().describe('next_cursor from the previous page'),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    next_cursor: z.string().nullable().describe('pass as ?cursor= for the next page; null on the last page'),
  });

/**
 * Keyset pagination on (created_at, id). The sort key travels as microseconds since the epoch,
 * computed in SQL, because a JavaScript Date keeps only milliseconds and would skip or repeat
 * rows created within the same millisecond.
 */
export const sortKey = (alias = '') => `(extract(epoch from ${alias}created_at) * 1000000)::bigint::text as _k`;

export interface Cursor {
  k: string;
  id: string;
}

export function decodeCursor(raw: string | undefined): Cursor | null {
  if (raw === undefined) return null;
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(c) && c.length === 2 && /^\d{1,20}$/.test(String(c[0])) && /^[0-9a-f-]{36}$/i.test(String(c[1]))) {
      return { k: String(c[0]), id: String(c[1]) };
    }
  } catch {
    // fall through
  }
  throw badRequest('cursor is not valid: pass next_cursor from a previous page unchanged', 'cursor');
}

/** `and (key, id) > (cursor)` with its parameters numbered from `next`; empty without a cursor. */
export function afterCursor(cursor: Cursor | null, next: number, alias = '', idColumn = 'id'): { sql: string; params: unknown[] } {
  if (!cursor) return { sql: '', params: [] };
  return {
    sql: ` and ((extract(epoch from ${alias}created_at) * 1000000)::bigint, ${alias}${idColumn}) > ($${next}::bigint, $${next + 1}::uuid)`,
    params: [cursor.k, cursor.id],
  };
}

/** Rows were fetched with limit + 1: the extra one only says there is a next page. */
export function page<R extends { _k: string }, T>(rows: R[], limit: number, id: (r: R) => string, map: (r: R) => T) {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const last = shown[shown.length - 1];
  return {
    data: shown.map(map),
    next_cursor: more && last ? Buffer.from(JSON.stringify([last._k, id(last)])).toString('base64url') : null,
  };
}

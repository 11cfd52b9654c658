import { z } from 'zod';
import type { Cursor } from '../db/fragments.ts';
import { badRequest } from '../errors/error.ts';

export const MAX_PAGE_SIZE = 100;

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50).describe(`page size, 1 to ${MAX_PAGE_SIZE}`),
  cursor: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, { error: 'is not valid: pass next_cursor from a previous page unchanged' })
    .optional()
    .describe('next_cursor from the previous page, unchanged (opaque, base64url)'),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    next_cursor: z.string().nullable().describe('pass as ?cursor= for the next page; null on the last page'),
  });

export function decodeCursor(raw: string | undefined): Cursor | null {
  if (raw === undefined) return null;
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(c) &&
      c.length === 2 &&
      /^\d{1,20}$/.test(String(c[0])) &&
      /^[0-9a-f-]{36}$/i.test(String(c[1]))
    ) {
      return { k: String(c[0]), id: String(c[1]) };
    }
  } catch {
    // fall through
  }
  throw badRequest('cursor is not valid: pass next_cursor from a previous page unchanged', 'cursor');
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

import type { FastifyInstance } from 'fastify';
import { invalid } from '../errors/error.ts';

/** How deep a request's JSON may nest (objects and arrays); deeper is refused before validation. */
const MAX_JSON_DEPTH = 64;

/** A field path as the other 422s name it: dotted, array indexes as numbers (`steps.0.config`). */
function show(path: readonly (string | number)[]): string {
  return path.map((p) => String(p).replaceAll('\u0000', '\\u0000')).join('.');
}

/**
 * Walks a parsed request part once, without recursion (a 5,000-deep document must not exhaust
 * the stack here either): a NUL in any string or key, or nesting deeper than MAX_JSON_DEPTH, is
 * a PS422 naming the JSON path of the field. PostgreSQL cannot store U+0000 in text or jsonb
 * (22021 / 22P05), so such a value is refused before any route reads it.
 */
function checkInput(value: unknown, root: readonly string[] = []): void {
  const stack: { v: unknown; path: readonly (string | number)[] }[] = [{ v: value, path: root }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000'))
        throw invalid(`${show(path) || 'the value'}: must not contain a NUL character`, field(path));
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    const depth = path.length - root.length;
    if (depth >= MAX_JSON_DEPTH) {
      throw invalid(`${show(path)}: nested too deep (at most ${MAX_JSON_DEPTH} levels)`, field(path));
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, i] });
      continue;
    }
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
      if (k.includes('\u0000')) {
        throw invalid(`${show([...path, k])}: a key must not contain a NUL character`, field([...path, k]));
      }
      stack.push({ v: child, path: [...path, k] });
    }
  }
}

const field = (path: readonly (string | number)[]) => show(path) || 'body';

/**
 * Before any schema or route sees the request: params, query string and body are checked by
 * checkInput. Authentication ran earlier (onRequest), so a stranger still gets its 401 first.
 */
export function registerInputChecks(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    checkInput(req.params);
    checkInput(req.query);
    checkInput(req.body);
  });
}

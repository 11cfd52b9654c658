import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest, invalid } from '../errors/error.ts';

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

/** The names a route's querystring schema declares: a zod object, possibly behind a pipe. */
function declaredNames(schema: unknown): ReadonlySet<string> | undefined {
  let s = schema as { shape?: Record<string, unknown>; _zod?: { def?: { in?: unknown } } } | undefined;
  for (let hops = 0; s && hops < 4; hops++) {
    if (s.shape && typeof s.shape === 'object') return new Set(Object.keys(s.shape));
    s = s._zod?.def?.in as typeof s;
  }
  return undefined;
}

const NONE: ReadonlySet<string> = new Set();
const known = new WeakMap<object, ReadonlySet<string> | null>();

/**
 * The query parameters a route accepts, or null when it is not checked. Documented routes
 * (and hidden ones that declare a querystring) accept exactly the names their schema declares,
 * none when it declares no querystring; the browsable reference (/docs, hidden, no querystring
 * schema) is left alone. A querystring schema that is not a zod object is not checked, nor is a
 * redirect target's (`config.openQuery`), whose sender adds parameters of its own.
 */
function acceptedQuery(req: FastifyRequest): ReadonlySet<string> | null {
  if (req.routeOptions.config?.openQuery) return null;
  const schema = req.routeOptions.schema as { querystring?: unknown; hide?: boolean } | undefined;
  if (!schema) return null;
  let names = known.get(schema);
  if (names === undefined) {
    if (schema.querystring) names = declaredNames(schema.querystring) ?? null;
    else names = schema.hide ? null : NONE;
    known.set(schema, names);
  }
  return names;
}

/**
 * An unknown query parameter is refused like an unknown body field, so a misspelt `limt=5` or a
 * filter the route does not have is never silently ignored: PS400 (a query parameter problem,
 * as every querystring validation error is) naming the parameter.
 */
function checkQueryNames(req: FastifyRequest): void {
  const accepted = acceptedQuery(req);
  if (!accepted || !req.query || typeof req.query !== 'object') return;
  for (const name of Object.keys(req.query)) {
    if (accepted.has(name)) continue;
    const shown = show([name]).slice(0, 100);
    const allowed = [...accepted].join(', ');
    throw badRequest(
      `${shown}: unknown query parameter (${allowed ? `this operation takes ${allowed}` : 'this operation takes none'})`,
      shown,
    );
  }
}

/**
 * Before any schema or route sees the request: query parameter names against the route's schema,
 * then params, query string and body by checkInput. Authentication ran earlier (onRequest), so a stranger still gets its 401 first.
 */
export function registerInputChecks(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    checkQueryNames(req);
    checkInput(req.params);
    checkInput(req.query);
    checkInput(req.body);
  });
}

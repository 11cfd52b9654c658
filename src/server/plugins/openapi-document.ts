import { ERROR_RESPONSES, errorResponseComponents } from './openapi-errors.ts';

/**
 * The last pass over the generated document, for what @fastify/swagger and the zod converter
 * write in a form OpenAPI 3.0 tools reject or misread:
 * - an error status answered with the Error schema becomes a reference to the shared response
 *   (components.responses) that says when it happens, instead of "Default Response";
 * - a 204 carries no body (the converter writes a nullable string for `z.null()`);
 * - `nullable` always stands beside a `type` (3.0 ignores it elsewhere);
 * - components nothing refers to are dropped (the converter emits an `…Input` twin of every
 *   registered schema, used or not).
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const ERROR_REF = '#/components/schemas/Error';
const SUCCESS: Record<string, string> = { '200': 'OK', '201': 'Created: `Location` names it' };
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export function finishDocument<D extends Json>(doc: D): D {
  const components = (doc.components ?? {}) as Json;
  const schemas = (components.schemas ?? {}) as Record<string, Json>;
  const responses = errorResponseComponents();
  for (const item of Object.values((doc.paths ?? {}) as Record<string, Json>)) {
    for (const method of METHODS) {
      const op = item[method];
      if (isObject(op)) finishResponses(op.responses as Record<string, Json>);
    }
  }
  walk(doc, (node) => fixNullable(node, schemas));
  // Keep only the components reachable from the paths (references inside components count).
  const reachable = new Set<string>();
  const visit = (node: unknown) =>
    walk(node, (n) => {
      if (typeof n.$ref !== 'string' || reachable.has(n.$ref)) return;
      reachable.add(n.$ref);
      const [, , kind, name] = n.$ref.split('/');
      if (kind === 'schemas') visit(schemas[name!]);
      if (kind === 'responses') visit(responses[name!]);
    });
  visit(doc.paths);
  const keep = (kind: string, all: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(all).filter(([name]) => reachable.has(`#/components/${kind}/${name}`)));
  return {
    ...doc,
    components: { ...components, schemas: keep('schemas', schemas), responses: keep('responses', responses) },
  };
}

function finishResponses(responses: Record<string, Json>) {
  for (const [status, response] of Object.entries(responses)) {
    const content = response.content as Record<string, { schema?: Json }> | undefined;
    const shared = ERROR_RESPONSES[Number(status)];
    if (shared && content?.['application/json']?.schema?.$ref === ERROR_REF) {
      responses[status] = { $ref: `#/components/responses/${shared.name}` };
    } else if (status === '204') {
      delete response.content;
      if (response.description === 'Default Response') response.description = 'Done: no content';
    } else if (response.description === 'Default Response') {
      response.description = SUCCESS[status] ?? 'The body says why';
    }
  }
}

/** Calls fn on every object in the tree (arrays walked through), parents before children. */
function walk(node: unknown, fn: (n: Json) => void) {
  if (Array.isArray(node)) for (const v of node) walk(v, fn);
  else if (isObject(node)) {
    fn(node);
    for (const v of Object.values(node)) walk(v, fn);
  }
}

/**
 * The converter writes a nullable reference as `{ nullable, allOf: [$ref] }` and a nullable
 * union as `{ nullable, anyOf: [...] }`: give the first the referenced schema's type, and move
 * `nullable` into each branch of the second (null then matches a branch, as anyOf allows).
 */
function fixNullable(node: Json, schemas: Record<string, Json>) {
  if (node.nullable !== true || node.type !== undefined) return;
  const allOf = node.allOf as Json[] | undefined;
  const anyOf = node.anyOf as Json[] | undefined;
  if (allOf?.length === 1 && typeof allOf[0]!.$ref === 'string') {
    const type = schemas[allOf[0]!.$ref.split('/').pop()!]?.type;
    if (typeof type === 'string') node.type = type;
  } else if (anyOf?.every((b) => typeof b.type === 'string')) {
    for (const b of anyOf) b.nullable = true;
    delete node.nullable;
  }
}

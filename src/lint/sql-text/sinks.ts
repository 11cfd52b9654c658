/**
 * Where SQL text leaves for PostgreSQL: a call of one of the database API's methods, found by its
 * name and resolved by the type checker, so `regex.exec(s)` (the standard library) or
 * child_process's `exec` are not mistaken for it.
 *
 * - the project's Database/Queryable (src/db/types.ts): `query(sql, params)`, `exec(script)`,
 *   `batch(statements)`, `transaction(fn, begin)` (its prelude statements);
 * - node-postgres: `client.query(text | { text }, values)`, `pool.query(…)`;
 * - PGlite: `query(sql, params)`, `exec(script)`, `sql(strings, …values)` called as a function
 *   (as a tagged template, `` db.sql`…${v}` `` sends `v` as a parameter and is not a sink);
 * - the server engine's own `pipeline(client, statements)` (src/db/pipeline.ts), a function.
 *
 * A call of a method of that name that the checker cannot resolve (plain JavaScript, `any`) is
 * taken to be one: unknown code gets the strict reading.
 */
import { type CallExpression, type Expression, type Node, SyntaxKind } from 'typescript/unstable/ast';
import { type Checker, type NodeHandle, SymbolFlags, TypeFlags } from 'typescript/unstable/sync';
import type { Path } from './paths.ts';
import { calleeName, isLibraryPath, memberName, nameText, strip } from './syntax.ts';

type SqlShape = 'text' | 'query' | 'statements' | 'prelude' | 'strings';

/** Method name → which argument carries the SQL, and in what shape. */
const SINKS: Record<string, { index: number; shape: SqlShape; driverOnly?: true; functionToo?: true }> = {
  query: { index: 0, shape: 'query' },
  exec: { index: 0, shape: 'text' },
  batch: { index: 0, shape: 'statements' },
  transaction: { index: 1, shape: 'prelude' },
  sql: { index: 0, shape: 'strings', driverOnly: true },
  pipeline: { index: 1, shape: 'statements', functionToo: true },
};

const METHODS = new Set([
  SyntaxKind.MethodDeclaration,
  SyntaxKind.MethodSignature,
  SyntaxKind.PropertySignature,
  SyntaxKind.PropertyAssignment,
  SyntaxKind.PropertyDeclaration,
]);

/** Libraries whose methods of those names send SQL. */
const DRIVERS = /\/node_modules\/(@types\/pg|pg|@electric-sql\/pglite)\//;

export interface Sink {
  call: CallExpression;
  /** How messages name the call: `.query()`, or `pipeline()` for a bare call. */
  method: string;
  sql: Expression;
  /** The part of the argument that is SQL text (see paths.ts). */
  path: Path;
}

export function sinkOf(call: CallExpression, checker: Checker): Sink | undefined {
  let callee = calleeName(call);
  // db.query.call(db, sql) and db.query.apply(db, [sql]): the method is the receiver.
  let via: 'call' | 'apply' | undefined;
  if ((callee?.name === 'call' || callee?.name === 'apply') && callee.receiver) {
    const inner = memberName(strip(callee.receiver));
    if (inner?.receiver && Object.hasOwn(SINKS, inner.name)) {
      via = callee.name;
      callee = inner;
    }
  }
  const spec = callee && Object.hasOwn(SINKS, callee.name) ? SINKS[callee.name] : undefined;
  if (!callee || !spec) return undefined;
  const arg = call.arguments[via === 'call' ? spec.index + 1 : via === 'apply' ? 1 : spec.index];
  if (!arg) return undefined;
  let handle: NodeHandle | undefined;
  if (callee.receiver) {
    let symbol = checker.getSymbolAtLocation(callee.node);
    if (symbol && symbol.flags & SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    handle = symbol?.valueDeclaration ?? symbol?.declarations[0];
  } else {
    // A bare `query(…)` is a sink when it calls a database method taken off its object
    // (`const { query } = db`); a local function or callback that happens to be called `sql` is not.
    handle = checker.getResolvedSignature(call)?.declaration;
    if (!handle || !(METHODS.has(handle.kind) || (spec.functionToo && handle.kind === SyntaxKind.FunctionDeclaration)))
      return undefined;
  }
  if (handle && isLibraryPath(handle.path) && !DRIVERS.test(handle.path)) return undefined;
  if (spec.driverOnly && handle && !DRIVERS.test(handle.path)) return undefined;
  const text = () => {
    if (via === 'apply') return true;
    const t = checker.getTypeAtLocation(arg);
    return !t || (t.flags & (TypeFlags.StringLike | TypeFlags.Any | TypeFlags.Unknown)) !== 0;
  };
  let path: Path;
  switch (spec.shape) {
    case 'text':
      path = [];
      break;
    case 'query':
      path = text() ? [] : [{ prop: 'text' }];
      break;
    case 'statements':
      path = ['elem', { prop: 'sql' }];
      break;
    case 'prelude':
      path = text() ? [] : ['elem', { prop: 'sql' }];
      break;
    case 'strings':
      path = ['elem'];
      break;
  }
  if (via === 'apply') path = [{ prop: String(spec.index) }, ...path];
  return { call, method: callee.receiver ? `.${callee.name}()` : `${callee.name}()`, sql: arg, path };
}

/**
 * Is parameter `index` of `fn` the SQL argument of a method that is itself a sink (an engine's
 * `query(sql, params)` passing its `sql` on)? Every call of such a method is checked where it is
 * made, so inside it the parameter needs no proof of its own. Methods only (and `pipeline`): a
 * plain function called `query` is called bare, which is not a sink, so its callers are followed.
 */
export function forwardsSql(fn: Node, index: number): boolean {
  let name: string | undefined;
  if (fn.kind === SyntaxKind.MethodDeclaration) name = nameText((fn as Node & { name: Node }).name);
  else if (fn.kind === SyntaxKind.FunctionDeclaration) {
    const own = nameText((fn as Node & { name?: Node }).name);
    if (own && Object.hasOwn(SINKS, own) && SINKS[own]!.functionToo) name = own;
  } else if (
    (fn.kind === SyntaxKind.ArrowFunction || fn.kind === SyntaxKind.FunctionExpression) &&
    fn.parent.kind === SyntaxKind.PropertyAssignment
  )
    name = nameText((fn.parent as Node & { name: Node }).name);
  const spec = name !== undefined && Object.hasOwn(SINKS, name) ? SINKS[name] : undefined;
  return !!spec && !spec.driverOnly && spec.index === index;
}

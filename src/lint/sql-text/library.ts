/**
 * Calls into the standard library whose result the provenance check can follow: string and array
 * methods, Object.keys/values/entries, String()/Number(). Everything else a library returns is
 * unknown text. A method is only looked up here when the type checker says its declaration is the
 * standard library's, so a project method that happens to be called `join` is followed into instead.
 */
import type { CallExpression, Expression, Node } from 'typescript/unstable/ast';
import type { Arg, Path, Verdict } from './paths.ts';

export interface Follow {
  value(e: Expression, path: Path): Verdict;
  /** The result of calling the function value `fn` with `args`, at `path`. */
  callback(fn: Expression, args: Arg[], path: Path): Verdict;
  /** `e` at `path`, as an argument bound in the current environment. */
  arg(e: Expression, path: Path): Arg;
  taint(node: Node, why: string): Verdict;
}

/** Methods whose result is built from their receiver and arguments only (strings, numbers). */
const FROM_RECEIVER_AND_ARGS = new Set([
  'trim',
  'trimStart',
  'trimEnd',
  'toLowerCase',
  'toUpperCase',
  'toString',
  'valueOf',
  'substring',
  'substr',
  'padStart',
  'padEnd',
  'repeat',
  'charAt',
  'normalize',
  'replace',
  'replaceAll',
  'split',
  'toFixed',
  'toPrecision',
]);
/** Methods that answer a boolean or a number. */
const SCALAR = new Set([
  'some',
  'every',
  'includes',
  'indexOf',
  'lastIndexOf',
  'findIndex',
  'findLastIndex',
  'startsWith',
  'endsWith',
  'test',
  'has',
  'isArray',
  'isInteger',
  'isSafeInteger',
  'isFinite',
  'isNaN',
  'localeCompare',
  'charCodeAt',
  'codePointAt',
  // push and unshift answer the array's new length: `$${params.push(value)}` numbers a parameter.
  'push',
  'unshift',
]);
/** Array methods whose result holds (some of) the receiver's elements, or the string methods of the same name. */
const SAME_ELEMENTS = new Set(['filter', 'slice', 'sort', 'toSorted', 'reverse', 'toReversed', 'flat', 'concat']);
/** Array methods returning one element of the receiver. */
const ONE_ELEMENT = new Set(['find', 'findLast', 'at', 'pop', 'shift']);
const GLOBAL_CONVERSIONS = new Set(['String', 'Number', 'BigInt', 'parseInt', 'parseFloat']);

function all(f: Follow, items: readonly Expression[], path: Path): Verdict {
  for (const a of items) {
    const v = f.value(a, path);
    if (v) return v;
  }
  return undefined;
}

/** A library call `name(…)` (global function) or `receiver.name(…)`. */
export function libraryCall(
  f: Follow,
  call: CallExpression,
  name: string,
  receiver: Expression | undefined,
  receiverName: string | undefined,
  path: Path,
): Verdict {
  const args = call.arguments;
  const first = path[0];
  if (typeof first === 'object' && 'prop' in first && first.prop === 'length') return undefined;
  if (!receiver) {
    if (GLOBAL_CONVERSIONS.has(name)) return args[0] ? f.value(args[0], []) : undefined;
    if (name === 'Boolean' || name === 'isNaN' || name === 'isFinite') return undefined;
    return f.taint(call, `it calls ${name}(), whose result the linter does not follow`);
  }
  if (receiverName === 'Object') {
    const x = args[0];
    if (!x) return undefined;
    const [, second, ...rest] = path;
    const elem = first === undefined || first === 'elem' || (typeof first === 'object' && 'prop' in first);
    if (name === 'keys') return elem ? f.value(x, ['key']) : undefined;
    if (name === 'values')
      return elem ? f.value(x, ['elem', ...(first === undefined ? [] : path.slice(1))]) : undefined;
    if (name === 'entries') {
      if (!elem) return undefined;
      const part = typeof second === 'object' && 'prop' in second ? second.prop : undefined;
      if (part === '0') return f.value(x, ['key']);
      if (part === '1') return f.value(x, ['elem', ...rest]);
      return f.value(x, ['key']) ?? f.value(x, ['elem']);
    }
    if (name === 'freeze') return f.value(x, path);
    return f.taint(call, `it calls Object.${name}(), whose result the linter does not follow`);
  }
  if (receiverName === 'Math') return all(f, args, []);
  if (receiverName === 'Array' && name === 'from') {
    if (args.length === 1) return f.value(args[0]!, path);
    // Array.from(xs, (x, i) => …): the elements are the mapper's results.
    const rest = first === 'elem' || (typeof first === 'object' && 'prop' in first) ? path.slice(1) : [];
    return f.callback(args[1]!, [f.arg(args[0]!, ['elem']), { constant: true }], rest);
  }
  if (SCALAR.has(name)) return undefined;
  if (FROM_RECEIVER_AND_ARGS.has(name)) return f.value(receiver, []) ?? all(f, args, []);
  if (name === 'join') return f.value(receiver, ['elem']) ?? all(f, args, []);
  if (SAME_ELEMENTS.has(name)) {
    // A string's slice/concat is a string; an array's keeps its elements: the same path covers both.
    const p = path.length ? path : ['elem' as const];
    // filter's and sort's callbacks only choose and order; slice's arguments are positions.
    return f.value(receiver, p) ?? (name === 'concat' ? all(f, args, p) : undefined);
  }
  if (ONE_ELEMENT.has(name)) return f.value(receiver, ['elem', ...path]);
  if (name === 'map' || name === 'flatMap') {
    const fn = args[0];
    if (!fn) return undefined;
    // The result's elements are the callback's results; as text, an array is all its elements.
    const rest = first === 'elem' || (typeof first === 'object' && 'prop' in first) ? path.slice(1) : [];
    return f.callback(
      fn,
      [f.arg(receiver, ['elem']), { constant: true }],
      name === 'flatMap' ? ['elem', ...rest] : rest,
    );
  }
  return f.taint(call, `it calls .${name}() of a library type, whose result the linter does not follow`);
}

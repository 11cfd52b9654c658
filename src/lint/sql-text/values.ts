/**
 * Is this SQL text a compile-time constant? The value is followed back to where it was made, by
 * the type checker's name resolution (never by matching names as text):
 *
 * - literals, and templates, `+`, `? :`, `??`, `||` built only of constants, are constant;
 * - a name is as constant as what it was bound to: a `const`'s initializer, every assignment of a
 *   `let`, every element `push`ed onto an array, an import's exported declaration in its own file;
 * - a function's result is followed into its `return`s with its parameters bound to the call's
 *   arguments (`versionOf('o.')`, `afterCursor(cursor, 2, 'o.').sql`);
 * - a parameter met on its own is as constant as the argument at every call of its function in
 *   the program (found by the checker); a function used as a value, or never called, has
 *   callers the linter cannot see, so its parameters are not constant;
 * - `Object.keys/entries` of an object literal are its property names, so `setList({ name: … })`
 *   makes `name = $2` from constants while `setList(req.body)` does not;
 * - a value picked by any key from a table of constants (`TABLES[kind]`) is one of them.
 *
 * Anything else (a request field, a library call's result, a value read from the database) is not
 * constant, and the result says where the chain broke. A parameter that is the SQL text of a
 * function which is itself an entry point of this rule (an engine's own `query(sql)`) is constant
 * for this function's purpose: every call of that function is checked where it is made.
 */
import {
  type ArrayLiteralExpression,
  type BinaryExpression,
  type BindingElement,
  type CallExpression,
  type ConditionalExpression,
  type ElementAccessExpression,
  type Expression,
  type ForOfStatement,
  type Identifier,
  type Node,
  NodeFlags,
  type ObjectLiteralExpression,
  type ParameterDeclaration,
  type PrefixUnaryExpression,
  type PropertyAccessExpression,
  type PropertyAssignment,
  type PropertyDeclaration,
  type ShorthandPropertyAssignment,
  type SpreadAssignment,
  SyntaxKind,
  type TemplateExpression,
  type VariableDeclaration,
} from 'typescript/unstable/ast';
import { type Checker, SymbolFlags, type Symbol as TsSymbol, TypeFlags } from 'typescript/unstable/sync';
import { explain } from './explain.ts';
import { callSites, type FunctionNode, label, returns } from './functions.ts';
import { libraryCall } from './library.ts';
import { ARITHMETIC, BOOLEAN, EITHER } from './operators.ts';
import {
  type Arg,
  Env,
  isCall,
  isProp,
  type Path,
  pathKey,
  type Step,
  type Taint,
  TOP,
  taint,
  type Verdict,
} from './paths.ts';
import type { Reader } from './reader.ts';
import { calleeName, isFunctionLike, isLibraryPath, nameText, position, snippet, strip } from './syntax.ts';
import { writes } from './writes.ts';

const MAX_DEPTH = 80;

const isDatabaseMethod = (name: string) => ['query', 'exec', 'batch', 'transaction', 'session'].includes(name);
const SIGNATURES = new Set([SyntaxKind.MethodSignature, SyntaxKind.PropertySignature, SyntaxKind.CallSignature]);
/** Array methods that hand their callback (element, index). */
const ELEMENT_CALLBACKS = new Set([
  'map',
  'flatMap',
  'filter',
  'forEach',
  'some',
  'every',
  'find',
  'findLast',
  'findIndex',
  'findLastIndex',
]);

export class Provenance implements Reader {
  private readonly cache = new Map<string, Verdict>();
  private readonly active = new Set<string>();
  private cycleHits = 0;
  private depth = 0;
  private readonly symbols = new Map<Node, TsSymbol | undefined>();

  constructor(
    readonly checker: Checker,
    private readonly hooks: {
      /** Is parameter `index` of this function the SQL text of a function the rule checks at every call? */
      forwardsSql: (fn: Node, index: number) => boolean;
      /** A file name as findings show it. */
      display: (file: string) => string;
      /** Does a constant-sql comment at this call accept the argument it passes (tainted as given)? */
      excuse: (call: Node, taint: Taint) => boolean;
      /** A call whose argument was followed and found constant (a comment there excuses nothing). */
      seen: (call: Node) => void;
    },
  ) {}

  /** Is `e`, at `path`, built only of constants? */
  check(e: Expression, path: Path): Verdict {
    return this.value(e, path, TOP);
  }

  /** Where (up to a few places) `e` stops being constant; empty when it is constant. */
  explain(e: Expression, path: Path): Taint[] {
    return explain(this, e, path);
  }

  value(e: Expression, path: Path, env: Env): Verdict {
    const x = strip(e);
    const cacheable = env === TOP && !path.some(isCall);
    const key = cacheable ? `${keyOf(x)}|${pathKey(path)}` : undefined;
    if (key !== undefined) {
      if (this.cache.has(key)) return this.cache.get(key);
      // A value that depends on itself (recursion, a loop of assignments) adds no text of its own:
      // it is as constant as everything else that flows in, which the outer visit checks.
      if (this.active.has(key)) {
        this.cycleHits++;
        return undefined;
      }
      this.active.add(key);
    }
    if (this.depth > MAX_DEPTH) return taint(x, 'it is built through more steps than the linter follows');
    this.depth++;
    const hitsBefore = this.cycleHits;
    try {
      const v = this.evaluate(x, path, env);
      if (key !== undefined && this.cycleHits === hitsBefore) this.cache.set(key, v);
      return v;
    } finally {
      this.depth--;
      if (key !== undefined) this.active.delete(key);
    }
  }

  private evaluate(x: Expression, path: Path, env: Env): Verdict {
    switch (x.kind) {
      case SyntaxKind.StringLiteral:
      case SyntaxKind.NoSubstitutionTemplateLiteral:
      case SyntaxKind.NumericLiteral:
      case SyntaxKind.BigIntLiteral:
      case SyntaxKind.RegularExpressionLiteral:
      case SyntaxKind.TrueKeyword:
      case SyntaxKind.FalseKeyword:
      case SyntaxKind.NullKeyword:
      case SyntaxKind.TypeOfExpression:
      case SyntaxKind.VoidExpression:
      case SyntaxKind.DeleteExpression:
        return undefined;
      case SyntaxKind.TemplateExpression:
        return this.all(
          (x as TemplateExpression).templateSpans.map((s) => s.expression),
          [],
          env,
        );
      case SyntaxKind.BinaryExpression:
        return this.binary(x as BinaryExpression, path, env);
      case SyntaxKind.ConditionalExpression: {
        const c = x as ConditionalExpression;
        return this.value(c.whenTrue, path, env) ?? this.value(c.whenFalse, path, env);
      }
      case SyntaxKind.PrefixUnaryExpression: {
        const u = x as PrefixUnaryExpression;
        return u.operator === SyntaxKind.ExclamationToken ? undefined : this.value(u.operand, [], env);
      }
      case SyntaxKind.PostfixUnaryExpression:
        return this.value((x as unknown as { operand: Expression }).operand, [], env);
      case SyntaxKind.Identifier:
        return this.identifier(x as Identifier, path, env);
      case SyntaxKind.PropertyAccessExpression:
        return this.propertyAccess(x as PropertyAccessExpression, path, env);
      case SyntaxKind.ElementAccessExpression:
        return this.elementAccess(x as ElementAccessExpression, path, env);
      case SyntaxKind.CallExpression:
        return this.call(x as CallExpression, path, env);
      case SyntaxKind.ObjectLiteralExpression:
        return this.objectLiteral(x as ObjectLiteralExpression, path, env);
      case SyntaxKind.ArrayLiteralExpression:
        return this.arrayLiteral(x as ArrayLiteralExpression, path, env);
      case SyntaxKind.ArrowFunction:
      case SyntaxKind.FunctionExpression: {
        const [first, ...rest] = path;
        if (isCall(first)) return this.invoke(x as unknown as FunctionNode, first.call, rest, env);
        return taint(x, 'it is a function, not text');
      }
      case SyntaxKind.TaggedTemplateExpression:
        return taint(x, 'it is the result of a tagged template');
      case SyntaxKind.NewExpression:
        return taint(x, 'it is an object made by `new`, whose text the linter does not follow');
      default:
        return taint(x, `it is a ${SyntaxKind[x.kind]}, which the linter does not follow`);
    }
  }

  private all(items: readonly Expression[], path: Path, env: Env): Verdict {
    for (const item of items) {
      const v = this.value(item, path, env);
      if (v) return v;
    }
    return undefined;
  }

  private binary(b: BinaryExpression, path: Path, env: Env): Verdict {
    const op = b.operatorToken.kind;
    if (BOOLEAN.has(op)) return undefined;
    if (ARITHMETIC.has(op)) return this.value(b.left, [], env) ?? this.value(b.right, [], env);
    if (EITHER.has(op)) return this.value(b.left, path, env) ?? this.value(b.right, path, env);
    if (op === SyntaxKind.CommaToken || op === SyntaxKind.EqualsToken) return this.value(b.right, path, env);
    return taint(b, `it uses the operator ${SyntaxKind[op]}, which the linter does not follow`);
  }

  // ---- names -------------------------------------------------------------------------------

  symbolOf(n: Node): TsSymbol | undefined {
    if (this.symbols.has(n)) return this.symbols.get(n);
    let s =
      n.parent?.kind === SyntaxKind.ShorthandPropertyAssignment && (n.parent as ShorthandPropertyAssignment).name === n
        ? this.checker.getShorthandAssignmentValueSymbol(n.parent)
        : this.checker.getSymbolAtLocation(n);
    if (s && s.flags & SymbolFlags.Alias) s = this.checker.getAliasedSymbol(s);
    this.symbols.set(n, s);
    return s;
  }

  declarationOf(s: TsSymbol): { node?: Node; library: boolean } {
    const handle = s.valueDeclaration ?? s.declarations[0];
    if (!handle) return { library: false };
    if (isLibraryPath(handle.path)) return { library: true };
    return { node: handle.resolve(), library: false };
  }

  private identifier(id: Identifier, path: Path, env: Env): Verdict {
    const s = this.symbolOf(id);
    const d = s ? this.declarationOf(s) : { library: false };
    if (!d.node && ['undefined', 'NaN', 'Infinity'].includes(id.text)) return undefined;
    if (!s) return taint(id, `\`${id.text}\` is not declared anywhere the linter can see`);
    if (s.flags & SymbolFlags.EnumMember) return undefined;
    if (d.library) return taint(id, `\`${id.text}\` comes from a library, whose values the linter does not follow`);
    if (!d.node) return taint(id, `\`${id.text}\` has no declaration the linter can read`);
    return this.declaration(d.node, s, path, env, id);
  }

  private declaration(d: Node, s: TsSymbol | undefined, path: Path, env: Env, use: Node): Verdict {
    switch (d.kind) {
      case SyntaxKind.VariableDeclaration:
        return this.variable(d as VariableDeclaration, s, path, env, use);
      case SyntaxKind.BindingElement:
        return this.bindingElement(d as BindingElement, path, env, use);
      case SyntaxKind.Parameter:
        return this.parameter(d as ParameterDeclaration, path, env, use);
      case SyntaxKind.EnumMember:
        return undefined;
      case SyntaxKind.PropertyAssignment:
        return this.value((d as PropertyAssignment).initializer, path, env);
      case SyntaxKind.ShorthandPropertyAssignment:
        return this.value((d as ShorthandPropertyAssignment).name as Identifier, path, env);
      case SyntaxKind.PropertyDeclaration: {
        const p = d as PropertyDeclaration;
        const readonly = (p.modifiers ?? []).some((m) => m.kind === SyntaxKind.ReadonlyKeyword);
        if (readonly && p.initializer) return this.value(p.initializer, path, TOP);
        return taint(use, `${snippet(use.getSourceFile(), use)} is a class field that can change after it is set`);
      }
      default:
        if (isFunctionLike(d)) {
          const [first, ...rest] = path;
          if (isCall(first)) return this.invoke(d as FunctionNode, first.call, rest, TOP);
          return taint(use, 'it is a function, not text');
        }
        return taint(use, `it is declared by a ${SyntaxKind[d.kind]}, which the linter does not follow`);
    }
  }

  private variable(d: VariableDeclaration, s: TsSymbol | undefined, path: Path, env: Env, use: Node): Verdict {
    const list = d.parent;
    const holder = list.parent;
    if (holder.kind === SyntaxKind.ForOfStatement)
      return this.value((holder as ForOfStatement).expression, ['elem', ...path], env);
    if (holder.kind === SyntaxKind.ForInStatement)
      return this.value((holder as ForOfStatement).expression, ['key'], env);
    const isConst = (list.flags & NodeFlags.Const) !== 0;
    if (d.initializer) {
      const v = this.value(d.initializer, path, env);
      if (v) return v;
    } else if (isConst) return taint(use, `${snippet(use.getSourceFile(), use)} is declared without a value`);
    return s ? writes(this, s, d, isConst, path, env) : undefined;
  }

  /** `const { sql } = x`, `([col], i) => …`: the part of the root value the name is bound to. */
  private bindingElement(b: BindingElement, path: Path, env: Env, use: Node): Verdict {
    const steps: Step[] = [];
    let n: Node = b;
    while (n.kind === SyntaxKind.BindingElement) {
      const el = n as BindingElement;
      if (el.initializer) {
        const v = this.value(el.initializer, [...steps].reverse().concat(path) as Path, env);
        if (v) return v;
      }
      const pattern = el.parent;
      if (!el.dotDotDotToken) {
        if (pattern.kind === SyntaxKind.ObjectBindingPattern) {
          const name = nameText(el.propertyName ?? el.name);
          if (name === undefined) return taint(use, 'it is bound by a computed property name');
          steps.push({ prop: name });
        } else {
          steps.push({ prop: String((pattern as Node & { elements: readonly Node[] }).elements.indexOf(el)) });
        }
      }
      n = pattern.parent;
    }
    const full = [...steps.reverse(), ...path];
    if (n.kind === SyntaxKind.VariableDeclaration)
      return this.variable(n as VariableDeclaration, undefined, full, env, use);
    if (n.kind === SyntaxKind.Parameter) return this.parameter(n as ParameterDeclaration, full, env, use);
    return taint(use, `it is bound by a ${SyntaxKind[n.kind]}, which the linter does not follow`);
  }

  // ---- parameters and calls ------------------------------------------------------------------

  private parameter(p: ParameterDeclaration, path: Path, env: Env, use: Node): Verdict {
    // What the function itself assigns to or pushes into its parameter, whatever it was called with.
    const own = p.name.kind === SyntaxKind.Identifier ? this.checker.getSymbolAtLocation(p.name) : undefined;
    const written = own ? writes(this, own, p, false, path, env) : undefined;
    if (written) return written;
    const fn = p.parent as FunctionNode;
    const index = fn.parameters.indexOf(p);
    const bound = env.lookup(p);
    if (bound) return this.argument(bound, p, path);
    if (this.hooks.forwardsSql(fn, index)) return undefined;
    if (p.dotDotDotToken) return taint(use, `${label(p)} is a rest parameter`);
    const callback = this.elementCallback(fn, index, path);
    if (callback !== false) return callback;
    const sites = callSites(this.checker, fn, use, p, (n) => this.locationText(n));
    if (!Array.isArray(sites)) return sites;
    for (const call of sites) {
      const args = call.arguments;
      if (args.slice(0, index + 1).some((a) => a.kind === SyntaxKind.SpreadElement))
        return taint(call, 'this call passes its arguments with a spread');
      const a = args[index];
      const v = a ? this.value(a, path, TOP) : p.initializer ? this.value(p.initializer, path, TOP) : undefined;
      if (!v) {
        this.hooks.seen(call);
        continue;
      }
      const t = { ...v, via: [this.locationText(call), ...(v.via ?? [])] };
      if (!this.hooks.excuse(call, t)) return t;
    }
    return undefined;
  }

  private argument(a: Arg, p: ParameterDeclaration, path: Path): Verdict {
    if ('constant' in a) return undefined;
    if ('unknown' in a) return taint(a.unknown, a.why);
    if ('absent' in a) return p.initializer ? this.value(p.initializer, path, TOP) : undefined;
    return this.value(a.expr, [...a.path, ...path], a.env);
  }

  /**
   * `xs.map((x, i) => …)` and its kin: the callback's first parameter is an element of `xs`, its
   * second an index. `false` when `fn` is not such a callback.
   */
  private elementCallback(fn: FunctionNode, index: number, path: Path): Verdict | false {
    const call = fn.parent;
    if (call?.kind !== SyntaxKind.CallExpression || !(call as CallExpression).arguments.includes(fn as never))
      return false;
    const callee = calleeName(call as CallExpression);
    if (!callee?.receiver || !ELEMENT_CALLBACKS.has(callee.name)) return false;
    const s = this.symbolOf(callee.node);
    const d = s && this.declarationOf(s);
    if (!d?.library) return false;
    if (index === 1) return undefined;
    if (index === 0) return this.value(callee.receiver, ['elem', ...path], TOP);
    return taint(fn, `it is the third parameter of a .${callee.name}() callback`);
  }

  /** The value `fn` returns when called with `args`, at `path`. */
  private invoke(fn: FunctionNode, args: Arg[], path: Path, closure: Env): Verdict {
    if (isLibraryPath(fn.getSourceFile().fileName)) return taint(fn, 'it is a library function');
    if (fn.asteriskToken) return taint(fn, 'it is a generator');
    const bindings = new Map<Node, Arg>();
    fn.parameters.forEach((p, i) => {
      bindings.set(p, p.dotDotDotToken ? { unknown: p, why: 'is a rest parameter' } : (args[i] ?? { absent: true }));
    });
    const env = new Env(bindings, closure);
    const body = fn.body;
    if (!body) return taint(fn, 'it has no body the linter can read');
    if (body.kind !== SyntaxKind.Block) return this.value(body as Expression, path, env);
    for (const r of returns(body)) {
      const v = r.expression ? this.value(r.expression, path, env) : undefined;
      if (v) return v;
    }
    return undefined;
  }

  private call(c: CallExpression, path: Path, env: Env): Verdict {
    const args: Arg[] = c.arguments.map((a) =>
      a.kind === SyntaxKind.SpreadElement ? { unknown: a, why: 'is a spread argument' } : { expr: a, env, path: [] },
    );
    const callee = calleeName(c);
    if (callee) {
      const s = this.symbolOf(callee.node);
      const d = s ? this.declarationOf(s) : undefined;
      if (d?.library) {
        const receiverName =
          callee.receiver && strip(callee.receiver).kind === SyntaxKind.Identifier
            ? (strip(callee.receiver) as Identifier).text
            : undefined;
        return libraryCall(this.follow(env), c, callee.name, callee.receiver, receiverName, path);
      }
      // What the checker resolves to a declaration with a value (a class or object literal's
      // method, a module's exported function or const read through a namespace) is followed
      // there; a signature (an interface's method) has none, so the receiver's value is followed.
      if (callee.receiver && d?.node && !SIGNATURES.has(d.node.kind))
        return this.declaration(d.node, s, [{ call: args }, ...path], env, c);
      if (callee.receiver && d?.node && isDatabaseMethod(callee.name))
        return taint(c, `it is read from the database at run time (the result of .${callee.name}())`);
      if (callee.receiver) return this.value(callee.receiver, [{ prop: callee.name }, { call: args }, ...path], env);
    }
    return this.value(c.expression, [{ call: args }, ...path], env);
  }

  private follow(env: Env) {
    return {
      value: (e: Expression, path: Path) => this.value(e, path, env),
      callback: (fn: Expression, args: Arg[], path: Path) => this.value(fn, [{ call: args }, ...path], env),
      arg: (e: Expression, path: Path): Arg => ({ expr: e, env, path }),
      taint,
    };
  }

  // ---- members -------------------------------------------------------------------------------

  private propertyAccess(pa: PropertyAccessExpression, path: Path, env: Env): Verdict {
    const name = nameText(pa.name);
    if (name === undefined) return taint(pa, 'it reads a private field');
    if (name === 'length' && path.length === 0 && this.isArrayOrString(pa.expression)) return undefined;
    // A module member read through a namespace (`fragments.versionOf`), an enum member, or a
    // class's readonly field: the checker knows the one declaration.
    const s = this.symbolOf(pa.name);
    if (s && (s.flags & SymbolFlags.EnumMember || s.flags & SymbolFlags.Function || isModuleMember(s))) {
      const d = this.declarationOf(s);
      if (d.node) return this.declaration(d.node, s, path, env, pa);
    }
    if (pa.expression.kind === SyntaxKind.ThisKeyword && s) {
      const d = this.declarationOf(s);
      // A constructor's parameter property is its argument at every `new`, if nothing can reassign it.
      if (
        d.node?.kind === SyntaxKind.Parameter &&
        !((d.node as ParameterDeclaration).modifiers ?? []).some((m) => m.kind === SyntaxKind.ReadonlyKeyword)
      )
        return taint(pa, `${snippet(pa.getSourceFile(), pa)} is a class field that can change after it is set`);
      if (d.node) return this.declaration(d.node, s, path, env, pa);
    }
    return widen(this.value(pa.expression, [{ prop: name }, ...path], env), pa);
  }

  private locationText(n: Node): string {
    const sf = n.getSourceFile();
    return `${this.hooks.display(sf.fileName)}:${position(sf, n).line}`;
  }

  private isArrayOrString(e: Expression): boolean {
    const t = this.checker.getTypeAtLocation(e);
    if (!t) return false;
    if (t.flags & TypeFlags.StringLike) return true;
    return this.checker.isArrayType(t) || this.checker.isTupleType(t);
  }

  private elementAccess(ea: ElementAccessExpression, path: Path, env: Env): Verdict {
    const key = strip(ea.argumentExpression);
    const literal =
      key.kind === SyntaxKind.StringLiteral || key.kind === SyntaxKind.NumericLiteral ? nameText(key) : undefined;
    // Any key picks one of the values (or undefined): a table of constants gives a constant.
    return widen(this.value(ea.expression, [literal !== undefined ? { prop: literal } : 'elem', ...path], env), ea);
  }

  private objectLiteral(o: ObjectLiteralExpression, path: Path, env: Env): Verdict {
    const [first, ...rest] = path;
    if (first === undefined) return taint(o, 'it is an object, used as text');
    if (isCall(first)) return taint(o, 'it is an object, called as a function');
    for (const p of o.properties) {
      if (p.kind === SyntaxKind.SpreadAssignment) {
        const v = this.value((p as SpreadAssignment).expression, path, env);
        if (v) return v;
        continue;
      }
      const named = p as Node & { name: Node };
      const computed = named.name.kind === SyntaxKind.ComputedPropertyName;
      const name = nameText(named.name);
      if (first === 'key') {
        if (computed) {
          const v = this.value((named.name as Node & { expression: Expression }).expression, [], env);
          if (v) return v;
        }
        continue;
      }
      if (isProp(first) && !computed && name !== first.prop) continue;
      const v =
        p.kind === SyntaxKind.PropertyAssignment
          ? this.value((p as PropertyAssignment).initializer, rest, env)
          : p.kind === SyntaxKind.ShorthandPropertyAssignment
            ? this.value((p as ShorthandPropertyAssignment).name as Identifier, rest, env)
            : p.kind === SyntaxKind.MethodDeclaration && isCall(rest[0])
              ? this.invoke(p as unknown as FunctionNode, rest[0].call, rest.slice(1), env)
              : taint(p, 'it is an accessor or method, not a value');
      if (v) return v;
    }
    return undefined;
  }

  private arrayLiteral(a: ArrayLiteralExpression, path: Path, env: Env): Verdict {
    const [first, ...rest] = path;
    if (first === 'key' || (isProp(first) && first.prop === 'length')) return undefined;
    if (isCall(first)) return taint(a, 'it is an array, called as a function');
    if (isProp(first) && !/^\d+$/.test(first.prop)) return taint(a, `it reads .${first.prop} of an array`);
    const inner = first === undefined ? [] : rest;
    // `[column, json][0]`: one element, when no spread before it can shift the positions.
    if (isProp(first) && !a.elements.some((el) => el.kind === SyntaxKind.SpreadElement)) {
      const el = a.elements[Number(first.prop)];
      return el && el.kind !== SyntaxKind.OmittedExpression ? this.value(el, inner, env) : undefined;
    }
    for (const el of a.elements) {
      if (el.kind === SyntaxKind.OmittedExpression) continue;
      const v =
        el.kind === SyntaxKind.SpreadElement
          ? this.value((el as unknown as { expression: Expression }).expression, ['elem', ...inner], env)
          : this.value(el, inner, env);
      if (v) return v;
    }
    return undefined;
  }
}

/** `req.body.title` rather than `req` as the culprit, when the chain starts at the tainted name. */
function widen(v: Verdict, access: Node & { expression: Expression }): Verdict {
  return v && v.node === strip(access.expression) && v.node.kind !== SyntaxKind.CallExpression
    ? { ...v, node: access }
    : v;
}

function keyOf(n: Node): string {
  return `${n.getSourceFile().fileName}:${n.pos}:${n.end}:${n.kind}`;
}

/** Top-level declarations of a module (what `ns.x` names when `ns` is a namespace import). */
function isModuleMember(s: TsSymbol): boolean {
  const parent = s.getParent();
  return !!parent && (parent.flags & SymbolFlags.ValueModule) !== 0;
}

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
  type ReturnStatement,
  type ShorthandPropertyAssignment,
  type SpreadAssignment,
  SyntaxKind,
  type TemplateExpression,
  type VariableDeclaration,
} from 'typescript/unstable/ast';
import { type Checker, SymbolFlags, type Symbol as TsSymbol, TypeFlags } from 'typescript/unstable/sync';
import { libraryCall } from './library.ts';
import { type Arg, Env, type Path, pathKey, type Step, type Taint, TOP, type Verdict } from './paths.ts';
import { calleeName, isFunctionLike, isLibraryPath, nameText, position, snippet, strip } from './syntax.ts';

const MAX_DEPTH = 80;

type FunctionNode = Node & {
  parameters: readonly ParameterDeclaration[];
  body?: Node;
  asteriskToken?: Node;
};

const isProp = (s: Step | undefined): s is { prop: string } => typeof s === 'object' && 'prop' in s;
const isCall = (s: Step | undefined): s is { call: Arg[] } => typeof s === 'object' && 'call' in s;

const ARITHMETIC = new Set([
  SyntaxKind.PlusToken,
  SyntaxKind.MinusToken,
  SyntaxKind.AsteriskToken,
  SyntaxKind.SlashToken,
  SyntaxKind.PercentToken,
  SyntaxKind.AsteriskAsteriskToken,
  SyntaxKind.AmpersandToken,
  SyntaxKind.BarToken,
  SyntaxKind.CaretToken,
  SyntaxKind.LessThanLessThanToken,
  SyntaxKind.GreaterThanGreaterThanToken,
  SyntaxKind.GreaterThanGreaterThanGreaterThanToken,
  SyntaxKind.PlusEqualsToken,
  SyntaxKind.MinusEqualsToken,
  SyntaxKind.AsteriskEqualsToken,
]);
const ASSIGNMENTS = new Set([
  SyntaxKind.EqualsToken,
  SyntaxKind.PlusEqualsToken,
  SyntaxKind.MinusEqualsToken,
  SyntaxKind.AsteriskEqualsToken,
  SyntaxKind.QuestionQuestionEqualsToken,
  SyntaxKind.BarBarEqualsToken,
  SyntaxKind.AmpersandAmpersandEqualsToken,
]);
const BOOLEAN = new Set([
  SyntaxKind.EqualsEqualsToken,
  SyntaxKind.EqualsEqualsEqualsToken,
  SyntaxKind.ExclamationEqualsToken,
  SyntaxKind.ExclamationEqualsEqualsToken,
  SyntaxKind.LessThanToken,
  SyntaxKind.GreaterThanToken,
  SyntaxKind.LessThanEqualsToken,
  SyntaxKind.GreaterThanEqualsToken,
  SyntaxKind.InstanceOfKeyword,
  SyntaxKind.InKeyword,
]);
const EITHER = new Set([
  SyntaxKind.AmpersandAmpersandToken,
  SyntaxKind.BarBarToken,
  SyntaxKind.QuestionQuestionToken,
  SyntaxKind.QuestionQuestionEqualsToken,
  SyntaxKind.BarBarEqualsToken,
  SyntaxKind.AmpersandAmpersandEqualsToken,
]);
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

export class Provenance {
  private readonly cache = new Map<string, Verdict>();
  private readonly active = new Set<string>();
  private cycleHits = 0;
  private depth = 0;
  private readonly symbols = new Map<Node, TsSymbol | undefined>();

  constructor(
    private readonly checker: Checker,
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

  /**
   * Up to `max` distinct places where the text stops being constant, so a finding names every
   * source, not just the first: text that is one template or concatenation is split into its parts,
   * through consts and into the returns of the project's functions that build it.
   */
  explain(e: Expression, path: Path, max = 4): Taint[] {
    const first = this.check(e, path);
    if (!first || path.length) return first ? [first] : [];
    const found: Taint[] = [];
    const visit = (x: Expression, env: Env, depth: number) => {
      if (found.length >= max) return;
      const parts = depth < 8 ? this.parts(strip(x), env) : undefined;
      if (!parts) {
        const v = this.value(x, [], env);
        if (v && !found.some((f) => f.node === v.node)) found.push(v);
        return;
      }
      for (const [p, pEnv] of parts) visit(p, pEnv, depth + 1);
    };
    visit(e, TOP, 0);
    return found.length ? found : [first];
  }

  private parts(x: Expression, env: Env): [Expression, Env][] | undefined {
    if (x.kind === SyntaxKind.TemplateExpression)
      return (x as TemplateExpression).templateSpans.map((s) => [s.expression, env]);
    if (x.kind === SyntaxKind.BinaryExpression && (x as BinaryExpression).operatorToken.kind === SyntaxKind.PlusToken)
      return [
        [(x as BinaryExpression).left, env],
        [(x as BinaryExpression).right, env],
      ];
    if (x.kind === SyntaxKind.Identifier) {
      const s = this.symbolOf(x);
      const d = s && this.declarationOf(s).node;
      if (d?.kind === SyntaxKind.VariableDeclaration && (d.parent.flags & NodeFlags.Const) !== 0) {
        const init = (d as VariableDeclaration).initializer;
        return init ? [[init, env]] : undefined;
      }
    }
    if (x.kind === SyntaxKind.CallExpression && (x as CallExpression).expression.kind === SyntaxKind.Identifier) {
      const c = x as CallExpression;
      const s = this.symbolOf(c.expression);
      const d = s && this.declarationOf(s).node;
      const fn = (d?.kind === SyntaxKind.VariableDeclaration ? (d as VariableDeclaration).initializer : d) as
        | FunctionNode
        | undefined;
      if (!fn || !isFunctionLike(fn) || !fn.body || c.arguments.some((a) => a.kind === SyntaxKind.SpreadElement))
        return undefined;
      const bindings = new Map<Node, Arg>();
      fn.parameters.forEach((p, i) => {
        const a = c.arguments[i];
        bindings.set(p, a ? { expr: a, env, path: [] } : { absent: true });
      });
      const inner = new Env(bindings, TOP);
      if (fn.body.kind !== SyntaxKind.Block) return [[fn.body as Expression, inner]];
      return returns(fn.body).flatMap((r) => (r.expression ? [[r.expression, inner] as [Expression, Env]] : []));
    }
    return undefined;
  }

  private value(e: Expression, path: Path, env: Env): Verdict {
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

  private symbolOf(n: Node): TsSymbol | undefined {
    if (this.symbols.has(n)) return this.symbols.get(n);
    let s =
      n.parent?.kind === SyntaxKind.ShorthandPropertyAssignment && (n.parent as ShorthandPropertyAssignment).name === n
        ? this.checker.getShorthandAssignmentValueSymbol(n.parent)
        : this.checker.getSymbolAtLocation(n);
    if (s && s.flags & SymbolFlags.Alias) s = this.checker.getAliasedSymbol(s);
    this.symbols.set(n, s);
    return s;
  }

  private declarationOf(s: TsSymbol): { node?: Node; library: boolean } {
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
    return s ? this.writes(s, d, isConst, path, env) : undefined;
  }

  /**
   * Everything else that can change a variable's text in its file: assignments (`let`), and what
   * is pushed, unshifted, spliced or assigned into it when it is an array or object.
   */
  private writes(s: TsSymbol, d: Node, isConst: boolean, path: Path, env: Env): Verdict {
    const sf = d.getSourceFile();
    const refs = this.checker.getReferencesToSymbolInFile(sf.fileName, s);
    const [first, ...rest] = path;
    const intoElements = first === undefined || first === 'elem' || isProp(first);
    for (const handle of refs) {
      const ref = handle.resolve();
      if (!ref || ref === (d as VariableDeclaration).name) continue;
      const parent = ref.parent;
      if (!isConst && parent.kind === SyntaxKind.BinaryExpression) {
        const b = parent as BinaryExpression;
        if (b.left === ref && ASSIGNMENTS.has(b.operatorToken.kind)) {
          const v = this.binary(b, path, env);
          if (v) return v;
        }
      }
      if (
        !isConst &&
        (parent.kind === SyntaxKind.PrefixUnaryExpression || parent.kind === SyntaxKind.PostfixUnaryExpression)
      )
        continue; // ++/--: a number stays a number
      if (
        parent.kind === SyntaxKind.PropertyAccessExpression &&
        (parent as PropertyAccessExpression).expression === ref
      ) {
        const name = nameText((parent as PropertyAccessExpression).name);
        const call = parent.parent;
        if (
          call.kind === SyntaxKind.CallExpression &&
          (call as CallExpression).expression === parent &&
          (name === 'push' || name === 'unshift' || name === 'splice')
        ) {
          if (!intoElements) continue;
          const args = (call as CallExpression).arguments.slice(name === 'splice' ? 2 : 0);
          for (const a of args) {
            const v =
              a.kind === SyntaxKind.SpreadElement
                ? this.value((a as unknown as { expression: Expression }).expression, ['elem', ...rest], env)
                : this.value(a, first === undefined ? [] : rest, env);
            if (v) return v;
          }
        }
        const assign = parent.parent;
        if (
          assign.kind === SyntaxKind.BinaryExpression &&
          (assign as BinaryExpression).left === parent &&
          ASSIGNMENTS.has((assign as BinaryExpression).operatorToken.kind) &&
          first !== 'key' && // the key `x.name = …` adds is `name`, written in the code
          (first === undefined || first === 'elem' || (isProp(first) && first.prop === name))
        ) {
          const v = this.value((assign as BinaryExpression).right, first === undefined ? [] : rest, env);
          if (v) return v;
        }
      }
      if (
        parent.kind === SyntaxKind.ElementAccessExpression &&
        (parent as ElementAccessExpression).expression === ref
      ) {
        const assign = parent.parent;
        if (
          assign.kind === SyntaxKind.BinaryExpression &&
          (assign as BinaryExpression).left === parent &&
          ASSIGNMENTS.has((assign as BinaryExpression).operatorToken.kind)
        ) {
          const v =
            first === 'key'
              ? this.value((parent as ElementAccessExpression).argumentExpression, [], env)
              : intoElements
                ? this.value((assign as BinaryExpression).right, first === undefined ? [] : rest, env)
                : undefined;
          if (v) return v;
        }
      }
      if (parent.kind === SyntaxKind.CallExpression && (parent as CallExpression).arguments.includes(ref as never)) {
        const v = this.writesThrough(parent as CallExpression, ref, path);
        if (v) return v;
      }
    }
    return undefined;
  }

  private passDepth = 0;

  /** An array or object handed to a function: what that function pushes or assigns into its parameter. */
  private writesThrough(call: CallExpression, ref: Node, path: Path): Verdict {
    const callee = calleeName(call);
    const s = callee && this.symbolOf(callee.node);
    const d = s && this.declarationOf(s);
    if (!callee || !d) return undefined;
    if (d.library) {
      const receiver = callee.receiver && strip(callee.receiver);
      if (
        callee.name === 'assign' &&
        receiver?.kind === SyntaxKind.Identifier &&
        (receiver as Identifier).text === 'Object' &&
        call.arguments[0] === ref
      )
        return taint(call, 'it is changed by Object.assign(), which the linter does not follow');
      return undefined; // the standard library adds nothing of its own to an argument it is handed
    }
    const target =
      d.node?.kind === SyntaxKind.VariableDeclaration || d.node?.kind === SyntaxKind.PropertyAssignment
        ? (d.node as Node & { initializer?: Node }).initializer
        : d.node;
    if (!target || !isFunctionLike(target) || this.passDepth > 4) return undefined;
    const fn = target as FunctionNode;
    const index = call.arguments.indexOf(ref as never);
    const param = fn.parameters[index];
    if (!param || param.name.kind !== SyntaxKind.Identifier || param.dotDotDotToken) return undefined;
    const ps = this.checker.getSymbolAtLocation(param.name);
    if (!ps) return undefined;
    const bindings = new Map<Node, Arg>();
    fn.parameters.forEach((p, i) => {
      const a = call.arguments[i];
      bindings.set(p, a ? { expr: a, env: TOP, path: [] } : { absent: true });
    });
    this.passDepth++;
    try {
      return this.writes(ps, param, true, path, new Env(bindings, TOP));
    } finally {
      this.passDepth--;
    }
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
    const fn = p.parent as FunctionNode;
    const index = fn.parameters.indexOf(p);
    const bound = env.lookup(p);
    if (bound) return this.argument(bound, p, path);
    if (this.hooks.forwardsSql(fn, index)) return undefined;
    if (p.dotDotDotToken) return taint(use, `${label(p)} is a rest parameter`);
    const callback = this.elementCallback(fn, index, path);
    if (callback !== false) return callback;
    const sites = this.callSites(fn, use, p);
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

  /** Every call of `fn` in the program, or why they cannot all be known. */
  private callSites(fn: FunctionNode, use: Node, p: ParameterDeclaration): CallExpression[] | Taint {
    const name = functionName(fn);
    let decl: Node = fn;
    if (fn.kind === SyntaxKind.ArrowFunction || fn.kind === SyntaxKind.FunctionExpression) {
      const holder = fn.parent;
      if (holder.kind === SyntaxKind.VariableDeclaration || holder.kind === SyntaxKind.PropertyAssignment)
        decl = holder;
      else
        return taint(
          use,
          `${label(p)} is a parameter of a function passed as a value (${snippet(fn.getSourceFile(), fn, 40)}), whose callers the linter cannot see`,
        );
    }
    let usages: ReturnType<Checker['getSignatureUsage']>;
    try {
      usages = this.checker.getSignatureUsage(decl);
    } catch {
      return taint(use, `${label(p)} is a parameter of ${name}, whose callers the type checker cannot list`);
    }
    if (!usages.length)
      return taint(
        use,
        `${label(p)} is a parameter of ${name}, which nothing in the program calls: its arguments are unknown`,
      );
    const calls: CallExpression[] = [];
    for (const u of usages) {
      const at = u.name.resolve();
      if (at && inTypeOrModuleSyntax(at)) continue; // `typeof f`, `export { f }`: no value flows
      const call = u.call?.resolve();
      if (!call || (call.kind !== SyntaxKind.CallExpression && call.kind !== SyntaxKind.NewExpression)) {
        const where = at ? ` at ${this.locationText(at)}` : '';
        return taint(
          use,
          `${label(p)} is a parameter of ${name}, which is also used as a value${where}: not all its callers are known`,
        );
      }
      calls.push(call as CallExpression);
    }
    if (!calls.length)
      return taint(
        use,
        `${label(p)} is a parameter of ${name}, which nothing in the program calls: its arguments are unknown`,
      );
    return calls;
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

/** A parameter as a message names it. */
function label(p: ParameterDeclaration): string {
  return `\`${snippet(p.getSourceFile(), p.name, 30)}\``;
}

function taint(node: Node, why: string): Taint {
  return { node, why };
}

function keyOf(n: Node): string {
  return `${n.getSourceFile().fileName}:${n.pos}:${n.end}:${n.kind}`;
}

function functionName(fn: FunctionNode): string {
  const named = (fn as Node & { name?: Node }).name;
  const own = nameText(named);
  if (own) return `${own}()`;
  const holder = fn.parent as Node & { name?: Node };
  const held = nameText(holder?.name);
  return held ? `${held}()` : 'an anonymous function';
}

const TYPE_OR_MODULE_SYNTAX = new Set([
  SyntaxKind.TypeQuery,
  SyntaxKind.TypeReference,
  SyntaxKind.ExpressionWithTypeArguments,
  SyntaxKind.ImportSpecifier,
  SyntaxKind.ExportSpecifier,
  SyntaxKind.ImportClause,
  SyntaxKind.ExportAssignment,
]);

function inTypeOrModuleSyntax(n: Node): boolean {
  for (let x: Node | undefined = n.parent; x; x = x.parent) {
    if (TYPE_OR_MODULE_SYNTAX.has(x.kind)) return true;
    if (x.kind === SyntaxKind.Block || x.kind === SyntaxKind.SourceFile) return false;
  }
  return false;
}

/** Top-level declarations of a module (what `ns.x` names when `ns` is a namespace import). */
function isModuleMember(s: TsSymbol): boolean {
  const parent = s.getParent();
  return !!parent && (parent.flags & SymbolFlags.ValueModule) !== 0;
}

/** The return statements of a function body, not those of functions nested in it. */
function returns(body: Node): ReturnStatement[] {
  const out: ReturnStatement[] = [];
  const visit = (n: Node) => {
    if (n.kind === SyntaxKind.ReturnStatement) out.push(n as ReturnStatement);
    if (isFunctionLike(n) || n.kind === SyntaxKind.ClassDeclaration || n.kind === SyntaxKind.ClassExpression) return;
    n.forEachChild(visit);
  };
  body.forEachChild(visit);
  return out;
}

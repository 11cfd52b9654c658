/**
 * Everything besides its initializer that gives a variable text: assignments to a `let`, and what
 * is pushed, unshifted, spliced or assigned into an array or object, in its file or by a project
 * function it is handed to.
 */
import {
  type BinaryExpression,
  type CallExpression,
  type ElementAccessExpression,
  type Expression,
  type Identifier,
  type Node,
  type PropertyAccessExpression,
  SyntaxKind,
  type VariableDeclaration,
} from 'typescript/unstable/ast';
import type { Symbol as TsSymbol } from 'typescript/unstable/sync';
import type { FunctionNode } from './functions.ts';
import { ASSIGNMENTS, EITHER } from './operators.ts';
import { type Arg, Env, isProp, type Path, TOP, taint, type Verdict } from './paths.ts';
import type { Reader } from './reader.ts';
import { calleeName, isFunctionLike, nameText, strip } from './syntax.ts';

/**
 * Everything else that can change a variable's text in its file: assignments (`let`), and what
 * is pushed, unshifted, spliced or assigned into it when it is an array or object.
 */
export function writes(r: Reader, s: TsSymbol, d: Node, isConst: boolean, path: Path, env: Env, depth = 0): Verdict {
  const sf = d.getSourceFile();
  const refs = r.checker.getReferencesToSymbolInFile(sf.fileName, s);
  const [first, ...rest] = path;
  const intoElements = first === undefined || first === 'elem' || isProp(first);
  for (const handle of refs) {
    const ref = handle.resolve();
    if (!ref || ref === (d as VariableDeclaration).name) continue;
    const parent = ref.parent;
    if (!isConst && parent.kind === SyntaxKind.BinaryExpression) {
      const b = parent as BinaryExpression;
      if (b.left === ref && ASSIGNMENTS.has(b.operatorToken.kind)) {
        // What the assignment adds; the variable's other values are what is being checked already.
        const whole = b.operatorToken.kind === SyntaxKind.EqualsToken || EITHER.has(b.operatorToken.kind);
        const v = r.value(b.right, whole ? path : [], env);
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
              ? r.value((a as unknown as { expression: Expression }).expression, ['elem', ...rest], env)
              : r.value(a, first === undefined ? [] : rest, env);
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
        const v = r.value((assign as BinaryExpression).right, first === undefined ? [] : rest, env);
        if (v) return v;
      }
    }
    if (parent.kind === SyntaxKind.ElementAccessExpression && (parent as ElementAccessExpression).expression === ref) {
      const assign = parent.parent;
      if (
        assign.kind === SyntaxKind.BinaryExpression &&
        (assign as BinaryExpression).left === parent &&
        ASSIGNMENTS.has((assign as BinaryExpression).operatorToken.kind)
      ) {
        const v =
          first === 'key'
            ? r.value((parent as ElementAccessExpression).argumentExpression, [], env)
            : intoElements
              ? r.value((assign as BinaryExpression).right, first === undefined ? [] : rest, env)
              : undefined;
        if (v) return v;
      }
    }
    if (parent.kind === SyntaxKind.CallExpression && (parent as CallExpression).arguments.includes(ref as never)) {
      const v = writesThrough(r, parent as CallExpression, ref, path, depth);
      if (v) return v;
    }
  }
  return undefined;
}

/** An array or object handed to a function: what that function pushes or assigns into its parameter. */
function writesThrough(r: Reader, call: CallExpression, ref: Node, path: Path, depth: number): Verdict {
  const callee = calleeName(call);
  const s = callee && r.symbolOf(callee.node);
  const d = s && r.declarationOf(s);
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
  if (!target || !isFunctionLike(target) || depth > 4) return undefined;
  const fn = target as FunctionNode;
  const index = call.arguments.indexOf(ref as never);
  const param = fn.parameters[index];
  if (!param || param.name.kind !== SyntaxKind.Identifier || param.dotDotDotToken) return undefined;
  const ps = r.checker.getSymbolAtLocation(param.name);
  if (!ps) return undefined;
  const bindings = new Map<Node, Arg>();
  fn.parameters.forEach((p, i) => {
    const a = call.arguments[i];
    bindings.set(p, a ? { expr: a, env: TOP, path: [] } : { absent: true });
  });
  return writes(r, ps, param, true, path, new Env(bindings, TOP), depth + 1);
}

/** Every place (up to a few) where SQL text stops being constant, for a finding that names them all. */
import {
  type BinaryExpression,
  type CallExpression,
  type Expression,
  type Node,
  NodeFlags,
  SyntaxKind,
  type TemplateExpression,
  type VariableDeclaration,
} from 'typescript/unstable/ast';
import { type FunctionNode, returns } from './functions.ts';
import { type Arg, Env, type Path, type Taint, TOP } from './paths.ts';
import type { Reader } from './reader.ts';
import { isFunctionLike, strip } from './syntax.ts';

/**
 * Up to `max` distinct places where the text stops being constant, so a finding names every
 * source, not just the first: text that is one template or concatenation is split into its parts,
 * through consts and into the returns of the project's functions that build it.
 */
export function explain(r: Reader, e: Expression, path: Path, max = 4): Taint[] {
  const first = r.value(e, path, TOP);
  if (!first || path.length) return first ? [first] : [];
  const found: Taint[] = [];
  const visit = (x: Expression, env: Env, depth: number) => {
    if (found.length >= max) return;
    const pieces = depth < 8 ? parts(r, strip(x), env) : undefined;
    if (!pieces) {
      const v = r.value(x, [], env);
      if (v && !found.some((f) => f.node === v.node)) found.push(v);
      return;
    }
    for (const [p, pEnv] of pieces) visit(p, pEnv, depth + 1);
  };
  visit(e, TOP, 0);
  return found.length ? found : [first];
}

function parts(r: Reader, x: Expression, env: Env): [Expression, Env][] | undefined {
  if (x.kind === SyntaxKind.TemplateExpression)
    return (x as TemplateExpression).templateSpans.map((s) => [s.expression, env]);
  if (x.kind === SyntaxKind.BinaryExpression && (x as BinaryExpression).operatorToken.kind === SyntaxKind.PlusToken)
    return [
      [(x as BinaryExpression).left, env],
      [(x as BinaryExpression).right, env],
    ];
  if (x.kind === SyntaxKind.Identifier) {
    const s = r.symbolOf(x);
    const d = s && r.declarationOf(s).node;
    if (d?.kind === SyntaxKind.VariableDeclaration && (d.parent.flags & NodeFlags.Const) !== 0) {
      const init = (d as VariableDeclaration).initializer;
      return init ? [[init, env]] : undefined;
    }
  }
  if (x.kind === SyntaxKind.CallExpression && (x as CallExpression).expression.kind === SyntaxKind.Identifier) {
    const c = x as CallExpression;
    const s = r.symbolOf(c.expression);
    const d = s && r.declarationOf(s).node;
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

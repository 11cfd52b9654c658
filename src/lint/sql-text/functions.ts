/** Functions as the provenance check meets them: their returns, their names, their callers. */
import type { CallExpression, Node, ParameterDeclaration, ReturnStatement } from 'typescript/unstable/ast';
import { SyntaxKind } from 'typescript/unstable/ast';
import type { Checker } from 'typescript/unstable/sync';
import { type Taint, taint } from './paths.ts';
import { isFunctionLike, nameText, snippet } from './syntax.ts';

export type FunctionNode = Node & {
  parameters: readonly ParameterDeclaration[];
  body?: Node;
  asteriskToken?: Node;
};

/** The return statements of a function body, not those of functions nested in it. */
export function returns(body: Node): ReturnStatement[] {
  const out: ReturnStatement[] = [];
  const visit = (n: Node) => {
    if (n.kind === SyntaxKind.ReturnStatement) out.push(n as ReturnStatement);
    if (isFunctionLike(n) || n.kind === SyntaxKind.ClassDeclaration || n.kind === SyntaxKind.ClassExpression) return;
    n.forEachChild(visit);
  };
  body.forEachChild(visit);
  return out;
}

function functionName(fn: FunctionNode): string {
  const named = (fn as Node & { name?: Node }).name;
  const own = nameText(named);
  if (own) return `${own}()`;
  const holder = fn.parent as Node & { name?: Node };
  const held = nameText(holder?.name);
  return held ? `${held}()` : 'an anonymous function';
}

/** A parameter as a message names it. */
export function label(p: ParameterDeclaration): string {
  return `\`${snippet(p.getSourceFile(), p.name, 30)}\``;
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

/** Every call of `fn` in the program, or why they cannot all be known. */
export function callSites(
  checker: Checker,
  fn: FunctionNode,
  use: Node,
  p: ParameterDeclaration,
  where: (n: Node) => string,
): CallExpression[] | Taint {
  const name = functionName(fn);
  let decl: Node = fn;
  // A constructor's calls are the class's `new` expressions.
  if (fn.kind === SyntaxKind.Constructor) decl = fn.parent;
  if (fn.kind === SyntaxKind.ArrowFunction || fn.kind === SyntaxKind.FunctionExpression) {
    const holder = fn.parent;
    if (holder.kind === SyntaxKind.VariableDeclaration || holder.kind === SyntaxKind.PropertyAssignment) decl = holder;
    else
      return taint(
        use,
        `${label(p)} is a parameter of a function passed as a value (${snippet(fn.getSourceFile(), fn, 40)}), whose callers the linter cannot see`,
      );
  }
  let usages: ReturnType<Checker['getSignatureUsage']>;
  try {
    usages = checker.getSignatureUsage(decl);
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
    const newExpression =
      at?.parent.kind === SyntaxKind.NewExpression && (at.parent as Node & { expression: Node }).expression === at
        ? at.parent
        : undefined;
    const call = u.call?.resolve() ?? newExpression;
    if (!call || (call.kind !== SyntaxKind.CallExpression && call.kind !== SyntaxKind.NewExpression)) {
      const seen = at ? ` at ${where(at)}` : '';
      return taint(
        use,
        `${label(p)} is a parameter of ${name}, which is also used as a value${seen}: not all its callers are known`,
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

/** Small syntax helpers over the TypeScript 7 AST, shared by the PAL011 modules. */
import {
  type CallExpression,
  type ElementAccessExpression,
  type Expression,
  type Identifier,
  type Node,
  type PropertyAccessExpression,
  type SourceFile,
  SyntaxKind,
} from 'typescript/unstable/ast';

/** Parentheses, casts, `!`, `satisfies` and `await` do not change what text a value has. */
export function strip(e: Expression): Expression {
  let x: Node = e;
  for (;;) {
    switch (x.kind) {
      case SyntaxKind.ParenthesizedExpression:
      case SyntaxKind.AsExpression:
      case SyntaxKind.SatisfiesExpression:
      case SyntaxKind.NonNullExpression:
      case SyntaxKind.TypeAssertionExpression:
      case SyntaxKind.AwaitExpression:
        x = (x as Node & { expression: Expression }).expression;
        break;
      default:
        return x as Expression;
    }
  }
}

export const isFunctionLike = (n: Node): boolean =>
  n.kind === SyntaxKind.FunctionDeclaration ||
  n.kind === SyntaxKind.FunctionExpression ||
  n.kind === SyntaxKind.ArrowFunction ||
  n.kind === SyntaxKind.MethodDeclaration ||
  n.kind === SyntaxKind.Constructor ||
  n.kind === SyntaxKind.GetAccessor ||
  n.kind === SyntaxKind.SetAccessor;

/** A property name's text when it is written literally (`a`, `'a'`, `0`), else undefined. */
export function nameText(n: Node | undefined): string | undefined {
  if (!n) return undefined;
  if (
    n.kind === SyntaxKind.Identifier ||
    n.kind === SyntaxKind.StringLiteral ||
    n.kind === SyntaxKind.NumericLiteral ||
    n.kind === SyntaxKind.NoSubstitutionTemplateLiteral
  )
    return (n as Identifier).text;
  return undefined;
}

/** The method name of `x.m(…)` / `x?.m(…)`, or the function name of `m(…)`. */
export function calleeName(call: CallExpression): { name: string; node: Node; receiver?: Expression } | undefined {
  return memberName(strip(call.expression));
}

/** `x.m`, `x['m']` or a bare `m`: the name and what it is read from. */
export function memberName(callee: Expression): { name: string; node: Node; receiver?: Expression } | undefined {
  if (callee.kind === SyntaxKind.ElementAccessExpression) {
    const ea = callee as ElementAccessExpression;
    const key = strip(ea.argumentExpression);
    const name = key.kind === SyntaxKind.StringLiteral ? nameText(key) : undefined;
    return name === undefined ? undefined : { name, node: key, receiver: ea.expression };
  }
  if (callee.kind === SyntaxKind.PropertyAccessExpression) {
    const pa = callee as PropertyAccessExpression;
    if (pa.name.kind !== SyntaxKind.Identifier) return undefined;
    return { name: pa.name.text, node: pa.name, receiver: pa.expression };
  }
  if (callee.kind === SyntaxKind.Identifier) return { name: (callee as Identifier).text, node: callee };
  return undefined;
}

export function position(sf: SourceFile, n: Node): { line: number; col: number } {
  const at = sf.getLineAndCharacterOfPosition(n.getStart(sf));
  return { line: at.line + 1, col: at.character + 1 };
}

/** The source text of a node on one line, shortened for a message. */
export function snippet(sf: SourceFile, n: Node, max = 60): string {
  const text = n.getText(sf).replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Declarations that come from a dependency or the standard library, not from the checked program. */
export const isLibraryPath = (p: string): boolean => p.includes('/node_modules/') || p.startsWith('bundled:');

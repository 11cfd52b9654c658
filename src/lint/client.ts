/**
 * Client mode: TypeScript/JavaScript that writes to platform.* the supabase-js way. Files are parsed
 * by the TypeScript compiler itself (src/lint/typescript.ts), so a comment, a string that merely
 * contains ".from('platform.x')", or a line break in a call chain cannot fool the check the way a
 * text search would.
 *
 * What counts as a write: `.insert/.update/.upsert/.delete` called directly on
 *   - `.from('platform.x')` (or a template starting with `platform.`),
 *   - `.from(x)` on `.schema('platform')`,
 *   - `.from(x)` on a client made by `createClient(…, { db: { schema: 'platform' } })`,
 * following `const` bindings in the same file (`const p = supabase.schema('platform')`).
 */
import path from 'node:path';
import type { Expression, Node, SourceFile } from 'typescript/unstable/ast';
import {
  isAsExpression,
  isAwaitExpression,
  isCallExpression,
  isIdentifier,
  isNonNullExpression,
  isNoSubstitutionTemplateLiteral,
  isObjectLiteralExpression,
  isParenthesizedExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isStringLiteral,
  isTemplateExpression,
  isVariableDeclaration,
} from 'typescript/unstable/ast/is';
import { type Finding, finding } from './rules.ts';
import { sourceFiles, withPrograms } from './typescript.ts';

const WRITES = new Set(['insert', 'update', 'upsert', 'delete']);
/** Dependencies are not the project's client code; build output (dist/) is, and is checked. */
const SKIP_DIRS = new Set(['node_modules', '.git']);
const MAX_BINDING_DEPTH = 8;

type Bindings = Map<string, Expression[]>;

function strip(e: Expression): Expression {
  let x: Node = e;
  for (;;) {
    if (isParenthesizedExpression(x) || isAwaitExpression(x) || isNonNullExpression(x) || isAsExpression(x))
      x = x.expression;
    else return x as Expression;
  }
}

/** A string argument's value; a template keeps its constant head (`platform.${t}` → "platform.${…}"). */
function stringValue(e: Expression | undefined, b: Bindings, depth = 0): string | undefined {
  if (!e) return undefined;
  const x = strip(e);
  if (isStringLiteral(x) || isNoSubstitutionTemplateLiteral(x)) return x.text;
  if (isTemplateExpression(x)) return `${x.head.text}\${…}`;
  if (isIdentifier(x) && depth < MAX_BINDING_DEPTH) {
    for (const init of b.get(x.text) ?? []) {
      const v = stringValue(init, b, depth + 1);
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

function methodCall(e: Expression, name: string): { receiver: Expression; args: readonly Expression[] } | undefined {
  if (!isCallExpression(e) || !isPropertyAccessExpression(e.expression)) return undefined;
  const callee = e.expression;
  if (!isIdentifier(callee.name) || callee.name.text !== name) return undefined;
  return { receiver: callee.expression, args: e.arguments };
}

/** `createClient(url, key, { db: { schema: 'platform' } })` */
function isPlatformClient(e: Expression, b: Bindings): boolean {
  if (!isCallExpression(e)) return false;
  const callee = strip(e.expression);
  const name = isIdentifier(callee)
    ? callee.text
    : isPropertyAccessExpression(callee) && isIdentifier(callee.name)
      ? callee.name.text
      : '';
  if (name !== 'createClient') return false;
  const opts = e.arguments[2] && strip(e.arguments[2]);
  if (!opts || !isObjectLiteralExpression(opts)) return false;
  for (const p of opts.properties) {
    if (!isPropertyAssignment(p) || !isIdentifier(p.name) || p.name.text !== 'db') continue;
    const db = strip(p.initializer);
    if (!isObjectLiteralExpression(db)) continue;
    for (const q of db.properties) {
      if (
        isPropertyAssignment(q) &&
        isIdentifier(q.name) &&
        q.name.text === 'schema' &&
        stringValue(q.initializer, b) === 'platform'
      )
        return true;
    }
  }
  return false;
}

/** Does this expression (a client, or `.schema(…)` on one) address the platform schema? */
function isPlatformSchema(e: Expression, b: Bindings, depth = 0): boolean {
  const x = strip(e);
  const schema = methodCall(x, 'schema');
  if (schema) return stringValue(schema.args[0], b) === 'platform';
  if (isPlatformClient(x, b)) return true;
  if (isIdentifier(x) && depth < MAX_BINDING_DEPTH)
    return (b.get(x.text) ?? []).some((init) => isPlatformSchema(init, b, depth + 1));
  return false;
}

/** The platform table a write's receiver addresses, or undefined. */
function platformTable(receiver: Expression, b: Bindings, depth = 0): string | undefined {
  const x = strip(receiver);
  if (isIdentifier(x) && depth < MAX_BINDING_DEPTH) {
    for (const init of b.get(x.text) ?? []) {
      const t = platformTable(init, b, depth + 1);
      if (t) return t;
    }
    return undefined;
  }
  const from = methodCall(x, 'from');
  if (!from) return undefined;
  const table = stringValue(from.args[0], b);
  if (table?.startsWith('platform.')) return table;
  if (isPlatformSchema(from.receiver, b)) return `platform.${table ?? '…'}`;
  return undefined;
}

function collectBindings(sf: SourceFile): Bindings {
  const b: Bindings = new Map();
  const visit = (n: Node) => {
    if (isVariableDeclaration(n) && isIdentifier(n.name) && n.initializer) {
      const list = b.get(n.name.text) ?? [];
      list.push(n.initializer);
      b.set(n.name.text, list);
    }
    n.forEachChild(visit);
  };
  visit(sf);
  return b;
}

function checkSourceFile(sf: SourceFile, display: string): Finding[] {
  const b = collectBindings(sf);
  const out: Finding[] = [];
  const visit = (n: Node) => {
    if (
      isCallExpression(n) &&
      isPropertyAccessExpression(n.expression) &&
      isIdentifier(n.expression.name) &&
      WRITES.has(n.expression.name.text)
    ) {
      const table = platformTable(n.expression.expression, b);
      if (table) {
        const at = sf.getLineAndCharacterOfPosition(n.expression.name.getStart(sf));
        out.push(
          finding(
            'PAL009',
            { file: display, line: at.line + 1, col: at.character + 1 },
            `.${n.expression.name.text}() writes to ${table} from client code`,
          ),
        );
      }
    }
    n.forEachChild(visit);
  };
  visit(sf);
  return out;
}

/** Parses every file with the TypeScript 7 compiler and checks it. */
export async function lintClient(dirs: string[], cwd = process.cwd()): Promise<{ findings: Finding[]; files: number }> {
  const files = sourceFiles(dirs, SKIP_DIRS);
  if (!files.length) return { findings: [], files: 0 };
  const findings = await withPrograms(files, cwd, (projectOf) =>
    files.flatMap((f) => checkSourceFile(projectOf(f).program.getSourceFile(f)!, path.relative(cwd, f) || f)),
  );
  return { findings, files: files.length };
}

/**
 * The escape hatch: `// palisade-lint: constant-sql <reason>` on the line(s) before the statement
 * (or the expression) that sends SQL text the linter cannot prove constant. It is for text that is
 * constant but built in a way the linter does not follow; the reason says why, every use is listed
 * in the lint's output, and a hatch that excuses nothing is itself a finding, so none outlives the
 * code it was written for.
 *
 * Comments are found with the compiler's own trivia scanner at node boundaries, so text in a string
 * or template literal is never taken for a directive; a directive is a comment that starts with
 * the marker.
 */
import { type Node, type SourceFile, SyntaxKind } from 'typescript/unstable/ast';
import { getLeadingCommentRanges, getTrailingCommentRanges } from 'typescript/unstable/ast/scanner';

const MARKER = 'palisade-lint:';

export interface Directive {
  /** The comment's range in the file. */
  pos: number;
  end: number;
  kind: 'constant-sql' | 'unknown';
  reason: string;
  /** It stands before a statement that sends SQL text… */
  used: boolean;
  /** …and this many of those texts are not provably constant (0: the comment excuses nothing). */
  excused: number;
}

function commentRanges(sf: SourceFile): { pos: number; end: number }[] {
  const seen = new Map<number, { pos: number; end: number }>();
  const add = (ranges: { pos: number; end: number }[] | undefined) => {
    for (const r of ranges ?? []) seen.set(r.pos, { pos: r.pos, end: r.end });
  };
  const visit = (n: Node) => {
    add(getLeadingCommentRanges(sf.text, n.pos));
    add(getTrailingCommentRanges(sf.text, n.end));
    n.forEachChild(visit);
  };
  visit(sf);
  add(getLeadingCommentRanges(sf.text, sf.endOfFileToken.pos));
  return [...seen.values()];
}

/** Every comment in the file that starts with `palisade-lint:` (a comment that merely mentions it is prose). */
export function directives(sf: SourceFile): Directive[] {
  const text = sf.text;
  if (!text.includes(MARKER)) return [];
  const out: Directive[] = [];
  for (const r of commentRanges(sf)) {
    const comment = text.slice(r.pos, r.end);
    const m = /^(?:\/\/|\/\*)\s*palisade-lint:/.exec(comment);
    if (!m) continue;
    const body = comment.slice(m[0].length).replace(/\*\/$/, '').replace(/\s+/g, ' ').trim();
    const hatch = /^constant-sql(?:\s+(.*))?$/.exec(body);
    out.push({
      pos: r.pos,
      end: r.end,

      kind: hatch ? 'constant-sql' : 'unknown',
      reason: hatch ? (hatch[1]?.trim() ?? '') : body,
      used: false,
      excused: 0,
    });
  }
  return out.sort((a, b) => a.pos - b.pos);
}

const STATEMENT_HOLDERS = new Set([
  SyntaxKind.SourceFile,
  SyntaxKind.Block,
  SyntaxKind.ModuleBlock,
  SyntaxKind.CaseClause,
  SyntaxKind.DefaultClause,
  SyntaxKind.ClassDeclaration,
  SyntaxKind.ClassExpression,
  SyntaxKind.ObjectLiteralExpression,
]);

/** The constant-sql directive written before `call`'s statement (or any expression between the two). */
export function hatchFor(sf: SourceFile, call: Node, all: Directive[]): Directive | undefined {
  if (!all.length) return undefined;
  for (let n: Node | undefined = call; n && n.kind !== SyntaxKind.SourceFile; n = n.parent) {
    const start = n.getStart(sf);
    const d = all.find((x) => x.kind === 'constant-sql' && x.pos >= n!.pos && x.end <= start);
    if (d) return d;
    if (STATEMENT_HOLDERS.has(n.parent.kind)) break;
  }
  return undefined;
}

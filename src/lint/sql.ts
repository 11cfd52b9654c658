/**
 * Static mode: SQL files, parsed by PostgreSQL's own parser (libpg_query), replayed in apply order
 * into facts, then judged by the shared rules. DO blocks are expanded (plpgsql.ts), so the RLS and
 * policies that src/platform/sql/0020 creates in a loop are seen like any other statement.
 */
import { type DefElem, loadModule, parseSync, type RawStmt, scanSync } from 'libpg-query';
import { defElems, defValue, nodeOf } from './ast.ts';
import { evaluate as evaluateModel } from './model.ts';
import { expandDoBody } from './plpgsql.ts';
import { type Locate, Replay } from './replay.ts';
import { nullableRoleComparisons } from './roles.ts';
import { type Finding, finding, type Location, type Notice } from './rules.ts';
import { SourceText } from './source.ts';

export interface SqlFile {
  /** The path shown in findings (relative to the working directory). */
  file: string;
  text: string;
}

export interface SqlLintResult {
  findings: Finding[];
  notices: Notice[];
  files: number;
  statements: number;
  /** Statements recovered from DO blocks (static SQL inside them and evaluated EXECUTEs). */
  doStatements: number;
}

const MAX_DO_DEPTH = 4;

interface Run {
  replay: Replay;
  findings: Finding[];
  notices: Notice[];
  statements: number;
  doStatements: number;
}

function parseError(err: unknown): { message: string; offset: number } {
  const e = err as { message?: string; sqlDetails?: { message?: string; cursorPosition?: number } };
  return { message: e.sqlDetails?.message ?? e.message ?? String(err), offset: e.sqlDetails?.cursorPosition ?? 0 };
}

/** Byte offset of a statement's first token (stmt_location includes the comments before it). */
function statementStart(bytes: Buffer, raw: RawStmt): number {
  const from = raw.stmt_location ?? 0;
  const to = raw.stmt_len ? from + raw.stmt_len : bytes.length;
  try {
    const tokens = scanSync(bytes.subarray(from, to).toString('utf8')).tokens;
    const first = tokens.find((t) => t.tokenName !== 'SQL_COMMENT' && t.tokenName !== 'C_COMMENT');
    return from + (first?.start ?? 0);
  } catch {
    return from;
  }
}

/** Where a DO body starts in the file: after `$tag$`, or after the quote of a plain literal. */
function doBodyOffset(src: SourceText, literalOffset: number): number {
  if (src.bytes[literalOffset] !== 0x24 /* $ */) return literalOffset + 1;
  const close = src.bytes.indexOf(0x24, literalOffset + 1);
  return close < 0 ? literalOffset : close + 1;
}

/**
 * Replays SQL text. `base` is the byte offset of the text in the file when it is verbatim from it
 * (exact positions); dynamic SQL has no place in the file and is reported at `fixed`, its EXECUTE.
 */
function replayText(
  run: Run,
  src: SourceText,
  text: string,
  base: number | undefined,
  fixed: Location | undefined,
  depth: number,
) {
  const locate: Locate = base !== undefined ? (off) => src.position(base + (off ?? 0)) : () => fixed!;
  let parsed: ReturnType<typeof parseSync>;
  try {
    parsed = parseSync(text);
  } catch (err) {
    const e = parseError(err);
    run.findings.push(finding('PAL000', locate(e.offset), `cannot parse SQL: ${e.message}`));
    return;
  }
  const bytes = Buffer.from(text, 'utf8');
  for (const raw of parsed.stmts ?? []) {
    run.statements++;
    const start = statementStart(bytes, raw);
    const doStmt = nodeOf<{ args?: unknown[] }>(raw.stmt, 'DoStmt');
    if (doStmt && depth < MAX_DO_DEPTH) {
      expandDo(run, src, defElems(doStmt.args), base, fixed, depth);
      continue;
    }
    run.replay.statement(raw.stmt, start, locate);
    const fn = nodeOf<{ options?: unknown[] }>(raw.stmt, 'CreateFunctionStmt');
    if (fn && base !== undefined) checkRoleComparisons(run, src, fn.options, base + start);
  }
}

/** PAL010 in a function body that is verbatim in the file (so every finding has its exact place). */
function checkRoleComparisons(run: Run, src: SourceText, options: unknown[] | undefined, from: number) {
  const as = defElems(options).find((d) => d.defname === 'as');
  const items = as && nodeOf<{ items?: unknown[] }>(as.arg, 'List')?.items;
  const body = items?.length === 1 ? nodeOf<{ sval?: string }>(items[0], 'String')?.sval : undefined;
  if (!body) return;
  const at = src.indexOf(body, from);
  if (at < 0) return;
  for (const c of nullableRoleComparisons(body)) {
    run.findings.push(
      finding(
        'PAL010',
        src.position(at + c.offset),
        `\`${c.expression} ${c.operator} …\` is NULL, not true, when ${c.expression} is NULL, so a missing role passes the check`,
      ),
    );
  }
}

function expandDo(
  run: Run,
  src: SourceText,
  opts: DefElem[],
  base: number | undefined,
  fixed: Location | undefined,
  depth: number,
) {
  const lang = opts.find((d) => d.defname === 'language');
  if (lang && defValue(lang)?.toLowerCase() !== 'plpgsql') return;
  const as = opts.find((d) => d.defname === 'as');
  const body = as && defValue(as);
  if (body === undefined) return;
  const bodyOffset = base !== undefined ? doBodyOffset(src, base + (as!.location ?? 0)) : undefined;
  const bodyLine = bodyOffset !== undefined ? src.position(bodyOffset).line : (fixed as { line: number }).line;
  let expanded: ReturnType<typeof expandDoBody>;
  try {
    expanded = expandDoBody(body);
  } catch (err) {
    const at = bodyOffset !== undefined ? src.position(bodyOffset) : fixed!;
    run.findings.push(finding('PAL000', at, `cannot parse the DO block's PL/pgSQL: ${parseError(err).message}`));
    return;
  }
  // Inside dynamic SQL, every line collapses onto the EXECUTE that produced it.
  const fileLine = (bodyRelative: number) => (bodyOffset !== undefined ? bodyLine + bodyRelative - 1 : bodyLine);
  for (const u of expanded.unresolved) {
    run.notices.push({
      kind: 'unresolved-dynamic-sql',
      message: `EXECUTE ${u.expr.split(/\s+/).join(' ').slice(0, 160)} is built at run time and cannot be checked statically; \`palisade lint --fresh\` (or --database-url) checks its effect in the catalog`,
      location: src.position(src.lineFirstNonBlank(fileLine(u.line))),
    });
  }
  for (const s of expanded.statements) {
    run.doStatements++;
    const line = fileLine(s.line);
    if (s.verbatim && bodyOffset !== undefined) {
      const at = src.indexOf(s.text, src.lineStart(line));
      if (at >= 0) {
        replayText(run, src, s.text, at, undefined, depth + 1);
        continue;
      }
    }
    const context = s.verbatim
      ? fixed && 'file' in fixed
        ? fixed.context
        : undefined
      : `dynamic SQL${s.bindings ? ` with ${s.bindings}` : ''}`;
    const at: Location = { ...src.position(src.lineFirstNonBlank(line)), ...(context ? { context } : {}) };
    replayText(run, src, s.text, undefined, at, depth + 1);
  }
}

/** Lints a migration set: files in apply order, sharing one replayed model. */
export async function lintSql(files: SqlFile[]): Promise<SqlLintResult> {
  await loadModule();
  const run: Run = { replay: new Replay(), findings: [], notices: [], statements: 0, doStatements: 0 };
  for (const f of files) {
    const src = new SourceText(f.file, f.text);
    replayText(run, src, f.text, 0, undefined, 0);
    run.replay.endOfFile();
  }
  return {
    findings: [...run.findings, ...evaluateModel(run.replay.model)],
    notices: run.notices,
    files: files.length,
    statements: run.statements,
    doStatements: run.doStatements,
  };
}

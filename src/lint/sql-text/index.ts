/**
 * PAL011 client-text-in-sql: every call that sends SQL text to PostgreSQL (sinks.ts) must send a
 * compile-time constant (values.ts); values travel as bind parameters. What the linter cannot
 * prove constant is a finding unless a `palisade-lint: constant-sql <reason>` comment (hatch.ts)
 * accepts it, and every such acceptance is reported as a note.
 */
import path from 'node:path';
import type { CallExpression, Node, SourceFile } from 'typescript/unstable/ast';
import { SyntaxKind } from 'typescript/unstable/ast';
import type { Checker } from 'typescript/unstable/sync';
import { type Finding, finding, type Notice } from '../rules.ts';
import { sourceFiles, withPrograms } from '../typescript.ts';
import { type Directive, directives, hatchFor } from './hatch.ts';
import type { Taint } from './paths.ts';
import { forwardsSql, type Sink, sinkOf } from './sinks.ts';
import { position, snippet } from './syntax.ts';
import { Provenance } from './values.ts';

/**
 * Not the project's code: dependencies, and the deliberately bad fixtures of the linter's own tests
 * (a fixtures directory named on the command line is still checked).
 */
const SKIP_DIRS = new Set(['node_modules', '.git', 'fixtures']);

export interface SqlTextReport {
  findings: Finding[];
  notices: Notice[];
  files: number;
  /** Calls that send SQL text, checked. */
  calls: number;
}

function describe(t: Taint, at: SourceFile | undefined, cwd: string): string {
  const sf = t.node.getSourceFile();
  const where = position(sf, t.node);
  const loc = sf === at ? `line ${where.line}` : `${path.relative(cwd, sf.fileName)}:${where.line}`;
  const via = t.via?.length
    ? ` [through the call at ${t.via.slice(0, 3).join(', ')}${t.via.length > 3 ? ', …' : ''}]`
    : '';
  return `\`${snippet(sf, t.node)}\` (${loc}): ${t.why}${via}`;
}

/**
 * The constant-sql comments of every file the check reaches. A comment excuses the SQL-sending
 * call it stands before, or, standing before any other call, the argument that call passes to a
 * parameter the SQL text is built from (so the excuse sits where the unprovable value enters).
 */
class Hatches {
  private readonly byFile = new Map<SourceFile, Directive[]>();
  private readonly noted = new Set<Directive>();

  constructor(
    private readonly cwd: string,
    private readonly report: SqlTextReport,
  ) {}

  of(sf: SourceFile): Directive[] {
    let d = this.byFile.get(sf);
    if (!d) {
      d = directives(sf);
      this.byFile.set(sf, d);
    }
    return d;
  }

  /** The directive before `call`, marked as seen there. */
  at(call: Node): Directive | undefined {
    const sf = call.getSourceFile();
    const d = hatchFor(sf, call, this.of(sf));
    if (d) d.used = true;
    return d;
  }

  /** Does a constant-sql comment with a reason accept `taints` at `call`? Each acceptance becomes a note. */
  excuse(call: Node, what: string, taints: Taint[]): boolean {
    const d = this.at(call);
    if (!d) return false;
    d.excused++;
    if (!d.reason) return false;
    if (!this.noted.has(d)) {
      this.noted.add(d);
      const sf = call.getSourceFile();
      this.report.notices.push({
        kind: 'constant-sql',
        message: `${what} accepted by a constant-sql comment: ${d.reason} (not provably constant: ${taints.map((t) => describe(t, sf, this.cwd)).join('; ')})`,
        location: { file: path.relative(this.cwd, sf.fileName) || sf.fileName, ...position(sf, call) },
      });
    }
    return true;
  }

  /** Findings for the directives of a checked file that are unknown, lack a reason or excuse nothing. */
  audit(sf: SourceFile, file: string): Finding[] {
    const out: Finding[] = [];
    for (const d of this.of(sf)) {
      const at = sf.getLineAndCharacterOfPosition(d.pos);
      const loc = { file, line: at.line + 1, col: at.character + 1 };
      if (d.kind === 'unknown') out.push(finding('PAL011', loc, `unknown palisade-lint directive "${d.reason}"`));
      else if (!d.excused)
        out.push(
          finding(
            'PAL011',
            loc,
            d.used
              ? 'a constant-sql comment on SQL text the linter proves constant: remove it'
              : 'a constant-sql comment that excuses nothing: no SQL text the linter checks is built at this statement',
          ),
        );
    }
    return out;
  }
}

function sinksIn(sf: SourceFile, checker: Checker): Sink[] {
  const sinks: Sink[] = [];
  const visit = (n: Node) => {
    if (n.kind === SyntaxKind.CallExpression) {
      const s = sinkOf(n as CallExpression, checker);
      if (s) sinks.push(s);
    }
    n.forEachChild(visit);
  };
  visit(sf);
  return sinks;
}

/** Checks every source file under `paths` (directories or files). */
export async function lintSqlText(paths: string[], cwd = process.cwd()): Promise<SqlTextReport> {
  const files = sourceFiles(paths, SKIP_DIRS);
  const report: SqlTextReport = { findings: [], notices: [], files: files.length, calls: 0 };
  if (!files.length) return report;
  const hatches = new Hatches(cwd, report);
  await withPrograms(files, cwd, (projectOf) => {
    const provenances = new Map<string, Provenance>();
    const checked: SourceFile[] = [];
    for (const f of files) {
      const project = projectOf(f);
      let provenance = provenances.get(project.id);
      if (!provenance) {
        provenance = new Provenance(project.checker, {
          forwardsSql,
          display: (file) => path.relative(cwd, file) || file,
          excuse: (call, taint) => hatches.excuse(call, 'an argument', [taint]),
          seen: (call) => hatches.at(call),
        });
        provenances.set(project.id, provenance);
      }
      const sf = project.program.getSourceFile(f)!;
      checked.push(sf);
      const file = path.relative(cwd, sf.fileName) || sf.fileName;
      for (const s of sinksIn(sf, project.checker)) {
        report.calls++;
        const taints = provenance.explain(s.sql, s.path);
        if (!taints.length) {
          hatches.at(s.call);
          continue;
        }
        if (hatches.excuse(s.call, s.method, taints)) continue;
        const unreasoned = hatchFor(sf, s.call, hatches.of(sf));
        report.findings.push(
          finding(
            'PAL011',
            { file, ...position(sf, s.sql) },
            `${s.method} sends SQL text that is not a compile-time constant: ${taints.map((t) => describe(t, sf, cwd)).join('; ')}${unreasoned ? '; a constant-sql comment needs a reason' : ''}`,
          ),
        );
      }
    }
    for (const sf of checked)
      report.findings.push(...hatches.audit(sf, path.relative(cwd, sf.fileName) || sf.fileName));
  });
  return report;
}

/** `palisade lint`'s work, loaded when the command runs (its definition and help are in cli.ts). */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { progress } from '../cli/util.ts';
import { engineConfig } from '../config/index.ts';
import { openDatabase } from '../db/open.ts';
import { openPglite } from '../db/pglite.ts';
import { openPostgres } from '../db/postgres.ts';
import type { Database } from '../db/types.ts';
import { loadMigrations, migrate, SQL_SOURCE_DIR } from '../migrations/runner.ts';
import { lintCatalog, lintCatalogReport } from './catalog.ts';
import { type Finding, formatLocation, locationContext, type Notice, sortFindings } from './rules.ts';
import { lintSql, type SqlFile } from './sql.ts';
import { typescriptApi } from './typescript.ts';

/** What `palisade lint` checks and how: its command-line options. */
export interface LintOptions {
  client?: string[];
  source?: string[];
  databaseUrl?: string;
  live?: boolean;
  fresh?: boolean;
  json?: boolean;
}

/** The command cannot run as asked (a missing path, a bad URL, an unreachable database): exit 2. */
export class UsageError extends Error {}

/** SQL files named on the command line; directories contribute their *.sql files, in migration order (by file name). */
function sqlFilesFrom(paths: string[], cwd: string): SqlFile[] {
  const found: string[] = [];
  const visit = (p: string) => {
    if (!existsSync(p)) throw new UsageError(`no such file or directory: ${p}`);
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p)) if (name !== 'node_modules' && name !== '.git') visit(path.join(p, name));
    } else if (p.endsWith('.sql')) found.push(p);
    else if (paths.includes(p)) throw new UsageError(`not a .sql file: ${p} (client code goes to --client <dir>)`);
  };
  for (const p of paths) visit(path.resolve(cwd, p));
  found.sort((a, b) => path.basename(a).localeCompare(path.basename(b)) || a.localeCompare(b));
  return found.map((f) => ({ file: path.relative(cwd, f) || f, text: readFileSync(f, 'utf8') }));
}

/** The project's own migrations, in the order the runner applies them. */
function projectMigrations(cwd: string): SqlFile[] {
  return loadMigrations(SQL_SOURCE_DIR).map((m) => ({
    file: path.relative(cwd, path.join(SQL_SOURCE_DIR, m.module, 'sql', m.name)),
    text: m.sql,
  }));
}

async function withLiveDatabase<T>(opts: LintOptions, fn: (db: Database, label: string) => Promise<T>): Promise<T> {
  let db: Database;
  if (opts.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(opts.databaseUrl))
      throw new UsageError('--database-url must be a postgres:// or postgresql:// URL');
    db = openPostgres({ url: opts.databaseUrl, max: 1, applicationName: 'palisade lint' });
  } else {
    db = await openDatabase(engineConfig());
  }
  try {
    await db.query('select 1').catch((err: Error) => {
      throw new UsageError(`cannot connect to ${db.location}: ${err.message}`);
    });
    return await fn(db, db.location);
  } finally {
    await db.close();
  }
}

export interface LintReport {
  ok: boolean;
  findings: Finding[];
  notices: Notice[];
  checked: {
    sqlFiles: number;
    statements: number;
    doStatements: number;
    clientFiles: number;
    sourceFiles: number;
    sqlCalls: number;
    databases: string[];
  };
}

export async function runLint(paths: string[], opts: LintOptions, cwd = process.cwd()): Promise<LintReport> {
  if (opts.databaseUrl && opts.live) throw new UsageError('choose one of --database-url and --live');
  const anyTarget =
    paths.length > 0 ||
    (opts.client?.length ?? 0) > 0 ||
    (opts.source?.length ?? 0) > 0 ||
    !!opts.databaseUrl ||
    !!opts.live;
  const sqlFiles = paths.length ? sqlFilesFrom(paths, cwd) : !anyTarget || opts.fresh ? projectMigrations(cwd) : [];
  if (paths.length && !sqlFiles.length) throw new UsageError(`no .sql files under ${paths.join(', ')}`);

  const report: LintReport = {
    ok: true,
    findings: [],
    notices: [],
    checked: {
      sqlFiles: 0,
      statements: 0,
      doStatements: 0,
      clientFiles: 0,
      sourceFiles: 0,
      sqlCalls: 0,
      databases: [],
    },
  };
  if (sqlFiles.length) {
    const r = await lintSql(sqlFiles);
    report.findings.push(...r.findings);
    report.notices.push(...r.notices);
    Object.assign(report.checked, { sqlFiles: r.files, statements: r.statements, doStatements: r.doStatements });
  }
  if (opts.client?.length) {
    for (const dir of opts.client)
      if (!existsSync(dir)) throw new UsageError(`--client: no such file or directory: ${dir}`);
    // Loaded only when asked for: they need the TypeScript compiler, a devDependency (typescript.ts).
    await typescriptApi();
    const { lintClient } = await import('./client.ts');
    const r = await lintClient(opts.client, cwd);
    report.findings.push(...r.findings);
    report.checked.clientFiles = r.files;
  }
  if (opts.source?.length) {
    for (const dir of opts.source)
      if (!existsSync(dir)) throw new UsageError(`--source: no such file or directory: ${dir}`);
    await typescriptApi();
    const { lintSqlText } = await import('./sql-text/index.ts');
    const r = await lintSqlText(opts.source, cwd);
    report.findings.push(...r.findings);
    report.notices.push(...r.notices);
    Object.assign(report.checked, { sourceFiles: r.files, sqlCalls: r.calls });
  }
  if (opts.databaseUrl || opts.live) {
    await withLiveDatabase(opts, async (db, label) => {
      const live = await lintCatalogReport(db);
      report.findings.push(...live.findings);
      report.notices.push(...live.notices);
      report.checked.databases.push(label);
      const { rows } = await db.query<{ t: string | null }>(
        `select to_regclass('palisade_meta.migrations')::text as t`,
      );
      if (!rows[0]?.t) {
        report.notices.push({
          kind: 'skipped',
          message:
            'this database was never migrated by Palisade: only what it holds was checked (run palisade migrate, or lint with --fresh)',
          location: { object: `database ${label}` },
        });
      }
    });
  }
  if (opts.fresh) {
    // The migrations as applied: whatever their dynamic SQL did is now in the catalog.
    const db = await openPglite({});
    try {
      const bar = progress('applying migrations to a throwaway database', loadMigrations().length);
      await migrate(db, { onApply: () => bar.tick() });
      bar.stop();
      report.findings.push(...(await lintCatalog(db)));
      report.checked.databases.push('fresh embedded database (project migrations applied)');
    } finally {
      await db.close();
    }
  }
  report.findings = sortFindings(report.findings);
  report.notices = sortFindings(report.notices);
  report.ok = report.findings.length === 0;
  return report;
}

export function printText(r: LintReport) {
  for (const f of r.findings) {
    const ctx = locationContext(f.location);
    console.log(`${formatLocation(f.location)}  ${f.rule} ${f.name}  ${f.message}${ctx ? ` (${ctx})` : ''}`);
    console.log(`    fix: ${f.fix}`);
  }
  for (const n of r.notices) console.log(`${formatLocation(n.location)}  note: ${n.message}`);
  const hatches = r.notices.filter((n) => n.kind === 'constant-sql').length;
  const c = r.checked;
  const what = [
    c.sqlFiles ? `${c.sqlFiles} SQL file(s) (${c.statements} statements, ${c.doStatements} from DO blocks)` : '',
    c.clientFiles ? `${c.clientFiles} client file(s)` : '',
    c.sourceFiles ? `${c.sourceFiles} source file(s) (${c.sqlCalls} calls sending SQL text)` : '',
    ...c.databases.map((d) => `the catalog of ${d}`),
  ].filter(Boolean);
  const summary = `${r.findings.length ? `${r.findings.length} finding(s)` : 'no findings'} in ${what.join(', ') || 'nothing'}${r.notices.length ? `; ${r.notices.length} note(s)` : ''}${hatches ? `; ${hatches} SQL text(s) accepted by constant-sql comments` : ''}`;
  console.log(`palisade lint: ${summary}`);
}

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { EXIT, progress, reportError } from '../cli/util.ts';
import { ConfigError, engineConfig } from '../config/index.ts';
import { openDatabase } from '../db/open.ts';
import { openPglite } from '../db/pglite.ts';
import { openPostgres } from '../db/postgres.ts';
import type { Database } from '../db/types.ts';
import { loadMigrations, migrate } from '../migrations/runner.ts';
import { lintCatalog, lintCatalogReport } from './catalog.ts';
import { type Finding, formatLocation, locationContext, type Notice, sortFindings } from './rules.ts';
import { lintSql, type SqlFile } from './sql.ts';
import { TypeScriptLintError, typescriptApi } from './typescript.ts';

export interface LintOptions {
  client?: string[];
  source?: string[];
  databaseUrl?: string;
  live?: boolean;
  fresh?: boolean;
  json?: boolean;
}

class UsageError extends Error {}

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

const SRC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The project's own migrations, in the order the runner applies them. */
function projectMigrations(cwd: string): SqlFile[] {
  return loadMigrations(SRC_DIR).map((m) => ({
    file: path.relative(cwd, path.join(SRC_DIR, m.module, 'sql', m.name)),
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

async function runLint(paths: string[], opts: LintOptions, cwd = process.cwd()): Promise<LintReport> {
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

function printText(r: LintReport) {
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

export function register(program: Command) {
  program
    .command('lint')
    .description(
      "check SQL migrations, client code, SQL text in source code and live databases against Palisade's guardrails (docs/lint.md)",
    )
    .argument('[paths...]', 'SQL files or directories (default: the project migrations, src/*/sql/*.sql)')
    .option(
      '--client <dir>',
      'TypeScript/JavaScript client code: fail on supabase-js writes to platform.* (repeatable)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option(
      '--source <dir>',
      'TypeScript/JavaScript source: fail on SQL text that is not a compile-time constant (repeatable; CI runs --source src)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--database-url <url>', 'lint the catalog of a live database')
    .option('--live', 'lint the catalog of the configured database (DATABASE_URL, else the embedded data dir)')
    .option(
      '--fresh',
      'the project migrations, statically and as applied to a throwaway embedded database (what CI runs)',
    )
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      `
Rules (stable ids; docs/lint.md explains each): PAL000 unparseable-input, PAL001 null-tenant-gate, PAL002 rls-disabled,
PAL003 tenant-org-id-nullable, PAL004 tenant-org-id-unindexed, PAL005 policy-without-with-check, PAL006 definer-search-path,
PAL007 view-bypasses-rls, PAL008 api-role-bypassrls (live only), PAL009 client-platform-write (--client),
PAL010 nullable-role-comparison (files), PAL011 client-text-in-sql (--source), PAL012 foreign-role-change (files).

With no target, the project's migrations are checked statically. Arguments, --client, --source, --database-url and
--live choose targets instead; --fresh adds the project migrations both statically and as applied.
--source follows every call sending SQL text (query, exec, batch, a transaction prelude) back to where its text
was made; text it cannot prove constant is a finding unless a \`// palisade-lint: constant-sql <reason>\` comment
accepts it, and each acceptance is listed as a note. --client and --source need the TypeScript compiler
(a devDependency: run them in a checkout); directories named fixtures are skipped unless named.
EXECUTE statements whose SQL cannot be known without running them are listed as notes, not passed silently:
--fresh and --database-url check their effect in the catalog.

Exit codes: 0 no findings, 1 findings, 2 bad usage or configuration (missing path, bad URL, database unreachable,
TypeScript compiler missing).`,
    )
    .action(async (paths: string[], opts: LintOptions) => {
      try {
        const report = await runLint(paths, opts);
        if (opts.json) console.log(JSON.stringify(report, null, 2));
        else printText(report);
        process.exitCode = report.ok ? EXIT.ok : EXIT.failure;
      } catch (err) {
        if (err instanceof UsageError || err instanceof ConfigError || err instanceof TypeScriptLintError) {
          console.error(`palisade lint: ${err.message}`);
          process.exitCode = EXIT.usage;
          return;
        }
        process.exitCode = reportError(err);
      }
    });
}

import type { Command } from 'commander';
import { EXIT, reportError } from '../cli/util.ts';
import { ConfigError } from '../config/error.ts';
import type { LintOptions } from './run.ts';

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
        const { runLint, printText } = await import('./run.ts');
        const report = await runLint(paths, opts);
        if (opts.json) console.log(JSON.stringify(report, null, 2));
        else printText(report);
        process.exitCode = report.ok ? EXIT.ok : EXIT.failure;
      } catch (err) {
        const [{ UsageError }, { TypeScriptLintError }] = await Promise.all([
          import('./run.ts'),
          import('./typescript.ts'),
        ]);
        if (err instanceof UsageError || err instanceof ConfigError || err instanceof TypeScriptLintError) {
          console.error(`palisade lint: ${err.message}`);
          process.exitCode = EXIT.usage;
          return;
        }
        process.exitCode = reportError(err);
      }
    });
}

import path from 'node:path';
import type { Command } from 'commander';
import { action, EXIT } from '../cli/util.ts';

function parseStart(v: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(v);
  if (!m) return undefined;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 19).replace(/[-:T]/g, '') !== v ? undefined : d;
}

export function register(program: Command) {
  program
    .command('export')
    .description("write Palisade's migrations in another tool's format (today: Supabase CLI migration files)")
    .requiredOption(
      '--supabase <dir>',
      'a Supabase project folder: writes <dir>/supabase/migrations/<version>_palisade_<name>.sql for `supabase db push`',
    )
    .option(
      '--start <version>',
      'version of the first file, YYYYMMDDHHMMSS in UTC (default: now); each next file is 1 s later',
    )
    .option(
      '--login-role <name>',
      'the login role the server will connect as (default PALISADE_LOGIN_ROLE, else palisade_login)',
    )
    .addHelpText(
      'after',
      '\ndocs/supabase.md walks through the install. Exit codes: 0 written, 1 the folder already holds Palisade migrations, 2 bad usage.',
    )
    .action(
      action(async (opts: { supabase: string; start?: string; loginRole?: string }) => {
        const start = opts.start === undefined ? new Date() : parseStart(opts.start);
        if (!start) {
          console.error(`palisade export: --start must be a UTC time as YYYYMMDDHHMMSS, not "${opts.start}".`);
          return EXIT.usage;
        }
        // The configuration schema and the exporter load here, so `palisade --help` does not load them.
        const [
          { DEFAULT_LOGIN_ROLE, isLoginRoleName, LOGIN_ROLE_RULE, readEnv },
          { loadMigrations },
          { ExportError, exportSupabase },
        ] = await Promise.all([import('../config/index.ts'), import('../migrations/runner.ts'), import('./export.ts')]);
        const loginRole = opts.loginRole ?? readEnv().PALISADE_LOGIN_ROLE;
        if (loginRole !== undefined && !isLoginRoleName(loginRole)) {
          console.error(`palisade export: --login-role ${LOGIN_ROLE_RULE}, not "${loginRole}".`);
          return EXIT.usage;
        }
        try {
          const files = exportSupabase(path.resolve(opts.supabase), loadMigrations(), { start, loginRole });
          for (const f of files) console.log(`  ${path.relative(process.cwd(), f)}`);
          console.log(
            `Wrote ${files.length} Supabase migration file(s). Apply them with \`supabase db push\`, then give ${loginRole ?? DEFAULT_LOGIN_ROLE} a password (docs/supabase.md).`,
          );
        } catch (err) {
          if (!(err instanceof ExportError)) throw err;
          console.error(`palisade export: ${err.message}.`);
          return EXIT.failure;
        }
      }),
    );
}

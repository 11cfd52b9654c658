import { Command } from 'commander';
import { register as audit } from '../audit/cli.ts';
import { register as admins } from '../auth/admins-cli.ts';
import { register as token } from '../auth/cli.ts';
import { register as backup } from '../backup/cli.ts';
import { register as integrations } from '../integrations/cli.ts';
import { register as lint } from '../lint/cli.ts';
import { register as watcher } from '../platform/cli.ts';
import { register as leads } from '../revenue/cli.ts';
import { register as serve } from '../server/cli.ts';
import { register as worker } from '../server/worker-cli.ts';
import { register as exporter } from '../supabase/cli.ts';
import { register as orgs } from '../tenancy/cli.ts';
import { register as vault } from '../vault/cli.ts';
import { register as bench } from './bench.ts';
import { register as matrix } from './matrix.ts';
import { register as migrate } from './migrate.ts';
import { register as reset } from './reset.ts';
import { register as schema } from './schema.ts';
import { register as seed } from './seed.ts';

const program = new Command('palisade')
  .description('Palisade: a secure multi-tenant backend foundation for PostgreSQL')
  .showHelpAfterError()
  .addHelpText(
    'after',
    '\nEngine: DATABASE_URL (postgres://…) selects a PostgreSQL server; unset, the embedded database in PALISADE_DATA_DIR (default ./.palisade/data) is used.\nExit codes: 0 success, 1 the operation failed or found problems, 2 bad usage or configuration.',
  );
program.exitOverride((err) => {
  // commander's own usage errors (unknown option, missing argument) are exit 2; --help and --version are 0.
  process.exit(err.exitCode === 0 ? 0 : 2);
});

// One line per command module; each owns its flags, help and exit codes. A command module defines
// its command and help with nothing heavier than commander, and imports what does the work inside
// its action: `palisade --help` and a command's --help load no database driver, server or schema
// (src/cli/entry.test.ts lists what they may load).
for (const register of [
  migrate,
  reset,
  schema,
  seed,
  serve,
  worker,
  token,
  admins,
  matrix,
  bench,
  lint,
  exporter,
  audit,
  vault,
  integrations,
  watcher,
  orgs,
  leads,
  backup,
])
  register(program);

await program.parseAsync(process.argv);

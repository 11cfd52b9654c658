import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { lockDataDir } from '../db/datadir.ts';
import { action, EXIT } from './util.ts';

/**
 * Deletes the embedded database so the next `palisade migrate` starts from nothing: the way to
 * leave a pre-1.0 schema that changed. Refuses a PostgreSQL server (the operator drops and
 * recreates that database) and any folder that is not a PostgreSQL data dir.
 */
export function register(program: Command) {
  program
    .command('reset')
    .description('delete the embedded database (PALISADE_DATA_DIR) and all its data, after a confirmation')
    .option('--yes', 'do not ask for confirmation (needed when not run from a terminal)')
    .addHelpText(
      'after',
      '\nOnly the embedded engine: with DATABASE_URL set, drop and recreate the database on the server yourself.' +
        '\nExit codes: 0 deleted or nothing to delete, 1 refused or not confirmed, 2 bad usage (a server in DATABASE_URL, or no terminal and no --yes).',
    )
    .action(
      action(async (opts: { yes?: boolean }) => {
        // The configuration schema loads here, so `palisade --help` does not load it.
        const { engineConfig } = await import('../config/index.ts');
        const cfg = engineConfig();
        if (cfg.kind === 'postgres') {
          console.error(
            'palisade: reset deletes only the embedded database, and DATABASE_URL points at a PostgreSQL server: drop and recreate that database yourself (e.g. `dropdb` and `createdb`), then run `palisade migrate`.',
          );
          return EXIT.usage;
        }
        const dir = cfg.dataDir;
        if (!existsSync(dir) || readdirSync(dir).length === 0) {
          console.log(`Nothing to reset: there is no embedded database in ${dir}.`);
          return;
        }
        if (!existsSync(path.join(dir, 'PG_VERSION'))) {
          console.error(
            `palisade: ${dir} is not an embedded database (it has no PG_VERSION file), so reset leaves it alone: check PALISADE_DATA_DIR.`,
          );
          return EXIT.failure;
        }
        // Not while a server or another command has it open (src/db/datadir.ts): refused, exit 1.
        const unlock = lockDataDir(dir);
        try {
          if (!opts.yes) {
            if (!process.stdin.isTTY) {
              console.error(
                'palisade: reset deletes data and asks for confirmation on a terminal; pass --yes to confirm without one.',
              );
              return EXIT.usage;
            }
            const rl = createInterface({ input: process.stdin, output: process.stdout });
            const answer = await rl.question(
              `Delete the embedded database in ${dir} and all its data? Type "yes" to confirm: `,
            );
            rl.close();
            if (answer.trim().toLowerCase() !== 'yes') {
              console.error('Not confirmed: nothing was deleted.');
              return EXIT.failure;
            }
          }
          rmSync(dir, { recursive: true, force: true });
        } finally {
          unlock();
        }
        console.log(`Deleted the embedded database in ${dir}. Run \`palisade migrate\` to create a fresh one.`);
      }),
    );
}

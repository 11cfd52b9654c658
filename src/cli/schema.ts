import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { action, EXIT } from './util.ts';

export const SCHEMA_DOC = path.join('docs', 'schema.sql');

/** The schema of a freshly migrated embedded database, whatever DATABASE_URL says: the same text on every machine. */
async function currentSchema(): Promise<string> {
  // PGlite and the dumper load here, so `palisade --help` does not load them.
  const [{ openPglite }, { migrate }, { dumpSchema }] = await Promise.all([
    import('../db/pglite.ts'),
    import('../migrations/runner.ts'),
    import('../migrations/schema-dump.ts'),
  ]);
  const db = await openPglite({});
  try {
    await migrate(db);
    return await dumpSchema(db);
  } finally {
    await db.close();
  }
}

export function register(program: Command) {
  program
    .command('schema')
    .description(
      `print the schema of a freshly migrated database (read from the catalog), or keep ${SCHEMA_DOC} current`,
    )
    .option('--write', `write it to ${SCHEMA_DOC}`)
    .option('--check', `exit 1 if ${SCHEMA_DOC} is not what the migrations make`)
    .addHelpText(
      'after',
      '\nAlways migrates a new in-memory embedded database, so the output does not depend on DATABASE_URL or your data.' +
        '\nExit codes: 0 printed, written or up to date, 1 --check found it stale, 2 bad usage.',
    )
    .action(
      action(async (opts: { write?: boolean; check?: boolean }) => {
        if (opts.write && opts.check) {
          console.error('palisade: schema takes --write or --check, not both.');
          return EXIT.usage;
        }
        const text = await currentSchema();
        const file = path.resolve(SCHEMA_DOC);
        const current = existsSync(file) ? readFileSync(file, 'utf8') : null;
        if (opts.write) {
          if (current === text) {
            console.log(`${SCHEMA_DOC} is already current.`);
          } else {
            writeFileSync(file, text);
            console.log(`Wrote ${SCHEMA_DOC}.`);
          }
          return;
        }
        if (opts.check) {
          if (current !== text) {
            console.error(`${SCHEMA_DOC} is stale: run \`npx palisade schema --write\` and commit it.`);
            return EXIT.failure;
          }
          console.log(`${SCHEMA_DOC} is current.`);
          return;
        }
        process.stdout.write(text);
      }),
    );
}

import type { Command } from 'commander';
import { action, EXIT, withDatabase } from './util.ts';

export function register(program: Command) {
  program
    .command('seed')
    .description('load data into the database')
    .option(
      '--demo',
      'the demo tenants: two organisations with a user in every persona and a soft-deleted third, rows in every table (idempotent)',
    )
    .addHelpText('after', '\nExit codes: 0 seeded, 1 failed (nothing is left half-written), 2 no seed chosen.')
    .action(
      action(async (opts: { demo?: boolean }) => {
        if (!opts.demo) {
          console.error('palisade seed: choose what to seed (--demo).');
          return EXIT.usage;
        }
        // The seeds and the configuration schema load here, so `palisade --help` does not load them.
        const [{ engineConfig, readEnv }, { migrate }, { seedDemo }, { DEMO }, { seedKeyedDemo }] = await Promise.all([
          import('../config/index.ts'),
          import('../migrations/runner.ts'),
          import('../seed/demo.ts'),
          import('../seed/ids.ts'),
          import('../seed/keyed.ts'),
        ]);
        await withDatabase(async (db) => {
          await migrate(db, { loginRole: readEnv().PALISADE_LOGIN_ROLE });
          const people = await seedDemo(db);
          await seedKeyedDemo(db, engineConfig(), (line) => console.log(line));
          console.log(
            `Demo data is in ${db.location}. Organisations: ${DEMO.orgs.a.name} (${DEMO.orgs.a.id}), ${DEMO.orgs.b.name} (${DEMO.orgs.b.id}); ` +
              `soft-deleted, restorable by its owner: ${DEMO.deletedOrg.name} (${DEMO.deletedOrg.id}).`,
          );
          console.table(people.map((p) => ({ persona: p.persona, email: p.email, user_id: p.userId })));
        });
      }),
    );
}

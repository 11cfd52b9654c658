import type { Command } from 'commander';
import { action, withDatabase } from './util.ts';

export function register(program: Command) {
  program
    .command('migrate')
    .description('apply pending SQL migrations (DATABASE_URL, else the embedded data dir)')
    .option('--status', 'list applied and pending migrations without applying anything')
    .addHelpText(
      'after',
      '\nExit codes: 0 applied or nothing to do, 1 a migration failed or an applied file was edited, 2 bad configuration.',
    )
    .action(
      action(async (opts: { status?: boolean }) => {
        const [{ readEnv }, { migrate, migrationStatus }] = await Promise.all([
          import('../config/index.ts'),
          import('../migrations/runner.ts'),
        ]);
        return withDatabase(async (db) => {
          if (opts.status) {
            const s = await migrationStatus(db);
            console.log(`${db.kind} ${db.location}: ${s.applied.length} applied, ${s.pending.length} pending`);
            for (const m of s.pending) console.log(`  pending ${m.module}/sql/${m.name}`);
            return;
          }
          const applied = await migrate(db, {
            loginRole: readEnv().PALISADE_LOGIN_ROLE,
            // What a migration skipped (a role grant Supabase refuses, TEMP on a database another
            // role owns) arrives as a notice saying what is lost: show it, beside the progress.
            // (PostgreSQL's own "…does not exist, skipping" of an idempotent DDL is left out.)
            onNotice: (message) => {
              if (!/, skipping$/.test(message)) console.error(`  note: ${message}`);
            },
            onApply: (m, i, total) => console.log(`  [${i + 1}/${total}] ${m.module}/sql/${m.name}`),
          });
          console.log(
            applied.length
              ? `Applied ${applied.length} migration(s) to ${db.location}.`
              : `Nothing to apply: ${db.location} is current.`,
          );
        });
      }),
    );
}

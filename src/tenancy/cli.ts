import type { Command } from 'commander';
import { action, EXIT, progress, withDatabase } from '../cli/util.ts';
import { ConfigError } from '../config/error.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function register(program: Command) {
  const orgs = program.command('orgs').description('organisation lifecycle: purge deleted organisations');

  orgs
    .command('purge')
    .description(
      'remove organisations deleted by their owners whose grace period (purge_after) has ended, with all their data; their audit chains and anchors are kept',
    )
    .option('--dry-run', 'list what is due, remove nothing')
    .option('--org <uuid>', 'only this organisation (still only once its grace period has ended)')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      '\nExit codes: 0 done (or nothing due), 1 a purge failed, 2 bad usage or configuration.\nThere is no job worker yet: run this from cron or by hand.',
    )
    .action(
      action(async (opts: { dryRun?: boolean; org?: string; json?: boolean }) => {
        if (opts.org && !UUID.test(opts.org)) throw new ConfigError('--org must be an organisation id (a UUID).');
        // The purge loads here, so `palisade --help` does not load it.
        const { purgeOrganisations } = await import('./purge.ts');
        return withDatabase(async (db) => {
          let bar = progress('purging', 0);
          const report = await purgeOrganisations(db, {
            dryRun: opts.dryRun,
            orgId: opts.org,
            onStart: (n) => {
              bar = progress('purging', n);
            },
            onPurged: () => bar.tick(),
          }).finally(() => bar.stop());
          if (opts.json) console.log(JSON.stringify(report, null, 2));
          else {
            for (const o of report.due)
              console.log(
                `${report.dryRun ? 'due' : report.purged.includes(o.id) ? 'purged' : 'skipped (restored or gone)'}: ${o.name} (${o.id}), deleted ${o.deleted_at.toISOString()}`,
              );
            console.log(
              report.dryRun
                ? `Dry run: ${report.due.length} organisation(s) due for purge; nothing was removed.`
                : `Purged ${report.purged.length} organisation(s)${report.skipped.length ? `, skipped ${report.skipped.length}` : ''}.`,
            );
          }
          return EXIT.ok;
        });
      }),
    );
}

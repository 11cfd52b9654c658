import type { Command } from 'commander';
import { action, EXIT, progress, withDatabase } from '../cli/util.ts';
import { ConfigError } from '../config/error.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface PurgeFlags {
  org: string;
  olderThan: string;
  workspace?: string;
  dryRun?: boolean;
  json?: boolean;
}

export function register(program: Command) {
  const leads = program.command('leads').description('leads of the revenue module: retention');

  leads
    .command('purge')
    .description(
      "delete an organisation's leads created before a cutoff, with their qualifications, as the service role; every batch is recorded in the organisation's audit chain",
    )
    .requiredOption('--org <uuid>', 'the organisation')
    .requiredOption(
      '--older-than <age>',
      'leads created longer ago than this: hours, days or weeks, e.g. 36h, 90d, 12w',
    )
    .option('--workspace <uuid>', "only this workspace's leads")
    .option('--dry-run', 'count what would be deleted, delete nothing')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      `
Deletes in batches of 500, each in its own transaction with its 'leads.purge' entry in
admin_actions (counts, cutoff, run id); the row audit trigger records each deleted lead and
qualification too. Run a --dry-run first: it prints the same counts and deletes nothing.

Exit codes: 0 done (or nothing due), 1 the purge failed part-way (what was deleted is recorded),
2 bad usage: a malformed flag, an unknown organisation or workspace.`,
    )
    .action(
      action(async (opts: PurgeFlags) => {
        if (!UUID.test(opts.org)) throw new ConfigError('--org must be an organisation id (a UUID).');
        if (opts.workspace && !UUID.test(opts.workspace))
          throw new ConfigError('--workspace must be a workspace id (a UUID).');
        // The purge loads here, so `palisade --help` does not load it.
        const { parseAge, purgeLeads } = await import('./purge.ts');
        const ageMs = parseAge(opts.olderThan);
        return withDatabase(async (db) => {
          let bar = progress('purging leads', 0);
          const report = await purgeLeads(db, {
            orgId: opts.org,
            olderThan: opts.olderThan,
            ageMs,
            ...(opts.workspace ? { workspaceId: opts.workspace } : {}),
            dryRun: opts.dryRun,
            onStart: (n) => {
              if (n > 500) bar = progress('purging leads', n);
            },
            onBatch: (n) => bar.tick(n),
          }).finally(() => bar.stop());
          if (opts.json) console.log(JSON.stringify(report, null, 2));
          else {
            const where = `${report.orgName} (${report.orgId})${report.workspaceId ? `, workspace ${report.workspaceId}` : ''}`;
            const what = `${report.leads} lead(s) and ${report.qualifications} qualification(s) created before ${report.cutoff}`;
            console.log(
              report.dryRun
                ? `Dry run: ${what} in ${where} would be deleted; nothing was deleted.`
                : `Deleted ${what} in ${where}, in ${report.batches} batch(es), each recorded in the audit chain (leads.purge).`,
            );
          }
          return EXIT.ok;
        });
      }),
    );
}

import { type Command, InvalidArgumentError } from 'commander';
import { action, EXIT, withDatabase } from '../cli/util.ts';
import { ConfigError } from '../config/error.ts';
import { CURRENT_SCHEMA_VERSION } from './mappings/version.ts';
import type { RepairFinding, RepairReport } from './repair.ts';

// The registry, repair and migration modules load inside each action, so `palisade --help` does not load them.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function printReport(r: RepairReport) {
  const byOrg = new Map<string, RepairFinding[]>();
  for (const f of r.findings) byOrg.set(f.orgId, [...(byOrg.get(f.orgId) ?? []), f]);
  for (const findings of byOrg.values()) {
    console.log(`${findings[0]!.orgName} (${findings[0]!.orgId})`);
    for (const f of findings) {
      console.log(
        `  ✗ ${f.displayName} [${f.type}, ${f.status}] ${f.integrationId}${f.outcome ? ` → ${f.outcome.replaceAll('_', ' ')}` : ''}`,
      );
      for (const p of f.problems) console.log(`      ${p.document} ${p.path}: ${p.message}`);
    }
  }
  const orgs = byOrg.size;
  console.log(
    `Scanned ${r.scanned} integration(s) in ${r.organisations} organisation(s): ` +
      (r.findings.length === 0 ? 'all valid.' : `${r.findings.length} invalid in ${orgs} organisation(s).`),
  );
  if (r.findings.length && !r.applied)
    console.log('Dry run: nothing was changed. Run again with --apply to reset them and notify their admins.');
  if (r.applied && r.findings.length)
    console.log(`Applied: ${r.notified} reset or stopped, each with a notice to its organisation's admins.`);
}

export function register(program: Command) {
  const integrations = program
    .command('integrations')
    .description('organisation integrations: sync one now, repair and migrate stored configurations');

  integrations
    .command('repair')
    .description(
      "check every organisation's integrations against the type registry (as the service role); report, and with --apply reset what is invalid",
    )
    .option(
      '--apply',
      'reset each invalid document to its type default, set status error with last_error, and notify the organisation admins',
    )
    .option('--org <uuid>', 'only this organisation')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      '\nDry run by default. Exit codes: 0 nothing invalid, 1 invalid integrations were found (with --apply: found and reset), 2 bad usage or configuration.',
    )
    .action(
      action(async (opts: { apply?: boolean; org?: string; json?: boolean }) => {
        if (opts.org && !UUID.test(opts.org)) throw new ConfigError('--org must be an organisation id (a UUID).');
        const [{ progressReporter }, { integrationTypes }, { repairIntegrations }] = await Promise.all([
          import('../vault/progress.ts'),
          import('./registry.ts'),
          import('./repair.ts'),
        ]);
        return withDatabase(async (db) => {
          const bar = progressReporter(opts.apply ? 'repairing' : 'checking');
          const report = await repairIntegrations(db, integrationTypes, {
            apply: opts.apply,
            orgId: opts.org,
            onProgress: bar.report,
          }).finally(bar.stop);
          if (opts.json) console.log(JSON.stringify(report, null, 2));
          else printReport(report);
          return report.findings.length ? EXIT.failure : EXIT.ok;
        });
      }),
    );

  integrations
    .command('sync')
    .description(
      "sync one integration now, in this process, as its organisation's service principal: export its pending records",
    )
    .requiredOption('--org <uuid>', 'the organisation')
    .requiredOption('--id <uuid>', 'the integration')
    .addHelpText(
      'after',
      `
Sends up to 5,000 pending records (staged with POST …/integrations/{id}/records), oldest first,
and records the sync as an integration event (trigger cli) like the worker does; a progress bar
shows on a terminal. Credentials are decrypted with PALISADE_VAULT_KEYS (or the embedded engine's
key file); private addresses are refused unless PALISADE_ALLOW_PRIVATE_EGRESS=1.
Exit codes: 0 succeeded, 1 failed or partial (the failures are printed), 2 bad usage: a malformed
id, no such integration in the organisation, or an integration that is not active.`,
    )
    .action(
      action(async (opts: { org: string; id: string }) => {
        if (!UUID.test(opts.org)) throw new ConfigError('--org must be an organisation id (a UUID).');
        if (!UUID.test(opts.id)) throw new ConfigError('--id must be an integration id (a UUID).');
        const [
          { progressReporter },
          { engineConfig },
          { loadKeyRing },
          { createEgressClient },
          { syncNow },
          { PalisadeError },
        ] = await Promise.all([
          import('../vault/progress.ts'),
          import('../config/index.ts'),
          import('../vault/keys.ts'),
          import('../net/egress.ts'),
          import('./sync/job.ts'),
          import('../errors/error.ts'),
        ]);
        return withDatabase(async (db) => {
          let ring: ReturnType<typeof loadKeyRing>['ring'] | undefined;
          const deps = {
            db,
            http: createEgressClient(),
            ring: () => {
              if (ring) return ring;
              const loaded = loadKeyRing(engineConfig());
              if (loaded.warning) console.error(`palisade: ${loaded.warning}`);
              ring = loaded.ring;
              return ring;
            },
          };
          const bar = progressReporter('exporting');
          const report = await syncNow(deps, opts.org, opts.id, bar.report)
            .catch((err: unknown) => {
              if (err instanceof PalisadeError && (err.code === 'PS404' || err.code === 'PS409'))
                throw new ConfigError(`${err.message}.`);
              throw err;
            })
            .finally(bar.stop);
          const c = report;
          console.log(
            `Sync ${report.eventId} of ${report.displayName}: ${report.status}. Sent ${c.counts.sent}, created ${c.counts.created}, updated ${c.counts.updated}, failed ${c.counts.failed}.`,
          );
          for (const e of report.errors)
            console.log(`  ✗ ${e.index === null ? 'all' : `record ${e.index}`}: ${e.code}: ${e.message}`);
          return report.status === 'succeeded' ? EXIT.ok : EXIT.failure;
        });
      }),
    );

  integrations
    .command('migrate-mappings')
    .description(
      `rewrite stored field mappings at the current schema_version (${CURRENT_SCHEMA_VERSION}); reads already upgrade on the fly`,
    )
    .option('--dry-run', 'count what would be rewritten, change nothing')
    .option(
      '--batch-size <n>',
      'rows per transaction (1-5000)',
      (raw) => {
        const n = Number(raw);
        if (!Number.isInteger(n) || n < 1 || n > 5000)
          throw new InvalidArgumentError('must be a whole number from 1 to 5000');
        return n;
      },
      200,
    )
    .addHelpText(
      'after',
      '\nSafe to rerun (after a crash it finds only what is left). Exit codes: 0 done or nothing to do, 1 some rows could not be read, 2 bad usage or configuration.',
    )
    .action(
      action(async (opts: { dryRun?: boolean; batchSize: number }) => {
        const [{ progressReporter }, { migrateFieldMappings }] = await Promise.all([
          import('../vault/progress.ts'),
          import('./mappings/migrate.ts'),
        ]);
        return withDatabase(async (db) => {
          const bar = progressReporter('upgrading');
          const r = await migrateFieldMappings(db, {
            dryRun: opts.dryRun,
            batchSize: opts.batchSize,
            onProgress: bar.report,
          }).finally(bar.stop);
          const versions = Object.entries(r.byVersion)
            .map(([v, n]) => `${n} at version ${v}`)
            .join(', ');
          console.log(
            r.outdated
              ? `${r.outdated} integration(s) store older field mappings (${versions}).`
              : `Every stored field mapping is at schema_version ${CURRENT_SCHEMA_VERSION}.`,
          );
          if (r.dryRun && r.outdated) console.log('Dry run: nothing was changed.');
          if (!r.dryRun && r.outdated)
            console.log(`Upgraded ${r.upgraded} to schema_version ${CURRENT_SCHEMA_VERSION}.`);
          for (const u of r.unreadable) console.log(`  ✗ ${u.orgId}/${u.id}: ${u.reason}`);
          return r.unreadable.length ? EXIT.failure : EXIT.ok;
        });
      }),
    );
}

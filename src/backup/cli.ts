/** `palisade backup | backup verify | restore` (docs/operations/backup.md). */
import type { Command } from 'commander';
import { action, EXIT } from '../cli/util.ts';
import { ConfigError } from '../config/error.ts';

// The backup modules load inside each action, so `palisade --help` does not load them.

interface Where {
  databaseUrl?: string;
  dataDir?: string;
}

type Target = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

/** --database-url, --data-dir, else the owner URL (PALISADE_MIGRATION_DATABASE_URL, DATABASE_URL), else the data dir. */
async function targetOf(opts: Where): Promise<Target> {
  if (opts.databaseUrl && opts.dataDir) throw new ConfigError('give --database-url or --data-dir, not both.');
  if (opts.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(opts.databaseUrl))
      throw new ConfigError('--database-url must be a postgres:// or postgresql:// URL.');
    return { kind: 'postgres', url: opts.databaseUrl };
  }
  const path = await import('node:path');
  if (opts.dataDir) return { kind: 'pglite', dataDir: path.resolve(opts.dataDir) };
  const { engineConfig, readEnv } = await import('../config/index.ts');
  const env = readEnv();
  const engine = engineConfig(env);
  if (engine.kind === 'postgres') return { kind: 'postgres', url: env.PALISADE_MIGRATION_DATABASE_URL ?? engine.url };
  return engine;
}

/** One progress bar per phase of the work, on stderr when a person is watching. */
async function phases() {
  const { progressReporter } = await import('../vault/progress.ts');
  let current: { label: string; bar: ReturnType<typeof progressReporter> } | undefined;
  return {
    phase: (label: string) => (done: number, total: number) => {
      if (current?.label !== label) {
        current?.bar.stop();
        current = { label, bar: progressReporter(label) };
      }
      current.bar.report(done, total);
    },
    stop: () => current?.bar.stop(),
  };
}

/** A refused or damaged backup is one sentence and exit 1, like a failed migration. */
function refusals<A extends unknown[]>(fn: (...args: A) => Promise<number | undefined>) {
  return async (...args: A) => {
    const { BackupError } = await import('./manifest.ts');
    try {
      return await fn(...args);
    } catch (err) {
      if (!(err instanceof BackupError)) throw err;
      console.error(`palisade: ${err.message}`);
      return EXIT.failure;
    }
  };
}

const WHERE_HELP = `
Where: --database-url, else PALISADE_MIGRATION_DATABASE_URL or DATABASE_URL (the owner account: the
server's login role cannot read every row), else the embedded data dir (--data-dir, PALISADE_DATA_DIR).`;

export function register(program: Command) {
  const backup = program
    .command('backup')
    .description(
      "write a backup of Palisade's database: pg_dump of its schemas (server) or the embedded data dir, with a manifest",
    )
    .option('--out <file|dir>', 'the backup file to create, or a folder to create a dated one in')
    .option('--database-url <url>', 'back up this PostgreSQL database')
    .option('--data-dir <dir>', 'back up this embedded data dir')
    .option('--pg-bin <dir>', 'folder holding pg_dump (default: PATH)')
    .option('--json', 'print the manifest as JSON')
    .addHelpText(
      'after',
      `${WHERE_HELP}
The backup is one tar file: the dump, manifest.json (versions, migrations, row counts, vault key ids)
and SHA256SUMS. It holds ciphertext only: no vault key and no audit signing key is ever in it; back
the key ring up separately. Point-in-time recovery is the server's job: docs/operations/backup.md.
Exit codes: 0 written, 1 the backup failed (nothing is left at --out), 2 bad usage or configuration
(pg_dump missing or older than the server).`,
    )
    .action(
      action(
        refusals(async (opts: Where & { out?: string; pgBin?: string; json?: boolean }) => {
          if (!opts.out) throw new ConfigError('give --out <file|dir>: where to write the backup.');
          const target = await targetOf(opts);
          const [{ resolveOut }, bars] = await Promise.all([import('./archive.ts'), phases()]);
          const out = resolveOut(opts.out, target.kind);
          let manifest: import('./manifest.ts').Manifest;
          try {
            if (target.kind === 'postgres') {
              const { backupServer } = await import('./server.ts');
              manifest = await backupServer(target.url, out, { pgBin: opts.pgBin, phase: bars.phase });
            } else {
              const { backupDataDir } = await import('./embedded.ts');
              manifest = await backupDataDir(target.dataDir, out, { phase: bars.phase });
            }
          } finally {
            bars.stop();
          }
          if (opts.json) console.log(JSON.stringify({ file: out, manifest }, null, 2));
          else {
            const rows = Object.values(manifest.tables).reduce((s, n) => s + n, 0);
            const keys = Object.keys(manifest.vault.keyIds);
            console.log(`Backed up ${manifest.source} to ${out}.`);
            console.log(
              `  ${Object.keys(manifest.tables).length} tables, ${rows} rows, ${manifest.migrations.length} migrations; ${manifest.dump.bytes} bytes, sha256 ${manifest.dump.sha256}.`,
            );
            console.log(
              manifest.vault.secrets
                ? `  ${manifest.vault.secrets} vault secret(s), sealed with key id(s) ${keys.join(', ')}: the backup holds them as ciphertext; restoring needs those keys, which are not in it.`
                : '  No vault secrets.',
            );
          }
          return EXIT.ok;
        }),
      ),
    );

  backup
    .command('verify')
    .description('check a backup file without restoring it: checksums, manifest, and what can be proved offline')
    .argument('<file>', 'the backup file')
    .option('--pg-bin <dir>', 'folder holding pg_restore (default: PATH)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Checks SHA256SUMS and the manifest. A server backup: pg_restore reads its table of contents. An
embedded backup: loaded into memory, every table counted against the manifest, every audit chain
verified, and every vault secret opened when PALISADE_VAULT_KEYS is set.
Exit codes: 0 the backup holds, 1 it is damaged, altered or does not verify, 2 bad usage.`,
    )
    .action(
      action(
        refusals(async (file: string, opts: { pgBin?: string; json?: boolean }) => {
          const [{ verifyArchive }, bars, { describeVerification }] = await Promise.all([
            import('./restore.ts'),
            phases(),
            import('./report.ts'),
          ]);
          const check = await verifyArchive(file, { pgBin: opts.pgBin, phase: bars.phase }).finally(bars.stop);
          if (opts.json) console.log(JSON.stringify(check, null, 2));
          else {
            const m = check.manifest;
            console.log(
              `${file}: a ${m.engine} backup of ${m.source}, taken ${m.createdAt} by Palisade ${m.palisadeVersion} (PostgreSQL ${m.postgres.version}); checksums hold.`,
            );
            if (check.tocEntries !== undefined) console.log(`  pg_restore reads its ${check.tocEntries} entries.`);
            if (check.counts)
              for (const line of describeVerification(check.counts, check.verify, { offline: true })) console.log(line);
          }
          return check.ok ? EXIT.ok : EXIT.failure;
        }),
      ),
    );

  program
    .command('restore')
    .description('restore a backup into an empty PostgreSQL database or a new data dir, and check it')
    .option('--from <file>', 'the backup file')
    .option('--database-url <url>', 'restore into this PostgreSQL database (it must be empty)')
    .option('--data-dir <dir>', 'restore into this embedded data dir (it must hold no database)')
    .option(
      '--force',
      'the target may hold Palisade already: replace it (server: in the restore transaction; embedded: the old data dir is kept beside)',
    )
    .option('--verify', 'then verify every audit chain and open every vault secret with the key ring')
    .option('--pg-bin <dir>', 'folder holding pg_restore (default: PATH)')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      `${WHERE_HELP}
The backup's checksums are checked before anything is touched. On a server the roles are created
first (src/core/sql/0001_roles.sql), then pg_restore runs in one transaction: all or nothing. Every
table's row count is compared with the manifest. The key ring is not in the backup: --verify opens
the vault secrets with PALISADE_VAULT_KEYS (embedded: or the key file in the target data dir).
Exit codes: 0 restored (and verified), 1 refused, failed, or a check found a difference, 2 bad usage
or configuration.`,
    )
    .action(
      action(
        refusals(
          async (
            opts: Where & { from?: string; force?: boolean; verify?: boolean; pgBin?: string; json?: boolean },
          ) => {
            if (!opts.from) throw new ConfigError('give --from <file>: the backup to restore.');
            const target = await targetOf(opts);
            const [{ restore }, bars, { describeRestore }] = await Promise.all([
              import('./restore.ts'),
              phases(),
              import('./report.ts'),
            ]);
            const report = await restore(opts.from, target, {
              force: opts.force,
              verify: opts.verify,
              pgBin: opts.pgBin,
              phase: bars.phase,
              onNotice: (message) => {
                if (!/, skipping$/.test(message)) console.error(`  note: ${message}`);
              },
            }).finally(bars.stop);
            if (opts.json) console.log(JSON.stringify(report, null, 2));
            else for (const line of describeRestore(report)) console.log(line);
            return report.ok ? EXIT.ok : EXIT.failure;
          },
        ),
      ),
    );
}

import type { Command } from 'commander';
import { EXIT, progress, withDatabase } from '../cli/util.ts';
import type { PollOutcome } from './watcher.ts';

// The watcher loads inside each action, so `palisade --help` does not load it.

function describe(o: PollOutcome): string {
  const extra =
    o.status === 'failed'
      ? `: ${o.error}`
      : o.proposalId
        ? ` (proposal ${o.proposalId})`
        : o.detectionId
          ? ` (detection ${o.detectionId})`
          : '';
  return `  ${o.key}: ${o.status}${extra}`;
}

export function register(program: Command) {
  const watcher = program
    .command('watcher')
    .description(
      'the rule-source freshness watcher: polls due platform.rule_sources as the service role, snapshots changes, opens detections and proposals',
    );

  watcher
    .command('run-once')
    .description('poll every due rule source once, then exit')
    .option('--limit <n>', 'sources to claim in this pass (1-1000)', (v) => Number.parseInt(v, 10), 50)
    .option('--concurrency <n>', 'sources fetched at the same time (1-32)', (v) => Number.parseInt(v, 10), 4)
    .option('--json', 'print the outcomes as JSON')
    .addHelpText(
      'after',
      `
Outbound requests to private, loopback and link-local addresses are refused unless PALISADE_ALLOW_PRIVATE_EGRESS=1.
Exit codes: 0 every due source was polled (or none was due), 1 some source failed (see its error; it backs off),
2 bad usage or configuration (bad flags, the platform schema is missing: run palisade migrate).`,
    )
    .action(async (opts: { limit: number; concurrency: number; json?: boolean }) => {
      if (
        !Number.isInteger(opts.limit) ||
        opts.limit < 1 ||
        opts.limit > 1000 ||
        !Number.isInteger(opts.concurrency) ||
        opts.concurrency < 1 ||
        opts.concurrency > 32
      ) {
        console.error('palisade watcher: --limit must be 1-1000 and --concurrency 1-32');
        process.exitCode = EXIT.usage;
        return;
      }
      const { runOnce, WatcherError } = await import('./watcher.ts');
      try {
        await withDatabase(async (db) => {
          let bar: ReturnType<typeof progress> | undefined;
          const outcomes = await runOnce(db, {
            limit: opts.limit,
            concurrency: opts.concurrency,
            onClaimed: (n) => (bar = progress('polling rule sources', n)),
            onPolled: () => bar?.tick(),
          });
          bar?.stop();
          const failed = outcomes.filter((o) => o.status === 'failed').length;
          if (opts.json) console.log(JSON.stringify({ polled: outcomes.length, failed, outcomes }, null, 2));
          else {
            console.log(
              `Polled ${outcomes.length} due rule source(s) in ${db.location}${failed ? `; ${failed} failed` : ''}.`,
            );
            for (const o of outcomes) console.log(describe(o));
          }
          process.exitCode = failed ? EXIT.failure : EXIT.ok;
        });
      } catch (err) {
        console.error(`palisade watcher: ${(err as Error).message}`);
        process.exitCode = err instanceof WatcherError ? EXIT.usage : EXIT.failure;
      }
    });

  watcher
    .command('run')
    .description(
      'poll due rule sources every --interval seconds until interrupted (SIGINT/SIGTERM finish the current pass)',
    )
    .option('--interval <seconds>', 'pause between passes (10-86400)', (v) => Number.parseInt(v, 10), 60)
    .addHelpText(
      'after',
      '\nExit codes: 0 stopped by a signal, 2 bad usage or configuration (the platform schema is missing: run palisade migrate).',
    )
    .action(async (opts: { interval: number }) => {
      if (!Number.isInteger(opts.interval) || opts.interval < 10 || opts.interval > 86_400) {
        console.error('palisade watcher: --interval must be 10-86400 seconds');
        process.exitCode = EXIT.usage;
        return;
      }
      const { assertPlatformSchema, startWatcher, WatcherError } = await import('./watcher.ts');
      try {
        await withDatabase(async (db) => {
          await assertPlatformSchema(db);
          console.log(`Watching rule sources in ${db.location} every ${opts.interval}s (Ctrl-C to stop).`);
          const w = startWatcher(db, {
            intervalMs: opts.interval * 1000,
            onPolled: (o) => console.log(describe(o)),
            onError: (err) => console.error(`palisade watcher: ${(err as Error).message}`),
          });
          await new Promise<void>((resolve) => {
            process.once('SIGINT', resolve);
            process.once('SIGTERM', resolve);
          });
          await w.stop();
        });
      } catch (err) {
        console.error(`palisade watcher: ${(err as Error).message}`);
        process.exitCode = err instanceof WatcherError ? EXIT.usage : EXIT.failure;
      }
    });
}

import type { Command } from 'commander';
import { action, EXIT, progress } from './util.ts';

export function register(program: Command) {
  program
    .command('bench')
    .description('measure what tenancy and RLS cost, as ratios against baselines measured in the same run')
    .option(
      '--engine <engine>',
      'postgres (uses DATABASE_URL; creates and drops its own database) or pglite',
      'postgres',
    )
    .option('--quick', 'a smaller data set and fewer rounds: under two minutes')
    .option('--json <file>', 'also write machine-readable results to this file')
    .addHelpText(
      'after',
      '\nFigures are ratios (case / baseline), each pair interleaved in the same run to cancel machine drift,\neach with a 95% bootstrap interval over its rounds; each target gets a verdict: met, missed or within noise.\nExit codes: 0 measured, 1 failed, 2 bad usage (e.g. --engine postgres without DATABASE_URL).',
    )
    .action(
      action(async (opts: { engine: string; quick?: boolean; json?: string }) => {
        if (opts.engine !== 'postgres' && opts.engine !== 'pglite') {
          console.error('palisade bench: --engine must be postgres or pglite');
          return EXIT.usage;
        }
        // The bench and the configuration schema load here, so `palisade --help` does not load them.
        const [{ runBench }, { readEnv }] = await Promise.all([
          import('../bench/run.ts'),
          import('../config/index.ts'),
        ]);
        const serverUrl = readEnv().DATABASE_URL;
        if (opts.engine === 'postgres' && !serverUrl) {
          console.error(
            'palisade bench: --engine postgres needs DATABASE_URL (an account that may create databases), or use --engine pglite',
          );
          return EXIT.usage;
        }
        await runBench({
          engine: opts.engine,
          ...(serverUrl ? { serverUrl } : {}),
          quick: Boolean(opts.quick),
          ...(opts.json ? { json: opts.json } : {}),
          progress,
          log: (line) => console.log(line),
        });
      }),
    );
}

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bootstrapOverRounds,
  type Comparison,
  compareAlternating,
  type Interval,
  pooledMedian,
  type Round,
} from './stats.ts';

/** The shipped entry point (two levels up from src/bench or dist/bench), whatever the working directory. */
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/palisade.js');

/**
 * `palisade serve` (what `npm start` runs) on the embedded engine, from spawn to the first 200 of
 * /readyz: in each round once on an empty data dir (the first-start image copied, or initdb, the
 * migrations and the seed when there is none; then this machine's keys) and once more on the same,
 * now populated, dir. Medians over the rounds, with an interval for the empty start (its target's).
 */
export async function benchStartup(opts: { rounds: number }): Promise<{
  emptyMs: number;
  populatedMs: number;
  emptyInterval: Interval;
}> {
  const rounds: Round[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'palisade-bench-start-'));
    try {
      const empty = await timeToReady(dir);
      const populated = await timeToReady(dir);
      rounds.push({ case: [empty], baseline: [populated] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return {
    emptyMs: pooledMedian('case')(rounds),
    populatedMs: pooledMedian('baseline')(rounds),
    emptyInterval: bootstrapOverRounds(rounds, pooledMedian('case')),
  };
}

function timeToReady(dataDir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: { ...process.env, DATABASE_URL: '', PALISADE_DATA_DIR: dataDir, PORT: '0', PALISADE_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let done = false;
    const finish = (err: Error | null, ms?: number) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.once('exit', () => (err ? reject(err) : resolve(ms!)));
      child.kill('SIGTERM');
    };
    const timer = setTimeout(() => finish(new Error(`serve was not ready within 120 s:\n${out}`)), 120_000);
    child.on('exit', (code) => {
      if (!done) {
        done = true;
        clearTimeout(timer);
        reject(new Error(`serve exited with ${code} before it was ready:\n${out}`));
      }
    });
    let polling = false;
    const onOutput = (d: Buffer) => {
      out += String(d);
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (!m || polling) return;
      polling = true;
      // The banner follows listen(); readiness (database reachable, migrations current) is what counts.
      const poll = async () => {
        while (!done) {
          try {
            const res = await fetch(`${m[1]}/readyz`, { signal: AbortSignal.timeout(2_000) });
            if (res.status === 200) return finish(null, performance.now() - started);
          } catch {
            /* not accepting yet */
          }
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      void poll();
    };
    // The banner is written to stderr (stdout stays for machine-readable output); watch both.
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
  });
}

/**
 * `palisade --help` from spawn to exit, against Node starting an empty script in the same rounds:
 * the ratio is what the CLI adds to Node's own start-up, which a loaded machine inflates for both.
 */
export function benchCliHelp(opts: { rounds: number; batch: number }): Promise<Comparison> {
  const run = (args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, args, { stdio: 'ignore' });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited with ${code}`))));
    });
  return compareAlternating(
    'CLI: palisade --help vs node -e ""',
    () => run(['-e', '']),
    () => run([BIN, '--help']),
    opts,
  );
}

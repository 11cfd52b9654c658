import cliProgress from 'cli-progress';
import { ConfigError, engineConfig, readEnv } from '../config/index.ts';
import { openDatabase } from '../db/open.ts';
import type { Database } from '../db/types.ts';
import { MigrationError } from '../migrations/runner.ts';

/** Exit codes every command keeps, so scripts can trust them. */
export const EXIT = {
  ok: 0,
  /** The command ran and found or caused a failure (migration failed, verification found problems…). */
  failure: 1,
  /** The command could not run as asked: bad flags or configuration. */
  usage: 2,
} as const;

export async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(engineConfig());
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** A progress bar on stderr when a person is watching; silent in pipes and CI logs. */
export function progress(label: string, total: number) {
  if (!process.stderr.isTTY || total <= 0) {
    return { tick: (_n = 1) => {}, stop: () => {} };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} {percentage}% eta {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { tick: (n = 1) => bar.increment(n), stop: () => bar.stop() };
}

/** Turns known errors into one sentence and an exit code; anything else is a bug and shows its stack. */
export function reportError(err: unknown): number {
  if (err instanceof ConfigError) {
    console.error(`palisade: ${err.message}`);
    return EXIT.usage;
  }
  if (err instanceof MigrationError) {
    console.error(`palisade: ${err.message}`);
    return EXIT.failure;
  }
  const e = err as { code?: string; message?: string };
  if (e?.code === 'ECONNREFUSED') {
    console.error('palisade: cannot reach the PostgreSQL server in DATABASE_URL (connection refused). Is it running?');
    return EXIT.failure;
  }
  console.error(err);
  return EXIT.failure;
}

/** Wraps a command action so its errors become exit codes rather than unhandled rejections. */
// biome-ignore lint/suspicious/noConfusingVoidType: an action returns an exit code or nothing
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void>) {
  return async (...args: A) => {
    try {
      // Every configuration variable is checked before any command runs: a malformed one stops
      // it with a sentence naming the variable.
      readEnv();
      process.exitCode = (await fn(...args)) ?? EXIT.ok;
    } catch (err) {
      process.exitCode = reportError(err);
    }
  };
}

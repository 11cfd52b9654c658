/*
 * What every command shares. Loaded by the command definitions themselves, so it stays light: the
 * database drivers, the configuration schema and the progress bar load only when a command runs
 * (`palisade --help` must not pay for them; src/cli/entry.test.ts checks what it loads).
 */
import { createRequire } from 'node:module';
import type cliProgress from 'cli-progress';
import { ConfigError } from '../config/error.ts';
import { DataDirLockedError } from '../db/datadir.ts';
import type { Database } from '../db/types.ts';
import { MigrationError } from '../migrations/runner.ts';

const require = createRequire(import.meta.url);

/** Exit codes every command keeps, so scripts can trust them. */
export const EXIT = {
  ok: 0,
  /** The command ran and found or caused a failure (migration failed, verification found problems…). */
  failure: 1,
  /** The command could not run as asked: bad flags or configuration. */
  usage: 2,
} as const;

export async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const [{ engineConfig }, { openDatabase }] = await Promise.all([
    import('../config/index.ts'),
    import('../db/open.ts'),
  ]);
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
  const { SingleBar, Presets } = require('cli-progress') as typeof cliProgress;
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} {percentage}% eta {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
    },
    Presets.shades_classic,
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
  if (err instanceof MigrationError || err instanceof DataDirLockedError) {
    console.error(`palisade: ${err.message}`);
    return EXIT.failure;
  }
  const e = err as { code?: string; message?: string; address?: string; port?: number };
  if (e?.code === 'ECONNREFUSED') {
    console.error('palisade: cannot reach the PostgreSQL server in DATABASE_URL (connection refused). Is it running?');
    return EXIT.failure;
  }
  const sentence = startupSentence(e);
  if (sentence) {
    console.error(`palisade: ${sentence}`);
    return EXIT.failure;
  }
  console.error(err);
  return EXIT.failure;
}

/**
 * Start-up failures a person fixes in their configuration, as one sentence naming what to fix
 * (never the connection string, which may hold a password). PostgreSQL's own message names the
 * database or role ("database \"x\" does not exist").
 */
function startupSentence(e: { code?: string; message?: string; address?: string; port?: number }): string | undefined {
  switch (e?.code) {
    case 'EADDRINUSE':
      return `${e.address ?? 'the host'} port ${e.port ?? '?'} is already in use by another process: stop it, or set PORT (and HOST) to a free address.`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${e.address ?? 'HOST'}: no network interface has that address; fix HOST.`;
    case '3D000':
      return `the PostgreSQL server refused DATABASE_URL: ${e.message}; create that database (createdb) or fix the database name in DATABASE_URL.`;
    case '28000':
      return `the PostgreSQL server refused DATABASE_URL: ${e.message}; create that role or fix the user name in DATABASE_URL.`;
    case '28P01':
      return `the PostgreSQL server refused DATABASE_URL: ${e.message}; fix the password in DATABASE_URL.`;
    case 'ENOTFOUND':
      return 'cannot resolve the host named in DATABASE_URL; fix the host name.';
    default:
      return undefined;
  }
}

/** Wraps a command action so its errors become exit codes rather than unhandled rejections. */
// biome-ignore lint/suspicious/noConfusingVoidType: an action returns an exit code or nothing
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void>) {
  return async (...args: A) => {
    try {
      // Every configuration variable is checked before any command runs: a malformed one stops
      // it with a sentence naming the variable.
      (await import('../config/index.ts')).readEnv();
      process.exitCode = (await fn(...args)) ?? EXIT.ok;
    } catch (err) {
      process.exitCode = reportError(err);
    }
  };
}

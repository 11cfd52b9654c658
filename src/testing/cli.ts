import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import { openPglite } from '../db/pglite.ts';
import type { Database } from '../db/types.ts';
import type { EngineName } from './engines.ts';

/*
 * The CLI as an operator runs it: a separate Node process on a real database, judged by exit code
 * and output. On the server engine the command gets the fresh database's URL; on PGlite, a data
 * dir cloned from the same migrated, seeded template (PGlite has one owner at a time, so the test
 * opens that dir only between commands, through `withDb`).
 */

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `palisade <args>` from the repository root. The database and Palisade settings of the test
 * process are not inherited (a command sees only what `env` gives it, as in a clean shell).
 */
export function palisade(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<CliRun> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && !k.startsWith('PALISADE_')),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'bin/palisade.js'), ...args],
      { cwd: ROOT, env: { ...clean, ...env }, timeout: timeoutMs },
      (err, stdout, stderr) => {
        const code = err ? (err as { code?: unknown }).code : 0;
        resolve({ code: typeof code === 'number' ? code : -1, stdout, stderr });
      },
    );
  });
}

export interface CliDatabase {
  /** DATABASE_URL (server) or PALISADE_DATA_DIR (embedded): what a command needs to reach the database. */
  readonly env: NodeJS.ProcessEnv;
  /** The embedded data dir (PGlite only). */
  readonly dataDir: string | undefined;
  /** Opens the database the commands use for the duration of `fn` (PGlite: only between commands). */
  withDb<T>(fn: (db: Database) => Promise<T>): Promise<T>;
}

/** Registers the hooks of a CLI database for the current describeEngines block. */
export function useCliDatabase(ctx: {
  readonly db: Database;
  readonly engine: EngineName;
  readonly url: string | undefined;
}): CliDatabase {
  let dir: string | undefined;
  beforeAll(async () => {
    if (ctx.engine !== 'pglite') return;
    dir = mkdtempSync(path.join(os.tmpdir(), 'palisade-cli-'));
    const db = await openPglite({
      dataDir: dir,
      loadDataDir: new Blob([readFileSync(inject('templates').pgliteTarball)]),
    });
    await db.close();
  }, 120_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get env() {
      return ctx.engine === 'postgres' ? { DATABASE_URL: ctx.url! } : { PALISADE_DATA_DIR: dir! };
    },
    get dataDir() {
      return dir;
    },
    async withDb(fn) {
      if (ctx.engine === 'postgres') return fn(ctx.db);
      const db = await openPglite({ dataDir: dir! });
      try {
        return await fn(db);
      } finally {
        await db.close();
      }
    },
  };
}

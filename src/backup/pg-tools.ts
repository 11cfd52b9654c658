import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ConfigError } from '../config/error.ts';
import { BackupError } from './manifest.ts';

/** pg_dump and pg_restore: the server's own tools, found on PATH or in `--pg-bin`. */
export interface PgTool {
  name: 'pg_dump' | 'pg_restore';
  path: string;
  /** e.g. "15.20" */
  version: string;
  major: number;
}

export function majorOf(versionNum: number): number {
  return Math.floor(versionNum / 10_000);
}

export function pgTool(name: PgTool['name'], binDir?: string): PgTool {
  const bin = binDir ? path.join(binDir, name) : name;
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    const where = binDir ? `in ${binDir}` : 'on PATH';
    throw new ConfigError(
      `${name} was not found ${where}: install the PostgreSQL client tools of your server's major version (e.g. apt install postgresql-client-16) or give --pg-bin <folder holding ${name}>.`,
    );
  }
  // "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"
  const m = /\)\s+(\d+)(?:\.(\d+))?/.exec(r.stdout);
  if (!m) throw new ConfigError(`cannot read the version of ${bin} from "${r.stdout.trim()}".`);
  return { name, path: bin, version: m[2] ? `${m[1]}.${m[2]}` : m[1]!, major: Number(m[1]) };
}

/**
 * How a tool reaches the database without the password on its command line (where `ps` shows it):
 * the URL without it, and PGPASSWORD in the tool's environment.
 */
export function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  u.password = '';
  return { dbname: u.toString(), env: password ? { PGPASSWORD: password } : {} };
}

export interface Running {
  stdout: Readable;
  /** Resolves when the tool exits 0; rejects with its error lines otherwise. */
  done: Promise<void>;
}

/**
 * What a PostgreSQL tool inherits of this process's environment: where programs and locales are,
 * and libpq's own PG* settings (sslmode, service files, …), never Palisade's keys and secrets.
 */
function childEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([k]) => /^(PATH|HOME|LANG|LC_[A-Z]+|TZ|TMPDIR|PG[A-Z_]+)$/.test(k)),
  );
}

/**
 * Runs a tool, feeding `stdin` if given. Each stderr line goes to `onLine` (the --verbose output
 * progress is counted from); the last error lines make the failure's message.
 */
export function runTool(
  tool: PgTool,
  args: string[],
  opts: { env: NodeJS.ProcessEnv; stdin?: Readable; onLine?: (line: string) => void },
): Running {
  const child = spawn(tool.path, args, {
    env: { ...childEnv(), ...opts.env, PGCONNECT_TIMEOUT: process.env.PGCONNECT_TIMEOUT ?? '10' },
    stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  const errors: string[] = [];
  let partial = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      if (/\b(error|fatal|FATAL|ERROR)\b/.test(line) || /^\S+:\s+(detail|hint):/i.test(line)) errors.push(line);
      opts.onLine?.(line);
    }
  });
  if (opts.stdin && child.stdin) {
    opts.stdin.pipe(child.stdin);
    // pg_restore stops reading when it fails: the broken pipe is its failure, reported by its exit.
    child.stdin.on('error', () => {});
  }
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (err) => reject(new BackupError(`${tool.name} could not run: ${err.message}`)));
    child.on('close', (code, signal) => {
      if (partial) {
        if (/\b(error|fatal)\b/i.test(partial)) errors.push(partial);
        opts.onLine?.(partial);
      }
      if (code === 0) resolve();
      else {
        const why = errors.slice(-4).join(' / ') || `exit code ${code ?? signal}`;
        reject(new BackupError(`${tool.name} failed: ${why}`));
      }
    });
  });
  done.catch(() => {}); // the caller awaits it; never an unhandled rejection meanwhile
  return { stdout: child.stdout!, done };
}

/** The lines of a tool's output. */
export async function* linesOf(stream: Readable): AsyncGenerator<string> {
  let partial = '';
  for await (const chunk of stream) {
    const parts = (partial + (chunk as Buffer).toString('utf8')).split('\n');
    partial = parts.pop()!;
    yield* parts;
  }
  if (partial) yield partial;
}

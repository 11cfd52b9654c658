import {
  chmodSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The embedded engine's data dir belongs to one process at a time: PGlite keeps the database in
 * memory and writes it back, so two processes on one folder silently lose each other's writes.
 * Whoever opens it holds `palisade.lock` (pid, hostname, start time) until it closes or exits;
 * a second opener is refused with one sentence, and a lock left by a dead process is taken over.
 */
export const LOCK_FILE = 'palisade.lock';

/** Another live process holds the data dir: the CLI reports it in one sentence, exit code 1. */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

interface LockInfo {
  pid: number;
  hostname: string;
  startedAt: string;
}

function readLock(file: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockInfo>;
    return typeof info.pid === 'number' ? (info as LockInfo) : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else, so it is alive.
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Holders in this process, so a second open here is refused too and exit removes them all. */
const held = new Set<string>();
let exitHookInstalled = false;

function releaseAllOnExit() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const file of held) {
      try {
        unlinkSync(file);
      } catch {}
    }
  });
}

/** A takeover guard older than this was left by a process that died while taking over. */
const TAKEOVER_STALE_MS = 10_000;

/**
 * Removes a stale lock so the caller can link its own. Two processes that both judged it stale
 * must not both remove it (the second would delete the first one's fresh lock), so the removal
 * happens under a second, exclusive guard file, and only while the lock still holds the very
 * holder that was judged stale. Whoever loses the race gets EEXIST at its next link and reads
 * the winner's live lock.
 */
function takeOver(file: string, stale: LockInfo, dir: string): void {
  const guard = `${file}.takeover`;
  try {
    writeFileSync(guard, String(process.pid), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const age = Date.now() - (lstatSync(guard, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > TAKEOVER_STALE_MS) unlinkSync(guard);
    else {
      throw new DataDirLockedError(
        `the embedded database in ${dir} is being opened by another process (lock file ${guard}): try again in a moment.`,
      );
    }
    return; // the caller retries: the next attempt takes the guard
  }
  try {
    const now = readLock(file);
    if (now && now.pid === stale.pid && now.startedAt === stale.startedAt && now.hostname === stale.hostname) {
      unlinkSync(file);
    }
  } finally {
    unlinkSync(guard);
  }
}

/** Creates the dir (0700) and takes its lock; the returned function releases it (idempotent). */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(path.resolve(dir), LOCK_FILE);
  const me: LockInfo = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() };
  // Written whole to a private name, then linked into place: link() fails atomically when the lock
  // exists, and a reader never sees a half-written file.
  const tmp = `${file}.${process.pid}.${Date.now()}`;
  writeFileSync(tmp, `${JSON.stringify(me)}\n`, { mode: 0o600 });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(tmp, file);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw err;
        const holder = readLock(file);
        // Stale: written on this host by a process that is gone, or by an earlier process that had
        // our pid (a container's pid 1). A holder on another host cannot be checked, so it stands.
        const stale =
          holder !== undefined &&
          holder.hostname === me.hostname &&
          !held.has(file) &&
          (holder.pid === process.pid || !alive(holder.pid));
        if (!stale) {
          const who = holder
            ? `process ${holder.pid}${holder.hostname === me.hostname ? '' : ` on ${holder.hostname}`}`
            : 'another process';
          throw new DataDirLockedError(
            `the embedded database in ${dir} is in use by ${who} (lock file ${file}): stop that process first, or point PALISADE_DATA_DIR at another folder.`,
          );
        }
        takeOver(file, holder!, dir);
      }
    }
  } finally {
    unlinkSync(tmp);
  }
  held.add(file);
  releaseAllOnExit();
  return () => {
    if (!held.delete(file)) return;
    try {
      unlinkSync(file);
    } catch {}
  };
}

/**
 * Takes group and other permissions off everything in the data dir (dirs 0700, files 0600):
 * PGlite creates its files world-writable, and the dir also holds the development secrets.
 */
export function tightenDataDir(dir: string): void {
  const walk = (p: string) => {
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (!st || st.isSymbolicLink()) return;
    if (st.isDirectory()) {
      if ((st.mode & 0o777) !== 0o700) chmodSync(p, 0o700);
      for (const name of readdirSync(p)) walk(path.join(p, name));
    } else if ((st.mode & 0o077) !== 0) {
      chmodSync(p, st.mode & 0o700);
    }
  };
  if (process.platform !== 'win32') walk(dir);
}

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from './datadir.ts';
import { openPglite } from './pglite.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const cli = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['bin/palisade.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });

/** Every path under `dir`, itself included. */
function walk(dir: string): string[] {
  const out = [dir];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    out.push(...(lstatSync(p).isDirectory() ? walk(p) : [p]));
  }
  return out;
}

/** A pid that was alive a moment ago and is not any more. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('the embedded data dir is one process’s at a time, and private', () => {
  const root = path.join(ROOT, '.tmp', `datadir-${randomBytes(4).toString('hex')}`);
  const dir = path.join(root, 'data');
  const lock = path.join(dir, LOCK_FILE);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('a second process opening the dir while it is open is refused with one sentence naming the dir and the pid', async () => {
    const db = await openPglite({ dataDir: dir });
    try {
      expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({ pid: process.pid, hostname: os.hostname() });
      const other = cli(['migrate'], { PALISADE_DATA_DIR: dir });
      expect(other.status).toBe(1);
      const lines = other.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`palisade: the embedded database in ${dir} is in use by process ${process.pid}`);
      // A second open in this process is refused the same way.
      await expect(openPglite({ dataDir: dir })).rejects.toThrow(`in use by process ${process.pid}`);
    } finally {
      await db.close();
    }
  });

  it('close releases the lock: the next open works', async () => {
    expect(existsSync(lock)).toBe(false);
    const db = await openPglite({ dataDir: dir });
    expect(existsSync(lock)).toBe(true);
    await db.close();
    expect(existsSync(lock)).toBe(false);
  });

  it('a lock left by a dead process is taken over', async () => {
    const pid = deadPid();
    writeFileSync(lock, JSON.stringify({ pid, hostname: os.hostname(), startedAt: new Date().toISOString() }));
    const db = await openPglite({ dataDir: dir });
    try {
      expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(process.pid);
    } finally {
      await db.close();
    }
  });

  it('a stale lock another opener is already taking over is not taken twice', async () => {
    const pid = deadPid();
    const stale = JSON.stringify({ pid, hostname: os.hostname(), startedAt: new Date().toISOString() });
    writeFileSync(lock, stale);
    writeFileSync(`${lock}.takeover`, '1');
    try {
      await expect(openPglite({ dataDir: dir })).rejects.toThrow(/is being opened by another process/);
      expect(readFileSync(lock, 'utf8')).toBe(stale); // nothing removed while the other takes over
    } finally {
      rmSync(`${lock}.takeover`, { force: true });
      rmSync(lock, { force: true });
    }
  });

  it('a takeover guard left by a process that died while taking over is ignored after a while', async () => {
    const pid = deadPid();
    writeFileSync(lock, JSON.stringify({ pid, hostname: os.hostname(), startedAt: new Date().toISOString() }));
    const guard = `${lock}.takeover`;
    writeFileSync(guard, '1');
    const old = new Date(Date.now() - 60_000);
    utimesSync(guard, old, old);
    const db = await openPglite({ dataDir: dir });
    try {
      expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(process.pid);
      expect(existsSync(guard)).toBe(false);
    } finally {
      await db.close();
    }
  });

  it('a lock held by a live process that exits without closing is released at exit', () => {
    const script = `
      const { openPglite } = await import(${JSON.stringify(path.join(ROOT, 'src/db/pglite.ts'))});
      await openPglite({ dataDir: ${JSON.stringify(dir)} });
      process.exit(0);`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });

  it.skipIf(process.platform === 'win32')(
    'no file or folder in the data dir is readable or writable by group or others',
    () => {
      const loose = walk(dir).filter((p) => (lstatSync(p).mode & 0o077) !== 0);
      expect(loose).toEqual([]);
      expect(walk(dir).length).toBeGreaterThan(100); // the walk saw a real data dir
    },
  );

  it('the in-memory engine takes no lock (tests open many at once)', async () => {
    const [a, b] = await Promise.all([openPglite({}), openPglite({})]);
    try {
      // Both are open and usable at the same time.
      const [ra, rb] = await Promise.all([
        a.query<{ n: number }>('select 1 as n'),
        b.query<{ n: number }>('select 2 as n'),
      ]);
      expect([ra.rows[0]!.n, rb.rows[0]!.n]).toEqual([1, 2]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

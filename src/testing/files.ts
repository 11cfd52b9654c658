import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** Files under `dir` (relative to the repository root) whose names end in `ext`, as sorted posix paths. */
export function filesUnder(dir: string, ext: string): string[] {
  return (
    readdirSync(path.join(REPO_ROOT, dir), { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[]
  )
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => path.relative(REPO_ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** For a test file: `tmp()` makes a fresh folder under the system's temp dir; all are removed after its tests. */
export function tempDirs(prefix: string): () => string {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = mkdtempSync(path.join(os.tmpdir(), prefix));
    dirs.push(d);
    return d;
  };
}

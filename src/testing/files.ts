import { readdirSync } from 'node:fs';
import path from 'node:path';

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

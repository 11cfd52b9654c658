import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { filesUnder, REPO_ROOT } from '../testing/files.ts';

/** A kit, like src/db: the jobs of every domain run on it, so it may lean on no domain itself. */
it('the job queue kit imports no module but the kits below it', () => {
  const KITS = ['db', 'config', 'errors', 'jobs'];
  const SPEC = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
  const files = filesUnder('src/jobs', '.ts').filter((f) => !f.endsWith('.test.ts'));
  const wrong = files.flatMap((f) =>
    [...readFileSync(path.join(REPO_ROOT, f), 'utf8').matchAll(SPEC)]
      .map((m) => path.posix.normalize(path.posix.join(path.posix.dirname(f), m[1]!)))
      .filter((d) => !KITS.includes(d.split('/')[1]!))
      .map((d) => `${f} -> ${d}`),
  );
  expect(files).toContain('src/jobs/queue.ts');
  expect(wrong).toEqual([]);
});

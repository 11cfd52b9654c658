import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * Tests that spawn `palisade` run bin/palisade.js, the shipped entry point, which runs the compiled
 * dist/. Rebuilding it here when the sources changed (scripts/build.js --if-stale: a hash of the
 * sources, so nothing happens when they did not) keeps those tests about the code under test.
 */
export function setup() {
  const root = path.resolve(import.meta.dirname, '../..');
  const started = Date.now();
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/build.js'), '--if-stale'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('palisade: `npm run build` failed, so the CLI tests cannot run (see above).');
  const ms = Date.now() - started;
  if (ms > 1000) console.log(`[palisade] rebuilt dist/ from the changed sources in ${ms} ms`);
}

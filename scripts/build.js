#!/usr/bin/env node
// `npm run build`: compiles src/ to the JavaScript the package runs (dist/), so `palisade` starts
// without compiling TypeScript. `prepare` runs it on `npm install`/`npm ci` in a checkout; the
// packed tarball carries dist/ and runs no build.
//
//   --if-stale  skip when dist/ was built from the current sources (the test setup uses it, so the
//               CLI tests always spawn what the sources say)
//   --prepare   as `prepare` runs it: without the compiler (`npm ci --omit=dev`) say so and skip
//
// The output goes to a fresh folder that then replaces dist/ at once, so a process starting the CLI
// meanwhile sees the old build or the new one, never half of either.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const stampFile = path.join(dist, '.source-hash');
const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
const args = new Set(process.argv.slice(2));

/**
 * A hash of everything the build reads: the non-test sources, the migrations (the embedded image
 * is built from them) and the compiler settings.
 */
function sourceHash() {
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const f = path.join(dir, e.name);
      if (e.isDirectory()) walk(f);
      else if ((f.endsWith('.ts') && !f.endsWith('.test.ts')) || f.endsWith('.sql')) files.push(f);
    }
  };
  walk('src');
  files.sort();
  const h = createHash('sha256');
  for (const f of [...files, 'tsconfig.json', 'tsconfig.build.json']) {
    h.update(`${f}\0`);
    h.update(readFileSync(path.join(root, f)));
  }
  return h.digest('hex');
}

const hash = sourceHash();
if (args.has('--if-stale') && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) process.exit(0);
if (!existsSync(tsc)) {
  console.error('palisade build: the TypeScript compiler (a devDependency) is not installed: run `npm install`.');
  process.exit(args.has('--prepare') ? 0 : 1);
}

const out = path.join(root, `dist.tmp-${process.pid}`);
rmSync(out, { recursive: true, force: true });
const r = spawnSync(tsc, ['-p', path.join(root, 'tsconfig.build.json'), '--outDir', out], { stdio: 'inherit' });
if (r.status !== 0) {
  rmSync(out, { recursive: true, force: true });
  console.error('palisade build: tsc failed.');
  process.exit(1);
}
// The embedded engine's first-start image (src/seed/first-start.ts), built by the code
// just compiled: a first start copies it instead of running initdb, the migrations and the seed.
try {
  const { buildFirstStartImage } = await import(pathToFileURL(path.join(out, 'seed', 'first-start.js')).href);
  await buildFirstStartImage(path.join(out, 'first-start'));
} catch (err) {
  rmSync(out, { recursive: true, force: true });
  console.error(
    `palisade build: the first-start image could not be built: ${err instanceof Error ? err.message : err}`,
  );
  process.exit(1);
}
writeFileSync(path.join(out, '.source-hash'), hash);
const old = path.join(root, `dist.old-${process.pid}`);
if (existsSync(dist)) renameSync(dist, old);
renameSync(out, dist);
rmSync(old, { recursive: true, force: true });

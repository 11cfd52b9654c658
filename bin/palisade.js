#!/usr/bin/env node
// Palisade runs the JavaScript compiled into dist/ (`npm run build`, which `npm install` runs in a
// checkout through `prepare`; the published package carries it), so a command starts without
// compiling TypeScript. After editing src/, run `npm run build` again (the tests do it themselves);
// in a checkout, a source newer than the build gets a warning, so an old build never runs unnoticed.
import { existsSync, readdirSync, statSync } from 'node:fs';

const entry = new URL('../dist/cli/index.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('palisade: dist/ is missing: run `npm run build` (npm install runs it in a checkout).');
  process.exit(2);
}
const stamp = new URL('../dist/.source-hash', import.meta.url);
if (existsSync(new URL('../scripts/build.js', import.meta.url)) && existsSync(stamp)) {
  const built = statSync(stamp).mtimeMs;
  const newer = (dir) =>
    readdirSync(dir, { withFileTypes: true }).some((e) => {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) return newer(p);
      const input = (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) || e.name.endsWith('.sql');
      return input && statSync(p).mtimeMs > built;
    });
  if (newer(new URL('../src', import.meta.url).pathname))
    console.error('palisade: src/ changed after the last build; this runs the old one (`npm run build` updates it).');
}
await import(entry.href);

#!/usr/bin/env node
// Palisade runs the JavaScript compiled into dist/ (`npm run build`, which `npm install` runs in a
// checkout through `prepare`; the published package carries it), so a command starts without
// compiling TypeScript. After editing src/, run `npm run build` again (the tests do it themselves).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/index.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('palisade: dist/ is missing: run `npm run build` (npm install runs it in a checkout).');
  process.exit(2);
}
await import(entry.href);

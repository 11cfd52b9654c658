#!/usr/bin/env node
// `npm test`: format and lint (Biome), dependency check (knip), type-check, then every test on
// embedded PGlite, and also on the PostgreSQL server in TEST_DATABASE_URL when it is set. Ends with a
// plain "N passed, N failed" line for CI logs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { testOutcome } from './test-outcome.js';

const bin = (name) => path.join('node_modules', '.bin', name);
const engines = process.env.TEST_DATABASE_URL
  ? 'PGlite and the PostgreSQL server in TEST_DATABASE_URL'
  : 'PGlite (set TEST_DATABASE_URL to add a PostgreSQL server)';
console.log(`palisade tests: format and lint, dependency check, type-check, then every suite on ${engines}`);

const gates = [
  ['Format and lint (biome; `npm run format` fixes formatting)', 'biome', ['check', '--error-on-warnings', '.']],
  ['Dependency check (knip: unused files, dependencies and exports)', 'knip', []],
  ['Type-check (tsc)', 'tsc', ['--noEmit', '-p', '.']],
];
for (const [label, name, args] of gates) {
  const r = spawnSync(bin(name), args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`${label} failed.`);
    console.log('tests: 0 passed, 1 failed');
    process.exit(1);
  }
}

mkdirSync('.tmp', { recursive: true });
const reportFile = path.join('.tmp', `vitest-${process.pid}.json`);
const run = spawnSync(
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
let report = null;
try {
  report = JSON.parse(readFileSync(reportFile, 'utf8'));
} catch {
  // testOutcome reports the missing report.
}
rmSync(reportFile, { force: true });
const outcome = testOutcome(run.status, report);
if (outcome.problem) console.error(outcome.problem);
console.log(outcome.summary);
process.exit(outcome.status);

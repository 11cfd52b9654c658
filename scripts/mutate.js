#!/usr/bin/env node
// `npm run mutate`: mutation testing, not part of `npm test` (it takes minutes). First StrykerJS on
// the security-critical TypeScript (stryker.config.mjs, tests in vitest.mutate.config.ts), then the
// SQL mutations of the policies and definer functions (scripts/mutate-sql.ts, when present). Prints
// one summary for both and fails when a mutant survives that is not documented as equivalent.
// `npm run mutate -- --report-only` prints the summary of the last run again without running;
// `--equivalents-table` prints scripts/mutation-equivalents.js as the table in docs/testing.md.
// docs/testing.md ("Mutation testing") explains the figures.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { EQUIVALENTS } from './mutation-equivalents.js';

const GROUPS = ['unit', 'database']; // stryker.config.mjs
const strykerReport = (group) => path.join('.tmp', 'mutation', `stryker-${group}.json`);
/** What scripts/mutate-sql.ts writes for this summary (the contract is below). */
const SQL_REPORT = path.join('.tmp', 'mutation', 'sql.json');
const TEMPLATES = path.join('.tmp', 'mutation', 'templates');
const BUDGET_MS = 15 * 60_000;
/** The database group runs on this server (TEST_DATABASE_URL, else the local one), PGlite if none answers. */
const SERVER_URL = process.env.TEST_DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/postgres';

const reportOnly = process.argv.includes('--report-only');

// `--equivalents-table`: the documented survivors as the Markdown table in docs/testing.md.
if (process.argv.includes('--equivalents-table')) {
  const cell = (t) => `\`${t.replaceAll('|', '\\|').replaceAll('`', "'")}\``;
  console.log('| file | line | mutant | why it survives |\n|---|---|---|---|');
  for (const e of EQUIVALENTS)
    console.log(
      `| \`${e.file.replace(/^src\//, '')}\` | ${cell(e.line)} | ${e.mutator} → ${cell(e.replacement)} | ${e.reason} |`,
    );
  process.exit(0);
}
const started = Date.now();
const minutes = (ms) => `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
const halves = [];
let failed = false;

// --- TypeScript: StrykerJS, one run per group of stryker.config.mjs ------------------------------
{
  const t0 = Date.now();
  const reports = [];
  if (!reportOnly) rmSync(TEMPLATES, { recursive: true, force: true });
  for (const group of GROUPS) {
    if (reportOnly) {
      if (existsSync(strykerReport(group))) reports.push(JSON.parse(readFileSync(strykerReport(group), 'utf8')));
      continue;
    }
    rmSync(strykerReport(group), { force: true });
    console.log(`\n== StrykerJS: the ${group} group`);
    // One engine, the template databases built once for every test runner Stryker starts. The
    // database group runs on the server: a test file's fresh database is a CREATE DATABASE …
    // TEMPLATE there (tens of milliseconds), where a PGlite clone takes one to two seconds, and
    // every mutant run pays it once per test file.
    const env = { ...process.env, PALISADE_MUTATE_GROUP: group, TEST_TEMPLATE_CACHE: path.resolve(TEMPLATES) };
    delete env.TEST_DATABASE_URL;
    const server = group === 'database' && (await answers(SERVER_URL));
    if (server) Object.assign(env, { TEST_DATABASE_URL: SERVER_URL, TEST_ENGINES: 'postgres' });
    else if (group === 'database') console.log(`(no PostgreSQL server answers at ${SERVER_URL}: PGlite, slower)`);
    const run = spawnSync(path.join('node_modules', '.bin', 'stryker'), ['run', 'stryker.config.mjs'], {
      stdio: 'inherit',
      env,
    });
    if (server) await dropServerTemplates();
    if (run.status !== 0 || !existsSync(strykerReport(group))) {
      console.error(`StrykerJS failed on the ${group} group (exit ${run.status ?? run.signal}).`);
      failed = true;
    } else reports.push(JSON.parse(readFileSync(strykerReport(group), 'utf8')));
  }
  if (reports.length > 0)
    halves.push({ name: 'TypeScript (StrykerJS)', ms: Date.now() - t0, ...strykerFigures(reports) });
  else if (reportOnly) console.error('No StrykerJS report under .tmp/mutation: run `npm run mutate` first.');
}

// --- SQL: scripts/mutate-sql.ts ------------------------------------------------------------------
// ▶ The SQL half (mutations of the policies and definer functions, run against the persona matrix)
//   is its own script, scripts/mutate-sql.ts, run here when it exists. Contract: it exits non-zero
//   only when it could not run, and writes SQL_REPORT as
//   { killed, survived, timeout?, noCoverage?, ignored?, survivors: [{ where, mutant }],
//     equivalents?: [{ where, reason }] }
//   with the same meanings as the StrykerJS figures (ignored = documented as equivalent).
if (existsSync(path.join('scripts', 'mutate-sql.ts'))) {
  const t0 = Date.now();
  if (!reportOnly) {
    rmSync(SQL_REPORT, { force: true });
    console.log('\n== SQL mutations (scripts/mutate-sql.ts)');
    // On the server when one answers: each mutant's copy is a template clone there, two at a time.
    const env = { ...process.env };
    delete env.TEST_DATABASE_URL;
    if (await answers(SERVER_URL)) env.TEST_DATABASE_URL = SERVER_URL;
    const run = spawnSync(path.join('node_modules', '.bin', 'tsx'), [path.join('scripts', 'mutate-sql.ts')], {
      stdio: 'inherit',
      env,
    });
    if (run.status !== 0) {
      console.error(`The SQL mutations failed (exit ${run.status ?? run.signal}).`);
      failed = true;
    }
  }
  if (existsSync(SQL_REPORT)) {
    const r = JSON.parse(readFileSync(SQL_REPORT, 'utf8'));
    halves.push({
      name: 'SQL (scripts/mutate-sql.ts)',
      ms: Date.now() - t0,
      killed: r.killed,
      timeout: r.timeout ?? 0,
      survived: r.survived,
      noCoverage: r.noCoverage ?? 0,
      ignored: r.ignored ?? 0,
      survivors: r.survivors ?? [],
      equivalents: r.equivalents ?? [],
    });
  } else if (!reportOnly) failed = true;
}

// --- Summary ----------------------------------------------------------------------------------------
const total = Date.now() - started;
console.log('\nMutation testing summary');
for (const h of halves) {
  const detected = h.killed + h.timeout;
  const valid = detected + h.survived + h.noCoverage;
  console.log(
    `  ${h.name}: ${score(detected, valid)} of ${valid} mutants detected (killed ${h.killed}, timeout ${h.timeout}; ` +
      `survived ${h.survived}, no coverage ${h.noCoverage}); ${h.ignored} documented as equivalent, ` +
      `not counted; ${minutes(h.ms)}`,
  );
  for (const e of h.equivalents) console.log(`    equivalent  ${e.where} ${e.reason}`);
  for (const s of h.loadFailures ?? [])
    console.log(`    killed      ${s.where} ${s.mutant}: a test file failed to load (the runner reports "survived")`);
  for (const s of h.survivors) console.log(`    SURVIVED    ${s.where} ${s.mutant}`);
  for (const s of h.stale ?? []) console.log(`    stale entry in scripts/mutation-equivalents.js: ${s}`);
  if (h.survivors.length > 0) failed = true;
}
if (!reportOnly)
  console.log(`  wall time ${minutes(total)}${total > BUDGET_MS ? ` (over the ${minutes(BUDGET_MS)} budget)` : ''}`);
if (failed) console.error('Undocumented survivors or a failed run: see above (docs/testing.md says what to do).');
process.exit(failed ? 1 : 0);

async function answers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** The server template the runners shared (src/testing/global-setup.ts), and every clone of it a killed runner left. */
async function dropServerTemplates() {
  const file = path.join(TEMPLATES, 'server.json');
  if (!existsSync(file)) return;
  const { prefix } = JSON.parse(readFileSync(file, 'utf8'));
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    const { rows } = await client.query('select datname from pg_database where datname like $1', [`${prefix}%`]);
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await client.end();
  }
}

function score(detected, valid) {
  return valid === 0 ? 'no mutants' : `${((100 * detected) / valid).toFixed(2)}%`;
}

/**
 * Counts from Stryker's JSON reports (mutation-testing-report-schema), one per group. Two corrections,
 * both listed in the output: a survivor documented in scripts/mutation-equivalents.js counts as
 * documented, not as a failure; and a survivor whose run completed fewer tests than cover it is
 * counted as killed, because a test file failed to load under the mutant (the module threw at
 * import), which the Vitest runner scores as "survived" without running that file's tests.
 */
function strykerFigures(reports) {
  const f = {
    killed: 0,
    timeout: 0,
    survived: 0,
    noCoverage: 0,
    ignored: 0,
    survivors: [],
    equivalents: [],
    loadFailures: [],
  };
  const used = new Set();
  for (const report of reports) {
    const allTests = Object.values(report.testFiles ?? {}).reduce((n, t) => n + t.tests.length, 0);
    for (const [file, { mutants, source }] of Object.entries(report.files)) {
      const lines = source.split('\n');
      for (const m of mutants) {
        const where = `${file}:${m.location.start.line}`;
        const original = lines[m.location.start.line - 1]?.trim() ?? '';
        const expected = m.static ? allTests : (m.coveredBy ?? []).length;
        if (m.status === 'Killed') f.killed++;
        else if (m.status === 'Timeout') f.timeout++;
        else if (m.status === 'Ignored') {
          f.ignored++;
          f.equivalents.push({
            where,
            reason: `${m.mutatorName} (not placed): ${m.statusReason ?? 'no reason given'}`,
          });
        } else if (m.status === 'Survived' && (m.testsCompleted ?? expected) < expected) {
          f.killed++;
          f.loadFailures.push({ where, mutant: `${m.mutatorName} -> \`${m.replacement}\`` });
        } else if (m.status === 'Survived' || m.status === 'NoCoverage') {
          const known = EQUIVALENTS.find(
            (e) =>
              e.file === file && e.line === original && e.mutator === m.mutatorName && e.replacement === m.replacement,
          );
          if (known) {
            used.add(known);
            f.ignored++;
            f.equivalents.push({ where, reason: `${m.mutatorName} -> \`${m.replacement}\`: ${known.reason}` });
          } else {
            if (m.status === 'Survived') f.survived++;
            else f.noCoverage++;
            f.survivors.push({
              where,
              mutant: `${m.status === 'NoCoverage' ? '(no test reaches it) ' : ''}${m.mutatorName} \`${original}\` -> \`${m.replacement}\``,
            });
          }
        }
        // CompileError / RuntimeError: the mutant could not run at all, so it is not in the score.
      }
    }
  }
  const mutated = new Set(reports.flatMap((r) => Object.keys(r.files)));
  f.stale = EQUIVALENTS.filter((e) => mutated.has(e.file) && !used.has(e)).map(
    (e) => `${e.file}: ${e.mutator} -> \`${e.replacement}\` on \`${e.line}\``,
  );
  return f;
}

// The SQL half of `npm run mutate`: applies each mutant of src/personas/sql-mutations.ts to a
// copy of a migrated, seeded database and runs the persona matrix and RPC probes on it: on the
// PostgreSQL server at TEST_DATABASE_URL when set (scripts/mutate.js sets it when one answers),
// two mutants at a time, else on embedded PGlite, one at a time.
// Exit 0: every mutant killed or documented as equivalent; 1: a survivor (or an equivalent that
// was killed: its documentation is wrong); 2: the list no longer matches the SQL.
// Writes .tmp/mutation/sql.json (read by scripts/mutate.js for its summary).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openPostgres } from '../src/db/postgres.ts';
import { embeddedEngine, type MutantResult, type MutationEngine, runSqlMutations } from '../src/personas/mutate-sql.ts';
import { adminQuery, withDatabase } from '../src/testing/template.ts';

const serverUrl = process.env.TEST_DATABASE_URL?.trim() || undefined;
const prefix = `palisade_mutsql${Date.now().toString(36)}`;

/** Each copy a CREATE DATABASE … TEMPLATE of the checked base; every database this run made is dropped at the end. */
function serverEngine(url: string): MutationEngine {
  const template = `${prefix}_template`;
  let n = 0;
  return {
    async base() {
      await adminQuery(url, `create database ${template}`);
      return openPostgres({ url: withDatabase(url, template), max: 2 });
    },
    freeze: (base) => base.close(), // a template must have no connections when it is copied
    async copy() {
      const name = `${prefix}_${n++}`;
      await adminQuery(url, `create database ${name} template ${template}`);
      const db = openPostgres({ url: withDatabase(url, name), max: 2 });
      return {
        db,
        async close() {
          await db.close();
          await adminQuery(url, `drop database if exists ${name} with (force)`);
        },
      };
    },
    concurrency: 2,
  };
}

async function dropAll(url: string) {
  const { rows } = await adminQuery(url, 'select datname from pg_database where datname like $1', [`${prefix}%`]);
  for (const r of rows as { datname: string }[])
    await adminQuery(url, `drop database if exists ${r.datname} with (force)`);
}

try {
  console.log(serverUrl ? `engine: the PostgreSQL server (${new URL(serverUrl).host})` : 'engine: embedded PGlite');
  const report = await runSqlMutations(
    (done, total, r) => {
      const verdict = r.killed ? 'killed' : r.mutation.equivalent ? 'survived (documented equivalent)' : 'SURVIVED';
      console.log(`[${done}/${total}] ${r.mutation.id}: ${verdict}${r.by ? ` by ${r.by.slice(0, 140)}` : ''}`);
    },
    undefined,
    serverUrl ? serverEngine(serverUrl) : embeddedEngine(),
  ).finally(() => (serverUrl ? dropAll(serverUrl) : undefined));
  // For scripts/mutate.js's summary (its contract), and for reading afterwards.
  mkdirSync(path.join('.tmp', 'mutation'), { recursive: true });
  const where = (r: MutantResult) => `src/${r.mutation.file} (${r.mutation.id})`;
  writeFileSync(
    path.join('.tmp', 'mutation', 'sql.json'),
    JSON.stringify(
      {
        killed: report.killed - report.wronglyEquivalent.length,
        survived: report.survived.length + report.wronglyEquivalent.length,
        ignored: report.equivalent,
        survivors: [
          ...report.survived.map((r) => ({ where: where(r), mutant: r.mutation.what })),
          ...report.wronglyEquivalent.map((r) => ({
            where: where(r),
            mutant: `documented as equivalent, but killed by ${r.by}: correct src/personas/sql-mutations.ts`,
          })),
        ],
        equivalents: report.results
          .filter((r) => !r.killed && r.mutation.equivalent)
          .map((r) => ({ where: where(r), reason: `${r.mutation.what}: ${r.mutation.equivalent}` })),
        results: report.results.map((r) => ({ id: r.mutation.id, what: r.mutation.what, killed: r.killed, by: r.by })),
        ms: Math.round(report.ms),
      },
      null,
      2,
    ),
  );
  console.log(
    `SQL mutations: ${report.results.length} mutants, ${report.killed} killed, ${report.survived.length} survived, ` +
      `${report.equivalent} documented equivalent; score ${report.score.toFixed(1)}% in ${(report.ms / 1000).toFixed(0)} s`,
  );
  for (const r of report.survived) console.log(`  survivor: ${r.mutation.id} (${r.mutation.what})`);
  for (const r of report.wronglyEquivalent)
    console.log(`  documented as equivalent but killed: ${r.mutation.id} by ${r.by}`);
  process.exit(report.survived.length || report.wronglyEquivalent.length ? 1 : 0);
} catch (err) {
  console.error(`mutate-sql: ${(err as Error).message}`);
  process.exit(2);
}

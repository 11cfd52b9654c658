// The SQL half of `npm run mutate`: applies each mutant of src/personas/sql-mutations.ts to a
// copy of a migrated, seeded embedded database and runs the persona matrix and RPC probes on it.
// Exit 0: every mutant killed or documented as equivalent; 1: a survivor (or an equivalent that
// was killed: its documentation is wrong); 2: the list no longer matches the SQL.
// Writes .tmp/mutation/sql.json (read by scripts/mutate.js for its summary).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type MutantResult, runSqlMutations } from '../src/personas/mutate-sql.ts';

try {
  const report = await runSqlMutations((done, total, r) => {
    const verdict = r.killed ? 'killed' : r.mutation.equivalent ? 'survived (documented equivalent)' : 'SURVIVED';
    console.log(`[${done}/${total}] ${r.mutation.id}: ${verdict}${r.by ? ` by ${r.by.slice(0, 140)}` : ''}`);
  });
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

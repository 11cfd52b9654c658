// The SQL half of `npm run mutate`: applies each mutant of src/personas/sql-mutations.ts to a
// copy of a migrated, seeded embedded database and runs the persona matrix and RPC probes on it.
// Exit 0: every mutant killed or documented as equivalent; 1: a survivor (or an equivalent that
// was killed: its documentation is wrong); 2: the list no longer matches the SQL.
// Writes .tmp/mutate-sql.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { runSqlMutations } from '../src/personas/mutate-sql.ts';

try {
  const report = await runSqlMutations((done, total, r) => {
    const verdict = r.killed ? 'killed' : r.mutation.equivalent ? 'survived (documented equivalent)' : 'SURVIVED';
    console.log(`[${done}/${total}] ${r.mutation.id}: ${verdict}${r.by ? ` by ${r.by.slice(0, 140)}` : ''}`);
  });
  mkdirSync('.tmp', { recursive: true });
  writeFileSync(
    '.tmp/mutate-sql.json',
    JSON.stringify(
      {
        ...report,
        results: report.results.map((r) => ({ id: r.mutation.id, what: r.mutation.what, killed: r.killed, by: r.by })),
        survived: report.survived.map((r) => r.mutation.id),
        wronglyEquivalent: report.wronglyEquivalent.map((r) => r.mutation.id),
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

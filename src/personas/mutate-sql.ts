import { openPglite } from '../db/pglite.ts';
import type { Database } from '../db/types.ts';
import { loadMigrations, migrate } from '../migrations/runner.ts';
import { seedDemo } from '../seed/demo.ts';
import { checkEntry, newTally } from './check.ts';
import { MATRIX } from './matrix.ts';
import { checkRpcProbes } from './rpc-probes.ts';
import { SQL_MUTATIONS, type SqlMutation } from './sql-mutations.ts';

/*
 * The SQL mutation run: each mutant of src/personas/sql-mutations.ts on its own copy of a migrated,
 * seeded embedded database, judged by the persona matrix and the RPC probes. Run by
 * scripts/mutate-sql.ts (`npm run mutate`).
 */

/** The file with the mutation's one change; throws when its text is not there exactly once. */
export function applyMutation(sql: string, m: SqlMutation): string {
  const at = sql.indexOf(m.find);
  if (at < 0 || sql.indexOf(m.find, at + 1) >= 0) {
    throw new Error(
      `mutation ${m.id}: its text must occur exactly once in ${m.file} (found ${at < 0 ? 'none' : 'several'}); update src/personas/sql-mutations.ts`,
    );
  }
  return sql.slice(0, at) + m.replace + sql.slice(at + m.find.length);
}

/** What the matrix and the RPC probes see differ from what they expect. */
async function problemsOn(db: Database): Promise<string[]> {
  const tally = newTally();
  const problems: string[] = [];
  for (const entry of MATRIX) problems.push(...(await checkEntry(db, entry, tally)).map((p) => `${entry.table}: ${p}`));
  problems.push(...(await checkRpcProbes(db)));
  return problems;
}

export interface MutantResult {
  mutation: SqlMutation;
  killed: boolean;
  /** The first thing that noticed, when killed. */
  by?: string;
}

export interface SqlMutationReport {
  results: MutantResult[];
  killed: number;
  survived: MutantResult[];
  /** Survivors documented as equivalent. */
  equivalent: number;
  /** Mutants documented as equivalent that were killed after all: the documentation is wrong. */
  wronglyEquivalent: MutantResult[];
  /** killed / (all − documented equivalents), as a percentage. */
  score: number;
  ms: number;
}

/**
 * Where the mutants run: a base database to migrate, seed and check unmutated, then a private copy
 * of it per mutant. Embedded by default; scripts/mutate-sql.ts passes the server's when one
 * answers (a template copy there takes milliseconds, and two mutants run at once on two cores).
 */
export interface MutationEngine {
  base(): Promise<Database>;
  /** The checked base becomes the source of every copy (and is closed). */
  freeze(base: Database): Promise<void>;
  copy(): Promise<{ db: Database; close(): Promise<void> }>;
  concurrency: number;
}

export function embeddedEngine(): MutationEngine {
  let image: Blob | undefined;
  return {
    base: () => openPglite({}),
    async freeze(base) {
      image = await (base as Awaited<ReturnType<typeof openPglite>>).dump();
      await base.close();
    },
    async copy() {
      const db = await openPglite({ loadDataDir: image });
      return { db, close: () => db.close() };
    },
    // One process: PGlite instances share its one thread, so more at once gains nothing.
    concurrency: 1,
  };
}

export async function runSqlMutations(
  onMutant: (done: number, total: number, r: MutantResult) => void = () => {},
  mutations: SqlMutation[] = SQL_MUTATIONS,
  engine: MutationEngine = embeddedEngine(),
): Promise<SqlMutationReport> {
  const started = performance.now();
  const files = new Map(loadMigrations().map((m) => [`${m.module}/sql/${m.name}`, m.sql]));
  const planned = mutations.map((m) => {
    const sql = files.get(m.file);
    if (sql === undefined) throw new Error(`mutation ${m.id}: ${m.file} is not a migration`);
    return { mutation: m, sql: applyMutation(sql, m) };
  });

  const base = await engine.base();
  await migrate(base);
  await seedDemo(base);
  const baseline = await problemsOn(base);
  if (baseline.length) {
    await base.close();
    throw new Error(`the unmutated database already differs from the matrix: ${baseline[0]}`);
  }
  await engine.freeze(base);

  const results: MutantResult[] = [];
  const queue = [...planned];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { mutation, sql } = next;
      const { db, close } = await engine.copy();
      try {
        // palisade-lint: constant-sql a migration file of this package with one edit from src/personas/sql-mutations.ts
        await db.transaction((tx) => tx.exec(sql));
        const problems = await problemsOn(db);
        const r: MutantResult = { mutation, killed: problems.length > 0, ...(problems[0] ? { by: problems[0] } : {}) };
        results.push(r);
        onMutant(results.length, planned.length, r);
      } finally {
        await close();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, engine.concurrency) }, worker));
  // In the list's order, whichever finished first.
  results.sort(
    (a, b) => planned.findIndex((p) => p.mutation === a.mutation) - planned.findIndex((p) => p.mutation === b.mutation),
  );
  const killed = results.filter((r) => r.killed).length;
  const equivalent = results.filter((r) => !r.killed && r.mutation.equivalent).length;
  const judged = results.length - results.filter((r) => r.mutation.equivalent).length;
  return {
    results,
    killed,
    survived: results.filter((r) => !r.killed && !r.mutation.equivalent),
    equivalent,
    wronglyEquivalent: results.filter((r) => r.killed && r.mutation.equivalent),
    score: judged ? (100 * results.filter((r) => r.killed && !r.mutation.equivalent).length) / judged : 100,
    ms: performance.now() - started,
  };
}

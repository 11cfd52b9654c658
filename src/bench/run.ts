import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import type pg from 'pg';
import { openPglite } from '../db/pglite.ts';
import { openPostgres } from '../db/postgres.ts';
import type { Database } from '../db/types.ts';
import { migrate } from '../migrations/runner.ts';
import { adminQuery, withDatabase } from '../testing/template.ts';
import { benchApi } from './api.ts';
import { benchApiCreate } from './api-create.ts';
import { benchAuditAppend, benchAuditVerify } from './audit.ts';
import { worstOf } from './curve.ts';
import { benchRls, benchRlsPerRequest, explainRls, SCALE_QUERIES, seedRlsBench } from './rls.ts';
import { reportScale, runScaleCases, type ScaleResult, scaleFigures } from './scale-cases.ts';
import { benchCliHelp, benchStartup } from './startup.ts';
import { type Comparison, formatTable, type Interval, type Target, type Verdict, verdict } from './stats.ts';
import { benchTxSetup } from './txsetup.ts';

export interface BenchOptions {
  engine: 'postgres' | 'pglite';
  /** Server URL for an administrative connection; the bench creates and drops its own database. */
  serverUrl?: string;
  quick: boolean;
  json?: string;
  progress: (label: string, total: number) => { tick: (n?: number) => void; stop: () => void };
  log: (line: string) => void;
}

export interface BenchResult {
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; engine: string; postgres: string };
  params: Record<string, number | boolean>;
  comparisons: Comparison[];
  explain: string;
  setCost: ScaleResult['setCost'];
  explainLargestSet: string;
  keys: Record<string, number | null>;
  /** Each target's figure's 95 % interval (bootstrap over rounds). */
  intervals: Record<string, Pick<Interval, 'low' | 'high'>>;
  /** Met, missed or within noise, for each target measured in this run. */
  verdicts: Record<string, Verdict>;
}

/**
 * The targets (docs/benchmarks.md): figures to beat, not tests. A verdict compares the figure's
 * interval, not the figure: an interval that straddles its target is within this machine's noise.
 */
const TARGETS: Record<string, Target> = {
  rls_overhead_ratio: { op: '<=', value: 1.1 },
  rls_per_request_ratio: { op: '<=', value: 1.25 },
  rls_per_request_acting_ratio: { op: '<=', value: 1.25 },
  tx_setup_ratio: { op: '<=', value: 1.25 },
  rls_overhead_ratio_10000_orgs: { op: '<=', value: 1.25 },
  tx_setup_ratio_10000_orgs: { op: '<=', value: 1.25 },
  rls_overhead_acting_ratio_10000_orgs: { op: '<=', value: 1.25 },
  tx_setup_acting_ratio_10000_orgs: { op: '<=', value: 1.25 },
  rls_overhead_ratio_10000_clients: { op: '<=', value: 1.25 },
  tx_setup_ratio_10000_clients: { op: '<=', value: 1.25 },
  rls_overhead_acting_ratio_10000_clients: { op: '<=', value: 1.25 },
  tx_setup_acting_ratio_10000_clients: { op: '<=', value: 1.25 },
  rls_overhead_ratio_1000000_rows: { op: '<=', value: 1.1 },
  rls_overhead_ratio_10000000_rows: { op: '<=', value: 1.1 },
  api_throughput_ratio: { op: '>=', value: 0.85 },
  api_create_ratio: { op: '>=', value: 0.85 },
  audit_append_ratio_many_orgs: { op: '>=', value: 0.7 },
  audit_verify_vs_sha256_ratio: { op: '>=', value: 0.5 },
  startup_ms_empty: { op: '<=', value: 3_000 },
  cli_help_ms: { op: '<=', value: 300 },
};

async function openBenchDatabase(opts: BenchOptions): Promise<{ db: Database; drop: () => Promise<void> }> {
  if (opts.engine === 'pglite') {
    const db = await openPglite({});
    return { db, drop: () => db.close() };
  }
  const name = `palisade_bench_${randomBytes(4).toString('hex')}`;
  await adminQuery(opts.serverUrl!, `create database ${name}`);
  const db = openPostgres({ url: withDatabase(opts.serverUrl!, name), max: 10 });
  return {
    db,
    drop: async () => {
      await db.close();
      await adminQuery(opts.serverUrl!, `drop database if exists ${name} with (force)`);
    },
  };
}

export async function runBench(opts: BenchOptions): Promise<BenchResult> {
  const rows = opts.quick ? 100_000 : 1_000_000;
  const orgs = 2_000;
  const cmp = opts.quick ? { rounds: 6, batch: 100 } : { rounds: 10, batch: 300 };
  const { db, drop } = await openBenchDatabase(opts);
  try {
    await migrate(db);
    // The bench measures what the security costs, not plan limits: its throwaway database's free
    // plan allows more than any case writes or requests (the counting itself still runs).
    await db.query(
      `update platform.plans set limits = '{"leads": 1e12, "ai_qualifications": 1e12, "api_requests": 1e12,
         "members": 1e12, "workspaces": 1e12, "integrations": 1e12}' where id = 'free'`,
    );
    const bar = opts.progress(`seeding ${rows.toLocaleString('en')} rows over ${orgs} organisations`, rows);
    let last = 0;
    const seeded = await seedRlsBench(db, {
      rows,
      orgs,
      ...cmp,
      onProgress: (done) => {
        bar.tick(done - last);
        last = done;
      },
    });
    bar.stop();
    const version = (await db.query<{ v: string }>('select version() as v')).rows[0]!.v;

    const comparisons: Comparison[] = [];
    opts.log('case 1: RLS overhead');
    const rls = await benchRls(db, seeded, cmp);
    comparisons.push(...rls);
    opts.log('case 1b: RLS per request (each statement its own transaction)');
    const perRequest = await benchRlsPerRequest(db, seeded, cmp);
    comparisons.push(...perRequest);
    // The same, acting in the organisation, as a request to the server's /v1/orgs/{orgId}/… routes.
    const perRequestActing = await benchRlsPerRequest(db, { ...seeded, actingOrg: seeded.org }, cmp, {
      label: 'RLS per request, acting in the organisation',
      queries: SCALE_QUERIES,
    });
    comparisons.push(...perRequestActing);
    opts.log('case 2: per-request transaction setup');
    const tx = await benchTxSetup(db, seeded.user, { rounds: cmp.rounds, batch: cmp.batch * 2 });
    comparisons.push(tx);
    const explain = await explainRls(db, seeded);

    opts.log('case 3: API throughput (autocannon)');
    const load = opts.quick
      ? { rounds: 2, durationSeconds: 3, connections: 10 }
      : { rounds: 3, durationSeconds: 8, connections: 10 };
    const api = await benchApi(db, seeded, load);
    comparisons.push(api);
    opts.log('case 3b: API create (autocannon)');
    const apiCreate = await benchApiCreate(db, seeded, load);
    comparisons.push(apiCreate);

    let append: Awaited<ReturnType<typeof benchAuditAppend>> | null = null;
    if (opts.engine === 'postgres') {
      opts.log('case 4: audit append, 8 concurrent writers');
      append = await benchAuditAppend(
        db as Database & { pool: pg.Pool },
        opts.quick ? { rounds: 6, perWriter: 100 } : { rounds: 12, perWriter: 250 },
      );
      comparisons.push(append.oneOrg, append.manyOrgs);
    } else {
      opts.log('case 4: audit append skipped: PGlite has one connection, so it says nothing about concurrency');
    }
    opts.log('case 5: audit verify');
    // A million entries on the server, where start-up no longer weighs in; PGlite keeps 100,000.
    const verify = await benchAuditVerify(
      db,
      opts.quick
        ? { entries: 20_000, rounds: 3 }
        : { entries: opts.engine === 'postgres' ? 1_000_000 : 100_000, rounds: 5 },
    );
    comparisons.push(verify);
    opts.log('case 6: start-up of `palisade serve` on the embedded engine');
    const startup = await benchStartup({ rounds: opts.quick ? 1 : 3 });
    opts.log('case 7: `palisade --help`, from spawn to exit, against `node -e ""`');
    const cliHelp = await benchCliHelp(opts.quick ? { rounds: 3, batch: 5 } : { rounds: 5, batch: 10 });
    comparisons.push(cliHelp);

    const scale = await runScaleCases(db, { ...opts, seeded, rows, rls, cmp });
    comparisons.push(...scale.comparisons);

    const keys: Record<string, number | null> = {
      rls_overhead_ratio: worstOf(rls).ratio,
      rls_per_request_ratio: worstOf(perRequest).ratio,
      rls_per_request_acting_ratio: worstOf(perRequestActing).ratio,
      tx_setup_ratio: tx.ratio,
      api_throughput_ratio: api.ratio,
      api_create_ratio: apiCreate.ratio,
      audit_append_ratio_one_org: append?.oneOrg.ratio ?? null,
      audit_append_ratio_many_orgs: append?.manyOrgs.ratio ?? null,
      audit_verify_vs_sha256_ratio: verify.ratio,
      startup_ms_empty: startup.emptyMs,
      startup_ms_populated: startup.populatedMs,
      cli_help_ms: cliHelp.case.median,
      api_rps_baseline: api.baselineRps,
      api_rps_case: api.caseRps,
      api_p99_ms_baseline: api.baselineP99,
      api_p99_ms_case: api.caseP99,
    };
    for (const c of comparisons) {
      const k = c.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '_')
        .replace(/^_|_$/g, '');
      const unit = (c.unit ?? 'ms').replace('/', '_per_');
      keys[`${k}_baseline_median_${unit}`] = c.baseline.median;
      keys[`${k}_case_median_${unit}`] = c.case.median;
    }
    // Each target's figure with its interval and verdict. An RLS figure is the worst of its
    // queries, so its interval runs from the highest low to the highest high of theirs.
    const intervals: Record<string, Pick<Interval, 'low' | 'high'>> = {
      rls_overhead_ratio: worstOf(rls).interval,
      rls_per_request_ratio: worstOf(perRequest).interval,
      rls_per_request_acting_ratio: worstOf(perRequestActing).interval,
      tx_setup_ratio: tx.interval,
      api_throughput_ratio: api.interval,
      api_create_ratio: apiCreate.interval,
      ...(append ? { audit_append_ratio_many_orgs: append.manyOrgs.interval } : {}),
      audit_verify_vs_sha256_ratio: verify.interval,
      startup_ms_empty: startup.emptyInterval,
      cli_help_ms: cliHelp.caseInterval,
    };
    const figures = scaleFigures(scale);
    Object.assign(keys, figures.keys);
    Object.assign(intervals, figures.intervals);
    const verdicts: Record<string, Verdict> = {};
    for (const [k, target] of Object.entries(TARGETS)) {
      const i = intervals[k];
      if (i) verdicts[k] = verdict(i, target);
    }
    const result: BenchResult = {
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        engine: opts.engine,
        postgres: version.split(' on ')[0]!,
      },
      params: {
        rows,
        orgs,
        callerOrgs: 3,
        rounds: cmp.rounds,
        batch: cmp.batch,
        quick: opts.quick,
        orgsPerCallerMax: scale.orgsPerCallerMax,
        rowsMax: scale.rowsMax,
      },
      comparisons,
      explain,
      setCost: scale.setCost,
      explainLargestSet: scale.explainLargestSet,
      keys,
      intervals,
      verdicts,
    };
    opts.log('');
    opts.log(formatTable(comparisons));
    opts.log('');
    opts.log(`EXPLAIN (as the caller, newest 50 of one org):\n${explain}`);
    opts.log('');
    opts.log('figure, 95% bootstrap interval over rounds, target, verdict:');
    for (const [k, v] of Object.entries(keys).slice(0, 10)) {
      const i = intervals[k];
      const t = TARGETS[k];
      opts.log(
        `${k}: ${v === null ? 'not measured (needs the server engine)' : v.toFixed(3)}` +
          (i ? `  [${i.low.toFixed(3)}–${i.high.toFixed(3)}]` : '') +
          (t ? `  target ${t.op} ${t.value}: ${verdicts[k] ?? 'not measured'}` : ''),
      );
    }
    reportScale(scale, TARGETS, verdicts, opts.log);
    if (opts.json) writeFileSync(opts.json, `${JSON.stringify(result, null, 2)}\n`);
    return result;
  } finally {
    await drop();
  }
}

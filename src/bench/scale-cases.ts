import type { Database } from '../db/types.ts';
import { type Curve, curveKey, formatCurve, worstOf } from './curve.ts';
import { benchOrgsList } from './orgs-api.ts';
import { ALL_QUERIES, benchRls, growBenchItems } from './rls.ts';
import { benchOrgsPerCaller, SCALE_MEASURES, seedDelegatedCallers, seedScaleCallers, setCost } from './scale.ts';
import type { CompareOptions, Comparison, Interval, Target, Verdict } from './stats.ts';

export interface ScaleContext {
  engine: 'postgres' | 'pglite';
  quick: boolean;
  progress: (label: string, total: number) => { tick: (n?: number) => void; stop: () => void };
  log: (line: string) => void;
  /** Case 1's seeding: its caller (in 3 organisations), one of their organisations and one row. */
  seeded: { user: string; org: string; itemId: string };
  /** Rows case 1 seeded, and its comparisons (the data-scale curve's first point). */
  rows: number;
  rls: Comparison[];
  cmp: CompareOptions;
}

export interface ScaleResult {
  comparisons: Comparison[];
  curves: Curve[];
  orgsList: { first: Comparison; later: Comparison };
  orgsPerCallerMax: number;
  rowsMax: number;
  /** Case 8's set at each size, timed inside the server: load and read per call, in ms, without and with acting. */
  setCost: { orgsPerCaller: number; acting: boolean; setSize: number; loadMs: number; readMs: number }[];
  /** EXPLAIN ANALYZE of 'count in one org' as the caller in the most organisations, set loaded. */
  explainLargestSet: string;
}

const secondsSince = (t: number) => ((performance.now() - t) / 1000).toFixed(1);
const en = (n: number) => n.toLocaleString('en');

/**
 * Cases 8 to 10, the scale curves: organisations per caller (8), client organisations per provider
 * member through delegations (8b), `GET /v1/orgs` for the caller in the most (9), and case 1 as the
 * table grows (10, last, because it grows the table the others read).
 */
export async function runScaleCases(db: Database, ctx: ScaleContext): Promise<ScaleResult> {
  const { seeded, cmp, log } = ctx;
  const comparisons: Comparison[] = [];

  const sizes = ctx.quick ? [1, 100, 1_000] : [1, 100, 1_000, 10_000];
  const largest = Math.max(...sizes);
  log(`case 8: organisations per caller (${sizes.map(en).join(', ')})`);
  let t = performance.now();
  const callers = await seedScaleCallers(db, seeded.org, sizes);
  log(
    `  seeded ${en(largest - 1)} organisations and ${en(sizes.reduce((a, b) => a + b, 0))} memberships in ${secondsSince(t)} s`,
  );
  const scale = await benchOrgsPerCaller(db, seeded, callers, cmp, log);
  comparisons.push(...scale.comparisons);
  const costs: ScaleResult['setCost'] = [];
  let explainLargestSet = '';
  for (const [n, user] of callers) {
    for (const acting of [false, true]) {
      const cost = await setCost(db, seeded, user, acting);
      costs.push({ orgsPerCaller: n, acting, setSize: cost.setSize, loadMs: cost.loadMs, readMs: cost.readMs });
      if (!acting) explainLargestSet = cost.plan;
    }
  }

  log(`case 8b: client organisations per provider member, through delegations (${sizes.map(en).join(', ')})`);
  t = performance.now();
  const delegates = await seedDelegatedCallers(db, seeded.org, sizes);
  log(`  seeded ${en(sizes.reduce((a, b) => a + b, 0))} delegations and assignments in ${secondsSince(t)} s`);
  const delegated = await benchOrgsPerCaller(db, seeded, delegates, cmp, log);
  comparisons.push(...delegated.comparisons);

  log(`case 9: GET /v1/orgs, a caller in ${en(largest)} organisations against one in 3`);
  const orgsList = await benchOrgsList(
    db,
    { few: seeded.user, fewCount: 3, many: callers.get(largest)!, manyCount: largest },
    { rounds: 3, batch: ctx.quick ? 10 : 30 },
  );
  comparisons.push(orgsList.first, orgsList.later);

  const sizesInRows = ctx.quick
    ? [100_000, 300_000]
    : ctx.engine === 'postgres'
      ? [1_000_000, 10_000_000]
      : [1_000_000];
  log(`case 10: RLS overhead as the table grows (${sizesInRows.map(en).join(', ')} rows)`);
  if (!ctx.quick && ctx.engine === 'pglite') log('  10,000,000 rows skipped: too large for the embedded engine');
  const rowsCurve: Curve = {
    measure: 'rls_overhead_ratio',
    unit: 'rows',
    title: 'RLS overhead as the table grows (worst of case 1’s four queries; caller in 3 organisations)',
    points: [],
  };
  let current = ctx.rows;
  for (const n of sizesInRows) {
    if (n === ctx.rows) {
      log(`  ${en(n)} rows: case 1's figure`);
      rowsCurve.points.push({ n, ...worstOf(ctx.rls) });
      continue;
    }
    const bar = ctx.progress(`growing the table to ${en(n)} rows`, n - current);
    let grown = 0;
    t = performance.now();
    await growBenchItems(db, n, (done) => {
      bar.tick(done - grown);
      grown = done;
    });
    bar.stop();
    current = n;
    log(`  ${en(n)} rows, grown in ${secondsSince(t)} s`);
    const at = await benchRls(db, seeded, cmp, { label: `RLS, ${en(n)} rows`, queries: ALL_QUERIES });
    comparisons.push(...at);
    rowsCurve.points.push({ n, ...worstOf(at) });
  }

  const acting = ', acting in the organisation (as the server’s org routes)';
  const titles: Record<(typeof SCALE_MEASURES)[number], string> = {
    rls_overhead_ratio: 'RLS overhead, one transaction, set loaded (worst of count in one org, fetch by (org_id, id))',
    rls_per_request_ratio: 'RLS per request, the set loaded every statement (worst of the same two)',
    tx_setup_ratio: 'transaction setup with one RLS read (withPrincipal + fetch vs the owner in a plain transaction)',
    rls_overhead_acting_ratio: `RLS overhead, one transaction, set loaded${acting}`,
    rls_per_request_acting_ratio: `RLS per request${acting}`,
    tx_setup_acting_ratio: `transaction setup with one RLS read${acting}`,
  };
  return {
    comparisons,
    curves: [
      ...SCALE_MEASURES.map((m): Curve => ({ measure: m, unit: 'orgs', title: titles[m], points: scale.curves[m] })),
      ...SCALE_MEASURES.map(
        (m): Curve => ({
          measure: m,
          unit: 'clients',
          title: `${titles[m]}; a provider member through delegations`,
          points: delegated.curves[m],
        }),
      ),
      rowsCurve,
    ],
    orgsList,
    orgsPerCallerMax: largest,
    rowsMax: Math.max(...sizesInRows),
    setCost: costs,
    explainLargestSet,
  };
}

/** The curves' figures under their keys (e.g. rls_overhead_ratio_10000_orgs), with their intervals. */
export function scaleFigures(r: ScaleResult) {
  const keys: Record<string, number> = {};
  const intervals: Record<string, Pick<Interval, 'low' | 'high'>> = {};
  for (const c of r.curves) {
    for (const p of c.points) {
      keys[curveKey(c, p.n)] = p.ratio;
      intervals[curveKey(c, p.n)] = p.interval;
    }
  }
  for (const [page, c] of Object.entries(r.orgsList)) {
    const k = `orgs_list_${page}_page_ratio_${r.orgsPerCallerMax}_orgs`;
    keys[k] = c.ratio;
    intervals[k] = c.interval;
  }
  return { keys, intervals };
}

/** The curves as tables with their verdicts, where the set's time goes, and the `GET /v1/orgs` times. */
export function reportScale(
  r: ScaleResult,
  targets: Record<string, Target>,
  verdicts: Record<string, Verdict>,
  log: (line: string) => void,
) {
  for (const c of r.curves) {
    const stated = c.points.flatMap((p) => {
      const t = targets[curveKey(c, p.n)];
      return t ? [`${t.op} ${t.value} at ${en(p.n)}`] : [];
    });
    const points = c.points.map((p) => {
      const v = verdicts[curveKey(c, p.n)];
      return v ? { ...p, verdict: v } : p;
    });
    log('');
    log(
      formatCurve(
        `${c.title}${stated.length ? `; target ${stated.join(', ')}` : ''}:`,
        c.unit === 'orgs' ? 'orgs per caller' : c.unit === 'clients' ? 'clients per caller' : 'rows',
        points,
      ),
    );
  }
  log('');
  log('the membership set inside the server, mean of 20 calls in one statement:');
  for (const c of r.setCost)
    log(
      `  ${en(c.orgsPerCaller)} orgs per caller${c.acting ? ', acting in one' : ''} (set of ${en(c.setSize)}): ` +
        `app.load_caller_org_ids ${c.loadMs.toFixed(3)} ms, app.caller_org_ids with the set loaded ${c.readMs.toFixed(3)} ms`,
    );
  log(
    `EXPLAIN ANALYZE, count in one org as the caller in ${en(r.orgsPerCallerMax)} organisations, set loaded:\n${r.explainLargestSet}`,
  );
  log('');
  for (const c of [r.orgsList.first, r.orgsList.later])
    log(
      `${c.name}: median ${c.case.median.toFixed(1)} vs ${c.baseline.median.toFixed(1)} ms, ratio ${c.ratio.toFixed(1)} ` +
        `[${c.interval.low.toFixed(1)}–${c.interval.high.toFixed(1)}], ${c.case.n} requests each`,
    );
}

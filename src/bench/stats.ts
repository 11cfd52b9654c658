/** Small, dependency-free statistics for benchmark samples (milliseconds). */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

export function summarise(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, median: quantile(s, 0.5), p95: quantile(s, 0.95), min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN };
}

export interface Comparison {
  name: string;
  /** What the samples measure; latencies by default (lower is better), else a rate. */
  unit?: 'ms' | 'req/s' | 'appends/s' | 'entries/s';
  baseline: Summary;
  case: Summary;
  /** median(case) / median(baseline) over all samples. */
  ratio: number;
  /** The spread of the per-round ratios: how much the machine's noise moved the figure. */
  ratioSpread: { min: number; max: number };
}

export interface CompareOptions {
  rounds: number;
  /** Operations per batch; each batch yields one sample per operation. */
  batch: number;
}

/**
 * Measures `caseOp` against `baselineOp`, interleaving batches (baseline, case, case, baseline, …)
 * so drift in the machine's speed lands on both sides alike. Returns per-operation latencies.
 */
export interface Side {
  /** Runs once before each batch, untimed (e.g. switching the transaction's role). */
  before?: () => Promise<unknown>;
  op: (i: number) => Promise<unknown>;
}

const asSide = (s: Side | ((i: number) => Promise<unknown>)): Side => (typeof s === 'function' ? { op: s } : s);

export async function compare(
  name: string,
  baselineSide: Side | ((i: number) => Promise<unknown>),
  caseSide: Side | ((i: number) => Promise<unknown>),
  opts: CompareOptions,
): Promise<Comparison> {
  const baselineDef = asSide(baselineSide);
  const caseDef = asSide(caseSide);
  const base: number[] = [];
  const cas: number[] = [];
  const roundRatios: number[] = [];
  const runBatch = async (side: Side, into: number[]) => {
    const { op } = side;
    await side.before?.();
    const mine: number[] = [];
    for (let i = 0; i < opts.batch; i++) {
      const t = performance.now();
      await op(i);
      mine.push(performance.now() - t);
    }
    into.push(...mine);
    return summarise(mine).median;
  };
  // Warm both paths (plans, caches, JIT) before measuring.
  for (const side of [baselineDef, caseDef]) {
    await side.before?.();
    for (let i = 0; i < Math.min(20, opts.batch); i++) await side.op(i);
  }
  for (let r = 0; r < opts.rounds; r++) {
    const first = r % 2 === 0;
    const b = first ? await runBatch(baselineDef, base) : 0;
    const c = await runBatch(caseDef, cas);
    const b2 = first ? b : await runBatch(baselineDef, base);
    roundRatios.push(c / b2);
  }
  const baseline = summarise(base);
  const caseSummary = summarise(cas);
  return {
    name,
    baseline,
    case: caseSummary,
    ratio: caseSummary.median / baseline.median,
    ratioSpread: { min: Math.min(...roundRatios), max: Math.max(...roundRatios) },
  };
}

export function formatTable(rows: Comparison[]): string {
  const head = ['case', 'unit', 'baseline median', 'baseline p95', 'case median', 'case p95', 'ratio', 'per-round ratio range'];
  const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toFixed(3));
  const body = rows.map((r) => [
    r.name,
    r.unit ?? 'ms',
    fmt(r.baseline.median),
    fmt(r.baseline.p95),
    fmt(r.case.median),
    fmt(r.case.p95),
    r.ratio.toFixed(2),
    `${r.ratioSpread.min.toFixed(2)}–${r.ratioSpread.max.toFixed(2)}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

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
  return {
    n: s.length,
    median: quantile(s, 0.5),
    p95: quantile(s, 0.95),
    min: s[0] ?? NaN,
    max: s[s.length - 1] ?? NaN,
  };
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
  /** Operations per side in a round; each yields one sample. */
  batch: number;
  /**
   * Operations a side runs in a row before the other side's turn (default 1). A side's `before`
   * runs once per turn, so a larger turn amortises it (e.g. a role switch and what it resets).
   */
  turn?: number;
}

export interface Side {
  /** Runs at the start of each of this side's turns, untimed (e.g. switching the transaction's role). */
  before?: () => Promise<unknown>;
  op: (i: number) => Promise<unknown>;
}

const asSide = (s: Side | ((i: number) => Promise<unknown>)): Side => (typeof s === 'function' ? { op: s } : s);

export async function compareAlternating(
  name: string,
  baselineSide: Side | ((i: number) => Promise<unknown>),
  caseSide: Side | ((i: number) => Promise<unknown>),
  opts: CompareOptions,
): Promise<Comparison> {
  const baselineOp = asSide(baselineSide);
  const caseOp = asSide(caseSide);
  const base: number[] = [];
  const cas: number[] = [];
  const roundRatios: number[] = [];
  const turn = Math.max(1, opts.turn ?? 1);
  const timed = async (side: Side, from: number, into?: number[]) => {
    await side.before?.();
    for (let i = from; i < Math.min(from + turn, opts.batch); i++) {
      const t = performance.now();
      await side.op(i);
      into?.push(performance.now() - t);
    }
  };
  // Warm both paths (plans, caches, JIT) before measuring.
  for (let i = 0; i < Math.min(50, opts.batch); i += turn) {
    await timed(baselineOp, i);
    await timed(caseOp, i);
  }
  for (let r = 0; r < opts.rounds; r++) {
    const b: number[] = [];
    const c: number[] = [];
    for (let t = 0, i = 0; i < opts.batch; t++, i += turn) {
      if (t % 4 === 0 || t % 4 === 3) {
        await timed(baselineOp, i, b);
        await timed(caseOp, i, c);
      } else {
        await timed(caseOp, i, c);
        await timed(baselineOp, i, b);
      }
    }
    roundRatios.push(summarise(c).median / summarise(b).median);
    base.push(...b);
    cas.push(...c);
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
  const head = [
    'case',
    'unit',
    'baseline median',
    'baseline p95',
    'case median',
    'case p95',
    'ratio',
    'per-round ratio range',
  ];
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

/** Small, dependency-free statistics for benchmark samples (milliseconds). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
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
  /** A 95 % bootstrap interval of the ratio over the rounds (bootstrapOverRounds). */
  interval: Interval;
  /** The same for the case's own median, for targets stated in its unit (`palisade --help` ≤ 300 ms). */
  caseInterval: Interval;
}

export interface Interval {
  low: number;
  high: number;
  /** Coverage, 0.95. */
  level: number;
  resamples: number;
  /** Rounds it was drawn from: with few rounds the interval is coarse, and says so by its width. */
  rounds: number;
}

/** One round's samples of each side (one or many per side). */
export interface Round {
  baseline: number[];
  case: number[];
}

const RESAMPLES = 2_000;
const LEVEL = 0.95;

/**
 * A percentile bootstrap over rounds: rounds are drawn with replacement as many times as there
 * were, `statistic` is computed on the drawn rounds, 2,000 times, and the 2.5th and 97.5th
 * percentiles are the interval. Rounds, not single samples, are the unit: samples within a round
 * share the machine's state at that moment, so only whole rounds are independent draws. The draws
 * come from a fixed seed, so a report can be recomputed from its samples.
 */
export function bootstrapOverRounds(rounds: Round[], statistic: (drawn: Round[]) => number): Interval {
  const random = seeded(0x5eed);
  const values = new Float64Array(RESAMPLES);
  const drawn: Round[] = new Array(rounds.length);
  for (let i = 0; i < RESAMPLES; i++) {
    for (let j = 0; j < rounds.length; j++) drawn[j] = rounds[Math.floor(random() * rounds.length)]!;
    values[i] = statistic(drawn);
  }
  values.sort();
  return {
    low: quantile(values, (1 - LEVEL) / 2),
    high: quantile(values, 1 - (1 - LEVEL) / 2),
    level: LEVEL,
    resamples: RESAMPLES,
    rounds: rounds.length,
  };
}

/** The median of one side's pooled samples over `rounds`. */
export const pooledMedian = (side: keyof Round) => (rounds: Round[]) =>
  quantile(Float64Array.from(rounds.flatMap((r) => r[side])).sort(), 0.5);

/** median(case) / median(baseline) over the pooled samples of `rounds`. */
export function ratioOfMedians(rounds: Round[]): number {
  return pooledMedian('case')(rounds) / pooledMedian('baseline')(rounds);
}

/** A Comparison of two sides measured in rounds: the figures, the per-round spread and the interval. */
export function fromRounds(name: string, unit: Comparison['unit'], rounds: Round[]): Comparison {
  const perRound = rounds.map((r) => ratioOfMedians([r]));
  return {
    name,
    ...(unit && unit !== 'ms' ? { unit } : {}),
    baseline: summarise(rounds.flatMap((r) => r.baseline)),
    case: summarise(rounds.flatMap((r) => r.case)),
    ratio: ratioOfMedians(rounds),
    ratioSpread: { min: Math.min(...perRound), max: Math.max(...perRound) },
    interval: bootstrapOverRounds(rounds, ratioOfMedians),
    caseInterval: bootstrapOverRounds(rounds, pooledMedian('case')),
  };
}

/** mulberry32: a small seeded generator for resampling (not for anything secret). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export type Verdict = 'met' | 'missed' | 'within noise';

export interface Target {
  /** The figure must be at most (`<=`) or at least (`>=`) `value`. */
  op: '<=' | '>=';
  value: number;
}

/**
 * Met when the whole interval is on the target's side, missed when the whole interval is on the
 * other, within noise when it straddles: then this machine cannot tell, and tuning further is
 * spent below the noise.
 */
export function verdict(interval: Pick<Interval, 'low' | 'high'>, target: Target): Verdict {
  const good = target.op === '<=' ? interval.high <= target.value : interval.low >= target.value;
  const bad = target.op === '<=' ? interval.low > target.value : interval.high < target.value;
  return good ? 'met' : bad ? 'missed' : 'within noise';
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
  const rounds: Round[] = [];
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
    rounds.push({ baseline: b, case: c });
  }
  return fromRounds(name, 'ms', rounds);
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
    '95% interval',
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
    `${r.interval.low.toFixed(2)}–${r.interval.high.toFixed(2)} (${r.interval.rounds} rounds)`,
    `${r.ratioSpread.min.toFixed(2)}–${r.ratioSpread.max.toFixed(2)}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

import type { Comparison, Interval, Verdict } from './stats.ts';

/** One point of a curve: a figure at size `n`, its 95 % interval and, where a target applies, its verdict. */
export interface CurvePoint {
  n: number;
  ratio: number;
  interval: Pick<Interval, 'low' | 'high'>;
  verdict?: Verdict;
}

/**
 * A figure measured at several sizes: organisations per caller (a member of each), client
 * organisations per provider member (acting in each through a delegation), or rows in the table.
 */
export interface Curve {
  /** The figure's key without its size, e.g. rls_overhead_ratio. */
  measure: string;
  unit: 'orgs' | 'clients' | 'rows';
  title: string;
  points: CurvePoint[];
}

/** A point's key in the results: the measure, its size and unit, e.g. rls_overhead_ratio_10000_orgs. */
export function curveKey(c: Pick<Curve, 'measure' | 'unit'>, n: number): string {
  return `${c.measure}_${n}_${c.unit}`;
}

/**
 * A figure that is the worst of several queries: the highest ratio, with an interval from the
 * highest of their lows to the highest of their highs.
 */
export function worstOf(cs: Comparison[]): Omit<CurvePoint, 'n'> {
  return {
    ratio: Math.max(...cs.map((c) => c.ratio)),
    interval: {
      low: Math.max(...cs.map((c) => c.interval.low)),
      high: Math.max(...cs.map((c) => c.interval.high)),
    },
  };
}

/** A curve as a table: size | ratio | 95% interval | verdict ('—' where no target applies). */
export function formatCurve(title: string, sizeHead: string, points: CurvePoint[]): string {
  const head = [sizeHead, 'ratio', '95% interval', 'verdict'];
  const body = points.map((p) => [
    p.n.toLocaleString('en'),
    p.ratio.toFixed(2),
    `${p.interval.low.toFixed(2)}–${p.interval.high.toFixed(2)}`,
    p.verdict ?? '—',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  // Sizes and figures align right, so their digits line up down the column.
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [title, line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/** The server's execution time of an EXPLAIN ANALYZE, from its text output's summary. */
export function executionMs(plan: string): number {
  const m = /Execution Time: ([0-9.]+) ms/.exec(plan);
  if (!m) throw new Error('EXPLAIN ANALYZE printed no execution time');
  return Number(m[1]);
}

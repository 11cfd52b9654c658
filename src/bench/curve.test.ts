import { describe, expect, it } from 'vitest';
import { curveKey, executionMs, formatCurve, worstOf } from './curve.ts';
import { fromRounds } from './stats.ts';

describe('scale curves', () => {
  it('the worst of several queries is the highest ratio, its interval from the highest low to the highest high', () => {
    const round = (b: number, c: number) => ({ baseline: [b], case: [c] });
    const a = fromRounds('a', 'ms', [round(100, 110), round(100, 130), round(100, 120)]);
    const b = fromRounds('b', 'ms', [round(100, 150), round(100, 115), round(100, 125)]);
    const w = worstOf([a, b]);
    expect(w.ratio).toBe(Math.max(a.ratio, b.ratio));
    expect(w.interval).toEqual({
      low: Math.max(a.interval.low, b.interval.low),
      high: Math.max(a.interval.high, b.interval.high),
    });
  });

  it('a point is keyed by its measure, size and unit', () => {
    expect(curveKey({ measure: 'rls_overhead_ratio', unit: 'orgs' }, 10_000)).toBe('rls_overhead_ratio_10000_orgs');
    expect(curveKey({ measure: 'rls_overhead_ratio', unit: 'rows' }, 1_000_000)).toBe(
      'rls_overhead_ratio_1000000_rows',
    );
  });

  it('a curve prints as size | ratio | interval | verdict, sizes and ratios aligned right, a dash where no target applies', () => {
    const table = formatCurve('RLS overhead:', 'orgs per caller', [
      { n: 1, ratio: 1.104, interval: { low: 1.09, high: 1.121 } },
      { n: 10_000, ratio: 52.5, interval: { low: 50, high: 55.55 }, verdict: 'missed' },
    ]);
    expect(table.split('\n')).toEqual([
      'RLS overhead:',
      'orgs per caller  ratio  95% interval  verdict',
      '---------------  -----  ------------  -------',
      '              1   1.10  1.09–1.12     —',
      '         10,000  52.50  50.00–55.55   missed',
    ]);
  });

  it('reads the execution time from EXPLAIN ANALYZE, and says so when there is none', () => {
    expect(executionMs('Result (actual rows=1 loops=1)\nPlanning Time: 0.02 ms\nExecution Time: 113.265 ms')).toBe(
      113.265,
    );
    expect(() => executionMs('Result')).toThrow(/no execution time/);
  });
});

import { describe, expect, it } from 'vitest';
import { compareAlternating, quantile, summarise } from './stats.ts';

describe('benchmark statistics', () => {
  it('quantiles interpolate between neighbouring samples', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([5], 0.95)).toBe(5);
    expect(summarise([3, 1, 2])).toMatchObject({ n: 3, median: 2, min: 1, max: 3 });
  });

  it('alternates baseline and case one operation at a time, in ABBA order', async () => {
    const order: string[] = [];
    await compareAlternating(
      'probe',
      async () => order.push('b'),
      async () => order.push('c'),
      { rounds: 1, batch: 4 },
    );
    // Four warm-up pairs first (min(50, batch)), then b c | c b | c b | b c.
    expect(order.slice(0, 8).join('')).toBe('bcbcbcbc');
    expect(order.slice(8).join('')).toBe('bccbcbbc');
  });

  it('reports case / baseline of the medians, and the spread of the per-round ratios', async () => {
    const spin = (ms: number) => async () => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    const r = await compareAlternating('slower case', spin(0.2), spin(0.6), { rounds: 3, batch: 8 });
    expect(r.baseline.n).toBe(24);
    expect(r.case.n).toBe(24);
    expect(r.ratio).toBeGreaterThan(2);
    expect(r.ratioSpread.min).toBeLessThanOrEqual(r.ratioSpread.max);
  });
});

import { describe, expect, it } from 'vitest';
import {
  bootstrapOverRounds,
  compareAlternating,
  fromRounds,
  pooledMedian,
  quantile,
  ratioOfMedians,
  summarise,
  verdict,
} from './stats.ts';

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

describe('intervals and verdicts', () => {
  const round = (b: number, c: number) => ({ baseline: [b], case: [c] });

  it('the bootstrap interval over rounds holds the figure, is the same every time, and is a point when the rounds agree', () => {
    const rounds = [round(100, 110), round(100, 130), round(100, 105), round(100, 120), round(100, 115)];
    const a = bootstrapOverRounds(rounds, ratioOfMedians);
    expect(a).toEqual(bootstrapOverRounds(rounds, ratioOfMedians));
    expect(a).toMatchObject({ level: 0.95, resamples: 2_000, rounds: 5 });
    expect(a.low).toBeLessThanOrEqual(ratioOfMedians(rounds));
    expect(a.high).toBeGreaterThanOrEqual(ratioOfMedians(rounds));
    expect(a.low).toBeGreaterThanOrEqual(1.05);
    expect(a.high).toBeLessThanOrEqual(1.3);
    expect(a.high - a.low, 'five different rounds leave an interval of some width').toBeGreaterThan(0.04);
    const same = bootstrapOverRounds([round(100, 120), round(100, 120), round(100, 120)], ratioOfMedians);
    expect([same.low, same.high]).toEqual([1.2, 1.2]);
  });

  it('a round is drawn whole: its samples are pooled with the other drawn rounds’ before the medians', () => {
    const rounds = [
      { baseline: [1, 2, 3], case: [2, 4, 6] },
      { baseline: [10, 20, 30], case: [20, 40, 60] },
    ];
    expect(ratioOfMedians(rounds), 'case median 13 of six, baseline 6.5').toBe(13 / 6.5);
    expect(pooledMedian('case')(rounds)).toBe(13);
    const i = bootstrapOverRounds(rounds, ratioOfMedians);
    expect([i.low, i.high]).toEqual([2, 2]);
  });

  it('fromRounds reports the ratio of the pooled medians, the per-round spread and both intervals', () => {
    const r = fromRounds('probe', 'req/s', [round(100, 90), round(200, 160), round(100, 85)]);
    expect(r.unit).toBe('req/s');
    expect(r.ratio).toBe(90 / 100);
    expect(r.ratioSpread).toEqual({ min: 0.8, max: 0.9 });
    expect(r.interval.low).toBeGreaterThanOrEqual(0.8);
    expect(r.interval.high).toBeLessThanOrEqual(1.6);
    expect(r.caseInterval.low).toBeGreaterThanOrEqual(85);
    expect(r.caseInterval.high).toBeLessThanOrEqual(160);
    expect(fromRounds('ms probe', 'ms', [round(1, 2)]).unit).toBeUndefined();
  });

  it('a verdict is met or missed only when the whole interval is on one side of the target, inclusive of it', () => {
    const atMost = { op: '<=', value: 1.1 } as const;
    expect(verdict({ low: 1.0, high: 1.1 }, atMost)).toBe('met');
    expect(verdict({ low: 1.05, high: 1.15 }, atMost)).toBe('within noise');
    expect(verdict({ low: 1.11, high: 1.2 }, atMost)).toBe('missed');
    expect(verdict({ low: 1.1, high: 1.2 }, atMost)).toBe('within noise');
    const atLeast = { op: '>=', value: 0.85 } as const;
    expect(verdict({ low: 0.85, high: 0.9 }, atLeast)).toBe('met');
    expect(verdict({ low: 0.8, high: 0.9 }, atLeast)).toBe('within noise');
    expect(verdict({ low: 0.7, high: 0.84 }, atLeast)).toBe('missed');
    expect(verdict({ low: 0.7, high: 0.85 }, atLeast)).toBe('within noise');
  });
});

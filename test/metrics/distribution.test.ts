// summary.json's distributions read their percentiles from order statistics found without sorting
// (orderStatistics: counts per bucket, then only the wanted buckets ordered); they must equal
// simple-statistics' quantile, which summary.json used before, on any data, and orderStatistics
// must equal a full sort's values at those ranks.
import fc from 'fast-check';
import { max, mean, quantile } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { distribution, distributionWith, orderStatistics, quantiles } from '../../src/metrics/distribution.js';
import { round } from '../../src/records/format.js';
import { xorshift32 } from '../helpers/xorshift.js';

function byQuantile(values: number[]) {
  const [p50, p95, p99] = quantile(values, [0.5, 0.95, 0.99]);
  return { mean: round(mean(values) / 1000, 3), p50: round(p50 / 1000, 3), p95: round(p95 / 1000, 3), p99: round(p99 / 1000, 3), max: round(max(values) / 1000, 3) };
}

// Whole milliseconds, with many ties (queue waits are often 0), up to about a year.
const waits = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 31_536_000_000 })), { minLength: 1, maxLength: 400 });

/**
 * Arrays past the size below which orderStatistics just sorts, in shapes that exercise its
 * buckets: ties (a crowd of zeros, few distinct values), outliers far from the rest (one crowded
 * bucket, split again), both zeros, tiny and huge magnitudes, infinities and NaN.
 */
const big = fc
  .record({
    n: fc.integer({ min: 2049, max: 30_000 }),
    zeros: fc.double({ min: 0, max: 1, noNaN: true }),
    spread: fc.constantFrom(1, 1e-300, 1e3, 1e12, 1e300),
    distinct: fc.constantFrom(0, 2, 7, 1000),
    outliers: fc.array(fc.constantFrom(1e15, -1e15, Infinity, -Infinity, NaN, -0, Number.MIN_VALUE, 1.7e308, -1.7e308), { maxLength: 3 }),
    seed: fc.integer(),
  })
  .map(({ n, zeros, spread, distinct, outliers, seed }) => {
    const rand = xorshift32(seed);
    const a = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (rand() < zeros) a[i] = rand() < 0.1 ? -0 : 0;
      else if (distinct > 0) a[i] = Math.floor(rand() * distinct) * spread;
      else a[i] = -Math.log(1 - rand()) * spread;
    }
    for (const v of outliers) a[Math.floor(rand() * n)] = v;
    return a;
  });

const ranksOf = (n: number) => fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 60 });

describe('orderStatistics', () => {
  it('equals a full sort at any ranks, and leaves the values as they were', () => {
    fc.assert(
      fc.property(big.chain((a) => fc.tuple(fc.constant(a), ranksOf(a.length))), ([a, ranks]) => {
        const before = a.slice();
        const sorted = a.slice().sort();
        const got = orderStatistics(a, ranks);
        // Given the range (as summarize does, from its fill loops), when there is no NaN.
        if (!a.some((v) => Number.isNaN(v))) {
          const range = { min: a.reduce((m, v) => Math.min(m, v), Infinity), max: a.reduce((m, v) => Math.max(m, v), -Infinity) };
          const ranged = orderStatistics(a, ranks, range);
          ranks.forEach((r, k) => expect(Object.is(ranged[k], sorted[r])).toBe(true));
        }
        // Object.is: -0 and +0 and NaN as the sort placed them.
        ranks.forEach((r, k) => expect(Object.is(got[k], sorted[r]), `rank ${r}: ${got[k]} vs ${sorted[r]}`).toBe(true));
        expect(Buffer.from(a.buffer).equals(Buffer.from(before.buffer))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
  it('finds every rank of a sorted copy (the charts read up to 1,001 of them)', () => {
    fc.assert(
      fc.property(big, (a) => {
        const ranks = Array.from({ length: 1001 }, (_, k) => Math.max(0, Math.ceil((k / 1000) * a.length) - 1));
        const sorted = a.slice().sort();
        const got = orderStatistics(a, ranks);
        ranks.forEach((r, k) => expect(Object.is(got[k], sorted[r])).toBe(true));
      }),
      { numRuns: 40 },
    );
  });
  it('refuses a rank outside the values', () => {
    expect(() => orderStatistics(Float64Array.from([1, 2]), [2])).toThrow(RangeError);
  });
});

describe('distribution', () => {
  it('equals simple-statistics quantile on any data, and leaves its input as it was', () => {
    fc.assert(
      fc.property(waits, (xs) => {
        const expected = byQuantile(xs);
        const copy = Float64Array.from(xs);
        expect(distribution(copy)).toEqual(expected);
        expect([...copy]).toEqual(xs);
        const sum = xs.reduce((a, b) => a + b, 0);
        expect(distributionWith(copy, sum, Math.max(...xs))).toEqual(expected);
        // With the minimum the caller has (no scan for the range).
        expect(distributionWith(copy, sum, Math.max(...xs), Math.min(...xs))).toEqual(expected);
        expect([...copy]).toEqual(xs);
      }),
      { numRuns: 500 },
    );
  });
  it('equals quantile on arrays big enough to be bucketed', () => {
    fc.assert(
      fc.property(big, (a) => {
        // Without -0: quantile's quickselect picks either sign of zero as it happens to meet them.
        const finite = a.filter((v) => Number.isFinite(v)).map((v) => (v === 0 ? 0 : v));
        const xs = [...finite];
        expect(quantiles(finite, [0.5, 0.95, 0.99])).toEqual(quantile(xs, [0.5, 0.95, 0.99]));
      }),
      { numRuns: 60 },
    );
  });
  it('reads a sub-range only (summary.json groups queues in one array)', () => {
    const all = Float64Array.from([9, 1, 8, 2, 7, 3, 6, 4, 5, 0]);
    expect(distributionWith(all.subarray(0, 5), 27, 9)).toEqual(byQuantile([9, 1, 8, 2, 7]));
  });
  it('quantiles equals quantile for any percentiles', () => {
    fc.assert(
      fc.property(waits, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 5 }), (xs, ps) => {
        expect(quantiles(Float64Array.from(xs), ps)).toEqual(quantile(xs, ps));
      }),
      { numRuns: 300 },
    );
  });
  it('is null for no values', () => {
    expect(distribution(new Float64Array(0))).toBeNull();
    expect(distributionWith(new Float64Array(0), 0, -Infinity)).toBeNull();
  });
});

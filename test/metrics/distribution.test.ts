// summary.json's distributions select their percentiles in place (no copy of a 10M-job array);
// they must equal simple-statistics' quantile, which summary.json used before, on any data.
import fc from 'fast-check';
import { max, mean, quantile } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { distribution, distributionInPlace, quantilesInPlace } from '../../src/metrics/distribution.js';
import { round } from '../../src/records/format.js';

function byQuantile(values: number[]) {
  const [p50, p95, p99] = quantile(values, [0.5, 0.95, 0.99]);
  return { mean: round(mean(values) / 1000, 3), p50: round(p50 / 1000, 3), p95: round(p95 / 1000, 3), p99: round(p99 / 1000, 3), max: round(max(values) / 1000, 3) };
}

// Whole milliseconds, with many ties (queue waits are often 0), up to about a year.
const waits = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 31_536_000_000 })), { minLength: 1, maxLength: 400 });

describe('distribution', () => {
  it('equals simple-statistics quantile on any data, in place or on a copy', () => {
    fc.assert(
      fc.property(waits, (xs) => {
        const expected = byQuantile(xs);
        const copy = Float64Array.from(xs);
        expect(distribution(copy)).toEqual(expected);
        // distribution() leaves its input as it was.
        expect([...copy]).toEqual(xs);
        const scratch = Float64Array.from(xs);
        const sum = xs.reduce((a, b) => a + b, 0);
        expect(distributionInPlace(scratch, sum, Math.max(...xs))).toEqual(expected);
        // In place: a permutation of the input.
        expect([...scratch].sort((a, b) => a - b)).toEqual([...xs].sort((a, b) => a - b));
      }),
      { numRuns: 500 },
    );
  });
  it('places the order statistics within a sub-range only (summary.json groups queues in one array)', () => {
    const all = Float64Array.from([9, 1, 8, 2, 7, 3, 6, 4, 5, 0]);
    const first = all.subarray(0, 5);
    expect(distributionInPlace(first, 27, 9)).toEqual(byQuantile([9, 1, 8, 2, 7]));
    expect([...all.subarray(5)]).toEqual([3, 6, 4, 5, 0]);
  });
  it('quantilesInPlace equals quantile for any percentiles', () => {
    fc.assert(
      fc.property(waits, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 5 }), (xs, ps) => {
        expect(quantilesInPlace(Float64Array.from(xs), ps)).toEqual(quantile(xs, ps));
      }),
      { numRuns: 300 },
    );
  });
  it('is null for no values', () => {
    expect(distribution(new Float64Array(0))).toBeNull();
    expect(distributionInPlace(new Float64Array(0), 0, -Infinity)).toBeNull();
  });
});

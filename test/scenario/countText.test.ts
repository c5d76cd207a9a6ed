// The estimate's warnings print counts with thousands separators by hand (loading the locale data
// for toLocaleString was about 10 ms of a large run); they must read exactly as toLocaleString did.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { count } from '../../src/scenario/messages.js';

describe('count', () => {
  it("prints what Math.round(n).toLocaleString('en-US') prints", () => {
    const reference = (n: number): string => Math.round(n).toLocaleString('en-US');
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double(), fc.double({ min: -1e7, max: 1e7 })), (n) => {
        expect(count(n)).toBe(reference(n));
      }),
      { numRuns: 5000 },
    );
    for (const n of [0, -0, -0.4, 0.5, 999, 1000, 999_999, 1_000_000, -1234567, 2 ** 53, 1e21, NaN, Infinity, -Infinity]) expect(count(n)).toBe(reference(n));
  });
});

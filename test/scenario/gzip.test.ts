// Inflating a gzipped trace into one output buffer sized from the gzip trailer (scenario/gzip.ts)
// against zlib's own gunzipSync(bytes).toString('utf8'): the same text for one or many members and
// for trailers that lie, and the same error for bytes that are not gzip.
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gunzipText } from '../../src/scenario/gzip.js';

const runs = Number(process.env.FC_RUNS ?? 100);

const reference = (bytes: Uint8Array): string => gunzipSync(bytes).toString('utf8');
/** The thrown error's message, or null. */
const errorOf = (f: () => unknown): string | null => {
  try {
    f();
    return null;
  } catch (e) {
    return e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e);
  }
};

describe('gunzipText', () => {
  it('gives the text gunzipSync gives, for files of one or several members, with the trailer true or not', () => {
    const part = fc.oneof(fc.string({ maxLength: 3000 }), fc.string({ unit: 'grapheme', maxLength: 200 }), fc.constant(''), fc.integer({ min: 1, max: 200_000 }).map((n) => '1 2 3\n'.repeat(n / 6)));
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 4 }), fc.option(fc.integer({ min: 0, max: 2 ** 32 - 1 })), (parts, trailer) => {
        const bytes = Buffer.concat(parts.map((p) => gzipSync(p)));
        // A trailer that lies (zlib then refuses the length) only sizes the buffer here: the outcome
        // must not change.
        if (trailer !== null) bytes.writeUInt32LE(trailer, bytes.length - 4);
        const expected = errorOf(() => reference(bytes));
        expect(errorOf(() => gunzipText(bytes))).toBe(expected);
        if (expected === null) expect(gunzipText(bytes)).toBe(reference(bytes));
        if (trailer === null) expect(gunzipText(bytes)).toBe(parts.join(''));
      }),
      { numRuns: runs },
    );
  });

  it('fills the buffer exactly when the text is as long as the trailer says', () => {
    for (const length of [0, 1, 16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, 300_000]) {
      const text = 'x'.repeat(length);
      expect(gunzipText(gzipSync(text))).toBe(text);
    }
  });

  it('fails as gunzipSync does on bytes that are not gzip, too short or cut off', () => {
    const whole = gzipSync('1 100 0 60 4 -1 -1 4 120 -1 1 7 1 -1 1 -1 -1 -1\n'.repeat(50));
    for (const bytes of [Buffer.alloc(0), Buffer.from('not gzip at all, but long enough'), whole.subarray(0, 10), whole.subarray(0, whole.length - 3), whole.subarray(0, whole.length / 2)]) {
      const expected = errorOf(() => reference(bytes));
      expect(expected).not.toBeNull();
      expect(errorOf(() => gunzipText(bytes))).toBe(expected);
    }
  });
});

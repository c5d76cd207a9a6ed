// The byte writer spells every number and time exactly as the string formatting of format.ts and
// `${x}` did (the CSVs' golden hashes rest on it): for arbitrary values, including negatives, 0,
// -0, fractions, NaN, ±Infinity, values past 2^53, and across buffer boundaries.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter, EncodedStrings } from '../../src/records/bytes.js';
import { csvField, seconds } from '../../src/records/format.js';
import { recordTable } from '../../src/records/table.js';

/** What a writer with a `size`-byte buffer hands its sink, as one string. */
function written(size: number, fill: (w: ByteWriter) => void): string {
  const chunks: Buffer[] = [];
  const w = new ByteWriter({ write: (b, n = b.length) => chunks.push(Buffer.from(b.subarray(0, n))) }, size);
  fill(w);
  w.flush();
  return Buffer.concat(chunks).toString('utf8');
}

const anyNumber = fc.oneof(
  fc.double(), // includes NaN, ±Infinity, -0 and subnormals
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
  fc.maxSafeInteger(),
  fc.constantFrom(0, -0, 9, 10, 99, 100, 999_999_999, 1e9, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e21, 123456789012345680000, 0.1 + 0.2, 999.9999, 1e-7),
);
// Milliseconds as the model keeps them (integers, -1 for never) and the odd ones a bug could make.
const anyMs = fc.oneof(fc.integer({ min: -5, max: 10 ** 12 }), fc.maxSafeInteger(), fc.double(), fc.constantFrom(-1, 0, 999, 1000, 1001, 59_999, 2 ** 31 * 1000 - 1, 2 ** 31 * 1000, 1500.5, 0.4999, 999.5));

describe('ByteWriter', () => {
  it('number(x) writes the bytes of `${x}` for any number', () => {
    fc.assert(fc.property(anyNumber, (x) => {
      expect(written(64, (w) => w.number(x))).toBe(`${x}`);
    }), { numRuns: 5000 });
  });

  it("seconds(ms) writes the bytes of format.ts's seconds(ms): s.mmm, nothing for negatives", () => {
    fc.assert(fc.property(anyMs, (ms) => {
      expect(written(64, (w) => w.seconds(ms))).toBe(seconds(ms));
    }), { numRuns: 5000 });
  });

  it('hand-worked cases', () => {
    // 61,005 ms = 61 s + 5 ms -> "61.005"; 1,000 ms -> "1.000"; 999 ms -> "0.999"; 1500.5 ms keeps today's odd "1.500.5".
    expect(written(64, (w) => [61_005, 1000, 999, 0, -1, 1500.5].forEach((ms) => (w.seconds(ms), w.comma())))).toBe('61.005,1.000,0.999,0.000,,1.500.5,');
    expect(written(64, (w) => [-0, -12, 0.25, NaN, 2 ** 53].forEach((x) => (w.number(x), w.comma())))).toBe('0,-12,0.25,NaN,9007199254740992,');
  });

  it('a row of mixed fields gives the same bytes as its template string, whatever the buffer size', () => {
    const field = fc.string({ unit: 'grapheme', maxLength: 12 });
    fc.assert(
      fc.property(fc.array(fc.tuple(anyMs, anyNumber, field), { maxLength: 30 }), fc.integer({ min: 1, max: 200 }), (rows, size) => {
        const names = new EncodedStrings(csvField);
        const expected = rows.map(([ms, x, s]) => `${seconds(ms)},${x},${csvField(s)}\n`).join('');
        const got = written(size, (w) => {
          for (const [ms, x, s] of rows) {
            w.seconds(ms);
            w.comma();
            w.number(x);
            w.comma();
            w.bytes(names.get(s));
            w.newline();
          }
        });
        expect(got).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it("a table's line(i) is its row's bytes decoded, for each row", () => {
    const values = ['a', 'b,c', 'ü "q"'];
    const table = recordTable({ name: 't', columns: ['v'], rowCount: 3, writeRow: (i, w) => (w.text(csvField(values[i])), w.comma(), w.seconds(i * 1001)) });
    expect([0, 1, 2].map((i) => table.line(i))).toEqual(['a,0.000', '"b,c",1.001', '"ü ""q""",2.002']);
  });
});

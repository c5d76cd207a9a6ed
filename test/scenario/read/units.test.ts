import { describe, expect, it } from 'vitest';
import { parseDurationMs, parseSizeMiB } from '../../../src/scenario/read/units.js';

describe('parseDurationMs', () => {
  it.each([
    [90, 90_000],
    [0.5, 500],
    [0, 0],
    ['90', 90_000],
    ['500ms', 500],
    ['90s', 90_000],
    ['45m', 2_700_000],
    ['2h', 7_200_000],
    ['3d', 259_200_000],
    ['1h30m', 5_400_000],
    ['1h 30m 15s', 5_415_000],
    ['1.5h', 5_400_000],
    ['2 h', 7_200_000],
    ['1m500ms', 60_500],
  ] as const)('%j -> %d ms', (input, ms) => {
    expect(parseDurationMs(input)).toBe(ms);
  });

  it.each(['45 minutes', '', 'abc', '-5s', '5x', 'h', '1h30', true, null, {}, -1, Number.NaN, Infinity])('%j is not a duration', (input) => {
    expect(parseDurationMs(input)).toBeNull();
  });
});

describe('parseSizeMiB', () => {
  it.each([
    ['16 GiB', 'MiB', 16_384],
    ['512 MiB', 'MiB', 512],
    ['1 TiB', 'MiB', 1_048_576],
    ['2 GB', 'MiB', 2e9 / 2 ** 20],
    ['500 MB', 'MiB', 5e8 / 2 ** 20],
    ['30GiB', 'MiB', 30_720],
    [1024, 'MiB', 1024],
    [30, 'GiB', 30_720],
    ['30', 'GiB', 30_720],
  ] as const)('%j (bare numbers in %s) -> %d MiB', (input, unit, mib) => {
    expect(parseSizeMiB(input, unit)).toBeCloseTo(mib, 9);
  });

  it.each(['16 gigs', 'GiB', '', -1, null])('%j is not a size', (input) => {
    expect(parseSizeMiB(input, 'MiB')).toBeNull();
  });
});

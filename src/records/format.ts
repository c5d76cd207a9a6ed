// How records spell values in CSV: times as seconds with millisecond precision, strings quoted
// only when they must be (RFC 4180). Hand-written because the million-row files are the hot path:
// csv-stringify took 7.7 s for 1M job rows here, this takes under 1 s (see bench/RESULTS.md).

/** Integer milliseconds as seconds with three decimals; '' for "never" (negative). */
export function seconds(ms: number): string {
  if (ms < 0) return '';
  const s = Math.floor(ms / 1000);
  const r = ms - s * 1000;
  return s + (r < 10 ? '.00' : r < 100 ? '.0' : '.') + r;
}

export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A number as JSON and CSV print it, with at most `digits` decimals and no trailing zeros. */
export function round(x: number, digits = 6): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

// A distribution of durations as summary.json reports it: mean and percentiles, in seconds.
import { round } from '../records/format.js';

export interface Distribution {
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const PERCENTILES = [0.5, 0.95, 0.99] as const;

/** Mean and percentiles, in seconds, of values in ms (the values are left as they are). */
export function distribution(valuesMs: Float64Array): Distribution | null {
  const n = valuesMs.length;
  if (n === 0) return null;
  let sum = 0;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    sum += valuesMs[i];
    if (valuesMs[i] > max) max = valuesMs[i];
  }
  return distributionInPlace(valuesMs.slice(), sum, max);
}

/**
 * distribution() without a copy: `valuesMs` is reordered. `sumMs` and `maxMs` are the values' sum
 * and maximum as the caller added them up while filling it (past 2^53 ms a sum depends on its
 * order, so it is taken in the caller's, not the selection's).
 *
 * The percentiles are simple-statistics' `quantile` (type 7, linear between the two order
 * statistics around (n - 1) p): the same order statistics are placed here, each within the range
 * the ones before left it (as its multiQuantileSelect does), then read as its quantileSorted reads
 * them. Each is a value of the data, whatever algorithm placed it, so the figures equal quantile's
 * exactly (test/metrics/distribution.test.ts checks them against it).
 */
export function distributionInPlace(valuesMs: Float64Array, sumMs: number, maxMs: number): Distribution | null {
  const n = valuesMs.length;
  if (n === 0) return null;
  const [p50, p95, p99] = quantilesInPlace(valuesMs, PERCENTILES);
  return {
    mean: round(sumMs / n / 1000, 3),
    p50: round(p50 / 1000, 3),
    p95: round(p95 / 1000, 3),
    p99: round(p99 / 1000, 3),
    max: round(maxMs / 1000, 3),
  };
}

/** simple-statistics' quantile(values, ps) without its copy: `values` (not empty) is reordered. */
export function quantilesInPlace(values: Float64Array, ps: readonly number[]): number[] {
  const n = values.length;
  const positions = new Set<number>();
  for (const p of ps) {
    const idx = (n - 1) * p;
    positions.add(Math.floor(idx));
    positions.add(Math.ceil(idx));
  }
  const sorted = [...positions].sort((a, b) => a - b);
  selectAll(values, sorted, 0, sorted.length - 1, 0, n - 1);
  return ps.map((p) => atQuantile(values, p));
}

/**
 * simple-statistics' quantileSorted(values, p) for p in [0, 1], on values whose order statistics
 * around (n - 1) p are in place: the same arithmetic, so the same bits. Written out (six lines)
 * because every run summarizes, and loading the 167 KB library for it was about 9 ms of a 1,000-job
 * run's start-up.
 */
function atQuantile(values: Float64Array, p: number): number {
  const n = values.length;
  if (p === 1) return values[n - 1];
  if (p === 0) return values[0];
  const idx = (n - 1) * p;
  if (idx % 1 === 0) return values[idx];
  const lower = Math.floor(idx);
  return values[lower] + (idx - lower) * (values[Math.ceil(idx)] - values[lower]);
}

/** Put each order statistic of `positions[lo..hi]` in its place within values[left..right]. */
function selectAll(values: Float64Array, positions: readonly number[], lo: number, hi: number, left: number, right: number): void {
  if (lo > hi) return;
  const mid = (lo + hi) >> 1;
  const k = positions[mid];
  select(values, k, left, right);
  selectAll(values, positions, lo, mid - 1, left, k - 1);
  selectAll(values, positions, mid + 1, hi, k + 1, right);
}

/**
 * Quickselect (Hoare's partition, median-of-three pivot): afterwards a[k] holds the value a sorted
 * a[left..right] would, with nothing larger before it and nothing smaller after it. Written for
 * Float64Array rather than taken from simple-statistics, whose generic quickselect took 120 ms on
 * a run's first 1M-value summary (its swap calls before the optimizer warms up); this one 50 ms.
 */
function select(a: Float64Array, k: number, left: number, right: number): void {
  while (right > left) {
    const x = a[left];
    const y = a[(left + right) >> 1];
    const z = a[right];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    // a[left..j] <= pivot <= a[i..right], and anything between i and j equals the pivot.
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

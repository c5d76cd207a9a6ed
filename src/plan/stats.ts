// Statistics across replications: the mean with a 95% Student-t confidence interval, and the
// paired difference of two configurations run on common random numbers (replication i of each
// uses the same seed, so their difference has far less variance than either figure).
import jstat from 'jstat';
import { mean, sampleStandardDeviation } from 'simple-statistics';

export interface Estimate {
  /** Replications with a value (a figure can be null in a run, e.g. no job ever waited). */
  n: number;
  mean: number | null;
  /** Half the width of the 95% interval; null with fewer than two values. */
  halfWidth: number | null;
  ci95Low: number | null;
  ci95High: number | null;
}

/** t quantile for a two-sided 95% interval with n - 1 degrees of freedom. */
export function t975(n: number): number {
  return jstat.jStat.studentt.inv(0.975, n - 1);
}

/** The values a figure can take (figures.ts figureRange); a difference of two figures is unbounded. */
export interface ValueRange {
  min: number;
  max: number;
}

const UNBOUNDED: ValueRange = { min: -Infinity, max: Infinity };

/** Mean and 95% interval of the non-null values, in their order (the sum is order-dependent). */
export function estimate(values: readonly (number | null)[]): Estimate {
  return estimateIn(values, UNBOUNDED);
}

/**
 * estimate(), with the interval cut at `range`, the values the figure can take: with few
 * replications of a skewed figure, mean − half-width can fall below 0 (a negative cost) or mean +
 * half-width past 100% utilisation. The true mean lies in the range, so the cut interval covers it
 * whenever the whole one does: it keeps its 95% coverage and claims nothing impossible. halfWidth
 * stays the Student-t half-width; formatEstimate shows a cut interval by its ends.
 */
export function estimateIn(values: readonly (number | null)[], range: ValueRange): Estimate {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { n, mean: null, halfWidth: null, ci95Low: null, ci95High: null };
  const m = mean(xs);
  if (n < 2) return { n, mean: m, halfWidth: null, ci95Low: null, ci95High: null };
  const hw = (t975(n) * sampleStandardDeviation(xs)) / Math.sqrt(n);
  return { n, mean: m, halfWidth: hw, ci95Low: Math.max(range.min, m - hw), ci95High: Math.min(range.max, m + hw) };
}

/** Whether the estimate's interval was cut at its figure's range (so `mean ± halfWidth` would overstate it). */
export function isCut(e: Estimate): boolean {
  return e.mean !== null && e.halfWidth !== null && (e.ci95Low !== e.mean - e.halfWidth || e.ci95High !== e.mean + e.halfWidth);
}

export interface PairedDifference extends Estimate {
  /** Whether the 95% interval of the difference excludes zero; null when there is no interval. */
  significant: boolean | null;
}

/** b − a per replication (pairs where either is null are dropped), with its 95% interval. */
export function pairedDifference(a: readonly (number | null)[], b: readonly (number | null)[]): PairedDifference {
  const diffs: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x !== null && y !== null) diffs.push(y - x);
  }
  const e = estimate(diffs);
  // Identical figures in every replication (an axis that changes nothing) differ by exactly 0.
  if (e.n >= 2 && e.halfWidth === 0) return { ...e, significant: e.mean !== 0 };
  const significant = e.ci95Low === null || e.ci95High === null ? null : e.ci95Low > 0 || e.ci95High < 0;
  return { ...e, significant };
}

/** Share of values at or below `max` (or at or above `min`): the replication quantile of a constraint. */
export function shareWithin(values: readonly (number | null)[], bound: { max?: number; min?: number }): number {
  if (values.length === 0) return 0;
  let ok = 0;
  for (const v of values) if (v !== null && (bound.max === undefined || v <= bound.max) && (bound.min === undefined || v >= bound.min)) ok++;
  return ok / values.length;
}

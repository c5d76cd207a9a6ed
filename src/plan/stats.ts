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

/** Mean and 95% interval of the non-null values, in their order (the sum is order-dependent). */
export function estimate(values: readonly (number | null)[]): Estimate {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { n, mean: null, halfWidth: null, ci95Low: null, ci95High: null };
  const m = mean(xs);
  if (n < 2) return { n, mean: m, halfWidth: null, ci95Low: null, ci95High: null };
  const hw = (t975(n) * sampleStandardDeviation(xs)) / Math.sqrt(n);
  return { n, mean: m, halfWidth: hw, ci95Low: m - hw, ci95High: m + hw };
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

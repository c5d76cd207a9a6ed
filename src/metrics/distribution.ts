// A distribution of durations as summary.json reports it: mean and percentiles, in seconds.
import { quantile } from 'simple-statistics';
import { round } from '../records/format.js';

export interface Distribution {
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * Mean and percentiles, in seconds, of values in ms. simple-statistics' `quantile` selects rather
 * than sorts (same values as quantileSorted, in O(n)); it works on a copy.
 */
export function distribution(valuesMs: Float64Array): Distribution | null {
  const n = valuesMs.length;
  if (n === 0) return null;
  let sum = 0;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    sum += valuesMs[i];
    if (valuesMs[i] > max) max = valuesMs[i];
  }
  const [p50, p95, p99] = quantile(valuesMs as unknown as number[], [0.5, 0.95, 0.99]);
  return {
    mean: round(sum / n / 1000, 3),
    p50: round(p50 / 1000, 3),
    p95: round(p95 / 1000, 3),
    p99: round(p99 / 1000, 3),
    max: round(max / 1000, 3),
  };
}

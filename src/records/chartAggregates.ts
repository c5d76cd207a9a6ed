// The charts' time bins, gathered while the run goes: per series and bin the minimum, the
// time-weighted mean and the maximum of the settled value (exact: every change is seen, not only
// sampled instants). Bins start BASE_BIN_MS wide; when the run passes MAX_SERIES_BINS of them,
// neighbours merge in pairs and the width doubles, so the width is always BASE_BIN_MS × 2^k and
// memory is MAX_SERIES_BINS numbers per series and statistic whatever the horizon.
import type { SeriesKey } from './timeseries.js';

export const BASE_BIN_MS = 1000;
export const MAX_SERIES_BINS = 512;

/** One series' bins: min, mean, max per bin (bin k covers [k, k+1) × width). */
export interface BinnedSeries extends SeriesKey {
  min: number[];
  mean: number[];
  max: number[];
}

/** The bins of a run, as plain data. */
export interface SeriesBinsData {
  widthMs: number;
  /** Bins that cover [0, endMs]: at least one. */
  count: number;
  endMs: number;
  series: BinnedSeries[];
}

/** The smallest BASE_BIN_MS × 2^k that puts instant `t` in one of `maxBins` bins. */
export function binWidthFor(t: number, maxBins = MAX_SERIES_BINS): number {
  let w = BASE_BIN_MS;
  while (t >= maxBins * w) w *= 2;
  return w;
}

export class SeriesBins {
  widthMs = BASE_BIN_MS;
  private readonly keys: SeriesKey[] = [];
  private readonly min: Float64Array[] = [];
  private readonly max: Float64Array[] = [];
  /** Integral of value over time (value × ms) per bin. */
  private readonly area: Float64Array[] = [];
  private readonly since: number[] = [];
  private readonly value: number[] = [];

  constructor(private readonly maxBins = MAX_SERIES_BINS) {}

  add(key: SeriesKey): number {
    this.keys.push(key);
    this.min.push(new Float64Array(this.maxBins).fill(Infinity));
    this.max.push(new Float64Array(this.maxBins).fill(-Infinity));
    this.area.push(new Float64Array(this.maxBins));
    this.since.push(0);
    this.value.push(NaN);
    return this.keys.length - 1;
  }

  /** Series `id` holds `value` from `at` on (instants in order; a value of zero duration leaves no trace). */
  level(at: number, id: number, value: number): void {
    this.hold(id, at);
    this.since[id] = at;
    this.value[id] = value;
  }

  /** Widen the bins until instant `t` falls in one. */
  cover(t: number): void {
    while (t >= this.maxBins * this.widthMs) this.merge();
  }

  /** Every series held its value up to `endMs`: the bins as plain data. */
  finish(endMs: number): SeriesBinsData {
    const end = Math.max(0, endMs);
    for (let id = 0; id < this.keys.length; id++) this.hold(id, end);
    this.cover(end);
    const w = this.widthMs;
    const count = Math.max(1, Math.ceil(end / w));
    const series = this.keys.map((key, id): BinnedSeries => {
      const min: number[] = [];
      const mean: number[] = [];
      const max: number[] = [];
      for (let k = 0; k < count; k++) {
        const span = Math.min(end, (k + 1) * w) - k * w;
        const lo = this.min[id][k];
        const hi = this.max[id][k];
        const seen = hi >= lo;
        // A run of zero length (or a series never given a value) has nothing to average.
        const last = Number.isNaN(this.value[id]) ? 0 : this.value[id];
        min.push(seen ? lo : last);
        max.push(seen ? hi : last);
        mean.push(seen && span > 0 ? this.area[id][k] / span : seen ? hi : last);
      }
      return { ...key, min, mean, max };
    });
    return { widthMs: w, count, endMs: end, series };
  }

  /** Series `id`'s current value, held from its `since` to `to`, goes into the bins it spans. */
  private hold(id: number, to: number): void {
    const from = this.since[id];
    const v = this.value[id];
    if (!(to > from) || Number.isNaN(v)) return;
    this.cover(to - 1);
    const w = this.widthMs;
    const min = this.min[id];
    const max = this.max[id];
    const area = this.area[id];
    for (let k = Math.floor(from / w), last = Math.floor((to - 1) / w); k <= last; k++) {
      if (v < min[k]) min[k] = v;
      if (v > max[k]) max[k] = v;
      area[k] += v * (Math.min(to, (k + 1) * w) - Math.max(from, k * w));
    }
    this.since[id] = to;
  }

  /** Merge neighbouring bins in pairs; the width doubles. */
  private merge(): void {
    const n = this.maxBins;
    for (let id = 0; id < this.keys.length; id++) {
      const min = this.min[id];
      const max = this.max[id];
      const area = this.area[id];
      for (let k = 0; k < n / 2; k++) {
        min[k] = Math.min(min[2 * k], min[2 * k + 1]);
        max[k] = Math.max(max[2 * k], max[2 * k + 1]);
        area[k] = area[2 * k] + area[2 * k + 1];
      }
      min.fill(Infinity, n / 2);
      max.fill(-Infinity, n / 2);
      area.fill(0, n / 2);
    }
    this.widthMs *= 2;
  }
}

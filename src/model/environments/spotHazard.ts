// A piecewise-constant Spot reclaim hazard over simulated time (a replayed availability trace), and
// the inverse of its cumulative hazard: where a unit-exponential draw lands on it. With a constant
// hazard this is the exponential life spot.ts draws; a trace makes the rate follow the clock.

const MS_PER_HOUR = 3_600_000;

export class PiecewiseHazard {
  /** Breakpoints (ms since time 0, ascending) and the rate (per hour) from each to the next. */
  private readonly atMs: readonly number[];
  private readonly perHour: readonly number[];
  /** Cumulative hazard at each breakpoint, from the first (0 before it). */
  private readonly cumulative: Float64Array;

  constructor(atMs: readonly number[], perHour: readonly number[]) {
    if (atMs.length === 0 || atMs.length !== perHour.length) throw new Error('PiecewiseHazard needs one rate per breakpoint');
    this.atMs = atMs;
    this.perHour = perHour;
    this.cumulative = new Float64Array(atMs.length);
    for (let i = 1; i < atMs.length; i++) this.cumulative[i] = this.cumulative[i - 1] + (perHour[i - 1] * (atMs[i] - atMs[i - 1])) / MS_PER_HOUR;
  }

  /** Cumulative hazard from the first breakpoint to `t`. */
  private at(t: number): number {
    if (t <= this.atMs[0]) return 0;
    const i = this.segment(t);
    return this.cumulative[i] + (this.perHour[i] * (t - this.atMs[i])) / MS_PER_HOUR;
  }

  /** The last breakpoint at or before t (t ≥ the first). */
  private segment(t: number): number {
    let lo = 0;
    let hi = this.atMs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.atMs[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * The first instant ≥ `fromMs` by which the hazard accumulated since `fromMs` reaches `e` (a
   * unit-exponential draw, -ln(1 - u)), or Infinity if it never does. O(log n) in breakpoints.
   */
  crossing(fromMs: number, e: number): number {
    if (!(e > 0)) return fromMs;
    const target = this.at(fromMs) + e;
    const n = this.atMs.length;
    // The first breakpoint whose cumulative hazard reaches the target (cumulative is non-decreasing).
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] >= target) hi = mid;
      else lo = mid + 1;
    }
    // Reached within the segment before breakpoint lo, or after the last one at the last rate.
    const k = lo === n ? n - 1 : lo - 1;
    const rate = this.perHour[k];
    if (lo === n && !(rate > 0)) return Infinity;
    const t = this.atMs[k] + ((target - this.cumulative[k]) / rate) * MS_PER_HOUR;
    return Math.max(fromMs, t);
  }

  /** Reclaims an instance alive from `fromMs` to `toMs` is expected to see: the hazard's integral. */
  between(fromMs: number, toMs: number): number {
    return toMs > fromMs ? this.at(toMs) - this.at(fromMs) : 0;
  }

  /** The time-weighted mean rate over the trace's span (the last rate when it has one row), per hour. */
  meanPerHour(): number {
    const n = this.atMs.length;
    if (n === 1) return this.perHour[0];
    const span = this.atMs[n - 1] - this.atMs[0];
    return span > 0 ? (this.cumulative[n - 1] / span) * MS_PER_HOUR : this.perHour[n - 1];
  }
}

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
  return distributionWith(valuesMs, sum, max);
}

/**
 * distribution() of values whose sum and maximum the caller has: `sumMs` and `maxMs` as it added
 * them up while filling `valuesMs` (past 2^53 ms a sum depends on its order, so it is taken in the
 * caller's), and `minMs` their minimum if the caller has it too (then none may be NaN). The values
 * are left as they are.
 *
 * The percentiles are simple-statistics' `quantile` (type 7, linear between the two order
 * statistics around (n - 1) p): the same order statistics, found by orderStatistics() here, read
 * with quantileSorted's arithmetic. Each is a value of the data, whatever algorithm found it, so the
 * figures equal quantile's exactly (test/metrics/distribution.test.ts checks them against it).
 */
export function distributionWith(valuesMs: Float64Array, sumMs: number, maxMs: number, minMs?: number): Distribution | null {
  const n = valuesMs.length;
  if (n === 0) return null;
  const [p50, p95, p99] = quantiles(valuesMs, PERCENTILES, minMs === undefined ? undefined : { min: minMs, max: maxMs });
  return {
    mean: round(sumMs / n / 1000, 3),
    p50: round(p50 / 1000, 3),
    p95: round(p95 / 1000, 3),
    p99: round(p99 / 1000, 3),
    max: round(maxMs / 1000, 3),
  };
}

/** simple-statistics' quantile(values, ps) for ps in [0, 1], on `values` (not empty, no NaN), left as they are; `range` as orderStatistics takes it. */
export function quantiles(values: Float64Array, ps: readonly number[], range?: Range): number[] {
  const n = values.length;
  const ranks: number[] = [];
  for (const p of ps) ranks.push(...quantileRanks(n, p));
  const at = orderStatistics(values, ranks, range);
  return ps.map((p, k) => typeSeven(n, p, at[2 * k], at[2 * k + 1]));
}

/** The two order statistics (0-based ranks) that quantile p of n values reads: around (n - 1) p. */
export function quantileRanks(n: number, p: number): [number, number] {
  const idx = (n - 1) * p;
  return [Math.floor(idx), Math.ceil(idx)];
}

/**
 * simple-statistics' quantileSorted(x, p) for p in [0, 1], from the order statistics quantileRanks
 * names (`lower` = x[floor((n - 1) p)], `upper` = x[ceil((n - 1) p)]): the same arithmetic, so the
 * same bits. (Its p = 0 and p = 1 cases read x[0] and x[n - 1], which are those ranks then.)
 * Written out because every run summarizes, and loading the 167 KB library for it was about 9 ms
 * of a 1,000-job run's start-up.
 */
export function typeSeven(n: number, p: number, lower: number, upper: number): number {
  const idx = (n - 1) * p;
  if (p === 1 || p === 0 || idx % 1 === 0) return lower;
  return lower + (idx - Math.floor(idx)) * (upper - lower);
}

/** The least and greatest of some values. */
export interface Range {
  min: number;
  max: number;
}

/** Below this many values a sorted copy is cheaper than counting into buckets. */
const SORT_AT_MOST = 2048;
/**
 * Buckets per wanted rank, and at most (256 KB of counts; fewer when few ranks are wanted, so that
 * the counts stay in cache); how deep a crowded bucket is split again before it is sorted.
 */
const BUCKETS_PER_RANK = 64;
const MAX_BUCKETS = 1 << 16;
const MAX_DEPTH = 3;

/**
 * The values at the given ranks (0-based) of `values` in ascending order (as Float64Array's sort
 * orders them: -0 before +0, NaN last), in the order of `ranks`, without sorting all of them or
 * reordering `values`. A million-value sort is about 80 ms; this is a few passes: the range, a count
 * per class (the values equal to the minimum, then buckets of equal width over the rest of the
 * range; classing is monotone, so a rank's class follows from the counts), then only the values in
 * the buckets that hold a wanted rank are copied out and ordered (split again the same way when a
 * bucket holds many, sorted when few). The minimum's own class is never copied: queue waits are
 * half zeros. Exact: each answer is the value a full sort puts at that rank
 * (test/metrics/distribution.test.ts checks it against one on arbitrary data). `range`: the values'
 * minimum and maximum, when the caller has them (then none may be NaN), saving a pass.
 */
export function orderStatistics(values: Float64Array, ranks: readonly number[], range?: Range): number[] {
  const n = values.length;
  const wanted = [...new Set(ranks)].sort((a, b) => a - b);
  for (const r of wanted) if (!(Number.isInteger(r) && r >= 0 && r < n)) throw new RangeError(`orderStatistics: rank ${r} of ${n} values`);
  const found = new Float64Array(wanted.length);
  place(values, false, wanted, 0, wanted.length, found, 0, range);
  const at = new Map(wanted.map((r, k) => [r, found[k]]));
  return ranks.map((r) => at.get(r)!);
}

/**
 * found[k] = the value of rank wanted[k] in `values`, for k in [from, to) (the ranks ascending,
 * distinct, within values). `owned`: values is scratch of ours and may be reordered.
 */
function place(values: Float64Array, owned: boolean, wanted: readonly number[], from: number, to: number, found: Float64Array, depth: number, range?: Range): void {
  const n = values.length;
  const sorted = (): void => {
    const s = owned ? values.sort() : values.slice().sort();
    for (let k = from; k < to; k++) found[k] = s[wanted[k]];
  };
  if (n <= SORT_AT_MOST || depth >= MAX_DEPTH) return sorted();
  // A caller's range has no NaN (it may not be given with any).
  const { min, max, nan } = range === undefined ? scan(values) : { min: range.min, max: range.max, nan: false };
  // NaN has no class (the sort puts it last); a range too wide to scale has no buckets.
  if (nan || !Number.isFinite(max - min)) return sorted();
  // Class c >= 1 holds the values with ceil((v - min) * scale) = c, the maximum's possibly rounding
  // past the last; class 0 those where it is 0: the minimum, unless a gap to it underflowed.
  const buckets = Math.min(MAX_BUCKETS, n >> 2, Math.max(1024, (to - from) * BUCKETS_PER_RANK));
  const scale = min === max ? 0 : buckets / (max - min);
  if (!Number.isFinite(scale)) return sorted();
  const counts = new Int32Array(buckets + 1);
  if (count(values, min, scale, counts) !== counts[0]) return sorted();
  // The minimum's class: zeros may be of either sign, and the sort puts -0 first.
  const minus = min === 0 && from < to && wanted[from] < counts[0] ? negativeZeros(values) : 0;
  let k = from;
  for (; k < to && wanted[k] < counts[0]; k++) found[k] = min !== 0 ? min : wanted[k] < minus ? -0 : 0;
  if (k === to) return;
  // Walk the buckets once with the ranks ascending: each wanted bucket gets a place in `picked`.
  const slot = new Int32Array(buckets + 1).fill(-1);
  const firstRank: number[] = [];
  const classOf: number[] = [];
  const wantedFrom: number[] = [];
  let size = 0;
  for (let c = 1, below = counts[0]; k < to; c++) {
    const above = below + counts[c];
    if (wanted[k] < above) {
      slot[c] = size;
      firstRank.push(below);
      classOf.push(c);
      wantedFrom.push(k);
      size += counts[c];
      while (k < to && wanted[k] < above) k++;
    }
    below = above;
  }
  wantedFrom.push(to);
  const picked = new Float64Array(size);
  gather(values, min, scale, slot, picked);
  const local: number[] = [];
  for (let j = 0, start = 0; j < classOf.length; j++) {
    const size = counts[classOf[j]];
    local.length = 0;
    for (let k = wantedFrom[j]; k < wantedFrom[j + 1]; k++) local.push(wanted[k] - firstRank[j]);
    const sub = new Float64Array(local.length);
    place(picked.subarray(start, start + size), true, local, 0, local.length, sub, depth + 1);
    for (let k = wantedFrom[j]; k < wantedFrom[j + 1]; k++) found[k] = sub[k - wantedFrom[j]];
    start += size;
  }
}

// The passes over all the values, each its own small function so that each is optimized on its
// own (one function with all of them was compiled on stack replacement at each loop in turn, and
// thrown out at the next one's first run: 45 ms instead of about 10 for a million values).

/** The values' least and greatest, and whether any is NaN. */
function scan(values: Float64Array): Range & { nan: boolean } {
  let min = Infinity;
  let max = -Infinity;
  let nan = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
    if (v !== v) nan = 1;
  }
  return { min, max, nan: nan === 1 };
}

// The class of a value is ceil((v - min) * scale), at most the last; Math.ceil(..) | 0 and the
// equality added as a number, +(a === b), rather than branched on (a ternary is a branch) keep these loops free of branches that a
// crowd of minimums in random order (queue waits) mispredicts: 2 ms a million values, not 7.

/** Count each class; returns how many values equal the minimum (class 0 holds only them unless a gap underflowed). */
function count(values: Float64Array, min: number, scale: number, counts: Int32Array): number {
  const last = counts.length - 1;
  let exact = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const c = Math.ceil((v - min) * scale) | 0;
    counts[c < last ? c : last]++;
    exact += +(v === min);
  }
  return exact;
}

/** Copy each value whose class has a slot (>= 0) to it, the slot moving on. */
function gather(values: Float64Array, min: number, scale: number, slot: Int32Array, picked: Float64Array): void {
  const last = slot.length - 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    let c = Math.ceil((v - min) * scale) | 0;
    if (c > last) c = last;
    const s = slot[c];
    if (s >= 0) {
      picked[s] = v;
      slot[c] = s + 1;
    }
  }
}

function negativeZeros(values: Float64Array): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    count += +(v === 0) & +(1 / v < 0);
  }
  return count;
}

// Aggregation before charting, so a million-job run makes charts of sensible size: counts on the
// series' time bins (records/chartAggregates.ts), CDFs from at most MAX_CDF_POINTS quantile points,
// cost sums by group, a timeline of lanes sampled across the run. Pure functions of the tables
// (in memory or read back from CSVs); iteration in index or sorted order.
import { round } from '../../records/format.js';
import { orderStatistics, quantileRanks, typeSeven } from '../../metrics/distribution.js';
import type { AttemptRecords, InstanceRecord, JobRecords, RunRecords } from './read.js';

const MAX_CDF_POINTS = 1000;

/** Chart data is rounded like the records (stable, short JSON). */
export const r6 = (x: number): number => round(x, 6);

/** The end of the run in seconds: summary.simulatedSeconds, else the latest time in the records. */
export function runEnd(rec: RunRecords): number {
  const s = rec.summary.simulatedSeconds;
  let end = typeof s === 'number' && Number.isFinite(s) ? s : 0;
  const ts = rec.timeseries.time;
  for (let i = 0; i < ts.length; i++) if (ts[i] > end) end = ts[i];
  const stop = rec.attempts.stoppedAt;
  for (let i = 0; i < stop.length; i++) if (stop[i] > end) end = stop[i];
  for (const x of rec.instances) if (x.terminatedAt > end) end = x.terminatedAt;
  return end;
}

export interface TimeUnit {
  name: 's' | 'min' | 'h' | 'd';
  seconds: number;
  label: string;
}

/** The unit time axes use for a run of this length. */
export function timeUnit(endSeconds: number): TimeUnit {
  if (endSeconds <= 600) return { name: 's', seconds: 1, label: 'seconds' };
  if (endSeconds <= 3 * 3600) return { name: 'min', seconds: 60, label: 'minutes' };
  if (endSeconds <= 14 * 86400) return { name: 'h', seconds: 3600, label: 'hours' };
  return { name: 'd', seconds: 86400, label: 'days' };
}

/** Code-unit string order (locale-independent, so deterministic everywhere). */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Spot interruptions (attempts ending INTERRUPTED, by stop time) and retries (attempt 2+, by
 * start) per time bin of `widthSeconds`; times at or past the last bin land in it.
 */
export function countBins(A: AttemptRecords, widthSeconds: number, count: number): { interruptions: number[]; retries: number[] } {
  const interrupted = A.outcome.values.indexOf('INTERRUPTED');
  const inter = new Array<number>(count).fill(0);
  const retry = new Array<number>(count).fill(0);
  const bin = (t: number): number => Math.min(count - 1, Math.max(0, Math.floor(t / widthSeconds)));
  const { index: outcome } = A.outcome;
  const { attempt, startingAt, startedAt, stoppedAt } = A;
  for (let i = 0; i < A.count; i++) {
    if (outcome[i] === interrupted) inter[bin(firstFinite(stoppedAt[i], startedAt[i], startingAt[i]))]++;
    if (attempt[i] > 1) retry[bin(firstFinite(startingAt[i], startedAt[i], stoppedAt[i]))]++;
  }
  return { interruptions: inter, retries: retry };
}

function firstFinite(a: number, b: number, c: number): number {
  return Number.isFinite(a) ? a : Number.isFinite(b) ? b : Number.isFinite(c) ? c : 0;
}

export interface CostBar {
  computeEnvironment: string;
  purchaseOption: string;
  part: string;
  usd: number;
}

export const COST_PARTS = ['busy', 'idle', 'lost to interruptions', 'EBS'] as const;

/** Cost per (compute environment, purchase option) split busy / idle / lost / EBS; sorted by group. */
export function costBars(rec: { instances: readonly InstanceRecord[] }): CostBar[] {
  const groups = new Map<string, { ce: string; po: string; sums: number[] }>();
  for (const x of rec.instances) {
    const key = `${x.computeEnvironment}\u0000${x.purchaseOption}`;
    let g = groups.get(key);
    if (!g) {
      g = { ce: x.computeEnvironment, po: x.purchaseOption, sums: [0, 0, 0, 0] };
      groups.set(key, g);
    }
    g.sums[0] += x.busyCostUsd;
    g.sums[1] += x.idleCostUsd;
    g.sums[2] += x.lostCostUsd;
    g.sums[3] += x.ebsCostUsd;
  }
  const out: CostBar[] = [];
  for (const key of [...groups.keys()].sort(cmp)) {
    const g = groups.get(key)!;
    COST_PARTS.forEach((part, k) => out.push({ computeEnvironment: g.ce, purchaseOption: g.po, part, usd: r6(g.sums[k]) }));
  }
  return out;
}

export interface CdfPoint {
  queue: string;
  waitSeconds: number;
  p: number;
}

export interface QueueWaitCdf {
  points: CdfPoint[];
  marks: { queue: string; quantile: 'p50' | 'p95'; waitSeconds: number }[];
  started: Record<string, number>;
}

/**
 * Empirical CDF of queue wait per queue (jobs that started): every job when there are at most
 * `maxPoints`, else `maxPoints + 1` nearest-rank quantiles. p50/p95 as summary.json computes them.
 * Past `maxPoints` jobs only those order statistics are found (orderStatistics), not a sort of
 * every wait: a million-job queue's sort was about 80 ms of the run's charts.
 */
export function queueWaitCdf(J: JobRecords, maxPoints = MAX_CDF_POINTS): QueueWaitCdf {
  const Q = J.jobQueue.values.length;
  const counts = new Int32Array(Q);
  const min = new Float64Array(Q).fill(Infinity);
  const max = new Float64Array(Q).fill(-Infinity);
  countWaits(J, counts, min, max);
  // Each queue's waits (of the jobs that started): the column itself when it holds only one
  // queue's and every job started (a run of one queue; nothing reorders it), else copies.
  const waits = Q === 1 && counts[0] === J.count ? [J.queueWaitSeconds.subarray(0, J.count)] : groupWaits(J, counts);
  const order = J.jobQueue.values.map((_, q) => q).sort((a, b) => cmp(J.jobQueue.values[a], J.jobQueue.values[b]));
  const points: CdfPoint[] = [];
  const marks: QueueWaitCdf['marks'] = [];
  const started: Record<string, number> = {};
  for (const q of order) {
    const queue = J.jobQueue.values[q];
    const n = waits[q].length;
    started[queue] = n;
    if (n === 0) continue;
    // The ranks read: each point's, then p50's and p95's two (quantileSorted's type 7).
    const ranks: number[] = [];
    if (n <= maxPoints) for (let i = 0; i < n; i++) ranks.push(i);
    // k × n / maxPoints in that order: (k / maxPoints) × n rounds, and lands above a whole rank it should equal.
    else for (let k = 0; k <= maxPoints; k++) ranks.push(Math.max(0, Math.ceil((k * n) / maxPoints) - 1));
    const shown = ranks.length;
    ranks.push(...quantileRanks(n, 0.5), ...quantileRanks(n, 0.95));
    const w = orderStatistics(waits[q], ranks, { min: min[q], max: max[q] });
    for (let k = 0; k < shown; k++) points.push({ queue, waitSeconds: r6(w[k]), p: r6(n <= maxPoints ? (k + 1) / n : k / maxPoints) });
    marks.push({ queue, quantile: 'p50', waitSeconds: r6(typeSeven(n, 0.5, w[shown], w[shown + 1])) });
    marks.push({ queue, quantile: 'p95', waitSeconds: r6(typeSeven(n, 0.95, w[shown + 2], w[shown + 3])) });
  }
  return { points, marks, started };
}

/** Per queue, how many jobs have a wait (not NaN), and the least and greatest. */
function countWaits(J: JobRecords, counts: Int32Array, min: Float64Array, max: Float64Array): void {
  const { index } = J.jobQueue;
  const waits = J.queueWaitSeconds;
  for (let i = 0; i < J.count; i++) {
    const w = waits[i];
    if (Number.isNaN(w)) continue;
    const q = index[i];
    counts[q]++;
    if (w < min[q]) min[q] = w;
    if (w > max[q]) max[q] = w;
  }
}

/** The waits (not NaN) of each queue, in job order. */
function groupWaits(J: JobRecords, counts: Int32Array): Float64Array[] {
  const waits = Array.from(counts, (c) => new Float64Array(c));
  const fill = new Int32Array(counts.length);
  const { index } = J.jobQueue;
  for (let i = 0; i < J.count; i++) {
    const w = J.queueWaitSeconds[i];
    if (Number.isNaN(w)) continue;
    const q = index[i];
    waits[q][fill[q]++] = w;
  }
  return waits;
}

/** Lanes the instance timeline shows at most: each is labelled, so they must stay readable. */
export const MAX_LANES = 60;
/** Above this many attempt bars, attempts on one lane with the same outcome are merged. */
const MAX_ATTEMPT_BARS = 5000;

export interface Lane {
  instanceId: string;
  /** What the lane is labelled with: creation number, environment, type and purchase option. */
  label: string;
  computeEnvironment: string;
  instanceType: string;
  purchaseOption: string;
  launchedAt: number;
  readyAt: number | null;
  terminatedAt: number;
  reclaimed: boolean;
}

export interface AttemptBar {
  instanceId: string;
  outcome: string;
  start: number;
  end: number;
  /** How many attempts the bar stands for (1 unless merged). */
  attempts: number;
}

export interface Timeline {
  lanes: Lane[];
  bars: AttemptBar[];
  totalInstances: number;
  sampled: boolean;
  merged: boolean;
  attemptsShown: number;
}

/** `k` of `n` indices evenly spaced over 0..n-1, first and last included. */
export function evenlySpaced(n: number, k: number): number[] {
  if (n <= k) return Array.from({ length: n }, (_, i) => i);
  if (k === 1) return [0];
  return Array.from({ length: k }, (_, i) => Math.round((i * (n - 1)) / (k - 1)));
}

/**
 * One lane per instance, at most `maxLanes` evenly spaced in creation (launch) order across the
 * whole run, with the attempts that ran on them. When there are too many attempt bars,
 * overlapping or near (within `gap` seconds) attempts with the same outcome on the same lane merge
 * into one bar; the attempt count is kept.
 */
export function instanceTimeline(
  rec: { instances: readonly InstanceRecord[]; attempts: AttemptRecords },
  end: number,
  gap: number,
  maxLanes = MAX_LANES,
  maxBars = MAX_ATTEMPT_BARS,
): Timeline {
  const all = rec.instances;
  const picked = evenlySpaced(all.length, maxLanes);
  const chosen = picked.map((k) => all[k]);
  const lanes: Lane[] = chosen.map((x, j) => ({
    instanceId: x.instanceId,
    label: `#${picked[j] + 1} ${x.computeEnvironment} ${x.instanceType} ${x.purchaseOption}`,
    computeEnvironment: x.computeEnvironment,
    instanceType: x.instanceType,
    purchaseOption: x.purchaseOption,
    launchedAt: r6(x.launchedAt),
    readyAt: Number.isFinite(x.readyAt) ? r6(x.readyAt) : null,
    terminatedAt: r6(Number.isFinite(x.terminatedAt) ? x.terminatedAt : end),
    reclaimed: x.reclaimed,
  }));
  const A = rec.attempts;
  const ids = new Map<string, number>();
  chosen.forEach((x, k) => ids.set(x.instanceId, k));
  // The lane of each interned instance id (-1: not on a lane shown).
  const laneOf = new Int32Array(A.instanceId.values.length).fill(-1);
  A.instanceId.values.forEach((id, v) => {
    const k = ids.get(id);
    if (k !== undefined) laneOf[v] = k;
  });
  // First pass: each attempt's lane (-1: on none shown, or it never started), how many bars
  // there are, and whether every one ends at or after it starts.
  const onLane = new Int32Array(A.count);
  const tally = lanesOfAttempts(A, laneOf, end, onLane);
  const shown = tally.shown;
  const ordered = gap >= 0 && tally.ordered;
  // Key order as charts.json has always had it.
  const timeline = (bars: AttemptBar[], merged: boolean): Timeline => ({ lanes, bars, totalInstances: all.length, sampled: all.length > maxLanes, merged, attemptsShown: shown });
  if (shown > maxBars && ordered) {
    const fast = mergedBars(A, chosen, onLane, end, gap);
    if (fast !== null) return timeline(fast, true);
  }
  const raw: AttemptBar[] = [];
  for (let i = 0; i < A.count; i++) {
    const lane = onLane[i];
    if (lane < 0) continue;
    raw.push({ instanceId: chosen[lane].instanceId, outcome: A.outcome.values[A.outcome.index[i]], start: startAt(A, i), end: stopAt(A, i, end), attempts: 1 });
  }
  const byKey = (a: AttemptBar, b: AttemptBar) => cmp(a.instanceId, b.instanceId) || cmp(a.outcome, b.outcome) || a.start - b.start || a.end - b.end;
  raw.sort(byKey);
  let bars = raw;
  const merged = raw.length > maxBars;
  if (merged) {
    bars = [];
    for (const a of raw) {
      const last = bars[bars.length - 1];
      if (last && last.instanceId === a.instanceId && last.outcome === a.outcome && a.start <= last.end + gap) {
        if (a.end > last.end) last.end = a.end;
        last.attempts++;
      } else bars.push({ ...a });
    }
  }
  for (const b of bars) {
    b.start = r6(b.start);
    b.end = r6(b.end);
  }
  return timeline(bars, merged);
}

/** An attempt's bar: from RUNNING (else STARTING) to its stop, or the run's end. */
function startAt(A: AttemptRecords, i: number): number {
  return Number.isFinite(A.startedAt[i]) ? A.startedAt[i] : A.startingAt[i];
}

function stopAt(A: AttemptRecords, i: number, end: number): number {
  return Number.isFinite(A.stoppedAt[i]) ? A.stoppedAt[i] : end;
}

/**
 * onLane[i] = attempt i's lane (by `laneOf`, its interned instance id's), -1 when it is on none
 * shown or never started; returns how many are on a lane, and whether each of those stops at or
 * after it starts. Each pass over every attempt (here and mergedBars') is a function
 * of its own, so that each is optimized on its own.
 */
function lanesOfAttempts(A: AttemptRecords, laneOf: Int32Array, end: number, onLane: Int32Array): { shown: number; ordered: boolean } {
  const index = A.instanceId.index;
  let shown = 0;
  let ordered = 1;
  for (let i = 0; i < A.count; i++) {
    const v = index[i];
    let lane = v >= 0 && v < laneOf.length ? laneOf[v] : -1;
    if (lane >= 0) {
      const start = startAt(A, i);
      if (!Number.isFinite(start)) lane = -1;
      else {
        shown++;
        if (!(stopAt(A, i, end) >= start)) ordered = 0;
      }
    }
    onLane[i] = lane;
  }
  return { shown, ordered: ordered === 1 };
}

/** Each distinct string of `values` ranked in code-unit order (equal strings, equal rank), and how many there are. */
function ranks(values: readonly string[]): { rank: Int32Array; count: number } {
  const distinct = [...new Set(values)].sort(cmp);
  const at = new Map(distinct.map((v, r) => [v, r]));
  return { rank: Int32Array.from(values, (v) => at.get(v)!), count: distinct.length };
}

/**
 * The merged bars of instanceTimeline for many attempts, without an object per attempt: the same
 * bars the sort-and-sweep over attempt objects gives. Take a group's (instance, outcome) starts S
 * and ends E each sorted: sorted by start, the sweep closes a bar before the next start S[k+1]
 * exactly when the bar's latest end plus `gap` is below S[k+1]; every attempt ends at or after it
 * starts (the caller checked, and that gap >= 0), so the attempts that started before S[k+1] are
 * then the k+1 earliest to end: the bar closes iff E[k] + gap < S[k+1] (and S[k] < S[k+1]), and it
 * ends at E[k]. Equal starts never split a bar, so their order does not matter. A run's attempts
 * table has each group's attempts in end order, so nothing needs sorting (barsInEndOrder); null
 * when some group's are not (a table written otherwise), and instanceTimeline sorts and sweeps.
 */
function mergedBars(A: AttemptRecords, chosen: readonly InstanceRecord[], onLane: Int32Array, end: number, gap: number): AttemptBar[] | null {
  const lane = ranks(chosen.map((x) => x.instanceId));
  const outcome = ranks(A.outcome.values);
  const groups = lane.count * outcome.count;
  const found = barsInEndOrder(A, onLane, lane.rank, outcome.rank, outcome.count, groups, end, gap);
  if (found === null) return null;
  const idOfRank = new Map<number, string>();
  chosen.forEach((x, l) => idOfRank.set(lane.rank[l], x.instanceId));
  const outcomeOfRank = new Map<number, string>();
  A.outcome.values.forEach((v, o) => outcomeOfRank.set(outcome.rank[o], v));
  const bars: AttemptBar[] = [];
  // Each group's bars were found last first.
  found.forEach((list, g) => {
    const instanceId = idOfRank.get(Math.floor(g / outcome.count))!;
    const outcomeName = outcomeOfRank.get(g % outcome.count)!;
    for (let b = list.length - 3; b >= 0; b -= 3) bars.push({ instanceId, outcome: outcomeName, start: r6(list[b]), end: r6(list[b + 1]), attempts: list[b + 2] });
  });
  return bars;
}

/**
 * mergedBars' bars when each group's attempts are in end order, found in one pass from the last
 * attempt back, without sorting or copying anything (a million-attempt sort of the starts was
 * about 60 ms); null as soon as a group's ends are not in order. By mergedBars' argument, the
 * sweep closes a bar after a group's j+1 earliest-ending attempts exactly when E[j] + gap is below
 * the earliest start among the attempts after them, and that bar ends at E[j] and starts at its
 * attempts' earliest start. Going back, the earliest start of all the group's later attempts is
 * its current bar's (the bars already closed start after it), so each attempt either closes the
 * current bar (its end plus gap below that start) and opens the next, or joins it. Per group, the
 * bars as [start, end, attempts, ...], last bar first; groups with none are holes.
 */
function barsInEndOrder(
  A: AttemptRecords,
  onLane: Int32Array,
  laneRank: Int32Array,
  outcomeRank: Int32Array,
  outcomes: number,
  groups: number,
  end: number,
  gap: number,
): number[][] | null {
  const outcomeIndex = A.outcome.index;
  const found: number[][] = [];
  // The current bar of each group: its earliest start, its end (its first attempt met) and its
  // attempts (0: none met yet); and the end of the group's attempt met last.
  const earliest = new Float64Array(groups);
  const barEnd = new Float64Array(groups);
  const count = new Int32Array(groups);
  const previousEnd = new Float64Array(groups);
  for (let i = onLane.length - 1; i >= 0; i--) {
    const l = onLane[i];
    if (l < 0) continue;
    const g = laneRank[l] * outcomes + outcomeRank[outcomeIndex[i]];
    const s = startAt(A, i);
    const e = stopAt(A, i, end);
    if (count[g] === 0) {
      earliest[g] = s;
      barEnd[g] = e;
      count[g] = 1;
    } else if (e > previousEnd[g]) return null;
    else if (e + gap < earliest[g]) {
      (found[g] ??= []).push(earliest[g], barEnd[g], count[g]);
      earliest[g] = s;
      barEnd[g] = e;
      count[g] = 1;
    } else {
      if (s < earliest[g]) earliest[g] = s;
      count[g]++;
    }
    previousEnd[g] = e;
  }
  for (let g = 0; g < groups; g++) if (count[g] > 0) (found[g] ??= []).push(earliest[g], barEnd[g], count[g]);
  return found;
}

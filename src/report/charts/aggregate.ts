// Aggregation before charting, so a million-job run makes charts of sensible size: time bins (at
// most MAX_BINS, a "nice" width covering the whole run), CDFs from at most MAX_CDF_POINTS quantile
// points, cost sums by group. Pure functions of the records; iteration in index or sorted order.
import { round } from '../../records/format.js';
import { quantileSorted } from 'simple-statistics';
import type { RunRecords } from './read.js';

export const MAX_BINS = 500;
const MAX_CDF_POINTS = 1000;

/** Chart data is rounded like the records (stable, short JSON). */
export const r6 = (x: number): number => round(x, 6);

const NICE_SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** The smallest "nice" width (seconds) of at least `raw`: 1 s … 1 day, then 1, 2, 5 × 10^k days. */
function niceWidth(raw: number): number {
  for (const w of NICE_SECONDS) if (w >= raw) return w;
  const days = raw / 86400;
  for (let p = 1; ; p *= 10) for (const m of [1, 2, 5]) if (m * p >= days) return m * p * 86400;
}

export interface Bins {
  /** Bin width in seconds. */
  width: number;
  count: number;
  /** End of the run in seconds; bins cover [0, count * width] ⊇ [0, end]. */
  end: number;
}

/** Bins of a nice width covering [0, end], at most `maxBins` of them. */
export function makeBins(end: number, maxBins = MAX_BINS): Bins {
  const e = Number.isFinite(end) && end > 0 ? end : 1;
  const width = niceWidth(e / maxBins);
  return { width, count: Math.max(1, Math.ceil(e / width)), end: e };
}

/** The bin of time t (seconds); times at or past the end land in the last bin. */
export function binOf(b: Bins, t: number): number {
  const k = Math.floor(t / b.width);
  return k < 0 ? 0 : k >= b.count ? b.count - 1 : k;
}

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

export interface SeriesPoint {
  /** Bin start, seconds. */
  t: number;
  series: string;
  metric: string;
  value: number;
}

/**
 * Timeseries rows of one scope, per (name, metric) in `metrics`, reduced to the maximum per time
 * bin (peaks survive aggregation). Points are ordered by series, metric, then time.
 */
export function binSeries(rec: RunRecords, scope: string, metrics: readonly string[], b: Bins): SeriesPoint[] {
  const T = rec.timeseries;
  const scopeId = T.scope.values.indexOf(scope);
  const metricIds = metrics.map((m) => T.metric.values.indexOf(m));
  const names: number[] = [];
  const cells = new Map<number, Float64Array>(); // key: name * metrics.length + metric position
  for (let i = 0; i < T.count; i++) {
    if (T.scope.index[i] !== scopeId) continue;
    const m = metricIds.indexOf(T.metric.index[i]);
    if (m < 0) continue;
    const nameId = T.name.index[i];
    if (!names.includes(nameId)) names.push(nameId);
    const key = nameId * metrics.length + m;
    let cell = cells.get(key);
    if (!cell) {
      cell = new Float64Array(b.count).fill(NaN);
      cells.set(key, cell);
    }
    const k = binOf(b, T.time[i]);
    if (!(cell[k] >= T.value[i])) cell[k] = T.value[i];
  }
  const out: SeriesPoint[] = [];
  const order = [...names].sort((x, y) => cmp(T.name.values[x], T.name.values[y]));
  for (const nameId of order) {
    for (let m = 0; m < metrics.length; m++) {
      const cell = cells.get(nameId * metrics.length + m);
      if (!cell) continue;
      for (let k = 0; k < b.count; k++) {
        if (!Number.isNaN(cell[k])) out.push({ t: k * b.width, series: T.name.values[nameId], metric: metrics[m], value: cell[k] });
      }
    }
  }
  return out;
}

/** Code-unit string order (locale-independent, so deterministic everywhere). */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface CountBin {
  t0: number;
  t1: number;
  kind: string;
  count: number;
}

/** Spot interruptions (attempts ending INTERRUPTED, by stop time) and retries (attempt ≥ 2, by start) per bin. */
export function interruptionBins(rec: RunRecords, b: Bins): { bins: CountBin[]; interruptions: number; retries: number } {
  const A = rec.attempts;
  const interrupted = A.outcome.values.indexOf('INTERRUPTED');
  const inter = new Float64Array(b.count);
  const retry = new Float64Array(b.count);
  let interruptions = 0;
  let retries = 0;
  for (let i = 0; i < A.count; i++) {
    if (A.outcome.index[i] === interrupted) {
      const t = firstFinite(A.stoppedAt[i], A.startedAt[i], A.startingAt[i]);
      inter[binOf(b, t)]++;
      interruptions++;
    }
    if (A.attempt[i] > 1) {
      retry[binOf(b, firstFinite(A.startingAt[i], A.startedAt[i], A.stoppedAt[i]))]++;
      retries++;
    }
  }
  const bins: CountBin[] = [];
  for (const [kind, arr] of [['Spot interruptions', inter], ['retries (attempt 2+)', retry]] as const) {
    for (let k = 0; k < b.count; k++) if (arr[k] > 0) bins.push({ t0: k * b.width, t1: (k + 1) * b.width, kind, count: arr[k] });
  }
  return { bins, interruptions, retries };
}

function firstFinite(...xs: number[]): number {
  for (const x of xs) if (Number.isFinite(x)) return x;
  return 0;
}

export interface CostBar {
  computeEnvironment: string;
  purchaseOption: string;
  part: string;
  usd: number;
}

export const COST_PARTS = ['busy', 'idle', 'lost to interruptions', 'EBS'] as const;

/** Cost per (compute environment, purchase option) split busy / idle / lost / EBS; sorted by group. */
export function costBars(rec: RunRecords): CostBar[] {
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
 */
export function queueWaitCdf(rec: RunRecords, maxPoints = MAX_CDF_POINTS): QueueWaitCdf {
  const J = rec.jobs;
  const Q = J.jobQueue.values.length;
  const counts = new Int32Array(Q);
  for (let i = 0; i < J.count; i++) if (!Number.isNaN(J.queueWaitSeconds[i])) counts[J.jobQueue.index[i]]++;
  const waits = Array.from(counts, (c) => new Float64Array(c));
  const fill = new Int32Array(Q);
  for (let i = 0; i < J.count; i++) {
    const w = J.queueWaitSeconds[i];
    if (Number.isNaN(w)) continue;
    const q = J.jobQueue.index[i];
    waits[q][fill[q]++] = w;
  }
  const order = J.jobQueue.values.map((_, q) => q).sort((a, b) => cmp(J.jobQueue.values[a], J.jobQueue.values[b]));
  const points: CdfPoint[] = [];
  const marks: QueueWaitCdf['marks'] = [];
  const started: Record<string, number> = {};
  for (const q of order) {
    const queue = J.jobQueue.values[q];
    const w = waits[q].sort();
    const n = w.length;
    started[queue] = n;
    if (n === 0) continue;
    if (n <= maxPoints) {
      for (let i = 0; i < n; i++) points.push({ queue, waitSeconds: r6(w[i]), p: r6((i + 1) / n) });
    } else {
      for (let k = 0; k <= maxPoints; k++) {
        const p = k / maxPoints;
        const i = Math.max(0, Math.ceil(p * n) - 1);
        points.push({ queue, waitSeconds: r6(w[i]), p: r6(p) });
      }
    }
    const arr = w as unknown as number[];
    marks.push({ queue, quantile: 'p50', waitSeconds: r6(quantileSorted(arr, 0.5)) });
    marks.push({ queue, quantile: 'p95', waitSeconds: r6(quantileSorted(arr, 0.95)) });
  }
  return { points, marks, started };
}

const MAX_LANES = 200;
/** Above this many attempt bars, attempts on one lane with the same outcome are merged. */
const MAX_ATTEMPT_BARS = 5000;

export interface Lane {
  instanceId: string;
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

/**
 * One lane per instance (the first MAX_LANES by instanceId), with the attempts that ran on them.
 * When there are too many attempt bars, overlapping or near (within `gap` seconds) attempts with
 * the same outcome on the same lane merge into one bar; the attempt count is kept.
 */
export function instanceTimeline(rec: RunRecords, end: number, gap: number, maxLanes = MAX_LANES, maxBars = MAX_ATTEMPT_BARS): Timeline {
  const sorted = [...rec.instances].sort((a, b) => cmp(a.instanceId, b.instanceId));
  const chosen = sorted.slice(0, maxLanes);
  const lanes: Lane[] = chosen.map((x) => ({
    instanceId: x.instanceId,
    computeEnvironment: x.computeEnvironment,
    instanceType: x.instanceType,
    purchaseOption: x.purchaseOption,
    launchedAt: r6(x.launchedAt),
    readyAt: Number.isFinite(x.readyAt) ? r6(x.readyAt) : null,
    terminatedAt: r6(Number.isFinite(x.terminatedAt) ? x.terminatedAt : end),
    reclaimed: x.reclaimed,
  }));
  const A = rec.attempts;
  const laneOf = new Map<number, number>();
  chosen.forEach((x, k) => {
    const id = A.instanceId.values.indexOf(x.instanceId);
    if (id >= 0) laneOf.set(id, k);
  });
  const raw: AttemptBar[] = [];
  for (let i = 0; i < A.count; i++) {
    const lane = laneOf.get(A.instanceId.index[i]);
    if (lane === undefined) continue;
    const start = Number.isFinite(A.startedAt[i]) ? A.startedAt[i] : A.startingAt[i];
    if (!Number.isFinite(start)) continue;
    const stop = Number.isFinite(A.stoppedAt[i]) ? A.stoppedAt[i] : end;
    raw.push({ instanceId: chosen[lane].instanceId, outcome: A.outcome.values[A.outcome.index[i]], start, end: stop, attempts: 1 });
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
  return { lanes, bars, totalInstances: sorted.length, sampled: sorted.length > maxLanes, merged, attemptsShown: raw.length };
}

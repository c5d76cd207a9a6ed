// charts.json against an independent reference. charts.json is built during the run from
// aggregates (exact min / time-weighted mean / max bins, counts, bills, waits); here every figure it
// holds is computed again from the run's record files only (timeseries.csv forward-filled, jobs.csv,
// attempts.csv, instances.csv, summary.json), with plain code written in this file: nothing of the
// product's chart or aggregate code is imported (only runScenario and writeRunOutputs, to make the
// folders). Bin edges come from charts.json itself and are checked against the documented rule
// (1 s x 2^k, at most 512 bins, the narrowest such width).
//
// Exactness: in `changes` mode timeseries.csv has a row at every instant a settled value changes,
// so forward-filling it gives each series' value at every millisecond and the reference bins are
// exact: min, max, counts and waits are compared exactly; means, CDF probabilities and quantile
// marks (charts.json rounds them to 6 decimals) to within that rounding (5e-7) plus 1e-9
// relative. Cost bars likewise: the bills are whole micro-dollars and instances.csv writes them as
// they are, so a bar is the sum of the CSV's cells, rounded to 6 decimals.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario, runScenario, writeRunOutputs, type Scenario } from '../../src/index.js';
import { catalog } from '../helpers/build.js';

// Reading the record files: csv-parse, strict about every row having the header's fields.
function parseCsv(text: string): Record<string, string>[] {
  expect(text.endsWith('\n'), 'a CSV ends with a newline').toBe(true);
  return parse(text, { columns: true, relax_column_count: false }) as Record<string, string>[];
}

/** A CSV time (seconds, 3 decimals) as whole milliseconds; an empty cell is NaN. */
const msOf = (s: string): number => (s === '' ? NaN : Math.round(Number(s) * 1000));
const numOf = (s: string): number => (s === '' ? NaN : Number(s));

interface Records {
  dir: string;
  summary: Record<string, any>;
  charts: Record<string, any>;
  jobs: Record<string, string>[];
  attempts: Record<string, string>[];
  instances: Record<string, string>[];
  timeseries: Record<string, string>[];
}

function readRecords(dir: string): Records {
  const csv = (name: string) => parseCsv(readFileSync(join(dir, name), 'utf8'));
  return {
    dir,
    summary: JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')),
    charts: JSON.parse(readFileSync(join(dir, 'charts.json'), 'utf8')),
    jobs: csv('jobs.csv'),
    attempts: csv('attempts.csv'),
    instances: csv('instances.csv'),
    timeseries: csv('timeseries.csv'),
  };
}

// ---------------------------------------------------------------------------------------------
// The reference, from the records alone.

/** The end of the run in ms, from summary.json. */
const endMsOf = (r: Records): number => Math.round(r.summary.simulatedSeconds * 1000);

const keyOf = (scope: string, name: string, metric: string): string => `${scope}|${name}|${metric}`;

/** Each series' rows (time ms, value) in file order, keyed "scope|name|metric", in first-seen order. */
function seriesRows(r: Records): Map<string, { t: number; v: number }[]> {
  const out = new Map<string, { t: number; v: number }[]>();
  for (const row of r.timeseries) {
    const key = keyOf(row.scope, row.name, row.metric);
    if (!out.has(key)) out.set(key, []);
    out.get(key)!.push({ t: msOf(row.time), v: Number(row.value) });
  }
  return out;
}

/** A series' value at `t` ms by the README's reading rule: the value of its last row at or before t. */
function valueAt(rows: { t: number; v: number }[], t: number): number {
  let v = NaN;
  for (const row of rows) if (row.t <= t) v = row.v;
  return v;
}

/**
 * The pieces of constant value a series' rows describe on [0, end): row i holds from its time to
 * the next row's (the last piece ends at the end of the run). Pieces of zero length are dropped.
 */
function pieces(rows: { t: number; v: number }[], endMs: number): { from: number; to: number; v: number }[] {
  const out: { from: number; to: number; v: number }[] = [];
  for (let i = 0; i < rows.length; i++) {
    const from = rows[i].t;
    const to = Math.min(endMs, i + 1 < rows.length ? rows[i + 1].t : endMs);
    if (to > from) out.push({ from, to, v: rows[i].v });
  }
  return out;
}

interface Band {
  min: number[];
  mean: number[];
  max: number[];
}

/**
 * Per bin k, [k w, min((k+1) w, end)): the least and greatest value the series held for some
 * time in the bin, and its time-weighted mean (integral over the bin / the bin's span). Every
 * bin against every piece: slow, and plainly what the definition says.
 */
function referenceBand(ps: { from: number; to: number; v: number }[], endMs: number, widthMs: number, count: number): Band {
  const band: Band = { min: [], mean: [], max: [] };
  for (let k = 0; k < count; k++) {
    const lo = k * widthMs;
    const hi = Math.min(endMs, (k + 1) * widthMs);
    let min = Infinity;
    let max = -Infinity;
    let area = 0;
    for (const p of ps) {
      const overlap = Math.min(hi, p.to) - Math.max(lo, p.from);
      if (overlap <= 0) continue;
      min = Math.min(min, p.v);
      max = Math.max(max, p.v);
      area += p.v * overlap;
    }
    band.min.push(min);
    band.max.push(max);
    band.mean.push(area / (hi - lo));
  }
  return band;
}

/** Bin of an instant (ms): k with k w <= t < (k+1) w; instants at or past the last bin's end land in it. */
function binOf(t: number, widthMs: number, count: number): number {
  return Math.min(count - 1, Math.max(0, Math.floor(t / widthMs)));
}

/** The first of the instants that is given (a CSV cell that is not empty). */
const firstGiven = (...ts: number[]): number => ts.find((t) => Number.isFinite(t)) ?? 0;

/** Attempts ending INTERRUPTED per bin by stop time; retries (attempt 2 and later) per bin by STARTING time. */
function referenceCounts(r: Records, widthMs: number, count: number): { interruptions: number[]; retries: number[] } {
  const interruptions = new Array<number>(count).fill(0);
  const retries = new Array<number>(count).fill(0);
  for (const a of r.attempts) {
    const starting = msOf(a.startingAt);
    const started = msOf(a.startedAt);
    const stopped = msOf(a.stoppedAt);
    if (a.outcome === 'INTERRUPTED') interruptions[binOf(firstGiven(stopped, started, starting), widthMs, count)]++;
    if (Number(a.attempt) > 1) retries[binOf(firstGiven(starting, started, stopped), widthMs, count)]++;
  }
  return { interruptions, retries };
}

interface RefCostBar {
  computeEnvironment: string;
  purchaseOption: string;
  part: string;
  usd: number;
}

/** Per (compute environment, purchase option), in code-unit order of the pair: busy, idle, lost, EBS. */
function referenceCost(r: Records): RefCostBar[] {
  const groups = new Map<string, { ce: string; po: string; usd: number[] }>();
  for (const x of r.instances) {
    const key = `${x.computeEnvironment}\u0000${x.purchaseOption}`;
    if (!groups.has(key)) groups.set(key, { ce: x.computeEnvironment, po: x.purchaseOption, usd: [0, 0, 0, 0] });
    const g = groups.get(key)!;
    g.usd[0] += Number(x.busyCostUsd);
    g.usd[1] += Number(x.idleCostUsd);
    g.usd[2] += Number(x.lostCostUsd);
    g.usd[3] += Number(x.ebsCostUsd);
  }
  const parts = ['busy', 'idle', 'lost to interruptions', 'EBS'];
  // Default sort: by UTF-16 code units, as a < b compares strings.
  const keys = [...groups.keys()].sort();
  return keys.flatMap((key) => {
    const g = groups.get(key)!;
    return parts.map((part, k) => ({ computeEnvironment: g.ce, purchaseOption: g.po, part, usd: g.usd[k] }));
  });
}

/** Hyndman & Fan type 7 (R's default), of sorted `x`. */
function typeSevenQuantile(x: number[], p: number): number {
  const h = (x.length - 1) * p;
  const lo = Math.floor(h);
  return lo + 1 < x.length ? x[lo] + (h - lo) * (x[lo + 1] - x[lo]) : x[lo];
}

/**
 * Per queue (code-unit order), the empirical CDF of the queue waits of the jobs that started
 * (jobs.csv's queueWaitSeconds not empty): with at most 1000 of them, every job, p = rank / n;
 * else 1001 points, the nearest-rank k/1000 quantiles (the ceil(k n / 1000)-th smallest, in whole
 * numbers, at least the first). p50 and p95 by type 7.
 */
function referenceCdf(r: Records) {
  const waits = new Map<string, number[]>();
  for (const j of r.jobs) {
    if (!waits.has(j.jobQueue)) waits.set(j.jobQueue, []);
    if (j.queueWaitSeconds !== '') waits.get(j.jobQueue)!.push(Number(j.queueWaitSeconds));
  }
  const points: { queue: string; waitSeconds: number; p: number }[] = [];
  const marks: { queue: string; quantile: string; waitSeconds: number }[] = [];
  const started: Record<string, number> = {};
  for (const queue of [...waits.keys()].sort()) {
    const w = waits.get(queue)!.sort((a, b) => a - b);
    const n = w.length;
    started[queue] = n;
    if (n === 0) continue;
    if (n <= 1000) w.forEach((x, i) => points.push({ queue, waitSeconds: x, p: (i + 1) / n }));
    else for (let k = 0; k <= 1000; k++) points.push({ queue, waitSeconds: w[Math.max(1, Math.ceil((k * n) / 1000)) - 1], p: k / 1000 });
    marks.push({ queue, quantile: 'p50', waitSeconds: typeSevenQuantile(w, 0.5) });
    marks.push({ queue, quantile: 'p95', waitSeconds: typeSevenQuantile(w, 0.95) });
  }
  return { points, marks, started };
}

/**
 * The timeline: at most 60 lanes, instances evenly spaced in instances.csv's (launch) order, and
 * one bar per attempt on a lane that started (RUNNING, else STARTING, to its stop or the run's
 * end), ordered by instance, outcome, start, end (no merging below 5000 bars).
 */
function referenceTimeline(r: Records, endSeconds: number) {
  const n = r.instances.length;
  const picked = n <= 60 ? r.instances.map((_, i) => i) : Array.from({ length: 60 }, (_, i) => Math.round((i * (n - 1)) / 59));
  const lanes = picked.map((i) => {
    const x = r.instances[i];
    return {
      instanceId: x.instanceId,
      label: `#${i + 1} ${x.computeEnvironment} ${x.instanceType} ${x.purchaseOption}`,
      computeEnvironment: x.computeEnvironment,
      instanceType: x.instanceType,
      purchaseOption: x.purchaseOption,
      launchedAt: numOf(x.launchedAt),
      readyAt: x.readyAt === '' ? null : numOf(x.readyAt),
      terminatedAt: x.terminatedAt === '' ? endSeconds : numOf(x.terminatedAt),
      reclaimed: x.reclaimed === 'true',
    };
  });
  const onLane = new Set(lanes.map((l) => l.instanceId));
  const bars = r.attempts
    .filter((a) => onLane.has(a.instanceId) && (a.startedAt !== '' || a.startingAt !== ''))
    .map((a) => ({
      instanceId: a.instanceId,
      outcome: a.outcome,
      start: numOf(a.startedAt !== '' ? a.startedAt : a.startingAt),
      end: a.stoppedAt !== '' ? numOf(a.stoppedAt) : endSeconds,
      attempts: 1,
    }));
  bars.sort((a, b) => cmp(a.instanceId, b.instanceId) || cmp(a.outcome, b.outcome) || a.start - b.start || a.end - b.end);
  return { lanes, bars, totalInstances: n, sampled: n > 60, merged: false, attemptsShown: bars.length };
}

// ---------------------------------------------------------------------------------------------
// Comparing.

/** charts.json rounds its figures to 6 decimals: within that rounding, and 1e-9 relative. */
const ROUNDED = 5e-7;
function expectClose(actual: number[], expected: number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let k = 0; k < expected.length; k++) {
    const ok = Math.abs(actual[k] - expected[k]) <= ROUNDED + 1e-9 * Math.abs(expected[k]);
    if (!ok) expect.fail(`${what}[${k}]: charts.json ${actual[k]}, reference ${expected[k]}`);
  }
}

function expectExact(actual: number[], expected: number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  const k = expected.findIndex((x, i) => actual[i] !== x);
  if (k >= 0) expect.fail(`${what}[${k}]: charts.json ${actual[k]}, reference ${expected[k]}`);
}

/** The bin geometry charts.json states, checked against the documented rule; in ms. */
function binsOf(r: Records): { widthMs: number; count: number; endMs: number } {
  const c = r.charts;
  const endMs = endMsOf(r);
  expect(Math.round(c.endSeconds * 1000)).toBe(endMs);
  const widthMs = Math.round(c.bins.widthSeconds * 1000);
  const count = c.bins.count;
  // 1 s x 2^k; the bins cover [0, end); at most 512; and the narrowest such width (the bins merged
  // in pairs only when the run passed 512 of them).
  expect(Number.isInteger(Math.log2(widthMs / 1000))).toBe(true);
  expect(count).toBe(Math.max(1, Math.ceil(endMs / widthMs)));
  expect(endMs).toBeLessThan(512 * widthMs);
  if (widthMs > 1000) expect(endMs).toBeGreaterThanOrEqual(256 * widthMs);
  return { widthMs, count, endMs };
}

/** Every series' band in charts.json against the reference from `records` (by default the same folder). */
function compareSeries(r: Records, records: Records = r): number {
  const { widthMs, count, endMs } = binsOf(r);
  const rows = seriesRows(records);
  // The README's promises the reference rests on: a row per series at 0 and at the end, rows in time order.
  for (const [key, rs] of rows) {
    expect(rs[0].t, key).toBe(0);
    expect(rs[rs.length - 1].t, key).toBe(endMs);
    for (let i = 1; i < rs.length; i++) expect(rs[i].t, key).toBeGreaterThan(rs[i - 1].t);
  }
  expect(r.charts.series.map((s: any) => keyOf(s.scope, s.name, s.metric))).toEqual([...rows.keys()]);
  for (const s of r.charts.series) {
    const key = keyOf(s.scope, s.name, s.metric);
    const ref = referenceBand(pieces(rows.get(key)!, endMs), endMs, widthMs, count);
    expectExact(s.min, ref.min, `${key} min`);
    expectExact(s.max, ref.max, `${key} max`);
    expectClose(s.mean, ref.mean, `${key} mean`);
  }
  return rows.size;
}

function compareCounts(r: Records): void {
  const { widthMs, count } = binsOf(r);
  const ref = referenceCounts(r, widthMs, count);
  expectExact(r.charts.interruptions, ref.interruptions, 'interruptions');
  expectExact(r.charts.retries, ref.retries, 'retries');
}

function compareCost(r: Records): void {
  const ref = referenceCost(r);
  const bars = r.charts.cost;
  expect(bars.map((b: any) => [b.computeEnvironment, b.purchaseOption, b.part])).toEqual(ref.map((b) => [b.computeEnvironment, b.purchaseOption, b.part]));
  ref.forEach((b, k) => expectClose([bars[k].usd], [b.usd], `cost ${b.computeEnvironment}/${b.purchaseOption}/${b.part}`));
}

function compareCdf(r: Records): void {
  const ref = referenceCdf(r);
  const cdf = r.charts.queueWait;
  expect(cdf.started).toEqual(ref.started);
  expect(cdf.points.map((p: any) => p.queue)).toEqual(ref.points.map((p) => p.queue));
  expectExact(
    cdf.points.map((p: any) => p.waitSeconds),
    ref.points.map((p) => p.waitSeconds),
    'queue-wait points waitSeconds',
  );
  expectClose(
    cdf.points.map((p: any) => p.p),
    ref.points.map((p) => p.p),
    'queue-wait points p',
  );
  expect(cdf.marks.map((m: any) => [m.queue, m.quantile])).toEqual(ref.marks.map((m) => [m.queue, m.quantile]));
  expectClose(
    cdf.marks.map((m: any) => m.waitSeconds),
    ref.marks.map((m) => m.waitSeconds),
    'queue-wait marks',
  );
  // And summary.json's per-queue p50/p95 (3 decimals) agree.
  for (const m of ref.marks) expect(Math.abs(m.waitSeconds - r.summary.jobQueues[m.queue].queueWaitSeconds[m.quantile])).toBeLessThanOrEqual(5e-4 + 1e-9);
}

/**
 * Lanes ready after they were terminated: none since data.ts takes readyAt through instances.ts's
 * reachedAt, as instances.csv does (a Fargate task reclaimed while it provisioned is never ready).
 */
function readyAfterTermination(tl: { lanes: { readyAt: number | null; terminatedAt: number }[] }): number[] {
  return tl.lanes.flatMap((l, k) => (l.readyAt !== null && l.readyAt > l.terminatedAt ? [k] : []));
}

function compareTimeline(r: Records): void {
  const ref = referenceTimeline(r, r.charts.endSeconds);
  const tl = r.charts.timeline;
  expect(ref.bars.length).toBeLessThanOrEqual(5000);
  expect({ ...tl, lanes: [], bars: [] }).toEqual({ ...ref, lanes: [], bars: [] });
  // Every lane as the records have it.
  expect(tl.lanes).toEqual(ref.lanes);
  expect(tl.bars).toEqual(ref.bars);
}

/** Strings by UTF-16 code units, for sorts that chain several keys. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// ---------------------------------------------------------------------------------------------
// The runs.


/** A bundled scenario with the timeseries mode set, and optionally a Spot reclaim hazard per hour and a job count. */
function scenario(file: string, mode: 'changes' | 'interval', opts: { perHour?: number; count?: number; intervalMs?: number } = {}): Scenario {
  const s = loadScenario(file, { catalog }).scenario!;
  let out: Scenario = { ...s, assumptions: { ...s.assumptions, timeseriesMode: mode, timeseriesIntervalMs: opts.intervalMs ?? s.assumptions.timeseriesIntervalMs } };
  if (opts.perHour !== undefined) {
    out = {
      ...out,
      assumptions: { ...out.assumptions, spot: { ...out.assumptions.spot, interruptions: { kind: 'perHour', perHour: opts.perHour } } },
      computeEnvironments: out.computeEnvironments.map((ce) => (ce.computeResources ? { ...ce, computeResources: { ...ce.computeResources, spotInterruptions: null } } : ce)),
    } as Scenario;
  }
  if (opts.count !== undefined) out = { ...out, workload: out.workload.map((g, k) => (k === 0 ? { ...g, arrivals: { ...g.arrivals, count: opts.count } } : g)) } as Scenario;
  return out;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function runInto(s: Scenario): Promise<Records> {
  const dir = mkdtempSync(join(tmpdir(), 'batchsim-chartsref-'));
  dirs.push(dir);
  await writeRunOutputs(dir, runScenario(s), 'records');
  return readRecords(dir);
}

const CASES: { name: string; make: () => Scenario; minSeries: number; spot: boolean }[] = [
  {
    // Spot (hazard 0.2 per hour) falling back to on-demand: 9 series, reclaims and retries, ~5 h (64 s bins).
    name: 'compare-spot-fallback, Spot reclaims at 0.2/h',
    make: () => scenario('scenarios/compare-spot-fallback.yaml', 'changes', { perHour: 0.2 }),
    minSeries: 9,
    spot: true,
  },
  {
    // Fargate Spot (hazard 0.5 per hour), 600 jobs: every job in the CDF, a task per attempt, > 60 lanes.
    name: 'compare-fargate-spot, 600 jobs, Spot reclaims at 0.5/h',
    make: () => scenario('scenarios/compare-fargate-spot.yaml', 'changes', { perHour: 0.5, count: 600 }),
    minSeries: 6,
    spot: true,
  },
  {
    // Two queues on one EC2 environment to `until: 1d` (256 s bins, the last one partial).
    name: 'genomics-burst-ec2, two queues to the horizon',
    make: () => scenario('scenarios/genomics-burst-ec2.yaml', 'changes'),
    minSeries: 9,
    spot: false,
  },
];

describe.each(CASES)('charts.json against a reference from the records: $name (timeseries `changes`)', ({ make, minSeries, spot }) => {
  let r: Records;
  beforeAll(async () => {
    r = await runInto(make());
    expect(r.charts.seriesFrom).toBe('exact');
    // Several merges of the 1 s bins, so the merged bins are what is compared.
    expect(r.charts.bins.widthSeconds).toBeGreaterThanOrEqual(16);
  });

  it('every series: per-bin min and max exactly, time-weighted mean to 5e-7 (6-decimal rounding) + 1e-9 relative', () => {
    expect(compareSeries(r)).toBeGreaterThanOrEqual(minSeries);
  });

  it('interruptions and retries per bin, exactly', () => {
    compareCounts(r);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(r.charts.interruptions)).toBe(r.summary.spot.attemptsInterrupted);
    if (spot) {
      expect(sum(r.charts.interruptions)).toBeGreaterThan(0);
      expect(sum(r.charts.retries)).toBeGreaterThan(0);
    }
  });

  it('cost bars, per group and part, and their total against summary.json', () => {
    compareCost(r);
    const total = r.charts.cost.reduce((a: number, b: any) => a + b.usd, 0);
    expect(Math.abs(total - r.summary.costUsd.total)).toBeLessThan(1e-5);
  });

  it('queue-wait CDF points and p50/p95 marks', () => {
    compareCdf(r);
  });

  it('instance timeline lanes and bars', () => {
    compareTimeline(r);
  });
});

describe('two discrepancies this reference found, fixed', () => {
  let fargate: Records;
  let fargate1500: Records;
  beforeAll(async () => {
    fargate = await runInto(CASES[1].make());
    // Preconditions (here, so that they cannot make an expected failure pass): a task reclaimed
    // while it provisioned; and one queue with 1,500 started jobs.
    // The task must be one of the lanes drawn (past 60 instances the lanes are a sample).
    const neverReady = new Set(fargate.instances.filter((x) => x.readyAt === '' && x.reclaimed === 'true').map((x) => x.instanceId));
    expect(fargate.charts.timeline.lanes.some((lane: { instanceId: string }) => neverReady.has(lane.instanceId))).toBe(true);
    fargate1500 = await runInto(scenario('scenarios/compare-fargate-spot.yaml', 'changes', { perHour: 0.5, count: 1500 }));
    expect(fargate1500.charts.queueWait.started).toEqual({ encode: 1500 });
  });

  // The timeline gave a lane of a task reclaimed while it provisioned the ready instant it never
  // reached (task-00000000002f: launched 30 s, reclaimed 37.174 s; readyAt 60 in charts.json,
  // empty in instances.csv), so report.html drew its "ready" span backwards.
  it('no timeline lane is ready after it was terminated (instances.csv: readyAt empty)', () => {
    expect(readyAfterTermination(fargate.charts.timeline)).toEqual([]);
  });

  // Past 1,000 started jobs the CDF's points are the nearest-rank k/1000 quantiles, the
  // ceil(k n / 1000)-th smallest wait; aggregate.ts computed ceil((k / 1000) * n) in floating
  // point, which for n = 1,500 and 37 of the k (34, 42, 68, …) lands just above a whole number:
  // the next wait up (k = 34: p = 0.034 = 51/1500 showed the 52nd smallest).
  it('with 1,500 started jobs, the queue-wait CDF points are the nearest-rank quantiles', () => {
    const ref = referenceCdf(fargate1500);
    expectExact(
      fargate1500.charts.queueWait.points.map((p: any) => p.waitSeconds),
      ref.points.map((p) => p.waitSeconds),
      'queue-wait points waitSeconds',
    );
  });
});

describe('charts.json of an interval-sampled run', () => {
  // With an interval, timeseries.csv holds only the value at each sampling instant (0, I, 2I, …,
  // and the end): what a series did between two samples (a peak, a dip, how long it held a value)
  // is not in the records, so the exact band cannot be rebuilt from them, and a band from the
  // samples may legitimately be narrower than charts.json's. What the records do determine:
  // every sampled value was held in its bin, so lies within the band. To check the band is not too
  // wide (its min and max are attained, and the mean is right), the same scenario is run with
  // `changes` too: sampling adds events only at the SAMPLE rank (after every other event of an
  // instant) and draws no random numbers, so jobs, attempts and instances are the same; then the
  // interval run's charts.json is compared with the exact reference from the `changes` records, and
  // each interval sample with the `changes` records' value at that instant.
  const intervalMs = 600_000;
  let r: Records;
  let exact: Records;
  beforeAll(async () => {
    r = await runInto(scenario('scenarios/compare-spot-fallback.yaml', 'interval', { perHour: 0.2, intervalMs }));
    exact = await runInto(scenario('scenarios/compare-spot-fallback.yaml', 'changes', { perHour: 0.2 }));
  });

  it('the two runs have the same jobs, attempts, instances and end', () => {
    for (const f of ['jobs.csv', 'attempts.csv', 'instances.csv']) expect(readFileSync(join(r.dir, f), 'utf8'), f).toBe(readFileSync(join(exact.dir, f), 'utf8'));
    expect(r.summary.simulatedSeconds).toBe(exact.summary.simulatedSeconds);
  });

  it('rows only at sampling instants, each the value the series held then (the `changes` records forward-filled)', () => {
    const endMs = endMsOf(r);
    const sampled = seriesRows(r);
    const changes = seriesRows(exact);
    expect([...sampled.keys()]).toEqual([...changes.keys()]);
    let checked = 0;
    for (const [key, rows] of sampled) {
      for (const row of rows) expect(row.t % intervalMs === 0 || row.t === endMs, `${key} at ${row.t}`).toBe(true);
      for (let t = 0; t < endMs; t += intervalMs) {
        expect(valueAt(rows, t), `${key} at ${t} ms`).toBe(valueAt(changes.get(key)!, t));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it("each bin's sampled values lie within charts.json's band; the band's min and max are attained and its mean is exact", () => {
    const { widthMs, count, endMs } = binsOf(r);
    const sampled = seriesRows(r);
    let inBins = 0;
    for (const s of r.charts.series) {
      const rows = sampled.get(keyOf(s.scope, s.name, s.metric))!;
      const lo = new Array<number>(count).fill(Infinity);
      const hi = new Array<number>(count).fill(-Infinity);
      for (let t = 0; t < endMs; t += intervalMs) {
        const k = binOf(t, widthMs, count);
        const v = valueAt(rows, t);
        lo[k] = Math.min(lo[k], v);
        hi[k] = Math.max(hi[k], v);
      }
      for (let k = 0; k < count; k++) {
        if (lo[k] > hi[k]) continue;
        inBins++;
        expect(s.min[k], `${s.name} ${s.metric} bin ${k}`).toBeLessThanOrEqual(lo[k]);
        expect(hi[k], `${s.name} ${s.metric} bin ${k}`).toBeLessThanOrEqual(s.max[k]);
      }
    }
    expect(inBins).toBeGreaterThan(100);
    // Attained, and the exact mean: the interval run's bands equal the reference from every change.
    compareSeries(r, exact);
  });

  it('counts, cost, waits and timeline against the reference from its own records', () => {
    compareCounts(r);
    compareCost(r);
    compareCdf(r);
    compareTimeline(r);
  });
});

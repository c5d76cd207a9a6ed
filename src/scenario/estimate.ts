// The size of a run, estimated from a read scenario before simulating it: jobs, simulated horizon,
// events, time-series samples and output bytes. Cheap and rough (within a small factor), it lets
// validate warn of a run far beyond the usual and refuse one past the hard limit, and lets the
// run sample its time series coarsely enough that memory stays bounded whatever the horizon.
import { mean as meanOf } from '../engine/distribution.js';
import { nextFiring, parseSchedule } from '../workload/schedule.js';
import type { Arrivals, Scenario, Trace, WorkloadGroup } from './types.js';
import { MAX_SAMPLE_INSTANTS } from '../model/sampling.js';
import { AUTO_SAMPLE_INSTANTS } from './defaults.js';
import { END_OF_TIME_MS } from '../workload/traces/formats.js';

/** Every instant of a run (startAt + ms) is before this one, 2200-01-01 UTC (formats.ts says why). */
export { END_OF_TIME_MS };

/** At most this many jobs in one run (a run keeps every job's row): more is refused, with its path. */
export const MAX_JOBS = 10_000_000;
/**
 * At most this many instances a run is made to hold from its start (an UNMANAGED fleet's counts,
 * MANAGED minvCpus or desiredvCpus over the smallest allowed type's vCPUs): each is a model object
 * with its own state, and a billion exhaust memory before the first event. maxvCpus is a ceiling,
 * reached only as jobs need it, so it is not counted.
 */
export const MAX_INSTANCES = 1_000_000;
/** At most this many time-series instants: past it, timeseries.csv is sampled at a coarser interval. */
export { MAX_SAMPLE_INSTANTS };
/** Warn of a run beyond any of these. */
export const LARGE_RUN = { jobs: 1_000_000, horizonMs: 366 * 86_400_000, outputBytes: 2 ** 30 } as const;

/** Rough bytes of outputs per job (jobs.csv and attempts.csv rows) and per time-series sample. */
const BYTES_PER_JOB = 300;
const BYTES_PER_SAMPLE = 48;
/** Events per job: submit, runnable, placement, start, end, and the scheduler's passes. */
const EVENTS_PER_JOB = 8;
/** Counting the firings of a cron stops here (the count is then a lower bound). */
const MAX_COUNTED_FIRINGS = 100_000;

export interface RunEstimate {
  jobs: number;
  /** Instant of the last job's end, roughly (the clock's stop when `until` is earlier). */
  horizonMs: number;
  events: number;
  /** Time-series instants at the scenario's own interval (events and outputBytes count those sampled). */
  sampleInstants: number;
  outputBytes: number;
  /** Jobs per workload group, in order. */
  jobsByGroup: number[];
  /** Instant of each group's last job's end, roughly, on a fleet that never makes it wait (ignoring `until`). */
  endsByGroup: number[];
}

/** Firings of a schedule within `limitMs` of the start (a cron's counted up to MAX_COUNTED_FIRINGS). */
function firingsWithin(expression: string, startAtMs: number, limitMs: number): { count: number; lastMs: number } {
  const parsed = parseSchedule(expression);
  if (!parsed.ok || !Number.isFinite(limitMs)) return { count: parsed.ok ? Infinity : 0, lastMs: limitMs };
  const s = parsed.schedule;
  if (s.kind === 'rate') {
    const count = Math.floor(limitMs / s.periodMs);
    return { count, lastMs: count * s.periodMs };
  }
  let count = 0;
  let last = 0;
  for (let t = nextFiring(s, startAtMs - 1); t !== null && t - startAtMs <= limitMs && count < MAX_COUNTED_FIRINGS; t = nextFiring(s, t)) {
    count++;
    last = t - startAtMs;
  }
  return { count, lastMs: last };
}

/** How many times a group's arrivals fire, and the instant of the last. */
function arrivalsOf(a: Arrivals, s: Scenario): { count: number; lastMs: number } {
  const limit = (own: number | null): number => own ?? s.untilMs ?? Infinity;
  switch (a.kind) {
    case 'at':
      return { count: a.atMs.length, lastMs: a.atMs.at(-1) ?? 0 };
    case 'trace':
      return { count: a.trace.jobs.length, lastMs: a.trace.jobs.at(-1)?.submitMs ?? 0 };
    case 'every': {
      const count = Math.min(a.count ?? Infinity, Math.floor(limit(a.untilMs) / a.everyMs));
      return { count, lastMs: count * a.everyMs };
    }
    case 'poisson': {
      const count = Math.min(a.count ?? Infinity, (a.perHour * limit(a.untilMs)) / 3_600_000);
      return { count, lastMs: (count / a.perHour) * 3_600_000 };
    }
    case 'schedule': {
      const within = firingsWithin(a.expression, s.startAtMs, a.count === null ? limit(a.untilMs) : Math.min(limit(a.untilMs), 200 * 366 * 86_400_000));
      return a.count !== null && a.count < within.count ? { count: a.count, lastMs: within.lastMs * (a.count / within.count) } : within;
    }
    case 'burst': {
      const times = a.atMs !== null ? { count: a.atMs.length, lastMs: a.atMs.at(-1) ?? 0 } : a.schedule !== null ? firingsWithin(a.schedule, s.startAtMs, limit(null)) : { count: 0, lastMs: 0 };
      return { count: a.count * times.count, lastMs: times.lastMs };
    }
  }
}

/**
 * A trace's longest runtime, ms (0 if none). Validation and the run's sampling interval both
 * estimate the run: remembered per trace (traces are never changed once read), so a 200,000-record
 * log is walked once.
 */
const longestRuntimes = new WeakMap<Trace, number>();
function longestRuntime(trace: Trace): number {
  let longest = longestRuntimes.get(trace);
  if (longest === undefined) {
    longest = 0;
    const jobs = trace.jobs;
    for (let i = 0; i < jobs.length; i++) longest = Math.max(longest, jobs[i].runtimeMs);
    longestRuntimes.set(trace, longest);
  }
  return longest;
}

/** Jobs one arrival of the group submits (an array job is its parent and its children). */
const jobsPerArrival = (g: WorkloadGroup): number => g.jobs.reduce((n, j) => n + (j.arraySize === null ? 1 : j.arraySize + 1), 0);

export function estimateRun(s: Scenario): RunEstimate {
  const meanRuntime = (name: string): number => {
    const d = s.jobDefinitions.find((x) => x.jobDefinitionName === name);
    return d === undefined ? 0 : meanOf(d.runtime) * Math.max(1, d.retryStrategy.attempts);
  };
  let lastEnd = 0;
  const endsByGroup: number[] = [];
  const jobsByGroup = s.workload.map((g) => {
    const { count, lastMs } = arrivalsOf(g.arrivals, s);
    // Dependencies run one after another at worst; arrivals overlap.
    const chain = g.jobs.reduce((sum, j) => sum + meanRuntime(j.jobDefinition), 0);
    const traceLongest = g.arrivals.kind === 'trace' ? longestRuntime(g.arrivals.trace) : 0;
    endsByGroup.push(lastMs + Math.max(chain, traceLongest));
    lastEnd = Math.max(lastEnd, endsByGroup.at(-1)!);
    return count * jobsPerArrival(g);
  });
  const jobs = jobsByGroup.reduce((a, b) => a + b, 0);
  // Work queued behind too little capacity ends later than it arrives: vCPU-time over all vCPUs.
  const capacity = s.computeEnvironments.reduce(
    (sum, ce) => sum + (ce.type === 'UNMANAGED' ? ce.instances.reduce((n, g) => n + g.vcpus * g.count, 0) : ce.computeResources?.maxvCpus ?? 0),
    0,
  );
  const work = s.workload.reduce((sum, g, gi) => {
    // One arrival's work: each template's, an array's once per child (its parent runs nothing).
    const perArrival = g.jobs.reduce((w, j) => {
      const d = s.jobDefinitions.find((x) => x.jobDefinitionName === j.jobDefinition);
      return w + (d === undefined ? 0 : (j.arraySize ?? 1) * meanRuntime(j.jobDefinition) * (j.vcpus ?? d.vcpus));
    }, 0);
    return sum + (jobsByGroup[gi] / Math.max(1, jobsPerArrival(g))) * perArrival;
  }, 0);
  if (capacity > 0 && Number.isFinite(work)) lastEnd = Math.max(lastEnd, work / capacity);
  const horizonMs = Math.min(s.untilMs ?? Infinity, lastEnd);
  const sampleInstants = s.assumptions.timeseriesMode === 'changes' ? jobs * 4 : Math.floor(horizonMs / samplingIntervalOf(s, horizonMs)) + 1;
  // As sampled: at most MAX_SAMPLE_INSTANTS instants (samplingIntervalMs).
  const sampled = Math.min(sampleInstants, MAX_SAMPLE_INSTANTS);
  const samples = sampled * 3 * (s.jobQueues.length + s.computeEnvironments.length);
  return {
    jobs,
    horizonMs,
    events: jobs * EVENTS_PER_JOB + sampled,
    sampleInstants,
    outputBytes: jobs * BYTES_PER_JOB + samples * BYTES_PER_SAMPLE,
    jobsByGroup,
    endsByGroup,
  };
}

/**
 * The time-series interval a run samples at: the scenario's own, or, when the horizon would give
 * more than MAX_SAMPLE_INSTANTS instants, the smallest whole multiple of it that gives at most that many.
 */
export function samplingIntervalMs(s: Scenario, estimate: RunEstimate = estimateRun(s)): number {
  const own = samplingIntervalOf(s, estimate.horizonMs);
  if (!Number.isFinite(estimate.horizonMs) || estimate.sampleInstants <= MAX_SAMPLE_INSTANTS) return own;
  return own * Math.ceil(estimate.horizonMs / own / (MAX_SAMPLE_INSTANTS - 1));
}

/** "Nice" sampling intervals, ms: 1 min … 1 day, then whole days. */
const NICE_INTERVALS_MS = [60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map((x) => x * 1000);

/**
 * The interval a scenario asks for: its own (`interval`), or for `auto` the smallest nice
 * interval, not finer than its own (60 s by default), that keeps the estimated horizon to at most
 * AUTO_SAMPLE_INSTANTS instants. A horizon of a day keeps 1 min; a year samples every 6 h.
 */
export function samplingIntervalOf(s: Scenario, horizonMs: number): number {
  const own = s.assumptions.timeseriesIntervalMs;
  if (s.assumptions.timeseriesMode !== 'auto' || !Number.isFinite(horizonMs)) return own;
  const raw = horizonMs / AUTO_SAMPLE_INSTANTS;
  if (raw <= own) return own;
  for (const w of NICE_INTERVALS_MS) if (w >= raw && w >= own) return w;
  return Math.ceil(raw / 86_400_000) * 86_400_000;
}

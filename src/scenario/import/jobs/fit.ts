// Calibration from job history, per job definition: a run-time distribution (lognormal when it
// passes a Kolmogorov–Smirnov check, else the empirical run times) and the arrival pattern (an
// EventBridge cron/rate schedule when the submissions keep one, else the empirical inter-arrival
// times). Pure.
import { cumulativeStdNormalProbability, mean, quantileSorted } from 'simple-statistics';
import type { HistoryJob } from './history.js';

export interface RuntimeFit {
  /** Run times used, s (jobs that ran to an end). */
  samples: number;
  kind: 'lognormal' | 'empirical' | 'fixed';
  /** ln(seconds) ~ Normal(mu, sigma) (maximum likelihood). */
  mu: number | null;
  sigma: number | null;
  /** KS statistic of the lognormal fit, and the 5 % critical value 1.36/√n it is judged by. */
  ks: number | null;
  ksCritical: number | null;
  /** Sorted run times, s: what an empirical distribution draws from. */
  runtimesSeconds: number[];
  p50Seconds: number | null;
  p95Seconds: number | null;
}

export interface ArrivalFit {
  /** Arrivals: submissions within 60 s of each other count as one (a schedule firing submits many). */
  arrivals: number;
  kind: 'schedule' | 'empirical';
  /** `cron(…)` or `rate(…)`, UTC, when detected. */
  expression: string | null;
  interArrivalSeconds: number[];
}

export interface DefinitionFit {
  jobDefinition: string;
  jobs: number;
  runtime: RuntimeFit;
  arrivals: ArrivalFit;
}

/** Lognormal needs at least this many run times; fewer are kept empirical. */
export const MIN_LOGNORMAL_SAMPLES = 8;
const BURST_MS = 60_000;
const round = (x: number, digits = 6): number => Number(x.toFixed(digits));

export function fitHistory(jobs: readonly HistoryJob[]): DefinitionFit[] {
  const byDef = new Map<string, HistoryJob[]>();
  for (const j of jobs) {
    if (j.arraySize !== null) continue;
    const key = j.jobDefinition ?? '(none)';
    byDef.set(key, [...(byDef.get(key) ?? []), j]);
  }
  return [...byDef.keys()].sort().map((jobDefinition) => {
    const list = byDef.get(jobDefinition)!;
    return { jobDefinition, jobs: list.length, runtime: fitRuntime(list), arrivals: fitArrivals(list) };
  });
}

export function fitRuntime(jobs: readonly HistoryJob[]): RuntimeFit {
  const xs = jobs
    .filter((j) => j.startedAt !== null && j.stoppedAt !== null && j.stoppedAt > j.startedAt && (j.status === null || j.status === 'SUCCEEDED'))
    .map((j) => (j.stoppedAt! - j.startedAt!) / 1000)
    .sort((a, b) => a - b);
  const base = { samples: xs.length, runtimesSeconds: xs, p50Seconds: xs.length ? quantileSorted(xs, 0.5) : null, p95Seconds: xs.length ? quantileSorted(xs, 0.95) : null };
  if (xs.length === 0) return { ...base, kind: 'empirical', mu: null, sigma: null, ks: null, ksCritical: null };
  if (xs[0] === xs[xs.length - 1]) return { ...base, kind: 'fixed', mu: null, sigma: null, ks: null, ksCritical: null };
  const logs = xs.map(Math.log);
  const mu = mean(logs);
  const sigma = Math.sqrt(mean(logs.map((l) => (l - mu) ** 2)));
  const n = xs.length;
  let d = 0;
  xs.forEach((x, i) => {
    const f = cumulativeStdNormalProbability((Math.log(x) - mu) / sigma);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  });
  const critical = 1.36 / Math.sqrt(n);
  const ok = n >= MIN_LOGNORMAL_SAMPLES && d <= critical;
  return { ...base, kind: ok ? 'lognormal' : 'empirical', mu: round(mu), sigma: round(sigma), ks: round(d), ksCritical: round(critical) };
}

export function fitArrivals(jobs: readonly HistoryJob[]): ArrivalFit {
  const submits = jobs.map((j) => j.createdAt).filter((t): t is number => t !== null).sort((a, b) => a - b);
  const firings: number[] = [];
  for (const t of submits) if (firings.length === 0 || t - firings[firings.length - 1] > BURST_MS) firings.push(t);
  const gaps = firings.slice(1).map((t, i) => round((t - firings[i]) / 1000, 3));
  return { arrivals: firings.length, kind: 'empirical', expression: null, interArrivalSeconds: gaps, ...detectSchedule(firings, gaps) };
}

/** A cron (same minute of the hour, or same time of day) or a rate that every firing keeps. */
function detectSchedule(firings: number[], gaps: number[]): Partial<ArrivalFit> {
  if (firings.length < 3) return {};
  const minuteOf = (t: number): number => Math.floor(t / 60_000);
  const d = firings.map((t) => new Date(minuteOf(t) * 60_000));
  const sameMinute = d.every((x) => x.getUTCMinutes() === d[0].getUTCMinutes());
  const sameHour = sameMinute && d.every((x) => x.getUTCHours() === d[0].getUTCHours());
  const minuteGaps = firings.slice(1).map((t, i) => minuteOf(t) - minuteOf(firings[i]));
  const allMultiple = (step: number): boolean => minuteGaps.every((g) => g > 0 && g % step === 0);
  const equal = minuteGaps.every((g) => g === minuteGaps[0]);
  if (sameHour && allMultiple(1440)) {
    if (equal && minuteGaps[0] > 1440) return { kind: 'schedule', expression: `rate(${minuteGaps[0] / 1440} days)` };
    return { kind: 'schedule', expression: `cron(${d[0].getUTCMinutes()} ${d[0].getUTCHours()} * * ? *)` };
  }
  if (sameMinute && allMultiple(60) && !equal) return { kind: 'schedule', expression: `cron(${d[0].getUTCMinutes()} * * * ? *)` };
  if (equal && minuteGaps[0] > 0 && gaps.every((g) => Math.abs(g - minuteGaps[0] * 60) <= 60)) {
    const m = minuteGaps[0];
    const [n, unit] = m % 1440 === 0 ? [m / 1440, 'day'] : m % 60 === 0 ? [m / 60, 'hour'] : [m, 'minute'];
    return { kind: 'schedule', expression: `rate(${n} ${unit}${n === 1 ? '' : 's'})` };
  }
  return {};
}

/** The scenario's `simulation.runtime` for a fit; `empiricalFile` names the side file of run times. */
export function runtimeDistribution(fit: RuntimeFit, empiricalFile: string): unknown {
  if (fit.kind === 'fixed') return `${fit.runtimesSeconds[0]}s`;
  if (fit.kind === 'lognormal') return { lognormal: { mu: fit.mu, sigma: fit.sigma } };
  return { empirical: { file: empiricalFile, column: 'seconds' } };
}

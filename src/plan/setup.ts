// Preparing a sweep, before anything runs:
//   1. read the plan file and check its shape (plan/planFile.ts)
//   2. load the base scenario it names and validate it as it stands
//   3. check every figure, objective and constraint names a figure the scenario reports
//   4. expand the axes (plan/expand.ts) and validate every point's overridden document; values of
//      an axis that read the same (5m and 300s) are refused
// One bad point stops the sweep with its axis values; nothing is run.
import { createHash, type Hash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { readDocumentFile } from '../scenario/load.js';
import { indexPath, joinPath, type Issue } from '../scenario/issues.js';
import { expandPoints, runCountIssue, runsOf, seedRangeIssues, type Point, type RunRef } from './expand.js';
import { isKnownFigure } from './figures.js';
import type { Axis, Plan } from './planFile.js';
import type { Scenario, Trace, TraceJob } from '../scenario/types.js';
import { loadSource, prepareRun, type ScenarioSource } from './run.js';
import { applyOverride } from './overrides.js';

/** What a sweep's outputs are a function of: the plan, its seed and its identity. Plain data. */
export interface SweepLayout {
  plan: Plan;
  /** Replication r of every point runs with seed + r. */
  seed: number;
  /** sha256 of the plan file, the base scenario file and the side files it names. */
  hash: string;
}

export interface SweepSetup extends SweepLayout {
  planFile: string;
  source: ScenarioSource;
  points: Point[];
  runs: RunRef[];
}

/** The points and runs of a layout (for merge, which has no plan file). */
export function expandLayout(layout: SweepLayout): { points: Point[]; runs: RunRef[] } {
  const points = expandPoints(layout.plan.axes);
  return { points, runs: runsOf(points, layout.plan.replications, layout.seed) };
}

export type Prepared = { ok: true; setup: SweepSetup } | { ok: false; issues: Issue[] };

/** `label` with the plan file's name in front of each issue's path, so messages say where. */
const located = (issues: readonly Issue[], prefix: string): Issue[] => issues.map((i) => ({ ...i, path: i.path === '' ? prefix : `${prefix}: ${i.path}` }));

export async function prepareSweep(planFile: string): Promise<Prepared> {
  // 1. The plan file.
  const doc = readDocumentFile(planFile, 'plan');
  if (!doc.ok) return { ok: false, issues: located(doc.issues, planFile) };
  // zod, which the plan reader is built on, takes longer to load than the rest of start-up: only plans need it.
  const { readPlan } = await import('./planFile.js');
  // The plan's own problems do not stop the checks against the base scenario (2-4) that do not
  // depend on them: `draft` is what of the plan could be read. Without a base, nothing can be.
  const { plan: valid, draft: plan, issues: planIssues } = readPlan(doc.document);
  if (!plan) return { ok: false, issues: located(planIssues, planFile) };
  // Before anything is expanded (plan/expand.ts): a grid too big to hold, seeds past the exact range.
  const tooMany = runCountIssue(plan.axes, plan.replications);
  if (tooMany) planIssues.push({ path: 'axes', message: tooMany, severity: 'error' });
  planIssues.push(...seedRangeIssues(plan.seed ?? undefined, plan.replications, 'seed'));

  // 2. The base scenario, as it stands.
  const basePath = resolve(dirname(planFile), plan.base);
  const loaded = loadSource(basePath);
  if (!loaded.ok) return { ok: false, issues: [...located(planIssues, planFile), ...located(loaded.issues, `${planFile}: base ${plan.base}`)] };
  const source = loaded.value;
  const base = prepareRun(source);
  if (!base.scenario) return { ok: false, issues: [...located(planIssues, planFile), ...located(base.issues.filter((i) => i.severity === 'error'), `${planFile}: base ${plan.base}`)] };

  // 3. Figures the scenario reports.
  const issues: Issue[] = [...planIssues];
  plan.figures.forEach((f, i) => {
    if (!isKnownFigure(f, base.scenario!)) issues.push({ path: indexPath('figures', i), message: `summary.json has no figure "${f}" (see the README's summary.json keys)`, severity: 'error' });
  });

  // 4. Every point, validated like a file.
  plan.axes.forEach((a, k) => {
    const r = applyOverride(source.document, { path: a.path, value: a.values[0] });
    if (!r.ok) issues.push({ path: joinPath(indexPath('axes', k), 'path'), message: r.message, severity: 'error' });
  });
  // Points are validated only for a plan that is otherwise right (a bad axis makes them meaningless).
  if (issues.length > 0 || !valid) return { ok: false, issues: located(issues, planFile) };
  const seed = valid.seed ?? base.scenario.seed;
  // The plan's own seed was checked with the plan, above; the base's can be only now.
  const seedIssues = valid.seed === null ? seedRangeIssues(seed, valid.replications, `base ${plan.base}: seed`) : [];
  if (seedIssues.length > 0) return { ok: false, issues: located(seedIssues, planFile) };
  const points = expandPoints(valid.axes);
  const sameness = new AxisSameness(valid.axes);
  for (const p of points) {
    const { scenario, issues: pointIssues } = prepareRun(source, { overrides: p.overrides, seed });
    if (scenario) {
      sameness.add(p, scenario);
      continue;
    }
    const where = valid.axes.map((a, k) => `${a.path}=${p.labels[k]}`).join(', ');
    for (const i of pointIssues.filter((x) => x.severity === 'error')) issues.push({ path: `point ${p.index} (${where})`, message: i.path === '' ? i.message : `${i.path}: ${i.message}`, severity: 'error' });
  }
  // Values that read the same (300, 300s and 5m for a duration) would run one configuration twice under two labels.
  const written = (doc.document as { axes: Record<string, unknown>[] }).axes;
  if (issues.length === 0) issues.push(...sameness.issues((k) => ('variants' in written[k] ? 'variants' : 'values')));
  if (issues.length > 0) return { ok: false, issues: located(issues, planFile) };

  const hash = createHash('sha256');
  hash.update(doc.bytes).update('\0').update(source.sha256);
  for (const name of [...source.files.keys()].sort()) hash.update('\0').update(name).update('\0').update(source.files.get(name)!);
  return { ok: true, setup: { planFile, plan: valid, source, seed, points, runs: runsOf(points, valid.replications, seed), hash: hash.digest('hex') } };
}

/**
 * Which values of an axis mean the same once the scenario is read: the normalized scenario (what
 * the loader makes of "5m", 300 or "300s", the same number of milliseconds) is the same at every
 * point that differs only in that axis's value. Each point's scenario is reduced to a hash, and
 * each axis value's to a hash of its points' hashes in point order (the other axes' choices come
 * in the same order for every value), so an axis of 10,000 values costs one pass, no pairs.
 */
class AxisSameness {
  private readonly perValue: Hash[][];
  /**
   * Whether a replayed trace's records can differ from point to point: only through its group's
   * `arrivals.trace` (the file, its format and columns), which the read Trace does not keep, so only
   * when an axis reaches into `workload`. Otherwise the records are the same at every point and are
   * left out (hashing HPC2N's 200,000 at each point took three times as long as validating it).
   */
  private readonly traceRecords: boolean;
  constructor(private readonly axes: readonly Axis[]) {
    this.perValue = axes.map((a) => a.values.map(() => createHash('sha256')));
    this.traceRecords = axes.some((a) => a.path.startsWith('workload'));
  }
  add(point: Point, scenario: Scenario): void {
    const digest = scenarioDigest(scenario, this.traceRecords);
    point.choice.forEach((j, k) => this.perValue[k][j].update(digest));
  }
  /** Each value that means the same as an earlier one of its axis, at its path; call once, after every point was added. */
  issues(listOf: (k: number) => 'values' | 'variants'): Issue[] {
    const issues: Issue[] = [];
    this.axes.forEach((a, k) => {
      const first = new Map<string, number>();
      const list = joinPath(indexPath('axes', k), listOf(k));
      const at = (j: number): string => (listOf(k) === 'values' ? indexPath(list, j) : joinPath(list, a.labels[j]));
      this.perValue[k].forEach((h, j) => {
        const key = h.digest('hex');
        const earlier = first.get(key);
        if (earlier === undefined) first.set(key, j);
        else issues.push({ path: at(j), message: `"${a.labels[j]}" means the same as "${a.labels[earlier]}" once the scenario is read, listed earlier at ${at(earlier)}; list each value once`, severity: 'error' });
      });
    });
    return issues;
  }
}

/**
 * A hash of a read scenario, equal for equal scenarios: its JSON, with a Map's entries kept (a state
 * machine's statePaths; JSON.stringify drops them) and a replayed trace's records counted, and with
 * `traceRecords` hashed field by field (as JSON they took ten times as long).
 */
function scenarioDigest(scenario: Scenario, traceRecords: boolean): Buffer {
  const h = createHash('sha256');
  const json = JSON.stringify(scenario, function (this: unknown, key: string, value: unknown): unknown {
    if (value instanceof Map) return [...value];
    if (key === 'jobs' && isTrace(this)) {
      if (traceRecords) hashTraceJobs(h, this.jobs);
      return this.jobs.length;
    }
    return value;
  });
  return h.update(json).digest();
}

const isTrace = (o: unknown): o is Trace => typeof o === 'object' && o !== null && 'skipped' in o && 'meta' in o && Array.isArray((o as Trace).jobs);

/** Every field of every record, in order: the numbers as float64s (null as NaN), the strings joined. */
function hashTraceJobs(h: Hash, jobs: readonly TraceJob[]): void {
  const numbers = new Float64Array(jobs.length * 5);
  let strings = '';
  for (let i = 0, k = 0; i < jobs.length; i++) {
    const j = jobs[i];
    numbers[k++] = j.submitMs;
    numbers[k++] = j.runtimeMs;
    numbers[k++] = j.vcpus ?? NaN;
    numbers[k++] = j.memoryMiB ?? NaN;
    numbers[k++] = j.requestedMs ?? NaN;
    // Most records have none of the three: one separator each keeps the string short.
    if (j.queue !== null || j.shareIdentifier !== null || j.name !== null) strings += `${i}\u0000${j.queue ?? '\u0001'}\u0000${j.shareIdentifier ?? '\u0001'}\u0000${j.name ?? '\u0001'}\u0000`;
  }
  h.update(numbers).update(strings);
}

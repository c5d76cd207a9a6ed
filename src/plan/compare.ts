// `compare` and `run --replications`: several scenarios (or one) over replications on common
// random numbers — replication i of every scenario runs with seed + i, and the named streams keep
// arrivals and runtimes equal where workloads match — so the paired difference to the first
// scenario has a far tighter interval than either figure alone.
import type { Issue } from '../scenario/issues.js';
import { executeRuns, type ExecuteOptions, type RunOutcome } from './executor.js';
import { seedRangeIssues } from './expand.js';
import { claimOutputFolder, holdsOnly, removeCreatedFolders } from './files.js';
import { figureRange, isKnownFigure } from './figures.js';
import { loadSource, prepareRun, type ScenarioSource } from './run.js';
import { estimateIn, pairedDifference, type Estimate, type PairedDifference } from './stats.js';

/** What compare shows by default: the bill and its split, time, waits, use, Spot and failures. */
export const COMPARE_FIGURES = [
  'costUsd.total',
  'costUsd.busy',
  'costUsd.idle',
  'costUsd.lostToInterruptions',
  'makespanSeconds',
  'queueWaitSeconds.p95',
  'utilisation.vcpu',
  'spot.interruptions',
  'jobs.failed',
];

/** What compare writes: compare.csv, compare.json and the chart's three files. */
export const COMPARE_FILES = ['compare.csv', 'compare.json', 'compare.vl.json', 'compare.svg', 'compare.png'];

/** Only compare's files, and the temporaries of one killed while writing them. */
const compareFolder = (names: readonly string[]): boolean => names.includes('compare.json') && holdsOnly(COMPARE_FILES)(names);

/**
 * compare's --out is a folder it owns, like a run's or a sweep's: a new path, an empty folder, or
 * one holding only an earlier comparison's files (which the new ones replace). Anything else, a
 * run's or a sweep's folder included, is refused: its own files would stop matching its manifest.
 * Returns the folders it created.
 */
export function claimCompareFolder(dir: string): string[] {
  return claimOutputFolder(dir, compareFolder, `output folder "${dir}" holds files other than an earlier compare's (${COMPARE_FILES.join(', ')}); compare writes only into a folder of its own, so choose an empty or new folder`);
}

export interface CompareSetup {
  sources: ScenarioSource[];
  /** Each scenario's label: its `name` (else its file name), with its file where names collide. */
  names: string[];
  seed: number;
  replications: number;
  figures: string[];
  /** The folders claiming --out created (none when it existed), which abandonCompare removes again. */
  createdFolders: readonly string[];
}

/** A comparison that ends without writing its outputs (interrupted, failed): remove the --out folders prepareCompare created, if still empty. */
export function abandonCompare(setup: CompareSetup): void {
  removeCreatedFolders(setup.createdFolders);
}

/**
 * The scenarios' labels: their names, or where two share a name (two variants of one file, the same
 * file twice) `name (file)` for each of those, and `name (file #k)`, k its place among the files,
 * where the file is the same too. Distinct names stay as they are, so such tables do not change.
 */
export function scenarioLabels(names: readonly string[], files: readonly string[]): string[] {
  const count = (xs: readonly string[], x: string): number => xs.filter((y) => y === x).length;
  const withFile = names.map((n, k) => (count(names, n) > 1 ? `${n} (${files[k]})` : n));
  return withFile.map((l, k) => (count(withFile, l) > 1 ? `${names[k]} (${files[k]} #${k + 1})` : l));
}

/**
 * `out`: the folder compare.csv, compare.json and the chart will go to, checked (and created) here,
 * before anything runs; a bad one throws SweepFolderError (bad input).
 */
export function prepareCompare(files: readonly string[], options: { seed?: number; replications?: number; figures?: string[]; out?: string }): { ok: true; setup: CompareSetup } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const sources: ScenarioSource[] = [];
  const names: string[] = [];
  const loadedFiles: string[] = [];
  let seed = options.seed;
  const figures = options.figures ?? COMPARE_FIGURES;
  for (const file of files) {
    const loaded = loadSource(file);
    if (!loaded.ok) {
      issues.push(...loaded.issues.map((i) => ({ ...i, path: i.path === '' ? file : `${file}: ${i.path}` })));
      continue;
    }
    const { scenario, issues: found } = prepareRun(loaded.value);
    if (!scenario) {
      issues.push(...found.filter((i) => i.severity === 'error').map((i) => ({ ...i, path: i.path === '' ? file : `${file}: ${i.path}` })));
      continue;
    }
    // Common random numbers need one seed for all: the first scenario's unless --seed says.
    seed ??= scenario.seed;
    sources.push(loaded.value);
    names.push(scenario.name);
    loadedFiles.push(file);
    for (const f of figures) if (!isKnownFigure(f, scenario)) issues.push({ path: file, message: `summary.json has no figure "${f}"`, severity: 'error' });
  }
  // Replication r runs seed + r: every one must be an exact whole number.
  issues.push(...seedRangeIssues(seed, options.replications ?? 1, options.seed === undefined ? `${files[0]}: seed` : '--seed'));
  if (issues.length > 0) return { ok: false, issues };
  const createdFolders = options.out !== undefined ? claimCompareFolder(options.out) : [];
  return { ok: true, setup: { sources, names: scenarioLabels(names, loadedFiles), seed: seed!, replications: options.replications ?? 1, figures, createdFolders } };
}

export interface ScenarioFigures {
  name: string;
  /** Per figure: values by replication, and their estimate. */
  values: (number | null)[][];
  estimates: Estimate[];
  /** Per figure: this scenario minus the first, paired by replication; null for the first. */
  differences: PairedDifference[] | null;
}

export interface Comparison {
  seed: number;
  replications: number;
  figures: string[];
  scenarios: ScenarioFigures[];
}

export async function runCompare(setup: CompareSetup, options: Omit<ExecuteOptions, 'onResult'> & { onProgress?: (done: number, total: number) => void } = {}): Promise<Comparison> {
  const { sources, replications, seed, figures } = setup;
  const tasks = sources.flatMap((_, s) => Array.from({ length: replications }, (_, r) => ({ run: s * replications + r, source: s, overrides: [], seed: seed + r })));
  let done = 0;
  const outcomes: RunOutcome[] = await executeRuns(sources, figures, tasks, { ...options, onResult: () => options.onProgress?.(++done, tasks.length) });
  const valuesOf = (s: number): (number | null)[][] => figures.map((_, f) => outcomes.slice(s * replications, (s + 1) * replications).map((o) => o.figures[f]));
  const first = valuesOf(0);
  const scenarios = setup.names.map((name, s) => {
    const values = valuesOf(s);
    return { name, values, estimates: values.map((v, f) => estimateIn(v, figureRange(figures[f]))), differences: s === 0 ? null : values.map((v, f) => pairedDifference(first[f], v)) };
  });
  return { seed, replications, figures, scenarios };
}

// replications.json (`run --replications N`): the file's shape, its headline figures, and the
// lines the terminal and report.html show of it. Here, below the planner that writes the file,
// so that `batchsim report DIR` can show it again from the folder alone.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { formatFigure, intervalText } from './format.js';
import { OutputFolderError, parseJson } from './output.js';
import { readFile } from './charts/read.js';
import * as m from './messages.js';

export const REPLICATIONS_FILE = 'replications.json';

/** One figure over the replications: its mean and 95% interval (cut at the figure's range), and how many had a value. */
export interface ReplicatedFigure {
  mean: number | null;
  ci95Low: number | null;
  ci95High: number | null;
  n: number;
}

export interface ReplicationsJson {
  scenario: string;
  /** The seeds run, replication r at seeds[r]. */
  seeds: number[];
  figures: Record<string, ReplicatedFigure>;
}

/** The headline figures of the human summary, in its order. */
export const REPLICATION_HEADLINE = ['costUsd.total', 'makespanSeconds', 'queueWaitSeconds.mean', 'queueWaitSeconds.p95', 'utilisation.vcpu', 'jobs.failed', 'jobs.unfinished', 'spot.interruptions', 'costUsd.lostToInterruptions'];

/**
 * A figure of replications.json for people: the mean ± half-width, or mean [low, high] when the
 * interval was cut at the figure's range (its ends are then not the same distance from the mean).
 */
export function replicatedText(figure: string, e: ReplicatedFigure): string {
  if (e.mean === null) return 'n/a';
  if (e.ci95Low === null || e.ci95High === null) return formatFigure(figure, e.mean);
  const below = e.mean - e.ci95Low;
  const above = e.ci95High - e.mean;
  const halfWidth = Math.max(below, above);
  return intervalText(figure, e.mean, { halfWidth, low: e.ci95Low, high: e.ci95High, cut: Math.abs(above - below) > 1e-9 * Math.max(1, halfWidth) });
}

/** What the seeds were, for the heading of the lines: `across 4 replications (seeds 3..6`. */
export function acrossSeeds(seeds: readonly number[]): string {
  return `across ${seeds.length} replications (seeds ${seeds[0]}..${seeds[seeds.length - 1]}`;
}

/** The headline figures replications.json has, each as [figure, text]. */
export function headlineReplications(rep: ReplicationsJson): [string, string][] {
  return REPLICATION_HEADLINE.filter((f) => rep.figures[f] !== undefined).map((f) => [f, replicatedText(f, rep.figures[f])]);
}

/** Every figure of replications.json, in its order, each as [figure, text]. */
export function everyReplication(rep: ReplicationsJson): [string, string][] {
  return Object.entries(rep.figures).map(([f, e]) => [f, replicatedText(f, e)]);
}

/**
 * The replications.json of an output folder, for report.html; null when the run had none. An
 * OutputFolderError when it is not the file `run --replications` writes.
 */
export function readReplications(dir: string): ReplicationsJson | null {
  const path = join(dir, REPLICATIONS_FILE);
  if (!existsSync(path)) return null;
  const rep = parseJson(path, readFile(path).toString('utf8'));
  const bad = replicationsProblem(rep);
  if (bad !== null) throw new OutputFolderError(m.notReplications(path, bad));
  return rep as ReplicationsJson;
}

/** What keeps a parsed JSON value from being replications.json, or null. */
function replicationsProblem(rep: unknown): string | null {
  if (typeof rep !== 'object' || rep === null || Array.isArray(rep)) return 'it is not a JSON object';
  const r = rep as Record<string, unknown>;
  if (typeof r.scenario !== 'string') return '"scenario" is not a string';
  if (!Array.isArray(r.seeds) || r.seeds.length < 2 || !r.seeds.every((s) => Number.isSafeInteger(s))) return '"seeds" is not a list of two or more whole numbers';
  if (typeof r.figures !== 'object' || r.figures === null || Array.isArray(r.figures)) return '"figures" is not an object';
  const orNull = (v: unknown): boolean => v === null || (typeof v === 'number' && Number.isFinite(v));
  for (const [f, e] of Object.entries(r.figures)) {
    const x = e as Record<string, unknown> | null;
    if (typeof x !== 'object' || x === null || !orNull(x.mean) || !orNull(x.ci95Low) || !orNull(x.ci95High) || !Number.isSafeInteger(x.n)) return `figure "${f}" is not {mean, ci95Low, ci95High, n} with numbers or null`;
  }
  return null;
}

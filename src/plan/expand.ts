// Axes x replications -> concrete runs, in one documented stable order: points are the Cartesian
// product of the axes with the first axis varying slowest (like nested loops written in axis
// order), and runs are points x replications with the replication varying fastest. Run i of a plan
// is therefore the same run on every machine, which is what shards and merge rely on.
import type { Override } from './overrides.js';
import type { Axis } from './planFile.js';
import type { Issue } from '../scenario/issues.js';

export interface Point {
  /** 0-based, in expansion order. */
  index: number;
  /** The index into each axis's values, in axis order. */
  choice: number[];
  /** Each axis's label at this point, in axis order. */
  labels: string[];
  overrides: Override[];
}

export interface RunRef {
  /** 0-based over the whole plan: point * replications + replication. */
  run: number;
  point: number;
  replication: number;
  seed: number;
}

export function pointCount(axes: readonly Axis[]): number {
  return axes.reduce((n, a) => n * a.values.length, 1);
}

/**
 * The most runs a plan may have. Every point and run is expanded in memory before anything runs
 * (and every point validated), so a grid of millions of points would exhaust the heap after minutes
 * instead of failing at once. 1,000,000 runs take about 80 MB as 100 points x 10,000
 * replications and about 450 MB as a million points of two axes (measured on expandPoints and
 * runsOf), well within Node's default heap.
 */
export const MAX_RUNS = 1_000_000;

const count = (n: bigint | number): string => n.toLocaleString('en-US');

/** Why these axes x replications are too many runs to expand, or null. Counted exactly, in BigInt: 20 axes of 10 values are already 10^20 points. */
export function runCountIssue(axes: readonly Axis[], replications: number): string | null {
  const points = axes.reduce((n, a) => n * BigInt(a.values.length), 1n);
  const runs = points * BigInt(replications);
  if (runs <= BigInt(MAX_RUNS)) return null;
  return `the grid has ${count(points)} point${points === 1n ? '' : 's'} × ${count(replications)} replication${replications === 1 ? '' : 's'} = ${count(runs)} runs; at most ${count(MAX_RUNS)} runs (fewer axis values or replications, or several plans)`;
}

/**
 * Seeds seed..seed + replications − 1 that cannot all be run, as an issue at `path` (none for an
 * undefined seed): past Number.MAX_SAFE_INTEGER (2^53 − 1) seed + r is rounded, so two
 * replications would silently run the same seed.
 */
export function seedRangeIssues(seed: number | undefined, replications: number, path: string): Issue[] {
  const highest = Number.MAX_SAFE_INTEGER - (replications - 1);
  if (seed === undefined || seed <= highest) return [];
  const message = `seeds ${seed} to ${BigInt(seed) + BigInt(replications - 1)} (seed + replications − 1) go past ${Number.MAX_SAFE_INTEGER} (2^53 − 1), the largest exact seed; with ${count(replications)} replications the seed must be at most ${highest}`;
  return [{ path, message, severity: 'error' }];
}

/** The point at `index` (first axis slowest). */
export function pointAt(axes: readonly Axis[], index: number): Point {
  const choice = new Array<number>(axes.length);
  let rest = index;
  for (let k = axes.length - 1; k >= 0; k--) {
    choice[k] = rest % axes[k].values.length;
    rest = Math.floor(rest / axes[k].values.length);
  }
  return {
    index,
    choice,
    labels: axes.map((a, k) => a.labels[choice[k]]),
    overrides: axes.map((a, k) => ({ path: a.path, value: a.values[choice[k]] })),
  };
}

/** The index of the point with these choices (the inverse of pointAt). */
export function pointIndex(axes: readonly Axis[], choice: readonly number[]): number {
  let index = 0;
  for (let k = 0; k < axes.length; k++) index = index * axes[k].values.length + choice[k];
  return index;
}

export function expandPoints(axes: readonly Axis[]): Point[] {
  return Array.from({ length: pointCount(axes) }, (_, i) => pointAt(axes, i));
}

/** Replication r of every point runs with seed + r: common random numbers across points. */
export function runsOf(points: readonly Point[], replications: number, seed: number): RunRef[] {
  const runs: RunRef[] = [];
  for (const p of points) for (let r = 0; r < replications; r++) runs.push({ run: p.index * replications + r, point: p.index, replication: r, seed: seed + r });
  return runs;
}

// Axes x replications -> concrete runs, in one documented stable order: points are the Cartesian
// product of the axes with the first axis varying slowest (like nested loops written in axis
// order), and runs are points x replications with the replication varying fastest. Run i of a plan
// is therefore the same run on every machine, which is what shards and merge rely on.
import type { Override } from './overrides.js';
import type { Axis } from './planFile.js';

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

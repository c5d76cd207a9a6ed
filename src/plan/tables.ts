// The sweep's tables: sweep.csv (one row per point x replication) and sweep-summary.csv (one row
// per point: its axes, then each figure's mean and 95% interval). Column headings are the axis
// paths and summary.json's dotted keys, so a reader never has to guess what a column holds.
import { stringify } from 'csv-stringify/sync';
import type { RunOutcome } from './executor.js';
import { figureRange } from './figures.js';
import { estimateIn, type Estimate } from './stats.js';
import type { Point, RunRef } from './expand.js';
import type { SweepLayout } from './setup.js';

/** A layout with its points and runs expanded. */
export type Expanded = SweepLayout & { points: Point[]; runs: RunRef[] };

const cell = (v: number | null): string => (v === null ? '' : String(v));

/** Each figure's values over a point's replications, in replication order (missing runs left out). */
export function pointValues(setup: Expanded, outcomes: ReadonlyMap<number, RunOutcome>, point: number): (number | null)[][] {
  const reps = setup.plan.replications;
  const values = setup.plan.figures.map(() => [] as (number | null)[]);
  for (let r = 0; r < reps; r++) {
    const o = outcomes.get(point * reps + r);
    if (o) o.figures.forEach((v, f) => values[f].push(v));
  }
  return values;
}

export interface PointResult {
  point: Point;
  /** Per figure, in the plan's figure order. */
  values: (number | null)[][];
  estimates: Estimate[];
}

/** The points that have every replication run, with their estimates. */
export function pointResults(setup: Expanded, outcomes: ReadonlyMap<number, RunOutcome>): PointResult[] {
  const out: PointResult[] = [];
  for (const point of setup.points) {
    const values = pointValues(setup, outcomes, point.index);
    if (values.length > 0 && values[0].length < setup.plan.replications) continue;
    out.push({ point, values, estimates: values.map((v, f) => estimateIn(v, figureRange(setup.plan.figures[f]))) });
  }
  return out;
}

export function sweepCsv(setup: Expanded, outcomes: ReadonlyMap<number, RunOutcome>): string {
  const rows: string[][] = [['point', 'replication', 'seed', ...setup.plan.axes.map((a) => a.path), ...setup.plan.figures]];
  for (const run of setup.runs) {
    const o = outcomes.get(run.run);
    if (!o) continue;
    rows.push([String(run.point), String(run.replication), String(run.seed), ...setup.points[run.point].labels, ...o.figures.map(cell)]);
  }
  return stringify(rows);
}

export function sweepSummaryCsv(setup: Expanded, results: readonly PointResult[]): string {
  const head = ['point', ...setup.plan.axes.map((a) => a.path)];
  for (const f of setup.plan.figures) head.push(`${f}.mean`, `${f}.ci95Low`, `${f}.ci95High`);
  const rows: string[][] = [head];
  for (const r of results) rows.push([String(r.point.index), ...r.point.labels, ...r.estimates.flatMap((e) => [cell(e.mean), cell(e.ci95Low), cell(e.ci95High)])]);
  return stringify(rows);
}

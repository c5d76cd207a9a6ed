// The two commands over a plan file, on a prepared setup:
//   sweep: every run of the grid (or of one slice), then the tables, charts and report
//   plan:  the search (grid or bisection) for the point that best meets the objective, then the
//          same outputs for the runs made, plus plan.json with the decision
// Both resume from the folder's journal, so a plan run after merging the slices of a sharded
// sweep decides from the merged runs without running anything again.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultJobs, type RunOutcome } from './executor.js';
import { JOURNAL, journalText } from './journal.js';
import { writeSweepOutputs, type PlanReport } from './outputs.js';
import { decide, search } from './search.js';
import type { SweepSetup } from './setup.js';
import { journalHeader, openJournal, runMissing, runSweep, type SweepRunOptions } from './sweep.js';
import { pointResults, type Expanded, type PointResult } from './tables.js';
import { cannotWrite } from '../report/messages.js';
import { SweepFolderError } from './files.js';

const PLAN_JSON = 'plan.json';

export interface SweepDone {
  outcomes: Map<number, RunOutcome>;
  results: PointResult[];
  /** Runs found finished in the folder's journal. */
  resumed: number;
  files: string[];
}

export async function sweepInto(setup: SweepSetup, options: SweepRunOptions): Promise<SweepDone> {
  const { outcomes, resumed, results } = await runSweep(setup, options);
  if (options.shard) {
    // A slice keeps only its journal, in run order so that it too is the same bytes every time.
    const path = join(options.outDir, JOURNAL);
    writeFileSync(path, journalText(journalHeader(setup, setup.runs.length, options.shard), outcomes.values()));
    return { outcomes, results, resumed, files: [path] };
  }
  const files = await writeWholeSweep(options.outDir, setup, outcomes, options.jobs ?? defaultJobs());
  return { outcomes, results, resumed, files };
}

/**
 * A whole sweep's outputs (of `sweep`, or of `merge`), without a decision. The folder may hold a
 * `plan` of the same plan file: its plan.json goes, once the new report.html is in place, so the
 * folder never shows a decision its report and charts no longer carry (`plan` writes it again).
 */
export async function writeWholeSweep(dir: string, layout: Expanded, outcomes: ReadonlyMap<number, RunOutcome>, threads: number): Promise<string[]> {
  const files = await writeSweepOutputs(dir, layout, outcomes, null, threads);
  const decision = join(dir, PLAN_JSON);
  try {
    rmSync(decision, { force: true });
  } catch (e) {
    throw new SweepFolderError(cannotWrite(decision, e));
  }
  return files;
}

export interface PlanDone extends SweepDone {
  report: PlanReport;
}

export async function planInto(setup: SweepSetup, options: Omit<SweepRunOptions, 'shard'>): Promise<PlanDone> {
  const done = openJournal(setup, options);
  const resumed = done.size;
  const reps = setup.plan.replications;
  const result = await search(setup.plan, setup.points.length, async (points) => {
    const runs = points.flatMap((p) => Array.from({ length: reps }, (_, r) => p * reps + r));
    await runMissing(setup, done, runs, options);
    const all = pointResults(setup, done);
    return new Map(all.filter((r) => points.includes(r.point.index)).map((r) => [r.point.index, r]));
  });
  const report: PlanReport = { search: result, decision: decide(setup.plan, result.judged) };
  // The tables hold the runs the search made (a resumed folder may hold more: keep them all).
  const files = await writeSweepOutputs(options.outDir, setup, done, report, options.jobs ?? defaultJobs());
  return { outcomes: done, results: pointResults(setup, done), resumed, files, report };
}

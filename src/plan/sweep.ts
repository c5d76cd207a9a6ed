// Running a sweep into its output folder:
//   1. open the folder's journal (runs.jsonl): resume the runs of the same plan, refuse another's
//   2. run what is missing (this slice only, with --shard), appending each finished run
//   3. a slice stops there; a whole sweep writes its tables, charts and report (plan/outputs.ts)
// Ctrl-C (the signal) stops between runs: every finished run is in the journal, and running the
// same command again resumes.
import { appendFileSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { cannotRead, cannotWrite } from '../report/messages.js';
import { claimOutputFolder, SweepFolderError } from './files.js';
import { join } from 'node:path';
import { executeRuns, type RunOutcome, type RunTask } from './executor.js';
import { appendOutcome, headerLine, JOURNAL, readJournal, type JournalHeader, type JournalRead } from './journal.js';
import type { SweepLayout, SweepSetup } from './setup.js';
import { pointResults, type PointResult } from './tables.js';
import { batchsimVersion } from './version.js';

export interface Shard {
  /** 0-based. */
  index: number;
  count: number;
}

export interface SweepRunOptions {
  outDir: string;
  jobs?: number;
  shard?: Shard;
  signal?: AbortSignal;
  /** Runs finished (resumed ones included) out of the runs this call is for. */
  onProgress?: (done: number, total: number) => void;
}

export { SweepFolderError } from './files.js';

export function journalHeader(layout: SweepLayout, runs: number, shard?: Shard): JournalHeader & { layout: SweepLayout } {
  // Only the layout itself: a setup also holds paths and documents that differ between machines.
  const h: JournalHeader & { layout: SweepLayout } = { batchsim: batchsimVersion(), plan: layout.hash, runs, figures: layout.plan.figures, layout: { plan: layout.plan, seed: layout.seed, hash: layout.hash } };
  if (shard) h.shard = shard;
  return h;
}

const sameShard = (a?: Shard, b?: Shard): boolean => (a?.index ?? -1) === (b?.index ?? -1) && (a?.count ?? -1) === (b?.count ?? -1);

const sliceName = (s?: Shard): string => (s ? `slice ${s.index + 1}/${s.count}` : 'a whole sweep');

/** Create the output folder, or check that an existing one is a sweep's: never write into a user's other files. */
export function claimFolder(outDir: string): void {
  claimOutputFolder(outDir, (names) => names.includes(JOURNAL), `${outDir} is not empty and holds no ${JOURNAL}: not a sweep output folder; use another --out`);
}

/**
 * Why a folder's journal cannot take this sweep's runs (another plan, another batchsim, another
 * slice), or null if it can. `plan` and `merge` refuse the same folders as `sweep`.
 */
export function journalMismatch(outDir: string, found: JournalHeader, wanted: JournalHeader): string | null {
  const path = join(outDir, JOURNAL);
  if (found.plan !== wanted.plan) return `${outDir} holds the runs of another plan (or of an edited plan or scenario); use another --out, or remove ${path} to start over`;
  if (found.batchsim !== wanted.batchsim) return `${outDir} holds runs of batchsim ${found.batchsim}, this is ${wanted.batchsim}; use another --out, or remove ${path} to start over`;
  if (!sameShard(found.shard, wanted.shard)) return `${outDir} holds ${sliceName(found.shard)}, not ${sliceName(wanted.shard)}; use another --out`;
  return null;
}

/** A folder's journal, or null if it has none; one that cannot be read (a folder named runs.jsonl) is bad input. */
export function readFolderJournal(path: string): JournalRead | null {
  try {
    return readJournal(path);
  } catch (e) {
    throw new SweepFolderError(cannotRead(path, e));
  }
}

/** Runs of a slice: round-robin, so each slice gets a share of every part of the grid. */
export const inShard = (run: number, shard?: Shard): boolean => !shard || run % shard.count === shard.index;

/** Step 1: the journal's finished runs (creating the folder and journal when new). */
export function openJournal(setup: SweepSetup, options: Pick<SweepRunOptions, 'outDir' | 'shard'>): Map<number, RunOutcome> {
  const { outDir, shard } = options;
  const path = join(outDir, JOURNAL);
  const header = journalHeader(setup, setup.runs.length, shard);
  // The folder first: an empty path, a file or a folder of other files never gets as far as its journal.
  claimFolder(outDir);
  const read = readFolderJournal(path);
  if (read && !read.ok) throw new SweepFolderError(read.message);
  if (read) {
    const mismatch = journalMismatch(outDir, read.header, header);
    if (mismatch) throw new SweepFolderError(mismatch);
    endLastLine(path);
    return read.outcomes;
  }
  try {
    writeFileSync(path, headerLine(header));
  } catch (e) {
    throw new SweepFolderError(cannotWrite(path, e));
  }
  return new Map();
}

/**
 * A journal whose last append was interrupted ends inside a line: end it, so the next append starts
 * a line of its own (appended to, the cut line would sit mid-file, which the next read refuses). A
 * cut-short record (readJournal left it out: the run is run again) is removed; a whole one that
 * lacks only its newline (readJournal kept it) gets it.
 */
function endLastLine(path: string): void {
  try {
    const bytes = readFileSync(path);
    if (bytes.length === 0 || bytes[bytes.length - 1] === 0x0a) return;
    const start = bytes.lastIndexOf(0x0a) + 1;
    if (parsesAsJson(bytes.toString('utf8', start))) appendFileSync(path, '\n');
    else truncateSync(path, start);
  } catch (e) {
    throw new SweepFolderError(cannotWrite(path, e));
  }
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Step 2: run the given runs that are not in the journal yet; returns every finished run. */
export async function runMissing(setup: SweepSetup, done: Map<number, RunOutcome>, runs: readonly number[], options: SweepRunOptions): Promise<Map<number, RunOutcome>> {
  const path = join(options.outDir, JOURNAL);
  const tasks: RunTask[] = [];
  for (const r of runs) {
    if (done.has(r)) continue;
    const ref = setup.runs[r];
    tasks.push({ run: r, source: 0, overrides: setup.points[ref.point].overrides, seed: ref.seed });
  }
  let finished = runs.length - tasks.length;
  options.onProgress?.(finished, runs.length);
  await executeRuns([setup.source], setup.plan.figures, tasks, {
    jobs: options.jobs,
    signal: options.signal,
    onResult: (o) => {
      // A journal that stops taking runs (a full disk) ends the sweep as bad input; the runs it
      // holds are kept, and a cut-short last line is run again on resume.
      try {
        appendOutcome(path, o);
      } catch (e) {
        throw new SweepFolderError(`${cannotWrite(path, e)}; the ${done.size} runs it holds are kept: free space and run the same command again to resume`);
      }
      done.set(o.run, o);
      options.onProgress?.(++finished, runs.length);
    },
  });
  return done;
}

/** Steps 1 and 2 for every run of the sweep (or of its slice). */
export async function runSweep(setup: SweepSetup, options: SweepRunOptions): Promise<{ outcomes: Map<number, RunOutcome>; resumed: number; results: PointResult[] }> {
  const done = openJournal(setup, options);
  const resumed = done.size;
  const mine = setup.runs.filter((r) => inShard(r.run, options.shard)).map((r) => r.run);
  const outcomes = await runMissing(setup, done, mine, options);
  return { outcomes, resumed, results: options.shard ? [] : pointResults(setup, outcomes) };
}

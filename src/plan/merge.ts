// `merge`: join the slices of a sharded sweep into the folder one machine would have written. Each
// slice's journal names its plan (a hash of the plan, scenario and side files), batchsim's version
// and its slice; merge refuses slices of different plans or versions, a slice given twice or
// missing, and a slice that has not finished its runs.
import { join } from 'node:path';
import { JOURNAL, type JournalHeader } from './journal.js';
import { defaultJobs, type RunOutcome } from './executor.js';
import { writeWholeSweep } from './planner.js';
import { runCountIssue } from './expand.js';
import { expandLayout, type SweepLayout } from './setup.js';
import { claimFolder, inShard, journalHeader, journalMismatch, readFolderJournal } from './sweep.js';

export class MergeError extends Error {}

type SliceHeader = JournalHeader & { layout: SweepLayout };

/**
 * The merged folder is a sweep's, refused as `sweep` and `plan` refuse it: a folder of other files,
 * or one whose journal is of another plan, another batchsim or a slice. A whole sweep of this
 * plan (an earlier merge, a sweep or a plan) is rewritten with the merged runs.
 */
function claimMergeFolder(outDir: string, layout: SweepLayout & { runs: readonly unknown[] }): void {
  claimFolder(outDir);
  const read = readFolderJournal(join(outDir, JOURNAL));
  if (read && !read.ok) throw new MergeError(read.message);
  const mismatch = read && journalMismatch(outDir, read.header, journalHeader(layout, layout.runs.length));
  if (mismatch) throw new MergeError(mismatch);
}

/** At most this many missing slices are named: a slice of 100,000 alone misses 99,999. */
const MAX_NAMED_SLICES = 10;

/** `missing slices 2/8, 5/8`: the first few slices not given (of `count`, possibly 100,000), and how many more. */
function missingSlices(seen: ReadonlyMap<number, string>, count: number): string {
  const total = count - seen.size;
  const named: string[] = [];
  for (let k = 0; k < count && named.length < MAX_NAMED_SLICES; k++) if (!seen.has(k)) named.push(`${k + 1}/${count}`);
  const more = total - named.length;
  return `missing slice${total === 1 ? '' : 's'} ${named.join(', ')}${more > 0 ? `, … and ${more.toLocaleString('en-US')} more` : ''}`;
}

export async function mergeSlices(dirs: readonly string[], outDir: string): Promise<{ files: string[]; runs: number }> {
  if (dirs.length === 0) throw new MergeError('name the slice folders to merge');
  const slices: { dir: string; header: SliceHeader; outcomes: Map<number, RunOutcome>; lines: Map<number, number> }[] = [];
  for (const dir of dirs) {
    const read = readFolderJournal(join(dir, JOURNAL));
    if (read === null) throw new MergeError(`${dir}: no ${JOURNAL}; not a slice of a sweep`);
    if (!read.ok) throw new MergeError(read.message);
    const header = read.header as SliceHeader;
    if (!header.shard) throw new MergeError(`${dir}: a whole sweep, not a slice (run with --shard K/N to make slices)`);
    if (!header.layout) throw new MergeError(`${dir}: the journal names no plan layout`);
    slices.push({ dir, header, outcomes: read.outcomes, lines: read.lines });
  }
  const first = slices[0];
  for (const s of slices.slice(1)) {
    if (s.header.plan !== first.header.plan) throw new MergeError(`${s.dir} is a slice of another plan than ${first.dir} (or of an edited plan or scenario)`);
    if (s.header.batchsim !== first.header.batchsim) throw new MergeError(`${s.dir} was run by batchsim ${s.header.batchsim}, ${first.dir} by ${first.header.batchsim}`);
    if (s.header.shard!.count !== first.header.shard!.count) throw new MergeError(`${s.dir} is one of ${s.header.shard!.count} slices, ${first.dir} one of ${first.header.shard!.count}`);
  }
  const count = first.header.shard!.count;
  const seen = new Map<number, string>();
  for (const s of slices) {
    const k = s.header.shard!.index;
    if (seen.has(k)) throw new MergeError(`${s.dir} and ${seen.get(k)} are both slice ${k + 1}/${count}`);
    seen.set(k, s.dir);
  }
  if (seen.size < count) throw new MergeError(missingSlices(seen, count));
  const layout = first.header.layout;
  // The layout is the journal's word (an edited one could name any grid): checked like a plan's before it is expanded.
  const tooMany = runCountIssue(layout.plan.axes, layout.plan.replications);
  if (tooMany) throw new MergeError(`${join(first.dir, JOURNAL)}:1: ${tooMany}`);
  const expanded = { ...layout, ...expandLayout(layout) };
  const outcomes = new Map<number, RunOutcome>();
  for (const s of slices) {
    const shard = s.header.shard!;
    const where = (run: number): string => `${join(s.dir, JOURNAL)}:${s.lines.get(run)}`;
    for (const run of s.outcomes.keys()) if (!inShard(run, shard)) throw new MergeError(`${where(run)}: run ${run} is not of slice ${shard.index + 1}/${count} (its runs are those whose number modulo ${count} is ${shard.index})`);
    const mine = expanded.runs.filter((r) => inShard(r.run, shard));
    const done = mine.filter((r) => s.outcomes.has(r.run)).length;
    if (done < mine.length) throw new MergeError(`${s.dir}: slice ${shard.index + 1}/${count} has finished ${done} of its ${mine.length} runs; run it again to finish`);
    for (const [run, o] of s.outcomes) outcomes.set(run, o);
  }
  claimMergeFolder(outDir, expanded);
  const files = await writeWholeSweep(outDir, expanded, outcomes, defaultJobs());
  return { files, runs: outcomes.size };
}

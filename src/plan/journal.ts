// runs.jsonl: the record of a sweep's finished runs, one JSON line each after a header naming the
// plan. Runs are appended as they finish, so an interrupted sweep keeps them and the next one
// resumes; a slice of a sharded sweep is a journal of its runs; merge joins journals. At the end of
// a whole sweep the journal is rewritten in run order, so it is the same bytes whatever the order
// runs finished in, the number of threads or the shard layout.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { RunOutcome } from './executor.js';

export const JOURNAL = 'runs.jsonl';

export interface JournalHeader {
  batchsim: string;
  /** sha256 of the plan file, the base scenario and the files it names. */
  plan: string;
  runs: number;
  figures: string[];
  /** Present on a slice of a sharded sweep: 0-based index and count. */
  shard?: { index: number; count: number };
}

export type JournalRead =
  | { ok: true; header: JournalHeader; outcomes: Map<number, RunOutcome>; lines: Map<number, number> }
  | { ok: false; message: string };

/**
 * The most slices of a sweep, as --shard K/N and --shards N take them (cli/planning.ts has the same
 * bound: it is loaded by `run`, which loads no planning code).
 */
export const MAX_SHARDS = 100_000;

/** Why a header's `shard` is not a slice K/N (an edited journal), or null. */
function shardIssue(shard: unknown): string | null {
  if (shard === undefined) return null;
  const s = shard as Partial<JournalHeader['shard']>;
  if (!Number.isInteger(s?.count) || s!.count! < 1 || s!.count! > MAX_SHARDS) return `shard: the count must be a whole number from 1 to ${MAX_SHARDS}`;
  if (!Number.isInteger(s!.index) || s!.index! < 0 || s!.index! >= s!.count!) return `shard: the index must be a whole number from 0 to ${s!.count! - 1}`;
  return null;
}

/** Why a parsed line is not a run record of this journal's plan, or null. Figures are finite numbers, or null where summary.json has none. */
function recordIssue(o: RunOutcome, header: JournalHeader): string | null {
  if (!Number.isSafeInteger(o?.run) || o.run < 0 || o.run >= header.runs || !Array.isArray(o.figures) || o.figures.length !== header.figures.length) return 'not a run record of this plan';
  const bad = o.figures.findIndex((v) => v !== null && !(typeof v === 'number' && Number.isFinite(v)));
  return bad < 0 ? null : `figure ${bad + 1} (${header.figures[bad]}) is not a finite number or null`;
}

/**
 * A journal's header and runs, or why it cannot be read, naming the line. Each run is recorded once;
 * a cut-short last line (an interrupted append) is left out, so that run is run again on resume.
 * `lines` is each run's line number, for messages.
 */
export function readJournal(path: string): JournalRead | null {
  if (!existsSync(path)) return null;
  const lines = readFileSync(path, 'utf8').split('\n');
  let header: JournalHeader;
  try {
    header = JSON.parse(lines[0]) as JournalHeader;
  } catch {
    return { ok: false, message: `${path}:1: not a batchsim runs journal` };
  }
  if (typeof header?.plan !== 'string' || typeof header.batchsim !== 'string' || !Array.isArray(header.figures) || !Number.isSafeInteger(header.runs))
    return { ok: false, message: `${path}:1: not a batchsim runs journal` };
  const badShard = shardIssue(header.shard);
  if (badShard) return { ok: false, message: `${path}:1: ${badShard}` };
  const outcomes = new Map<number, RunOutcome>();
  const lineOf = new Map<number, number>();
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    let o: RunOutcome;
    try {
      o = JSON.parse(lines[i]) as RunOutcome;
    } catch {
      // The last line of an interrupted write may be cut short: that run is simply run again.
      if (i === lines.length - 1 || lines.slice(i + 1).every((l) => l === '')) break;
      return { ok: false, message: `${path}:${i + 1}: not a run record` };
    }
    const bad = recordIssue(o, header);
    if (bad) return { ok: false, message: `${path}:${i + 1}: ${bad}` };
    if (lineOf.has(o.run)) return { ok: false, message: `${path}:${i + 1}: run ${o.run} is recorded twice (also on line ${lineOf.get(o.run)})` };
    outcomes.set(o.run, { run: o.run, figures: o.figures });
    lineOf.set(o.run, i + 1);
  }
  return { ok: true, header, outcomes, lines: lineOf };
}

export const headerLine = (h: JournalHeader): string => JSON.stringify(h) + '\n';
export const outcomeLine = (o: RunOutcome): string => JSON.stringify({ run: o.run, figures: o.figures }) + '\n';

/** The journal's text with the runs in run order. */
export function journalText(header: JournalHeader, outcomes: Iterable<RunOutcome>): string {
  const sorted = [...outcomes].sort((a, b) => a.run - b.run);
  return headerLine(header) + sorted.map(outcomeLine).join('');
}

export function appendOutcome(path: string, o: RunOutcome): void {
  appendFileSync(path, outcomeLine(o));
}

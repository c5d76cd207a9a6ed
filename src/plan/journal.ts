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
  | { ok: true; header: JournalHeader; outcomes: Map<number, RunOutcome> }
  | { ok: false; message: string };

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
  const outcomes = new Map<number, RunOutcome>();
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
    if (!Number.isSafeInteger(o?.run) || o.run < 0 || o.run >= header.runs || !Array.isArray(o.figures) || o.figures.length !== header.figures.length)
      return { ok: false, message: `${path}:${i + 1}: not a run record of this plan` };
    outcomes.set(o.run, { run: o.run, figures: o.figures });
  }
  return { ok: true, header, outcomes };
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

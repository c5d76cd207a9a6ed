// What the trace readers share: options, the result shape, the final sort/limit/scale step, and
// the unit parsing of trace cells. Pure; the readers never touch the disk (load.ts reads files).
import { csvParse } from '../../engine/lazy.js';
import { parseDurationText } from '../../engine/units.js';
import type { Trace, TraceJob } from '../../scenario/types.js';
import * as m from '../messages.js';

export type { Trace, TraceFormat, TraceJob } from '../../scenario/types.js';

export interface TraceOptions {
  /** Keep only the first N replayable jobs (by submit time). */
  limit?: number;
  /** Multiplies inter-arrival times (0.5 replays the trace twice as fast). Default 1. */
  timeScale?: number;
  /** Keep the trace's own submit times instead of starting the first job at 0. */
  keepAbsolute?: boolean;
}

/**
 * Every reader builds its records as { submitMs, runtimeMs, vcpus, memoryMiB, requestedMs, queue,
 * shareIdentifier, name }, and V8 gives all objects of one key order one shape, whose fields start
 * as narrow as the first values stored in them. A log's first records submit within 24 days, in
 * small integers, and later ones do not: widening the field then retires the shape of every record
 * made before, and whoever next reads those records migrates them one at a time (about 50 ms over
 * the HPC2N log, in validation's first pass). This record of nulls, made once, starts the shape
 * with fields that take any value, so every record of every log gets that one shape as it is made.
 */
export const RECORD_SHAPE: Readonly<Record<keyof TraceJob, null>> = {
  submitMs: null,
  runtimeMs: null,
  vcpus: null,
  memoryMiB: null,
  requestedMs: null,
  queue: null,
  shareIdentifier: null,
  name: null,
};

/** A problem with the file itself; line is 1-based, null when the reader cannot tell. */
export interface TraceError {
  line: number | null;
  message: string;
}

export type TraceResult = { ok: true; trace: Trace } | { ok: false; errors: TraceError[] };

/** Readers stop collecting after this many errors: a wrong format fails on every line. */
export const MAX_ERRORS = 20;

/** Counts skipped records by reason, keeping the order in which reasons first occur. */
export function countSkip(skipped: Record<string, number>, reason: string): void {
  skipped[reason] = (skipped[reason] ?? 0) + 1;
}

/**
 * Sorts by submit time (stable), applies the limit, shifts times so the first job submits at 0
 * (unless keepAbsolute) and scales inter-arrival times. `originEpochMs` is the epoch of the
 * trace's time 0, when known. `records` are the reader's own fresh objects: they are sorted and
 * shifted in place (copying 200,000 records was a tenth of reading the HPC2N log).
 */
export function finishTrace(
  records: TraceJob[],
  skipped: Record<string, number>,
  meta: { maxProcs?: number; originEpochMs?: number; records: number },
  options: TraceOptions,
  /** What the reader already knows of its submit times (it saw each), so they need no second look. */
  known?: { sorted: boolean; wholeMs: boolean },
): Trace {
  let jobs = records;
  let sorted = true;
  let wholeMs = true;
  if (known !== undefined) ({ sorted, wholeMs } = known);
  else
    for (let i = 0; i < jobs.length; i++) {
      const at = jobs[i].submitMs;
      if (i > 0 && at < jobs[i - 1].submitMs) sorted = false;
      if (!Number.isInteger(at)) wholeMs = false;
    }
  if (!sorted) jobs.sort((a, b) => a.submitMs - b.submitMs); // Array#sort is stable
  if (options.limit !== undefined && jobs.length > options.limit) jobs = jobs.slice(0, options.limit);
  const first = jobs.length > 0 ? jobs[0].submitMs : 0;
  const base = options.keepAbsolute ? first : 0;
  const scale = options.timeScale ?? 1;
  // Logs usually start at 0 in whole milliseconds already: then there is nothing to shift.
  if (base !== first || scale !== 1 || !wholeMs) for (const j of jobs) j.submitMs = base + Math.round((j.submitMs - first) * scale);
  const traceMeta: Trace['meta'] = { records: meta.records };
  if (meta.maxProcs !== undefined) traceMeta.maxProcs = meta.maxProcs;
  if (meta.originEpochMs !== undefined) traceMeta.startEpochMs = meta.originEpochMs + (options.keepAbsolute ? 0 : first);
  return { jobs, skipped, meta: traceMeta };
}

/**
 * ms from a number of seconds ("90", "1.5"), a unit string ("500ms", "90s", "45m", "1h30m"), or a
 * clock duration as sacct prints it ("[D-]HH:MM:SS", "MM:SS"); null if none of these.
 */
export function traceDurationMs(text: string): number | null {
  const t = text.trim();
  const clock = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(t);
  if (clock) {
    const [, d, h, m, s] = clock;
    return Math.round(((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(m)) * 60_000 + Number(s) * 1000);
  }
  return parseDurationText(t);
}

/** "arn:aws:batch:…:job-queue/name" -> "name"; anything else as is. */
export function nameFromArn(value: string): string {
  return value.startsWith('arn:') ? value.slice(value.lastIndexOf('/') + 1) : value;
}

/** A CSV row with the line it starts on (1-based). */
export interface CsvRow {
  record: string[];
  info: { lines: number };
}

/**
 * A CSV file with a header row, as rows that keep their lines; csv-parse's own error (with its line)
 * or a file with no header row as a TraceError. `comment`: lines starting with it are skipped.
 */
export function readCsvRows(text: string, comment?: string): { ok: true; rows: CsvRow[] } | { ok: false; errors: TraceError[] } {
  let rows: CsvRow[];
  try {
    rows = csvParse().parse(text, { info: true, skip_empty_lines: true, trim: true, bom: true, ...(comment === undefined ? {} : { comment }) }) as unknown as CsvRow[];
  } catch (e) {
    const line = (e as { lines?: unknown }).lines;
    const message = (e instanceof Error ? e.message : String(e)).replace(/ (on|at) line \d+$/, '');
    return { ok: false, errors: [{ line: typeof line === 'number' ? line : null, message }] };
  }
  if (rows.length === 0) return { ok: false, errors: [{ line: 1, message: m.noHeaderRow() }] };
  return { ok: true, rows };
}

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

/** csv-parse's error as its on_skip callback gets it: its code, line and the text of the record skipped. */
interface CsvSkip {
  code?: string;
  lines?: number;
  message: string;
}

/**
 * A CSV file with a header row, as rows that keep their lines, and every row csv-parse or the
 * header's field count refuses as a TraceError at its line (at most MAX_ERRORS; the rows others
 * can still be read from are kept, so a reader reports its own errors of those too: mergeErrors).
 * A file with no header row is an error. `comment`: lines starting with it are skipped.
 * csv-parse throws on the first structural problem unless asked to skip such records
 * (skip_records_with_error, on_skip) and to hand back rows of any length (relax_column_count).
 */
export function readCsvRows(text: string, comment?: string): { ok: true; rows: CsvRow[]; errors: TraceError[] } | { ok: false; errors: TraceError[] } {
  const errors: TraceError[] = [];
  const onSkip = (e: CsvSkip | undefined, raw: string | undefined): undefined => {
    if (e === undefined || errors.length >= MAX_ERRORS) return undefined;
    const error = csvSkipError(e, text, raw);
    // A bad closing quote leaves the rest of the file quoted: its unclosed quote is the same mistake.
    if (errors.at(-1)?.line !== error.line) errors.push(error);
    return undefined;
  };
  let parsed: CsvRow[];
  try {
    parsed = csvParse().parse(text, {
      info: true, skip_empty_lines: true, trim: true, bom: true, relax_column_count: true, skip_records_with_error: true, raw: true, on_skip: onSkip,
      ...(comment === undefined ? {} : { comment }),
    }) as unknown as CsvRow[];
  } catch (e) {
    // Not a record's problem (csv-parse skips those): an option or the input itself.
    const line = (e as { lines?: unknown }).lines;
    return { ok: false, errors: [{ line: typeof line === 'number' ? line : null, message: csvParseWording(e as CsvSkip) }] };
  }
  if (parsed.length === 0) return { ok: false, errors: errors.length > 0 ? errors : [{ line: 1, message: m.noHeaderRow() }] };
  const width = parsed[0].record.length;
  const rows = parsed.filter((row, i) => {
    if (i === 0 || row.record.length === width) return true;
    if (errors.length < MAX_ERRORS) errors.push({ line: row.info.lines, message: m.csvFieldCount(width, row.record.length) });
    return false;
  });
  return { ok: true, rows, errors: mergeErrors(errors, []) };
}

/**
 * A record csv-parse skipped, at the line it starts on (`raw` is its text): an unclosed quote runs
 * to the end of the file, where csv-parse reports it, but the line to fix is the one it opens on.
 */
function csvSkipError(e: CsvSkip, text: string, raw: string | undefined): TraceError {
  // The record's text runs to the end of the file (csv-parse may keep part of a blank line before it).
  const record = raw?.trimStart();
  if (e.code === 'CSV_QUOTE_NOT_CLOSED' && record !== undefined && record !== '' && text.endsWith(record))
    return { line: lineAt(text, text.length - record.length), message: m.csvQuoteNotClosed() };
  return { line: typeof e.lines === 'number' ? e.lines : null, message: csvParseWording(e) };
}

/** The 1-based line of a character of the text (CRLF, LF or CR line ends). */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) line++;
  }
  return line;
}

/** csv-parse's errors in batchsim's words, by code; any other its own message, without its "at line N". */
function csvParseWording(e: CsvSkip): string {
  switch (e.code) {
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return m.csvAfterClosingQuote();
    case 'INVALID_OPENING_QUOTE':
      return m.csvQuoteInField();
    case 'CSV_QUOTE_NOT_CLOSED':
      return m.csvQuoteNotClosed();
  }
  return (e.message ?? String(e)).replace(/ (on|at) line \d+$/, '');
}

/**
 * Two readers' errors of one file in line order (a file-wide one, of no line, first), at most
 * MAX_ERRORS: each list is in line order and at most that long, so these are the file's first.
 */
export function mergeErrors(a: readonly TraceError[], b: readonly TraceError[]): TraceError[] {
  return [...a, ...b].sort((x, y) => (x.line ?? 0) - (y.line ?? 0)).slice(0, MAX_ERRORS);
}

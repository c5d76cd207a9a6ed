// Reader of the Standard Workload Format (Parallel Workloads Archive, v2): `;` header comments,
// then one job per line, 18 whitespace-separated numeric fields, -1 for unknown. Lines are scanned
// character by character (no per-line trim, regex split or array of strings).
import { countSkip, finishTrace, MAX_ERRORS, type TraceError, type TraceJob, type TraceOptions, type TraceResult } from './common.js';
import * as m from '../messages.js';
import { END_OF_TIME_MS } from './formats.js';

/** The 18 SWF fields, 0-based, as the archive names them. */
const SWF_FIELDS = [
  'job number', 'submit time', 'wait time', 'run time', 'allocated processors', 'average CPU time',
  'used memory', 'requested processors', 'requested time', 'requested memory', 'status', 'user id',
  'group id', 'executable', 'queue number', 'partition', 'preceding job', 'think time',
] as const;

const F = {
  job: 0, submit: 1, run: 3, allocated: 4, usedMemoryKb: 6, requestedProcs: 7, requestedTime: 8,
  requestedMemoryKb: 9, status: 10, user: 11,
} as const;

/** The fields a job is made of, each at least 0 or -1 (unknown), in the order their errors are told. */
const READ_FIELDS: readonly number[] = [F.submit, F.run, F.allocated, F.usedMemoryKb, F.requestedProcs, F.requestedTime, F.requestedMemoryKb, F.user];
/** Of those, the times (the others are counts, sizes and ids). */
const TIME_FIELDS: readonly number[] = [F.submit, F.run, F.requestedTime];

/** SWF status 5: cancelled. With no run time it never started and has nothing to replay. */
const CANCELLED = 5;
/** "Fields that are irrelevant for a specific log or model appear with a value of -1" (the SWF definition). */
const UNKNOWN = -1;
/** Longest time a field may hold, seconds: more ends past any run (END_OF_TIME_MS). */
const MAX_SECONDS = END_OF_TIME_MS / 1000;

/**
 * Jobs of an SWF log. Skipped (counted by reason): `cancelled` (status 5 with run time ≤ 0),
 * `noRuntime` (run time unknown or ≤ 0), `noProcessors` (neither allocated nor requested known),
 * `noSubmitTime`. vcpus are processors (allocated, else requested); memory is the requested (else
 * used) per-processor memory times processors; the share is `user<N>`. Errors, at their line: a
 * negative value other than -1 (unknown) in a field read, a fractional or unsafe processor count (the
 * archive's processors are integers, and EC2 vCPUs whole numbers), a submit or run time past any run.
 * https://www.cs.huji.ac.il/labs/parallel/workload/swf.html
 */
export function parseSwf(text: string, options: TraceOptions = {}): TraceResult {
  // A log with old Mac line ends (CR alone) is read as lines all the same.
  if (text.indexOf('\n') < 0 && text.indexOf('\r') >= 0) text = text.replaceAll('\r', '\n');
  const header: Record<string, string> = {};
  const errors: TraceError[] = [];
  const fields = new Float64Array(18);
  const general = new GeneralLines(text, header, errors, fields);
  const out = new SwfJobs();
  let lineNo = 0;
  let start = 0;
  const length = text.length;
  // This loop only finds lines: reading one and making its record are calls, small functions
  // that V8 optimises early and alone (in one big loop, every change of V8's mind about the
  // record objects, after a garbage collection, threw the whole loop's optimised code away).
  while (start <= length && errors.length < MAX_ERRORS) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = length;
    const lineStart = start;
    start = end + 1;
    lineNo++;
    // Nearly every line of a log is 18 plain decimals between spaces or tabs, read in one pass
    // that keeps no field bounds; anything else (a header, a blank line, other whitespace or
    // numbers, a wrong field count) goes to the general scanner, which also locates errors.
    if (readPlainRecord(text, lineStart, end, fields) || general.read(lineStart, end, lineNo)) {
      const error = out.add(fields);
      if (error !== null) errors.push({ line: lineNo, message: error });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const maxProcs = positive(header.MaxProcs) ?? positive(header.MaxNodes);
  const unixStart = Number(header.UnixStartTime);
  const originEpochMs = header.UnixStartTime !== undefined && Number.isFinite(unixStart) ? unixStart * 1000 : undefined;
  return { ok: true, trace: finishTrace(out.jobs, out.skipped, { maxProcs, originEpochMs, records: out.records }, options, { sorted: out.sorted, wholeMs: true }) };
}

/** The jobs of an SWF log's records, made one record at a time; skipped records counted by reason. */
class SwfJobs {
  readonly jobs: TraceJob[] = [];
  readonly skipped: Record<string, number> = {};
  /** Job records read, replayable or not. */
  records = 0;
  /** Whether the replayable jobs came in submit order (logs are written so). */
  sorted = true;
  private lastSubmitMs = -Infinity;
  private readonly shares = new Map<number, string>();

  /** Adds the record in `fields` (or counts it skipped); a bad value's message instead, to report at its line. */
  add(fields: Float64Array): string | null {
    this.records++;
    const submit = fields[F.submit];
    // -1 is unknown, any other negative value a broken record.
    for (let k = 0; k < READ_FIELDS.length; k++) {
      const f = READ_FIELDS[k];
      if (fields[f] < 0 && fields[f] !== UNKNOWN) return (TIME_FIELDS.includes(f) ? m.swfNegativeTime : m.swfNegativeValue)(f, SWF_FIELDS[f], fields[f]);
    }
    if (submit > MAX_SECONDS) return m.swfTimePastEnd(F.submit, SWF_FIELDS[F.submit], submit);
    const run = fields[F.run];
    if (run > MAX_SECONDS) return m.swfTimePastEnd(F.run, SWF_FIELDS[F.run], run);
    if (fields[F.status] === CANCELLED && run <= 0) return this.skip('cancelled');
    if (run <= 0) return this.skip('noRuntime');
    const used = fields[F.allocated] > 0 ? F.allocated : fields[F.requestedProcs] > 0 ? F.requestedProcs : null;
    if (used === null) return this.skip('noProcessors');
    const procs = fields[used];
    if (!Number.isSafeInteger(procs)) return m.swfProcessorsNotWhole(used, SWF_FIELDS[used], procs);
    if (submit < 0) return this.skip('noSubmitTime');
    const memoryKb = fields[F.requestedMemoryKb] > 0 ? fields[F.requestedMemoryKb] : fields[F.usedMemoryKb] > 0 ? fields[F.usedMemoryKb] : 0;
    const user = fields[F.user];
    let share: string | null = null;
    if (user >= 0) {
      // One string per user, not per job: a log has thousands of jobs per user.
      share = this.shares.get(user) ?? null;
      if (share === null) this.shares.set(user, (share = `user${user}`));
    }
    const submitMs = Math.round(fields[F.submit] * 1000);
    if (submitMs < this.lastSubmitMs) this.sorted = false;
    this.lastSubmitMs = submitMs;
    this.jobs.push({
      submitMs,
      runtimeMs: Math.max(1, Math.round(run * 1000)),
      vcpus: procs,
      memoryMiB: memoryKb > 0 ? Math.ceil((memoryKb * procs) / 1024) : null,
      requestedMs: fields[F.requestedTime] > 0 ? Math.round(fields[F.requestedTime] * 1000) : null,
      queue: null,
      shareIdentifier: share,
      name: `job${fields[F.job]}`,
    });
    return null;
  }

  private skip(reason: string): null {
    countSkip(this.skipped, reason);
    return null;
  }
}

/**
 * Lines the plain reader declines, read field by field with the whitespace String#trim and /\s+/
 * know and Number()'s numbers: a header line goes into `header`, a bad line into `errors`.
 */
class GeneralLines {
  // Where each of a line's first 18 fields starts and ends in the text.
  private readonly from = new Int32Array(18);
  private readonly to = new Int32Array(18);

  constructor(
    private readonly text: string,
    private readonly header: Record<string, string>,
    private readonly errors: TraceError[],
    private readonly fields: Float64Array,
  ) {}

  /** Whether text[lineStart, end) is a record; its fields are then in `fields`. */
  read(lineStart: number, end: number, lineNo: number): boolean {
    const { text, from, to, fields } = this;
    let count = 0;
    let k = lineStart;
    for (;;) {
      while (k < end && isSpace(text.charCodeAt(k))) k++;
      if (k >= end) break;
      const a = k;
      while (k < end && !isSpace(text.charCodeAt(k))) k++;
      if (count < 18) {
        from[count] = a;
        to[count] = k;
      }
      count++;
    }
    if (count === 0) return false;
    if (text.charCodeAt(from[0]) === SEMICOLON) {
      const kv = /^;\s*(\w+)\s*:\s*(.*)$/.exec(text.slice(from[0], end).trim());
      if (kv && !(kv[1] in this.header)) this.header[kv[1]] = kv[2].trim();
      return false;
    }
    if (count !== 18) {
      this.errors.push({ line: lineNo, message: m.swfFieldCount(count) });
      return false;
    }
    for (let i = 0; i < 18; i++) {
      // Lines the plain reader turned down (signs, exponents, long digits): as Number() reads them.
      const n = Number(text.slice(from[i], to[i]));
      if (!Number.isFinite(n)) {
        this.errors.push({ line: lineNo, message: m.swfNotNumber(i, SWF_FIELDS[i], text.slice(from[i], to[i])) });
        return false;
      }
      fields[i] = n;
    }
    return true;
  }
}

/**
 * Reads text[k, end) into `fields` if it is exactly 18 fields, each an optional `-`, 1 to 15
 * digits and an optional fraction, separated by spaces, tabs or CR (and led or trailed by them);
 * false, with `fields` partly written, for any other line. Such a field's value is the one
 * Number() gives: up to 15 digits as an integer are exact, and one division by an exact power of
 * ten is correctly rounded, so the general scanner would read the line the same. Characters are
 * read once, with nothing allocated.
 */
function readPlainRecord(text: string, k: number, end: number, fields: Float64Array): boolean {
  let count = 0;
  for (;;) {
    let c = 0;
    while (k < end && ((c = text.charCodeAt(k)) === SPACE || c === TAB || c === CR)) k++;
    if (k >= end) return count === 18;
    if (count === 18) return false;
    const negative = c === MINUS;
    if (negative) k++;
    let n = 0;
    let digits = 0;
    let fraction = 0;
    while (k < end && (c = text.charCodeAt(k) - ZERO) >= 0 && c <= 9) {
      n = n * 10 + c;
      digits++;
      k++;
    }
    if (k < end && text.charCodeAt(k) === DOT) {
      k++;
      while (k < end && (c = text.charCodeAt(k) - ZERO) >= 0 && c <= 9) {
        n = n * 10 + c;
        digits++;
        fraction++;
        k++;
      }
    }
    if (digits === 0 || digits > 15) return false;
    // The field must end at whitespace the scan above skips, or at the line's end.
    if (k < end && (c = text.charCodeAt(k)) !== SPACE && c !== TAB && c !== CR) return false;
    const value = fraction === 0 ? n : n / POW10[fraction];
    fields[count++] = negative ? -value : value;
  }
}

const SEMICOLON = 0x3b;
const DOT = 0x2e;
const MINUS = 0x2d;
const ZERO = 0x30;
const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;

/** Whether a UTF-16 code unit is whitespace as JavaScript's String#trim and /\s/ see it. */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** 10^k for the fraction digits of a field, exact up to 10^22. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

function positive(value: string | undefined): number | undefined {
  const n = Number(value);
  return value !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;
}

// The SWF reader's character scanner (workload/traces/swf.ts) against the reader it replaced, which
// trimmed each line and split it with /\s+/ and read every field with Number(): the same records,
// skips, header and errors with their line numbers, on random logs (fast-check) and edge cases.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countSkip, finishTrace, MAX_ERRORS, type TraceError, type TraceJob, type TraceOptions, type TraceResult } from '../../src/workload/traces/common.js';
import * as m from '../../src/workload/messages.js';
import { parseSwf } from '../../src/workload/traces/swf.js';

const runs = Number(process.env.FC_RUNS ?? 200);
/** Seconds from 1970 to 2200: no run reaches further (END_OF_TIME_MS). */
const MAX_SECONDS = Date.UTC(2200, 0, 1) / 1000;

const NAMES = [
  'job number', 'submit time', 'wait time', 'run time', 'allocated processors', 'average CPU time',
  'used memory', 'requested processors', 'requested time', 'requested memory', 'status', 'user id',
  'group id', 'executable', 'queue number', 'partition', 'preceding job', 'think time',
];

/** The reader as it was before the scanner: regex split, Number() per field. */
function regexReference(text: string, options: TraceOptions = {}): TraceResult {
  const header: Record<string, string> = {};
  const errors: TraceError[] = [];
  const jobs: TraceJob[] = [];
  const skipped: Record<string, number> = {};
  let records = 0;
  let lineNo = 0;
  // Since: a text with no LF at all has its lines ended by CR (old Mac line ends).
  const lines = text.includes('\n') || !text.includes('\r') ? text : text.replaceAll('\r', '\n');
  for (const raw of lines.split('\n')) {
    if (errors.length >= MAX_ERRORS) break;
    lineNo++;
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith(';')) {
      const kv = /^;\s*(\w+)\s*:\s*(.*)$/.exec(line);
      if (kv && !(kv[1] in header)) header[kv[1]] = kv[2].trim();
      continue;
    }
    const parts = line.split(/\s+/);
    if (parts.length !== 18) {
      errors.push({ line: lineNo, message: m.swfFieldCount(parts.length) });
      continue;
    }
    const f = parts.map(Number);
    const bad = f.findIndex((n) => !Number.isFinite(n));
    if (bad >= 0) {
      errors.push({ line: lineNo, message: m.swfNotNumber(bad, NAMES[bad], parts[bad]) });
      continue;
    }
    records++;
    // Since: values the SWF definition rules out are errors at their line, not skips or vCPUs.
    const procsField = f[4] > 0 ? 4 : 7;
    // The fields a job is made of besides the submit time: the first below 0 other than -1, if any.
    const negative = [3, 4, 6, 7, 8, 9, 11].find((k) => f[k] < 0 && f[k] !== -1);
    if (f[1] < 0 && f[1] !== -1) errors.push({ line: lineNo, message: m.swfNegativeTime(1, NAMES[1], f[1]) });
    else if (negative !== undefined) errors.push({ line: lineNo, message: (negative === 3 || negative === 8 ? m.swfNegativeTime : m.swfNegativeValue)(negative, NAMES[negative], f[negative]) });
    else if (f[1] > MAX_SECONDS || f[3] > MAX_SECONDS) {
      // The first field past the end is named, with its own value (submit time before run time).
      const late = f[1] > MAX_SECONDS ? 1 : 3;
      errors.push({ line: lineNo, message: m.swfTimePastEnd(late, NAMES[late], f[late]) });
    }
    else if (f[10] === 5 && f[3] <= 0) countSkip(skipped, 'cancelled');
    else if (f[3] <= 0) countSkip(skipped, 'noRuntime');
    else if (!(f[4] > 0 || f[7] > 0)) countSkip(skipped, 'noProcessors');
    else if (!Number.isSafeInteger(f[procsField])) errors.push({ line: lineNo, message: m.swfProcessorsNotWhole(procsField, NAMES[procsField], f[procsField]) });
    else if (f[1] < 0) countSkip(skipped, 'noSubmitTime');
    else {
      const procs = f[4] > 0 ? f[4] : f[7];
      const kb = f[9] > 0 ? f[9] : f[6] > 0 ? f[6] : 0;
      jobs.push({
        submitMs: Math.round(f[1] * 1000),
        runtimeMs: Math.max(1, Math.round(f[3] * 1000)),
        vcpus: procs,
        memoryMiB: kb > 0 ? Math.ceil((kb * procs) / 1024) : null,
        requestedMs: f[8] > 0 ? Math.round(f[8] * 1000) : null,
        queue: null,
        shareIdentifier: f[11] >= 0 ? `user${f[11]}` : null,
        name: `job${f[0]}`,
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const positive = (v: string | undefined): number | undefined => (v !== undefined && Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : undefined);
  const maxProcs = positive(header.MaxProcs) ?? positive(header.MaxNodes);
  const unixStart = Number(header.UnixStartTime);
  const originEpochMs = header.UnixStartTime !== undefined && Number.isFinite(unixStart) ? unixStart * 1000 : undefined;
  return { ok: true, trace: finishTrace(jobs, skipped, { maxProcs, originEpochMs, records }, options) };
}

// Fields as logs write them, and what else Number() reads or refuses.
const plain = fc.oneof(
  fc.constant('-1'),
  fc.integer({ min: -5, max: 300_000 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 999 })).map(([a, b]) => `${a}.${b}`),
);
const odd = fc.constantFrom(
  '+5', '.5', '5.', '-0', '-.25', '007', '1e3', '2E-2', '0x1f', '0b11', '0o7', 'Infinity', '-Infinity', 'NaN', 'abc', '.', '-', '+',
  '1.2.3', '12345678901234567', '0.1234567890123456789', '9007199254740993.5', '99999999999999.9', '3-4', '1_000',
);
const field = fc.oneof({ weight: 12, arbitrary: plain }, { weight: 1, arbitrary: odd });
const space = fc.constantFrom(' ', '  ', '\t', ' \t ', '\u00a0', '\u3000', '\v', '\f');
const recordLine = fc
  .array(fc.tuple(space, field), { minLength: 16, maxLength: 19 })
  .chain((fields) => fc.tuple(fc.constant(fields), fc.option(space), fc.option(space), fc.boolean()))
  .map(([fields, lead, trail, cr]) => `${lead ?? ''}${fields.map(([gap, f], i) => (i === 0 ? f : gap + f)).join('')}${trail ?? ''}${cr ? '\r' : ''}`);
const headerLine = fc.constantFrom('; MaxProcs: 240', ';MaxNodes:64', '  ; UnixStartTime: 1000', '; MaxProcs: 8', '; Note: a: b', ';', '; UnixStartTime: soon');
const line = fc.oneof({ weight: 10, arbitrary: recordLine }, { weight: 1, arbitrary: headerLine }, { weight: 1, arbitrary: fc.constantFrom('', '   ', '\r', '\t') });

describe('SWF character scanner', () => {
  it('reads random logs as the regex reader did: records, skips, header, errors and their lines', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.boolean(), (lines, finalNewline) => {
        const text = lines.join('\n') + (finalNewline ? '\n' : '');
        expect(parseSwf(text)).toEqual(regexReference(text));
      }),
      { numRuns: runs },
    );
  });

  it('reads lines at the edge of the plain-record path as the regex reader did', () => {
    // The plain path takes 18 fields of `-`?digits[.digits] (1 to 15 digits) between spaces, tabs
    // or CR; everything else goes to the general scanner. Fields on either side of that line:
    const EDGE = [
      '0', '-0', '5.', '-5.', '.5', '-.5', '0.0', '007', '123456789012345', '1234567890123456', '12345678.9012345', '1234567.89012345678',
      '-', '.', '-.', '--1', '1-', '1.2.3', '+1', '1e3', '1,5', '\u0661', 'x',
    ];
    const edge = fc.constantFrom(...EDGE);
    // Each edge value as the job number (its exact value shows in the name) and as processors.
    for (const value of [...EDGE, '12345678901234567', '0.1234567890123456789', '9007199254740993.5']) {
      const text = [`${value} 100 0 60 4 -1 -1 4 120 -1 1 7 1 -1 1 -1 -1 -1`, `1 100 0 60 ${value} -1 -1 4 120 -1 1 7 1 -1 1 -1 -1 -1`].join('\n');
      expect(parseSwf(text)).toEqual(regexReference(text));
    }
    // Submit and run time both past 2199 (a case fast-check found): field 2 is named, with its own value.
    const bothLate = '-1 123456789012345 -1 1234567890123456 -1 0.0 0 0 -1 0 0 0 0.0 0.0 -1 0 -1 0';
    expect(parseSwf(bothLate)).toEqual(regexReference(bothLate));
    expect(parseSwf(bothLate)).toEqual({ ok: false, errors: [{ line: 1, message: m.swfTimePastEnd(1, 'submit time', 123456789012345) }] });
    const plainField = fc.oneof({ weight: 6, arbitrary: plain }, { weight: 2, arbitrary: edge });
    const gap = fc.constantFrom(' ', '   ', '\t', ' \t', '\r ', '\v', '\u00a0');
    const plainLine = fc
      .tuple(fc.array(fc.tuple(gap, plainField), { minLength: 17, maxLength: 19 }), fc.constantFrom('', ' ', '\t', '\r', ' \r', '\f'), fc.constantFrom('', ' ', '\t'))
      .map(([fields, trail, lead]) => lead + fields.map(([g, f], i) => (i === 0 ? f : g + f)).join('') + trail);
    fc.assert(
      fc.property(fc.array(fc.oneof({ weight: 8, arbitrary: plainLine }, { weight: 1, arbitrary: headerLine }), { maxLength: 30 }), (lines) => {
        const text = lines.join('\n');
        expect(parseSwf(text)).toEqual(regexReference(text));
      }),
      { numRuns: runs },
    );
  });

  it('reads the fields Number() reads, and locates the ones it refuses', () => {
    const row = (job: string, run = '60') => `${job} 100 0 ${run} 4 -1 -1 4 120 -1 1 7 1 -1 1 -1 -1 -1`;
    const text = ['; MaxProcs: 16', '', row('+5'), row('.5'), row('1e3', '0x1f'), row('12345678901234567', '0.1234567890123456789'), row('-0', '5.'), '', row('7', 'Infinity'), row('8', '1_000')].join('\r\n');
    const result = parseSwf(text);
    expect(result).toEqual(regexReference(text));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual([
        { line: 9, message: 'field 4 (run time) is not a number: "Infinity"' },
        { line: 10, message: 'field 4 (run time) is not a number: "1_000"' },
      ]);
    }
    // Past 15 digits the digits are no longer exact as an integer: Number() reads those (…994, not …992).
    const good = ['; MaxProcs: 16', row('+5'), row('.5'), row('1e3', '0x1f'), row('12345678901234567', '0.1234567890123456789'), row('-0', '5.'), row('9007199254740993.5')].join('\n');
    const trace = parseSwf(good);
    expect(trace).toEqual(regexReference(good));
    expect(trace.ok && trace.trace.jobs.map((j) => [j.name, j.runtimeMs])).toEqual([
      ['job5', 60_000],
      ['job0.5', 60_000],
      ['job1000', 31_000],
      ['job12345678901234568', 123],
      ['job0', 5_000],
      ['job9007199254740994', 60_000],
    ]);
  });

  it('counts every field of a line that has too many or too few, and separates fields by any whitespace', () => {
    const text = '1\u00a02\u30003\t4\v5\f6 7 8 9 10 11 12 13 14 15 16 17 18 19\n\n1 2 3\n';
    expect(parseSwf(text)).toEqual({
      ok: false,
      errors: [
        { line: 1, message: 'expected 18 whitespace-separated SWF fields, got 19' },
        { line: 3, message: 'expected 18 whitespace-separated SWF fields, got 3' },
      ],
    });
  });
});

// Reader of job traces kept as CSV with a header row; the scenario names which column holds what.
import { parseSizeText } from '../../engine/units.js';
import { parseIsoInstantMs } from '../schedule.js';
import {
  countSkip, finishTrace, MAX_ERRORS, mergeErrors, nameFromArn, readCsvRows, traceDurationMs,
  type TraceError, type TraceJob, type TraceOptions, type TraceResult,
} from './common.js';
import * as m from '../messages.js';
import { CSV_COLUMN_FIELDS, END_OF_TIME_MS } from './formats.js';

/** Column names for each field; submitTime and runtime are required. */
export interface CsvColumns {
  submitTime: string;
  runtime: string;
  vcpus?: string;
  memory?: string;
  queue?: string;
  share?: string;
  requestedTime?: string;
  name?: string;
}

type Field = (typeof CSV_COLUMN_FIELDS)[number];

// An ISO 8601 instant with an explicit zone: a zone-less one would depend on the machine's.
const INSTANT = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/;

/**
 * Jobs of a CSV trace. Times are seconds or duration strings ("90s", "45m", "01:30:00"); submit
 * times may also be ISO instants with a zone ("2024-05-01T08:00:00Z"). Memory is MiB or a size
 * string. Without `columns`, each field is read from the column of the same name (optional ones
 * only when present). Rows with an empty or zero runtime are skipped as `noRuntime`.
 */
export function parseCsvTrace(text: string, options: TraceOptions & { columns?: CsvColumns } = {}): TraceResult {
  const read = readCsvRows(text);
  if (!read.ok) return read;
  const rows = read.rows;
  const header = rows[0].record;
  const mapping: Partial<Record<Field, string>> = options.columns ?? {
    submitTime: 'submitTime',
    runtime: 'runtime',
    ...Object.fromEntries(CSV_COLUMN_FIELDS.slice(2).filter((f) => header.includes(f)).map((f) => [f, f])),
  };
  const index: Partial<Record<Field, number>> = {};
  const errors: TraceError[] = [];
  for (const field of CSV_COLUMN_FIELDS) {
    const column = mapping[field];
    if (column === undefined) continue;
    const i = header.indexOf(column);
    if (i < 0) errors.push({ line: rows[0].info.lines, message: m.noColumnFor(column, field, header) });
    else index[field] = i;
  }
  if (errors.length > 0) return { ok: false, errors: mergeErrors(read.errors, errors) };

  const jobs: TraceJob[] = [];
  const skipped: Record<string, number> = {};
  let instants: boolean | null = null;
  for (let r = 1; r < rows.length && errors.length < MAX_ERRORS; r++) {
    const { record, info } = rows[r];
    const cell = (field: Field): string => (index[field] === undefined ? '' : record[index[field]!] ?? '');
    const fail = (field: keyof typeof m.CELL): void => {
      errors.push({ line: info.lines, message: m.badCell(mapping[field], cell(field), m.CELL[field]) });
    };
    const submitText = cell('submitTime');
    const isInstant = INSTANT.test(submitText);
    // The strict parser of schedule.ts: Date.parse would turn 30 February into 1 March silently.
    const submitMs = isInstant ? parseIsoInstantMs(submitText) : submitText === '' ? null : traceDurationMs(submitText);
    if (submitMs === null || Number.isNaN(submitMs)) {
      if (submitText === '') countSkip(skipped, 'noSubmitTime');
      else fail('submitTime');
      continue;
    }
    if (!isInstant && submitMs > END_OF_TIME_MS) {
      errors.push({ line: info.lines, message: m.csvTimePastEnd(mapping.submitTime, submitText) });
      continue;
    }
    if (instants !== null && instants !== isInstant) {
      errors.push({ line: info.lines, message: m.mixedSubmitTimes(mapping.submitTime) });
      continue;
    }
    instants = isInstant;
    const runtimeText = cell('runtime');
    const runtimeMs = runtimeText === '' ? 0 : traceDurationMs(runtimeText);
    if (runtimeMs === null) {
      fail('runtime');
      continue;
    }
    if (runtimeMs > END_OF_TIME_MS) {
      errors.push({ line: info.lines, message: m.csvTimePastEnd(mapping.runtime, runtimeText) });
      continue;
    }
    const vcpus = optional(cell('vcpus'), (t) => (/^\d+(\.\d+)?$/.test(t) && Number(t) > 0 ? Number(t) : null));
    if (vcpus === undefined) fail('vcpus');
    const memoryMiB = optional(cell('memory'), (t) => { const v = parseSizeText(t, 1); return v !== null && v > 0 ? v : null; });
    if (memoryMiB === undefined) fail('memory');
    const requestedMs = optional(cell('requestedTime'), traceDurationMs);
    if (requestedMs === undefined) fail('requestedTime');
    if (vcpus === undefined || memoryMiB === undefined || requestedMs === undefined) continue;
    if (runtimeMs <= 0) {
      countSkip(skipped, 'noRuntime');
      continue;
    }
    jobs.push({
      submitMs,
      runtimeMs,
      vcpus,
      memoryMiB,
      requestedMs: requestedMs !== null && requestedMs > 0 ? requestedMs : null,
      queue: cell('queue') === '' ? null : nameFromArn(cell('queue')),
      shareIdentifier: cell('share') === '' ? null : cell('share'),
      name: cell('name') === '' ? null : cell('name'),
    });
  }
  if (errors.length > 0 || read.errors.length > 0) return { ok: false, errors: mergeErrors(read.errors, errors) };
  const trace = finishTrace(jobs, skipped, { originEpochMs: instants ? 0 : undefined, records: rows.length - 1 }, options);
  return { ok: true, trace };
}

/** null for an empty cell, the value when it reads, undefined when it does not. */
function optional<T>(text: string, read: (t: string) => T | null): T | null | undefined {
  if (text === '') return null;
  const v = read(text);
  return v === null ? undefined : v;
}

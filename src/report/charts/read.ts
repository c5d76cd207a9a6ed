// Loading a run's output folder back from its files (summary.json and the record CSVs) into typed
// columns, so charts and the report can be rebuilt from the files alone (`batchsim report DIR`).
// Only the columns the charts use are kept; a million-row jobs.csv becomes two typed arrays.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import * as m from '../messages.js';
import { OutputFolderError, parseJson } from '../output.js';

/** The record tables a folder without charts.json (one written before it existed) is charted from, and their CSVs. */
const CHARTED_TABLES = ['jobs', 'attempts', 'instances', 'timeseries'] as const;
const RECORD_INPUTS = CHARTED_TABLES.map((t) => `${t}.csv`);
/** Every record table's files, CSV or Arrow (executions: runs with state machines). */
const RECORD_FILES = new Set([...CHARTED_TABLES, 'executions'].flatMap((t) => [`${t}.csv`, `${t}.arrow`]));

/** Whether `name` is a record table's file: what a report drawn from charts.json never reads. */
export const isRecordFile = (name: string): boolean => RECORD_FILES.has(name);

/**
 * The inputs missing from `dir` (empty when a report can be built): summary.json, and charts.json or
 * the record CSVs. A `dir` that is no run's output folder at all (missing, a file, a sweep's or a
 * compare's folder) throws an OutputFolderError saying so: no run would give it the inputs.
 */
export function missingReportInputs(dir: string): string[] {
  checkRunFolder(dir);
  const missing = existsSync(join(dir, 'summary.json')) ? [] : ['summary.json'];
  if (existsSync(join(dir, 'charts.json'))) return missing;
  const records = RECORD_INPUTS.filter((f) => !existsSync(join(dir, f)));
  if (records.length > 0) missing.push(`charts.json (or, for a folder written before it, ${records.join(', ')})`);
  return missing;
}

/** The files that mark the planner's folders, whose report.html their own command writes. */
const PLANNER_FOLDERS: readonly [string, (dir: string) => string][] = [
  ['runs.jsonl', m.sweepFolder],
  ['compare.json', m.compareFolder],
];

function checkRunFolder(dir: string): void {
  let st;
  try {
    st = statSync(dir);
  } catch (e) {
    throw new OutputFolderError((e as { code?: unknown }).code === 'ENOENT' ? m.noSuchFolder(dir) : m.cannotRead(dir, e));
  }
  if (!st.isDirectory()) throw new OutputFolderError(m.reportOfFile(dir));
  if (existsSync(join(dir, 'summary.json'))) return;
  for (const [marker, message] of PLANNER_FOLDERS) if (existsSync(join(dir, marker))) throw new OutputFolderError(message(dir));
}

/** A string column stored as indices into a table of distinct values (in first-seen order). */
export interface Interned {
  values: string[];
  /** Int32Array when read from a file; a run's own columns (Uint8Array for attempt outcomes) when in memory, not copied. */
  index: Int32Array | Uint8Array;
}

export interface JobRecords {
  count: number;
  jobQueue: Interned;
  /** Seconds from RUNNABLE to STARTING; NaN for jobs that never started. */
  queueWaitSeconds: Float64Array;
}

export interface AttemptRecords {
  count: number;
  /** The attempt's number for its job (1 = first try, 2+ = a retry). */
  attempt: Int32Array | Uint8Array;
  instanceId: Interned;
  /** Seconds; NaN when the attempt never got there. */
  startingAt: Float64Array;
  startedAt: Float64Array;
  stoppedAt: Float64Array;
  outcome: Interned;
}

export interface InstanceRecord {
  instanceId: string;
  computeEnvironment: string;
  instanceType: string;
  purchaseOption: string;
  vcpus: number;
  launchedAt: number;
  /** NaN when the instance never became ready. */
  readyAt: number;
  terminatedAt: number;
  reclaimed: boolean;
  costUsd: number;
  busyCostUsd: number;
  idleCostUsd: number;
  lostCostUsd: number;
  ebsCostUsd: number;
}

export interface TimeseriesRecords {
  count: number;
  time: Float64Array;
  scope: Interned;
  name: Interned;
  metric: Interned;
  value: Float64Array;
}

/** summary.json as the charts read it: only what they use is typed, the rest is passed through. */
export interface SummaryLike {
  scenario?: string;
  simulatedSeconds?: number;
  costUsd?: { total?: number };
  computeEnvironments?: Record<string, { maxvCpus?: number } & Record<string, unknown>>;
  [key: string]: unknown;
}

export interface RunRecords {
  summary: SummaryLike;
  jobs: JobRecords;
  attempts: AttemptRecords;
  instances: InstanceRecord[];
  timeseries: TimeseriesRecords;
}

/** Load an output folder. Throws an OutputFolderError if a file is missing, corrupt or lacks a column the charts need. */
export function readRunRecords(dir: string): RunRecords {
  const records = {
    summary: readSummary(dir),
    jobs: readJobs(join(dir, 'jobs.csv')),
    attempts: readAttempts(join(dir, 'attempts.csv')),
    instances: readInstances(join(dir, 'instances.csv')),
    timeseries: readTimeseries(join(dir, 'timeseries.csv')),
  };
  // Rows missing whole (a file cut at a line's end) show in the counts summary.json keeps.
  const jobs = records.summary.jobs as { submitted?: unknown; arrayParents?: unknown; attempts?: unknown } | undefined;
  const counted = (name: string, rows: number, expected: number): void => {
    if (rows !== expected) throw new OutputFolderError(m.rowCount(join(dir, name), rows, expected));
  };
  if (typeof jobs?.submitted === 'number') counted('jobs.csv', records.jobs.count, jobs.submitted + (typeof jobs.arrayParents === 'number' ? jobs.arrayParents : 0));
  if (typeof jobs?.attempts === 'number') counted('attempts.csv', records.attempts.count, jobs.attempts);
  // One instances.csv row per instance, Fargate task or machine each environment launched.
  const environments = records.summary.computeEnvironments;
  if (typeof environments === 'object' && environments !== null) {
    const launched = Object.values(environments as Record<string, { instancesLaunched?: unknown }>).map((ce) => ce?.instancesLaunched);
    if (launched.every((k) => typeof k === 'number')) counted('instances.csv', records.instances.length, (launched as number[]).reduce((a, k) => a + k, 0));
  }
  return records;
}

/** summary.json of an output folder; an OutputFolderError if it is unreadable or not a JSON object. */
export function readSummary(dir: string): SummaryLike {
  const path = join(dir, 'summary.json');
  const summary = parseJson(path, readFile(path).toString('utf8')) as SummaryLike;
  if (typeof summary !== 'object' || summary === null || Array.isArray(summary)) throw new OutputFolderError(m.notSummaryObject(path));
  return summary;
}

/**
 * Parse a CSV keeping only `wanted` columns (in that order) of each row. The header row picks the
 * column positions; rows come back as arrays of strings.
 */
export function readColumns(path: string, wanted: readonly string[]): string[][] {
  const buf = readFile(path);
  // batchsim ends every CSV with a newline: one without was cut short.
  if (buf.length > 0 && buf[buf.length - 1] !== 0x0a) throw new OutputFolderError(m.cutShort(path));
  // A file without a single quote character has no quoted fields: split lines and commas directly
  // (a million-row jobs.csv in about a second instead of tens). Any quote: csv-parse reads it all.
  if (!buf.includes(0x22)) return splitColumns(path, buf, wanted);
  try {
    return parseColumns(path, buf, wanted);
  } catch (e) {
    if (e instanceof OutputFolderError) throw e;
    throw new OutputFolderError(m.badCsv(path, e instanceof Error ? e.message : String(e)));
  }
}

/** A file of an output folder; an OutputFolderError naming it when it cannot be read. */
export function readFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new OutputFolderError(m.cannotRead(path, e));
  }
}

const CHUNK_BYTES = 1 << 26;

function splitColumns(path: string, buf: Buffer, wanted: readonly string[]): string[][] {
  let positions: number[] | null = null;
  // Every row has the header's fields (a batchsim CSV has no empty lines but the last): one that
  // has not is a file cut short or edited, which would chart wrongly without a word.
  let fields = 0;
  let lineNo = 0;
  const rows: string[][] = [];
  for (let from = 0; from < buf.length; ) {
    let to = Math.min(buf.length, from + CHUNK_BYTES);
    if (to < buf.length) {
      const nl = buf.lastIndexOf(0x0a, to - 1);
      to = nl >= from ? nl + 1 : buf.indexOf(0x0a, to) + 1 || buf.length;
    }
    const lines = buf.toString('utf8', from, to).split('\n');
    from = to;
    for (let k = 0; k < lines.length; k++) {
      let line = lines[k];
      // What follows the chunk's last newline is not a line.
      if (k === lines.length - 1 && line === '') break;
      lineNo++;
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line === '') continue;
      const record = line.split(',');
      if (positions === null) {
        positions = columnPositions(path, record, wanted);
        fields = record.length;
        continue;
      }
      if (record.length !== fields) throw new OutputFolderError(m.rowLength(path, lineNo, record.length, fields));
      const out = new Array<string>(positions.length);
      for (let k = 0; k < positions.length; k++) out[k] = record[positions[k]] ?? '';
      rows.push(out);
    }
  }
  if (positions === null) throw new OutputFolderError(m.noHeader(path));
  return rows;
}

function columnPositions(path: string, header: string[], wanted: readonly string[]): number[] {
  return wanted.map((w) => {
    const k = header.indexOf(w);
    if (k < 0) throw new OutputFolderError(m.noColumn(path, w));
    return k;
  });
}

function parseColumns(path: string, buf: Buffer, wanted: readonly string[]): string[][] {
  let positions: number[] | null = null;
  const rows = parse(buf, {
    skip_empty_lines: true,
    on_record: (record: string[]) => {
      if (positions === null) {
        positions = columnPositions(path, record, wanted);
        return null;
      }
      const p = positions;
      const out = new Array<string>(p.length);
      for (let k = 0; k < p.length; k++) out[k] = record[p[k]] ?? '';
      return out;
    },
  }) as string[][];
  if (positions === null) throw new OutputFolderError(m.noHeader(path));
  return rows;
}

function interner(n: number): { add(s: string, i: number): void; done(): Interned } {
  const values: string[] = [];
  const ids = new Map<string, number>();
  const index = new Int32Array(n);
  return {
    add(s, i) {
      let id = ids.get(s);
      if (id === undefined) {
        id = values.length;
        values.push(s);
        ids.set(s, id);
      }
      index[i] = id;
    },
    done: () => ({ values, index }),
  };
}

/** A CSV number; '' (never) is NaN. */
function num(s: string): number {
  return s === '' ? NaN : Number(s);
}

function readJobs(path: string): JobRecords {
  const rows = readColumns(path, ['jobQueue', 'queueWaitSeconds']);
  const n = rows.length;
  const queue = interner(n);
  const wait = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    queue.add(rows[i][0], i);
    wait[i] = num(rows[i][1]);
  }
  return { count: n, jobQueue: queue.done(), queueWaitSeconds: wait };
}

function readAttempts(path: string): AttemptRecords {
  const rows = readColumns(path, ['attempt', 'instanceId', 'startingAt', 'startedAt', 'stoppedAt', 'outcome']);
  const n = rows.length;
  const attempt = new Int32Array(n);
  const inst = interner(n);
  const outcome = interner(n);
  const startingAt = new Float64Array(n);
  const startedAt = new Float64Array(n);
  const stoppedAt = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    attempt[i] = Number(r[0]);
    inst.add(r[1], i);
    startingAt[i] = num(r[2]);
    startedAt[i] = num(r[3]);
    stoppedAt[i] = num(r[4]);
    outcome.add(r[5], i);
  }
  return { count: n, attempt, instanceId: inst.done(), startingAt, startedAt, stoppedAt, outcome: outcome.done() };
}

function readInstances(path: string): InstanceRecord[] {
  const cols = [
    'instanceId', 'computeEnvironment', 'instanceType', 'purchaseOption', 'vcpus', 'launchedAt', 'readyAt', 'terminatedAt',
    'reclaimed', 'costUsd', 'busyCostUsd', 'idleCostUsd', 'lostCostUsd', 'ebsCostUsd',
  ];
  return readColumns(path, cols).map((r) => ({
    instanceId: r[0],
    computeEnvironment: r[1],
    instanceType: r[2],
    purchaseOption: r[3],
    vcpus: Number(r[4]),
    launchedAt: num(r[5]),
    readyAt: num(r[6]),
    terminatedAt: num(r[7]),
    reclaimed: r[8] === 'true',
    costUsd: Number(r[9]),
    busyCostUsd: Number(r[10]),
    idleCostUsd: Number(r[11]),
    lostCostUsd: Number(r[12]),
    ebsCostUsd: Number(r[13]),
  }));
}

/** The number a cell of row i holds; an OutputFolderError naming its line (the header is line 1) if it holds none. */
function cellNumber(path: string, i: number, column: string, cell: string): number {
  const v = cell.trim() === '' ? NaN : Number(cell);
  if (!Number.isFinite(v)) throw new OutputFolderError(m.badRecordCell(path, i + 2, column, cell));
  return v;
}

function readTimeseries(path: string): TimeseriesRecords {
  const rows = readColumns(path, ['time', 'scope', 'name', 'metric', 'value']);
  const n = rows.length;
  const time = new Float64Array(n);
  const scope = interner(n);
  const name = interner(n);
  const metric = interner(n);
  const value = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    // A row is charted as it reads: an instant, a scope the series are kept by, a number.
    time[i] = cellNumber(path, i, 'time', r[0]);
    if (r[1] !== 'jobQueue' && r[1] !== 'computeEnvironment') throw new OutputFolderError(m.badRecordCell(path, i + 2, 'scope', r[1]));
    scope.add(r[1], i);
    name.add(r[2], i);
    metric.add(r[3], i);
    value[i] = cellNumber(path, i, 'value', r[4]);
  }
  return { count: n, time, scope: scope.done(), name: name.done(), metric: metric.done(), value };
}

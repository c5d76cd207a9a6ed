// The record tables as Arrow IPC files (`--format arrow`: jobs.arrow, attempts.arrow, …), for
// analysis in pandas (`pd.read_feather`), polars (`pl.read_ipc`), DuckDB (its `arrow` extension or
// through pyarrow) or R's arrow package. The Arrow IPC file format is Feather version 2
// (https://arrow.apache.org/docs/python/feather.html).
//
// Same columns, in the same order, as the CSVs, with the same values: a time is seconds as a
// float64 (ms / 1000, the double nearest to the CSV's `s.mmm`), counts and codes are int32, an
// empty numeric CSV cell is a null, and a string is the string (an empty statusReason stays ''),
// but one that does not apply is a null: the executionId of a job outside any execution, the
// error, cause and failedState of an execution that did not fail. Strings the recorder interned
// are dictionary columns over its string table, so the typed columns of the run go in without a
// copy; other repeating strings (names, types, statuses) are dictionary columns too.
//
// apache-arrow (pure JavaScript) is loaded only when Arrow files are asked for: it is chosen over
// the Parquet writers because writing our typed columns is mostly zero-copy (measured on 1M rows of
// job-shaped columns, bench/RESULTS.md: 2.2 s against 3.3 s for hyparquet-writer).
import type * as Arrow from 'apache-arrow';
import { ATTEMPT_END_NAMES, JOB_STATUS_NAMES } from '../model/types.js';
import { ATTEMPT_COLUMNS } from './attempts.js';
import { ByteWriter } from './bytes.js';
import { round } from './format.js';
import { INSTANCE_COLUMNS, reachedAt, type InstanceBill, type InstanceRow } from './instances.js';
import { JOB_COLUMNS, writeJobId, type JobTable } from './jobs.js';
import { EXECUTION_COLUMNS, executionId, JOB_EXECUTION_COLUMN } from './executions.js';
import type { PipelineRun } from '../model/result.js';
import type { AttemptTable } from './attempts.js';
import type { SimulationResult } from './result.js';
import { TIMESERIES_COLUMNS, type Samples } from './timeseries.js';

export interface ArrowFile {
  /** File name without extension (the CSV's). */
  name: string;
  /** The file's bytes, in order, as the IPC writer made them (not joined: joining would copy the file whole). */
  chunks: Uint8Array[];
}

type A = typeof Arrow;
type Col = Arrow.Data;

/**
 * The record tables of a run as Arrow IPC files, in the CSVs' order (four, and executions with
 * state machines). One table at a time: its columns are built, encoded and handed over before the
 * next is started, so a run holds one table's Arrow form at once, not all of them (the file's bytes
 * go once the caller has written them).
 */
export async function* arrowFiles(r: SimulationResult): AsyncGenerator<ArrowFile> {
  const A: A = await import('apache-arrow');
  const b = new Builders(A);
  const ids = [''].concat(r.instances.map((x) => x.instanceId));
  const p = r.pipelines;
  const tables: [string, () => [readonly string[], Col[]]][] = [
    [
      'jobs',
      () => {
        const data = jobColumns(b, r.jobs, ids);
        if (p === undefined) return [JOB_COLUMNS, data];
        // Runs with state machines: each job's execution.
        data.push(b.strings(Array.from(p.executionOfJob.subarray(0, r.jobs.count), (e) => (e >= 0 ? executionId(e) : null))));
        return [[...JOB_COLUMNS, JOB_EXECUTION_COLUMN], data];
      },
    ],
    ['attempts', () => [ATTEMPT_COLUMNS, attemptColumns(b, r.attempts, r.jobs, r.instances)]],
    ['instances', () => [INSTANCE_COLUMNS, instanceColumns(b, r.instances, r.bills)]],
    ['timeseries', () => [TIMESERIES_COLUMNS, timeseriesColumns(b, r.samples)]],
  ];
  // And the executions table (executions.ts).
  if (p !== undefined) tables.push(['executions', () => [EXECUTION_COLUMNS, executionColumns(b, p)]]);
  for (const [name, build] of tables) {
    const [columns, data] = build();
    const table = new A.Table(Object.fromEntries(columns.map((c, k) => [c, A.makeVector(data[k])])));
    // tableToIPC(table, 'file'), less its joining of the writer's chunks into one array.
    const chunks: Uint8Array[] = [];
    for await (const chunk of A.RecordBatchFileWriter.writeAll(table)) chunks.push(chunk);
    yield { name, chunks };
  }
}

/** Arrow columns from typed arrays; nulls through a validity bitmap. */
class Builders {
  /**
   * Dictionary ids, numbered here: apache-arrow's default ids count up for the whole process, so a
   * second run in the same process would write other bytes (outputs must be deterministic).
   */
  private dictionaries = 0;
  constructor(private readonly A: A) {}

  private bitmap(n: number, valid: (i: number) => boolean): { nullBitmap?: Uint8Array; nullCount: number } {
    const bits = new Uint8Array((n + 7) >> 3);
    let nulls = 0;
    for (let i = 0; i < n; i++) {
      if (valid(i)) bits[i >> 3] |= 1 << (i & 7);
      else nulls++;
    }
    return nulls === 0 ? { nullCount: 0 } : { nullBitmap: bits, nullCount: nulls };
  }

  float(values: Float64Array, valid?: (i: number) => boolean): Col {
    const nulls = valid ? this.bitmap(values.length, valid) : { nullCount: 0 };
    return this.A.makeData({ type: new this.A.Float64(), length: values.length, data: values, ...nulls });
  }

  int(values: ArrayLike<number>, valid?: (i: number) => boolean): Col {
    const data = values instanceof Int32Array ? values : wholeInt32(values, valid);
    const nulls = valid ? this.bitmap(data.length, valid) : { nullCount: 0 };
    return this.A.makeData({ type: new this.A.Int32(), length: data.length, data, ...nulls });
  }

  /** Instants in ms as seconds; null for "never" (negative), as the CSV's empty cell. */
  seconds(ms: Float64Array, at: (i: number) => number = (i) => ms[i], valid: (i: number) => boolean = (i) => ms[i] >= 0): Col {
    const out = new Float64Array(ms.length);
    for (let i = 0; i < out.length; i++) out[i] = at(i) / 1000;
    return this.float(out, valid);
  }

  /** Row i is dictionary[indices[i]]. */
  dict(indices: ArrayLike<number>, dictionary: readonly string[]): Col {
    // A copy even of an Int32Array: apache-arrow's IPC writer miscounts a record batch whose columns
    // share one buffer (attempts' three columns indexed by instance), and the file cannot be read.
    const data = Int32Array.from(indices);
    const type = new this.A.Dictionary(new this.A.Utf8(), new this.A.Int32(), this.dictionaries++);
    return this.A.makeData({ type, length: data.length, data, dictionary: this.A.vectorFromArray([...dictionary], new this.A.Utf8()) });
  }

  /** A string column written as UTF-8 bytes by `write` (row by row), with its offsets. */
  utf8(n: number, write: (i: number, w: ByteWriter) => void): Col {
    const chunks: Buffer[] = [];
    let flushed = 0;
    const w = new ByteWriter({ write: (c, len = c.length) => (chunks.push(Buffer.from(c.subarray(0, len))), (flushed += len)) }, 1 << 20);
    const offsets = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      write(i, w);
      offsets[i + 1] = flushed + w.p;
    }
    w.flush();
    const data = new Uint8Array(Buffer.concat(chunks));
    return this.A.makeData({ type: new this.A.Utf8(), length: n, valueOffsets: offsets, data });
  }

  strings(values: readonly (string | null)[]): Col {
    return this.A.vectorFromArray([...values], new this.A.Utf8()).data[0];
  }

  floats(values: readonly (number | null)[]): Col {
    return this.A.vectorFromArray([...values], new this.A.Float64()).data[0];
  }

  bools(values: readonly boolean[]): Col {
    return this.A.vectorFromArray([...values], new this.A.Bool()).data[0];
  }
}

function executionColumns(b: Builders, p: PipelineRun): Col[] {
  const E = p.executions;
  const ended = (f: (e: (typeof E)[number]) => number): (number | null)[] => E.map((e) => (e.endMs >= 0 ? round(f(e) / 1000, 3) : null));
  return [
    b.strings(E.map((e) => executionId(e.id))),
    interned(b, E.map((e) => e.machine)),
    interned(b, E.map((e) => e.status)),
    b.floats(E.map((e) => round(e.startMs / 1000, 3))),
    b.floats(ended((e) => e.endMs)),
    b.floats(ended((e) => e.endMs - e.startMs)),
    b.int(E.map((e) => e.transitions)),
    b.int(E.map((e) => e.jobIds.length)),
    b.strings(E.map((e) => e.error)),
    b.strings(E.map((e) => e.cause)),
    b.strings(E.map((e) => e.failedState)),
    b.floats(E.map((e) => (p.objectBytes[e.id] >= 0 ? p.objectBytes[e.id] : null))),
  ];
}

function jobColumns(b: Builders, L: JobTable, instanceIds: readonly string[]): Col[] {
  const s = L.strings;
  return [
    b.utf8(L.count, (i, w) => writeJobId(w, L, i)),
    b.dict(L.jobName, s),
    b.dict(L.jobQueue, s),
    b.dict(L.jobDefinition, s),
    b.int(L.arrayIndex, (i) => L.arrayIndex[i] >= 0),
    b.dict(L.status, JOB_STATUS_NAMES),
    b.int(L.attempts),
    b.float(L.vcpus),
    b.int(L.memoryMiB),
    b.int(L.gpus),
    b.seconds(L.submittedAt),
    b.seconds(L.runnableAt),
    b.seconds(L.startingAt),
    b.seconds(L.startedAt),
    b.seconds(L.stoppedAt),
    // queueWaitSeconds: startingAt - runnableAt, for jobs that reached STARTING.
    b.seconds(L.startingAt, (i) => L.startingAt[i] - L.runnableAt[i]),
    b.dict(L.computeEnvironment, s),
    b.dict(L.instanceType, s),
    b.dict(L.instance, instanceIds),
    b.dict(L.statusReason, s),
  ];
}

function attemptColumns(b: Builders, T: AttemptTable, jobs: JobTable, instances: readonly InstanceRow[]): Col[] {
  const byOrdinal = (f: (x: InstanceRow) => string): string[] => [''].concat(instances.map(f));
  return [
    b.utf8(T.count, (i, w) => writeJobId(w, jobs, T.job[i])),
    b.int(T.attemptNumber),
    b.dict(T.instance, byOrdinal((x) => x.computeEnvironment)),
    b.dict(T.instance, byOrdinal((x) => x.instanceType)),
    b.dict(T.instance, byOrdinal((x) => x.instanceId)),
    b.seconds(T.startingAt),
    b.seconds(T.startedAt),
    b.seconds(T.stoppedAt),
    // runSeconds: stoppedAt - startedAt, for attempts that both started and stopped.
    b.seconds(T.stoppedAt, (i) => T.stoppedAt[i] - T.startedAt[i], (i) => T.startedAt[i] >= 0 && T.stoppedAt[i] >= 0),
    b.dict(T.end, ATTEMPT_END_NAMES),
    b.int(T.exitCode, (i) => !Number.isNaN(T.exitCode[i])),
    b.dict(T.statusReason, jobs.strings),
  ];
}

function instanceColumns(b: Builders, xs: readonly InstanceRow[], bills: readonly InstanceBill[]): Col[] {
  const col = <T>(f: (x: InstanceRow, bill: InstanceBill) => T): T[] => xs.map((x, k) => f(x, bills[k]));
  const secs = (ms: number): number | null => (ms < 0 ? null : ms / 1000);
  // As instances.ts computes them for the CSV.
  const util = (x: InstanceRow): number => {
    const lifetimeMs = x.terminatedAt - x.launchedAt;
    return lifetimeMs > 0 ? x.busyVcpuMs / (x.vcpus * lifetimeMs) : 0;
  };
  return [
    b.strings(col((x) => x.instanceId)),
    interned(b, col((x) => x.computeEnvironment)),
    interned(b, col((x) => x.instanceType)),
    interned(b, col((x) => x.purchaseOption)),
    // vCPUs are fractional on Fargate (0.25); memory (the type's or the task's MiB) and GPUs are whole.
    b.floats(col((x) => x.vcpus)),
    b.int(col((x) => x.memoryMiB)),
    b.int(col((x) => x.gpus)),
    b.floats(col((x) => secs(x.launchedAt))),
    b.floats(col((x) => secs(reachedAt(x, x.runningAt)))),
    b.floats(col((x) => secs(reachedAt(x, x.readyAt)))),
    b.floats(col((x) => secs(x.terminatedAt))),
    b.bools(col((x) => x.interrupted)),
    b.floats(col((_, bill) => bill.billedSeconds)),
    b.floats(col((x) => round(x.priceUsdPerHour, 9))),
    b.floats(col((_, bill) => bill.costUsd)),
    b.floats(col((_, bill) => bill.computeUsd)),
    b.floats(col((_, bill) => bill.ebsUsd)),
    b.floats(col((_, bill) => bill.busyUsd)),
    b.floats(col((_, bill) => bill.idleUsd)),
    b.floats(col((_, bill) => bill.lostUsd)),
    b.int(col((x) => x.jobsRun)),
    b.floats(col((x) => round(x.busyVcpuMs / 1000, 3))),
    b.floats(col((x) => round(x.lostVcpuMs / 1000, 3))),
    b.floats(col((x) => round(util(x), 6))),
  ];
}

/**
 * Values as int32, refusing any that would not keep its value (Int32Array.from truncates and wraps
 * silently); a null's slot (not `valid`) holds 0.
 */
function wholeInt32(values: ArrayLike<number>, valid?: (i: number) => boolean): Int32Array {
  const data = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    if (valid !== undefined && !valid(i)) continue;
    const v = values[i];
    if ((v | 0) !== v) throw new Error(`arrow: an int32 column got ${v}`);
    data[i] = v;
  }
  return data;
}

/** Repeating strings as a dictionary column: each distinct value once. */
function interned(b: Builders, values: readonly string[]): Col {
  const index = new Map<string, number>();
  const dictionary: string[] = [];
  const ids = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let k = index.get(values[i]);
    if (k === undefined) {
      k = dictionary.push(values[i]) - 1;
      index.set(values[i], k);
    }
    ids[i] = k;
  }
  return b.dict(ids, dictionary);
}

/** Rows name their series by id; each of scope, name and metric is a dictionary column over them. */
function timeseriesColumns(b: Builders, s: Samples): Col[] {
  const of = (f: (k: Samples['series'][number]) => string): string[] => s.id.map((id) => f(s.series[id]));
  return [b.seconds(Float64Array.from(s.t)), interned(b, of((k) => k.scope)), interned(b, of((k) => k.name)), interned(b, of((k) => k.metric)), b.float(Float64Array.from(s.value))];
}

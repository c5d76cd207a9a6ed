// The jobs table: one row per job (array children are jobs), at the job's submission index. The
// columns the recorder fills when a job ends, the plain table a run gives back, and jobs.csv.
import type { Instance } from '../model/instance.js';
import type { Job } from '../model/job.js';
import { JOB_STATUS_NAMES } from '../model/types.js';
import { ensure, plainRows, sharedColumn, type PlainRows, type StringTable } from './columns.js';
import { encodeAll, Segment, type ByteWriter } from './bytes.js';
import { executionId, JOB_EXECUTION_COLUMN } from './executions.js';
import { csvField } from './format.js';
import { recordTable, type RecordTable } from './table.js';

export const JOB_COLUMNS = [
  'jobId', 'jobName', 'jobQueue', 'jobDefinition', 'arrayIndex', 'status', 'attempts', 'vcpus', 'memoryMiB', 'gpus',
  'submittedAt', 'runnableAt', 'startingAt', 'startedAt', 'stoppedAt', 'queueWaitSeconds',
  'computeEnvironment', 'instanceType', 'instanceId', 'statusReason',
] as const;

export const ArrayRole = { PLAIN: 0, PARENT: 1, CHILD: 2 } as const;

/**
 * While the run goes: growable columns, written at the job's index, in shared memory (jobs.csv is
 * written from them on a thread of its own: report/formatThread.ts). A summary-only run (RunOptions
 * summaryOnly) keeps only the columns summary.json reads: the others (JobDetailColumns) are then
 * empty, which at 10M jobs leaves out 36 of 95 bytes a job.
 */
export class JobColumns {
  count = 0;
  readonly jobQueue = sharedColumn(Int32Array);
  readonly jobDefinition = sharedColumn(Int32Array);
  /** 0 a plain job, 1 an array parent, 2 an array child (whose parent's row is `arrayParent`). */
  readonly arrayRole = sharedColumn(Uint8Array);
  readonly status = sharedColumn(Uint8Array);
  readonly attempts = sharedColumn(Uint8Array);
  readonly vcpus = sharedColumn(Float64Array);
  readonly memoryMiB = sharedColumn(Int32Array);
  /** Instants in ms; -1 where the job never reached that state. */
  readonly submittedAt = sharedColumn(Float64Array);
  readonly runnableAt = sharedColumn(Float64Array);
  readonly startingAt = sharedColumn(Float64Array);
  readonly stoppedAt = sharedColumn(Float64Array);
  readonly statusReason = sharedColumn(Int32Array);
  /** The columns only the records read; null in a summary-only run. */
  readonly detail: JobDetailColumns | null;

  constructor(capacity: number, summaryOnly = false) {
    this.detail = summaryOnly ? null : new JobDetailColumns(capacity);
    ensure(this, capacity);
  }

  /** The job's row (written again if the job is recorded twice); `reasonId` is its interned statusReason. */
  write(job: Job, strings: StringTable, emptyId: number, reasonId: number): void {
    const i = job.index;
    if (i >= this.status.data.length) {
      ensure(this, 2 * (i + 1));
      ensure(this.detail, 2 * (i + 1));
    }
    if (i >= this.count) this.count = i + 1;
    this.jobQueue.data[i] = job.template.jobQueueId;
    this.jobDefinition.data[i] = job.template.jobDefinitionId;
    this.arrayRole.data[i] = job.isArrayParent ? ArrayRole.PARENT : job.parent !== null ? ArrayRole.CHILD : ArrayRole.PLAIN;
    this.status.data[i] = job.status;
    this.attempts.data[i] = job.attemptCount;
    this.vcpus.data[i] = job.vcpus;
    this.memoryMiB.data[i] = job.memoryMiB;
    this.submittedAt.data[i] = job.submittedAt;
    this.runnableAt.data[i] = job.runnableAt;
    this.startingAt.data[i] = job.startingAt;
    this.stoppedAt.data[i] = job.stoppedAt;
    this.statusReason.data[i] = reasonId;
    this.detail?.write(job, i, strings, emptyId);
  }

  /** The plain table: typed arrays of `count` rows, and the strings they refer to (the detail columns empty in a summary-only run). */
  table(strings: readonly string[]): JobTable {
    return { count: this.count, strings, ...plainRows<JobColumns>(this, this.count), ...(this.detail === null ? NO_JOB_DETAIL : plainRows(this.detail, this.count)) };
  }
}

/** The jobs table's columns that only jobs.csv and jobs.arrow read. */
class JobDetailColumns {
  readonly jobName = sharedColumn(Int32Array);
  /** -1 for a job that is not an array child. */
  readonly arrayIndex = sharedColumn(Int32Array);
  readonly arrayParent = sharedColumn(Int32Array);
  readonly gpus = sharedColumn(Int32Array);
  readonly startedAt = sharedColumn(Float64Array);
  /** Where the last attempt ran: environment and instance type as strings, instance by ordinal (0 = none). */
  readonly computeEnvironment = sharedColumn(Int32Array);
  readonly instanceType = sharedColumn(Int32Array);
  readonly instance = sharedColumn(Int32Array);
  /** The last instance a row named, and its environment's and type's interned ids: consecutive rows mostly share one. */
  private lastInstance: Instance | null = null;
  private lastEnvironmentId = 0;
  private lastTypeId = 0;

  constructor(capacity: number) {
    ensure(this, capacity);
  }

  write(job: Job, i: number, strings: StringTable, emptyId: number): void {
    this.jobName.data[i] = job.template.jobNameId;
    this.arrayIndex.data[i] = job.arrayIndex ?? -1;
    this.arrayParent.data[i] = job.parent !== null ? job.parent.index : -1;
    this.gpus.data[i] = job.gpus;
    this.startedAt.data[i] = job.startedAt;
    const a = job.lastAttempt;
    if (a !== null) {
      const inst = a.instance;
      if (inst !== this.lastInstance) {
        this.lastInstance = inst;
        this.lastEnvironmentId = strings.id(inst.ce.name);
        this.lastTypeId = strings.id(inst.instanceType);
      }
      this.computeEnvironment.data[i] = this.lastEnvironmentId;
      this.instanceType.data[i] = this.lastTypeId;
      this.instance.data[i] = inst.ordinal;
    } else {
      this.computeEnvironment.data[i] = emptyId;
      this.instanceType.data[i] = emptyId;
      this.instance.data[i] = 0;
    }
  }
}

/** A summary-only run's detail columns: empty. */
const NO_JOB_DETAIL = plainRows(new JobDetailColumns(0), 0);

/** The jobs of a run as plain data: typed columns, and the interned strings (shared with the attempts table). */
export type JobTable = { readonly count: number; readonly strings: readonly string[] } & PlainRows<JobColumns> & PlainRows<JobDetailColumns>;

/** The jobId of row i: `job-N`, or `job-N:i` for an array child. */
export function jobIdOf(t: JobTable, i: number): string {
  return t.arrayRole[i] === ArrayRole.CHILD ? `job-${t.arrayParent[i] + 1}:${t.arrayIndex[i]}` : `job-${i + 1}`;
}

/** jobs.csv; `instanceIds` by ordinal (0: none); `executionOf` (runs with state machines) adds executionId. */
export function jobsTable(L: JobTable, instanceIds: readonly string[], executionOf: Int32Array | null = null): RecordTable {
  const rows = new JobRowWriter(executionOf);
  rows.learn(L, instanceIds.map((id, ordinal) => [ordinal, id]));
  return recordTable({
    name: 'jobs',
    columns: rows.columns,
    rowCount: L.count,
    writeRow: (i, w) => rows.write(i, w),
  });
}

/**
 * jobs.csv's rows, from a jobs table that may still be growing (a run's rows streamed while it
 * goes: report/formatThread.ts): learn() takes its current columns and strings and the instance ids
 * new to it; write(i) writes row i of the rows learnt so far.
 */
export class JobRowWriter {
  /** The table's columns by the short names the row code reads. */
  private d = rowColumns(NO_JOBS);
  private L: JobTable = NO_JOBS;
  /** The CSV field of each interned string, and of each instance id by ordinal (0: none, empty), as bytes. */
  private readonly str: Buffer[] = [];
  private readonly inst: Buffer[] = [Buffer.alloc(0)];
  private readonly status = encodeAll(JOB_STATUS_NAMES);
  // name … gpus and computeEnvironment … statusReason repeat from row to row: kept and copied (bytes.ts Segment).
  private readonly what = new Segment();
  private readonly where = new Segment();

  /** jobs.csv's header: `executionOf` (runs with state machines) adds executionId. */
  readonly columns: readonly string[];

  constructor(private readonly executionOf: Int32Array | null = null) {
    this.columns = executionOf === null ? JOB_COLUMNS : [...JOB_COLUMNS, JOB_EXECUTION_COLUMN];
  }

  /** The table as it stands (its columns may have grown, its strings be more) and instance ids not yet learnt. */
  learn(L: JobTable, instanceIds: Iterable<readonly [number, string]>): void {
    this.L = L;
    this.d = rowColumns(L);
    const strings = L.strings;
    for (let k = this.str.length; k < strings.length; k++) this.str.push(Buffer.from(csvField(strings[k]), 'utf8'));
    // Instance ids are batchsim's own (`i-…`, `fargate-…`): never quoted.
    for (const [ordinal, id] of instanceIds) this.inst[ordinal] = Buffer.from(id, 'utf8');
  }

  write(i: number, w: ByteWriter): void {
    const d = this.d;
    const str = this.str;
    writeJobId(w, this.L, i);
    w.comma();
    const what = this.what;
    const k = what.row;
    if (k >= 0 && d.name[i] === d.name[k] && d.queue[i] === d.queue[k] && d.def[i] === d.def[k] && d.arr[i] === d.arr[k] &&
      d.status[i] === d.status[k] && d.attempts[i] === d.attempts[k] && d.vcpus[i] === d.vcpus[k] && d.mem[i] === d.mem[k] && d.gpus[i] === d.gpus[k]) what.replay(w);
    else {
      what.start(w, i);
      w.bytes(str[d.name[i]]);
      w.comma();
      w.bytes(str[d.queue[i]]);
      w.comma();
      w.bytes(str[d.def[i]]);
      w.comma();
      if (d.arr[i] >= 0) w.number(d.arr[i]);
      w.comma();
      w.bytes(this.status[d.status[i]]);
      w.comma();
      w.number(d.attempts[i]);
      w.comma();
      w.number(d.vcpus[i]);
      w.comma();
      w.number(d.mem[i]);
      w.comma();
      w.number(d.gpus[i]);
      what.keep(w);
    }
    w.comma();
    w.seconds(d.sub[i]);
    w.comma();
    w.seconds(d.run[i]);
    w.comma();
    w.seconds(d.sta[i]);
    w.comma();
    w.seconds(d.go[i]);
    w.comma();
    w.seconds(d.stop[i]);
    w.comma();
    // queueWaitSeconds: empty for a job that never reached STARTING.
    if (d.sta[i] >= 0) w.seconds(d.sta[i] - d.run[i]);
    w.comma();
    const where = this.where;
    const j = where.row;
    if (j >= 0 && d.ce[i] === d.ce[j] && d.type[i] === d.type[j] && d.inst[i] === d.inst[j] && d.reason[i] === d.reason[j]) where.replay(w);
    else {
      where.start(w, i);
      w.bytes(str[d.ce[i]]);
      w.comma();
      w.bytes(str[d.type[i]]);
      w.comma();
      w.bytes(this.inst[d.inst[i]]);
      w.comma();
      w.bytes(str[d.reason[i]]);
      where.keep(w);
    }
    const executionOf = this.executionOf;
    if (executionOf === null) return;
    w.comma();
    if (executionOf[i] >= 0) w.text(executionId(executionOf[i]));
  }
}

const rowColumns = (L: JobTable) => ({
  name: L.jobName, queue: L.jobQueue, def: L.jobDefinition, arr: L.arrayIndex, status: L.status, attempts: L.attempts, vcpus: L.vcpus,
  mem: L.memoryMiB, gpus: L.gpus, sub: L.submittedAt, run: L.runnableAt, sta: L.startingAt, go: L.startedAt, stop: L.stoppedAt,
  ce: L.computeEnvironment, type: L.instanceType, inst: L.instance, reason: L.statusReason,
});

const NO_JOBS: JobTable = new JobColumns(0).table([]);

const JOB_PREFIX = Buffer.from('job-');

/** jobIdOf(t, i) written as bytes. */
export function writeJobId(w: ByteWriter, t: JobTable, i: number): void {
  w.bytes(JOB_PREFIX);
  if (t.arrayRole[i] === ArrayRole.CHILD) {
    w.number(t.arrayParent[i] + 1);
    w.bytes(COLON);
    w.number(t.arrayIndex[i]);
  } else w.number(i + 1);
}

const COLON = Buffer.from(':');

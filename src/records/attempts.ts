// The attempts table: one row per attempt, in the order attempts ended. The columns the recorder
// fills when an attempt ends, the plain table a run gives back, and attempts.csv.
import type { Attempt } from '../model/job.js';
import { ATTEMPT_END_NAMES } from '../model/types.js';
import { ensure, plainRows, sharedColumn, type PlainRows } from './columns.js';
import { encodeAll, Segment } from './bytes.js';
import { csvField } from './format.js';
import type { InstanceRow } from './instances.js';
import { writeJobId, type JobTable } from './jobs.js';
import { recordTable, type RecordTable } from './table.js';

export const ATTEMPT_COLUMNS = [
  'jobId', 'attempt', 'computeEnvironment', 'instanceType', 'instanceId', 'startingAt', 'startedAt', 'stoppedAt',
  'runSeconds', 'outcome', 'exitCode', 'statusReason',
] as const;

/** While the run goes: growable columns in shared memory (see JobColumns), a row per attempt. A summary-only run leaves out the detail. */
export class AttemptColumns {
  count = 0;
  readonly job = sharedColumn(Int32Array);
  readonly instance = sharedColumn(Int32Array);
  readonly startingAt = sharedColumn(Float64Array);
  readonly startedAt = sharedColumn(Float64Array);
  readonly stoppedAt = sharedColumn(Float64Array);
  /** AttemptEnd code. */
  readonly end = sharedColumn(Uint8Array);
  /** The columns only the records read; null in a summary-only run. */
  readonly detail: AttemptDetailColumns | null;

  constructor(capacity: number, summaryOnly = false) {
    this.detail = summaryOnly ? null : new AttemptDetailColumns(capacity);
    ensure(this, capacity);
  }

  /** The next row; `reasonId` is the attempt's interned statusReason. */
  write(a: Attempt, reasonId: number): void {
    const i = this.count++;
    const detail = this.detail;
    if (i >= this.job.data.length) {
      ensure(this, 2 * (i + 1));
      ensure(detail, 2 * (i + 1));
    }
    this.job.data[i] = a.job.index;
    this.instance.data[i] = a.instance.ordinal;
    this.startingAt.data[i] = a.startingAt;
    this.startedAt.data[i] = a.startedAt;
    this.stoppedAt.data[i] = a.stoppedAt;
    this.end.data[i] = a.end;
    if (detail !== null) {
      detail.attemptNumber.data[i] = a.attemptNumber;
      detail.exitCode.data[i] = a.exitCode === null ? NaN : a.exitCode;
      detail.statusReason.data[i] = reasonId;
    }
  }

  table(): AttemptTable {
    return { count: this.count, ...plainRows<AttemptColumns>(this, this.count), ...(this.detail === null ? NO_ATTEMPT_DETAIL : plainRows(this.detail, this.count)) };
  }
}

/** The attempts table's columns that only attempts.csv and attempts.arrow read. */
class AttemptDetailColumns {
  readonly attemptNumber = sharedColumn(Uint8Array);
  /** NaN where there is no exit code. */
  readonly exitCode = sharedColumn(Float64Array);
  /** Index into the jobs table's strings. */
  readonly statusReason = sharedColumn(Int32Array);

  constructor(capacity: number) {
    ensure(this, capacity);
  }
}

/** A summary-only run's detail columns: empty. */
const NO_ATTEMPT_DETAIL = plainRows(new AttemptDetailColumns(0), 0);

/** The attempts of a run as plain data; strings are the jobs table's. */
export type AttemptTable = { readonly count: number } & PlainRows<AttemptColumns> & PlainRows<AttemptDetailColumns>;

/** What attempts.csv says of an instance. */
export type AttemptInstance = Pick<InstanceRow, 'instanceId' | 'computeEnvironment' | 'instanceType'>;

/** attempts.csv; `instances` by ordinal − 1. */
export function attemptsTable(A: AttemptTable, jobs: JobTable, instances: readonly AttemptInstance[]): RecordTable {
  const reasons = encodeAll(jobs.strings.map(csvField));
  const ids = encodeAll([''].concat(instances.map((x) => x.instanceId)));
  const ces = encodeAll([''].concat(instances.map((x) => csvField(x.computeEnvironment))));
  const types = encodeAll([''].concat(instances.map((x) => csvField(x.instanceType))));
  const ends = encodeAll(ATTEMPT_END_NAMES);
  const d = {
    job: A.job, n: A.attemptNumber, inst: A.instance, sta: A.startingAt, go: A.startedAt,
    stop: A.stoppedAt, end: A.end, exit: A.exitCode, reason: A.statusReason,
  };
  // attempt … instanceId and outcome … statusReason repeat from row to row: kept and copied (bytes.ts Segment).
  const where = new Segment();
  const how = new Segment();
  return recordTable({
    name: 'attempts',
    columns: ATTEMPT_COLUMNS,
    rowCount: A.count,
    writeRow: (i, w) => {
      writeJobId(w, jobs, d.job[i]);
      w.comma();
      const k = where.row;
      if (k >= 0 && d.n[i] === d.n[k] && d.inst[i] === d.inst[k]) where.replay(w);
      else {
        where.start(w, i);
        w.number(d.n[i]);
        w.comma();
        w.bytes(ces[d.inst[i]]);
        w.comma();
        w.bytes(types[d.inst[i]]);
        w.comma();
        w.bytes(ids[d.inst[i]]);
        where.keep(w);
      }
      w.comma();
      w.seconds(d.sta[i]);
      w.comma();
      w.seconds(d.go[i]);
      w.comma();
      w.seconds(d.stop[i]);
      w.comma();
      // runSeconds: empty unless the attempt both started and stopped.
      if (d.go[i] >= 0 && d.stop[i] >= 0) w.seconds(d.stop[i] - d.go[i]);
      w.comma();
      const j = how.row;
      // exitCode is NaN where there is none: NaN matches NaN here.
      const x = d.exit[i];
      const y = j >= 0 ? d.exit[j] : NaN;
      if (j >= 0 && d.end[i] === d.end[j] && (x === y || (x !== x && y !== y)) && d.reason[i] === d.reason[j]) how.replay(w);
      else {
        how.start(w, i);
        w.bytes(ends[d.end[i]]);
        w.comma();
        if (!Number.isNaN(x)) w.number(x);
        w.comma();
        w.bytes(reasons[d.reason[i]]);
        how.keep(w);
      }
    },
  });
}

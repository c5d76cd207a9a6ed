// The attempts table: one row per attempt, in the order attempts ended. The columns the recorder
// fills when an attempt ends, the plain table a run gives back, and attempts.csv.
import type { Attempt } from '../model/job.js';
import { ATTEMPT_END_NAMES } from '../model/types.js';
import { Column, ensure, plainRows, type PlainRows } from './columns.js';
import { csvField, seconds } from './format.js';
import type { InstanceRow } from './instances.js';
import { jobIdOf, type JobTable } from './jobs.js';
import { isAscii, type RecordTable } from './table.js';

export const ATTEMPT_COLUMNS = [
  'jobId', 'attempt', 'computeEnvironment', 'instanceType', 'instanceId', 'startingAt', 'startedAt', 'stoppedAt',
  'runSeconds', 'outcome', 'exitCode', 'statusReason',
] as const;

export class AttemptColumns {
  count = 0;
  readonly job = new Column(Int32Array);
  readonly attemptNumber = new Column(Uint8Array);
  readonly instance = new Column(Int32Array);
  readonly startingAt = new Column(Float64Array);
  readonly startedAt = new Column(Float64Array);
  readonly stoppedAt = new Column(Float64Array);
  /** AttemptEnd code. */
  readonly end = new Column(Uint8Array);
  /** NaN where there is no exit code. */
  readonly exitCode = new Column(Float64Array);
  /** Index into the jobs table's strings. */
  readonly statusReason = new Column(Int32Array);

  constructor(capacity: number) {
    ensure(this, capacity);
  }

  /** The next row; `reasonId` is the attempt's interned statusReason. */
  write(a: Attempt, reasonId: number): void {
    const i = this.count++;
    if (i >= this.job.data.length) ensure(this, 2 * (i + 1));
    this.job.data[i] = a.job.index;
    this.attemptNumber.data[i] = a.attemptNumber;
    this.instance.data[i] = a.instance.ordinal;
    this.startingAt.data[i] = a.startingAt;
    this.startedAt.data[i] = a.startedAt;
    this.stoppedAt.data[i] = a.stoppedAt;
    this.end.data[i] = a.end;
    this.exitCode.data[i] = a.exitCode === null ? NaN : a.exitCode;
    this.statusReason.data[i] = reasonId;
  }

  table(): AttemptTable {
    return { count: this.count, ...plainRows<AttemptColumns>(this, this.count) };
  }
}

/** The attempts of a run as plain data; strings are the jobs table's. */
export type AttemptTable = { readonly count: number } & PlainRows<AttemptColumns>;

/** attempts.csv. */
export function attemptsTable(A: AttemptTable, jobs: JobTable, instances: readonly InstanceRow[]): RecordTable {
  const reasons = jobs.strings.map(csvField);
  const ids = [''].concat(instances.map((x) => x.instanceId));
  const ces = [''].concat(instances.map((x) => csvField(x.computeEnvironment)));
  const types = [''].concat(instances.map((x) => csvField(x.instanceType)));
  const d = {
    job: A.job, n: A.attemptNumber, inst: A.instance, sta: A.startingAt, go: A.startedAt,
    stop: A.stoppedAt, end: A.end, exit: A.exitCode, reason: A.statusReason,
  };
  return {
    name: 'attempts',
    columns: ATTEMPT_COLUMNS,
    rowCount: A.count,
    ascii: jobs.strings.every(isAscii) && instances.every((x) => isAscii(x.computeEnvironment) && isAscii(x.instanceType)),
    line: (i) => {
      const run = d.go[i] >= 0 && d.stop[i] >= 0 ? seconds(d.stop[i] - d.go[i]) : '';
      const exit = Number.isNaN(d.exit[i]) ? '' : d.exit[i];
      return `${jobIdOf(jobs, d.job[i])},${d.n[i]},${ces[d.inst[i]]},${types[d.inst[i]]},${ids[d.inst[i]]},${seconds(d.sta[i])},${seconds(d.go[i])},${seconds(d.stop[i])},${run},${ATTEMPT_END_NAMES[d.end[i]]},${exit},${reasons[d.reason[i]]}`;
    },
  };
}

// The flat record tables of a run: one row per job, per attempt, per instance, per sample. Each
// table declares its columns (documented in the README) and renders row i as one CSV line.
import type { SimulationResult } from '../model/result.js';
import { ATTEMPT_END_NAMES, JOB_STATUS_NAMES } from '../model/types.js';
import { instanceBill } from '../metrics/billing.js';
import { jobIdOf } from '../model/ledger.js';
import { csvField, round, seconds } from './format.js';

export interface RecordTable {
  /** File name without extension. */
  name: string;
  columns: readonly string[];
  rowCount: number;
  /** Row i as CSV text, without the line break. */
  line(i: number): string;
  /** Whether every character is ASCII (then the writer may use the faster latin1 encoding). */
  ascii: boolean;
}

export const JOB_COLUMNS = [
  'jobId', 'jobName', 'jobQueue', 'jobDefinition', 'arrayIndex', 'status', 'attempts', 'vcpus', 'memoryMiB', 'gpus',
  'submittedAt', 'runnableAt', 'startingAt', 'startedAt', 'stoppedAt', 'queueWaitSeconds',
  'computeEnvironment', 'instanceType', 'instanceId', 'statusReason',
] as const;

export const ATTEMPT_COLUMNS = [
  'jobId', 'attempt', 'computeEnvironment', 'instanceType', 'instanceId', 'startingAt', 'startedAt', 'stoppedAt',
  'runSeconds', 'outcome', 'exitCode', 'statusReason',
] as const;

export const INSTANCE_COLUMNS = [
  'instanceId', 'computeEnvironment', 'instanceType', 'purchaseOption', 'vcpus', 'memoryMiB', 'gpus',
  'launchedAt', 'readyAt', 'terminatedAt', 'reclaimed', 'billedSeconds', 'priceUsdPerHour', 'costUsd',
  'computeCostUsd', 'ebsCostUsd', 'busyCostUsd', 'idleCostUsd', 'lostCostUsd', 'jobsRun', 'busyvCpuSeconds',
  'lostvCpuSeconds', 'utilisation',
] as const;

export const TIMESERIES_COLUMNS = ['time', 'scope', 'name', 'metric', 'value'] as const;

const isAscii = (s: string): boolean => /^[\x00-\x7f]*$/.test(s);

export function jobsTable(r: SimulationResult): RecordTable {
  const L = r.jobs;
  const str = L.strings.values.map(csvField);
  const inst = instanceIds(r);
  const d = {
    name: L.jobName.data, queue: L.jobQueue.data, def: L.jobDefinition.data, arr: L.arrayIndex.data, status: L.status.data,
    attempts: L.attempts.data, vcpus: L.vcpus.data, mem: L.memoryMiB.data, gpus: L.gpus.data, sub: L.submittedAt.data,
    run: L.runnableAt.data, sta: L.startingAt.data, go: L.startedAt.data, stop: L.stoppedAt.data,
    ce: L.computeEnvironment.data, type: L.instanceType.data, inst: L.instance.data, reason: L.statusReason.data,
  };
  return {
    name: 'jobs',
    columns: JOB_COLUMNS,
    rowCount: L.count,
    ascii: L.strings.values.every(isAscii),
    line: (i) => {
      const wait = d.sta[i] >= 0 ? seconds(d.sta[i] - d.run[i]) : '';
      return `${jobIdOf(L, i)},${str[d.name[i]]},${str[d.queue[i]]},${str[d.def[i]]},${d.arr[i] < 0 ? '' : d.arr[i]},${JOB_STATUS_NAMES[d.status[i]]},${d.attempts[i]},${d.vcpus[i]},${d.mem[i]},${d.gpus[i]},${seconds(d.sub[i])},${seconds(d.run[i])},${seconds(d.sta[i])},${seconds(d.go[i])},${seconds(d.stop[i])},${wait},${str[d.ce[i]]},${str[d.type[i]]},${inst[d.inst[i]]},${str[d.reason[i]]}`;
    },
  };
}

export function attemptsTable(r: SimulationResult): RecordTable {
  const A = r.attempts;
  const reasons = r.jobs.strings.values.map(csvField);
  const ids = instanceIds(r);
  const ces = [''].concat(r.instances.map((x) => csvField(x.ce.name)));
  const types = [''].concat(r.instances.map((x) => csvField(x.instanceType)));
  const d = {
    job: A.job.data, n: A.attemptNumber.data, inst: A.instance.data, sta: A.startingAt.data, go: A.startedAt.data,
    stop: A.stoppedAt.data, end: A.end.data, exit: A.exitCode.data, reason: A.statusReason.data,
  };
  return {
    name: 'attempts',
    columns: ATTEMPT_COLUMNS,
    rowCount: A.count,
    ascii: r.jobs.strings.values.every(isAscii) && r.instances.every((x) => isAscii(x.ce.name) && isAscii(x.instanceType)),
    line: (i) => {
      const run = d.go[i] >= 0 && d.stop[i] >= 0 ? seconds(d.stop[i] - d.go[i]) : '';
      const exit = Number.isNaN(d.exit[i]) ? '' : d.exit[i];
      return `${jobIdOf(r.jobs, d.job[i])},${d.n[i]},${ces[d.inst[i]]},${types[d.inst[i]]},${ids[d.inst[i]]},${seconds(d.sta[i])},${seconds(d.go[i])},${seconds(d.stop[i])},${run},${ATTEMPT_END_NAMES[d.end[i]]},${exit},${reasons[d.reason[i]]}`;
    },
  };
}

export function instancesTable(r: SimulationResult): RecordTable {
  const rows = r.instances.map((x) => {
    const bill = instanceBill(x, r.prices);
    const lifetimeMs = x.terminatedAt - x.launchedAt;
    const util = lifetimeMs > 0 ? x.busyVcpuMs / (x.vcpus * lifetimeMs) : 0;
    return [
      x.instanceId, csvField(x.ce.name), csvField(x.instanceType), x.purchaseOption, x.vcpus, x.memoryMiB, x.gpus,
      seconds(x.launchedAt), seconds(x.readyAt), seconds(x.terminatedAt), x.interrupted, bill.billedSeconds,
      round(x.priceUsdPerHour, 9), bill.costUsd, bill.computeUsd, bill.ebsUsd, bill.busyUsd, bill.idleUsd, bill.lostUsd,
      x.jobsRun, round(x.busyVcpuMs / 1000, 3), round(x.lostVcpuMs / 1000, 3), round(util, 6),
    ].join(',');
  });
  return {
    name: 'instances',
    columns: INSTANCE_COLUMNS,
    rowCount: rows.length,
    ascii: rows.every(isAscii),
    line: (i) => rows[i],
  };
}

export function timeseriesTable(r: SimulationResult): RecordTable {
  const s = r.samples;
  const names = s.name.map(csvField);
  return {
    name: 'timeseries',
    columns: TIMESERIES_COLUMNS,
    rowCount: s.t.length,
    ascii: names.every(isAscii),
    line: (i) => `${seconds(s.t[i])},${s.scope[i]},${names[i]},${s.metric[i]},${s.value[i]}`,
  };
}

/** instanceId by ordinal; ordinal 0 means "no instance". */
function instanceIds(r: SimulationResult): string[] {
  return [''].concat(r.instances.map((x) => x.instanceId));
}

// The record tables of a run (four, and executions.csv when it has state machines), in the order their files are written, each rendered from the
// result's plain data. Each table's columns live with its row code (jobs.ts, attempts.ts, …).
import { attemptsTable, type AttemptInstance, type AttemptTable } from './attempts.js';
import { executionsTable } from './executions.js';
import { instancesTable } from './instances.js';
import { jobsTable, type JobTable } from './jobs.js';
import type { SimulationResult } from './result.js';
import type { RecordTable } from './table.js';
import { timeseriesTable } from './timeseries.js';

export type { RecordTable } from './table.js';
export { ATTEMPT_COLUMNS } from './attempts.js';
export { EXECUTION_COLUMNS } from './executions.js';
export { INSTANCE_COLUMNS } from './instances.js';
export { JOB_COLUMNS } from './jobs.js';
export { TIMESERIES_COLUMNS } from './timeseries.js';

/** What jobs.csv is made of, as plain data (so another thread can write it: report/formatThread.ts). */
export interface JobsCsvInput {
  jobs: JobTable;
  /** By instance ordinal; '' for none (ordinal 0). */
  instanceIds: string[];
  /** Runs with state machines: each job's execution, -1 for none. */
  executionOf: Int32Array | null;
}

export function jobsCsvInput(r: SimulationResult): JobsCsvInput {
  return { jobs: r.jobs, instanceIds: [''].concat(r.instances.map((x) => x.instanceId)), executionOf: r.pipelines?.executionOfJob ?? null };
}

export const jobsCsvTable = (input: JobsCsvInput): RecordTable => jobsTable(input.jobs, input.instanceIds, input.executionOf);

/** What attempts.csv is made of, as plain data (another thread can write it too). */
export interface AttemptsCsvInput {
  attempts: AttemptTable;
  /** The jobs, for their ids (strings included: the attempts' status reasons are interned there). */
  jobs: JobTable;
  instances: AttemptInstance[];
}

export function attemptsCsvInput(r: SimulationResult): AttemptsCsvInput {
  return { attempts: r.attempts, jobs: r.jobs, instances: r.instances.map((x) => ({ instanceId: x.instanceId, computeEnvironment: x.computeEnvironment, instanceType: x.instanceType })) };
}

export const attemptsCsvTable = (input: AttemptsCsvInput): RecordTable => attemptsTable(input.attempts, input.jobs, input.instances);

/** The record tables; `withoutBig` leaves jobs.csv and attempts.csv out (they are being written elsewhere). */
export function recordTables(r: SimulationResult, withoutBig = false): RecordTable[] {
  const tables = [instancesTable(r.instances, r.bills), timeseriesTable(r.samples)];
  if (!withoutBig) tables.unshift(jobsCsvTable(jobsCsvInput(r)), attemptsTable(r.attempts, r.jobs, r.instances));
  // Runs with state machines: executions.csv, after the four.
  if (r.pipelines) tables.push(executionsTable(r.pipelines));
  return tables;
}

// The record tables of a run (four, and executions.csv when it has state machines), in the order their files are written, each rendered from the
// result's plain data. Each table's columns live with its row code (jobs.ts, attempts.ts, …).
import { attemptsTable } from './attempts.js';
import { executionsTable } from './executions.js';
import { instancesTable } from './instances.js';
import { jobsTable } from './jobs.js';
import type { SimulationResult } from './result.js';
import type { RecordTable } from './table.js';
import { timeseriesTable } from './timeseries.js';

export type { RecordTable } from './table.js';
export { ATTEMPT_COLUMNS } from './attempts.js';
export { EXECUTION_COLUMNS } from './executions.js';
export { INSTANCE_COLUMNS } from './instances.js';
export { JOB_COLUMNS } from './jobs.js';
export { TIMESERIES_COLUMNS } from './timeseries.js';

export function recordTables(r: SimulationResult): RecordTable[] {
  const ids = [''].concat(r.instances.map((x) => x.instanceId));
  const p = r.pipelines ?? null;
  const tables = [jobsTable(r.jobs, ids, p?.executionOfJob ?? null), attemptsTable(r.attempts, r.jobs, r.instances), instancesTable(r.instances, r.bills), timeseriesTable(r.samples)];
  // Runs with state machines: executions.csv, after the four.
  if (p !== null) tables.push(executionsTable(p));
  return tables;
}

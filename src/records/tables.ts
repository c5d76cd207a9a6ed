// The four record tables of a run, in the order their files are written, each rendered from the
// result's plain data. Each table's columns live with its row code (jobs.ts, attempts.ts, …).
import { attemptsTable } from './attempts.js';
import { instancesTable } from './instances.js';
import { jobsTable } from './jobs.js';
import type { SimulationResult } from './result.js';
import type { RecordTable } from './table.js';
import { timeseriesTable } from './timeseries.js';

export type { RecordTable } from './table.js';
export { ATTEMPT_COLUMNS } from './attempts.js';
export { INSTANCE_COLUMNS } from './instances.js';
export { JOB_COLUMNS } from './jobs.js';
export { TIMESERIES_COLUMNS } from './timeseries.js';

export function recordTables(r: SimulationResult): RecordTable[] {
  const ids = [''].concat(r.instances.map((x) => x.instanceId));
  return [jobsTable(r.jobs, ids), attemptsTable(r.attempts, r.jobs, r.instances), instancesTable(r.instances, r.bills), timeseriesTable(r.samples)];
}

// A run's result as plain data: the recorded tables, the model's end-of-run snapshots and each
// instance's bill. No live object of the model is in it, so it survives structuredClone, a worker
// thread or a shard file, and the metrics and reports read only this.
import type { ModelRun } from '../model/result.js';
import type { Scenario } from '../scenario/types.js';
import type { InstanceBill } from './instances.js';
import type { RecordedRun } from './recorder.js';

export interface SimulationResult extends ModelRun, RecordedRun {
  scenario: Scenario;
  /** bills[k] is the bill of instances[k], computed once (metrics/billing.ts) for summary and instances.csv. */
  bills: InstanceBill[];
}

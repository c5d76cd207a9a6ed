// One simulation run: the AWS Batch model driven by the workload layer's arrival processes.
import { runBatch, type RunOptions, type SimulationResult } from '../model/batch.js';
import type { Catalog } from '../model/catalog.js';
import type { Scenario } from '../scenario/types.js';
import { arrivalProcess } from '../workload/arrivals.js';

export function simulate(scenario: Scenario, catalog: Catalog, options: Omit<RunOptions, 'arrivals'> = {}): SimulationResult {
  return runBatch(scenario, catalog, { ...options, arrivals: arrivalProcess });
}

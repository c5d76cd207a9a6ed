// One simulation run: the AWS Batch model driven by the workload layer's arrival processes.
import { runBatch, type RunOptions, type SimulationResult } from '../model/batch.js';
import type { Catalog } from '../model/catalog.js';
import type { Scenario } from '../scenario/types.js';
import { arrivalProcess } from '../workload/arrivals.js';

export function simulate(scenario: Scenario, catalog: Catalog, options: Omit<RunOptions, 'arrivals'> = {}): SimulationResult {
  // Schedules fire on the scenario's calendar, so the arrival source carries its start instant.
  const arrivals: RunOptions['arrivals'] = (a, random, untilMs) => arrivalProcess(a, random, untilMs, scenario.startAtMs);
  return runBatch(scenario, catalog, { ...options, arrivals });
}

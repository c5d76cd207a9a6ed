// One simulation run: the AWS Batch model driven by the workload layer's arrival processes, its
// rows kept by the columnar recorder, and every instance billed once; the result is plain data.
import { billInstances } from '../metrics/billing.js';
import { runBatch, type RunOptions } from '../model/batch.js';
import type { Catalog } from '../model/catalog.js';
import { expectedJobs } from '../model/submission.js';
import { ColumnarRecorder } from '../records/recorder.js';
import type { SimulationResult } from '../records/result.js';
import { samplingIntervalMs } from '../scenario/estimate.js';
import type { Scenario } from '../scenario/types.js';
import { arrivalProcess } from '../workload/arrivals.js';

export function simulate(given: Scenario, catalog: Catalog, options: Omit<RunOptions, 'arrivals' | 'recorder'> = {}): SimulationResult {
  // A horizon of years samples the time series coarsely, so memory stays bounded (validate warns).
  const timeseriesIntervalMs = samplingIntervalMs(given);
  const scenario = timeseriesIntervalMs === given.assumptions.timeseriesIntervalMs ? given : { ...given, assumptions: { ...given.assumptions, timeseriesIntervalMs } };
  // Schedules fire on the scenario's calendar, so the arrival source carries its start instant.
  const arrivals: RunOptions['arrivals'] = (a, random, untilMs) => arrivalProcess(a, random, untilMs, scenario.startAtMs);
  const recorder = new ColumnarRecorder(expectedJobs(scenario), options.summaryOnly === true);
  const run = runBatch(scenario, catalog, { ...options, arrivals, recorder });
  const recorded = recorder.finish();
  return { scenario, ...run, ...recorded, bills: billInstances(recorded.instances, run.prices) };
}

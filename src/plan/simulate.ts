// One simulation run: the AWS Batch model driven by the workload layer's arrival processes, its
// rows kept by the columnar recorder, and every instance billed once; the result is plain data.
import { billInstances } from '../metrics/billing.js';
import { batchSteps, runSteps, type RunOptions } from '../model/batch.js';
import type { Catalog } from '../model/catalog.js';
import { expectedJobs } from '../model/submission.js';
import { ColumnarRecorder, type JobRowsListener } from '../records/recorder.js';
import type { SimulationResult } from '../records/result.js';
import { samplingIntervalMs } from '../scenario/estimate.js';
import type { Scenario } from '../scenario/types.js';
import { arrivalProcess } from '../workload/arrivals.js';

export type SimulateOptions = Omit<RunOptions, 'arrivals' | 'recorder' | 'pause'> & {
  /** Hears, while the run goes, which jobs table rows are final (records/recorder.ts). */
  jobRows?: JobRowsListener;
};

export function simulate(given: Scenario, catalog: Catalog, options: SimulateOptions = {}): SimulationResult {
  return runSteps(simulationSteps(given, catalog, options));
}

/**
 * simulate, pausing about every `sliceMs` of wall time for `between` (by default one turn of the
 * event loop: a signal handler runs, a thread's messages arrive). The result is simulate's.
 */
export async function simulateInSlices(given: Scenario, catalog: Catalog, options: SimulateOptions & { sliceMs: number }, between: () => Promise<void> = nextTurn): Promise<SimulationResult> {
  let due = monotonicMs() + options.sliceMs;
  const steps = simulationSteps(given, catalog, { ...options, pause: () => monotonicMs() >= due });
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await between();
    due = monotonicMs() + options.sliceMs;
  }
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** process.hrtime, not performance.now(), which loads Node's perf_hooks (start-up); only where a run pauses depends on it. */
function monotonicMs(): number {
  const [s, ns] = process.hrtime();
  return s * 1e3 + ns / 1e6;
}

function* simulationSteps(given: Scenario, catalog: Catalog, options: SimulateOptions & Pick<RunOptions, 'pause'>): Generator<void, SimulationResult, void> {
  // A horizon of years samples the time series coarsely, so memory stays bounded (validate warns).
  const timeseriesIntervalMs = samplingIntervalMs(given);
  const scenario = timeseriesIntervalMs === given.assumptions.timeseriesIntervalMs ? given : { ...given, assumptions: { ...given.assumptions, timeseriesIntervalMs } };
  // Schedules fire on the scenario's calendar, so the arrival source carries its start instant.
  const arrivals: RunOptions['arrivals'] = (a, random, untilMs) => arrivalProcess(a, random, untilMs, scenario.startAtMs);
  const recorder = new ColumnarRecorder(expectedJobs(scenario), options.summaryOnly === true, options.jobRows ?? null);
  const run = yield* batchSteps(scenario, catalog, { ...options, arrivals, recorder });
  const recorded = recorder.finish();
  return { scenario, ...run, ...recorded, bills: billInstances(recorded.instances, run.prices) };
}

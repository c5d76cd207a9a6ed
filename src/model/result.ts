// What a run gives back and what it is given: the result, the options, and the Recorder interface
// that the model calls at each transition (as OpenDC's compute monitors are called), so the model
// keeps no records of its own.
import type { Random } from '../engine/random.js';
import type { Arrivals, Scenario } from '../scenario/types.js';
import type { LambdaPrices } from './catalog.js';
import type { Environment, Instance } from './instance.js';
import type { Attempt, Job } from './job.js';
import type { JobQueueRuntime } from './jobQueue.js';
import type { AttemptLedger, JobLedger } from './ledger.js';
import type { TraceEvent } from './types.js';

export type { TraceEvent } from './types.js';

export type SampleScope = 'jobQueue' | 'computeEnvironment';

/** Tidy samples: one value per (instant, scope, name, metric). */
export interface Samples {
  t: number[];
  scope: SampleScope[];
  name: string[];
  metric: string[];
  value: number[];
}

/** Called by the model at each transition; it decides how rows are kept. */
export interface Recorder {
  /** An id for a name job rows refer to (job name, queue, definition), asked once per job spec. */
  intern(name: string): number;
  /** A job's row, when it ends, or at the end of the run for a job still in flight (written again if recorded twice). */
  job(job: Job): void;
  /** An attempt's row, when it ends (or at the end of the run, unfinished). */
  attempt(attempt: Attempt): void;
  sample(at: number, scope: SampleScope, name: string, metric: string, value: number): void;
  /** Drop the samples taken after `at`; returns the instant of the last one kept, or -1 if none is left. */
  truncateSamplesAfter(at: number): number;
}

export interface SimulationResult {
  scenario: Scenario;
  seed: number;
  jobs: JobLedger;
  attempts: AttemptLedger;
  instances: Instance[];
  samples: Samples;
  /** When the run ended: the horizon if it cut work off, else the last event. */
  endAt: number;
  /** Whether `until` stopped the clock with work left. */
  cutOff: boolean;
  queues: JobQueueRuntime[];
  environments: Environment[];
  eventsProcessed: number;
  /** Prices the bill needs beyond each instance's own rate, resolved from scenario and data. */
  prices: { ebsRootVolumeGiB: number; ebsUsdPerGiBMonth: number; lambda: LambdaPrices };
}

/** Turns a workload group's arrivals into a lazy sequence of instants (the workload layer provides it). */
export type ArrivalSource = (arrivals: Arrivals, random: Random, untilMs: number | null) => () => number | null;

export interface RunOptions {
  arrivals: ArrivalSource;
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Called with every job state change and instance lifecycle event, in simulation order. */
  trace?: (e: TraceEvent) => void;
  /**
   * Called every 65,536 events with how far the run has come (0..1: jobs ended of those the
   * workload will submit, else simulated time of `until`; null when neither is known).
   */
  progress?: (fraction: number | null) => void;
}

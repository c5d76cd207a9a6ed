// What a run is given and gives back: the options, the Recorder interface that the model calls at
// each transition (as OpenDC's compute monitors are called), so the model keeps no records of its
// own, and the model's plain end-of-run snapshots.
import type { Random } from '../engine/random.js';
import type { Arrivals } from '../scenario/types.js';
import type { LambdaPrices } from './catalog.js';
import type { DataMovementSnapshot } from './dataMovement.js';
import type { CapacitySnapshot } from './environments/availability.js';
import type { QuotaSnapshot } from './environments/quotas.js';
import type { Instance } from './instance.js';
import type { Attempt, Job } from './job.js';
import type { ExecutionRecord } from './stepFunctions/execution.js';
import type { ShareReport } from './shareUsage.js';
import type { SubmissionReport } from './submitter.js';
import type { PurchaseOption, SpotRisk, TraceEvent } from './types.js';

export type { TraceEvent } from './types.js';

export type SampleScope = 'jobQueue' | 'computeEnvironment';

/** Called by the model at each transition; it decides how rows are kept. */
export interface Recorder {
  /** An id for a name job rows refer to (job name, queue, definition), asked once per job spec. */
  intern(name: string): number;
  /** A job's row, when it ends, or at the end of the run for a job still in flight (written again if recorded twice). */
  job(job: Job): void;
  /** An attempt's row, when it ends (or at the end of the run, unfinished). */
  attempt(attempt: Attempt): void;
  /** An instance's row, for every instance in creation order once the run has closed. */
  instance(instance: Instance): void;
  /** Declare a time series (a queue's or environment's metric); returns its id for sample and level. */
  series(scope: SampleScope, name: string, metric: string): number;
  /** A sampling instant's value of a series (timeseries.csv keeps a row only when it changed). */
  sample(at: number, series: number, value: number): void;
  /** A series' settled value changed at `at` (exact, for the charts' bins); instants in order. */
  level(at: number, series: number, value: number): void;
  /** Drop the samples taken after `at`. */
  truncateSamplesAfter(at: number): void;
  /** The run ended at `endAt`: every series is closed there. */
  closeSeries(endAt: number): void;
}

/** A compute environment's counters, taken when the run closes. */
export interface EnvironmentSnapshot {
  name: string;
  purchaseOption: PurchaseOption;
  /** null for an unmanaged fleet (no maxvCpus). */
  maxvCpus: number | null;
  instancesLaunched: number;
  peakvCpus: number;
  interruptions: number;
  /** SPOT and FARGATE_SPOT environments: the reclaim rate assumed and where it came from; null for others. */
  spotRisk: SpotRisk | null;
}

/** A job queue's end state: fair-share queues report each share's usage against its target. */
export interface QueueSnapshot {
  name: string;
  shares: Record<string, ShareReport> | null;
}

/** Prices the bill needs beyond each instance's own rate, resolved from scenario and data. */
export interface RunPrices {
  ebsRootVolumeGiB: number;
  ebsUsdPerGiBMonth: number;
  lambda: LambdaPrices;
}

/** What the model itself gives back (the rows went to the Recorder): plain data only. */
export interface ModelRun {
  seed: number;
  /** When the run ended: the horizon if it cut work off, else the last event. */
  endAt: number;
  /** Whether `until` stopped the clock with jobs still in flight (submitted, not ended). */
  cutOff: boolean;
  eventsProcessed: number;
  /** RunOptions.summaryOnly: no time series and only the summary's columns were recorded, so no records or charts can be written. */
  summaryOnly: boolean;
  /** How the SubmitJob calls went: throttling, backlog, the SUBMITTED cap. */
  submission: SubmissionReport;
  /** In declaration order. */
  queues: QueueSnapshot[];
  environments: EnvironmentSnapshot[];
  prices: RunPrices;
  /** Service quotas and insufficient capacity; absent when the scenario sets neither. */
  limits?: LimitsSnapshot;
  /** Step Functions executions; absent when no workload group starts a state machine. */
  pipelines?: PipelineRun;
  /** S3 data and image-pull bytes moved; absent when the scenario declares no data movement. */
  data?: DataMovementSnapshot;
}

/** What the account's limits did to the run. */
export interface LimitsSnapshot {
  /** Each quota the scenario sets, in the order of its keys. */
  quotas: QuotaSnapshot[];
  /** Null when the scenario has no capacity rule. */
  capacity: CapacitySnapshot | null;
}

/** Turns a workload group's arrivals into a lazy sequence of instants (the workload layer provides it). */
export type ArrivalSource = (arrivals: Arrivals, random: Random, untilMs: number | null) => () => number | null;

export interface RunOptions {
  arrivals: ArrivalSource;
  /** Where jobs, attempts, instances and samples go (records/recorder.ts keeps them as columns). */
  recorder: Recorder;
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Called with every job state change and instance lifecycle event, in simulation order. */
  trace?: (e: TraceEvent) => void;
  /**
   * Called every 65,536 events with how far the run has come (0..1: jobs ended of those the
   * workload will submit, else simulated time of `until`; null when neither is known).
   */
  progress?: (fraction: number | null) => void;
  /**
   * Only summary.json will be made of the run (`--outputs summary`, a plan's runs): no time series
   * is recorded (sampling.ts: the same events, nothing read) and the recorder keeps only the
   * columns the summary reads. The summary is the same. Default false.
   */
  summaryOnly?: boolean;
  /**
   * batchSteps only: asked every 65,536 events whether to pause there (batchSteps yields, so the
   * caller's event loop runs: a signal handler, a thread's messages). The caller's clock decides;
   * where the run pauses never shows in its outputs.
   */
  pause?: () => boolean;
}

/** What the executions did, as plain data for the records and the summary. */
export interface PipelineRun {
  /** In start order. */
  executions: ExecutionRecord[];
  /** Each state machine's type, by name, in declaration order. */
  machines: { name: string; type: 'STANDARD' | 'EXPRESS' }[];
  /** The execution that submitted each job, by the job's index (-1: none); array children carry their parent's. */
  executionOfJob: Int32Array;
  /** S3-triggered executions: the triggering object's size in bytes, by execution id (-1: not S3-triggered). */
  objectBytes: Float64Array;
}

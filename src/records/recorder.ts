// The columnar recorder: what the model calls at each transition (model/result.ts's Recorder).
// A finished job or attempt becomes one row of typed columns with its strings interned; instances
// become plain rows when the run closes; samples are kept as tidy arrays. finish() hands it all
// over as plain data.
import type { Instance } from '../model/instance.js';
import type { Attempt, Job } from '../model/job.js';
import type { Recorder, SampleScope } from '../model/result.js';
import { AttemptColumns, type AttemptTable } from './attempts.js';
import { StringTable } from './columns.js';
import { instanceRow, type InstanceRow } from './instances.js';
import { JobColumns, type JobTable } from './jobs.js';
import { SeriesBins, type SeriesBinsData } from './chartAggregates.js';
import { addSeries, closeSamples, emptySamples, pushSample, truncateSamples, type Samples } from './timeseries.js';

/** What a run recorded, as plain data. */
export interface RecordedRun {
  jobs: JobTable;
  attempts: AttemptTable;
  instances: InstanceRow[];
  samples: Samples;
  /** The charts' min/mean/max bins of every series, exact (chartAggregates.ts). */
  seriesBins: SeriesBinsData;
}

export class ColumnarRecorder implements Recorder {
  private readonly strings = new StringTable();
  private readonly jobs: JobColumns;
  private readonly attempts: AttemptColumns;
  private readonly instances: InstanceRow[] = [];
  private readonly samples: Samples = emptySamples();
  private readonly bins = new SeriesBins();
  private endAt = 0;
  private readonly emptyId: number;
  private lastReason = '';
  private lastReasonId: number;

  /** `expectedJobs` sizes the columns up front (they grow if it was short); `summaryOnly`: RunOptions'. */
  constructor(expectedJobs: number, summaryOnly = false) {
    this.jobs = new JobColumns(expectedJobs, summaryOnly);
    this.attempts = new AttemptColumns(expectedJobs, summaryOnly);
    this.emptyId = this.strings.id('');
    this.lastReasonId = this.emptyId;
  }

  intern(name: string): number {
    return this.strings.id(name);
  }

  job(job: Job): void {
    this.jobs.write(job, this.strings, this.emptyId, this.reasonId(job.statusReason));
  }

  attempt(a: Attempt): void {
    this.attempts.write(a, this.attempts.detail === null ? this.emptyId : this.reasonId(a.statusReason));
  }

  instance(inst: Instance): void {
    this.instances.push(instanceRow(inst));
  }

  series(scope: SampleScope, name: string, metric: string): number {
    addSeries(this.samples, { scope, name, metric });
    return this.bins.add({ scope, name, metric });
  }

  sample(at: number, series: number, value: number): void {
    pushSample(this.samples, at, series, value);
  }

  level(at: number, series: number, value: number): void {
    this.bins.level(at, series, value);
  }

  truncateSamplesAfter(at: number): void {
    truncateSamples(this.samples, at);
  }

  closeSeries(endAt: number): void {
    closeSamples(this.samples, endAt);
    this.endAt = endAt;
  }

  finish(): RecordedRun {
    return {
      jobs: this.jobs.table(this.strings.values),
      attempts: this.attempts.table(),
      instances: this.instances,
      samples: this.samples,
      seriesBins: this.bins.finish(this.endAt),
    };
  }

  /** Interning with a one-entry cache: consecutive rows mostly share their reason. */
  private reasonId(reason: string): number {
    if (reason !== this.lastReason) {
      this.lastReason = reason;
      this.lastReasonId = this.strings.id(reason);
    }
    return this.lastReasonId;
  }
}

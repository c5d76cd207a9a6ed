// The columnar recorder: what the model calls at each transition (model/result.ts's Recorder).
// A finished job or attempt becomes one row of typed columns with its strings interned; instances
// become plain rows when the run closes; samples are kept as tidy arrays. finish() hands it all
// over as plain data.
import type { Instance } from '../model/instance.js';
import type { Attempt, Job } from '../model/job.js';
import type { Recorder, SampleScope } from '../model/result.js';
import { AttemptColumns, type AttemptTable } from './attempts.js';
import { Column, StringTable } from './columns.js';
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

/**
 * Hears, while a run goes, how far the jobs table's rows are final (report/formatThread.ts writes
 * jobs.csv from them then). A job's row is written once, when it ends or when the run closes, so
 * rows 0..n-1 are final once each of those jobs has ended; told about every `every` rows.
 */
export interface JobRowsListener {
  readonly every: number;
  /** Rows [0, upTo) are final; `rows` gives the table and the instance ids new since the last call. */
  final(upTo: number, rows: FinalJobRows): void;
  /** A row already told final was written again (not expected): the rows told final were not. */
  rewritten(): void;
}

export interface FinalJobRows {
  /** The table as it stands, its strings included. */
  table(): JobTable;
  /** [ordinal, instanceId] of the instances first named by a row since the last call. */
  takeInstanceIds(): [number, string][];
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

  /** Whether each job's row is written (while a listener hears of them: null otherwise, or once a row was rewritten), and the first one not yet. */
  private written: Column<Uint8Array> | null = null;
  private finalRows = 0;
  private toldRows = 0;
  private newInstances: [number, string][] = [];
  /** By ordinal: whether the listener has heard the instance's id. */
  private readonly named = new Column(Uint8Array);

  /** `expectedJobs` sizes the columns up front (they grow if it was short); `summaryOnly`: RunOptions'. */
  constructor(expectedJobs: number, summaryOnly = false, private readonly listener: JobRowsListener | null = null) {
    if (listener !== null) this.written = new Column(Uint8Array, Math.max(1024, expectedJobs));
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
    if (this.written !== null) this.finalize(job);
  }

  /** Mark `job`'s row written and tell the listener when the final rows have grown by its `every`. */
  private finalize(job: Job): void {
    const i = job.index;
    const listener = this.listener!;
    if (i < this.toldRows) {
      this.written = null;
      listener.rewritten();
      return;
    }
    const inst = job.lastAttempt?.instance ?? null;
    if (inst !== null) {
      const k = inst.ordinal;
      this.named.grow(k + 1);
      if (this.named.data[k] === 0) {
        this.named.data[k] = 1;
        this.newInstances.push([k, inst.instanceId]);
      }
    }
    this.written!.grow(i + 1);
    const written = this.written!.data;
    written[i] = 1;
    let f = this.finalRows;
    while (f < written.length && written[f] === 1) f++;
    this.finalRows = f;
    if (f - this.toldRows >= listener.every) {
      this.toldRows = f;
      listener.final(f, this.finalJobRows);
    }
  }

  private readonly finalJobRows: FinalJobRows = {
    table: () => this.jobs.table(this.strings.values),
    takeInstanceIds: () => {
      const ids = this.newInstances;
      this.newInstances = [];
      return ids;
    },
  };

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

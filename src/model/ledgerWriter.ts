// The columnar recorder: writes a finished job or attempt into the ledgers (ledger.ts), one row with
// its strings interned, and keeps the samples.
import type { Attempt, Job } from './job.js';
import { ArrayRole, ensure, type AttemptLedger, type JobLedger, type StringTable } from './ledger.js';
import type { Recorder, SampleScope, Samples } from './result.js';

export class LedgerWriter implements Recorder {
  readonly samples: Samples = { t: [], scope: [], name: [], metric: [], value: [] };
  private readonly emptyId: number;
  private lastReason = '';
  private lastReasonId: number;

  constructor(
    private readonly strings: StringTable,
    readonly jobs: JobLedger,
    readonly attempts: AttemptLedger,
  ) {
    this.emptyId = strings.id('');
    this.lastReasonId = this.emptyId;
  }

  intern(name: string): number {
    return this.strings.id(name);
  }

  /** The job's row, at its submission index (written again if the job is recorded twice). */
  job(job: Job): void {
    const L = this.jobs;
    const i = job.index;
    if (i >= L.status.data.length) ensure(L, 2 * (i + 1));
    if (i >= L.count) L.count = i + 1;
    const a = job.lastAttempt;
    L.jobName.data[i] = job.template.jobNameId;
    L.jobQueue.data[i] = job.template.jobQueueId;
    L.jobDefinition.data[i] = job.template.jobDefinitionId;
    L.arrayIndex.data[i] = job.arrayIndex ?? -1;
    L.arrayRole.data[i] = job.isArrayParent ? ArrayRole.PARENT : job.parent !== null ? ArrayRole.CHILD : ArrayRole.PLAIN;
    L.arrayParent.data[i] = job.parent !== null ? job.parent.index : -1;
    L.status.data[i] = job.status;
    L.attempts.data[i] = job.attemptCount;
    L.vcpus.data[i] = job.vcpus;
    L.memoryMiB.data[i] = job.memoryMiB;
    L.gpus.data[i] = job.gpus;
    L.submittedAt.data[i] = job.submittedAt;
    L.runnableAt.data[i] = job.runnableAt;
    L.startingAt.data[i] = job.startingAt;
    L.startedAt.data[i] = job.startedAt;
    L.stoppedAt.data[i] = job.stoppedAt;
    L.computeEnvironment.data[i] = a ? this.strings.id(a.instance.ce.name) : this.emptyId;
    L.instanceType.data[i] = a ? this.strings.id(a.instance.instanceType) : this.emptyId;
    L.instance.data[i] = a ? a.instance.ordinal : 0;
    L.statusReason.data[i] = this.reasonId(job.statusReason);
  }

  /** The next attempt row, in the order attempts end. */
  attempt(a: Attempt): void {
    const L = this.attempts;
    const i = L.count++;
    if (i >= L.job.data.length) ensure(L, 2 * (i + 1));
    L.job.data[i] = a.job.index;
    L.attemptNumber.data[i] = a.attemptNumber;
    L.instance.data[i] = a.instance.ordinal;
    L.startingAt.data[i] = a.startingAt;
    L.startedAt.data[i] = a.startedAt;
    L.stoppedAt.data[i] = a.stoppedAt;
    L.end.data[i] = a.end;
    L.exitCode.data[i] = a.exitCode === null ? NaN : a.exitCode;
    L.statusReason.data[i] = this.reasonId(a.statusReason);
  }

  sample(at: number, scope: SampleScope, name: string, metric: string, value: number): void {
    const s = this.samples;
    s.t.push(at);
    s.scope.push(scope);
    s.name.push(name);
    s.metric.push(metric);
    s.value.push(value);
  }

  truncateSamplesAfter(at: number): number {
    const s = this.samples;
    while (s.t.length > 0 && s.t[s.t.length - 1] > at) {
      s.t.pop();
      s.scope.pop();
      s.name.pop();
      s.metric.pop();
      s.value.pop();
    }
    return s.t.length > 0 ? s.t[s.t.length - 1] : -1;
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

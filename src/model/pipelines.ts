// The pipeline around the jobs: workload groups that start Step Functions executions (each arrival
// one StartExecution, or an S3 upload whose Object Created event EventBridge delivers), and the
// Batch side of the executions' Tasks (the BatchPort): SubmitJob through the account's throttle
// (submitter.ts), the job's end reported back to a .sync Task, TerminateJob.
// https://docs.aws.amazon.com/step-functions/latest/dg/connect-batch.html
import { sampler, type Sampler } from '../engine/distribution.js';
import type { Simulation } from '../engine/simulation.js';
import type { PipelineAssumptions, S3Trigger, Scenario, StateMachineConfig, WorkloadGroup } from '../scenario/types.js';
import type { JobSpecs } from './build.js';
import type { Job, JobSpec } from './job.js';
import type { JobLifecycle } from './lifecycle.js';
import { nameFromArn, parseJobDefinitionRef } from './arns.js';
import { Rank } from './ranks.js';
import type { ArrivalSource, PipelineRun } from './result.js';
import { dependencyFailed } from './statusReasons.js';
import { StepFunctionsRuntime, type BatchPort, type ExecutionRecord, type JobEnd, type SubmitRequest } from './stepFunctions/execution.js';
import { STREAM, type ModelStreams } from './streams.js';
import { scheduleArrivals } from './submission.js';
import type { Submitter } from './submitter.js';
import { JobStatus } from './types.js';

/** The account id batchsim writes into the events and ARNs it makes up. */
const ACCOUNT_ID = '123456789012';

/** A SubmitJob call waiting in the account's throttle. */
interface PendingCall {
  request: SubmitRequest;
  spec: JobSpec;
  submitted: (r: { jobId: string } | { error: string }) => void;
  onEnd: ((end: JobEnd) => void) | null;
  execution: number;
}

/** A job an execution made: itself, and an array job's children (for DependsOn and TerminateJob). */
interface Made {
  job: Job;
  children: Job[];
}

export class Pipelines implements BatchPort {
  private readonly runtime: StepFunctionsRuntime;
  private readonly machines = new Map<string, StateMachineConfig>();
  private readonly queues: ReadonlySet<string>;
  private readonly definitions: ReadonlySet<string>;
  private readonly specs = new Map<string, JobSpec>();
  private readonly calls: (PendingCall | null)[] = [];
  private readonly source: number;
  /** Jobs made by executions still running, by jobId. */
  private readonly made = new Map<string, Made>();
  private readonly listeners = new Map<Job, (end: JobEnd) => void>();
  private readonly executionOf = new Map<number, number>();
  private readonly objectBytes: number[] = [];

  constructor(
    private readonly sim: Simulation,
    private readonly lifecycle: JobLifecycle,
    private readonly jobSpecs: JobSpecs,
    private readonly submitter: Submitter,
    private readonly streams: ModelStreams,
    private readonly scenario: Scenario,
    timing: PipelineAssumptions,
  ) {
    for (const m of scenario.stateMachines ?? []) this.machines.set(m.stateMachineName, m);
    this.queues = new Set(scenario.jobQueues.map((q) => q.jobQueueName));
    this.definitions = new Set(scenario.jobDefinitions.map((d) => d.jobDefinitionName));
    this.runtime = new StepFunctionsRuntime(sim, this, { transitionMs: timing.transitionMs, syncLagMs: timing.syncLagMs }, (r) => this.executionEnded(r));
    this.source = submitter.addSource({
      calls: () => 1,
      jobs: (k) => this.calls[k]!.request.arraySize ?? 1,
      submit: (k) => this.create(k),
    });
    lifecycle.onJobEnd = (job) => {
      const heard = this.listeners.get(job);
      if (heard === undefined) return;
      this.listeners.delete(job);
      heard(this.describe(job));
    };
  }

  /** Schedule the first arrival of every state machine group, in declaration order. */
  start(workload: readonly WorkloadGroup[], arrivalSource: ArrivalSource, untilMs: number | null, eventDelivery: PipelineAssumptions['eventDelivery']): void {
    const { sim } = this;
    for (const group of workload) {
      if (!group.stateMachine) continue;
      const machine = this.machines.get(group.stateMachine)!.machine;
      const next = arrivalSource(group.arrivals, this.streams.stream(STREAM.arrivals(group.name)), untilMs);
      const trigger = group.s3Trigger ?? null;
      let startOne: () => void;
      if (trigger === null) {
        const input = group.input ?? {};
        startOne = () => {
          this.objectBytes.push(-1);
          this.runtime.start(machine, input);
        };
      } else {
        const uploads = new Uploads(trigger, this.scenario, sampler(trigger.objectSize, this.streams.stream(STREAM.objectSize(group.name))));
        const delivery = sampler(eventDelivery, this.streams.stream(STREAM.eventDelivery(group.name)));
        // The object lands now; EventBridge starts the execution once the event is delivered.
        startOne = () => {
          const event = uploads.next(sim.now);
          sim.after(Math.max(0, Math.round(delivery())), Rank.ARRIVAL, () => {
            this.objectBytes.push(event.detail.object.size);
            this.runtime.start(machine, event);
          });
        };
      }
      scheduleArrivals(sim, next, startOne);
    }
  }

  /** SubmitJob: checked now (a ClientException costs no job), then through the account's throttle. */
  submit(request: SubmitRequest, submitted: (r: { jobId: string } | { error: string }) => void, onEnd: ((end: JobEnd) => void) | null, execution: ExecutionRecord): void {
    const queue = batchName(request.jobQueue, 'jobQueue');
    const definition = batchName(request.jobDefinition, 'jobDefinition');
    if (!this.queues.has(queue)) return submitted({ error: `JobQueue ${request.jobQueue} does not exist` });
    if (!this.definitions.has(definition)) return submitted({ error: `JobDefinition ${request.jobDefinition} does not exist` });
    for (const d of request.dependsOn) if (!this.made.has(d.jobId)) return submitted({ error: `DependsOn: no job ${d.jobId} of this run is known` });
    const spec = this.specFor(request.jobName, queue, definition);
    this.calls.push({ request: { ...request, jobQueue: queue, jobDefinition: definition }, spec, submitted, onEnd, execution: execution.id });
    this.submitter.offer(this.source, this.calls.length - 1);
  }

  terminate(jobId: string, reason: string): void {
    const m = this.made.get(jobId);
    if (m !== undefined) this.lifecycle.terminate(m.job, reason, m.children);
  }

  /** The executions so far, and which jobs each made; call once the run has closed. */
  report(jobsCreated: number): PipelineRun {
    const executionOfJob = new Int32Array(jobsCreated).fill(-1);
    for (const [index, execution] of this.executionOf) executionOfJob[index] = execution;
    return {
      executions: this.runtime.executions,
      machines: [...this.machines.values()].map((m) => ({ name: m.stateMachineName, type: m.type })),
      executionOfJob,
      objectBytes: Float64Array.from(this.objectBytes),
    };
  }

  /** When the last execution ended or the clock's now if one is still running; -1 if none started. */
  lastActivity(): number {
    let t = -1;
    for (const r of this.runtime.executions) t = Math.max(t, r.endMs < 0 ? this.sim.now : r.endMs);
    return t;
  }

  private specFor(jobName: string, jobQueue: string, jobDefinition: string): JobSpec {
    const key = `${jobName}\u0000${jobQueue}\u0000${jobDefinition}`;
    let spec = this.specs.get(key);
    if (spec === undefined) {
      spec = this.jobSpecs.resolve({ jobName, jobQueue, jobDefinition, shareIdentifier: null, schedulingPriorityOverride: null, arraySize: null, dependsOn: [], vcpus: null, memoryMiB: null });
      this.specs.set(key, spec);
    }
    return spec;
  }

  /**
   * The call went through: its job (an array job as a parent and its children) is created, wired
   * to its dependencies by jobId (a dependency that already succeeded is met; one that failed fails
   * the job, as Batch does), and the Task hears its id.
   */
  private create(k: number): void {
    const call = this.calls[k]!;
    this.calls[k] = null;
    const { request, spec, execution } = call;
    const { lifecycle } = this;
    const job = lifecycle.createJob(spec, null, null);
    const children: Job[] = [];
    if (request.arraySize !== null) {
      lifecycle.holdAsArrayParent(job, request.arraySize);
      for (let i = 0; i < request.arraySize; i++) children.push(lifecycle.createJob(spec, job, i));
    }
    const units = children.length > 0 ? children : [job];
    // The uploaded object, when the definition reads it (simulation.data.readTriggeringObject).
    const objectBytes = this.objectBytes[execution] ?? -1;
    if (objectBytes >= 0 && spec.definition.data?.readTriggeringObject === true) for (const u of units) u.readBytes = objectBytes;
    let failedDependency: string | null = null;
    for (const d of request.dependsOn) {
      const other = this.made.get(d.jobId)!;
      if (d.type === 'SEQUENTIAL' && d.jobId === job.jobId) {
        for (let i = 1; i < units.length; i++) units[i].dependOn(units[i - 1]);
        continue;
      }
      const theirs = d.type === 'N_TO_N' && other.children.length === units.length ? other.children : null;
      units.forEach((u, i) => {
        const dep = theirs !== null ? theirs[i] : other.job;
        if (dep.status === JobStatus.FAILED) failedDependency ??= dep.jobId;
        else if (dep.status !== JobStatus.SUCCEEDED) u.dependOn(dep);
      });
    }
    const made = { job, children };
    this.made.set(job.jobId, made);
    this.executionOf.set(job.index, execution);
    for (const c of children) this.executionOf.set(c.index, execution);
    if (call.onEnd !== null) this.listeners.set(job, call.onEnd);
    for (const u of units) lifecycle.startSubmitLatency(u);
    call.submitted({ jobId: job.jobId });
    if (failedDependency !== null) lifecycle.terminate(job, dependencyFailed(failedDependency), children);
  }

  /** A job at its end as DescribeJobs shows it; times in epoch ms. */
  private describe(job: Job): JobEnd {
    const at = (ms: number): number | undefined => (ms < 0 ? undefined : this.scenario.startAtMs + ms);
    const exitCode = job.lastAttempt?.exitCode;
    const end: JobEnd = {
      JobId: job.jobId,
      JobName: job.jobName,
      JobQueue: job.jobQueue,
      Status: job.status === JobStatus.SUCCEEDED ? 'SUCCEEDED' : 'FAILED',
      StatusReason: job.statusReason,
      JobDefinition: job.definition.jobDefinitionName,
      CreatedAt: at(job.submittedAt),
      StartedAt: at(job.startedAt),
      StoppedAt: at(job.stoppedAt),
    };
    if (exitCode !== undefined && exitCode !== null) end.Container = { ExitCode: exitCode };
    if (job.isArrayParent) end.ArrayProperties = { Size: job.arraySize };
    return end;
  }

  private executionEnded(r: ExecutionRecord): void {
    for (const id of r.jobIds) this.made.delete(id);
  }
}

/** "arn:aws:batch:…:job-queue/NAME" and "…:job-definition/NAME:3" -> NAME, as SubmitJob resolves them (a ref that is neither stays as written, and names nothing). */
export function batchName(value: string, kind: 'jobQueue' | 'jobDefinition'): string {
  if (kind === 'jobQueue') return nameFromArn(value, 'job-queue');
  const ref = parseJobDefinitionRef(value);
  return 'error' in ref ? value : ref.name;
}

/** The S3 events of one group's uploads, as EventBridge delivers them (detail-type "Object Created"). */
export class Uploads {
  private seq = 0;
  constructor(
    private readonly trigger: S3Trigger,
    private readonly scenario: Scenario,
    private readonly size: Sampler,
  ) {}

  /** https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html */
  next(now: number): S3ObjectCreated {
    const n = ++this.seq;
    const { bucket, keyPrefix, objects } = this.trigger;
    // Recorded uploads arrive in their order (the group's arrivals are their instants).
    const recorded = objects?.[n - 1];
    return {
      version: '0',
      id: `s3-${bucket}-${n}`,
      'detail-type': 'Object Created',
      source: 'aws.s3',
      account: ACCOUNT_ID,
      time: new Date(this.scenario.startAtMs + now).toISOString().replace('.000Z', 'Z'),
      region: this.scenario.assumptions.region,
      resources: [`arn:aws:s3:::${bucket}`],
      detail: {
        version: '0',
        bucket: { name: bucket },
        object: recorded
          ? { key: recorded.key, size: recorded.sizeBytes }
          : { key: `${keyPrefix}upload-${String(n).padStart(6, '0')}`, size: Math.max(1, Math.round(this.size())) },
        reason: 'PutObject',
      },
    };
  }
}

export interface S3ObjectCreated {
  version: string;
  id: string;
  'detail-type': 'Object Created';
  source: 'aws.s3';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: { version: string; bucket: { name: string }; object: { key: string; size: number }; reason: string };
}

// The job life cycle: a job is created, waits out the submit latency and its dependencies, is
// placed, starts, runs, and ends (succeeds, fails, times out, or is interrupted and retried); its
// end settles its dependents and its array parent. The attempts on each instance are kept here.
import type { Sampler } from '../engine/distribution.js';
import type { FireTarget, Simulation } from '../engine/simulation.js';
import { wholeOf } from './capacity.js';
import type { DataMovement } from './dataMovement.js';
import type { ImagePulls } from './imagePull.js';
import { Instance, type Environment, type Placement } from './instance.js';
import { Attempt, Job, NO_NODES, type JobSpec } from './job.js';
import type { JobQueueRuntime } from './jobQueue.js';
import { Rank } from './ranks.js';
import type { Recorder } from './result.js';
import { shouldRetry } from './retry.js';
import { arrayChildrenFailed, arrayChildrenSucceeded, dependencyFailed, STATUS_REASON } from './statusReasons.js';
import { expectedEndOf } from './scheduler/easy.js';
import type { RunningByEnd } from './scheduler/runningByEnd.js';
import type { ModelStreams } from './streams.js';
import { AttemptEnd, JOB_STATUS_NAMES, JobStatus, type TraceSink } from './types.js';

/** The scheduler, as the life cycle sees it: asked for a pass when work or capacity changes. */
export interface PassRequester {
  /** Returns the instant the pass will run. */
  requestPass(): number;
}

/**
 * SIGTERM to SIGKILL when an attempt times out: "if the container is still running after 30
 * seconds, a SIGKILL signal is sent" (https://docs.aws.amazon.com/batch/latest/userguide/job_timeouts.html).
 * [EST] The container does not exit on SIGTERM (PID 1 of a container ignores it unless the program
 * handles it), so it stops at the kill, or earlier if its work ends within the grace.
 */
export const TIMEOUT_KILL_GRACE_MS = 30_000;

const NO_ATTEMPTS: readonly Attempt[] = Object.freeze([]);

export interface LifecycleOptions {
  sim: Simulation;
  trace: TraceSink;
  recorder: Recorder;
  streams: ModelStreams;
  /** By JobSpec.queueIndex. */
  queues: readonly JobQueueRuntime[];
  submitToRunnable: Sampler;
  containerStart: Sampler;
  /** Cold/warm image pulls; null (or absent) when no image has a pull time (containerStart covers it). */
  imagePulls?: ImagePulls | null;
  /** S3 reads and writes around each attempt's work; null (or absent) when the scenario moves no data. */
  dataMovement?: DataMovement | null;
}

/**
 * The life cycle's own events (scheduleFire kinds): a job leaves SUBMITTED (its subject the job), an
 * attempt starts RUNNING, or ends with an AttemptEnd (its kind; the subject the attempt).
 */
const LEAVE_SUBMITTED = -2;
const START_RUNNING = -1;

export class JobLifecycle implements FireTarget {
  private readonly sim: Simulation;
  private readonly trace: TraceSink;
  private readonly recorder: Recorder;
  private readonly streams: ModelStreams;
  private readonly queues: readonly JobQueueRuntime[];
  private readonly submitToRunnable: Sampler;
  private readonly containerStart: Sampler;
  private readonly imagePulls: ImagePulls | null;
  private readonly data: DataMovement | null;
  /** Set once the scheduler exists (it places through this life cycle, which asks it for passes). */
  passes!: PassRequester;
  /** Jobs created so far; the next job's index. */
  created = 0;
  /** Jobs not yet in a terminal state; each knows its slot, so removal is a swap. */
  readonly live: Job[] = [];
  /** Jobs in SUBMITTED now (AWS caps them per account); `leftSubmitted` hears of each that leaves. */
  inSubmitted = 0;
  leftSubmitted: (() => void) | null = null;
  /** Last instant a job changed state (instances are read off at the end). */
  lastActivityAt = 0;
  /** Hears of every job that reaches SUCCEEDED or FAILED (Step Functions' .sync Tasks); null when nothing listens. */
  onJobEnd: ((job: Job) => void) | null = null;
  /** Attempts placed and not yet ended, by instance ordinal; each attempt knows its slot. */
  private readonly onInstance: Attempt[][] = [];
  /** Jobs whose end is being propagated to dependents and parents (see settle). */
  private readonly settling: Job[] = [];
  /** The EASY queues' running sets that hold each environment's attempts; null when no queue is EASY. */
  private readonly easyByEnvironment: Map<Environment, RunningByEnd<Attempt>[]> | null;

  constructor(o: LifecycleOptions) {
    this.sim = o.sim;
    this.trace = o.trace;
    this.recorder = o.recorder;
    this.streams = o.streams;
    this.queues = o.queues;
    this.submitToRunnable = o.submitToRunnable;
    this.containerStart = o.containerStart;
    this.imagePulls = o.imagePulls ?? null;
    this.data = o.dataMovement ?? null;
    const easy = new Map<Environment, RunningByEnd<Attempt>[]>();
    for (const q of o.queues) {
      if (q.runningByEnd === null) continue;
      for (const ce of new Set(q.environments)) {
        const sets = easy.get(ce);
        if (sets) sets.push(q.runningByEnd);
        else easy.set(ce, [q.runningByEnd]);
      }
    }
    this.easyByEnvironment = easy.size > 0 ? easy : null;
  }

  /** The attempts running on an instance now. */
  attemptsOn(inst: Instance): readonly Attempt[] {
    return this.onInstance[inst.ordinal] ?? NO_ATTEMPTS;
  }

  createJob(spec: JobSpec, parent: Job | null, arrayIndex: number | null): Job {
    const job = new Job(this.created++, spec, arrayIndex, this.sim.now);
    job.parent = parent;
    job.liveSlot = this.live.length;
    this.live.push(job);
    this.lastActivityAt = this.sim.now;
    this.trace?.({ at: this.sim.now, event: 'SUBMITTED', id: job.jobId, detail: job.jobName });
    return job;
  }

  /** An array parent waits for its children from the start; it never runs itself. */
  holdAsArrayParent(parent: Job, size: number): void {
    parent.arraySize = size;
    parent.moveTo(JobStatus.PENDING);
    parent.submitted = true;
  }

  startSubmitLatency(job: Job, runtimeMs: number | null = null): void {
    const def = job.definition;
    this.queues[job.template.queueIndex].fairShare?.noteSubmitted(job.template.shareIdentifier, this.sim.now);
    // The first attempt's runtime and failure are drawn at submission, in submission order, so
    // two configurations of the same workload see the same work (common random numbers).
    const draw = this.streams.firstAttemptDraws(def);
    job.runtimeMs = Math.max(0, runtimeMs ?? Math.round(draw.runtime()));
    job.firstFails = def.failure !== null && draw.failure.next() < def.failure.probability;
    const delay = Math.max(0, Math.round(this.submitToRunnable()));
    this.inSubmitted++;
    if (delay === 0) this.leaveSubmitted(job);
    else this.sim.scheduleFire(this.sim.now + delay, Rank.JOB_TRANSITION, this, LEAVE_SUBMITTED, job);
  }

  /** SUBMITTED -> RUNNABLE, or PENDING while a dependency has not succeeded (unless it already failed). */
  private leaveSubmitted(job: Job): void {
    this.inSubmitted--;
    this.leftSubmitted?.();
    if (job.status === JobStatus.FAILED) return;
    job.submitted = true;
    if (job.waitingOn === 0) {
      this.makeRunnable(job);
      return;
    }
    job.moveTo(JobStatus.PENDING);
    this.trace?.({ at: this.sim.now, event: 'PENDING', id: job.jobId, detail: `waiting for ${job.waitingOn} dependencies` });
  }

  private makeRunnable(job: Job): void {
    this.lastActivityAt = this.sim.now;
    job.moveTo(JobStatus.RUNNABLE);
    if (job.runnableAt < 0) job.runnableAt = this.sim.now;
    job.lastRunnableAt = this.sim.now;
    this.trace?.({ at: this.sim.now, event: 'RUNNABLE', id: job.jobId, detail: job.attemptCount > 0 ? `retry after attempt ${job.attemptCount}` : '' });
    this.queues[job.template.queueIndex].enqueue(job);
    this.passes.requestPass();
  }

  /** RUNNABLE -> STARTING on `at`: an instance, or a multi-node job's gang (main node first). */
  place(job: Job, at: Placement): void {
    const now = this.sim.now;
    const queue = this.queues[job.template.queueIndex];
    let inst: Instance;
    let gang: readonly Instance[] | null = null;
    if (at instanceof Instance) inst = at;
    else {
      gang = at;
      inst = at[0];
    }
    const multinode = job.definition.nodeProperties !== null;
    inst.ce.occupy(inst, multinode ? wholeOf(inst) : job);
    let nodes = NO_NODES;
    if (gang !== null) {
      nodes = gang.slice(1);
      for (const node of nodes) node.ce.occupy(node, wholeOf(node));
    }
    queue.placed();
    job.moveTo(JobStatus.STARTING);
    if (job.startingAt < 0) job.startingAt = now;
    job.statusReason = '';
    const attempt = new Attempt(job, ++job.attemptCount, inst, now);
    job.lastAttempt = attempt;
    attempt.nodeInstances = nodes;
    this.addAttempt(inst, attempt);
    queue.fairShare?.started(job.template.shareIdentifier, job.vcpus, now);
    this.trace?.({ at: now, event: 'STARTING', id: job.jobId, detail: `attempt ${attempt.attemptNumber} on ${inst.instanceId}` });
    // STARTING covers a Fargate task's provisioning (until its readyAt), the image pull (cold, warm or
    // joined in flight: imagePull.ts) and the container start; the job holds its resources throughout.
    const pullFrom = Math.max(now, inst.readyAt);
    const pulled = this.imagePulls === null ? pullFrom : this.imagePulls.pulledAt(inst, job.definition.image, pullFrom);
    const delay = pulled - now + Math.max(0, Math.round(this.containerStart()));
    if (delay === 0) this.startRunning(attempt);
    else attempt.pending = this.sim.scheduleFire(now + delay, Rank.JOB_TRANSITION, this, START_RUNNING, attempt);
  }

  /** An event this life cycle scheduled for a job or an attempt (see the kinds above). */
  fire(kind: number, subject: unknown): void {
    if (kind === START_RUNNING) this.startRunning(subject as Attempt);
    else if (kind === LEAVE_SUBMITTED) this.leaveSubmitted(subject as Job);
    else this.endAttempt(subject as Attempt, kind as AttemptEnd);
  }

  private startRunning(attempt: Attempt): void {
    const { job } = attempt;
    const queue = this.queues[job.template.queueIndex];
    const now = this.sim.now;
    this.lastActivityAt = now;
    queue.started();
    job.moveTo(JobStatus.RUNNING);
    attempt.startedAt = now;
    if (job.startedAt < 0) job.startedAt = now;
    this.trace?.({ at: now, event: 'RUNNING', id: job.jobId, detail: `attempt ${attempt.attemptNumber}` });
    // A retry runs the same work, so it takes the job's own runtime again; only whether the
    // application fails is drawn afresh for each attempt.
    const runtime = job.runtimeMs;
    let fails = job.firstFails;
    if (attempt.attemptNumber > 1) {
      const def = job.definition;
      fails = def.failure !== null && this.streams.retryFailure(def).next() < def.failure.probability;
    }
    // Moving S3 data lengthens RUNNING: the read before the work, the write after (dataMovement.ts).
    const running = this.data === null ? runtime : this.data.plan(attempt, runtime, fails);
    // The timeout clock starts at startedAt (job_timeouts); a timed-out attempt is not retried.
    // At the timeout the container gets SIGTERM and, still running 30 s later, SIGKILL: it holds its
    // resources (and is billed) until it stops, at the kill or when its own work ends first.
    const timeout = job.definition.attemptDurationMs;
    if (timeout !== null && running > timeout) {
      const stopsAfter = Math.min(running, timeout + TIMEOUT_KILL_GRACE_MS);
      attempt.pending = this.sim.scheduleFire(now + stopsAfter, Rank.ATTEMPT_END, this, AttemptEnd.TIMED_OUT, attempt);
    } else {
      attempt.pending = this.sim.scheduleFire(now + running, Rank.ATTEMPT_END, this, fails ? AttemptEnd.FAILED : AttemptEnd.SUCCEEDED, attempt);
    }
  }

  /**
   * An attempt's work, up to `until`, on each instance it held (a multi-node job's nodes hold
   * theirs whole): kept if the attempt ended, lost if its host was reclaimed under it.
   */
  chargeWork(attempt: Attempt, until: number, end: AttemptEnd): void {
    const { job, instance } = attempt;
    const ms = until - attempt.startingAt;
    const lost = end === AttemptEnd.INTERRUPTED;
    charge(instance, (job.definition.nodeProperties !== null ? instance.vcpus : job.vcpus) * ms, lost);
    // Indexed: for-of over the shared frozen empty list is not compiled inline (a builtin call per attempt).
    const nodes = attempt.nodeInstances;
    for (let k = 0; k < nodes.length; k++) charge(nodes[k], nodes[k].vcpus * ms, lost);
    this.data?.settle(attempt, until);
  }

  /** The instance under these attempts was reclaimed: each fails as AWS reports it, then retry rules decide. */
  interruptAttempts(inst: Instance, statusReason: string): void {
    for (const attempt of [...this.attemptsOn(inst)].sort((x, y) => x.job.index - y.job.index)) {
      this.sim.cancel(attempt.pending);
      this.endAttempt(attempt, AttemptEnd.INTERRUPTED, statusReason);
    }
  }

  /** `stopReason`: the attempt was stopped (an interruption or TerminateJob) for this reason; `terminated`: never retried. */
  private endAttempt(attempt: Attempt, end: AttemptEnd, stopReason = '', terminated = false): void {
    const { job } = attempt;
    const queue = this.queues[job.template.queueIndex];
    const now = this.sim.now;
    this.lastActivityAt = now;
    attempt.stoppedAt = now;
    attempt.end = end;
    attempt.pending = null;
    const inst = attempt.instance;
    const multinode = job.definition.nodeProperties !== null;
    this.chargeWork(attempt, now, end);
    queue.attemptEnded(attempt.startedAt >= 0);
    queue.fairShare?.ended(job.template.shareIdentifier, job.vcpus, now);
    const idle = this.removeAttempt(inst, attempt);
    if (multinode) {
      // Every node ends with the main node (only its failure counts: mnp retries).
      for (const node of attempt.nodeInstances) node.ce.release(node, wholeOf(node), true);
      inst.ce.release(inst, wholeOf(inst), idle);
    } else inst.ce.release(inst, job, idle);
    const def = job.definition;
    if (end === AttemptEnd.SUCCEEDED) {
      attempt.exitCode = 0;
      attempt.statusReason = STATUS_REASON.SUCCEEDED;
      this.stop(job, JobStatus.SUCCEEDED, attempt.statusReason);
    } else if (end === AttemptEnd.TIMED_OUT) {
      attempt.exitCode = null;
      attempt.statusReason = STATUS_REASON.TIMEOUT;
      this.stop(job, JobStatus.FAILED, attempt.statusReason);
    } else {
      // An application failure, an interruption or a TerminateJob: no exit code for a stopped one, as AWS reports a lost host.
      const stopped = end === AttemptEnd.INTERRUPTED || terminated;
      const reason = stopped ? stopReason : def.failure!.reason;
      attempt.exitCode = stopped ? null : def.failure!.exitCode;
      attempt.statusReason = reason;
      const outcome = { statusReason: reason, reason: null, exitCode: attempt.exitCode };
      if (!terminated && shouldRetry(def.retryStrategy.evaluateOnExit, job.attemptCount, def.retryStrategy.attempts, outcome)) {
        job.statusReason = reason;
        this.makeRunnable(job);
      } else {
        this.stop(job, JobStatus.FAILED, reason);
      }
    }
    this.recorder.attempt(attempt);
    this.passes.requestPass();
  }

  /** The job reaches a terminal status: it leaves the live jobs, gets its row, and settles others. */
  stop(job: Job, status: JobStatus, reason: string): void {
    this.lastActivityAt = this.sim.now;
    job.moveTo(status);
    job.stoppedAt = this.sim.now;
    job.statusReason = reason;
    this.trace?.({ at: this.sim.now, event: JOB_STATUS_NAMES[status], id: job.jobId, detail: reason });
    const last = this.live.pop()!;
    if (last !== job) {
      this.live[job.liveSlot] = last;
      last.liveSlot = job.liveSlot;
    }
    this.recorder.job(job);
    this.data?.jobEnded(job);
    if (job.dependents !== null || job.parent !== null) this.settle(job);
    this.onJobEnd?.(job);
  }

  /**
   * TerminateJob (https://docs.aws.amazon.com/batch/latest/APIReference/API_TerminateJob.html):
   * a job not yet STARTING is cancelled, one STARTING or RUNNING is stopped; either way it ends
   * FAILED with `reason` and is not retried. An array parent takes its live children with it.
   */
  terminate(job: Job, reason: string, children: readonly Job[] = []): void {
    if (job.ended) return;
    for (const child of children) this.terminate(child, reason);
    if (job.ended) return;
    switch (job.status) {
      case JobStatus.RUNNABLE:
        this.queues[job.template.queueIndex].withdraw(job);
        this.stop(job, JobStatus.FAILED, reason);
        this.passes.requestPass();
        return;
      case JobStatus.STARTING:
      case JobStatus.RUNNING: {
        const attempt = job.lastAttempt!;
        this.sim.cancel(attempt.pending);
        this.endAttempt(attempt, AttemptEnd.FAILED, reason, true);
        return;
      }
      default:
        // SUBMITTED (its submit latency still runs, and finds it FAILED) or PENDING.
        this.stop(job, JobStatus.FAILED, reason);
    }
  }

  /**
   * What a job's end means for others: dependents of a success may become RUNNABLE; dependents of
   * a failure fail without running (PENDING -> FAILED), which cascades; an array parent ends once
   * all its children have, FAILED if any child failed. Worked off a queue, in order, so a chain of
   * 10,000 SEQUENTIAL children cannot overflow the stack.
   */
  private settle(first: Job): void {
    this.settling.push(first);
    // Re-entered from a stop() below: the running loop will reach it.
    if (this.settling.length > 1) return;
    for (let k = 0; k < this.settling.length; k++) {
      const job = this.settling[k];
      const failed = job.status === JobStatus.FAILED;
      for (const d of job.dependents ?? []) {
        if (d.ended) continue;
        if (failed) this.stop(d, JobStatus.FAILED, dependencyFailed(job.jobId));
        else if (--d.waitingOn === 0 && d.submitted) this.makeRunnable(d);
      }
      const p = job.parent;
      if (p !== null) {
        p.childrenEnded++;
        if (failed) p.childrenFailed++;
        if (p.childrenEnded === p.arraySize) {
          if (p.childrenFailed > 0) this.stop(p, JobStatus.FAILED, arrayChildrenFailed(p.childrenFailed, p.arraySize));
          else this.stop(p, JobStatus.SUCCEEDED, arrayChildrenSucceeded(p.arraySize));
        }
      }
    }
    this.settling.length = 0;
  }

  private addAttempt(inst: Instance, a: Attempt): void {
    let list = this.onInstance[inst.ordinal];
    if (list === undefined) {
      list = [];
      this.onInstance[inst.ordinal] = list;
    }
    a.slot = list.length;
    list.push(a);
    const sets = this.easyByEnvironment?.get(inst.ce);
    if (sets !== undefined) for (const s of sets) s.add(a, expectedEndOf(a), a.job.vcpus);
  }

  /** Swap-remove; returns whether the instance runs no attempt any more. */
  private removeAttempt(inst: Instance, a: Attempt): boolean {
    const list = this.onInstance[inst.ordinal];
    const last = list.pop()!;
    if (last !== a) {
      list[a.slot] = last;
      last.slot = a.slot;
    }
    a.slot = -1;
    const sets = this.easyByEnvironment?.get(inst.ce);
    if (sets !== undefined) for (const s of sets) s.remove(a, expectedEndOf(a));
    return list.length === 0;
  }
}

function charge(host: Instance, vcpuMs: number, lost: boolean): void {
  if (lost) host.lostVcpuMs += vcpuMs;
  else host.busyVcpuMs += vcpuMs;
}

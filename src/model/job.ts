// Jobs and attempts as the model tracks them: AWS Batch's job states (changed only through the
// transition table of jobStates.ts), the first instant a job reached each state, and one record
// per attempt (where it ran and why it ended).
import type { EventHandle } from '../engine/simulation.js';
import type { JobDefinition } from '../scenario/types.js';
import type { Instance } from './instance.js';
import { IllegalTransition, mayMove } from './jobStates.js';
import { AttemptEnd, JobStatus } from './types.js';

/** Shared by every ordinary attempt, so the hot path allocates no empty list. */
export const NO_NODES: readonly Instance[] = Object.freeze([]);

export class Attempt {
  startedAt = -1;
  stoppedAt = -1;
  end: AttemptEnd = AttemptEnd.UNFINISHED;
  exitCode: number | null = null;
  statusReason = '';
  /** The pending STARTING->RUNNING or end-of-run event, cancelled if the instance is reclaimed. */
  pending: EventHandle | null = null;
  /** Position in its instance's list of attempts. */
  slot = -1;
  /** A multi-node job's other nodes, each on its own instance (the main node runs on `instance`). */
  nodeInstances: readonly Instance[] = NO_NODES;
  /** RUNNING's phases when the job moves S3 data (dataMovement.ts): read, work, write, in ms; 0 without data. */
  readMs = 0;
  workMs = 0;
  writeMs = 0;
  constructor(
    readonly job: Job,
    readonly attemptNumber: number,
    readonly instance: Instance,
    readonly startingAt: number,
  ) {}
}

/** A workload's job template resolved once against the scenario, shared by every job it submits. */
export interface JobSpec {
  readonly jobName: string;
  readonly jobQueue: string;
  /** The queue's position in the model's queues, resolved once (the hot path never looks it up by name). */
  readonly queueIndex: number;
  readonly definition: JobDefinition;
  readonly vcpus: number;
  readonly memoryMiB: number;
  readonly gpus: number;
  /** Fair share: the job's shareIdentifier ('' when none) and schedulingPriority. */
  readonly shareIdentifier: string;
  readonly schedulingPriority: number;
  /** The recorder's ids for the names, interned once per spec. */
  readonly jobNameId: number;
  readonly jobQueueId: number;
  readonly jobDefinitionId: number;
}

export class Job {
  private current: JobStatus = JobStatus.SUBMITTED;
  runnableAt = -1;
  startingAt = -1;
  startedAt = -1;
  stoppedAt = -1;
  /** Time it last became RUNNABLE (queue order and RUNNABLE-time limits use it). */
  lastRunnableAt = -1;
  statusReason = '';
  attemptCount = 0;
  /** Position in the simulation's list of live jobs. */
  liveSlot = -1;
  /** Array jobs: a child's parent; a parent's size and how many of its children ended or failed. */
  parent: Job | null = null;
  arraySize = 0;
  childrenEnded = 0;
  childrenFailed = 0;
  /** Dependencies not yet SUCCEEDED, and the jobs that wait on this one. */
  waitingOn = 0;
  dependents: Job[] | null = null;
  /** The user's runtime estimate (a trace's requested time), for EASY backfilling. */
  estimateMs: number | null = null;
  /** The submit latency has elapsed (the job left SUBMITTED). */
  submitted = false;
  /** The attempt in flight or the last one made. */
  lastAttempt: Attempt | null = null;
  /**
   * The job's runtime, drawn at submission (common random numbers), for every attempt: a retry
   * runs the same work. Whether the first attempt fails is drawn then too.
   */
  runtimeMs = 0;
  firstFails = false;
  /**
   * Bytes each attempt reads from S3 before its work and writes after it: the definition's
   * `simulation.data` unless set otherwise before the job starts RUNNING (the hook a pipeline uses
   * to pass the size of the object that triggered it). Used only when the run moves data.
   */
  readBytes: number;
  writeBytes: number;
  readonly vcpus: number;
  readonly memoryMiB: number;
  readonly gpus: number;
  readonly arm64: boolean;
  readonly definition: JobDefinition;
  constructor(
    /** 0-based submission order; the jobId is derived from it. */
    readonly index: number,
    readonly template: JobSpec,
    readonly arrayIndex: number | null,
    readonly submittedAt: number,
  ) {
    // Copied, not read through the template, because placement reads them in the hot path.
    this.vcpus = template.vcpus;
    this.memoryMiB = template.memoryMiB;
    this.gpus = template.gpus;
    this.arm64 = template.definition.cpuArchitecture === 'ARM64';
    this.definition = template.definition;
    this.readBytes = template.definition.data?.readBytes ?? 0;
    this.writeBytes = template.definition.data?.writeBytes ?? 0;
  }

  get status(): JobStatus {
    return this.current;
  }

  /** The one way a job changes status: through the transition table (an illegal move throws). */
  moveTo(to: JobStatus): void {
    if (!mayMove(this.current, to)) illegalMove(this, to);
    this.current = to;
  }

  get jobName(): string {
    return this.template.jobName;
  }

  get jobQueue(): string {
    return this.template.jobQueue;
  }

  /** AWS's form: an array child is `<parentId>:<index>`. */
  get jobId(): string {
    return this.parent !== null ? `${this.parent.jobId}:${this.arrayIndex}` : `job-${this.index + 1}`;
  }

  get isArrayParent(): boolean {
    return this.arraySize > 0;
  }

  get ended(): boolean {
    return this.current === JobStatus.SUCCEEDED || this.current === JobStatus.FAILED;
  }

  dependOn(other: Job): void {
    (other.dependents ??= []).push(this);
    this.waitingOn++;
  }
}

/**
 * Throws for a move the transition table does not allow. Out of moveTo, so that moveTo stays
 * small enough to be compiled into its callers (it runs three or four times a job).
 */
function illegalMove(job: Job, to: JobStatus): never {
  throw new IllegalTransition(job.jobId, job.status, to);
}

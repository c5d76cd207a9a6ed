// Jobs and attempts as the model tracks them: AWS Batch's job states, the first instant a job
// reached each state, and one record per attempt (where it ran and why it ended).
import type { JobDefinition } from '../scenario/types.js';
import type { Instance } from './instance.js';

export const JobStatus = {
  SUBMITTED: 0,
  PENDING: 1,
  RUNNABLE: 2,
  STARTING: 3,
  RUNNING: 4,
  SUCCEEDED: 5,
  FAILED: 6,
} as const;
export type JobStatus = (typeof JobStatus)[keyof typeof JobStatus];
export const JOB_STATUS_NAMES = ['SUBMITTED', 'PENDING', 'RUNNABLE', 'STARTING', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const;

/** Why an attempt ended. */
export const AttemptEnd = {
  SUCCEEDED: 0,
  FAILED: 1,
  TIMED_OUT: 2,
  /** Still running when the clock stopped. */
  UNFINISHED: 3,
} as const;
export type AttemptEnd = (typeof AttemptEnd)[keyof typeof AttemptEnd];
export const ATTEMPT_END_NAMES = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'UNFINISHED'] as const;

export class Attempt {
  startedAt = -1;
  stoppedAt = -1;
  end: AttemptEnd = AttemptEnd.UNFINISHED;
  exitCode: number | null = null;
  statusReason = '';
  constructor(
    readonly job: Job,
    readonly attemptNumber: number,
    readonly instance: Instance,
    readonly startingAt: number,
  ) {}
}

export class Job {
  status: JobStatus = JobStatus.SUBMITTED;
  runnableAt = -1;
  startingAt = -1;
  startedAt = -1;
  stoppedAt = -1;
  /** Time it last became RUNNABLE (queue order and RUNNABLE-time limits use it). */
  lastRunnableAt = -1;
  statusReason = '';
  attempts: Attempt[] = [];
  /** The first attempt's runtime and outcome, drawn at submission (common random numbers). */
  firstRuntimeMs = 0;
  firstFails = false;
  constructor(
    /** 0-based submission order; the jobId is derived from it. */
    readonly index: number,
    readonly jobName: string,
    readonly jobQueue: string,
    readonly definition: JobDefinition,
    readonly vcpus: number,
    readonly memoryMiB: number,
    readonly gpus: number,
    readonly arrayIndex: number | null,
    readonly submittedAt: number,
  ) {}

  get jobId(): string {
    return `job-${this.index + 1}`;
  }

  get lastAttempt(): Attempt | undefined {
    return this.attempts[this.attempts.length - 1];
  }
}

// AWS Batch's job state machine as the model runs it: which status may follow which. Every status
// change of a job goes through Job.moveTo, which asks `mayMove`; a move the table does not allow is a bug in the model,
// so it throws instead of writing a row no AWS job could have.
import { JOB_STATUS_NAMES, JobStatus } from './types.js';

const S = JobStatus;

/** from -> the statuses it may move to, and why each move happens. */
export const JOB_TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  // Submit latency over: waits on dependencies or queues; a failed dependency fails it first.
  [S.SUBMITTED]: [S.PENDING, S.RUNNABLE, S.FAILED],
  // Dependencies met; an array parent ends with its children; a failed dependency fails it.
  [S.PENDING]: [S.RUNNABLE, S.SUCCEEDED, S.FAILED],
  // Placed; or cancelled by jobStateTimeLimitActions.
  [S.RUNNABLE]: [S.STARTING, S.FAILED],
  // Container started; or its host was reclaimed (retried or failed).
  [S.STARTING]: [S.RUNNING, S.RUNNABLE, S.FAILED],
  // The attempt ended: success, failure or timeout, or a retry.
  [S.RUNNING]: [S.SUCCEEDED, S.FAILED, S.RUNNABLE],
  [S.SUCCEEDED]: [],
  [S.FAILED]: [],
};

/** Bit `to` of ALLOWED[from] is set when from -> to is a legal move (one AND on the hot path). */
const ALLOWED: readonly number[] = JOB_STATUS_NAMES.map((_, from) => JOB_TRANSITIONS[from as JobStatus].reduce<number>((m, to) => m | (1 << to), 0));

export function mayMove(from: JobStatus, to: JobStatus): boolean {
  return (ALLOWED[from] & (1 << to)) !== 0;
}

export class IllegalTransition extends Error {
  constructor(jobId: string, from: JobStatus, to: JobStatus) {
    super(`batchsim bug: job ${jobId} cannot go from ${JOB_STATUS_NAMES[from]} to ${JOB_STATUS_NAMES[to]}`);
  }
}

// Every statusReason sentence the model writes into jobs and attempts, in one place, so that a
// reason is spelled once and the metrics that group jobs by reason recognise it by these helpers.

/** The reason AWS gives a successful attempt, and the default of a modelled application failure. */
export const ESSENTIAL_CONTAINER_EXITED = 'Essential container in task exited';

export const STATUS_REASON = {
  TIMEOUT: 'Job attempt duration exceeded timeout',
  AT_HORIZON: 'still RUNNABLE when `until` stopped the clock',
  RUNNING_AT_END: 'still running when the simulation stopped',
  SUCCEEDED: ESSENTIAL_CONTAINER_EXITED,
  /** Prefix: "dependency <jobId> failed". */
  DEPENDENCY_FAILED: 'dependency',
  SUBMITTED_AT_END: 'still SUBMITTED when the simulation stopped',
  /** AWS's own text, followed by the reason code (job_stuck_in_runnable_capacity). */
  CANCELLED_BY_TIME_LIMIT: 'Canceled by JobStateTimeLimit action due to reason:',
  DEPENDENCIES_UNFINISHED: 'still PENDING at the end: a dependency had not succeeded',
  CHILDREN_UNFINISHED: 'still PENDING at the end: not every array child had ended',
  BEHIND_BLOCKED_HEAD: 'still RUNNABLE behind a head job that no compute environment of the queue can hold',
  NO_CAPACITY:
    'still RUNNABLE at the end: no compute environment of the queue had room, or headroom under maxvCpus (with minvCpus instances kept) to launch an instance that fits',
} as const;

/** AWS's blocked-queue reasons for a job no environment of its queue can ever hold (job_stuck_in_runnable). */
const MISCONFIGURATION = 'MISCONFIGURATION';
export const MISCONFIGURATION_MAX_RESOURCE = `${MISCONFIGURATION}:COMPUTE_ENVIRONMENT_MAX_RESOURCE - the job needs more vCPUs than any compute environment's maxvCpus`;
export const MISCONFIGURATION_RESOURCE_REQUIREMENT = `${MISCONFIGURATION}:JOB_RESOURCE_REQUIREMENT - no instance type allowed in the queue's compute environments can hold the job`;

/**
 * A job whose image architecture no environment of its queue launches: it never runs there (the
 * code AWS uses for a job no allowed instance type can hold, with the cause spelled out).
 */
export const misconfigurationArchitecture = (arm64: boolean): string =>
  `${MISCONFIGURATION}:JOB_RESOURCE_REQUIREMENT - no instance type of the job's architecture (${arm64 ? 'ARM64' : 'X86_64'}) is allowed in the queue's compute environments`;

export function isMisconfiguration(reason: string): boolean {
  return reason.startsWith(MISCONFIGURATION);
}

/** statusReason AWS Batch gives an attempt whose EC2 host went away (AWS-BATCH-BEHAVIOUR.md §1.5). */
export const hostTerminated = (instanceId: string): string => `Host EC2 (instance ${instanceId}) terminated.`;

/** The stopped reason ECS gives a reclaimed Fargate Spot task (ECS "Fargate capacity providers"). */
export const SPOT_TASK_INTERRUPTED = 'Your Spot Task was interrupted.';

export const dependencyFailed = (jobId: string): string => `${STATUS_REASON.DEPENDENCY_FAILED} ${jobId} failed`;

export function isDependencyFailure(reason: string): boolean {
  return reason.startsWith(`${STATUS_REASON.DEPENDENCY_FAILED} `);
}

/**
 * `code` is the blocking reason's code, the part before " - ": AWS writes e.g. "Canceled by
 * JobStateTimeLimit action due to reason: CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY"
 * (https://docs.aws.amazon.com/batch/latest/userguide/job_stuck_in_runnable_capacity.html).
 */
export const cancelledByTimeLimit = (code: string): string => `${STATUS_REASON.CANCELLED_BY_TIME_LIMIT} ${code}`;

export function isTimeLimitCancel(reason: string): boolean {
  return reason.startsWith(STATUS_REASON.CANCELLED_BY_TIME_LIMIT);
}

/** AWS's reason codes come first, before " - ". */
export const reasonCode = (reason: string): string => reason.split(' - ')[0];

export const arrayChildrenFailed = (failed: number, size: number): string => `${failed} of ${size} array children failed`;
export const arrayChildrenSucceeded = (size: number): string => `all ${size} array children succeeded`;

/**
 * The head job's reason when every environment it could scale out in met insufficient capacity
 * (AWS Batch, "Jobs stuck in RUNNABLE due to capacity",
 * https://docs.aws.amazon.com/batch/latest/userguide/job_stuck_in_runnable_capacity.html).
 */
export const INSUFFICIENT_CAPACITY = 'CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY';
export const insufficientCapacity = (instanceType: string): string =>
  `${INSUFFICIENT_CAPACITY} - Service cannot fulfill the capacity requested for instance type ${instanceType}`;

/**
 * [EST] AWS Batch documents no job reason for an exhausted vCPU quota: EC2 refuses the launch with
 * VcpuLimitExceeded (ECS on Fargate: "You've reached the limit on the number of vCPUs you can run
 * concurrently"), and the job stays RUNNABLE. The model says so with EC2's error code.
 */
export const VCPU_LIMIT_EXCEEDED = 'VcpuLimitExceeded';
export const quotaReached = (quotaName: string, limitVcpus: number): string =>
  `${VCPU_LIMIT_EXCEEDED} - the account's "${quotaName}" quota (${limitVcpus} vCPUs) is in use, so no further instance can be launched for the job`;

/** A reason written because a service quota or an insufficient-capacity error held the job. */
export function isLimitReason(reason: string): boolean {
  return reason.startsWith(INSUFFICIENT_CAPACITY) || reason.startsWith(VCPU_LIMIT_EXCEEDED);
}

// The end of a run: when it ended (the last activity, or `until` when capacity that is never scaled
// in is up), and closing the books there: jobs still in flight get the
// reason they were left waiting, unfinished attempts end unfinished, live instances terminate and
// every instance is recorded, the time series gets its final sample; and the plain snapshots of
// each environment's and queue's counters that the result keeps.
import type { Scenario } from '../scenario/types.js';
import type { Environment, Instance } from './instance.js';
import type { Job } from './job.js';
import type { JobQueueRuntime } from './jobQueue.js';
import type { JobLifecycle } from './lifecycle.js';
import type { EnvironmentSnapshot, QueueSnapshot, Recorder } from './result.js';
import type { StateSampler } from './sampling.js';
import { isLimitReason, isMisconfiguration, STATUS_REASON } from './statusReasons.js';
import { AttemptEnd, InstanceState, JobStatus, type SpotRisk } from './types.js';

/** The last instant anything happened: a job's state change, or an instance's launch or end. */
export function lastActivity(lifecycle: JobLifecycle, instances: readonly Instance[]): number {
  let t = lifecycle.lastActivityAt;
  for (const inst of instances) t = Math.max(t, inst.terminatedAt, inst.readyAt);
  return t;
}

/**
 * Whether capacity that is never scaled in is up, so a run given `until` lasts to it and that
 * capacity is billed to it, not only to the last job: an UNMANAGED fleet, or a managed EC2 or Spot
 * environment's minvCpus pool (Batch keeps minvCpus running however idle: AWS-BATCH-BEHAVIOUR.md §2.2).
 */
export function keepsCapacityToHorizon(scenario: Scenario): boolean {
  if (scenario.untilMs === null) return false;
  return scenario.computeEnvironments.some((ce) => {
    if (ce.type === 'UNMANAGED') return ce.instances.some((g) => g.count > 0);
    const cr = ce.computeResources;
    return cr !== null && (cr.type === 'EC2' || cr.type === 'SPOT') && cr.minvCpus > 0;
  });
}

export interface Closing {
  lifecycle: JobLifecycle;
  recorder: Recorder;
  queues: readonly JobQueueRuntime[];
  instances: readonly Instance[];
  sampler: StateSampler;
  /** The scheduler's last pass: a queue blocked in it is blocked at the end. */
  lastPass: number;
}

/** Close the books at `endAt` (the clock already shows it): unfinished attempts and live instances end there. */
export function closeBooks(c: Closing, endAt: number, cutOff: boolean): void {
  const { lifecycle, recorder } = c;
  // Jobs still in flight are reported as they stand; their attempts end here, unfinished.
  for (const job of [...lifecycle.live].sort((x, y) => x.index - y.index)) {
    if (job.status === JobStatus.RUNNABLE && !isMisconfiguration(job.statusReason)) job.statusReason = whyStillRunnable(c, job, cutOff);
    if (job.status === JobStatus.SUBMITTED) job.statusReason = STATUS_REASON.SUBMITTED_AT_END;
    if (job.status === JobStatus.PENDING && job.statusReason === '') {
      job.statusReason = job.isArrayParent ? STATUS_REASON.CHILDREN_UNFINISHED : STATUS_REASON.DEPENDENCIES_UNFINISHED;
    }
    const a = job.lastAttempt;
    if (a && a.stoppedAt < 0) {
      a.end = AttemptEnd.UNFINISHED;
      a.statusReason = STATUS_REASON.RUNNING_AT_END;
      lifecycle.chargeWork(a, endAt, AttemptEnd.UNFINISHED);
      recorder.attempt(a);
    }
    recorder.job(job);
  }
  for (const inst of c.instances) {
    if (inst.state !== InstanceState.TERMINATED) inst.terminatedAt = endAt;
    recorder.instance(inst);
  }
  // The sampler may have ticked past the last activity; it drops that and samples the end.
  c.sampler.close(endAt);
}

/** Why a job was still waiting at the end, for jobs.csv (AWS gives the head job a reason only). */
function whyStillRunnable(c: Closing, job: Job, cutOff: boolean): string {
  // A service quota or insufficient capacity held it at the last pass: that says more than the clock.
  if (isLimitReason(job.statusReason)) return job.statusReason;
  if (cutOff) return STATUS_REASON.AT_HORIZON;
  if (c.queues[job.template.queueIndex].blockedInPass === c.lastPass) return STATUS_REASON.BEHIND_BLOCKED_HEAD;
  return STATUS_REASON.NO_CAPACITY;
}

export function environmentSnapshot(ce: Environment, spotRisk: SpotRisk | null): EnvironmentSnapshot {
  return {
    name: ce.name,
    purchaseOption: ce.purchaseOption,
    maxvCpus: Number.isFinite(ce.maxvCpus) ? ce.maxvCpus : null,
    instancesLaunched: ce.instancesLaunched,
    peakvCpus: ce.peakvCpus,
    interruptions: ce.interruptions,
    spotRisk,
  };
}

export function queueSnapshot(q: JobQueueRuntime, endAt: number): QueueSnapshot {
  return { name: q.name, shares: q.fairShare ? q.fairShare.report(endAt) : null };
}

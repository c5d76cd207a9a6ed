// jobStateTimeLimitActions: a head job blocking its queue with a matching reason is cancelled
// once it has been at the head of the queue, RUNNABLE, for maxTimeSeconds (JobStateTimeLimitAction:
// "after the job has remained at the head of the queue in the specified state for longer than the
// specified time", https://docs.aws.amazon.com/batch/latest/APIReference/API_JobStateTimeLimitAction.html;
// AWS-BATCH-BEHAVIOUR.md §1.6). The clock starts when the job became the head, not when it became
// RUNNABLE: three blocking jobs in a row are cancelled one maxTimeSeconds after another, as each
// moves to the head only when the one before is cancelled. Until then, the scheduler is woken when
// it is due.
import type { Job } from '../job.js';
import type { JobQueueRuntime, ShapeQueue } from '../jobQueue.js';
import { Rank } from '../ranks.js';
import { matchesPattern } from '../retry.js';
import { cancelledByTimeLimit, reasonCode } from '../statusReasons.js';
import { JobStatus } from '../types.js';
import type { PassContext } from './context.js';

/**
 * When `job`, the queue's oldest RUNNABLE job, became its head: when it became RUNNABLE, or when
 * the head before it left (placed or cancelled), whichever is later. Jobs join a queue in order,
 * so the oldest job only changes when the head leaves.
 */
export function headSince(q: JobQueueRuntime, job: Job): number {
  return Math.max(job.lastRunnableAt, q.headLeftAt);
}

/** The head job left the queue now: the next oldest job's clock starts here. */
export function headLeft(q: JobQueueRuntime, now: number): void {
  q.headLeftAt = now;
}

/** Whether the head `job` (the oldest of `shape`) was cancelled now. */
export function cancelIfOverTimeLimit(ctx: PassContext, q: JobQueueRuntime, shape: ShapeQueue, job: Job): boolean {
  const code = reasonCode(job.statusReason);
  const action = q.config.jobStateTimeLimitActions.find((a) => a.state === 'RUNNABLE' && matchesPattern(a.reason, code));
  if (!action) return false;
  const due = headSince(q, job) + action.maxTimeSeconds * 1000;
  const { sim } = ctx;
  if (sim.now < due) {
    if (!q.wakeUpAt.has(due)) {
      q.wakeUpAt.add(due);
      sim.schedule(due, Rank.WAKE_UP, () => {
        q.wakeUpAt.delete(due);
        ctx.requestPass();
      });
    }
    return false;
  }
  shape.shift();
  q.withdrawn();
  headLeft(q, sim.now);
  ctx.lifecycle.stop(job, JobStatus.FAILED, cancelledByTimeLimit(code));
  return true;
}

// jobStateTimeLimitActions: a head job blocking its queue with a matching reason is cancelled
// once it has been RUNNABLE for maxTimeSeconds (JobStateTimeLimitAction; AWS-BATCH-BEHAVIOUR.md
// §1.6), letting the next job become the head. Until then, the scheduler is woken when it is due.
import type { Job } from '../job.js';
import type { JobQueueRuntime, ShapeQueue } from '../jobQueue.js';
import { Rank } from '../ranks.js';
import { matchesPattern } from '../retry.js';
import { cancelledByTimeLimit, reasonCode } from '../statusReasons.js';
import { JobStatus } from '../types.js';
import type { PassContext } from './context.js';

/** Whether the head `job` (the oldest of `shape`) was cancelled now. */
export function cancelIfOverTimeLimit(ctx: PassContext, q: JobQueueRuntime, shape: ShapeQueue, job: Job): boolean {
  const code = reasonCode(job.statusReason);
  const action = q.config.jobStateTimeLimitActions.find((a) => a.state === 'RUNNABLE' && matchesPattern(a.reason, code));
  if (!action) return false;
  const due = job.lastRunnableAt + action.maxTimeSeconds * 1000;
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
  ctx.lifecycle.stop(job, JobStatus.FAILED, cancelledByTimeLimit(action.maxTimeSeconds, code));
  return true;
}

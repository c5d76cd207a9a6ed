// The FIFO family of queue disciplines: `fifo` (FIFO with backfill), `strict-fifo` (a waiting head
// holds everyone behind it) and `easy-backfill` (backfill that respects the head's reservation).
import type { PassContext } from './context.js';
import type { Job } from '../job.js';
import type { JobQueueRuntime } from '../jobQueue.js';
import { fitsBeforeReservation, reservationFor, type Reservation } from './easy.js';
import { cancelIfOverTimeLimit, headLeft } from './timeLimits.js';

/**
 * FIFO with backfill: the oldest job of each shape is tried in submission order; a shape whose
 * oldest job fits nowhere now is skipped for the rest of the pass, and later jobs of other
 * shapes may pass it. A head job that no environment can *ever* hold blocks the whole queue, as
 * AWS documents for unplaceable head jobs (job_stuck_in_runnable; AWS-BATCH-BEHAVIOUR.md §1.7).
 */
export function dispatchFifo(ctx: PassContext, q: JobQueueRuntime, pass: number): void {
  const { sim } = ctx;
  const first = q.oldestShape(pass);
  if (first === null) return;
  if (first.neverPlaceable === null && nothingFits(q)) {
    // The walk below would stall every shape, changing nothing; EASY would give the head its
    // reservation first, which only the event trace shows.
    if (q.config.discipline === 'easy-backfill' && ctx.trace !== null) reserve(ctx, q, first.peek());
    return;
  }
  let oldestStalledSeq = Infinity;
  // EASY: once the head is found waiting, the reservation that backfilled jobs must respect.
  let easy: Reservation | null = null;
  for (;;) {
    const shape = q.oldestShape(pass);
    if (shape === null) return;
    const isHead = shape.headSeq() < oldestStalledSeq;
    if (shape.neverPlaceable !== null) {
      if (isHead) {
        const job = shape.peek();
        job.statusReason = shape.neverPlaceable;
        if (cancelIfOverTimeLimit(ctx, q, shape, job)) continue;
        q.blockedInPass = pass;
        return;
      }
      shape.stall(pass);
      oldestStalledSeq = Math.min(oldestStalledSeq, shape.headSeq());
      continue;
    }
    if (easy !== null && !fitsBeforeReservation(shape.peek(), easy, sim.now)) {
      shape.stall(pass);
      oldestStalledSeq = Math.min(oldestStalledSeq, shape.headSeq());
      continue;
    }
    const at = ctx.capacityFor(q, shape);
    if (at === null) {
      if (isHead && q.config.discipline === 'strict-fifo') return;
      if (isHead && q.config.discipline === 'easy-backfill') {
        easy = reserve(ctx, q, shape.peek());
      }
      shape.stall(pass);
      oldestStalledSeq = Math.min(oldestStalledSeq, shape.headSeq());
      continue;
    }
    if (isHead) headLeft(q, sim.now);
    ctx.lifecycle.place(shape.shift(), at);
  }
}

/** EASY: the waiting head's reservation, noted in the event trace. */
function reserve(ctx: PassContext, q: JobQueueRuntime, head: Job): Reservation {
  const r = reservationFor(q.runningByEnd!, q.environments, head, ctx.sim.now);
  ctx.trace?.({ at: ctx.sim.now, event: 'RESERVE', id: head.jobId, detail: String(r.shadowAt) });
  return r;
}

/**
 * Whether no waiting job of the queue can be placed now, told cheaply: every waiting shape needs
 * more vCPUs than any instance of the queue's environments has free. False (walk the shapes) when
 * an environment cannot say without side effects (Fargate).
 */
function nothingFits(q: JobQueueRuntime): boolean {
  let free = 0;
  for (const ce of q.environments) {
    if (ce.mostFreevCpus === undefined) return false;
    free = Math.max(free, ce.mostFreevCpus());
  }
  for (const s of q.waitingShapes()) if (s.vcpus <= free) return false;
  return true;
}

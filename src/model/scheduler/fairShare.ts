// The fair-share queue discipline, for a queue with a scheduling policy; the shares' usage and
// weights are kept by shareUsage.ts.
import type { JobQueueRuntime, ShapeQueue } from '../jobQueue.js';
import type { PassContext } from './context.js';

/**
 * Fair share: repeatedly the share with the lowest weighted usage offers its head job (highest
 * schedulingPriority, then oldest); a job no environment can hold stalls only its own share
 * (a large job "does not stop lighter shares from advancing", AWS fair-share blog), and no share
 * may use the capacity held back by computeReservation.
 *
 * Cost: the queue's shapes are grouped by share once a pass; each step then compares one usage
 * per waiting share and, after it places or stalls, looks again only at that share's shapes and
 * usage (within a pass only a placement changes a share's usage), and a shape refused room spares
 * the others like it a lookup. Rebuilding every share's head and usage at each step was
 * O(shapes + shares) a step, and a deep queue of 50 shares spent most of its run there.
 */
export function dispatchFairShare(ctx: PassContext, q: JobQueueRuntime, pass: number): void {
  const fs = q.fairShare!;
  const now = ctx.sim.now;
  const byShare = new Map<string, ShapeQueue[]>();
  for (const s of q.shapes) {
    if (s.size === 0) continue;
    const list = byShare.get(s.share);
    if (list) list.push(s);
    else byShare.set(s.share, [s]);
  }
  const capacity = ctx.capacityOf(q);
  const reserved = fs.reservedvCpus(capacity, fs.activeShares(now, (share) => byShare.has(share)));
  // Each waiting share's head shape and weighted usage; a share leaves once nothing of it can be offered.
  const heads = new Map<string, { shape: ShapeQueue; usage: number }>();
  const lookAgain = (share: string, usageChanged: boolean): void => {
    const head = headOf(byShare.get(share)!, pass);
    const seen = heads.get(share);
    if (head === null) heads.delete(share);
    else if (seen === undefined) heads.set(share, { shape: head, usage: fs.weightedUsage(share, now) });
    else {
      seen.shape = head;
      if (usageChanged) seen.usage = fs.weightedUsage(share, now);
    }
  };
  for (const share of byShare.keys()) lookAgain(share, true);
  // Room only shrinks during a pass (jobs are placed; none ends and no instance becomes ready until
  // it is over), so once a shape finds none, one that needs no fewer vCPUs, no less memory and no
  // fewer GPUs, on the same architecture, finds none either: where the lookups change nothing
  // (EC2), it is refused without a walk of every instance. Most shares' jobs are of one shape.
  // An environment that tells its most free vCPUs is one whose lookup has no side effects (EC2; a
  // Fargate lookup launches a task), as fifo.ts's nothingFits relies on too.
  const lookupsChangeNothing = q.environments.every((ce) => ce.mostFreevCpus !== undefined);
  const misses: ShapeQueue[] = [];
  const roomFor = (shape: ShapeQueue) => {
    if (!lookupsChangeNothing || shape.nodes > 1) return ctx.capacityFor(q, shape);
    for (const miss of misses) if (needsNoLess(shape, miss)) return null;
    const at = ctx.capacityFor(q, shape);
    if (at === null) misses.push(shape);
    return at;
  };
  for (;;) {
    // The lowest usage; of equal ones, the share first by name (so the order of `heads` does not matter).
    let shape: ShapeQueue | null = null;
    let lowest = Infinity;
    for (const [share, h] of heads) {
      const u = h.usage;
      if (u < lowest || (u === lowest && shape !== null && share < shape.share)) {
        lowest = u;
        shape = h.shape;
      }
    }
    if (shape === null) return;
    if (shape.neverPlaceable !== null) {
      shape.peek().statusReason = shape.neverPlaceable;
      shape.stall(pass);
      lookAgain(shape.share, false);
      continue;
    }
    const busy = q.environments.reduce((n, ce) => n + ce.busyvCpus, 0);
    const at = reserved > 0 && busy + shape.vcpus * shape.nodes > capacity - reserved ? null : roomFor(shape);
    if (at === null) {
      shape.stall(pass);
      lookAgain(shape.share, false);
      continue;
    }
    ctx.lifecycle.place(shape.shift(), at);
    lookAgain(shape.share, true);
  }
}

/** A share's shape whose head job goes first (highest schedulingPriority, then oldest), among those not empty or stalled in `pass`; null if none. */
function headOf(shapes: readonly ShapeQueue[], pass: number): ShapeQueue | null {
  let h: ShapeQueue | null = null;
  for (const s of shapes) {
    if (s.size === 0 || s.stalledInPass === pass) continue;
    if (h === null || s.priority > h.priority || (s.priority === h.priority && s.headSeq() < h.headSeq())) h = s;
  }
  return h;
}

/** Whether shape `a` needs at least what `b` needs of an instance, on the same architecture. */
function needsNoLess(a: ShapeQueue, b: ShapeQueue): boolean {
  return a.vcpus >= b.vcpus && a.memoryMiB >= b.memoryMiB && a.gpus >= b.gpus && a.arm64 === b.arm64;
}

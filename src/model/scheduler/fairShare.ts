// The fair-share queue discipline, for a queue with a scheduling policy; the shares' usage and
// weights are kept by shareUsage.ts.
import type { JobQueueRuntime, ShapeQueue } from '../jobQueue.js';
import type { PassContext } from './context.js';

/**
 * Fair share: repeatedly the share with the lowest weighted usage offers its head job (highest
 * schedulingPriority, then oldest); a job no environment can hold stalls only its own share
 * (a large job "does not stop lighter shares from advancing", AWS fair-share blog), and no share
 * may use the capacity held back by computeReservation.
 */
export function dispatchFairShare(ctx: PassContext, q: JobQueueRuntime, pass: number): void {
  const fs = q.fairShare!;
  const now = ctx.sim.now;
  const waiting = new Set<string>();
  for (const s of q.shapes) if (s.size > 0) waiting.add(s.share);
  const capacity = ctx.capacityOf(q);
  const reserved = fs.reservedvCpus(capacity, fs.activeShares(now, (share) => waiting.has(share)));
  for (;;) {
    const heads = new Map<string, ShapeQueue>();
    for (const s of q.shapes) {
      if (s.size === 0 || s.stalledInPass === pass) continue;
      const h = heads.get(s.share);
      if (!h || s.priority > h.priority || (s.priority === h.priority && s.headSeq() < h.headSeq())) heads.set(s.share, s);
    }
    let shape: ShapeQueue | null = null;
    let lowest = Infinity;
    for (const [share, s] of heads) {
      const u = fs.weightedUsage(share, now);
      if (u < lowest || (u === lowest && shape !== null && share < shape.share)) {
        lowest = u;
        shape = s;
      }
    }
    if (shape === null) return;
    if (shape.neverPlaceable !== null) {
      shape.peek().statusReason = shape.neverPlaceable;
      shape.stall(pass);
      continue;
    }
    const busy = q.environments.reduce((n, ce) => n + ce.busyvCpus, 0);
    const at = reserved > 0 && busy + shape.vcpus * shape.nodes > capacity - reserved ? null : ctx.capacityFor(q, shape);
    if (at === null) {
      shape.stall(pass);
      continue;
    }
    ctx.lifecycle.place(shape.shift(), at);
  }
}

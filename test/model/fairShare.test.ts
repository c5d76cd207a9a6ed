// The fair-share discipline (model/scheduler/fairShare.ts) keeps each waiting share's head and
// usage between the steps of a pass instead of rebuilding them all at each step, and spares a shape
// the lookup once one needing no more found no room. Against the rebuild-everything version it
// replaced (kept here as the reference, which looks up every time), on arbitrary queues and usage
// histories (fast-check), it places the same jobs in the same order and stalls the same shapes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ShapeQueue, type JobQueueRuntime } from '../../src/model/jobQueue.js';
import type { Job } from '../../src/model/job.js';
import type { PassContext } from '../../src/model/scheduler/context.js';
import { dispatchFairShare } from '../../src/model/scheduler/fairShare.js';
import { FairShare } from '../../src/model/shareUsage.js';

const runs = Number(process.env.FC_RUNS ?? 300);

/** The discipline before it kept heads and usages: every step walked every shape and every share's usage. */
function referenceFairShare(ctx: PassContext, q: JobQueueRuntime, pass: number): void {
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

const SHARES = ['a', 'b', 'c', 'team1', 'team2'];
const shapeArb = fc.record({
  share: fc.constantFrom(...SHARES),
  priority: fc.integer({ min: 0, max: 2 }),
  vcpus: fc.constantFrom(1, 2, 4),
  neverPlaceable: fc.boolean().map((b) => (b ? 'MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT' : null)),
  /** Jobs waiting, with queue positions drawn so that shapes interleave. */
  seqs: fc.uniqueArray(fc.integer({ min: 0, max: 500 }), { maxLength: 8 }),
});
const caseArb = fc.record({
  shapes: fc.array(shapeArb, { minLength: 1, maxLength: 10 }),
  // Exact weights and a prefix rule, so weight() takes both ways.
  weights: fc.record({ a: fc.integer({ min: 1, max: 3 }), b: fc.integer({ min: 1, max: 3 }), team: fc.integer({ min: 1, max: 3 }) }),
  computeReservation: fc.constantFrom(0, 0, 50),
  /** Usage before the pass: (share, vCPUs, start, end or running). */
  history: fc.array(fc.record({ share: fc.constantFrom(...SHARES), vcpus: fc.integer({ min: 1, max: 4 }), at: fc.integer({ min: 0, max: 900 }), lasts: fc.option(fc.integer({ min: 0, max: 900 })) }), { maxLength: 12 }),
  /** Free vCPUs now, and how busy the environments are. */
  free: fc.integer({ min: 0, max: 20 }),
  busy: fc.integer({ min: 0, max: 16 }),
  capacity: fc.integer({ min: 16, max: 40 }),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

/** One pass of `dispatch` on a fresh copy of the case: what it placed (job ids in order), and the shapes it stalled. */
function pass(c: Case, dispatch: (ctx: PassContext, q: JobQueueRuntime, pass: number) => void): { placed: string[]; stalled: number[] } {
  const fs = new FairShare({
    name: 'p',
    shareDecaySeconds: 600,
    computeReservation: c.computeReservation,
    shareDistribution: [
      { shareIdentifier: 'a', weightFactor: c.weights.a },
      { shareIdentifier: 'b', weightFactor: c.weights.b },
      { shareIdentifier: 'team*', weightFactor: c.weights.team },
    ],
  } as never);
  const now = 1_000_000;
  // Events in time order, as the simulation would report them.
  const changes = c.history.flatMap((h) => [{ at: h.at * 1000, share: h.share, d: h.vcpus }, ...(h.lasts === null ? [] : [{ at: (h.at + h.lasts) * 1000, share: h.share, d: -h.vcpus }])]);
  changes.sort((x, y) => x.at - y.at || y.d - x.d);
  for (const ch of changes) {
    if (ch.d > 0) fs.started(ch.share, ch.d, ch.at);
    else fs.ended(ch.share, -ch.d, ch.at);
  }
  const shapes = c.shapes.map((s, k) => {
    const shape = new ShapeQueue(s.vcpus, 1024 * s.vcpus, 0, false, 20, s.share, s.priority, 1);
    shape.neverPlaceable = s.neverPlaceable;
    for (const seq of [...s.seqs].sort((x, y) => x - y)) shape.push({ id: `${k}:${seq}`, shapeIndex: k, statusReason: '' } as unknown as Job, seq);
    return shape;
  });
  // The lookup below changes nothing and only finds less room as jobs are placed, as EC2's does
  // (an environment that tells its most free vCPUs).
  const env = { busyvCpus: c.busy, mostFreevCpus: () => free };
  const q = { fairShare: fs, shapes, environments: [env] } as unknown as JobQueueRuntime;
  let free = c.free;
  const placed: string[] = [];
  const ctx = {
    sim: { now },
    trace: null,
    capacityOf: () => c.capacity,
    capacityFor: (_q: JobQueueRuntime, shape: ShapeQueue) => (shape.vcpus <= free ? ({} as never) : null),
    lifecycle: {
      place: (job: Job & { id: string; shapeIndex: number }) => {
        const shape = shapes[job.shapeIndex];
        placed.push(job.id);
        free -= shape.vcpus;
        env.busyvCpus += shape.vcpus;
        // As the job life cycle does: the share runs the job's vCPUs from now.
        fs.started(shape.share, shape.vcpus, now);
      },
    },
    requestPass: () => now,
  } as unknown as PassContext;
  dispatch(ctx, q, 7);
  return { placed, stalled: shapes.flatMap((s, k) => (s.stalledInPass === 7 ? [k] : [])) };
}

describe('fair share keeps heads and usages through a pass', () => {
  it('places and stalls exactly as the discipline that rebuilt them at every step', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        expect(pass(c, dispatchFairShare)).toEqual(pass(c, referenceFairShare));
      }),
      { numRuns: runs },
    );
  });

  it('gives equal-weight shares turns by usage, refreshing the usage of the share that just placed', () => {
    // Two shares of one-vCPU jobs, no history, room for four: a stale usage would give all four to `a`.
    const c: Case = {
      shapes: [
        { share: 'a', priority: 0, vcpus: 1, neverPlaceable: null, seqs: [0, 1, 2, 3] },
        { share: 'b', priority: 0, vcpus: 1, neverPlaceable: null, seqs: [4, 5, 6, 7] },
      ],
      weights: { a: 1, b: 1, team: 1 },
      computeReservation: 0,
      history: [],
      free: 4,
      busy: 0,
      capacity: 16,
    };
    expect(pass(c, dispatchFairShare).placed).toEqual(['0:0', '1:4', '0:1', '1:5']);
  });
});

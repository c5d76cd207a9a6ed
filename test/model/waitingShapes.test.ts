// The heap of a FIFO queue's non-empty shapes (model/waitingShapes.ts) against a scan of every
// shape, after random pushes, shifts, stalls and new passes (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/model/job.js';
import { ShapeQueue } from '../../src/model/jobQueue.js';
import { WaitingShapes } from '../../src/model/waitingShapes.js';

const runs = Number(process.env.FC_RUNS ?? 200);

type Op = { kind: 'push' | 'shift' | 'stall' | 'pass' | 'oldest'; shape: number };

const opArb = (shapes: number): fc.Arbitrary<Op> =>
  fc.record({
    kind: fc.constantFrom('push', 'push', 'push', 'shift', 'shift', 'stall', 'pass', 'oldest'),
    shape: fc.integer({ min: 0, max: shapes - 1 }),
  }) as fc.Arbitrary<Op>;

/** What the queue picked before the heap: scan every shape for the oldest non-stalled head. */
function scanOldest(shapes: readonly ShapeQueue[], pass: number): ShapeQueue | null {
  let best: ShapeQueue | null = null;
  for (const s of shapes) {
    if (s.size === 0 || s.stalledInPass === pass) continue;
    if (best === null || s.headSeq() < best.headSeq()) best = s;
  }
  return best;
}

describe('waiting shapes', () => {
  it('the oldest shape and the set of waiting shapes equal a scan of every shape', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(fc.constant(n), fc.array(opArb(n), { maxLength: 300 }))),
        ([n, ops]) => {
          const waiting = new WaitingShapes<ShapeQueue>();
          const shapes = Array.from({ length: n }, (_, k) => new ShapeQueue(k + 1, 1024, 0, false, 20, '', 0, 1, waiting));
          let seq = 0;
          let pass = 1;
          for (const op of ops) {
            const s = shapes[op.shape];
            if (op.kind === 'push') s.push({} as Job, seq++);
            else if (op.kind === 'shift' && s.size > 0) s.shift();
            // Only a shape the scheduler is looking at gets stalled: the oldest one, as in dispatchFifo.
            else if (op.kind === 'stall') waiting.oldest(pass)?.stall(pass);
            else if (op.kind === 'pass') pass++;
            const expected = scanOldest(shapes, pass);
            expect(waiting.oldest(pass)).toBe(expected);
            const scanned = shapes.filter((x) => x.size > 0 && x.stalledInPass !== pass);
            expect(new Set(waiting.waiting)).toEqual(new Set(scanned));
            expect(waiting.count).toBe(scanned.length);
          }
        },
      ),
      { numRuns: runs },
    );
  });

  it('a stalled shape comes back in the next pass, with the jobs pushed to it meanwhile', () => {
    const waiting = new WaitingShapes<ShapeQueue>();
    const a = new ShapeQueue(1, 1024, 0, false, 20, '', 0, 1, waiting);
    const b = new ShapeQueue(2, 1024, 0, false, 20, '', 0, 1, waiting);
    a.push({} as Job, 0);
    b.push({} as Job, 1);
    expect(waiting.oldest(1)).toBe(a);
    a.stall(1);
    expect(waiting.oldest(1)).toBe(b);
    b.stall(1);
    a.push({} as Job, 2);
    expect(waiting.oldest(1)).toBeNull();
    expect(waiting.oldest(2)).toBe(a);
    a.shift();
    expect(waiting.oldest(2)).toBe(b);
    b.shift();
    expect(waiting.oldest(2)).toBe(a);
    a.shift();
    expect(waiting.oldest(2)).toBeNull();
    expect(waiting.count).toBe(0);
  });
});

describe('a shape queue', () => {
  // Long runs of pushes before shifts cross the compaction threshold (1,024 consumed jobs) often.
  const stepArb = fc.oneof(
    fc.record({ kind: fc.constant('push' as const), count: fc.integer({ min: 1, max: 3000 }) }),
    fc.record({ kind: fc.constant('shift' as const), count: fc.integer({ min: 1, max: 2500 }) }),
    fc.record({ kind: fc.constant('remove' as const), count: fc.nat() }),
  );

  it('is a FIFO of its jobs, with remove() taking any one out, across compactions and emptyings', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 24 }), (steps) => {
        const queue = new ShapeQueue(1, 1024, 0, false, 20, '', 0, 1, new WaitingShapes<ShapeQueue>());
        const model: { job: Job; seq: number }[] = [];
        const gone: Job[] = [];
        let seq = 0;
        for (const step of steps) {
          if (step.kind === 'push') {
            for (let k = 0; k < step.count; k++) {
              const job = { index: seq } as Job;
              queue.push(job, seq);
              model.push({ job, seq: seq++ });
            }
          } else if (step.kind === 'shift') {
            for (let k = 0; k < step.count && model.length > 0; k++) {
              const expected = model.shift()!;
              expect(queue.headSeq()).toBe(expected.seq);
              expect(queue.shift()).toBe(expected.job);
              gone.push(expected.job);
            }
          } else if (model.length > 0) {
            const [taken] = model.splice(step.count % model.length, 1);
            expect(queue.remove(taken.job)).toBe(true);
            gone.push(taken.job);
          }
          expect(queue.size).toBe(model.length);
          if (model.length > 0) expect(queue.peek()).toBe(model[0].job);
        }
        // A job that left is not held any more: remove() does not find it.
        for (let k = 0; k < gone.length; k += 37) expect(queue.remove(gone[k])).toBe(false);
      }),
      { numRuns: Math.min(runs, 60) },
    );
  });

  it('holds no job that left after compacting its consumed front', () => {
    const queue = new ShapeQueue(1, 1024, 0, false, 20, '', 0, 1, new WaitingShapes<ShapeQueue>());
    const jobs = Array.from({ length: 3000 }, (_, k) => ({ index: k }) as Job);
    jobs.forEach((job, k) => queue.push(job, k));
    // Compacts once 1,501 of 3,000 are consumed (more than 1,024, and more than half).
    for (let k = 0; k < 2990; k++) expect(queue.shift()).toBe(jobs[k]);
    for (let k = 0; k < 2990; k += 7) expect(queue.remove(jobs[k])).toBe(false);
    expect(queue.size).toBe(10);
    expect(queue.remove(jobs[2995])).toBe(true);
    expect(queue.peek()).toBe(jobs[2990]);
  });
});

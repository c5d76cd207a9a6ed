// EASY's running set by expected end (model/scheduler/runningByEnd.ts) against a sort of the
// running attempts, after random placements and ends (fast-check); and the reservation walk.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RunningByEnd } from '../../src/model/scheduler/runningByEnd.js';

const runs = Number(process.env.FC_RUNS ?? 200);

interface Item {
  id: number;
  endAt: number;
  vcpus: number;
}

// Few distinct ends, so that ties (and Infinity, an attempt with no estimate) are common.
const endArb = fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(Infinity));
const opArb = fc.oneof(
  fc.record({ add: fc.constant(true as const), endAt: endArb, vcpus: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ add: fc.constant(false as const), pick: fc.nat() }),
);

/** The reservation walk as a sort of every running attempt, freeing each instant's vCPUs together. */
function referenceEarliestFree(items: readonly Item[], free: number, needed: number, now: number): { at: number; freeAt: number } {
  const sorted = [...items].sort((x, y) => (x.endAt === y.endAt ? 0 : x.endAt < y.endAt ? -1 : 1));
  let at = now;
  let k = 0;
  while (free < needed && k < sorted.length) {
    at = sorted[k].endAt;
    while (k < sorted.length && sorted[k].endAt === at) free += sorted[k++].vcpus;
  }
  return { at: free < needed ? Infinity : at, freeAt: free };
}

describe('running set by expected end', () => {
  it('equals a sort of the running attempts after random inserts and removes, and so does its reservation walk', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 200 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 40 }), (ops, free, needed) => {
        const set = new RunningByEnd<Item>();
        const running: Item[] = [];
        let next = 0;
        for (const op of ops) {
          if (op.add) {
            const item = { id: next++, endAt: op.endAt, vcpus: op.vcpus };
            running.push(item);
            set.add(item, item.endAt, item.vcpus);
          } else if (running.length > 0) {
            const [item] = running.splice(op.pick % running.length, 1);
            set.remove(item, item.endAt);
          }
          const sorted = [...running].sort((x, y) => (x.endAt === y.endAt ? x.id - y.id : x.endAt < y.endAt ? -1 : 1));
          expect(set.entries()).toEqual(sorted.map((i) => [i.endAt, i.vcpus]));
          expect(set.size).toBe(running.length);
          expect(set.earliestFree(free, needed, -1)).toEqual(referenceEarliestFree(running, free, needed, -1));
        }
      }),
      { numRuns: runs },
    );
  });

  it('keeps its order past the room it starts with, reusing the slots of removed items', () => {
    const set = new RunningByEnd<Item>();
    const running: Item[] = [];
    // 300 inserts with every third item removed on the way, then half of the rest: the arrays
    // grow from 16 several times and freed slots are taken again.
    for (let id = 0; id < 300; id++) {
      const item = { id, endAt: (id * 37) % 101, vcpus: 1 + (id % 5) };
      running.push(item);
      set.add(item, item.endAt, item.vcpus);
      if (id % 3 === 2) {
        const [gone] = running.splice((id * 7) % running.length, 1);
        set.remove(gone, gone.endAt);
      }
    }
    for (let k = running.length - 1; k >= 0; k -= 2) {
      const [gone] = running.splice(k, 1);
      set.remove(gone, gone.endAt);
    }
    const sorted = [...running].sort((x, y) => x.endAt - y.endAt || x.id - y.id);
    expect(set.size).toBe(100);
    expect(set.entries()).toEqual(sorted.map((i) => [i.endAt, i.vcpus]));
    expect(set.earliestFree(0, 150, -1)).toEqual(referenceEarliestFree(running, 0, 150, -1));
  });

  it('stays sorted when the entries drift to either end of their room (inserts at the front or back, removes at the front)', () => {
    const set = new RunningByEnd<Item>();
    const running: Item[] = [];
    let id = 0;
    const check = (): void => {
      const sorted = [...running].sort((x, y) => x.endAt - y.endAt || x.id - y.id);
      expect(set.entries()).toEqual(sorted.map((i) => [i.endAt, i.vcpus]));
    };
    const add = (endAt: number): void => {
      const item = { id: id++, endAt, vcpus: 1 + (id % 3) };
      running.push(item);
      set.add(item, endAt, item.vcpus);
    };
    const removeEarliest = (): void => {
      const k = running.reduce((best, item, i) => (item.endAt < running[best].endAt || (item.endAt === running[best].endAt && item.id < running[best].id) ? i : best), 0);
      const [gone] = running.splice(k, 1);
      set.remove(gone, gone.endAt);
    };
    // Each new end the earliest: every insert goes in at the front.
    for (let t = 100; t > 0; t--) add(t);
    check();
    // Each new end the latest: every insert at the back.
    for (let t = 101; t <= 200; t++) add(t);
    check();
    // A queue: the earliest leaves, a latest comes, 500 times, so the entries creep towards the end.
    for (let t = 201; t <= 700; t++) {
      removeEarliest();
      add(t);
      if (t % 50 === 0) check();
    }
    // And back: the latest leaves, an earliest comes.
    for (let t = 0; t > -300; t--) {
      const [gone] = running.splice(running.findIndex((i) => i.endAt === Math.max(...running.map((r) => r.endAt))), 1);
      set.remove(gone, gone.endAt);
      add(t);
      if (t % 50 === 0) check();
    }
    check();
    expect(set.size).toBe(200);
  });

  it('removing an item not in the set, or with another end, changes nothing', () => {
    const set = new RunningByEnd<string>();
    set.add('a', 10, 2);
    set.add('b', 10, 3);
    set.remove('c', 10);
    set.remove('a', 11);
    expect(set.entries()).toEqual([
      [10, 2],
      [10, 3],
    ]);
    set.remove('a', 10);
    expect(set.entries()).toEqual([[10, 3]]);
  });

  it('attempts ending at the same instant free their vCPUs together', () => {
    const set = new RunningByEnd<string>();
    set.add('late', 30, 4);
    set.add('a', 20, 2);
    set.add('b', 20, 2);
    // 1 free now; the first end at 20 frees 2 + 2: enough for 3, with 2 to spare (not 0).
    expect(set.earliestFree(1, 3, 5)).toEqual({ at: 20, freeAt: 5 });
    // Enough free now: the reservation is now, nothing is walked.
    expect(set.earliestFree(3, 3, 5)).toEqual({ at: 5, freeAt: 3 });
    // More than every end frees: no reservation time.
    expect(set.earliestFree(1, 20, 5)).toEqual({ at: Infinity, freeAt: 9 });
  });
});

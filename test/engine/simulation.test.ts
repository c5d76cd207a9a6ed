import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation, type EventHandle } from '../../src/engine/simulation.js';

interface Spec {
  time: number;
  rank: number;
}

const specArb = fc.record({ time: fc.integer({ min: 0, max: 1000 }), rank: fc.integer({ min: 0, max: 5 }) });

/** Indices of `specs` in the order the heap must run them: (time, rank), then scheduling order. */
function expectedOrder(specs: readonly Spec[], keep: (i: number) => boolean = () => true): number[] {
  return specs
    .map((s, i) => ({ ...s, i }))
    .filter((s) => keep(s.i))
    .sort((a, b) => a.time - b.time || a.rank - b.rank || a.i - b.i)
    .map((s) => s.i);
}

describe('Simulation event order', () => {
  it('runs events in (time, rank) order, FIFO among ties, each exactly once, with now never decreasing', () => {
    fc.assert(
      fc.property(fc.array(specArb, { maxLength: 200 }), (specs) => {
        const sim = new Simulation();
        const ran: number[] = [];
        const nows: number[] = [];
        specs.forEach((s, i) =>
          sim.schedule(s.time, s.rank, () => {
            ran.push(i);
            nows.push(sim.now);
          }),
        );
        expect(sim.pending).toBe(specs.length);
        expect(sim.run()).toBe(false);
        expect(ran).toEqual(expectedOrder(specs));
        // The clock shows each event's own time while it runs, so it never goes backwards.
        expect(nows).toEqual(ran.map((i) => specs[i].time));
        for (let k = 1; k < nows.length; k++) expect(nows[k]).toBeGreaterThanOrEqual(nows[k - 1]);
        expect(sim.eventsProcessed).toBe(specs.length);
        expect(sim.pending).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('scheduleFire events run target.fire(kind, subject) in the same order as schedule() ones, and cancel alike', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ time: specArb.map((s) => s.time), rank: specArb.map((s) => s.rank), fire: fc.boolean(), cancel: fc.boolean() }), { maxLength: 200 }), (specs) => {
        const sim = new Simulation();
        const ran: number[] = [];
        const target = {
          fire(kind: number, subject: unknown): void {
            expect(subject).toEqual({ i: kind });
            expect(sim.now).toBe(specs[kind].time);
            ran.push(kind);
          },
        };
        const handles = specs.map((s, i) =>
          s.fire ? sim.scheduleFire(s.time, s.rank, target, i, { i }) : sim.schedule(s.time, s.rank, () => ran.push(i)),
        );
        specs.forEach((s, i) => {
          if (s.cancel) sim.cancel(handles[i]);
        });
        expect(sim.pending).toBe(specs.filter((s) => !s.cancel).length);
        sim.run();
        expect(ran).toEqual(expectedOrder(specs, (i) => !specs[i].cancel));
        expect(sim.pending).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('cancelling a subset runs exactly the others; double and late cancels are harmless', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(specArb, fc.boolean(), fc.boolean()), { maxLength: 150 }),
        (rows) => {
          const specs = rows.map(([s]) => s);
          const sim = new Simulation();
          const ran: number[] = [];
          const handles: EventHandle[] = specs.map((s, i) => sim.schedule(s.time, s.rank, () => ran.push(i)));
          let cancelled = 0;
          rows.forEach(([, cancel, twice], i) => {
            if (!cancel) return;
            sim.cancel(handles[i]);
            if (twice) sim.cancel(handles[i]);
            cancelled++;
          });
          sim.cancel(null);
          sim.cancel(undefined);
          expect(sim.pending).toBe(specs.length - cancelled);
          const live = expectedOrder(specs, (i) => !rows[i][1]);
          expect(sim.peekTime()).toBe(live.length > 0 ? specs[live[0]].time : null);

          expect(sim.run()).toBe(false);
          expect(ran).toEqual(live);
          expect(sim.pending).toBe(0);
          expect(sim.eventsProcessed).toBe(live.length);

          // Cancelling events that already ran (or were cancelled) changes nothing.
          for (const h of handles) sim.cancel(h);
          expect(sim.pending).toBe(0);
          const extra: string[] = [];
          sim.schedule(sim.now, 0, () => extra.push('x'));
          expect(sim.pending).toBe(1);
          for (const h of handles) sim.cancel(h);
          expect(sim.pending).toBe(1);
          expect(sim.run()).toBe(false);
          expect(extra).toEqual(['x']);
          expect(ran).toEqual(live);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('cancelling from inside an action stops a later event at the same instant', () => {
    const sim = new Simulation();
    const log: string[] = [];
    let victim: EventHandle | null = null;
    sim.schedule(5, 0, () => {
      log.push('a');
      sim.cancel(victim);
    });
    victim = sim.schedule(5, 1, () => log.push('victim'));
    sim.schedule(5, 2, () => log.push('c'));
    expect(sim.pending).toBe(3);
    expect(sim.run()).toBe(false);
    expect(log).toEqual(['a', 'c']);
    expect(sim.pending).toBe(0);
  });

  it('events scheduled from an action at the same instant run in that instant by (rank, seq)', () => {
    const sim = new Simulation();
    const log: string[] = [];
    const at = (name: string) => () => log.push(`${name}@${sim.now}`);
    sim.schedule(10, 2, () => {
      log.push(`A@${sim.now}`);
      sim.schedule(10, 1, at('B')); // lower rank than A: still runs now, before everything else left
      sim.schedule(10, 2, at('C')); // same rank as X but scheduled later: after X
      sim.schedule(10, 3, at('D')); // same rank as Y but scheduled later: after Y
      sim.after(0, 0, at('F')); // rank 0 at the same instant: first of all the new ones
      sim.after(1, 0, at('E')); // next millisecond
    });
    sim.schedule(10, 2, at('X'));
    sim.schedule(10, 3, at('Y'));
    sim.schedule(11, 0, at('Z')); // scheduled before E, same (time, rank): runs before E
    expect(sim.run()).toBe(false);
    expect(log).toEqual(['A@10', 'F@10', 'B@10', 'X@10', 'C@10', 'Y@10', 'D@10', 'Z@11', 'E@11']);
  });

  it('stop() ends run() after the current event; run() resumes where it left off', () => {
    const sim = new Simulation();
    const log: number[] = [];
    sim.schedule(1, 0, () => {
      log.push(1);
      sim.stop();
    });
    sim.schedule(2, 0, () => log.push(2));
    expect(sim.run()).toBe(true);
    expect(log).toEqual([1]);
    expect(sim.now).toBe(1);
    expect(sim.run()).toBe(false);
    expect(log).toEqual([1, 2]);
  });
});

describe('Simulation clock', () => {
  it('run(untilMs) stops before later events, sets now = untilMs and returns true', () => {
    const sim = new Simulation();
    const log: number[] = [];
    for (const t of [10, 50, 100, 200]) sim.schedule(t, 0, () => log.push(t));
    expect(sim.run(100)).toBe(true);
    expect(log).toEqual([10, 50, 100]); // an event exactly at untilMs still runs
    expect(sim.now).toBe(100);
    expect(sim.pending).toBe(1);
    expect(sim.run(150)).toBe(true);
    expect(sim.now).toBe(150);
    expect(log).toEqual([10, 50, 100]);
    expect(sim.run()).toBe(false);
    expect(log).toEqual([10, 50, 100, 200]);
    expect(sim.now).toBe(200);
    expect(sim.run()).toBe(false);
    expect(new Simulation().run()).toBe(false);
  });

  it('run(untilMs) cuts off even when later events were scheduled during the run', () => {
    const sim = new Simulation();
    const log: number[] = [];
    const tick = (): void => {
      log.push(sim.now);
      sim.after(30, 0, tick);
    };
    sim.schedule(0, 0, tick);
    expect(sim.run(100)).toBe(true);
    expect(log).toEqual([0, 30, 60, 90]);
    expect(sim.now).toBe(100);
    expect(sim.pending).toBe(1);
    expect(sim.peekTime()).toBe(120);
  });

  it('scheduling before now throws RangeError', () => {
    const sim = new Simulation();
    sim.schedule(100, 0, () => undefined);
    sim.run();
    expect(sim.now).toBe(100);
    expect(() => sim.schedule(99, 0, () => undefined)).toThrow(RangeError);
    expect(() => sim.after(-1, 0, () => undefined)).toThrow(RangeError);
    expect(() => sim.schedule(Number.NaN, 0, () => undefined)).toThrow(RangeError);
    expect(sim.pending).toBe(0);
    // Exactly now is fine, and so is a time that rounds to now.
    expect(sim.scheduled(sim.schedule(100, 0, () => undefined))?.at).toBe(100);
    expect(sim.scheduled(sim.schedule(99.6, 0, () => undefined))?.at).toBe(100);
  });

  it('rounds times to whole milliseconds', () => {
    const sim = new Simulation();
    const seen: number[] = [];
    const h1 = sim.schedule(10.4, 0, () => seen.push(sim.now));
    const h2 = sim.schedule(10.5, 0, () => seen.push(sim.now));
    const h3 = sim.schedule(0.2, 0, () => seen.push(sim.now));
    expect([h1, h2, h3].map((h) => sim.scheduled(h)?.at)).toEqual([10, 11, 0]);
    sim.run();
    expect(seen).toEqual([0, 10, 11]);
    sim.after(2.7, 0, () => seen.push(sim.now));
    sim.run();
    expect(seen).toEqual([0, 10, 11, 14]);
    for (const t of seen) expect(Number.isInteger(t)).toBe(true);
  });

  it('property: now is always an integer and events get integer times', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { maxLength: 50 }), (times) => {
        const sim = new Simulation();
        const seen: number[] = [];
        for (const t of times) sim.schedule(t, 0, () => seen.push(sim.now));
        sim.run();
        expect(seen).toEqual(times.map((t) => Math.round(t)).sort((a, b) => a - b));
      }),
      { numRuns: 100 },
    );
  });
});

describe('Simulation end-of-instant hook', () => {
  it('runs after every lower-ranked event of the instant, before the first of its rank or later', () => {
    const sim = new Simulation();
    const log: string[] = [];
    sim.onEndOfInstant(5, () => log.push(`hook@${sim.now}`));
    sim.schedule(10, 1, () => {
      log.push('a1');
      sim.armEndOfInstant();
      sim.armEndOfInstant(); // asking twice before it ran: one run
      sim.schedule(10, 4, () => log.push('a4')); // lower rank, same instant: before the hook
    });
    sim.schedule(10, 2, () => log.push('a2'));
    sim.schedule(10, 5, () => log.push('a5')); // the hook's own rank, scheduled earlier: still after it
    sim.schedule(10, 9, () => log.push('a9'));
    sim.schedule(20, 0, () => {
      log.push('b0');
      sim.armEndOfInstant(); // nothing else at 20: runs at once, before the clock moves on
    });
    sim.schedule(30, 0, () => log.push('c0'));
    expect(sim.run()).toBe(false);
    expect(log).toEqual(['a1', 'a2', 'a4', 'hook@10', 'a5', 'a9', 'b0', 'hook@20', 'c0']);
  });

  it('property: fires where an event of rank - 0.5, scheduled when it is armed, would run', () => {
    const HOOK_RANK = 3;
    const rowArb = fc.record({ time: fc.integer({ min: 0, max: 20 }), rank: fc.integer({ min: 0, max: 5 }), arms: fc.boolean(), spawnsLower: fc.boolean() });
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 60 }), fc.integer({ min: 0, max: 3 }), (rows, rearms) => {
        /** Runs the rows with either the kernel's hook or a real event standing in for it. */
        const play = (useHook: boolean): string[] => {
          const sim = new Simulation();
          const log: string[] = [];
          let pending = false;
          let left = rearms;
          const hook = (): void => {
            pending = false;
            log.push(`hook@${sim.now}`);
            if (left-- > 0) arm();
          };
          const arm = (): void => {
            if (useHook) sim.armEndOfInstant();
            else if (!pending) {
              pending = true;
              sim.schedule(sim.now, HOOK_RANK - 0.5, hook);
            }
          };
          if (useHook) sim.onEndOfInstant(HOOK_RANK, hook);
          rows.forEach((r, i) =>
            sim.schedule(r.time, r.rank, () => {
              log.push(`${i}@${sim.now}`);
              if (r.spawnsLower) sim.schedule(sim.now, 0, () => log.push(`${i}'@${sim.now}`));
              if (r.arms) arm();
            }),
          );
          sim.run();
          return log;
        };
        expect(play(true)).toEqual(play(false));
      }),
      { numRuns: 300 },
    );
  });

  it('everyEvents calls back after every n-th event; close() sets the end instant and ends the run', () => {
    const sim = new Simulation();
    const seen: number[] = [];
    sim.everyEvents(4, () => seen.push(sim.eventsProcessed));
    for (let t = 0; t < 10; t++) sim.schedule(t * 10, 0, () => {});
    expect(() => sim.everyEvents(3, () => {})).toThrow(RangeError);
    sim.run();
    expect(seen).toEqual([4, 8]);
    expect(sim.now).toBe(90);
    sim.close(75);
    expect(sim.now).toBe(75);
    expect(() => sim.run()).toThrow(/after close/);
  });
});

describe('event handles (slots reused by generation)', () => {
  it('a handle kept after its event ran or was cancelled cancels nothing, even once its slot is reused', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ time: fc.integer({ min: 0, max: 50 }), rank: fc.integer({ min: 0, max: 3 }), cancelAt: fc.integer({ min: -1, max: 60 }) }), { maxLength: 120 }), (specs) => {
        // Every event, when it runs, schedules a follow-up (reusing freed slots) and cancels the
        // handles chosen to be cancelled "at" its time; stale handles must not hit the follow-ups.
        const sim = new Simulation();
        const ran: string[] = [];
        const expected = new Set<string>();
        const handles: EventHandle[] = [];
        const cancelled = new Set<number>();
        specs.forEach((s, i) => {
          handles.push(
            sim.schedule(s.time, s.rank, () => {
              ran.push(`e${i}`);
              const follow = `f${i}`;
              sim.schedule(sim.now + 100, 0, () => ran.push(follow));
              expected.add(follow);
              specs.forEach((t, j) => {
                if (t.cancelAt === s.time && j !== i && j < handles.length) {
                  // Only a cancel while it is still pending counts: one after it ran does nothing.
                  if (!ran.includes(`e${j}`)) cancelled.add(j);
                  sim.cancel(handles[j]);
                }
              });
              // Cancelling one's own handle while running does nothing.
              sim.cancel(handles[i]);
            }),
          );
        });
        sim.run();
        // Each follow-up ran, whatever stale handles were cancelled after their slots were reused.
        for (const f of expected) expect(ran).toContain(f);
        // An event ran exactly when nobody cancelled it while it was pending.
        for (const [i] of specs.entries()) expect(ran.includes(`e${i}`)).toBe(!cancelled.has(i));
        expect(sim.pending).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
  it('scheduled() reads a pending event and null after it ran or was cancelled', () => {
    const sim = new Simulation();
    const a = sim.schedule(5, 2, () => undefined);
    const b = sim.schedule(7, 1, () => undefined);
    expect(sim.scheduled(a)).toEqual({ at: 5, rank: 2 });
    sim.cancel(b);
    expect(sim.scheduled(b)).toBeNull();
    sim.run();
    expect(sim.scheduled(a)).toBeNull();
    // A new event takes a freed slot; the old handles still read null and cancel nothing.
    const c = sim.schedule(9, 0, () => undefined);
    sim.cancel(a);
    sim.cancel(b);
    expect(sim.pending).toBe(1);
    expect(sim.scheduled(c)).toEqual({ at: 9, rank: 0 });
  });
});

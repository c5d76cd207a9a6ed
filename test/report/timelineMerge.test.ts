// The instance timeline's merged bars are computed from sorted starts and ends instead of an
// object per attempt (a million-job run has a million attempts): for arbitrary attempts (equal
// starts, zero-length and open attempts, repeated instance ids, several outcomes, any gap) they
// are exactly the bars of the sort-and-sweep over attempt objects that charts.json was built with.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instanceTimeline, r6, type AttemptBar } from '../../src/report/charts/aggregate.js';
import type { AttemptRecords, InstanceRecord } from '../../src/report/charts/read.js';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The bars as instanceTimeline made them before, from one object per attempt (kept here as the reference). */
function referenceBars(rec: { instances: InstanceRecord[]; attempts: AttemptRecords }, end: number, gap: number, maxBars: number): { bars: AttemptBar[]; shown: number } {
  const chosen = rec.instances;
  const A = rec.attempts;
  const ids = new Map<string, number>();
  chosen.forEach((x, k) => ids.set(x.instanceId, k));
  const laneOf = new Map<number, number>();
  A.instanceId.values.forEach((id, v) => {
    const k = ids.get(id);
    if (k !== undefined) laneOf.set(v, k);
  });
  const raw: AttemptBar[] = [];
  for (let i = 0; i < A.count; i++) {
    const lane = laneOf.get(A.instanceId.index[i]);
    if (lane === undefined) continue;
    const start = Number.isFinite(A.startedAt[i]) ? A.startedAt[i] : A.startingAt[i];
    if (!Number.isFinite(start)) continue;
    const stop = Number.isFinite(A.stoppedAt[i]) ? A.stoppedAt[i] : end;
    raw.push({ instanceId: chosen[lane].instanceId, outcome: A.outcome.values[A.outcome.index[i]], start, end: stop, attempts: 1 });
  }
  raw.sort((a, b) => cmp(a.instanceId, b.instanceId) || cmp(a.outcome, b.outcome) || a.start - b.start || a.end - b.end);
  let bars = raw;
  if (raw.length > maxBars) {
    bars = [];
    for (const a of raw) {
      const last = bars[bars.length - 1];
      if (last && last.instanceId === a.instanceId && last.outcome === a.outcome && a.start <= last.end + gap) {
        if (a.end > last.end) last.end = a.end;
        last.attempts++;
      } else bars.push({ ...a });
    }
  }
  for (const b of bars) {
    b.start = r6(b.start);
    b.end = r6(b.end);
  }
  return { bars, shown: raw.length };
}

function instance(instanceId: string): InstanceRecord {
  return {
    instanceId, computeEnvironment: 'ce', instanceType: 'm6i.large', purchaseOption: 'on-demand', vcpus: 2,
    launchedAt: 0, readyAt: 1, terminatedAt: 1000, reclaimed: false, costUsd: 0, busyCostUsd: 0, idleCostUsd: 0, lostCostUsd: 0, ebsCostUsd: 0,
  };
}

// Times on a coarse grid (so starts and ends collide often) or NaN ("never got there").
const time = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 60 }).map((t) => t / 4) }, { weight: 1, arbitrary: fc.constant(NaN) });
const attemptArb = fc.record({ instance: fc.integer({ min: 0, max: 5 }), outcome: fc.integer({ min: 0, max: 3 }), starting: time, started: time, length: fc.oneof(time, fc.constant(0)) });

describe('instanceTimeline merged bars', () => {
  it('are those of the sort-and-sweep over attempt objects, for any attempts', () => {
    fc.assert(
      fc.property(
        fc.array(attemptArb, { maxLength: 80 }),
        // Instance ids, with repeats (a folder read back could have them) and ids no lane shows.
        fc.array(fc.constantFrom('i-a', 'i-b', 'i-c', 'i-z'), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(0, 0.25, 1, 5),
        fc.constantFrom(0, 3, 10),
        fc.boolean(),
        // In the order they ended, as a run's attempts table has them (mergedBars then needs no sort of the starts).
        fc.boolean(),
        (generated, laneIds, gap, maxBars, stopBeforeStart, inEndOrder) => {
          const values = ['i-a', 'i-b', 'i-c', 'i-d', 'i-z', ''];
          const outcomes = ['SUCCEEDED', 'FAILED', 'INTERRUPTED', 'FAILED'];
          const end = 20;
          // Stopped at start + length, or (one case in five, and always with stopBeforeStart) before it started.
          const stopped = generated.map((r, i) => {
            const start = Number.isFinite(r.started) ? r.started : r.starting;
            return { ...r, stopped: stopBeforeStart && i % 5 === 0 ? start - 1 : start + r.length };
          });
          const stopOf = (r: { stopped: number }): number => (Number.isFinite(r.stopped) ? r.stopped : end);
          const rows = inEndOrder ? [...stopped].sort((a, b) => stopOf(a) - stopOf(b)) : stopped;
          const n = rows.length;
          const attempts: AttemptRecords = {
            count: n,
            attempt: new Int32Array(n).fill(1),
            instanceId: { values, index: Int32Array.from(rows, (r) => r.instance) },
            startingAt: Float64Array.from(rows, (r) => r.starting),
            startedAt: Float64Array.from(rows, (r) => r.started),
            stoppedAt: Float64Array.from(rows, (r) => r.stopped),
            outcome: { values: outcomes, index: Int32Array.from(rows, (r) => r.outcome) },
          };
          const rec = { instances: laneIds.map(instance), attempts };
          const got = instanceTimeline(rec, end, gap, 60, maxBars);
          const want = referenceBars(rec, end, gap, maxBars);
          expect(got.bars).toEqual(want.bars);
          expect(JSON.stringify(got.bars)).toBe(JSON.stringify(want.bars));
          expect(got.attemptsShown).toBe(want.shown);
          expect(got.merged).toBe(want.shown > maxBars);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

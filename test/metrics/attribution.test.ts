// Cost attribution against a reference of its own: every attempt's share of every part of its
// instance's bill worked out one by one (usd x weight / the weights of the attempts that part goes
// to), on arbitrary runs: several instances, queues and definitions, interrupted, unfinished and
// zero-length attempts, instances no attempt held, parts of zero.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributeCost, CPU_WEIGHT, MEMORY_WEIGHT } from '../../src/metrics/attribution.js';
import { AttemptEnd } from '../../src/model/types.js';
import type { SimulationResult } from '../../src/records/result.js';

const QUEUES = ['qa', 'qb', 'qc'];
const DEFINITIONS = ['da', 'db'];
const ENDS = [AttemptEnd.SUCCEEDED, AttemptEnd.FAILED, AttemptEnd.INTERRUPTED, AttemptEnd.TIMED_OUT, AttemptEnd.UNFINISHED];

/** A part of a bill: nothing, or up to `max` USD. */
const usd = (max: number) => fc.oneof(fc.constant(0), fc.double({ min: 0.01, max, noNaN: true }));

const arbRun = fc
  .record({
    instances: fc.integer({ min: 1, max: 5 }),
    endAt: fc.integer({ min: 1, max: 10_000_000 }),
    jobs: fc.array(
      fc.record({
        queue: fc.integer({ min: 0, max: QUEUES.length - 1 }),
        definition: fc.integer({ min: 0, max: DEFINITIONS.length - 1 }),
        vcpus: fc.constantFrom(0.25, 1, 2, 16),
        memoryMiB: fc.constantFrom(512, 2048, 30_000),
      }),
      { minLength: 1, maxLength: 12 },
    ),
    bills: fc.array(
      fc.record({
        busyUsd: usd(50),
        lostUsd: usd(50),
        idleUsd: usd(50),
        ebsUsd: usd(5),
      }),
      { minLength: 5, maxLength: 5 },
    ),
  })
  .chain((base) =>
    fc.record({
      base: fc.constant(base),
      attempts: fc.array(
        fc.record({
          job: fc.integer({ min: 0, max: base.jobs.length - 1 }),
          // 0: on no instance (never placed), else the instance's ordinal.
          instance: fc.integer({ min: 0, max: base.instances }),
          startingAt: fc.integer({ min: 0, max: base.endAt }),
          held: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5_000_000 })),
          end: fc.constantFrom(...ENDS),
        }),
        { maxLength: 30 },
      ),
    }),
  );

type Arb = typeof arbRun extends fc.Arbitrary<infer T> ? T : never;

function resultOf({ base, attempts }: Arb): SimulationResult {
  const strings = [...QUEUES, ...DEFINITIONS];
  return {
    endAt: base.endAt,
    queues: QUEUES.map((name) => ({ name, shares: null })),
    scenario: { jobDefinitions: DEFINITIONS.map((jobDefinitionName) => ({ jobDefinitionName })) },
    jobs: {
      count: base.jobs.length,
      strings,
      jobQueue: Int32Array.from(base.jobs, (j) => j.queue),
      jobDefinition: Int32Array.from(base.jobs, (j) => QUEUES.length + j.definition),
      vcpus: Float64Array.from(base.jobs, (j) => j.vcpus),
      memoryMiB: Int32Array.from(base.jobs, (j) => j.memoryMiB),
    },
    attempts: {
      count: attempts.length,
      job: Int32Array.from(attempts, (a) => a.job),
      instance: Int32Array.from(attempts, (a) => a.instance),
      startingAt: Float64Array.from(attempts, (a) => a.startingAt),
      // An unfinished attempt has no stop yet: it holds its share to the run's end.
      stoppedAt: Float64Array.from(attempts, (a) => (a.end === AttemptEnd.UNFINISHED ? -1 : a.startingAt + a.held)),
      end: Uint8Array.from(attempts, (a) => a.end),
    },
    instances: Array.from({ length: base.instances }, () => ({})),
    bills: base.bills.slice(0, base.instances),
  } as unknown as SimulationResult;
}

/** The split worked out attempt by attempt, unrounded. */
function reference(arb: Arb): { byQueue: number[]; byDefinition: number[]; unattributed: number } {
  const { base, attempts } = arb;
  const byQueue = QUEUES.map(() => 0);
  const byDefinition = DEFINITIONS.map(() => 0);
  let unattributed = 0;
  for (let k = 1; k <= base.instances; k++) {
    const bill = base.bills[k - 1];
    const mine = attempts
      .filter((a) => a.instance === k)
      .map((a) => {
        const job = base.jobs[a.job];
        const stop = a.end === AttemptEnd.UNFINISHED ? base.endAt : a.startingAt + a.held;
        const weight = (CPU_WEIGHT * job.vcpus + (MEMORY_WEIGHT * job.memoryMiB) / 1024) * Math.max(0, stop - a.startingAt);
        return { job, weight, lost: a.end === AttemptEnd.INTERRUPTED };
      });
    const parts: [number, (x: { lost: boolean }) => boolean][] = [
      [bill.busyUsd, (x) => !x.lost],
      [bill.lostUsd, (x) => x.lost],
      [bill.idleUsd + bill.ebsUsd, () => true],
    ];
    for (const [usd, takes] of parts) {
      if (usd === 0) continue;
      const takers = mine.filter((x) => takes(x) && x.weight > 0);
      const total = takers.reduce((s, x) => s + x.weight, 0);
      if (!(total > 0)) {
        unattributed += usd;
        continue;
      }
      for (const x of takers) {
        byQueue[x.job.queue] += (usd * x.weight) / total;
        byDefinition[x.job.definition] += (usd * x.weight) / total;
      }
    }
  }
  return { byQueue, byDefinition, unattributed };
}

describe('attributeCost', () => {
  it("gives each attempt its weight's part of each part of its instance's bill, the rest unattributed", () => {
    fc.assert(
      fc.property(arbRun, (arb) => {
        const got = attributeCost(resultOf(arb));
        const want = reference(arb);
        // Both sides are sums of the same terms in different orders; got is rounded to 1e-6.
        const expectClose = (a: number, b: number, what: string) => expect(Math.abs(a - b) <= 1e-6 + 1e-12 * Math.abs(b), `${what}: ${a} vs ${b}`).toBe(true);
        QUEUES.forEach((q, k) => expectClose(got.byJobQueue[q], want.byQueue[k], q));
        DEFINITIONS.forEach((d, k) => expectClose(got.byJobDefinition[d], want.byDefinition[k], d));
        expectClose(got.unattributed, want.unattributed, 'unattributed');
        expect(Object.keys(got.byJobQueue)).toEqual(QUEUES);
        expect(Object.keys(got.byJobDefinition)).toEqual(DEFINITIONS);
      }),
      { numRuns: 400, seed: 13 },
    );
  });
});

// The queue-wait CDF reads its points from order statistics found by counting (orderStatistics),
// not from a sort of every queue's waits: for arbitrary jobs (one queue or several, jobs that
// never started, ties, queues above and below the 1,000-point cut and the size below which
// orderStatistics just sorts) it is exactly what the sort-based version charts.json was built with gives.
import fc from 'fast-check';
import { quantileSorted } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { queueWaitCdf, r6, type CdfPoint, type QueueWaitCdf } from '../../src/report/charts/aggregate.js';
import type { JobRecords } from '../../src/report/charts/read.js';
import { xorshift32 } from '../helpers/xorshift.js';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** queueWaitCdf as it was before (kept here as the reference): each queue's waits sorted. */
function reference(J: JobRecords, maxPoints: number): QueueWaitCdf {
  const byQueue = J.jobQueue.values.map(() => [] as number[]);
  for (let i = 0; i < J.count; i++) if (!Number.isNaN(J.queueWaitSeconds[i])) byQueue[J.jobQueue.index[i]].push(J.queueWaitSeconds[i]);
  const order = J.jobQueue.values.map((_, q) => q).sort((a, b) => cmp(J.jobQueue.values[a], J.jobQueue.values[b]));
  const points: CdfPoint[] = [];
  const marks: QueueWaitCdf['marks'] = [];
  const started: Record<string, number> = {};
  for (const q of order) {
    const queue = J.jobQueue.values[q];
    const w = [...Float64Array.from(byQueue[q]).sort()];
    const n = w.length;
    started[queue] = n;
    if (n === 0) continue;
    if (n <= maxPoints) for (let i = 0; i < n; i++) points.push({ queue, waitSeconds: r6(w[i]), p: r6((i + 1) / n) });
    else
      for (let k = 0; k <= maxPoints; k++) {
        // The nearest rank of p = k / maxPoints: the ceil(k n / maxPoints)-th smallest, in whole
        // numbers (BigInt), so no rounding of p × n can move it.
        const rank = Number((BigInt(k) * BigInt(n) + BigInt(maxPoints) - 1n) / BigInt(maxPoints));
        points.push({ queue, waitSeconds: r6(w[Math.max(0, rank - 1)]), p: r6(k / maxPoints) });
      }
    marks.push({ queue, quantile: 'p50', waitSeconds: r6(quantileSorted(w, 0.5)) });
    marks.push({ queue, quantile: 'p95', waitSeconds: r6(quantileSorted(w, 0.95)) });
  }
  return { points, marks, started };
}

const jobs = fc
  .record({
    n: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 900, max: 9000 })),
    queues: fc.integer({ min: 1, max: 3 }),
    neverStarted: fc.constantFrom(0, 0.05, 0.5),
    zeros: fc.constantFrom(0, 0.5, 0.99),
    seed: fc.integer(),
  })
  .map(({ n, queues, neverStarted, zeros, seed }): JobRecords => {
    const rand = xorshift32(seed);
    const index = new Int32Array(n);
    const waits = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      index[i] = Math.floor(rand() * queues);
      // Seconds with ms resolution, as jobs.csv has them.
      waits[i] = rand() < neverStarted ? NaN : rand() < zeros ? 0 : Math.round(-Math.log(1 - rand()) * 300_000) / 1000;
    }
    return { count: n, jobQueue: { values: ['q-b', 'q-a', 'q-c'].slice(0, queues), index }, queueWaitSeconds: waits };
  });

describe('queueWaitCdf', () => {
  it('equals the CDF from sorted waits', () => {
    fc.assert(
      fc.property(jobs, fc.constantFrom(10, 1000), (J, maxPoints) => {
        expect(queueWaitCdf(J, maxPoints)).toEqual(reference(J, maxPoints));
      }),
      { numRuns: 200 },
    );
  });
});

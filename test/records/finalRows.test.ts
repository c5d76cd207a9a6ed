// The recorder's word on which jobs-table rows are final (JobRowsListener, for jobs.csv written while
// the run goes): for jobs ending in any order, every `every` rows or more it tells a prefix of rows
// all of which are written, growing each time; a row written again below what it told is reported
// (rewritten) and nothing more is told.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/model/job.js';
import { ColumnarRecorder, type JobRowsListener } from '../../src/records/recorder.js';

/** The fields of a job the recorder reads, for a job with no attempt. */
const job = (index: number): Job =>
  ({
    index, template: { jobQueueId: 0, jobDefinitionId: 0, jobNameId: 0 }, isArrayParent: false, parent: null, status: 0, attemptCount: 0,
    vcpus: 1, memoryMiB: 1, gpus: 0, arrayIndex: null, submittedAt: 0, runnableAt: -1, startingAt: -1, startedAt: -1, stoppedAt: -1,
    statusReason: '', lastAttempt: null,
  }) as unknown as Job;

function listening(every: number) {
  const told: number[] = [];
  let rewritten = 0;
  const listener: JobRowsListener = {
    every,
    final: (upTo) => void told.push(upTo),
    rewritten: () => void rewritten++,
  };
  return { listener, told, rewritten: () => rewritten };
}

describe('final rows of the jobs table', () => {
  it('tell growing prefixes of written rows, every `every` rows or more', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }).chain((n) => fc.tuple(fc.shuffledSubarray([...Array(n).keys()], { minLength: n }), fc.integer({ min: 1, max: 40 }))), ([order, every]) => {
        const l = listening(every);
        const recorder = new ColumnarRecorder(order.length, false, l.listener);
        const written = new Set<number>();
        let last = 0;
        let calls = 0;
        for (const i of order) {
          recorder.job(job(i));
          written.add(i);
          if (l.told.length > calls) {
            calls = l.told.length;
            const upTo = l.told[calls - 1];
            expect(upTo - last).toBeGreaterThanOrEqual(every);
            for (let k = 0; k < upTo; k++) expect(written.has(k)).toBe(true);
            last = upTo;
          }
        }
        // All rows written: the last prefix told is within `every` of the whole table.
        expect(order.length - last).toBeLessThan(every);
        expect(l.rewritten()).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('a row written again below what was told is reported, and nothing more is told', () => {
    const l = listening(4);
    const recorder = new ColumnarRecorder(16, false, l.listener);
    for (let i = 0; i < 8; i++) recorder.job(job(i));
    expect(l.told).toEqual([4, 8]);
    recorder.job(job(2));
    expect(l.rewritten()).toBe(1);
    for (let i = 8; i < 16; i++) recorder.job(job(i));
    expect(l.told).toEqual([4, 8]);
    expect(l.rewritten()).toBe(1);
  });
});

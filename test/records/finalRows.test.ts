// The recorder's word on which jobs-table rows are final (JobRowsListener, for jobs.csv written while
// the run goes): for jobs ending in any order, every `every` rows or more it tells a prefix of rows
// all of which are written, growing each time; a row written again below what it told is reported
// (rewritten) and nothing more is told. With each prefix, the attempts rows final with it (attempts.csv
// written while the run goes) and the instances they name.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Attempt, Job } from '../../src/model/job.js';
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

  it('with each told prefix, the attempts rows before the first whose job is not told final, and each instance they name once', () => {
    // Per job: its attempts' instances (1 to 3 attempts) and the instants of its attempts' ends and then its own end.
    const jobs = fc.array(fc.tuple(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 })), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(jobs, fc.integer({ min: 1, max: 10 }), (spec, every) => {
        const events: { at: number; job: number; attempt: number }[] = [];
        spec.forEach(([on, at], j) => {
          const times = at.slice(0, on.length + 1).sort((a, b) => a - b);
          on.forEach((_, k) => events.push({ at: times[k], job: j, attempt: k }));
          events.push({ at: times[on.length], job: j, attempt: -1 });
        });
        events.sort((x, y) => x.at - y.at || x.job - y.job || (x.attempt < 0 ? 1 : y.attempt < 0 ? -1 : x.attempt - y.attempt));
        const told: { jobs: number; attempts: number; instances: number[]; recorded: number; named: number[] }[] = [];
        /** Each attempt row's job, in the order they were recorded; the instances they named, in the order first named. */
        const ended: number[] = [];
        const named: number[] = [];
        const listener: JobRowsListener = {
          every,
          final: (upTo, rows) => {
            const a = rows.attempts();
            told.push({ jobs: upTo, attempts: a.upTo, instances: a.instances.map(([k]) => k), recorded: ended.length, named: named.slice() });
          },
          rewritten: () => undefined,
        };
        const recorder = new ColumnarRecorder(spec.length, false, listener);
        const instance = (k: number) => ({ ordinal: k, instanceId: `i-${k}`, ce: { name: 'ce' }, instanceType: 't' });
        for (const e of events) {
          if (e.attempt < 0) {
            recorder.job(job(e.job));
            continue;
          }
          const a = { job: { index: e.job }, instance: instance(spec[e.job][0][e.attempt]), attemptNumber: e.attempt + 1, startingAt: 0, startedAt: 0, stoppedAt: 1, end: 0, exitCode: 0, statusReason: '' };
          recorder.attempt(a as unknown as Attempt);
          ended.push(e.job);
          if (!named.includes(a.instance.ordinal)) named.push(a.instance.ordinal);
        }
        if (spec.length >= every) expect(told.length).toBeGreaterThan(0);
        let last = 0;
        const heard: number[] = [];
        for (const t of told) {
          expect(t.attempts).toBeGreaterThanOrEqual(last);
          expect(t.attempts).toBeLessThanOrEqual(t.recorded);
          // Each attempt row told names a job told final; the next one recorded by then does not.
          for (let i = 0; i < t.attempts; i++) expect(ended[i]).toBeLessThan(t.jobs);
          if (t.attempts < t.recorded) expect(ended[t.attempts]).toBeGreaterThanOrEqual(t.jobs);
          last = t.attempts;
          // Every instance named so far, once each, in the order attempts first named them.
          heard.push(...t.instances);
          expect(heard).toEqual(t.named);
        }
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

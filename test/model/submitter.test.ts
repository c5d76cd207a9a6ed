// SubmitJob's throttle and the SUBMITTED cap, worked by hand. AWS Batch service quotas
// (https://docs.aws.amazon.com/batch/latest/userguide/service_limits.html): 50 SubmitJob transactions
// per second per account, at most 1,000,000 jobs in SUBMITTED. Calls beyond the rate wait in a FIFO
// (a client retrying with back-off); a job's submittedAt is when its call went through.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.js';
import { summarize } from '../../src/metrics/summary.js';
import { Submitter } from '../../src/model/submitter.js';
import { simulate } from '../../src/plan/simulate.js';
import type { ApiAssumptions, Scenario, TraceJob } from '../../src/scenario/types.js';
import * as b from '../helpers/build.js';

const AWS: ApiAssumptions = { submitJob: { perSecond: 50, burst: 50 }, maxSubmittedJobs: 1_000_000 };

/** `n` arrivals of the group `jobs` at t=0 on a 1,000-vCPU machine, with these API limits. */
function burst(api: ApiAssumptions, arrivals: number[], jobs: Scenario['workload'][number]['jobs'], submitToRunnableMs = 0): Scenario {
  return b.scenario({
    assumptions: b.assumptions({ api, submitToRunnable: b.fixed(submitToRunnableMs) }),
    ...b.oneMachine(1000, 1_000_000),
    jobDefinitions: [b.definition('d', { runtime: b.fixed(1_000) })],
    workload: [{ name: 'w', arrivals: { kind: 'at', atMs: arrivals }, jobs }],
  });
}

const submittedSeconds = (s: Scenario): number[] => {
  const r = simulate(s, b.catalog);
  return Array.from(r.jobs.submittedAt.subarray(0, r.jobs.count), (t) => t / 1000);
};

describe('SubmitJob throttling', () => {
  it('120 single jobs at once: 50 go through at t=0, then one every 20 ms', () => {
    const s = burst(AWS, Array(120).fill(0), [b.template('d')]);
    const r = simulate(s, b.catalog);
    const at = Array.from(r.jobs.submittedAt.subarray(0, r.jobs.count));
    // Calls 1..50 take the full bucket; call 50 + i waits for the i-th refilled token, at 20i ms.
    expect(at.slice(0, 50).every((t) => t === 0)).toBe(true);
    expect(at.slice(50)).toEqual(Array.from({ length: 70 }, (_, i) => 20 * (i + 1)));
    const sub = summarize(r).submission;
    // 70 calls waited 20, 40, …, 1400 ms: 20 x 70 x 71 / 2 = 49,700 ms over 120 calls = 0.414 s each.
    expect(sub).toEqual({
      calls: 120, throttledCalls: 70, maxBacklog: 70, throttledSeconds: 1.4, meanWaitSeconds: 0.414, maxWaitSeconds: 1.4,
      durationSeconds: 1.4, lastSubmittedAt: '2024-01-01T00:00:01.400Z', heldBySubmittedLimitSeconds: 0,
    });
  });

  it('an array job of 120 children is one call: every child is submitted at t=0', () => {
    const r = simulate(burst(AWS, [0], [b.template('d', { arraySize: 120 })]), b.catalog);
    expect(r.jobs.count).toBe(121);
    expect(r.jobs.submittedAt.subarray(0, r.jobs.count).every((t) => t === 0)).toBe(true);
    expect(summarize(r).submission).toMatchObject({ calls: 1, throttledCalls: 0, maxBacklog: 0, durationSeconds: 0 });
  });

  it('a group of three jobs is three calls; its jobs are created when the last one goes through', () => {
    // 1 call per second, burst 1; two arrivals of [a, b after a, c after b] at t=0.
    // Group 1's calls go through at 0, 1 and 2 s: its jobs are created at 2 s; group 2's at 3, 4, 5 s.
    const jobs = [b.template('d', { jobName: 'a' }), b.template('d', { jobName: 'b', dependsOn: [{ jobName: 'a', type: null }] }), b.template('d', { jobName: 'c', dependsOn: [{ jobName: 'b', type: null }] })];
    const s = burst({ submitJob: { perSecond: 1, burst: 1 }, maxSubmittedJobs: 1_000_000 }, [0, 0], jobs);
    expect(submittedSeconds(s)).toEqual([2, 2, 2, 5, 5, 5]);
    const sub = summarize(simulate(s, b.catalog)).submission;
    // Waits 0+1+2+3+4+5 = 15 s over 6 calls; 5 waiting right after t=0's call.
    expect(sub).toMatchObject({ calls: 6, throttledCalls: 5, maxBacklog: 5, meanWaitSeconds: 2.5, maxWaitSeconds: 5, durationSeconds: 5, throttledSeconds: 5 });
  });

  it('calls made apart, below the rate, never wait', () => {
    // 1 per second, burst 1, calls every 1 s: each finds the token refilled.
    const s = burst({ submitJob: { perSecond: 1, burst: 1 }, maxSubmittedJobs: 1_000_000 }, [0, 1000, 2000, 3000], [b.template('d')]);
    expect(submittedSeconds(s)).toEqual([0, 1, 2, 3]);
  });

  it('unlimited submits everything at its instant', () => {
    const s = burst({ submitJob: null, maxSubmittedJobs: 1_000_000 }, Array(500).fill(0), [b.template('d')]);
    expect(submittedSeconds(s).every((t) => t === 0)).toBe(true);
  });

  it('trace records are one call each', () => {
    const rec = (submitMs: number): TraceJob => ({ submitMs, runtimeMs: 1000, vcpus: null, memoryMiB: null, requestedMs: null, queue: null, shareIdentifier: null, name: null });
    const s = b.scenario({
      assumptions: b.assumptions({ api: AWS }),
      ...b.oneMachine(1000, 1_000_000),
      jobDefinitions: [b.definition('d')],
      workload: [{ name: 'log', arrivals: { kind: 'trace', file: 'log.csv', format: 'csv', trace: { jobs: Array.from({ length: 60 }, () => rec(0)), skipped: {}, meta: { records: 60 } } }, jobs: [b.template('d')] }],
    });
    // 60 records at t=0: 50 at once, records 51..60 at 20..200 ms.
    expect(submittedSeconds(s).slice(48)).toEqual([0, 0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.12, 0.14, 0.16, 0.18, 0.2]);
  });
});

describe('the SUBMITTED cap', () => {
  it('holds a submission that would pass maxSubmittedJobs until jobs leave SUBMITTED', () => {
    // Cap 25, four array jobs of 10 children at t=0, 10 s in SUBMITTED, no rate limit.
    // Arrays 1 and 2 put 20 children in SUBMITTED; array 3 would make 30 > 25, so it waits. At 10 s the
    // 20 children leave (job transitions come before arrivals at an instant), then arrays 3 and 4 go in.
    const s = burst({ submitJob: null, maxSubmittedJobs: 25 }, [0, 0, 0, 0], [b.template('d', { arraySize: 10 })], 10_000);
    const at = submittedSeconds(s);
    expect(at.filter((t) => t === 0)).toHaveLength(22);
    expect(at.filter((t) => t === 10)).toHaveLength(22);
    const sub = summarize(simulate(s, b.catalog)).submission;
    expect(sub).toMatchObject({ calls: 4, throttledCalls: 2, maxBacklog: 2, heldBySubmittedLimitSeconds: 10, maxWaitSeconds: 10 });
  });

  it('a submission larger than the cap goes through once nothing is SUBMITTED', () => {
    const s = burst({ submitJob: null, maxSubmittedJobs: 5 }, [0, 0], [b.template('d', { arraySize: 10 })], 3_000);
    // Array 1 (10 children > 5) goes in at 0 with nothing SUBMITTED; array 2 waits until they leave at 3 s.
    const at = submittedSeconds(s);
    expect(at.filter((t) => t === 0)).toHaveLength(11);
    expect(at.filter((t) => t === 3)).toHaveLength(11);
  });
});

describe('Submitter (property)', () => {
  it('serves calls in order, never early, within the bucket, and without idling while calls wait', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.constantFrom(1, 3, 50),
        fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 150 }),
        (burstSize, perSecond, gaps) => {
          const sim = new Simulation();
          const done: number[] = [];
          const made: number[] = [];
          const submitter = new Submitter(sim, { inSubmitted: 0 }, { submitJob: { perSecond, burst: burstSize }, maxSubmittedJobs: 1_000_000 });
          const source = submitter.addSource({ calls: () => 1, jobs: () => 1, submit: (k) => done.push(k === done.length ? sim.now : -1) });
          let t = 0;
          gaps.forEach((gap, k) => {
            t += gap;
            made.push(t);
            sim.schedule(t, 6, () => submitter.offer(source, k));
          });
          sim.run(null);
          expect(done).toHaveLength(made.length);
          const step = Math.ceil(1000 / perSecond);
          for (let n = 0; n < done.length; n++) {
            // FIFO (submit saw item n as the n-th) and never before the call was made.
            expect(done[n]).toBeGreaterThanOrEqual(made[n]);
            if (n > 0) expect(done[n]).toBeGreaterThanOrEqual(done[n - 1]);
            // Work-conserving: a token is there at most one refill after the previous call.
            expect(done[n]).toBeLessThanOrEqual(Math.max(made[n], n > 0 ? done[n - 1] + step : 0));
          }
          // The bucket: no window holds more than burst + rate x its length.
          for (let i = 0; i < done.length; i++)
            for (let j = i; j < done.length; j++) expect(j - i + 1).toBeLessThanOrEqual(burstSize + (perSecond * (done[j] - done[i])) / 1000 + 1e-9);
          const report = submitter.report(sim.now);
          expect(report.calls).toBe(made.length);
          expect(report.waitMsTotal).toBe(done.reduce((sum, d, n) => sum + d - made[n], 0));
          // Calls that went through at once (offer's direct path) count as unthrottled, like any call served with no wait.
          const waits = done.map((d, n) => d - made[n]);
          expect(report.throttledCalls).toBe(waits.filter((w) => w > 0).length);
          expect(report.maxWaitMs).toBe(Math.max(0, ...waits));
          expect(report.lastSubmittedAt).toBe(done[done.length - 1]);
          expect(report.firstCallAt).toBe(made[0]);
        },
      ),
    );
  });
});

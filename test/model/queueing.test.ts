// Checks against queueing theory: with zero latencies, one unmanaged machine of c vCPUs, one-vCPU
// jobs, Poisson arrivals and exponential runtimes, batchsim is an M/M/c queue, whose mean wait,
// probability of waiting and utilisation are known in closed form (Erlang C).
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/metrics/summary.js';
import { simulate } from '../../src/plan/simulate.js';
import * as b from '../helpers/build.js';

/** Erlang C: probability that an arrival waits, for c servers and offered load a = λ/μ. */
function erlangC(c: number, a: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const top = ((term * a) / c) * (c / (c - a));
  return top / (sum + top);
}

function mmc(seed: number, c: number, perHour: number, meanMinutes: number, jobs: number) {
  return b.scenario({
    seed,
    assumptions: b.assumptions({ timeseriesIntervalMs: 86_400_000 }),
    computeEnvironments: [b.unmanaged('fixed', [{ instanceType: 'box', vcpus: c, memoryMiB: 65536, count: 1 }])],
    jobQueues: [b.queue('main', ['fixed'])],
    jobDefinitions: [b.definition('work', { runtime: { kind: 'exponential', mean: meanMinutes * 60_000 } })],
    workload: [{ ...b.at('stream', [], [{ jobName: 'work', jobQueue: 'main', jobDefinition: 'work' }]), arrivals: { kind: 'poisson', perHour, count: jobs, untilMs: null } }],
  });
}

describe('M/M/c against Erlang C', () => {
  // Eight independent replications of 100,000 jobs; tolerances are about three standard errors of
  // the replication mean, measured: per-replication spread is ~6% of the mean wait at ρ = 0.75.
  const cases = [
    { rho: 0.75, perHour: 72, waitTolerance: 0.065 },
    { rho: 0.875, perHour: 84, waitTolerance: 0.06 },
  ];
  for (const { rho, perHour, waitTolerance } of cases) {
    it(`matches mean wait, P(wait) and utilisation at ρ = ${rho} (c = 16)`, () => {
      const c = 16;
      const mu = 6; // per hour: mean runtime 10 minutes
      const a = perHour / mu;
      const pWait = erlangC(c, a);
      const meanWaitSeconds = (pWait / (c * mu - perHour)) * 3600;
      let waits = 0;
      let waited = 0;
      let started = 0;
      let util = 0;
      const reps = 8;
      for (let seed = 1; seed <= reps; seed++) {
        const r = simulate(mmc(seed, c, perHour, 10, 100_000), b.catalog);
        const s = summarize(r);
        waits += s.queueWaitSeconds!.mean;
        util += s.utilisation.vcpu!;
        for (let i = 0; i < r.jobs.count; i++) {
          started++;
          if (r.jobs.startingAt[i] > r.jobs.runnableAt[i]) waited++;
        }
      }
      expect(Math.abs(waits / reps / meanWaitSeconds - 1)).toBeLessThan(waitTolerance);
      expect(Math.abs(waited / started / pWait - 1)).toBeLessThan(0.03);
      expect(Math.abs(util / reps / rho - 1)).toBeLessThan(0.01);
    });
  }

  it('has no waiting at all when there are more servers than jobs in flight can use', () => {
    const r = simulate(mmc(3, 64, 6, 10, 2000), b.catalog);
    // c = 64 with offered load 1: waits are astronomically rare (Erlang C ~ 1e-89).
    expect(erlangC(64, 1)).toBeLessThan(1e-80);
    expect(summarize(r).queueWaitSeconds!.max).toBe(0);
  });
});

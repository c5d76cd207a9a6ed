// Spot interruptions against closed forms, and the Spot and Fargate mechanics worked by hand.
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/metrics/summary.js';
import { JobStatus } from '../../src/model/types.js';
import { simulate } from '../../src/plan/simulate.js';
import type { ComputeEnvironment, RetryRule } from '../../src/scenario/types.js';
import * as b from '../helpers/build.js';

const retryAll: RetryRule[] = [];

/**
 * One job per Spot instance (a job fills the whole c6i.large), fixed runtime T, constant hazard h,
 * zero latencies, no notice: each attempt survives with probability e^{-hT}.
 */
function spotRun(seed: number, jobs: number, hPerHour: number, tHours: number, attempts: number) {
  const spot: ComputeEnvironment = b.managedEc2('spot', { type: 'SPOT', instanceTypes: ['c6i.large'], maxvCpus: 100_000, allocationStrategy: 'SPOT_CAPACITY_OPTIMIZED' });
  return simulate(
    b.scenario({
      seed,
      assumptions: b.assumptions({
        idleTerminateAfterMs: 0,
        timeseriesIntervalMs: 86_400_000,
        spot: { interruptions: { kind: 'perHour', perHour: hPerHour }, noticeMs: 0, price: { kind: 'discount', discount: 0.6 } },
      }),
      computeEnvironments: [spot],
      jobQueues: [b.queue('q', ['spot'])],
      jobDefinitions: [b.definition('d', { vcpus: 2, memoryMiB: 2048, runtime: b.fixed(tHours * 3_600_000), retryStrategy: { attempts, evaluateOnExit: retryAll } })],
      workload: [b.at('w', [0], Array.from({ length: jobs }, () => ({ jobName: 'd', jobQueue: 'q', jobDefinition: 'd' })))],
    }),
    b.catalog,
  );
}

describe('Spot interruptions against closed forms', () => {
  const h = 0.5;
  const T = 1;

  it('mean time to finish with retries is (e^{hT} - 1)/h', () => {
    const r = spotRun(11, 4000, h, T, 10);
    let total = 0;
    let done = 0;
    for (let i = 0; i < r.jobs.count; i++) {
      if (r.jobs.status[i] !== JobStatus.SUCCEEDED) continue;
      total += r.jobs.stoppedAt[i] - r.jobs.submittedAt[i];
      done++;
    }
    // 10 attempts leave (1 - e^{-0.5})^10 ≈ 1e-4 of the jobs failed; the rest give the mean.
    expect(done).toBeGreaterThan(3990);
    const expectedHours = (Math.exp(h * T) - 1) / h;
    expect(Math.abs(total / done / 3_600_000 / expectedHours - 1)).toBeLessThan(0.03);
  });

  it('with k attempts, the share of jobs that fail is (1 - e^{-hT})^k', () => {
    for (const k of [1, 2, 3]) {
      const r = spotRun(20 + k, 4000, h, T, k);
      const s = summarize(r);
      const expected = (1 - Math.exp(-h * T)) ** k;
      // Binomial standard error is at most 0.008 here; allow about three of them.
      expect(Math.abs(s.jobs.failed / s.jobs.submitted - expected)).toBeLessThan(0.025);
      expect(s.spot.attemptsInterrupted).toBe(s.jobs.attempts - s.jobs.succeeded);
    }
  });

  it('reports an interrupted attempt as AWS does and retries it on a replacement instance', () => {
    const r = spotRun(5, 200, 2, 1, 2);
    const reasons = new Set<string>();
    for (let k = 0; k < r.attempts.count; k++) {
      if (r.attempts.end[k] !== 4) continue;
      reasons.add(r.jobs.strings[r.attempts.statusReason[k]].replace(/i-[0-9a-f]{17}/, 'i-X'));
      expect(Number.isNaN(r.attempts.exitCode[k])).toBe(true);
    }
    expect([...reasons]).toEqual(['Host EC2 (instance i-X) terminated.']);
    // Every reclaimed instance is gone at its reclaim instant and carried no attempt past it.
    for (const x of r.instances) if (x.interrupted) expect(x.terminatedAt).toBe(x.reclaimAt);
  });
});

describe('Spot notices and Fargate limits', () => {
  it('places nothing on an instance after its interruption notice', () => {
    const s = b.scenario({
      assumptions: b.assumptions({
        idleTerminateAfterMs: 60_000,
        ec2Launch: b.fixed(90_000),
        spot: { interruptions: { kind: 'perHour', perHour: 3 }, noticeMs: 120_000, price: { kind: 'advisor' } },
      }),
      computeEnvironments: [b.managedEc2('spot', { type: 'SPOT', instanceTypes: ['c6i.xlarge'], maxvCpus: 64 })],
      jobQueues: [b.queue('q', ['spot'])],
      jobDefinitions: [b.definition('d', { vcpus: 1, memoryMiB: 1024, runtime: { kind: 'exponential', mean: 600_000 }, retryStrategy: { attempts: 10, evaluateOnExit: [] } })],
      workload: [{ ...b.at('w', [], [{ jobName: 'd', jobQueue: 'q', jobDefinition: 'd' }]), arrivals: { kind: 'poisson', perHour: 600, count: 2000, untilMs: null } }],
    });
    const r = simulate(s, b.catalog);
    const byOrdinal = new Map(r.instances.map((x) => [x.ordinal, x]));
    let checked = 0;
    for (let k = 0; k < r.attempts.count; k++) {
      const x = byOrdinal.get(r.attempts.instance[k])!;
      if (x.reclaimAt < 0) continue;
      expect(r.attempts.startingAt[k]).toBeLessThan(x.reclaimAt - 120_000);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
    expect(summarize(r).spot.interruptions).toBeGreaterThan(5);
  });

  it('launches Fargate tasks no faster than the token bucket allows, and within maxvCpus', () => {
    const s = b.scenario({
      assumptions: b.assumptions({ fargate: { limits: 'current', launchBurst: 2, launchPerSecond: 1 } }),
      computeEnvironments: [b.managedEc2('fg', { type: 'FARGATE', instanceTypes: [], maxvCpus: 1 })],
      jobQueues: [b.queue('q', ['fg'])],
      jobDefinitions: [b.definition('f', { platformCapabilities: ['FARGATE'], vcpus: 0.25, memoryMiB: 512, runtime: b.fixed(10_000) })],
      workload: [b.at('w', [0], Array.from({ length: 6 }, () => ({ jobName: 'f', jobQueue: 'q', jobDefinition: 'f' })))],
    });
    const r = simulate(s, b.catalog);
    // Burst of 2 at t=0, then one token a second; at most 4 tasks of 0.25 vCPU run at once.
    expect(r.instances.map((x) => x.launchedAt / 1000)).toEqual([0, 0, 1, 2, 10, 10]);
    expect(r.instances.every((x) => x.fargate && x.vcpus === 0.25)).toBe(true);
  });
});

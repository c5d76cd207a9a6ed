// Image pulls in STARTING, worked by hand: a cold pull on a new EC2 instance, a warm start from its
// cache, a job that joins a pull in flight, and a Fargate task that pulls every time.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/pull-behavior.html (EC2: the agent caches)
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-pull-behavior.html (Fargate: no cache)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/metrics/summary.js';
import { fargateRates } from '../../src/model/pricing.js';
import { simulate } from '../../src/plan/simulate.js';
import type { ComputeEnvironment, ImagePullAssumptions, Scenario } from '../../src/scenario/types.js';
import * as b from '../helpers/build.js';

/** 1,500 MiB at 50 MiB/s: a 30 s cold pull. */
const PULL: ImagePullAssumptions = { throughputMiBPerSecond: 50, images: { 'ecr/encoder:3': { kind: 'size', sizeMiB: 1500 } } };
const COLD_MS = 30_000;
const CONTAINER_START_MS = 10_000;

/** One c5.xlarge (4 vCPU) at most; 1-vCPU jobs of 60 s on image `image`, submitted at `atMs`. */
function ec2World(atMs: number[], image: string | null, imagePull: ImagePullAssumptions | undefined, seed = 1): Scenario {
  const ce: ComputeEnvironment = b.managedEc2('ec2', { instanceTypes: ['c5.xlarge'], maxvCpus: 4, allocationStrategy: 'BEST_FIT' });
  return b.scenario({
    seed,
    assumptions: b.assumptions({ containerStart: b.fixed(CONTAINER_START_MS), ...(imagePull ? { imagePull } : {}) }),
    computeEnvironments: [ce],
    jobQueues: [b.queue('q', ['ec2'])],
    jobDefinitions: [b.definition('d', { image, runtime: b.fixed(60_000) })],
    workload: atMs.map((t, i) => b.at(`w${i}`, [t], [{ jobName: 'd', jobQueue: 'q', jobDefinition: 'd' }])),
  });
}

/** STARTING of each job's first attempt, [startingAt, startedAt] in ms, by job index. */
function starting(r: ReturnType<typeof simulate>): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k < r.attempts.count; k++) out[r.attempts.job[k]] = [r.attempts.startingAt[k], r.attempts.startedAt[k]];
  return out;
}

describe('image pulls on EC2: cold once per instance, then cached', () => {
  it('pulls on the first job, joins the pull in flight, and starts warm later', () => {
    // Jobs A and B land at 0 on the one new instance (ec2Launch 0): A pulls 0..30 s, B waits for the
    // same pull, so both run at 30 + 10 = 40 s. Job C at 100 s finds the image cached: 100 + 10 = 110 s.
    const r = simulate(ec2World([0, 0, 100_000], 'ecr/encoder:3', PULL), b.catalog);
    expect(r.instances.length).toBe(1);
    expect(starting(r)).toEqual([
      [0, COLD_MS + CONTAINER_START_MS],
      [0, COLD_MS + CONTAINER_START_MS],
      [100_000, 100_000 + CONTAINER_START_MS],
    ]);
  });

  it('pulls again on a new instance: the cache is the instance\'s', () => {
    // A runs 0..40+60 = 100 s; the instance idles out at 100 + 300 = 400 s. D at 1000 s gets a new
    // instance: a cold pull again, 1000 + 30 + 10.
    const r = simulate(ec2World([0, 1_000_000], 'ecr/encoder:3', PULL), b.catalog);
    expect(r.instances.length).toBe(2);
    expect(starting(r)[1]).toEqual([1_000_000, 1_000_000 + COLD_MS + CONTAINER_START_MS]);
  });

  it('keeps today\'s timing when the image has no pull time, or no image is named', () => {
    const today = simulate(ec2World([0, 0, 100_000], 'ecr/encoder:3', undefined), b.catalog);
    expect(starting(today)).toEqual([[0, 10_000], [0, 10_000], [100_000, 110_000]]);
    for (const s of [ec2World([0, 0, 100_000], 'ecr/other:1', PULL), ec2World([0, 0, 100_000], null, PULL)]) {
      const r = simulate(s, b.catalog);
      expect(starting(r)).toEqual(starting(today));
      expect(summarize(r)).toEqual(summarize(today));
    }
  });

  it('a measured pull time stands in for size / throughput', () => {
    const r = simulate(ec2World([0], 'ecr/encoder:3', { throughputMiBPerSecond: 50, images: { 'ecr/encoder:3': { kind: 'time', ms: 45_000 } } }), b.catalog);
    expect(starting(r)[0]).toEqual([0, 45_000 + CONTAINER_START_MS]);
  });

  it('property: per instance, the first job pulls cold and no later one runs before that pull is done', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 600 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 1000 }), (secs, seed) => {
        const r = simulate(ec2World(secs.map((s) => s * 1000), 'ecr/encoder:3', PULL, seed), b.catalog);
        const firstOn = new Map<number, [number, number]>();
        const rows: [number, number, number][] = [];
        for (let k = 0; k < r.attempts.count; k++) rows.push([r.attempts.instance[k], r.attempts.startingAt[k], r.attempts.startedAt[k]]);
        rows.sort((x, y) => x[1] - y[1]);
        for (const [inst, sta, go] of rows) {
          const first = firstOn.get(inst);
          if (first === undefined) {
            firstOn.set(inst, [sta, go]);
            expect(go - sta).toBe(COLD_MS + CONTAINER_START_MS);
          } else {
            expect(go - sta).toBeLessThanOrEqual(COLD_MS + CONTAINER_START_MS);
            expect(go - sta).toBeGreaterThanOrEqual(CONTAINER_START_MS);
            expect(go).toBeGreaterThanOrEqual(first[0] + COLD_MS + CONTAINER_START_MS);
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('image pulls on Fargate: every task pulls', () => {
  it('each task pulls the whole image after provisioning, and is billed for the pull', () => {
    // fargateLaunch 30 s, then a 30 s pull, a 10 s start and 60 s of work: STARTING 70 s; the task is
    // billed from the pull's start (its readyAt, 30 s) to its end (130 s): 100 s, for each of three
    // tasks, including the one at 100 s (no cache to reuse).
    const ce: ComputeEnvironment = {
      ...b.managedEc2('fg', { type: 'FARGATE', maxvCpus: 16, instanceTypes: [] }),
    };
    const s = b.scenario({
      assumptions: b.assumptions({ containerStart: b.fixed(CONTAINER_START_MS), fargateLaunch: b.fixed(30_000), imagePull: PULL }),
      computeEnvironments: [ce],
      jobQueues: [b.queue('q', ['fg'])],
      jobDefinitions: [b.definition('d', { image: 'ecr/encoder:3', platformCapabilities: ['FARGATE'], vcpus: 1, memoryMiB: 2048, runtime: b.fixed(60_000) })],
      workload: [0, 0, 100_000].map((t, i) => b.at(`w${i}`, [t], [{ jobName: 'd', jobQueue: 'q', jobDefinition: 'd' }])),
    });
    const r = simulate(s, b.catalog);
    expect(starting(r)).toEqual([[0, 70_000], [0, 70_000], [100_000, 170_000]]);
    expect(r.bills.map((x) => x.billedSeconds)).toEqual([100, 100, 100]);
    // 100 s of 1 vCPU and 2 GB at the us-east-1 rates, three times.
    const rates = fargateRates(b.catalog, s, false, false);
    const perTask = (100 / 3600) * (rates.vcpuHourUsd + 2 * rates.gbHourUsd);
    expect(summarize(r).costUsd.total).toBeCloseTo(3 * perTask, 4);
  });
});

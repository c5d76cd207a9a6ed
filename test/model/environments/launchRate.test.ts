// Fargate's task launch rate is one token bucket per account and Region for On-Demand tasks and one
// for Spot tasks ("AWS Fargate throttling quotas",
// https://docs.aws.amazon.com/AmazonECS/latest/userguide/throttling.html), shared by every Fargate
// compute environment of the scenario: worked by hand.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../src/engine/simulation.js';
import { LaunchRate } from '../../../src/model/environments/launchRate.js';
import { TokenBucket } from '../../../src/model/tokenBucket.js';
import { simulate } from '../../../src/plan/simulate.js';
import * as b from '../../helpers/build.js';

describe('Fargate launch rate per account and Region', () => {
  it('two FARGATE environments share one bucket; FARGATE_SPOT has its own', () => {
    const job = (name: string) => b.definition(name, { platformCapabilities: ['FARGATE'], vcpus: 0.25, memoryMiB: 512, runtime: b.fixed(10_000) });
    const s = b.scenario({
      assumptions: b.assumptions({ fargate: { limits: 'current', launchBurst: 2, launchPerSecond: 1 } }),
      computeEnvironments: [
        b.managedEc2('fgA', { type: 'FARGATE', instanceTypes: [], maxvCpus: 4 }),
        b.managedEc2('fgB', { type: 'FARGATE', instanceTypes: [], maxvCpus: 4 }),
        b.managedEc2('fgSpot', { type: 'FARGATE_SPOT', instanceTypes: [], maxvCpus: 4 }),
      ],
      jobQueues: [b.queue('qa', ['fgA'], 3), b.queue('qb', ['fgB'], 2), b.queue('qs', ['fgSpot'], 1)],
      jobDefinitions: [job('a'), job('b'), job('s')],
      workload: [
        b.at('wa', [0], Array.from({ length: 3 }, () => ({ jobName: 'a', jobQueue: 'qa', jobDefinition: 'a' }))),
        b.at('wb', [0], Array.from({ length: 3 }, () => ({ jobName: 'b', jobQueue: 'qb', jobDefinition: 'b' }))),
        b.at('ws', [0], Array.from({ length: 2 }, () => ({ jobName: 's', jobQueue: 'qs', jobDefinition: 's' }))),
      ],
    });
    const r = simulate(s, b.catalog);
    const launches = r.instances.map((x) => `${x.computeEnvironment}@${x.launchedAt / 1000}`);
    // On-Demand bucket: 2 tokens at t=0, then 1 a second, shared. The pass at 0 serves queue qa first
    // (priority 3): a1, a2 take both tokens; a3 and all of qb wait. t=1: a3; t=2, 3, 4: b1, b2, b3.
    // With a bucket per environment (the old rule) fgB would have launched two tasks at 0 and one at 1.
    // The Spot bucket is separate: fgSpot launches both its tasks at 0 although On-Demand is dry.
    expect(launches).toEqual(['fgA@0', 'fgA@0', 'fgSpot@0', 'fgSpot@0', 'fgA@1', 'fgB@2', 'fgB@3', 'fgB@4']);
  });

  it('one wake-up serves every environment waiting on the bucket', () => {
    const sim = new Simulation();
    let passes = 0;
    const rate = new LaunchRate(1, 2, sim, () => passes++);
    expect(rate.take()).toBe(true);
    // Two environments find the bucket dry at t=0: one wake-up, at 1000 / 2 = 500 ms.
    expect(rate.take()).toBe(false);
    expect(rate.take()).toBe(false);
    sim.run(null);
    expect(passes).toBe(1);
    expect(sim.now).toBe(500);
    expect(rate.take()).toBe(true);
  });
});

describe('TokenBucket', () => {
  it('never grants more than burst + perSecond x window in any window, and names a later instant when dry', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.constantFrom(0.5, 1, 3, 20, 50),
        fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 200 }),
        (burst, perSecond, gaps) => {
          const bucket = new TokenBucket(burst, perSecond);
          const granted: number[] = [];
          let now = 0;
          for (const gap of gaps) {
            now += gap;
            // Keep asking until granted, jumping to the instant the bucket names.
            while (!bucket.take(now)) {
              const next = bucket.nextTokenAt(now);
              expect(next).toBeGreaterThan(now);
              now = next;
            }
            granted.push(now);
          }
          for (let i = 0; i < granted.length; i++)
            for (let j = i; j < granted.length; j++) expect(j - i + 1).toBeLessThanOrEqual(burst + (perSecond * (granted[j] - granted[i])) / 1000 + 1e-9);
        },
      ),
    );
  });
});

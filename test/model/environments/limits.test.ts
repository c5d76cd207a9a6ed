// Service quotas and insufficient capacity (environments/quotas.ts, availability.ts,
// launchLimits.ts), each on a tiny scenario whose answer is worked out by hand in the comments.
// AWS: allocation strategies (BEST_FIT waits for the type; BEST_FIT_PROGRESSIVE and SPOT_* move on),
// https://docs.aws.amazon.com/batch/latest/userguide/allocation-strategies.html; the blocked job's
// reason, https://docs.aws.amazon.com/batch/latest/userguide/job_stuck_in_runnable_capacity.html.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../src/engine/random.js';
import { summarize } from '../../../src/metrics/summary.js';
import { quotaClassFor } from '../../../src/model/quotaClasses.js';
import { insufficientCapacity, quotaReached } from '../../../src/model/statusReasons.js';
import { STREAM } from '../../../src/model/streams.js';
import type { TraceEvent } from '../../../src/model/types.js';
import { simulate } from '../../../src/plan/simulate.js';
import type { CapacityRule, Scenario } from '../../../src/scenario/types.js';
import * as b from '../../helpers/build.js';

const STANDARD = 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances';
const job = (jobDefinition: string, jobQueue = 'q') => ({ jobName: jobDefinition, jobQueue, jobDefinition });
const twoVcpu = b.definition('two', { vcpus: 2, memoryMiB: 2048, runtime: b.fixed(60_000) });
const rule = (over: Partial<CapacityRule>): CapacityRule => ({
  instanceType: 'c5.large', purchaseOption: 'ON_DEMAND', unavailable: [], launchFailureProbability: 0, retryAfterMs: 60_000, ...over,
});

function run(s: Scenario) {
  const starts: Record<string, string> = {};
  const result = simulate(s, b.catalog, {
    trace: (e: TraceEvent) => {
      if (e.event === 'STARTING') starts[e.id] = `${e.at / 1000} ${e.detail.split(' on ')[1]}`;
    },
  });
  return { result, summary: summarize(result), starts };
}

/** The instance an attempt started on -> its environment, from the result's instance rows. */
const environmentOf = (r: ReturnType<typeof run>, instanceId: string): string => r.result.instances.find((i) => i.instanceId === instanceId)!.computeEnvironment;
const reasonOf = (r: ReturnType<typeof run>, row: number): string => r.result.jobs.strings[r.result.jobs.statusReason[row]];

describe('service quotas', () => {
  it('classifies instance types by family bucket and purchase option, as the quota pages group them', () => {
    expect(quotaClassFor('on-demand', 'c5.large')).toBe('on-demand-standard');
    expect(quotaClassFor('on-demand', 'im4gn.large')).toBe('on-demand-standard');
    expect(quotaClassFor('spot', 'g4dn.xlarge')).toBe('spot-g-vt');
    expect(quotaClassFor('on-demand', 'vt1.3xlarge')).toBe('on-demand-g-vt');
    expect(quotaClassFor('on-demand', 'p4d.24xlarge')).toBe('on-demand-p');
    // Families with quotas of their own that the model does not enforce.
    for (const t of ['inf2.xlarge', 'x2idn.16xlarge', 'f1.2xlarge', 'hpc6a.48xlarge', 'trn1.2xlarge', 'u-6tb1.metal']) expect(quotaClassFor('on-demand', t)).toBeNull();
    expect(quotaClassFor('fargate', 'FARGATE')).toBe('fargate-on-demand');
    expect(quotaClassFor('fargate-spot', 'FARGATE_SPOT')).toBe('fargate-spot');
    expect(quotaClassFor('unmanaged', 'c5.large')).toBeNull();
  });

  it('counts a refused launch once per environment and pass, however many types the strategy tries', () => {
    // As the BEST_FIT test below, but with three types to choose from: BEST_FIT_PROGRESSIVE asks the
    // quota for each in turn when it refuses, BEST_FIT for the one it chose. Same two refusals.
    const s = (allocationStrategy: 'BEST_FIT' | 'BEST_FIT_PROGRESSIVE') =>
      b.scenario({
        assumptions: b.assumptions({ serviceQuotas: { 'on-demand-standard': 4 } }),
        computeEnvironments: [b.managedEc2('od', { allocationStrategy, instanceTypes: ['c5.large', 'c5.xlarge', 'm5.large'] })],
        jobQueues: [b.queue('q', ['od'])],
        jobDefinitions: [twoVcpu],
        workload: [b.at('w', [0], [job('two'), job('two'), job('two'), job('two')])],
      });
    const best = run(s('BEST_FIT')).summary.limits!.quotas[STANDARD];
    const progressive = run(s('BEST_FIT_PROGRESSIVE')).summary.limits!.quotas[STANDARD];
    expect(best.refusedLaunches).toBe(2);
    expect(progressive).toEqual(best);
  });

  it('BEST_FIT stops scaling at the account quota and waits: four 2-vCPU jobs under a 4-vCPU quota take two rounds', () => {
    // c5.large (2 vCPUs) holds one job. Quota 4 vCPUs = 2 instances at t=0; the third launch is
    // refused (once in the pass at 0, once more in the pass after the two are ready). Jobs 1-2 run
    // 0-60 s; at 60 s jobs 3-4 take the same, now idle, instances and run 60-120 s.
    // Bound: from the first refusal (0 s) to the pass at 60 s that refuses nothing = 60 s.
    const s = b.scenario({
      assumptions: b.assumptions({ serviceQuotas: { 'on-demand-standard': 4 } }),
      computeEnvironments: [b.managedEc2('od', { allocationStrategy: 'BEST_FIT', instanceTypes: ['c5.large'] })],
      jobQueues: [b.queue('q', ['od'])],
      jobDefinitions: [twoVcpu],
      workload: [b.at('w', [0], [job('two'), job('two'), job('two'), job('two')])],
    });
    const r = run(s);
    expect(Object.values(r.starts).map((x) => x.split(' ')[0])).toEqual(['0', '0', '60', '60']);
    expect(r.summary.computeEnvironments.od.instancesLaunched).toBe(2);
    expect(r.summary.lastJobEndSeconds).toBe(120);
    expect(r.summary.limits).toEqual({
      boundBy: STANDARD,
      quotas: { [STANDARD]: { code: 'L-1216C47A', limitVcpus: 4, peakVcpus: 4, refusedLaunches: 2, boundSeconds: 60 } },
      capacity: null,
    });
    // Without the quota: four instances at 0, every job done at 60 s.
    const free = run({ ...s, assumptions: b.assumptions() });
    expect(free.summary.computeEnvironments.od.instancesLaunched).toBe(4);
    expect(free.summary.lastJobEndSeconds).toBe(60);
    expect(free.summary.limits).toBeUndefined();
  });

  it('binds across environments of the account: a second on-demand environment cannot use what the first holds', () => {
    // Two on-demand environments, one quota of 2 vCPUs: queue qa (higher priority) scales `a` first
    // and its c5.large takes all of it. Queue qb's job cannot use a's instance (another environment):
    // it waits until a's instance is scaled in, 60 s (job) + 300 s (idle) = 360 s.
    const s = b.scenario({
      assumptions: b.assumptions({ serviceQuotas: { 'on-demand-standard': 2 } }),
      computeEnvironments: [b.managedEc2('a', { instanceTypes: ['c5.large'] }), b.managedEc2('b', { instanceTypes: ['c5.large'] })],
      jobQueues: [b.queue('qa', ['a'], 2), b.queue('qb', ['b'], 1)],
      jobDefinitions: [twoVcpu],
      workload: [b.at('w', [0], [job('two', 'qa'), job('two', 'qb')])],
    });
    const r = run(s);
    // a's instance: job 0-60 s, idle until 360 s, terminated; b launches at 360, the job runs 360-420.
    expect(Object.values(r.starts).map((x) => x.split(' ')[0])).toEqual(['0', '360']);
    expect(r.summary.limits!.quotas[STANDARD]).toMatchObject({ peakVcpus: 2, boundSeconds: 360 });
  });

  it('a job held by the quota at the end says so (head of its shape), and blocked.byReason counts it', () => {
    // Quota 2 vCPUs: job 1 (2 h) takes the only c5.large at 0; jobs 2 and 3 wait. `until` stops the
    // clock at 1 h: job 2, the head, shows the quota's reason; job 3 behind it the horizon's. The
    // quota bound from 0 to the end, 3600 s.
    const long = b.definition('long', { vcpus: 2, memoryMiB: 2048, runtime: b.fixed(7_200_000) });
    const s = b.scenario({
      untilMs: 3_600_000,
      assumptions: b.assumptions({ serviceQuotas: { 'on-demand-standard': 2 } }),
      computeEnvironments: [b.managedEc2('od', { instanceTypes: ['c5.large'] })],
      jobQueues: [b.queue('q', ['od'])],
      jobDefinitions: [long],
      workload: [b.at('w', [0], [job('long'), job('long'), job('long')])],
    });
    const r = run(s);
    expect([reasonOf(r, 1), reasonOf(r, 2)]).toEqual([quotaReached(STANDARD, 2), 'still RUNNABLE when `until` stopped the clock']);
    expect(r.summary.blocked.byReason).toEqual({ VcpuLimitExceeded: 1, 'still RUNNABLE when `until` stopped the clock': 1 });
    expect(r.summary.limits!.quotas[STANDARD]).toMatchObject({ peakVcpus: 2, boundSeconds: 3600 });
  });

  it('Fargate On-Demand vCPU quota: at the new-account 6 vCPUs, three 2-vCPU tasks run and the fourth waits for one to stop', () => {
    // Tasks 1-3 (6 vCPUs) start at 0 and stop at 60 s; task 4 is refused at 0 and starts at 60 s.
    const s = b.scenario({
      assumptions: b.assumptions({ serviceQuotas: { 'fargate-on-demand': 6 } }),
      computeEnvironments: [b.managedEc2('fg', { type: 'FARGATE', instanceTypes: [], maxvCpus: 64 })],
      jobQueues: [b.queue('q', ['fg'])],
      jobDefinitions: [b.definition('f', { platformCapabilities: ['FARGATE'], vcpus: 2, memoryMiB: 4096, runtime: b.fixed(60_000) })],
      workload: [b.at('w', [0], [job('f'), job('f'), job('f'), job('f')])],
    });
    const r = run(s);
    expect(Object.values(r.starts).map((x) => x.split(' ')[0])).toEqual(['0', '0', '0', '60']);
    expect(r.summary.limits!.quotas['Fargate On-Demand vCPU resource count']).toEqual({ code: null, limitVcpus: 6, peakVcpus: 6, refusedLaunches: 1, boundSeconds: 60 });
  });

  it('property: running vCPUs never exceed the quota, and every job still ends', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.constantFrom('BEST_FIT' as const, 'BEST_FIT_PROGRESSIVE' as const), (quota, jobs, strategy) => {
        const s = b.scenario({
          assumptions: b.assumptions({ serviceQuotas: { 'on-demand-standard': quota } }),
          computeEnvironments: [b.managedEc2('od', { allocationStrategy: strategy, instanceTypes: ['c5.large', 'c5.xlarge'] })],
          jobQueues: [b.queue('q', ['od'])],
          jobDefinitions: [twoVcpu],
          workload: [b.at('w', [0], Array.from({ length: jobs }, () => job('two')))],
        });
        const r = run(s);
        const q = r.summary.limits!.quotas[STANDARD];
        expect(q.peakVcpus).toBeLessThanOrEqual(quota);
        expect(r.summary.jobs.succeeded).toBe(jobs);
      }),
      { numRuns: 25 },
    );
  });
});

describe('insufficient capacity', () => {
  const oneJob = (strategy: 'BEST_FIT' | 'BEST_FIT_PROGRESSIVE', capacity: CapacityRule[]) =>
    b.scenario({
      assumptions: b.assumptions({ capacity }),
      computeEnvironments: [b.managedEc2('od', { allocationStrategy: strategy, instanceTypes: ['c5.large', 'm5.large'] })],
      jobQueues: [b.queue('q', ['od'])],
      jobDefinitions: [twoVcpu],
      workload: [b.at('w', [0], [job('two')])],
    });
  const outage = [rule({ unavailable: [{ fromMs: 0, toMs: 600_000 }] })];

  it('BEST_FIT waits for its type through an outage; BEST_FIT_PROGRESSIVE moves on to the next type', () => {
    // Both pick c5.large first ($0.085/h against m5.large's $0.096/h). c5.large has no capacity 0-600 s.
    // BEST_FIT: the launch at 0 fails (1 failed launch), the window's end books a pass at 600 s, the
    // c5.large launches then and the job runs 600-660 s.
    const bestFit = run(oneJob('BEST_FIT', outage));
    expect(Object.values(bestFit.starts)).toEqual(['600 i-00000000000000001']);
    expect(bestFit.summary.limits).toEqual({ boundBy: null, quotas: {}, capacity: { failedLaunches: 1, byInstanceType: { 'c5.large/ON_DEMAND': 1 } } });
    expect(bestFit.summary.costUsd.byInstanceType).toHaveProperty('c5.large');
    // BEST_FIT_PROGRESSIVE: c5.large fails at 0, m5.large launches at 0, the job runs 0-60 s.
    const progressive = run(oneJob('BEST_FIT_PROGRESSIVE', outage));
    expect(Object.values(progressive.starts).map((x) => x.split(' ')[0])).toEqual(['0']);
    expect(Object.keys(progressive.summary.costUsd.byInstanceType)).toEqual(['m5.large']);
    expect(progressive.summary.limits!.capacity).toEqual({ failedLaunches: 1, byInstanceType: { 'c5.large/ON_DEMAND': 1 } });
  });

  it('a Spot outage spills to the on-demand environment next in computeEnvironmentOrder, and back once it ends', () => {
    // Queue order [spot, od]. c5.large SPOT has no capacity 0-2 h. Job 1 (t=0): the Spot
    // environment's scale-out covers nothing (its only type failed), so the jobs spill to `od`,
    // which launches an on-demand c5.large: job 1 runs there 0-60 s. Job 2 (t=3 h): the outage is
    // over, so Spot (first in order) launches and job 2 runs on Spot.
    const s = b.scenario({
      assumptions: b.assumptions({ capacity: [rule({ purchaseOption: 'SPOT', unavailable: [{ fromMs: 0, toMs: 7_200_000 }] })] }),
      computeEnvironments: [
        b.managedEc2('spot', { type: 'SPOT', allocationStrategy: 'SPOT_PRICE_CAPACITY_OPTIMIZED', instanceTypes: ['c5.large'] }),
        b.managedEc2('od', { instanceTypes: ['c5.large'] }),
      ],
      jobQueues: [b.queue('q', ['spot', 'od'])],
      jobDefinitions: [twoVcpu],
      workload: [b.at('w', [0, 10_800_000], [job('two')])],
    });
    const r = run(s);
    const [first, second] = Object.values(r.starts);
    expect(first.split(' ')[0]).toBe('0');
    expect(environmentOf(r, first.split(' ')[1])).toBe('od');
    expect(second.split(' ')[0]).toBe('10800');
    expect(environmentOf(r, second.split(' ')[1])).toBe('spot');
    expect(r.summary.limits!.capacity).toEqual({ failedLaunches: 1, byInstanceType: { 'c5.large/SPOT': 1 } });
    // Without the outage both run on Spot: the on-demand "fallback" is only room beyond Spot's maxvCpus.
    const calm = run({ ...s, assumptions: b.assumptions() });
    expect(Object.values(calm.starts).map((x) => environmentOf(calm, x.split(' ')[1]))).toEqual(['spot', 'spot']);
  });

  it('when every environment of the queue has no capacity, the head job reports CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY', () => {
    const s = b.scenario({
      untilMs: 3_600_000,
      assumptions: b.assumptions({ capacity: [rule({ purchaseOption: 'SPOT', unavailable: [{ fromMs: 0, toMs: 36_000_000 }] })] }),
      computeEnvironments: [b.managedEc2('spot', { type: 'SPOT', allocationStrategy: 'SPOT_CAPACITY_OPTIMIZED', instanceTypes: ['c5.large'] })],
      jobQueues: [b.queue('q', ['spot'])],
      jobDefinitions: [twoVcpu],
      workload: [b.at('w', [0], [job('two')])],
    });
    const r = run(s);
    expect(reasonOf(r, 0)).toBe(insufficientCapacity('c5.large'));
    expect(r.summary.blocked.byReason).toEqual({ 'CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY': 1 });
  });

  it('a launch failure chance draws from its own stream capacity/<environment>/<type>, and retries after retryAfter', () => {
    // BEST_FIT on c5.large only, p = 0.5: each try draws u from capacity/od/c5.large; u < 0.5 fails
    // and books a retry 60 s later. So the job starts at 60 s x (draws below 0.5 before the first above).
    const p = 0.5;
    const s = b.scenario({
      assumptions: b.assumptions({ capacity: [rule({ launchFailureProbability: p })] }),
      computeEnvironments: [b.managedEc2('od', { allocationStrategy: 'BEST_FIT', instanceTypes: ['c5.large'] })],
      jobQueues: [b.queue('q', ['od'])],
      jobDefinitions: [twoVcpu],
      workload: [b.at('w', [0], [job('two')])],
    });
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const draws = new RandomStreams(seed).stream(STREAM.capacity('od', 'c5.large'));
      let failures = 0;
      while (draws.next() < p) failures++;
      const r = run({ ...s, seed });
      expect(Object.values(r.starts)[0].split(' ')[0], `seed ${seed}`).toBe(String(60 * failures));
      expect(r.summary.limits!.capacity!.failedLaunches).toBe(failures);
    }
  });

  it('a capacity rule leaves the other streams alone: job runtimes and arrivals are the same with and without it', () => {
    const base = b.scenario({
      computeEnvironments: [b.managedEc2('od', { allocationStrategy: 'BEST_FIT_PROGRESSIVE', instanceTypes: ['c5.large', 'm5.large'] })],
      jobQueues: [b.queue('q', ['od'])],
      jobDefinitions: [b.definition('two', { vcpus: 2, memoryMiB: 2048, runtime: { kind: 'exponential', mean: 60_000 } })],
      workload: [{ name: 'w', arrivals: { kind: 'poisson', perHour: 60, count: 20, untilMs: null }, jobs: [b.template('two')] }],
    });
    const runtimes = (s: Scenario) => {
      const { jobs } = simulate(s, b.catalog);
      return Array.from({ length: jobs.count }, (_, i) => [jobs.submittedAt[i], jobs.stoppedAt[i] - jobs.startedAt[i]]).sort((x, y) => x[0] - y[0]);
    };
    const limited = { ...base, assumptions: b.assumptions({ capacity: [rule({ launchFailureProbability: 0.3 })] }) };
    expect(runtimes(limited)).toEqual(runtimes(base));
  });
});

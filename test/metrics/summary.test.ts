// summary.json on tiny scenarios whose figures are worked out by hand: makespan from the first
// submission, clock times on the UTC calendar from `startAt`, and when each queue drained.
import { describe, expect, it } from 'vitest';
import { attributeCost } from '../../src/metrics/attribution.js';
import { summarize } from '../../src/metrics/summary.js';
import { AttemptEnd } from '../../src/model/types.js';
import { round } from '../../src/records/format.js';
import type { SimulationResult } from '../../src/records/result.js';
import { ADVISOR_BAND_MONTHLY_PROBABILITY, FALLBACK_ADVISOR, hazardPerHourFromMonthly } from '../../src/model/pricing.js';
import { simulate } from '../../src/plan/simulate.js';
import { headlineRows } from '../../src/report/html.js';
import { formatSummary } from '../../src/report/terminal.js';
import type { Scenario } from '../../src/scenario/types.js';
import * as b from '../helpers/build.js';

const H = 3_600_000;
const START = Date.UTC(2024, 2, 1); // 2024-03-01T00:00:00Z

/** One 4-vCPU, 16 GiB box at $1/h behind queues `a` and `b`; a job of definition `long` (2 vCPUs, 4 GiB, 1 h) and one of `short` (1 vCPU, 8 GiB, 20 min). */
function twoQueues(over: { untilMs?: number | null; submitAtMs?: number } = {}) {
  const at = over.submitAtMs ?? 2 * H;
  return b.scenario({
    startAtMs: START,
    untilMs: over.untilMs ?? null,
    computeEnvironments: [b.unmanaged('box', [{ instanceType: 'box', vcpus: 4, memoryMiB: 16384, count: 1, priceUsdPerHour: 1 }])],
    jobQueues: [b.queue('a', ['box']), b.queue('b', ['box'])],
    jobDefinitions: [
      b.definition('long', { vcpus: 2, memoryMiB: 4096, runtime: b.fixed(H) }),
      b.definition('short', { vcpus: 1, memoryMiB: 8192, runtime: b.fixed(H / 3) }),
    ],
    workload: [
      b.at('first', [at], [{ jobName: 'long', jobQueue: 'a', jobDefinition: 'long' }]),
      b.at('second', [at + H / 2], [{ jobName: 'short', jobQueue: 'b', jobDefinition: 'short' }]),
    ],
  });
}

describe('makespan and clock times', () => {
  it('a run whose first job is submitted at 02:00: makespan counts from then, not from time 0', () => {
    const s = summarize(simulate(twoQueues(), b.catalog));
    // long: 02:00 -> 03:00 in a; short: 02:30 -> 02:50 in b.
    expect(s.makespanSeconds).toBe(3600);
    expect(s.clock).toEqual({
      startAt: '2024-03-01T00:00:00.000Z',
      firstSubmissionAt: '2024-03-01T02:00:00.000Z',
      lastJobEndAt: '2024-03-01T03:00:00.000Z',
      endAt: '2024-03-01T03:00:00.000Z',
    });
    expect(s.jobQueues.a.drainedAt).toBe('2024-03-01T03:00:00.000Z');
    expect(s.jobQueues.b.drainedAt).toBe('2024-03-01T02:50:00.000Z');
    const text = formatSummary(s);
    expect(text).toContain('  makespan    60.0 min, first submission 2024-03-01T02:00:00Z, last job end 2024-03-01T03:00:00Z\n');
    expect(text).toContain('  drained     a 2024-03-01T03:00:00Z, b 2024-03-01T02:50:00Z\n');
    const rows = Object.fromEntries(headlineRows(s as unknown as Record<string, unknown>, []));
    expect(rows['clock (UTC)']).toBe('start 2024-03-01T00:00:00Z · first submission 2024-03-01T02:00:00Z · last job end 2024-03-01T03:00:00Z');
    expect(rows['a drained']).toBe('2024-03-01T03:00:00Z');
    expect(rows['b drained']).toBe('2024-03-01T02:50:00Z');
  });

  it('queue waits per queue: each its own, and null for a queue that started no job beside one that started all', () => {
    const s = summarize(simulate(twoQueues(), b.catalog));
    // long waits 0 in a; short waits 0 in b (the box has room): both have their own one-job figures.
    expect(s.jobQueues.a.queueWaitSeconds).toEqual({ mean: 0, p50: 0, p95: 0, p99: 0, max: 0 });
    expect(s.jobQueues.b.queueWaitSeconds).toEqual({ mean: 0, p50: 0, p95: 0, p99: 0, max: 0 });
    const one = twoQueues();
    const idle = summarize(simulate({ ...one, workload: [one.workload[0]] }, b.catalog));
    expect(idle.queueWaitSeconds).not.toBeNull();
    expect(idle.jobQueues.a.queueWaitSeconds).toEqual(idle.queueWaitSeconds);
    expect(idle.jobQueues.b.queueWaitSeconds).toBeNull();
  });

  it('a queue with work left at `until` has not drained', () => {
    const s = summarize(simulate(twoQueues({ untilMs: 2.9 * H }), b.catalog));
    expect(s.cutOffByUntil).toBe(true);
    expect(s.jobQueues.a.drainedAt).toBeNull();
    expect(s.jobQueues.a.unfinished).toBe(1);
    expect(s.jobQueues.b.drainedAt).toBe('2024-03-01T02:50:00.000Z');
    expect(s.makespanSeconds).toBe(3000);
    expect(formatSummary(s)).toContain('  drained     a not (1 unfinished), b 2024-03-01T02:50:00Z\n');
  });
});

describe('the Spot assumptions a run reports', () => {
  /** One c5.large Spot instance for one 1-hour job; it ends 5 minutes after the job (idleTerminateAfter). */
  function spotRun(interruptions: Scenario['assumptions']['spot']['interruptions']) {
    return b.scenario({
      assumptions: b.assumptions({ spot: { interruptions, noticeMs: 120_000, price: { kind: 'discount', discount: 0.6 } } }),
      computeEnvironments: [b.managedEc2('sp', { type: 'SPOT', instanceTypes: ['c5.large'] })],
      jobQueues: [b.queue('q', ['sp'])],
      jobDefinitions: [b.definition('j', { runtime: b.fixed(H) })],
      workload: [b.at('g', [0], [{ jobName: 'j', jobQueue: 'q', jobDefinition: 'j' }])],
    });
  }

  it('a flat rate: the rate, where it came from, and the reclaims it predicts over the instance-hours run', () => {
    const s = summarize(simulate(spotRun({ kind: 'perHour', perHour: 0.01 }), b.catalog));
    expect(s.spot.interruptions).toBe(0);
    // 1 h of job + 5 min idle = 65 min of instance life; 0.01 x 65/60 = 0.010833.
    expect(s.spot.byComputeEnvironment).toEqual({
      sp: {
        interruptionSource: 'flat rate',
        assumedInterruptionsPerHour: 0.01,
        assumedInterruptionsPerHourByInstanceType: { 'c5.large': 0.01 },
        instanceHours: 1.0833,
        expectedInterruptions: 0.0108,
        interruptions: 0,
      },
    });
    expect(formatSummary(s)).toContain('  spot risk   sp: 1 reclaim per 100 instance-h assumed (flat rate), 0.01 expected in 1.1 h, 0 seen\n');
    const rows = Object.fromEntries(headlineRows(s as unknown as Record<string, unknown>, []));
    expect(rows['spot risk of sp']).toBe('1 reclaim per 100 instance-h assumed (flat rate), 0.01 expected in 1.1 h, 0 seen');
  });

  it('the advisor band: the band midpoint as an hourly rate; none: no reclaims assumed', () => {
    const band = b.catalog.spotAdvisor.get('us-east-1')?.get('c5.large')?.band ?? FALLBACK_ADVISOR.band;
    const rate = hazardPerHourFromMonthly(ADVISOR_BAND_MONTHLY_PROBABILITY[band]);
    const advisor = summarize(simulate(spotRun({ kind: 'advisor' }), b.catalog)).spot.byComputeEnvironment.sp;
    expect(advisor.interruptionSource).toBe('advisor band');
    expect(advisor.assumedInterruptionsPerHour).toBeCloseTo(rate, 9);
    const none = summarize(simulate(spotRun({ kind: 'none' }), b.catalog));
    expect(none.spot.byComputeEnvironment.sp).toMatchObject({ interruptionSource: 'none', assumedInterruptionsPerHour: 0, expectedInterruptions: 0 });
    expect(formatSummary(none)).toContain('  spot risk   sp: no reclaims assumed (none), 0 seen\n');
  });

  it('on-demand environments report no Spot assumption', () => {
    expect(summarize(simulate(twoQueues(), b.catalog)).spot.byComputeEnvironment).toEqual({});
  });
});

describe('cost by job queue and job definition (split cost allocation)', () => {
  it('one box, two jobs of different sizes: each gets its 9:1 vCPU and memory share of the whole bill', () => {
    const s = summarize(simulate(twoQueues(), b.catalog));
    // The box is billed 3 h (time 0 to the last job end) at $1/h: $3, busy and idle.
    expect(s.costUsd.total).toBe(3);
    // Weights (9 x vCPUs + GiB) x hours: long (18 + 4) x 1 = 22, short (9 + 8) x 1/3 = 17/3; 66 : 17.
    expect(s.costUsd.byJobQueue).toEqual({ a: 2.385542, b: 0.614458 });
    expect(s.costUsd.byJobDefinition).toEqual({ long: 2.385542, short: 0.614458 });
    expect(s.costUsd.unattributed).toBe(0);
    expect(s.costUsd.perSucceededJobUsd).toBe(1.5);
    expect(formatSummary(s)).toContain('  by queue    a $2.39, b $0.61; $1.50 per succeeded job\n');
    const rows = Object.fromEntries(headlineRows(s as unknown as Record<string, unknown>, []));
    expect(rows['cost by job queue']).toBe('a $2.39 · b $0.61');
    expect(rows['cost by job definition']).toBe('long $2.39 · short $0.61');
    expect(rows['cost per succeeded job']).toBe('$1.50');
  });

  it('busy to the attempts that ended, lost to the interrupted one, idle and EBS to all by weight, an unused instance unattributed', () => {
    // Instance 1 holds three attempts for 1 h, 0.5 h and 1 h; instance 2 none.
    const r = {
      endAt: H,
      queues: [{ name: 'a', shares: null }, { name: 'b', shares: null }],
      scenario: { jobDefinitions: [{ jobDefinitionName: 'x' }, { jobDefinitionName: 'y' }] },
      jobs: {
        count: 3,
        strings: ['a', 'b', 'x', 'y'],
        jobQueue: Int32Array.from([0, 1, 1]),
        jobDefinition: Int32Array.from([2, 3, 2]),
        vcpus: Float64Array.from([2, 1, 1]),
        memoryMiB: Int32Array.from([4096, 8192, 1024]),
      },
      attempts: {
        count: 3,
        job: Int32Array.from([0, 1, 2]),
        instance: Int32Array.from([1, 1, 1]),
        startingAt: Float64Array.from([0, 0, 0]),
        stoppedAt: Float64Array.from([H, H / 2, -1]),
        end: Uint8Array.from([AttemptEnd.SUCCEEDED, AttemptEnd.INTERRUPTED, AttemptEnd.UNFINISHED]),
      },
      instances: [{}, {}],
      bills: [
        { busyUsd: 0.6, lostUsd: 0.3, idleUsd: 0.1, ebsUsd: 0.02 },
        { busyUsd: 0, lostUsd: 0, idleUsd: 0.05, ebsUsd: 0.01 },
      ],
    } as unknown as SimulationResult;
    // Weights: job 0 (18 + 4) x 1 = 22, job 1 (9 + 8) x 0.5 = 8.5, job 2 (9 + 1) x 1 = 10.
    // busy 0.6 over jobs 0 and 2: 0.4125 and 0.1875; lost 0.3 to job 1; idle + EBS 0.12 over 40.5.
    const c = attributeCost(r);
    expect(c.byJobQueue).toEqual({ a: round(0.4125 + (0.12 * 22) / 40.5), b: round(0.1875 + 0.3 + (0.12 * 18.5) / 40.5) });
    expect(c.byJobDefinition).toEqual({ x: round(0.4125 + 0.1875 + (0.12 * 32) / 40.5), y: round(0.3 + (0.12 * 8.5) / 40.5) });
    expect(c.byJobQueue).toEqual({ a: 0.477685, b: 0.542315 });
    expect(c.unattributed).toBe(0.06);
  });
});

describe('cutOffByUntil', () => {
  /** One 1-hour job on the box from time 0. */
  const oneJob = (over: Partial<Scenario>) =>
    b.scenario({
      computeEnvironments: [b.unmanaged('box', [{ instanceType: 'box', vcpus: 4, memoryMiB: 16384, count: 1, priceUsdPerHour: 1 }])],
      jobQueues: [b.queue('q', ['box'])],
      jobDefinitions: [b.definition('j', { runtime: b.fixed(H) })],
      workload: [b.at('g', [0], [{ jobName: 'j', jobQueue: 'q', jobDefinition: 'j' }])],
      ...over,
    });

  it('is true when the horizon stops a job still running', () => {
    const s = summarize(simulate(oneJob({ untilMs: H / 2 }), b.catalog));
    expect(s).toMatchObject({ cutOffByUntil: true, simulatedSeconds: 1800, jobs: { unfinished: 1 } });
  });

  it('is false when only a sampler tick lies past the horizon: all work was done (it used to say true)', () => {
    // The job ends at 1 h; the next timeseries sample (3 h) is after `until` (2 h), so the clock still stops there.
    const s = summarize(simulate(oneJob({ untilMs: 2 * H, assumptions: b.assumptions({ timeseriesIntervalMs: 3 * H }) }), b.catalog));
    expect(s).toMatchObject({ cutOffByUntil: false, simulatedSeconds: 7200, jobs: { unfinished: 0, succeeded: 1 } });
    expect(formatSummary(s).split('\n')[0]).toBe('test (seed 1)');
  });

  it('is false when the run ends by itself before the horizon with jobs that can never run, and says so', () => {
    const s = summarize(simulate(oneJob({ untilMs: 10 * H, computeEnvironments: [{ ...b.unmanaged('box', [{ instanceType: 'box', vcpus: 4, memoryMiB: 16384, count: 1 }]), state: 'DISABLED' }] }), b.catalog));
    expect(s.cutOffByUntil).toBe(false);
    expect(s.jobs.unfinished).toBe(1);
    // The (disabled) unmanaged box stays up, so the run lasts to `until` and bills it to there; no
    // work was left to happen, so nothing was cut off.
    expect(s.simulatedSeconds).toBe(36000);
    expect(formatSummary(s).split('\n')[0]).toBe('test (seed 1) - ended by itself with 1 job that could never run');
    const rows = Object.fromEntries(headlineRows(s as unknown as Record<string, unknown>, []));
    expect(rows['cut off by until']).toBe('no: the run ended by itself, but 1 job could never run (see why below)');
  });
});

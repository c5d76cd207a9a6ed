// "Would Lambda do?": exact arithmetic of the Lambda comparison (AWS-BATCH-BEHAVIOUR.md §3.2) and
// the runs it is fed from a simulation.
import { quantile } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import {
  compactDuration,
  compareLambda,
  lambdaMemoryMB,
  lambdaRunsFromResult,
  tieredDurationUsd,
  type LambdaFit,
} from '../../src/metrics/lambda.js';
import type { LambdaPrices } from '../../src/model/catalog.js';
import { simulate } from '../../src/plan/simulate.js';
import type { JobDefinition } from '../../src/scenario/types.js';
import { AttemptEnd } from '../../src/model/types.js';
import * as b from '../helpers/build.js';

/** us-east-1 list prices as in data/lambda-prices.json, written out by hand. */
const AWS: LambdaPrices = {
  requestUsdPerMillion: 0.2,
  x86GbSecondUsd: [
    { upToGbSeconds: 6_000_000_000, usd: 0.0000166667 },
    { upToGbSeconds: 15_000_000_000, usd: 0.000015 },
    { upToGbSeconds: null, usd: 0.0000133334 },
  ],
  arm64GbSecondUsd: [
    { upToGbSeconds: 7_500_000_000, usd: 0.0000133334 },
    { upToGbSeconds: 18_750_000_000, usd: 0.0000120001 },
    { upToGbSeconds: null, usd: 0.0000106667 },
  ],
};

/** $1 per GB-s, requests free: cost reads as GB-s. */
const FLAT: LambdaPrices = {
  requestUsdPerMillion: 0,
  x86GbSecondUsd: [{ upToGbSeconds: null, usd: 1 }],
  arm64GbSecondUsd: [{ upToGbSeconds: null, usd: 1 }],
};

/** Tiny tiers (100, then 200 more, then the rest) and $1 per request. */
const TINY: LambdaPrices = {
  requestUsdPerMillion: 1_000_000,
  x86GbSecondUsd: [
    { upToGbSeconds: 100, usd: 0.01 },
    { upToGbSeconds: 300, usd: 0.005 },
    { upToGbSeconds: null, usd: 0.001 },
  ],
  arm64GbSecondUsd: [{ upToGbSeconds: null, usd: 0 }],
};

function one(def: JobDefinition, runs: number[], prices: LambdaPrices = AWS, architecture: 'x86_64' | 'arm64' = 'x86_64'): LambdaFit {
  const report = compareLambda({ definitions: [def], runsMs: new Map([[def.jobDefinitionName, Float64Array.from(runs)]]), prices, architecture });
  return report.byJobDefinition[def.jobDefinitionName];
}

const repeat = (n: number, ms: number): number[] => new Array<number>(n).fill(ms);

describe('compareLambda: cost', () => {
  it('prices 1,000 runs of 60 s at 2048 MB on x86 exactly', () => {
    const fit = one(b.definition('etl', { vcpus: 1, memoryMiB: 2048 }), repeat(1000, 60_000));
    expect(fit).toEqual({
      jobDefinition: 'etl',
      fits: true,
      reasons: [],
      memoryMB: 2048,
      invocations: 1000,
      gbSeconds: 120_000,
      costUsd: 2.000204, // 1000 × 0.2 / 1e6 + 120,000 × 0.0000166667
      runtimeSeconds: { p50: 60, p99: 60, max: 60 },
    });
    expect(Object.keys(fit)).toEqual(['jobDefinition', 'fits', 'reasons', 'memoryMB', 'invocations', 'gbSeconds', 'costUsd', 'runtimeSeconds']);
  });

  it('uses the arm64 rate when asked', () => {
    const fit = one(b.definition('etl', { vcpus: 1, memoryMiB: 2048 }), repeat(1000, 60_000), AWS, 'arm64');
    expect(fit.gbSeconds).toBe(120_000);
    expect(fit.costUsd).toBe(1.600208); // 0.0002 + 120,000 × 0.0000133334
  });

  it('bills each run in whole milliseconds, rounding up', () => {
    const def = b.definition('d', { vcpus: 0.5, memoryMiB: 1024 });
    expect(one(def, [1234.4], FLAT).gbSeconds).toBe(1.235);
    expect(one(def, [1234.4], FLAT).costUsd).toBe(1.235);
    expect(one(def, [1234, 0.2], FLAT).gbSeconds).toBe(1.235);
    expect(one(def, [1000, 1000], FLAT).gbSeconds).toBe(2);
  });

  it('applies volume tiers across their boundaries', () => {
    const def = b.definition('d', { vcpus: 0.5, memoryMiB: 1024 }); // 1 GB-s per second of run
    // 400 GB-s: 100 × 0.01 + 200 × 0.005 + 100 × 0.001 = 2.1, plus 4 requests at $1.
    expect(one(def, repeat(4, 100_000), TINY)).toMatchObject({ invocations: 4, gbSeconds: 400, costUsd: 6.1 });
    // Inside the first tier.
    expect(one(def, [50_000], TINY).costUsd).toBe(1.5);
    expect(tieredDurationUsd(300, TINY.x86GbSecondUsd)).toBeCloseTo(2, 12);
    expect(tieredDurationUsd(0, TINY.x86GbSecondUsd)).toBe(0);
    // A last tier with a bound still prices what lies above it.
    expect(tieredDurationUsd(30, [{ upToGbSeconds: 10, usd: 1 }, { upToGbSeconds: 20, usd: 0.5 }])).toBe(20);
  });

  it('chooses memory from vCPUs when they need more (about 1 vCPU per 1,769 MB), at least 128 MB', () => {
    expect(lambdaMemoryMB({ vcpus: 4, memoryMiB: 1024 })).toBe(7076);
    expect(lambdaMemoryMB({ vcpus: 0.25, memoryMiB: 512 })).toBe(512);
    expect(lambdaMemoryMB({ vcpus: 0.25, memoryMiB: 256 })).toBe(443);
    expect(lambdaMemoryMB({ vcpus: 0.05, memoryMiB: 64 })).toBe(128);
    const fit = one(b.definition('d', { vcpus: 4, memoryMiB: 1024 }), [1000], FLAT);
    expect(fit.memoryMB).toBe(7076);
    expect(fit.gbSeconds).toBe(6.91); // 7076 / 1024 = 6.910156…, to 1e-3
  });

  it('handles an empty run list: does not fit, costs nothing', () => {
    const fit = one(b.definition('idle'), []);
    expect(fit).toEqual({
      jobDefinition: 'idle',
      fits: false,
      reasons: ['no attempt ran in this simulation'],
      memoryMB: 1769,
      invocations: 0,
      gbSeconds: 0,
      costUsd: 0,
      runtimeSeconds: null,
    });
    // A definition missing from the map counts as no runs.
    const report = compareLambda({ definitions: [b.definition('idle')], runsMs: new Map(), prices: AWS, architecture: 'x86_64' });
    expect(report.byJobDefinition.idle).toEqual(fit);
  });
});

describe('compareLambda: limits', () => {
  it('rejects a p99 runtime over 15 minutes, with a compact duration', () => {
    expect(one(b.definition('d'), [47 * 60_000]).reasons).toEqual(['p99 runtime 47m > 15m']);
    expect(one(b.definition('d'), [5_400_000]).reasons).toEqual(['p99 runtime 1.5h > 15m']);
    expect(one(b.definition('d'), [900_400]).reasons).toEqual(['p99 runtime 900.4s > 15m']);
    expect(one(b.definition('d'), [900_000]).fits).toBe(true);
    expect(compactDuration(40_000)).toBe('40s');
    expect(compactDuration(2_820_000)).toBe('47m');
    expect(compactDuration(5_400_000)).toBe('1.5h');
  });

  it('computes p99 as simple-statistics quantile does, without reordering the caller’s runs', () => {
    // 99 short runs and one of 1,000 s: simple-statistics 7.12 interpolates (R type 7), so the p99
    // lies 1% of the way from the 99th to the 100th order statistic, well under 900 s.
    const mostlyShort = [...repeat(99, 1000), 1_000_000].reverse();
    const runs = Float64Array.from(mostlyShort);
    const def = b.definition('d');
    const fit = compareLambda({ definitions: [def], runsMs: new Map([['d', runs]]), prices: AWS, architecture: 'x86_64' }).byJobDefinition.d;
    const [p50, p99] = quantile([...mostlyShort], [0.5, 0.99]);
    expect(p99).toBeCloseTo(10_990, 6);
    expect(fit.runtimeSeconds).toEqual({ p50: round3(p50 / 1000), p99: round3(p99 / 1000), max: 1000 });
    expect(fit.runtimeSeconds!.p99).toBe(10.99);
    expect(fit.fits).toBe(true);
    expect(Array.from(runs)).toEqual(mostlyShort);
    // Three long runs in 200 put the p99 among them.
    const longTail = [...repeat(197, 1000), 1_000_000, 1_100_000, 1_200_000];
    const tail = one(def, longTail);
    expect(tail.runtimeSeconds!.p99).toBe(round3(quantile([...longTail], 0.99) / 1000));
    expect(tail.runtimeSeconds!.p99).toBe(1001); // 1,000 s + 0.01 × 100 s
    expect(tail.reasons).toEqual(['p99 runtime 16.7m > 15m']);
  });

  it('rejects memory over 10,240 MB', () => {
    const fit = one(b.definition('d', { memoryMiB: 14_000 }), [1000]);
    expect(fit.reasons).toEqual(['needs 14000 MB > 10240 MB']);
    expect(fit.fits).toBe(false);
    expect(one(b.definition('d', { memoryMiB: 10_240 }), [1000]).fits).toBe(true);
  });

  it('rejects more than 6 vCPUs (and the memory they imply)', () => {
    expect(one(b.definition('d', { vcpus: 8, memoryMiB: 1024 }), [1000]).reasons).toEqual(['needs 14152 MB > 10240 MB', 'needs 8 vCPUs > 6']);
    expect(one(b.definition('d', { vcpus: 6, memoryMiB: 1024 }), [1000]).reasons).toEqual(['needs 10614 MB > 10240 MB']);
  });

  it('rejects GPUs', () => {
    expect(one(b.definition('d', { gpus: 1 }), [1000]).reasons).toEqual(['needs a GPU']);
  });

  it('rejects /tmp over 10 GiB only when the definition sets it above Batch’s default of 20 GiB', () => {
    expect(one(b.definition('d', { ephemeralStorageGiB: 30 }), [1000]).reasons).toEqual(['/tmp 30 GiB > 10 GiB']);
    expect(one(b.definition('d', { ephemeralStorageGiB: 20 }), [1000]).fits).toBe(true);
  });

  it('rejects multi-node parallel definitions', () => {
    const def = b.definition('d', { type: 'multinode', nodeProperties: { numNodes: 4, mainNode: 0 } });
    expect(one(def, [1000]).reasons).toEqual(['multi-node parallel job (4 nodes)']);
  });

  it('collects every reason, still prices unfit work, and totals in definition order', () => {
    const big = b.definition('big', { vcpus: 8, memoryMiB: 32_768, gpus: 1, ephemeralStorageGiB: 50 });
    const small = b.definition('small', { vcpus: 0.5, memoryMiB: 1024 });
    const report = compareLambda({
      definitions: [small, big],
      runsMs: new Map([
        ['big', Float64Array.from([3_600_000])],
        ['small', Float64Array.from([1000, 2000])],
      ]),
      prices: FLAT,
      architecture: 'x86_64',
    });
    expect(Object.keys(report)).toEqual(['architecture', 'byJobDefinition', 'totalCostUsd', 'fittingCostUsd']);
    expect(Object.keys(report.byJobDefinition)).toEqual(['small', 'big']);
    expect(report.byJobDefinition.big.reasons).toEqual([
      'p99 runtime 1h > 15m',
      'needs 32768 MB > 10240 MB',
      'needs 8 vCPUs > 6',
      'needs a GPU',
      '/tmp 50 GiB > 10 GiB',
    ]);
    expect(report.byJobDefinition.big.costUsd).toBe(115_200); // 3600 s × 32 GB
    expect(report.byJobDefinition.small.costUsd).toBe(3);
    expect(report.totalCostUsd).toBe(115_203);
    expect(report.fittingCostUsd).toBe(3);
    expect(report.architecture).toBe('x86_64');
  });
});

describe('lambdaRunsFromResult', () => {
  it('collects run times of attempts that ended SUCCEEDED, FAILED or TIMED_OUT, per definition', () => {
    const s = b.scenario({
      untilMs: 4_000_000,
      computeEnvironments: [b.unmanaged('fixed', [{ instanceType: 'box', vcpus: 16, memoryMiB: 65_536, count: 1 }])],
      jobQueues: [b.queue('main', ['fixed'])],
      jobDefinitions: [
        b.definition('ok', { runtime: b.fixed(30_000) }),
        // Fails every time; two attempts in all.
        b.definition('flaky', { runtime: b.fixed(45_000), failure: { probability: 1, exitCode: 1, reason: 'boom' }, retryStrategy: { attempts: 2, evaluateOnExit: [] } }),
        // Timed out at 60 s, killed 30 s later (the SIGTERM-to-SIGKILL grace).
        b.definition('slow', { runtime: b.fixed(10_000_000), attemptDurationMs: 60_000 }),
        // Still running when the clock stops.
        b.definition('endless', { runtime: b.fixed(5_000_000) }),
        b.definition('unused'),
      ],
      workload: [
        b.at('a', [0, 1000], [{ jobName: 'ok', jobQueue: 'main', jobDefinition: 'ok' }]),
        b.at('b', [0], [
          { jobName: 'flaky', jobQueue: 'main', jobDefinition: 'flaky' },
          { jobName: 'slow', jobQueue: 'main', jobDefinition: 'slow' },
          { jobName: 'endless', jobQueue: 'main', jobDefinition: 'endless' },
        ]),
      ],
    });
    const r = simulate(s, b.catalog);
    const runs = lambdaRunsFromResult(r);
    expect([...runs.keys()]).toEqual(['ok', 'flaky', 'slow', 'endless', 'unused']);
    expect(Array.from(runs.get('ok')!)).toEqual([30_000, 30_000]);
    expect(Array.from(runs.get('flaky')!)).toEqual([45_000, 45_000]);
    expect(Array.from(runs.get('slow')!)).toEqual([90_000]);
    expect(runs.get('endless')!.length).toBe(0);
    expect(runs.get('unused')!.length).toBe(0);

    const report = compareLambda({ definitions: s.jobDefinitions, runsMs: runs, prices: AWS, architecture: 'x86_64' });
    expect(report.byJobDefinition.ok).toMatchObject({ fits: true, invocations: 2, memoryMB: 1769, gbSeconds: round3((60 * 1769) / 1024) });
    expect(report.byJobDefinition.endless.reasons).toEqual(['no attempt ran in this simulation']);
  });
  // A scenario of one definition takes a one-pass path; these check it against the attempts table
  // read directly, and its fall-back when a job's definition is not the one it expects.
  const oneDefinition = (runtime: JobDefinition['runtime']) =>
    b.scenario({
      untilMs: 600_000,
      computeEnvironments: [b.unmanaged('fixed', [{ instanceType: 'box', vcpus: 2, memoryMiB: 8192, count: 1 }])],
      jobQueues: [b.queue('main', ['fixed'])],
      jobDefinitions: [
        b.definition('only', { runtime, attemptDurationMs: 100_000, failure: { probability: 0.3, exitCode: 2, reason: 'flaky' }, retryStrategy: { attempts: 3, evaluateOnExit: [] } }),
      ],
      workload: [b.at('a', Array.from({ length: 40 }, (_, k) => k * 20_000), [{ jobName: 'j', jobQueue: 'main', jobDefinition: 'only' }])],
    });
  /** What lambdaRunsFromResult gives, read off the attempts table with no cleverness. */
  const directRuns = (r: ReturnType<typeof simulate>, definition: string): number[] => {
    const A = r.attempts;
    const out: number[] = [];
    for (let i = 0; i < A.count; i++) {
      const ran = A.end[i] === AttemptEnd.SUCCEEDED || A.end[i] === AttemptEnd.FAILED || A.end[i] === AttemptEnd.TIMED_OUT;
      if (ran && A.startedAt[i] >= 0 && A.stoppedAt[i] >= 0 && r.jobs.strings[r.jobs.jobDefinition[A.job[i]]] === definition) out.push(A.stoppedAt[i] - A.startedAt[i]);
    }
    return out;
  };

  it('with one definition, gives every run of the attempts table in attempt order (failures, time-outs, unfinished left out)', () => {
    const r = simulate(oneDefinition({ kind: 'uniform', min: 10_000, max: 150_000 }), b.catalog);
    const runs = lambdaRunsFromResult(r);
    expect([...runs.keys()]).toEqual(['only']);
    const want = directRuns(r, 'only');
    // The scenario has each kind of end, so the check is not of successes alone.
    expect(new Set(Array.from(r.attempts.end.subarray(0, r.attempts.count)))).toEqual(new Set([AttemptEnd.SUCCEEDED, AttemptEnd.FAILED, AttemptEnd.TIMED_OUT, AttemptEnd.UNFINISHED]));
    expect(want.length).toBeGreaterThan(10);
    expect(Array.from(runs.get('only')!)).toEqual(want);
  });

  it('with one definition listed but jobs of another, places each run by its own definition (the other after)', () => {
    const s = b.scenario({
      untilMs: 1_000_000,
      computeEnvironments: [b.unmanaged('fixed', [{ instanceType: 'box', vcpus: 4, memoryMiB: 8192, count: 1 }])],
      jobQueues: [b.queue('main', ['fixed'])],
      jobDefinitions: [b.definition('first', { runtime: b.fixed(30_000) }), b.definition('second', { runtime: b.fixed(50_000) })],
      workload: [b.at('a', [0, 10_000, 20_000], [{ jobName: 'x', jobQueue: 'main', jobDefinition: 'first' }, { jobName: 'y', jobQueue: 'main', jobDefinition: 'second' }])],
    });
    const r = simulate(s, b.catalog);
    const runs = lambdaRunsFromResult({ ...r, scenario: { ...r.scenario, jobDefinitions: [s.jobDefinitions[0]] } });
    expect([...runs.keys()]).toEqual(['first', 'second']);
    expect(Array.from(runs.get('first')!)).toEqual(directRuns(r, 'first'));
    expect(Array.from(runs.get('second')!)).toEqual(directRuns(r, 'second'));
    expect(Array.from(runs.get('second')!)).toEqual([50_000, 50_000, 50_000]);
  });
});

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

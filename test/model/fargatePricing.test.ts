// ARM64 on Fargate and Fargate Spot (issue 11, rules 4 and 7): ARM jobs run on Fargate Spot (only
// Windows containers are refused there, RuntimePlatform API reference
// https://docs.aws.amazon.com/batch/latest/APIReference/API_RuntimePlatform.html), and ARM is priced
// from the region's own rates, not at us-east-1's ARM price everywhere.
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/metrics/summary.js';
import { armToX86Ratio, fargateRates } from '../../src/model/pricing.js';
import { simulate } from '../../src/plan/simulate.js';
import * as b from '../helpers/build.js';

// us-east-1 in the data: x86 $0.04048 / vCPU-h and $0.004445 / GB-h, ARM $0.03238 and $0.00356.
const VCPU_RATIO = 0.03238 / 0.04048; // 0.79990
const GB_RATIO = 0.00356 / 0.004445; // 0.80090
const inRegion = (region: string) => b.scenario({ assumptions: b.assumptions({ region }) });

describe('Fargate ARM rates by region', () => {
  it('takes the ARM/x86 ratio from the us-east-1 figures', () => {
    const r = armToX86Ratio(b.catalog);
    expect(r.vcpu).toBeCloseTo(VCPU_RATIO, 12);
    expect(r.gb).toBeCloseTo(GB_RATIO, 12);
  });

  it('keeps us-east-1\'s own ARM figures', () => {
    expect(fargateRates(b.catalog, inRegion('us-east-1'), false, true)).toMatchObject({ vcpuHourUsd: 0.03238, gbHourUsd: 0.00356 });
  });

  it('prices ARM in Tokyo from Tokyo\'s x86 rates, not at us-east-1\'s ARM price', () => {
    // Tokyo x86 $0.05056 and $0.00553: ARM 0.05056 × 0.79990 = $0.040443 / vCPU-h, 0.00553 × 0.80090 = $0.0044290 / GB-h
    // (before: $0.03238 and $0.00356, us-east-1's, 20% too cheap for Tokyo).
    const arm = fargateRates(b.catalog, inRegion('ap-northeast-1'), false, true);
    expect(arm.vcpuHourUsd).toBeCloseTo(0.05056 * VCPU_RATIO, 12);
    expect(arm.vcpuHourUsd).toBeCloseTo(0.040443, 6);
    expect(arm.gbHourUsd).toBeCloseTo(0.004429, 6);
  });

  it('prices ARM Fargate Spot from the region\'s Spot rates at the same ratio', () => {
    // Tokyo Fargate Spot x86 $0.01981009 and $0.00216673: ARM 0.01981009 × 0.79990 = $0.015846, 0.00216673 × 0.80090 = $0.0017353.
    const spot = fargateRates(b.catalog, inRegion('ap-northeast-1'), true, true);
    expect(spot.vcpuHourUsd).toBeCloseTo(0.015846, 6);
    expect(spot.gbHourUsd).toBeCloseTo(0.0017353, 7);
    // x86 Spot stays the data's own rates.
    expect(fargateRates(b.catalog, inRegion('ap-northeast-1'), true, false)).toMatchObject({ vcpuHourUsd: 0.01981009, gbHourUsd: 0.00216673 });
  });

  it('follows an x86 override, and an ARM override wins', () => {
    const over = (fargate: object) => b.scenario({ prices: { ec2OnDemandUsdPerHour: {}, spotDiscount: {}, fargate, ebsGp3UsdPerGiBMonth: null, pipeline: {} } });
    expect(fargateRates(b.catalog, over({ x86VcpuHourUsd: 0.05 }), false, true).vcpuHourUsd).toBeCloseTo(0.05 * VCPU_RATIO, 12);
    expect(fargateRates(b.catalog, over({ x86VcpuHourUsd: 0.05, armVcpuHourUsd: 0.03 }), false, true).vcpuHourUsd).toBe(0.03);
  });
});

describe('ARM64 on Fargate Spot', () => {
  it('runs, billed at the region\'s ARM Spot rates', () => {
    const s = b.scenario({
      assumptions: b.assumptions({ region: 'ap-northeast-1' }),
      computeEnvironments: [b.managedEc2('spot', { type: 'FARGATE_SPOT', instanceTypes: [], maxvCpus: 16 })],
      jobQueues: [b.queue('q', ['spot'])],
      jobDefinitions: [b.definition('arm', { platformCapabilities: ['FARGATE'], vcpus: 1, memoryMiB: 2048, cpuArchitecture: 'ARM64', runtime: b.fixed(600_000) })],
      workload: [b.at('w', [0], [{ jobName: 'arm', jobQueue: 'q', jobDefinition: 'arm' }])],
    });
    const r = simulate(s, b.catalog);
    const summary = summarize(r);
    expect(summary.jobs.succeeded).toBe(1);
    // One task, 600 s: (1 × 0.015846 + 2 × 0.0017353) $/h × 600/3600 = $0.0032194.
    const perHour = 1 * 0.01981009 * VCPU_RATIO + 2 * 0.00216673 * GB_RATIO;
    expect(summary.costUsd.compute).toBeCloseTo((perHour * 600) / 3600, 6);
    expect(summary.costUsd.compute).toBeCloseTo(0.0032194, 6);
  });
});

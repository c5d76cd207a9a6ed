// Billing with exact arithmetic: per-second EC2 with its minimum, the Spot first-hour waiver, EBS,
// Fargate from image pull with its minimum and storage, unmanaged machines, and the cost split.
import { describe, expect, it } from 'vitest';
import { instanceBill } from '../../src/metrics/billing.js';
import { usableMemoryMiB } from '../../src/model/capacity.js';
import { Instance, type Environment } from '../../src/model/instance.js';
import { InstanceState, type PurchaseOption } from '../../src/model/types.js';
import { ec2Candidates, fargateRates, hazardPerHourFromMonthly } from '../../src/model/pricing.js';
import * as b from '../helpers/build.js';

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
const noEbs = { ebsRootVolumeGiB: 0, ebsUsdPerGiBMonth: 0 };
const ebs30 = { ebsRootVolumeGiB: 30, ebsUsdPerGiBMonth: 0.08 };

function instance(o: {
  purchaseOption: PurchaseOption;
  price: number;
  vcpus?: number;
  launchedAt?: number;
  readyAt?: number;
  terminatedAt: number;
  busyVcpuMs?: number;
  lostVcpuMs?: number;
  interrupted?: boolean;
}): Instance {
  const vcpus = o.vcpus ?? 2;
  const x = new Instance(
    1,
    {} as Environment,
    { instanceType: 't', vcpus, memoryMiB: 4096, registeredMemoryMiB: usableMemoryMiB({ instanceType: 't', memoryMiB: 4096 }), gpus: 0, purchaseOption: o.purchaseOption, priceUsdPerHour: o.price },
    o.launchedAt ?? 0,
  );
  x.state = InstanceState.TERMINATED;
  x.readyAt = o.readyAt ?? 0;
  x.terminatedAt = o.terminatedAt;
  x.busyVcpuMs = o.busyVcpuMs ?? 0;
  x.lostVcpuMs = o.lostVcpuMs ?? 0;
  x.interrupted = o.interrupted ?? false;
  return x;
}

describe('EC2', () => {
  it('bills per second, rounded up, from launch to termination', () => {
    const bill = instanceBill(instance({ purchaseOption: 'on-demand', price: 0.34, terminatedAt: 3_600_500 }), noEbs);
    expect(bill.billedSeconds).toBe(3601);
    expect(bill.computeUsd).toBe(round6((3601 * 0.34) / 3600));
  });

  it('bills at least 60 seconds each time an instance starts', () => {
    expect(instanceBill(instance({ purchaseOption: 'on-demand', price: 0.36, terminatedAt: 1_000 }), noEbs)).toMatchObject({ billedSeconds: 60, computeUsd: 0.006 });
  });

  it('does not charge a Spot instance that EC2 interrupts within its first hour, and charges the seconds after that', () => {
    expect(instanceBill(instance({ purchaseOption: 'spot', price: 0.1, terminatedAt: 3_599_000, interrupted: true }), noEbs)).toMatchObject({ billedSeconds: 0, computeUsd: 0 });
    expect(instanceBill(instance({ purchaseOption: 'spot', price: 0.1, terminatedAt: 5_400_000, interrupted: true }), noEbs)).toMatchObject({ billedSeconds: 5400, computeUsd: 0.15 });
    // Scaled in by Batch (not interrupted): the ordinary rules.
    expect(instanceBill(instance({ purchaseOption: 'spot', price: 0.1, terminatedAt: 1_800_000 }), noEbs)).toMatchObject({ billedSeconds: 1800, computeUsd: 0.05 });
  });

  it('adds a gp3 root volume prorated per second over a 730-hour month, also while an interrupted instance is free', () => {
    const bill = instanceBill(instance({ purchaseOption: 'spot', price: 0.1, terminatedAt: 1_800_000, interrupted: true }), ebs30);
    expect(bill.ebsUsd).toBe(round6((30 * 0.08 * 1800) / (730 * 3600)));
    expect(bill.costUsd).toBe(bill.ebsUsd);
  });

  it('splits the compute charge into busy, lost and idle vCPU-time, adding up exactly', () => {
    // 4 vCPUs for 1000 s = 4,000 vCPU-s: 1,000 busy, 500 lost, the rest idle.
    const bill = instanceBill(instance({ purchaseOption: 'on-demand', price: 0.36, vcpus: 4, terminatedAt: 1_000_000, busyVcpuMs: 1_000_000, lostVcpuMs: 500_000 }), noEbs);
    expect(bill).toEqual({ billedSeconds: 1000, computeUsd: 0.1, ebsUsd: 0, busyUsd: 0.025, lostUsd: 0.0125, idleUsd: 0.0625, costUsd: 0.1 });
  });

  it('bills unmanaged machines for the seconds of the run with no minimum and no EBS', () => {
    expect(instanceBill(instance({ purchaseOption: 'unmanaged', price: 0.72, terminatedAt: 30_000 }), ebs30)).toMatchObject({ billedSeconds: 30, computeUsd: 0.006, ebsUsd: 0 });
  });
});

describe('Fargate', () => {
  it('bills per second from the image pull (end of provisioning) to the stop, at least a minute', () => {
    const task = instance({ purchaseOption: 'fargate', price: 0.1, launchedAt: 0, readyAt: 30_000, terminatedAt: 630_000 });
    expect(instanceBill(task, ebs30)).toMatchObject({ billedSeconds: 600, computeUsd: round6((600 * 0.1) / 3600), ebsUsd: 0 });
    const short = instance({ purchaseOption: 'fargate', price: 0.1, readyAt: 30_000, terminatedAt: 40_000 });
    expect(instanceBill(short, noEbs).billedSeconds).toBe(60);
  });

  it('charges an interrupted Fargate Spot task for its seconds (no first-hour waiver), all of it lost work', () => {
    const task = instance({ purchaseOption: 'fargate-spot', price: 0.036, readyAt: 0, terminatedAt: 600_000, interrupted: true });
    expect(instanceBill(task, noEbs)).toMatchObject({ billedSeconds: 600, computeUsd: 0.006, lostUsd: 0.006, busyUsd: 0, idleUsd: 0 });
  });

  it('prices a task by vCPU and GB at x86, ARM and Spot rates, in us-east-1', () => {
    const s = b.scenario({});
    expect(fargateRates(b.catalog, s, false, false)).toEqual({ vcpuHourUsd: 0.04048, gbHourUsd: 0.004445, storageGbHourUsd: 0.000111 });
    expect(fargateRates(b.catalog, s, false, true)).toMatchObject({ vcpuHourUsd: 0.03238, gbHourUsd: 0.00356 });
    const flat = b.scenario({ assumptions: b.assumptions({ spot: { interruptions: { kind: 'none' }, noticeMs: 120_000, price: { kind: 'discount', discount: 0.7 } } }) });
    const spot = fargateRates(b.catalog, flat, true, false);
    expect(spot.vcpuHourUsd).toBeCloseTo(0.04048 * 0.3, 12);
    expect(spot.gbHourUsd).toBeCloseTo(0.004445 * 0.3, 12);
  });
});

describe('Spot prices and risk', () => {
  it('prices Spot at on-demand x (1 - the Advisor saving) and drops types above bidPercentage', () => {
    const ce = b.managedEc2('s', { type: 'SPOT', instanceTypes: ['c6i.large', 'm6i.large'], bidPercentage: 100 });
    const s = b.scenario({ assumptions: b.assumptions({ spot: { interruptions: { kind: 'advisor' }, noticeMs: 120_000, price: { kind: 'advisor' } } }) });
    const advisor = b.catalog.spotAdvisor.get('us-east-1')!;
    for (const c of ec2Candidates(ce, b.catalog, s)) {
      const a = advisor.get(c.instanceType)!;
      const od = b.catalog.instanceTypes.get(c.instanceType)!.onDemandUsdPerHour!;
      expect(c.priceUsdPerHour).toBeCloseTo(od * (1 - a.savingsPct / 100), 12);
      expect(c.band).toBe(a.band);
      expect(c.hazardPerHour).toBeCloseTo(hazardPerHourFromMonthly([0.025, 0.075, 0.125, 0.175, 0.25][a.band]), 15);
    }
    // A bid below every Spot price launches nothing.
    const stingy = b.managedEc2('s', { type: 'SPOT', instanceTypes: ['c6i.large'], bidPercentage: 1 });
    expect(ec2Candidates(stingy, b.catalog, s)).toEqual([]);
  });

  it('turns a monthly interruption probability into a constant hazard', () => {
    // P(reclaimed within 720 h) must equal p.
    const h = hazardPerHourFromMonthly(0.125);
    expect(1 - Math.exp(-h * 720)).toBeCloseTo(0.125, 12);
  });
});

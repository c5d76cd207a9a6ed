// Prices and Spot risk for what an environment may launch: on-demand and Spot $/h per instance
// type, the Spot interruption hazard per type, and Fargate's per-vCPU and per-GB rates. Scenario
// `prices:` overrides win over the bundled data (data/README.md).
import type { AdvisorReading, ComputeEnvironment, Scenario, SpotAssumptions, SpotHazardTrace } from '../scenario/types.js';
import type { CandidateType, SpotRisk } from './types.js';
import { usableMemoryMiB } from './capacity.js';
import { expandInstanceTypes, type Catalog } from './catalog.js';
import { PiecewiseHazard } from './environments/spotHazard.js';

/**
 * Monthly interruption probability taken for each Spot Instance Advisor band (<5%, 5-10%, 10-15%,
 * 15-20%, >20%): the band midpoints, and 25% for the open top band (AWS-BATCH-BEHAVIOUR.md §5 [EST]).
 */
export const ADVISOR_BAND_MONTHLY_PROBABILITY = [0.025, 0.075, 0.125, 0.175, 0.25] as const;

/** Used for a type the Advisor does not list in the region [EST]: band 5-10%, 65% saving (§3.4, §5). */
export const FALLBACK_ADVISOR = { band: 1, savingsPct: 65 } as const;

const HOURS_PER_MONTH = 720;

/**
 * The window an Advisor band's probability is read over (README "Spot reclaim rate"): the Advisor
 * says its frequency of interruption is "the rate at which Spot has reclaimed capacity during the
 * trailing month"; per-instance-month reads that literally, the shorter windows as if the share of
 * instances reclaimed had been counted over lives of a week or a day [EST].
 */
export const ADVISOR_READING_HOURS: Readonly<Record<AdvisorReading, number>> = {
  'per-instance-month': HOURS_PER_MONTH,
  'per-instance-week': 168,
  'per-instance-day': 24,
};

/** Constant hazard (per hour) with P(reclaimed within a 720-hour month) = p: -ln(1-p)/720. */
export function hazardPerHourFromMonthly(p: number): number {
  return hazardPerHourOver(p, HOURS_PER_MONTH);
}

/** Constant hazard (per hour) with P(an instance running `hours` is reclaimed within them) = p. */
export function hazardPerHourOver(p: number, hours: number): number {
  return -Math.log(1 - p) / hours;
}

/** A trace's hazard per type, built once per run (the model draws from these). */
export function traceHazards(trace: SpotHazardTrace): Map<string, PiecewiseHazard> {
  return new Map(Object.entries(trace.byInstanceType).map(([t, s]) => [t, new PiecewiseHazard(s.atMs, s.perHour)]));
}

export function ec2OnDemandPrice(instanceType: string, catalog: Catalog, scenario: Scenario): number | null {
  return scenario.prices.ec2OnDemandUsdPerHour[instanceType] ?? catalog.instanceTypes.get(instanceType)?.onDemandUsdPerHour ?? null;
}

function advisorEntry(instanceType: string, catalog: Catalog, region: string) {
  return catalog.spotAdvisor.get(region)?.get(instanceType) ?? FALLBACK_ADVISOR;
}

/**
 * Spot interruptions per hour for an instance of this type, or 0 for none. Under a trace: its
 * time-weighted mean rate for the type (0 if it names no such type), for the risk report only; the
 * model draws from the trace itself.
 */
export function spotHazardPerHour(
  interruptions: SpotAssumptions['interruptions'],
  band: number,
  reading: AdvisorReading = 'per-instance-month',
  instanceType = '',
): number {
  switch (interruptions.kind) {
    case 'none':
      return 0;
    case 'perHour':
      return interruptions.perHour;
    case 'advisor':
      return hazardPerHourOver(ADVISOR_BAND_MONTHLY_PROBABILITY[Math.min(4, Math.max(0, band))], ADVISOR_READING_HOURS[reading]);
    case 'trace': {
      const s = interruptions.trace.byInstanceType[instanceType];
      return s === undefined ? 0 : new PiecewiseHazard(s.atMs, s.perHour).meanPerHour();
    }
  }
}

/**
 * The instance types a managed EC2 or Spot environment may launch, priced. Spot: price = on-demand
 * x (1 - discount), the discount from `prices.spotDiscount`, else `assumptions.spot.price`
 * (a flat discount, or the Advisor's advertised saving for the region); a type whose Spot price is
 * above bidPercentage x on-demand is not launched (ComputeResource.bidPercentage). Types without
 * an on-demand price cannot be costed and are left out.
 */
export function ec2Candidates(ce: ComputeEnvironment, catalog: Catalog, scenario: Scenario): CandidateType[] {
  const cr = ce.computeResources!;
  const spot = cr.type === 'SPOT';
  const region = scenario.assumptions.region;
  const interruptions = cr.spotInterruptions ?? scenario.assumptions.spot.interruptions;
  const out: CandidateType[] = [];
  for (const info of expandInstanceTypes(cr.instanceTypes, catalog)) {
    const onDemand = ec2OnDemandPrice(info.instanceType, catalog, scenario);
    if (onDemand === null) continue;
    let price = onDemand;
    let band = 0;
    let hazard = 0;
    if (spot) {
      const advisor = advisorEntry(info.instanceType, catalog, region);
      band = advisor.band;
      const priceModel = scenario.assumptions.spot.price;
      const discount =
        scenario.prices.spotDiscount[info.instanceType] ?? (priceModel.kind === 'discount' ? priceModel.discount : advisor.savingsPct / 100);
      price = onDemand * (1 - discount);
      if (price > (cr.bidPercentage / 100) * onDemand + 1e-12) continue;
      hazard = spotHazardPerHour(interruptions, band, scenario.assumptions.spot.advisorReading, info.instanceType);
    }
    out.push({
      instanceType: info.instanceType,
      vcpus: info.vcpus,
      memoryMiB: info.memoryMiB,
      usableMemoryMiB: usableMemoryMiB(info, scenario.assumptions.registeredMemory),
      gpus: info.gpus,
      arm64: info.arch === 'arm64',
      priceUsdPerHour: price,
      band,
      hazardPerHour: hazard,
    });
  }
  return out;
}

/** The reclaim rate a SPOT or FARGATE_SPOT environment assumes, as the model draws from it; null for others. */
export function spotRisk(ce: ComputeEnvironment, catalog: Catalog, scenario: Scenario): SpotRisk | null {
  const type = ce.computeResources?.type;
  if (type !== 'SPOT' && type !== 'FARGATE_SPOT') return null;
  const interruptions = ce.computeResources!.spotInterruptions ?? scenario.assumptions.spot.interruptions;
  const perHourByInstanceType: Record<string, number> = {};
  if (type === 'FARGATE_SPOT') perHourByInstanceType.FARGATE_SPOT = spotHazardPerHour(interruptions, 0, scenario.assumptions.spot.advisorReading, 'FARGATE_SPOT');
  else for (const t of [...ec2Candidates(ce, catalog, scenario)].sort((x, y) => (x.instanceType < y.instanceType ? -1 : 1))) perHourByInstanceType[t.instanceType] = t.hazardPerHour;
  const risk: SpotRisk = { source: interruptions.kind, perHourByInstanceType };
  if (interruptions.kind === 'trace') {
    risk.traceByInstanceType = Object.fromEntries(Object.keys(perHourByInstanceType).filter((t) => t in interruptions.trace.byInstanceType).map((t) => [t, interruptions.trace.byInstanceType[t]]));
  }
  return risk;
}

export interface FargateRates {
  vcpuHourUsd: number;
  gbHourUsd: number;
  /** Ephemeral storage beyond the free 20 GiB. */
  storageGbHourUsd: number;
}

/**
 * Fargate's per-second rates for a task (AWS-BATCH-BEHAVIOUR.md §3.1), in the scenario's region
 * (us-east-1 where the region is not in the data). ARM64 is priced from the region's own x86 rates
 * at the ARM/x86 ratio of the data's us-east-1 figures ($0.03238/$0.04048 per vCPU-hour and
 * $0.00356/$0.004445 per GB-hour, AWS's "20% lower cost" for Graviton), where the data has no ARM
 * rate for the region [EST], rather than at us-east-1's ARM price everywhere. Fargate Spot: at
 * `assumptions.spot.price`'s flat discount, else the data's Spot rates for the region (for ARM64
 * at the same ratio [EST]), else 65% off [EST].
 */
export function fargateRates(catalog: Catalog, scenario: Scenario, spot: boolean, arm64: boolean): FargateRates {
  const region = catalog.fargate.get(scenario.assumptions.region) ?? catalog.fargate.get('us-east-1')!;
  const o = scenario.prices.fargate;
  const ratio = armToX86Ratio(catalog);
  const x86Vcpu = o.x86VcpuHourUsd ?? region.x86VcpuHourUsd;
  const x86Gb = o.x86GbHourUsd ?? region.x86GbHourUsd;
  // The region's own ARM rate only while the x86 rates are the data's too.
  const vcpu = arm64 ? (o.armVcpuHourUsd ?? (o.x86VcpuHourUsd === undefined ? region.armVcpuHourUsd : null) ?? x86Vcpu * ratio.vcpu) : x86Vcpu;
  const gb = arm64 ? (o.armGbHourUsd ?? (o.x86GbHourUsd === undefined ? region.armGbHourUsd : null) ?? x86Gb * ratio.gb) : x86Gb;
  const storage = o.storageGbHourUsd ?? catalog.fargateStorageGbHourUsd;
  if (!spot) return { vcpuHourUsd: vcpu, gbHourUsd: gb, storageGbHourUsd: storage };
  const flat = o.spotDiscount ?? (scenario.assumptions.spot.price.kind === 'discount' ? scenario.assumptions.spot.price.discount : null);
  if (flat !== null) return { vcpuHourUsd: vcpu * (1 - flat), gbHourUsd: gb * (1 - flat), storageGbHourUsd: storage };
  const ownRates = o.x86VcpuHourUsd === undefined && (!arm64 || o.armVcpuHourUsd === undefined);
  if (region.spotVcpuHourUsd !== null && region.spotGbHourUsd !== null && ownRates) {
    if (!arm64) return { vcpuHourUsd: region.spotVcpuHourUsd, gbHourUsd: region.spotGbHourUsd, storageGbHourUsd: storage };
    return { vcpuHourUsd: region.spotVcpuHourUsd * ratio.vcpu, gbHourUsd: region.spotGbHourUsd * ratio.gb, storageGbHourUsd: storage };
  }
  return { vcpuHourUsd: vcpu * 0.35, gbHourUsd: gb * 0.35, storageGbHourUsd: storage };
}

/** Fargate's ARM rates as a share of its x86 rates, from the data's us-east-1 figures (about 0.8). */
export function armToX86Ratio(catalog: Catalog): { vcpu: number; gb: number } {
  const usEast = catalog.fargate.get('us-east-1')!;
  return { vcpu: usEast.armVcpuHourUsd! / usEast.x86VcpuHourUsd, gb: usEast.armGbHourUsd! / usEast.x86GbHourUsd };
}

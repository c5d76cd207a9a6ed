// The price and instance data the model consumes (loaded from data/ by src/data/load.ts),
// and the pure lookups over it: instance shapes, instanceTypes keyword expansion.

export type Hypervisor = 'nitro' | 'xen' | null;

export interface InstanceTypeInfo {
  instanceType: string;
  family: string;
  vcpus: number;
  memoryMiB: number;
  gpus: number;
  arch: 'x86_64' | 'arm64';
  /** EC2 DescribeInstanceTypes' hypervisor; null for bare metal (no hypervisor). Decides registered memory (capacity.ts). */
  hypervisor: Hypervisor;
  /** us-east-1 Linux on-demand; null where the source has no price. */
  onDemandUsdPerHour: number | null;
  /**
   * Baseline network bandwidth, Mbps (10^6 bit/s), as EC2 DescribeInstanceTypes reports it through
   * Karpenter's instance-network-bandwidth label: for "up to" (burstable-network) sizes the
   * baseline, not the burst. Null for older types EC2 rates only in words ("Moderate", "High").
   * Times S3 transfers (model/dataMovement.ts).
   */
  networkMbps: number | null;
}

/** Spot Instance Advisor row for one (region, type): advertised saving and interruption band. */
export interface SpotAdvisorEntry {
  /** Saving over on-demand, percent (feed field `s`). */
  savingsPct: number;
  /** 0..4 for <5%, 5-10%, 10-15%, 15-20%, >20% monthly interruption frequency (feed field `r`). */
  band: number;
}

export interface FargateRegionPrices {
  x86VcpuHourUsd: number;
  x86GbHourUsd: number;
  armVcpuHourUsd: number | null;
  armGbHourUsd: number | null;
  spotVcpuHourUsd: number | null;
  spotGbHourUsd: number | null;
}

export interface LambdaPrices {
  requestUsdPerMillion: number;
  /** Tiered GB-second prices; `upToGbSeconds` null on the last tier. */
  x86GbSecondUsd: { upToGbSeconds: number | null; usd: number }[];
  arm64GbSecondUsd: { upToGbSeconds: number | null; usd: number }[];
}

export interface Catalog {
  /** Where each dataset came from and when, for reports. */
  sources: Record<string, { source: string; dataDate: string }>;
  instanceTypes: Map<string, InstanceTypeInfo>;
  /** region -> instance type -> advisor entry. */
  spotAdvisor: Map<string, Map<string, SpotAdvisorEntry>>;
  fargate: Map<string, FargateRegionPrices>;
  lambda: LambdaPrices;
  ebsGp3UsdPerGiBMonth: number;
  /** Fargate ephemeral storage beyond the free 20 GiB. */
  fargateStorageGbHourUsd: number;
}

/** Families behind AWS Batch's instanceTypes keywords (AWS-BATCH-BEHAVIOUR.md §2.3). Since
 * 1 Nov 2025 AWS says `optimal` behaves like `default_x86_64`. */
export const INSTANCE_TYPE_KEYWORDS: Record<string, readonly string[]> = {
  optimal: ['m6i', 'c6i', 'r6i', 'c7i'],
  default_x86_64: ['m6i', 'c6i', 'r6i', 'c7i'],
  default_arm64: ['m6g', 'c6g', 'r6g', 'c7g'],
};

/**
 * The concrete instance types an environment may launch, sorted by name for determinism.
 * Unknown names are left out (validation reports them); metal sizes only when named exactly,
 * as Batch does not launch them for families or keywords.
 */
export function expandInstanceTypes(requested: readonly string[], catalog: Catalog): InstanceTypeInfo[] {
  const out = new Map<string, InstanceTypeInfo>();
  const families = new Set<string>();
  for (const name of requested) {
    const keyword = INSTANCE_TYPE_KEYWORDS[name];
    if (keyword) keyword.forEach((f) => families.add(f));
    else if (name.includes('.')) {
      const info = catalog.instanceTypes.get(name);
      if (info) out.set(name, info);
    } else families.add(name);
  }
  if (families.size > 0) {
    for (const info of catalog.instanceTypes.values()) {
      if (families.has(info.family) && !info.instanceType.includes('metal')) out.set(info.instanceType, info);
    }
  }
  return [...out.values()].sort((a, b) => (a.instanceType < b.instanceType ? -1 : a.instanceType > b.instanceType ? 1 : 0));
}

/** Whether a name is something instanceTypes accepts: a keyword, a known family or a known type. */
export function isKnownInstanceTypeName(name: string, catalog: Catalog): boolean {
  if (INSTANCE_TYPE_KEYWORDS[name]) return true;
  if (catalog.instanceTypes.has(name)) return true;
  for (const info of catalog.instanceTypes.values()) if (info.family === name) return true;
  return false;
}

// The only I/O module for bundled data: reads the package's data/*.json (derived from the raw AWS data by
// scripts/derive-data.mjs; provenance in data/README.md) and builds the Catalog the model consumes —
// EC2 instance specs (with baseline network bandwidth) and us-east-1 on-demand prices, the Spot Instance Advisor table per region,
// Fargate prices per region, Lambda prices and the EBS gp3 price. Built once, cached after the first call;
// the Spot Advisor table of a region is built when a run first asks for that region (PerRegion).

import { readFileSync } from 'node:fs';
import type { Catalog, FargateRegionPrices, InstanceTypeInfo, LambdaPrices, SpotAdvisorEntry } from '../model/catalog.js';

const EC2_COLUMNS = ['instanceType', 'family', 'vcpus', 'memoryMiB', 'gpus', 'arch', 'hypervisor', 'onDemandUsdPerHour', 'networkBandwidthMbps'] as const;

interface Ec2File {
  source: string;
  dataDate: string;
  region: string;
  columns: string[];
  rows: [string, string, number, number, number, string, string | null, number | null, number | null][];
}

interface SpotAdvisorFile {
  source: string;
  dataDate: string;
  bands: string[];
  regions: Record<string, Record<string, [number, number]>>;
}

interface FargateFile {
  source: string;
  dataDate: string;
  storageGbHourUsd: number;
  regions: Record<string, FargateRegionPrices>;
}

interface LambdaFile extends LambdaPrices {
  source: string;
  dataDate: string;
}

interface EbsFile {
  source: string;
  dataDate: string;
  gp3UsdPerGiBMonth: number;
}

function readData<T>(file: string): T {
  // src/data/load.ts (vitest) and dist/data/load.js (built) both sit two levels below the package root.
  const url = new URL(`../../data/${file}`, import.meta.url);
  try {
    return JSON.parse(readFileSync(url, 'utf8')) as T;
  } catch (err) {
    throw new Error(`batchsim: cannot read bundled data file data/${file}: ${(err as Error).message}`);
  }
}

function check(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(`batchsim: bad bundled data: ${msg}`);
}

function buildInstanceTypes(f: Ec2File): Map<string, InstanceTypeInfo> {
  check(
    Array.isArray(f.columns) && f.columns.length === EC2_COLUMNS.length && f.columns.every((c, i) => c === EC2_COLUMNS[i]),
    `ec2-instance-types.json columns ${JSON.stringify(f.columns)}`,
  );
  const out = new Map<string, InstanceTypeInfo>();
  for (const [instanceType, family, vcpus, memoryMiB, gpus, arch, hypervisor, price, networkMbps] of f.rows) {
    check(arch === 'x86_64' || arch === 'arm64', `${instanceType} arch ${arch}`);
    check(networkMbps === null || networkMbps > 0, `${instanceType} network bandwidth ${networkMbps}`);
    check(hypervisor === null || hypervisor === 'nitro' || hypervisor === 'xen', `${instanceType} hypervisor ${hypervisor}`);
    check(vcpus > 0 && memoryMiB > 0, `${instanceType} has no vCPUs or memory`);
    out.set(instanceType, { instanceType, family, vcpus, memoryMiB, gpus, arch, hypervisor, onDemandUsdPerHour: price, networkMbps });
  }
  return out;
}

/** One region's Spot Advisor entries, checked as they are built. */
function buildSpotRegion(f: SpotAdvisorFile, region: string): Map<string, SpotAdvisorEntry> {
  const m = new Map<string, SpotAdvisorEntry>();
  for (const [type, [savingsPct, band]] of Object.entries(f.regions[region])) {
    check(Number.isInteger(band) && band >= 0 && band < f.bands.length, `spot advisor ${region}/${type} band ${band}`);
    m.set(type, { savingsPct, band });
  }
  return m;
}

/**
 * A map from region to a value built from that region's raw data the first time it is asked for: a
 * run reads one region's Spot Advisor table (some 450 types of 33 regions), so the other regions
 * are never built. Reading it whole (iterating, size, keys) builds what it visits; it is read-only.
 */
export class PerRegion<R, V> extends Map<string, V> {
  constructor(
    private readonly raw: Readonly<Record<string, R>>,
    private readonly build: (region: string) => V,
  ) {
    super();
  }

  override get(region: string): V | undefined {
    let v = super.get(region);
    if (v === undefined && Object.hasOwn(this.raw, region)) {
      v = this.build(region);
      super.set(region, v);
    }
    return v;
  }

  override has(region: string): boolean {
    return Object.hasOwn(this.raw, region);
  }

  override get size(): number {
    return Object.keys(this.raw).length;
  }

  override keys(): MapIterator<string> {
    return Object.keys(this.raw)[Symbol.iterator]();
  }

  override *values(): MapIterator<V> {
    for (const k of Object.keys(this.raw)) yield this.get(k)!;
  }

  override *entries(): MapIterator<[string, V]> {
    for (const k of Object.keys(this.raw)) yield [k, this.get(k)!];
  }

  override [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  override forEach(fn: (value: V, key: string, map: Map<string, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }

  override set(): this {
    throw new Error('batchsim: the bundled catalogue is read-only');
  }

  override delete(): boolean {
    throw new Error('batchsim: the bundled catalogue is read-only');
  }

  override clear(): void {
    throw new Error('batchsim: the bundled catalogue is read-only');
  }
}

let cached: Catalog | undefined;

/** The bundled catalogue (instances, Spot Advisor, Fargate, Lambda, EBS). Read from data/ once, then cached. */
export function loadCatalog(): Catalog {
  if (cached) return cached;
  const ec2 = readData<Ec2File>('ec2-instance-types.json');
  const spot = readData<SpotAdvisorFile>('spot-advisor.json');
  const fargate = readData<FargateFile>('fargate-prices.json');
  const lambda = readData<LambdaFile>('lambda-prices.json');
  const ebs = readData<EbsFile>('ebs-prices.json');

  check(typeof ebs.gp3UsdPerGiBMonth === 'number' && ebs.gp3UsdPerGiBMonth > 0, 'ebs gp3 price');
  check(lambda.x86GbSecondUsd.length > 0 && lambda.arm64GbSecondUsd.length > 0, 'lambda tiers');

  cached = {
    sources: {
      ec2: { source: ec2.source, dataDate: ec2.dataDate },
      spotAdvisor: { source: spot.source, dataDate: spot.dataDate },
      fargate: { source: fargate.source, dataDate: fargate.dataDate },
      lambda: { source: lambda.source, dataDate: lambda.dataDate },
      ebs: { source: ebs.source, dataDate: ebs.dataDate },
    },
    instanceTypes: buildInstanceTypes(ec2),
    spotAdvisor: new PerRegion(spot.regions, (region) => buildSpotRegion(spot, region)),
    fargate: new Map(Object.entries(fargate.regions).map(([region, p]) => [region, { ...p }])),
    lambda: {
      requestUsdPerMillion: lambda.requestUsdPerMillion,
      x86GbSecondUsd: lambda.x86GbSecondUsd.map((t) => ({ ...t })),
      arm64GbSecondUsd: lambda.arm64GbSecondUsd.map((t) => ({ ...t })),
    },
    ebsGp3UsdPerGiBMonth: ebs.gp3UsdPerGiBMonth,
    fargateStorageGbHourUsd: fargate.storageGbHourUsd,
  };
  return cached;
}

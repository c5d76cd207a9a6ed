// The only I/O module for bundled data: reads the package's data/*.json (derived from the raw AWS data by
// scripts/derive-data.mjs; provenance in data/README.md) and builds the Catalog the model consumes —
// EC2 instance specs (with baseline network bandwidth) and us-east-1 on-demand prices, the Spot Instance Advisor table per region,
// Fargate prices per region, Lambda prices and the EBS gp3 price. Built once, cached after the first call;
// the Spot Advisor table of a region is parsed and built only when a run first asks for that region
// (PerRegion, spotAdvisorRegions): parsing the whole 330 KB file took longer than the rest of the
// catalogue, and a run reads one region, or none when it has no Spot. The file itself is read the
// first time anything asks for its regions or its source (a run without Spot in a region Fargate
// prices never does: reading and indexing it was about a millisecond of every start-up).

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

/** spot-advisor.json without its regions' contents: each region's entries as JSON text, parsed when asked for. */
interface SpotAdvisorIndex extends Omit<SpotAdvisorFile, 'regions'> {
  regions: Record<string, string>;
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

function readData<T>(file: string, parse: (text: string) => T = (text) => JSON.parse(text) as T): T {
  // src/data/load.ts (vitest) and dist/data/load.js (built) both sit two levels below the package root.
  const url = new URL(`../../data/${file}`, import.meta.url);
  try {
    return parse(readFileSync(url, 'utf8'));
  } catch (err) {
    throw new Error(`batchsim: cannot read bundled data file data/${file}: ${(err as Error).message}`);
  }
}

/** Where a region's object opens in spot-advisor.json as derive-data.mjs lays it out: `\n    "REGION": {`. */
const REGION_OPENING = '\n    "';
const REGION_CLOSING = '\n    }';

/**
 * spot-advisor.json indexed by region without parsing the regions: each region's object is cut out
 * as text at the lines derive-data.mjs writes around it. The cut is proved right, not assumed: the
 * file with every region's object replaced by `{}` must parse as JSON and list the same regions in
 * the same order, else (a file laid out otherwise) the whole file is parsed as before.
 */
export function spotAdvisorRegions(text: string): SpotAdvisorIndex {
  const regions: Record<string, string> = {};
  const names: string[] = [];
  let skeleton = '';
  let at = 0;
  for (let open = text.indexOf(REGION_OPENING); open >= 0; open = text.indexOf(REGION_OPENING, at)) {
    const nameEnd = text.indexOf('"', open + REGION_OPENING.length);
    const brace = nameEnd + 3;
    const close = text.indexOf(REGION_CLOSING, brace);
    if (nameEnd < 0 || text.slice(nameEnd, brace + 1) !== '": {' || close < 0) break;
    const name = text.slice(open + REGION_OPENING.length, nameEnd);
    const end = close + REGION_CLOSING.length;
    names.push(name);
    regions[name] = text.slice(brace, end);
    skeleton += `${text.slice(at, brace)}{}`;
    at = end;
  }
  let outline: SpotAdvisorFile | undefined;
  try {
    outline = JSON.parse(skeleton + text.slice(at)) as SpotAdvisorFile;
  } catch {
    outline = undefined;
  }
  const listed = outline && typeof outline.regions === 'object' && outline.regions !== null ? Object.keys(outline.regions) : [];
  if (!outline || names.length === 0 || listed.length !== names.length || listed.some((r, i) => r !== names[i])) {
    const whole = JSON.parse(text) as SpotAdvisorFile;
    return { ...whole, regions: Object.fromEntries(Object.entries(whole.regions ?? {}).map(([r, v]) => [r, JSON.stringify(v)])) };
  }
  return { ...outline, regions };
}

function bad(msg: string): never {
  throw new Error(`batchsim: bad bundled data: ${msg}`);
}

function check(cond: unknown, msg: string): asserts cond {
  if (!cond) bad(msg);
}

function buildInstanceTypes(f: Ec2File): Map<string, InstanceTypeInfo> {
  check(
    Array.isArray(f.columns) && f.columns.length === EC2_COLUMNS.length && f.columns.every((c, i) => c === EC2_COLUMNS[i]),
    `ec2-instance-types.json columns ${JSON.stringify(f.columns)}`,
  );
  // Indexed reads and messages built only on failure: this runs for every row at each start-up, in
  // code not yet optimized, where destructuring 1,370 rows and formatting four messages per row
  // took several milliseconds.
  const out = new Map<string, InstanceTypeInfo>();
  for (let i = 0; i < f.rows.length; i++) {
    const row = f.rows[i];
    const instanceType = row[0];
    const arch = row[5];
    const hypervisor = row[6];
    const networkMbps = row[8];
    if (arch !== 'x86_64' && arch !== 'arm64') bad(`${instanceType} arch ${arch}`);
    if (networkMbps !== null && !(networkMbps > 0)) bad(`${instanceType} network bandwidth ${networkMbps}`);
    if (hypervisor !== null && hypervisor !== 'nitro' && hypervisor !== 'xen') bad(`${instanceType} hypervisor ${hypervisor}`);
    if (!(row[2] > 0 && row[3] > 0)) bad(`${instanceType} has no vCPUs or memory`);
    out.set(instanceType, { instanceType, family: row[1], vcpus: row[2], memoryMiB: row[3], gpus: row[4], arch, hypervisor, onDemandUsdPerHour: row[7], networkMbps });
  }
  return out;
}

/** One region's Spot Advisor entries, parsed from its text and checked as they are built. */
function buildSpotRegion(f: SpotAdvisorIndex, region: string): Map<string, SpotAdvisorEntry> {
  let entries: Record<string, [number, number]>;
  try {
    entries = JSON.parse(f.regions[region]) as Record<string, [number, number]>;
  } catch (err) {
    bad(`spot advisor ${region}: ${(err as Error).message}`);
  }
  const m = new Map<string, SpotAdvisorEntry>();
  for (const type of Object.keys(entries)) {
    const savingsPct = entries[type][0];
    const band = entries[type][1];
    if (!(Number.isInteger(band) && band >= 0 && band < f.bands.length)) bad(`spot advisor ${region}/${type} band ${band}`);
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
  private rawRegions: Readonly<Record<string, R>> | (() => Readonly<Record<string, R>>);

  /** `raw` may be a function, called (once) the first time the regions are needed. */
  constructor(
    raw: Readonly<Record<string, R>> | (() => Readonly<Record<string, R>>),
    private readonly build: (region: string) => V,
  ) {
    super();
    this.rawRegions = raw;
  }

  private get raw(): Readonly<Record<string, R>> {
    if (typeof this.rawRegions === 'function') this.rawRegions = this.rawRegions();
    return this.rawRegions;
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
  let spotIndex: SpotAdvisorIndex | undefined;
  const spot = (): SpotAdvisorIndex => (spotIndex ??= readData('spot-advisor.json', spotAdvisorRegions));
  const fargate = readData<FargateFile>('fargate-prices.json');
  const lambda = readData<LambdaFile>('lambda-prices.json');
  const ebs = readData<EbsFile>('ebs-prices.json');

  check(typeof ebs.gp3UsdPerGiBMonth === 'number' && ebs.gp3UsdPerGiBMonth > 0, 'ebs gp3 price');
  check(lambda.x86GbSecondUsd.length > 0 && lambda.arm64GbSecondUsd.length > 0, 'lambda tiers');

  cached = {
    sources: {
      ec2: { source: ec2.source, dataDate: ec2.dataDate },
      get spotAdvisor() {
        return { source: spot().source, dataDate: spot().dataDate };
      },
      fargate: { source: fargate.source, dataDate: fargate.dataDate },
      lambda: { source: lambda.source, dataDate: lambda.dataDate },
      ebs: { source: ebs.source, dataDate: ebs.dataDate },
    },
    instanceTypes: buildInstanceTypes(ec2),
    spotAdvisor: new PerRegion(() => spot().regions, (region) => buildSpotRegion(spot(), region)),
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

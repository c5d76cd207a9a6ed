import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCatalog, PerRegion, spotAdvisorRegions } from '../../src/data/load.js';
import { expandInstanceTypes, isKnownInstanceTypeName } from '../../src/model/catalog.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = join(repoRoot, 'data');
const raw = join(repoRoot, '../shared/data/raw');
const DATA_FILES = ['ebs-prices.json', 'ec2-instance-types.json', 'fargate-prices.json', 'lambda-prices.json', 'spot-advisor.json'];

const readJson = (file: string) => JSON.parse(readFileSync(join(dataDir, file), 'utf8'));
const isSorted = (xs: readonly string[]) => xs.every((x, i) => i === 0 || xs[i - 1] < x);

describe('loadCatalog', () => {
  const catalog = loadCatalog();

  it('is cached', () => {
    expect(loadCatalog()).toBe(catalog);
  });

  it('has the expected EC2 shapes and us-east-1 prices', () => {
    expect(catalog.instanceTypes.get('c5.large')).toEqual({
      instanceType: 'c5.large',
      family: 'c5',
      vcpus: 2,
      memoryMiB: 4096,
      gpus: 0,
      arch: 'x86_64',
      hypervisor: 'nitro',
      onDemandUsdPerHour: 0.085,
      networkMbps: 750,
    });
    // Baseline bandwidth (Karpenter's instance-network-bandwidth): m6i.large's "up to 12.5 Gbps" is 781 Mbps baseline;
    // the 43 older types rated in words ("Moderate") have none.
    expect(catalog.instanceTypes.get('m6i.large')?.networkMbps).toBe(781);
    expect(catalog.instanceTypes.get('m6i.32xlarge')?.networkMbps).toBe(50000);
    expect(catalog.instanceTypes.get('m4.large')?.networkMbps).toBeNull();
    expect([...catalog.instanceTypes.values()].filter((t) => t.networkMbps === null)).toHaveLength(43);
    // DescribeInstanceTypes' hypervisor: m4 is Xen, metal sizes have none, p3dn and i3en are Nitro unlike p3 and i3.
    expect(catalog.instanceTypes.get('m4.large')?.hypervisor).toBe('xen');
    expect(catalog.instanceTypes.get('m6i.metal')?.hypervisor).toBeNull();
    expect(catalog.instanceTypes.get('p3.2xlarge')?.hypervisor).toBe('xen');
    expect(catalog.instanceTypes.get('p3dn.24xlarge')?.hypervisor).toBe('nitro');
    expect(catalog.instanceTypes.get('i3.large')?.hypervisor).toBe('xen');
    expect(catalog.instanceTypes.get('i3en.large')?.hypervisor).toBe('nitro');
    expect(catalog.instanceTypes.get('m6g.large')?.arch).toBe('arm64');
    expect(catalog.instanceTypes.get('m6i.large')).toMatchObject({ vcpus: 2, memoryMiB: 8192, onDemandUsdPerHour: 0.096 });
    expect(catalog.instanceTypes.get('g4dn.xlarge')).toMatchObject({ gpus: 1, vcpus: 4, onDemandUsdPerHour: 0.526 });
    expect(catalog.instanceTypes.get('g4dn.12xlarge')?.gpus).toBe(4);
    expect(catalog.instanceTypes.get('p3.2xlarge')).toMatchObject({ gpus: 1, vcpus: 8, onDemandUsdPerHour: 3.06 });
    expect(catalog.instanceTypes.get('p3.16xlarge')?.gpus).toBe(8);
    expect(catalog.instanceTypes.size).toBeGreaterThan(1000);
  });

  it('keeps null prices where the source has none', () => {
    const unpriced = [...catalog.instanceTypes.values()].filter((i) => i.onDemandUsdPerHour === null);
    expect(unpriced.map((i) => i.instanceType)).toContain('hpc7a.96xlarge');
    expect(unpriced.length).toBeLessThan(50);
  });

  it('every instance has positive vCPUs and memory, and positive prices where priced', () => {
    for (const info of catalog.instanceTypes.values()) {
      expect(info.vcpus, info.instanceType).toBeGreaterThan(0);
      expect(info.memoryMiB, info.instanceType).toBeGreaterThan(0);
      expect(info.gpus, info.instanceType).toBeGreaterThanOrEqual(0);
      expect(info.instanceType.startsWith(`${info.family}.`), info.instanceType).toBe(true);
      if (info.onDemandUsdPerHour !== null) expect(info.onDemandUsdPerHour, info.instanceType).toBeGreaterThan(0);
    }
  });

  it('has Spot Advisor entries', () => {
    const e = catalog.spotAdvisor.get('us-east-1')?.get('m6i.large');
    expect(e).toBeDefined();
    expect(e!.band).toBeGreaterThanOrEqual(0);
    expect(e!.band).toBeLessThanOrEqual(4);
    expect(Number.isInteger(e!.band)).toBe(true);
    expect(e!.savingsPct).toBeGreaterThan(0);
    expect(e!.savingsPct).toBeLessThanOrEqual(100);
    expect(catalog.spotAdvisor.size).toBeGreaterThanOrEqual(30);
    for (const [, types] of catalog.spotAdvisor)
      for (const [, entry] of types) {
        expect(entry.band).toBeGreaterThanOrEqual(0);
        expect(entry.band).toBeLessThanOrEqual(4);
        expect(entry.savingsPct).toBeLessThanOrEqual(100);
      }
  });

  it('has Fargate prices', () => {
    expect(catalog.fargate.get('us-east-1')).toEqual({
      x86VcpuHourUsd: 0.04048,
      x86GbHourUsd: 0.004445,
      armVcpuHourUsd: 0.03238,
      armGbHourUsd: 0.00356,
      spotVcpuHourUsd: 0.01264355,
      spotGbHourUsd: 0.00138835,
    });
    expect(catalog.fargate.get('eu-west-1')?.armVcpuHourUsd).toBeNull();
    expect(catalog.fargate.get('sa-east-1')?.x86VcpuHourUsd).toBe(0.0696);
    expect(readJson('fargate-prices.json').storageGbHourUsd).toBe(0.000111);
  });

  it('has Lambda and EBS prices', () => {
    expect(catalog.lambda.requestUsdPerMillion).toBe(0.2);
    expect(catalog.lambda.x86GbSecondUsd).toEqual([
      { upToGbSeconds: 6e9, usd: 0.0000166667 },
      { upToGbSeconds: 15e9, usd: 0.000015 },
      { upToGbSeconds: null, usd: 0.0000133334 },
    ]);
    expect(catalog.lambda.arm64GbSecondUsd[0]).toEqual({ upToGbSeconds: 7.5e9, usd: 0.0000133334 });
    expect(catalog.lambda.arm64GbSecondUsd.at(-1)?.upToGbSeconds).toBeNull();
    expect(catalog.ebsGp3UsdPerGiBMonth).toBe(0.08);
  });

  it('records sources and data dates', () => {
    expect(catalog.sources.ec2.dataDate).toBe('2026-07-20');
    expect(catalog.sources.spotAdvisor.dataDate).toBe('2025-06-28');
    expect(catalog.sources.ec2.source).toContain('karpenter-provider-aws');
    expect(Object.keys(catalog.sources).sort()).toEqual(['ebs', 'ec2', 'fargate', 'lambda', 'spotAdvisor']);
  });

  it('expands the optimal keyword to m6i/c6i/r6i/c7i without metal', () => {
    const types = expandInstanceTypes(['optimal'], catalog);
    expect(types.length).toBeGreaterThan(20);
    for (const t of types) {
      expect(['m6i', 'c6i', 'r6i', 'c7i']).toContain(t.family);
      expect(t.instanceType).not.toContain('metal');
    }
    const names = types.map((t) => t.instanceType);
    expect(names).toContain('m6i.large');
    expect(names).toContain('c7i.48xlarge');
    expect(names).not.toContain('c7i.metal-24xl');
  });

  it('expands a family to all its non-metal sizes', () => {
    const names = expandInstanceTypes(['c5'], catalog).map((t) => t.instanceType);
    expect(names).toEqual(['c5.12xlarge', 'c5.18xlarge', 'c5.24xlarge', 'c5.2xlarge', 'c5.4xlarge', 'c5.9xlarge', 'c5.large', 'c5.xlarge']);
    expect(expandInstanceTypes(['c5.metal'], catalog).map((t) => t.instanceType)).toEqual(['c5.metal']);
    expect(isKnownInstanceTypeName('default_arm64', catalog)).toBe(true);
    expect(isKnownInstanceTypeName('c5.huge', catalog)).toBe(false);
  });
});

describe('data files', () => {
  it('are small', () => {
    const total = DATA_FILES.reduce((n, f) => n + readFileSync(join(dataDir, f)).length, 0);
    expect(total).toBeLessThan(700_000);
  });

  it('ec2-instance-types.json rows are sorted and unique', () => {
    const f = readJson('ec2-instance-types.json');
    expect(f.columns).toEqual(['instanceType', 'family', 'vcpus', 'memoryMiB', 'gpus', 'arch', 'hypervisor', 'onDemandUsdPerHour', 'networkBandwidthMbps']);
    const names = (f.rows as unknown[][]).map((r) => r[0] as string);
    expect(isSorted(names)).toBe(true);
    for (const r of f.rows as unknown[][]) {
      expect(r).toHaveLength(9);
      expect(r[8] === null || (Number.isInteger(r[8]) && (r[8] as number) > 0)).toBe(true);
      expect([null, 'nitro', 'xen']).toContain(r[6]);
      expect(r[2] as number).toBeGreaterThan(0);
      expect(r[3] as number).toBeGreaterThan(0);
    }
  });

  it('spot-advisor.json regions and types are sorted', () => {
    const f = readJson('spot-advisor.json');
    expect(f.bands).toEqual(['<5%', '5-10%', '10-15%', '15-20%', '>20%']);
    const regions = Object.keys(f.regions);
    expect(isSorted(regions)).toBe(true);
    for (const r of regions) expect(isSorted(Object.keys(f.regions[r])), r).toBe(true);
  });

  it('fargate-prices.json regions are sorted', () => {
    expect(isSorted(Object.keys(readJson('fargate-prices.json').regions))).toBe(true);
  });

  it('lambda tiers are increasing with an open last tier', () => {
    const f = readJson('lambda-prices.json');
    for (const tiers of [f.x86GbSecondUsd, f.arm64GbSecondUsd] as { upToGbSeconds: number | null; usd: number }[][]) {
      const bounds = tiers.slice(0, -1).map((t) => t.upToGbSeconds as number);
      expect(bounds.every((b, i) => i === 0 || bounds[i - 1] < b)).toBe(true);
      expect(tiers.at(-1)!.upToGbSeconds).toBeNull();
      expect(tiers.every((t, i) => i === 0 || t.usd < tiers[i - 1].usd)).toBe(true);
    }
  });
});

describe.runIf(existsSync(raw))('derivation from the raw data', () => {
  it('reproduces data/ byte for byte', () => {
    const out = mkdtempSync(join(tmpdir(), 'batchsim-data-'));
    try {
      execFileSync(process.execPath, [join(repoRoot, 'scripts/derive-data.mjs'), raw, '--out', out], { stdio: 'pipe' });
      expect(readdirSync(out).sort()).toEqual(DATA_FILES);
      for (const f of DATA_FILES) {
        expect(readFileSync(join(out, f)).equals(readFileSync(join(dataDir, f))), f).toBe(true);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('the Spot Advisor table per region', () => {
  it('builds a region only when it is asked for, and reads the same as a table built whole', () => {
    // A fresh PerRegion over a two-region table: nothing is built until get().
    const raw = { 'us-east-1': { 'm5.large': [40, 1] }, 'eu-west-1': { 'c5.large': [60, 0] } } as Record<string, Record<string, [number, number]>>;
    const built: string[] = [];
    const table = new PerRegion(raw, (region) => (built.push(region), new Map(Object.entries(raw[region]))));
    expect(table.size).toBe(2);
    expect(table.has('eu-west-1') && !table.has('ap-south-1')).toBe(true);
    expect([...table.keys()]).toEqual(['us-east-1', 'eu-west-1']);
    expect(built).toEqual([]);
    expect(table.get('eu-west-1')?.get('c5.large')).toEqual([60, 0]);
    expect(table.get('eu-west-1')).toBe(table.get('eu-west-1'));
    expect(table.get('ap-south-1')).toBeUndefined();
    expect(built).toEqual(['eu-west-1']);
    expect([...table].map(([r, m]) => [r, [...m.keys()]])).toEqual([['us-east-1', ['m5.large']], ['eu-west-1', ['c5.large']]]);
    expect(() => table.set()).toThrow(/read-only/);
  });

  it('reads regions given as a function only when first asked for them, and once', () => {
    let calls = 0;
    const table = new PerRegion(
      () => (calls++, { 'us-east-1': { 'm5.large': [40, 1] } }) as Record<string, Record<string, [number, number]>>,
      (region) => new Map([[region, region]]),
    );
    expect(calls).toBe(0);
    expect(table.has('us-east-1')).toBe(true);
    expect(table.size).toBe(1);
    expect(table.get('us-east-1')?.get('us-east-1')).toBe('us-east-1');
    expect(calls).toBe(1);
  });

  it("the bundled catalogue's regions are the file's, each with the file's entries", () => {
    const file = JSON.parse(readFileSync(new URL('../../data/spot-advisor.json', import.meta.url), 'utf8')) as { regions: Record<string, Record<string, [number, number]>> };
    const advisor = loadCatalog().spotAdvisor;
    expect([...advisor.keys()].sort()).toEqual(Object.keys(file.regions).sort());
    for (const [region, types] of Object.entries(file.regions))
      for (const [type, [savingsPct, band]] of Object.entries(types)) expect(advisor.get(region)?.get(type)).toEqual({ savingsPct, band });
  });

  it('cuts each region out of the file as text without parsing the rest, and parses a file laid out otherwise whole', () => {
    const text = readFileSync(new URL('../../data/spot-advisor.json', import.meta.url), 'utf8');
    const file = JSON.parse(text) as { source: string; dataDate: string; bands: string[]; regions: Record<string, unknown> };
    const fromText = (index: ReturnType<typeof spotAdvisorRegions>) => ({ ...index, regions: Object.fromEntries(Object.entries(index.regions).map(([r, t]) => [r, JSON.parse(t)])) });
    const cut = spotAdvisorRegions(text);
    // The regions' texts are slices of the file (the fast path ran), and read back as the file says.
    expect(Object.values(cut.regions).every((t) => t.startsWith('{\n"') && text.includes(t))).toBe(true);
    expect(fromText(cut)).toEqual(file);
    expect(Object.keys(cut.regions)).toEqual(Object.keys(file.regions));
    // Reformatted (one line, or indented otherwise): the cut does not match, so the file is parsed whole.
    for (const other of [JSON.stringify(file), JSON.stringify(file, null, 4), text.replace('\n    "us-east-1": {', '\n    "us-east-1":{')]) {
      expect(fromText(spotAdvisorRegions(other))).toEqual(file);
    }
  });
});

#!/usr/bin/env node
// Derives batchsim's compact runtime data (data/*.json) from the raw AWS data folder.
//
//   node scripts/derive-data.mjs [rawDir] [--out outDir]
//
// rawDir defaults to ../shared/data/raw relative to the repo root (it must contain aws/);
// outDir defaults to <repo>/data. Output is byte-identical on every run: rows and map keys
// sorted by code unit, numbers written exactly as JavaScript prints the parsed source values
// (nothing is computed from them), one row/entry per line. Provenance is in
// <rawDir>/aws/SOURCES.md and is restated in data/README.md.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  let raw = resolve(repoRoot, '../shared/data/raw');
  let out = join(repoRoot, 'data');
  const rest = [...argv];
  while (rest.length > 0) {
    const a = rest.shift();
    if (a === '--out') {
      const v = rest.shift();
      if (!v) throw new Error('--out needs a directory');
      out = resolve(v);
    } else if (a === '--help' || a === '-h') {
      console.log('usage: node scripts/derive-data.mjs [rawDir] [--out outDir]');
      process.exit(0);
    } else raw = resolve(a);
  }
  return { raw, out };
}

const byCodeUnit = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function fail(msg) {
  throw new Error(`derive-data: ${msg}`);
}

function readCsv(path) {
  return parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true });
}

function num(value, what) {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(`${what}: not finite`);
    return value;
  }
  const s = String(value).trim();
  if (s === '' || !/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(s)) fail(`${what}: not a number: ${JSON.stringify(value)}`);
  return Number(s);
}

function int(value, what) {
  const n = num(value, what);
  if (!Number.isInteger(n)) fail(`${what}: not an integer: ${value}`);
  return n;
}

const j = (v) => JSON.stringify(v);

/** `"key": value` lines joined with commas, the values already serialised. */
function block(entries, indent) {
  return entries.map(([k, v]) => `${indent}${j(k)}: ${v}`).join(',\n');
}

/** A whole data file: the top-level entries, two-space indented, with a final newline. */
function jsonDocument(entries) {
  return '{\n' + block(entries, '  ') + '\n}\n';
}

// ---------------------------------------------------------------- EC2 instance types

const EC2_COLUMNS = ['instanceType', 'family', 'vcpus', 'memoryMiB', 'gpus', 'arch', 'hypervisor', 'onDemandUsdPerHour', 'networkBandwidthMbps'];

/** DescribeInstanceTypes' Hypervisor: `nitro` or `xen`; blank for bare metal, written as null (no hypervisor). */
const HYPERVISORS = new Set(['nitro', 'xen']);

function deriveEc2(awsDir) {
  const rows = readCsv(join(awsDir, 'ec2_instance_types.csv'));
  const priceFile = JSON.parse(readFileSync(join(awsDir, 'ec2_on_demand_prices_us-east-1.json'), 'utf8'));
  if (priceFile.region !== 'us-east-1') fail(`price file region ${priceFile.region}`);
  const prices = priceFile.prices;
  const seen = new Set();
  const out = [];
  for (const r of rows) {
    const t = r.instance_type;
    if (!/^[a-z0-9-]+\.[a-z0-9-]+$/.test(t)) fail(`bad instance type ${t}`);
    if (seen.has(t)) fail(`duplicate instance type ${t}`);
    seen.add(t);
    if (t.split('.')[0] !== r.family) fail(`${t}: family ${r.family}`);
    if (r.arch !== 'x86_64' && r.arch !== 'arm64') fail(`${t}: arch ${r.arch}`);
    const hypervisor = r.hypervisor === '' ? null : r.hypervisor;
    if (hypervisor !== null && !HYPERVISORS.has(hypervisor)) fail(`${t}: hypervisor ${r.hypervisor}`);
    if ((hypervisor === null) !== (r.bare_metal === 'true')) fail(`${t}: hypervisor "${r.hypervisor}" with bare_metal ${r.bare_metal}`);
    const vcpus = int(r.vcpu, `${t} vcpu`);
    const memoryMiB = int(r.memory_mib, `${t} memory_mib`);
    if (vcpus <= 0 || memoryMiB <= 0) fail(`${t}: non-positive vcpu/memory`);
    const gpus = r.gpu_count === '' ? 0 : int(r.gpu_count, `${t} gpu_count`);
    const csvPrice = r.on_demand_linux_usd_per_hour_us_east_1 === '' ? null : num(r.on_demand_linux_usd_per_hour_us_east_1, `${t} price`);
    const jsonPrice = Object.hasOwn(prices, t) ? num(prices[t], `${t} json price`) : null;
    if (csvPrice !== null && jsonPrice !== null && csvPrice !== jsonPrice) fail(`${t}: csv price ${csvPrice} != json price ${jsonPrice}`);
    const price = csvPrice ?? jsonPrice;
    if (price !== null && price <= 0) fail(`${t}: non-positive price`);
    // Karpenter's instance-network-bandwidth label: the baseline Mbps (for "up to" types, not the burst);
    // blank for the older types EC2 rates only in words ("Moderate", "High"), written as null.
    const networkMbps = r.network_bandwidth_mbps === '' ? null : int(r.network_bandwidth_mbps, `${t} network_bandwidth_mbps`);
    if (networkMbps !== null && networkMbps <= 0) fail(`${t}: non-positive network bandwidth`);
    out.push([t, r.family, vcpus, memoryMiB, gpus, r.arch, hypervisor, price, networkMbps]);
  }
  out.sort((a, b) => byCodeUnit(a[0], b[0]));
  const source =
    'aws/karpenter-provider-aws @1d927085dd81a9df9301e613f371dac5b4d16bfe (Apache-2.0): specs from ' +
    'website/content/en/docs/reference/instance-types.md (v1.14; 7 types from v1.12), us-east-1 On-Demand Linux prices from ' +
    'pkg/providers/pricing/zz_generated.pricing_aws.go (generated 2026-07-20T13:44:30Z)';
  const text = jsonDocument([
    ['source', j(source)],
    ['dataDate', j('2026-07-20')],
    ['region', j('us-east-1')],
    ['columns', j(EC2_COLUMNS)],
    ['rows', '[\n' + out.map((row) => '    ' + j(row)).join(',\n') + '\n  ]'],
  ]);
  return { text, count: out.length, unpriced: out.filter((r) => r[7] === null).map((r) => r[0]), noBandwidth: out.filter((r) => r[8] === null).length };
}

// ---------------------------------------------------------------- Spot Instance Advisor

const BANDS = ['<5%', '5-10%', '10-15%', '15-20%', '>20%'];

function deriveSpotAdvisor(awsDir) {
  const rows = readCsv(join(awsDir, 'spot_advisor_linux.csv'));
  /** @type {Map<string, Map<string, [number, number]>>} */
  const regions = new Map();
  for (const r of rows) {
    if (r.os !== 'Linux') continue;
    const where = `${r.region}/${r.instance_type}`;
    const savings = int(r.savings_over_on_demand_pct, `${where} savings`);
    const band = int(r.interruption_range_index, `${where} band`);
    if (band < 0 || band >= BANDS.length) fail(`${where}: band ${band}`);
    if (BANDS[band] !== r.interruption_range_label) fail(`${where}: band ${band} labelled ${r.interruption_range_label}`);
    if (savings > 100) fail(`${where}: savings ${savings}`);
    let m = regions.get(r.region);
    if (!m) regions.set(r.region, (m = new Map()));
    if (m.has(r.instance_type)) fail(`duplicate ${where}`);
    m.set(r.instance_type, [savings, band]);
  }
  const regionBlocks = [...regions.keys()].sort(byCodeUnit).map((region) => {
    const m = regions.get(region);
    // One entry per line, unindented, to keep this (the largest) file small yet diff-friendly.
    const lines = [...m.keys()].sort(byCodeUnit).map((t) => `${j(t)}:${j(m.get(t))}`);
    return [region, '{\n' + lines.join(',\n') + '\n    }'];
  });
  const source =
    'AWS Spot Instance Advisor feed (https://spot-bid-advisor.s3.amazonaws.com/spot-advisor-data.json), verbatim copy in ' +
    'alexei-led/spotinfo internal/spot/data/spot-advisor-data.json @5eedf20a99614443af215f4aaf09bd10805cac72 (Apache-2.0); Linux only';
  const text = jsonDocument([
    ['source', j(source)],
    ['dataDate', j('2025-06-28')],
    ['bands', j(BANDS)],
    ['regions', '{\n' + block(regionBlocks, '    ') + '\n  }'],
  ]);
  return { text, regions: regions.size, entries: rows.length };
}

// ---------------------------------------------------------------- Fargate

function deriveFargate(awsDir, serverless) {
  const rows = readCsv(join(awsDir, 'fargate_prices_by_region.csv'));
  const useast = serverless.fargate_us_east_1;
  /** @type {Map<string, object>} */
  const regions = new Map();
  for (const r of rows) {
    const reg = r.region;
    if (regions.has(reg)) fail(`fargate: duplicate region ${reg}`);
    const p = {
      x86VcpuHourUsd: num(r.fargate_linux_x86_usd_per_vcpu_hour, `${reg} fargate vcpu`),
      x86GbHourUsd: num(r.fargate_linux_x86_usd_per_gb_hour, `${reg} fargate gb`),
      armVcpuHourUsd: null,
      armGbHourUsd: null,
      spotVcpuHourUsd: r.fargate_spot_linux_x86_usd_per_vcpu_hour === '' ? null : num(r.fargate_spot_linux_x86_usd_per_vcpu_hour, `${reg} spot vcpu`),
      spotGbHourUsd: r.fargate_spot_linux_x86_usd_per_gb_hour === '' ? null : num(r.fargate_spot_linux_x86_usd_per_gb_hour, `${reg} spot gb`),
    };
    if (reg === 'us-east-1' && useast) {
      // Cross-check the 2021 snapshot against the documented (2025-2026) figures.
      if (p.x86VcpuHourUsd !== num(useast.linux_x86_usd_per_vcpu_hour, 'doc fargate vcpu')) fail('fargate us-east-1 x86 vCPU price disagrees with transcription');
      if (p.x86GbHourUsd !== num(useast.linux_x86_usd_per_gb_hour, 'doc fargate gb')) fail('fargate us-east-1 x86 GB price disagrees with transcription');
      p.armVcpuHourUsd = num(useast.linux_arm_usd_per_vcpu_hour, 'doc fargate arm vcpu');
      p.armGbHourUsd = num(useast.linux_arm_usd_per_gb_hour, 'doc fargate arm gb');
    }
    regions.set(reg, p);
  }
  if (!regions.has('us-east-1')) fail('fargate: no us-east-1 row');
  const storage = num(useast?.ephemeral_storage_above_20GB_usd_per_gb_hour ?? 0.000111, 'fargate storage');
  const keys = ['x86VcpuHourUsd', 'x86GbHourUsd', 'armVcpuHourUsd', 'armGbHourUsd', 'spotVcpuHourUsd', 'spotGbHourUsd'];
  const regionLines = [...regions.keys()].sort(byCodeUnit).map((reg) => {
    const p = regions.get(reg);
    return [reg, '{ ' + keys.map((k) => `${j(k)}: ${j(p[k])}`).join(', ') + ' }'];
  });
  const source =
    'x86 and Fargate Spot by region: theuves/fgcalc src/utils/data.js @6e1547cb32ede8af7159e1ce0a58a00ccfd31093 (MIT; numbers unchanged since ' +
    '5049a5e21fd511bb80159d17190ef1c05414c95a, 2021-01-10, copied from the AWS Fargate pricing page); us-east-1 ARM and ephemeral storage: ' +
    'documented figures (vantage.sh/blog/fargate-pricing, wring.co 2026-03-10) transcribed in raw/aws/lambda_and_serverless_prices.json';
  const text = jsonDocument([
    ['source', j(source)],
    ['dataDate', j('2021-01-10')],
    ['storageGbHourUsd', j(storage)],
    ['regions', '{\n' + block(regionLines, '    ') + '\n  }'],
  ]);
  return { text, regions: regions.size };
}

// ---------------------------------------------------------------- Lambda

/** Upper bounds (GB-seconds per month) from the transcribed tier labels. */
function lambdaTiers(tiers, arch) {
  if (!Array.isArray(tiers) || tiers.length === 0) fail(`lambda ${arch}: no tiers`);
  const out = [];
  let lower = 0;
  tiers.forEach((t, i) => {
    const label = String(t.tier);
    const usd = num(t.price, `lambda ${arch} tier ${i}`);
    const last = i === tiers.length - 1;
    let upTo = null;
    if (!last) {
      let m;
      if ((m = /^first ([\d.]+) billion/.exec(label))) upTo = Number(m[1]) * 1e9;
      else if ((m = /\(([\d.]+)-([\d.]+)B\)/.exec(label))) {
        if (Number(m[1]) * 1e9 !== lower) fail(`lambda ${arch}: tier ${i} starts at ${m[1]}B, expected ${lower}`);
        upTo = Number(m[2]) * 1e9;
      } else fail(`lambda ${arch}: cannot read tier label ${JSON.stringify(label)}`);
      if (!(upTo > lower)) fail(`lambda ${arch}: tiers not increasing`);
      lower = upTo;
    } else {
      const m = /^over ([\d.]+) billion/.exec(label);
      if (!m || Number(m[1]) * 1e9 !== lower) fail(`lambda ${arch}: last tier ${JSON.stringify(label)} does not start at ${lower}`);
    }
    // Round away binary noise from the x1e9 product (bounds are whole GB-seconds).
    out.push({ upToGbSeconds: upTo === null ? null : Math.round(upTo), usd });
  });
  return out;
}

function deriveLambda(serverless) {
  const l = serverless.lambda;
  if (!l || l.region !== 'us-east-1') fail('lambda: expected us-east-1 block');
  const requestUsdPerMillion = num(l.request_usd_per_million, 'lambda requests');
  const x86 = lambdaTiers(l.duration_usd_per_gb_second.x86_64, 'x86_64');
  const arm = lambdaTiers(l.duration_usd_per_gb_second.arm64, 'arm64');
  const tierLines = (tiers) => '[\n' + tiers.map((t) => `    { "upToGbSeconds": ${j(t.upToGbSeconds)}, "usd": ${j(t.usd)} }`).join(',\n') + '\n  ]';
  const source =
    'Documented us-east-1 list prices transcribed in raw/aws/lambda_and_serverless_prices.json (cloudchipr.com/blog/aws-lambda-pricing 2024, ' +
    'KodeKloud notes; tiers per AWS Compute Blog "Introducing tiered pricing for AWS Lambda"); arm64 top tier derived as -20%';
  const text = jsonDocument([
    ['source', j(source)],
    ['dataDate', j('2026-11-22')],
    ['region', j('us-east-1')],
    ['requestUsdPerMillion', j(requestUsdPerMillion)],
    ['x86GbSecondUsd', tierLines(x86)],
    ['arm64GbSecondUsd', tierLines(arm)],
  ]);
  return { text };
}

// ---------------------------------------------------------------- EBS

function deriveEbs(serverless) {
  // The raw folder has no machine-readable EBS price; the figure is the one the project's research notes
  // (AWS-BATCH-BEHAVIOUR.md §3.3, third-party sources) give. Picked up from the raw json if it ever gains one.
  const fromRaw = serverless.ebs?.gp3_usd_per_gb_month;
  const gp3 = fromRaw === undefined ? 0.08 : num(fromRaw, 'ebs gp3');
  const source = fromRaw === undefined
    ? 'AWS-BATCH-BEHAVIOUR.md §3.3 (published us-east-1 list price, third-party sources): gp3 $0.08/GB-month, 3,000 IOPS and 125 MB/s included'
    : 'raw/aws/lambda_and_serverless_prices.json (transcribed documented figure)';
  const text = jsonDocument([
    ['source', j(source)],
    ['dataDate', j('2026-11-22')],
    ['region', j('us-east-1')],
    ['gp3UsdPerGiBMonth', j(gp3)],
  ]);
  return { text };
}

// ---------------------------------------------------------------- main

function main() {
  const { raw, out } = parseArgs(process.argv.slice(2));
  const awsDir = join(raw, 'aws');
  const serverless = JSON.parse(readFileSync(join(awsDir, 'lambda_and_serverless_prices.json'), 'utf8'));
  const ec2 = deriveEc2(awsDir);
  const spot = deriveSpotAdvisor(awsDir);
  const fargate = deriveFargate(awsDir, serverless);
  const lambda = deriveLambda(serverless);
  const ebs = deriveEbs(serverless);
  mkdirSync(out, { recursive: true });
  const files = [
    ['ec2-instance-types.json', ec2.text],
    ['spot-advisor.json', spot.text],
    ['fargate-prices.json', fargate.text],
    ['lambda-prices.json', lambda.text],
    ['ebs-prices.json', ebs.text],
  ];
  for (const [name, text] of files) {
    JSON.parse(text); // guard: every file must be valid JSON
    writeFileSync(join(out, name), text);
  }
  console.log(
    `derive-data: ${ec2.count} instance types (${ec2.unpriced.length} without a price, ${ec2.noBandwidth} without a network bandwidth), ` +
      `${spot.entries} Spot Advisor entries in ${spot.regions} regions, ${fargate.regions} Fargate regions -> ${out}`,
  );
}

main();

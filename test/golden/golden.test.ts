// The golden harness: for every bundled scenario, test fixture and small benchmark, at two seeds,
// the sha256 of every output file (summary.json, the four record CSVs, charts.json, every chart's *.vl.json)
// and of the exact event trace. A change that is not meant to alter outputs keeps every hash; one
// that is meant to regenerates them with `npm run golden` and says why in its commit message.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCatalog, loadScenario, simulate, summarize, summaryJson, writeRunOutputs } from '../../src/index.js';
import { buildCharts } from '../../src/report/charts/specs.js';
import { parseChartsJson } from '../../src/report/charts/data.js';
import { checkChartData } from '../../src/report/charts/chartsSchema.js';
import { readSummary } from '../../src/report/charts/read.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HASHES = join(ROOT, 'test/golden/hashes.json');
const UPDATE = process.env.GOLDEN_UPDATE === '1';
const SEEDS = [1, 2];

/** Scenario files covered, relative to the project root, in a stable order. */
function goldenScenarios(): string[] {
  const yamlIn = (dir: string): string[] =>
    readdirSync(join(ROOT, dir)).filter((f) => /\.(ya?ml|json)$/.test(f)).sort().map((f) => `${dir}/${f}`);
  // The benchmarks' small cases; the 1M-job queue and the whole HPC2N log are too big for a test.
  return [...yamlIn('scenarios'), ...yamlIn('test/fixtures'), 'bench/array-n2n-2500.yaml', 'bench/array-n2n-10000.yaml'];
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

type Hashes = Record<string, Record<string, string>>;

/** A run of `file` at `seed` and the hash of its exact event trace (`summaryOnly`: RunOptions'). */
function tracedRun(file: string, seed: number, summaryOnly = false): { result: ReturnType<typeof simulate>; trace: string } {
  const loaded = loadScenario(join(ROOT, file), { seed });
  if (!loaded.scenario) throw new Error(`${file}: ${JSON.stringify(loaded.issues)}`);
  const trace = createHash('sha256');
  let events = 0;
  const result = simulate(loaded.scenario, loadCatalog(), {
    summaryOnly,
    trace: (e: { at: number; event: string; id: string; detail?: string }) => {
      trace.update(`${e.at} ${e.event} ${e.id} ${e.detail ?? ''}\n`);
      events++;
    },
  });
  return { result, trace: `${events} events ${trace.digest('hex')}` };
}

async function hashRun(file: string, seed: number): Promise<Record<string, string>> {
  const { result, trace } = tracedRun(file, seed);
  const dir = mkdtempSync(join(tmpdir(), 'batchsim-golden-'));
  try {
    await writeRunOutputs(dir, { result, summary: summarize(result) }, 'records');
    const out: Record<string, string> = {};
    // manifest.json only restates these hashes (and the batchsim version): it has tests of its own.
    for (const name of readdirSync(dir).sort()) if (name !== 'manifest.json') out[name] = sha256(readFileSync(join(dir, name)));
    // Every golden run's charts.json is one `batchsim report` accepts as it is.
    const data = checkChartData('charts.json', parseChartsJson(join(dir, 'charts.json'), readFileSync(join(dir, 'charts.json'), 'utf8')));
    for (const chart of buildCharts(data, readSummary(dir))) out[`${chart.name}.vl.json`] = sha256(JSON.stringify(chart.spec, null, 2) + '\n');
    out['trace'] = trace;
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('golden outputs', () => {
  const expected: Hashes = UPDATE ? {} : (JSON.parse(readFileSync(HASHES, 'utf8')) as Hashes);
  const actual: Hashes = {};
  const cases = goldenScenarios().flatMap((file) => SEEDS.map((seed) => ({ file, seed, key: `${file} seed ${seed}` })));

  it('covers every scenario the harness knows', () => {
    if (!UPDATE) expect(Object.keys(expected).sort()).toEqual(cases.map((c) => c.key).sort());
  });

  for (const c of cases) {
    it(`${c.key} keeps every output hash`, async () => {
      actual[c.key] = await hashRun(c.file, c.seed);
      if (!UPDATE) expect(actual[c.key]).toEqual(expected[c.key]);
    });
  }

  // `--outputs summary` and a plan's runs simulate summary-only (a sampler of no series, only
  // the summary's columns): the same events, so the same trace and summary.json as the full run's.
  for (const c of cases.filter((x) => x.seed === SEEDS[0])) {
    it.skipIf(UPDATE)(`${c.key} summary-only: the same trace and summary.json`, () => {
      const { result, trace } = tracedRun(c.file, c.seed, true);
      expect(result.samples.series).toEqual([]);
      expect({ trace, summary: sha256(summaryJson(summarize(result))) }).toEqual({ trace: expected[c.key].trace, summary: expected[c.key]['summary.json'] });
    });
  }

  it.runIf(UPDATE)('writes test/golden/hashes.json', () => {
    const ordered: Hashes = {};
    for (const c of cases) ordered[c.key] = actual[c.key];
    writeFileSync(HASHES, JSON.stringify(ordered, null, 2) + '\n');
    process.stdout.write(`golden: wrote ${relative(ROOT, HASHES)} (${cases.length} runs)\n`);
  });
});

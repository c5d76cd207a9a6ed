// Chart data: aggregation keeps totals (binned interruptions and retries add up to the counts, cost
// bars to the bill), bins cover the whole run, CDFs are small and exact where they can be, the
// instance timeline samples deterministically; and charts rebuild from an output folder alone,
// byte-identical.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog, loadScenario, runScenario, writeReport, writeRunOutputs, type Scenario } from '../../src/index.js';
import { BASE_BIN_MS, MAX_SERIES_BINS, SeriesBins, binWidthFor } from '../../src/records/chartAggregates.js';
import { MAX_LANES, costBars, countBins, evenlySpaced, instanceTimeline, queueWaitCdf } from '../../src/report/charts/aggregate.js';
import { chartDataOfRecords, chartDataOfRun, parseChartsJson } from '../../src/report/charts/data.js';
import { readRunRecords, type InstanceRecord, type RunRecords } from '../../src/report/charts/read.js';
import { buildCharts } from '../../src/report/charts/specs.js';
import { readChartData } from '../../src/report/rebuild.js';

/** A deterministic pseudo-random sequence (LCG), for synthetic records. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function interned(values: string[]) {
  const uniq = [...new Set(values)];
  return { values: uniq, index: Int32Array.from(values, (v) => uniq.indexOf(v)) };
}

function synthetic(nInstances: number, nAttempts: number, nJobs: number, end: number): RunRecords {
  const rnd = lcg(7);
  const instances: InstanceRecord[] = [];
  for (let k = 0; k < nInstances; k++) {
    const launched = rnd() * end * 0.5;
    instances.push({
      instanceId: `i-${String(nInstances - k).padStart(5, '0')}`,
      computeEnvironment: k % 3 === 0 ? 'spot' : 'ondemand',
      instanceType: 'm6i.xlarge',
      purchaseOption: k % 3 === 0 ? 'spot' : k % 2 ? 'on-demand' : 'spot',
      vcpus: 4,
      launchedAt: launched,
      readyAt: launched + 60,
      terminatedAt: launched + 60 + rnd() * end * 0.4,
      reclaimed: k % 7 === 0,
      costUsd: 0,
      busyCostUsd: Math.round(rnd() * 1e6) / 1e6,
      idleCostUsd: Math.round(rnd() * 1e6) / 1e6,
      lostCostUsd: k % 7 === 0 ? Math.round(rnd() * 1e6) / 1e6 : 0,
      ebsCostUsd: Math.round(rnd() * 1e4) / 1e6,
    });
  }
  const outcomes = ['SUCCEEDED', 'INTERRUPTED', 'FAILED', 'SUCCEEDED', 'TIMED_OUT'];
  const ids: string[] = [];
  const outs: string[] = [];
  const attempt = new Int32Array(nAttempts);
  const startingAt = new Float64Array(nAttempts);
  const startedAt = new Float64Array(nAttempts);
  const stoppedAt = new Float64Array(nAttempts);
  for (let i = 0; i < nAttempts; i++) {
    ids.push(instances[Math.floor(rnd() * nInstances)].instanceId);
    outs.push(outcomes[Math.floor(rnd() * outcomes.length)]);
    attempt[i] = rnd() < 0.2 ? 2 : 1;
    startingAt[i] = rnd() * end;
    startedAt[i] = i % 50 === 0 ? NaN : startingAt[i] + 5;
    stoppedAt[i] = i % 50 === 0 ? NaN : Math.min(end, startedAt[i] + rnd() * 600);
  }
  const waits = Float64Array.from({ length: nJobs }, (_, i) => (i % 13 === 0 ? NaN : Math.round(rnd() * 3600e3) / 1e3));
  const queues = Array.from({ length: nJobs }, (_, i) => (i % 4 === 0 ? 'b' : 'a'));
  return {
    summary: { scenario: 'synthetic', simulatedSeconds: end },
    jobs: { count: nJobs, jobQueue: interned(queues), queueWaitSeconds: waits },
    attempts: { count: nAttempts, attempt, instanceId: interned(ids), startingAt, startedAt, stoppedAt, outcome: interned(outs) },
    instances,
    timeseries: { count: 0, time: new Float64Array(0), scope: interned([]), name: interned([]), metric: interned([]), value: new Float64Array(0) },
  };
}

describe('time bins', () => {
  it('are 1 s x 2^k wide, at most MAX_SERIES_BINS of them, covering the whole run', () => {
    for (const endMs of [1, 1000, 59_900, 600_000, 3_601_000, 29_566_935, 86_400_000 * 3 + 1, 42_921_753_163, 1e12]) {
      const w = binWidthFor(endMs);
      expect(Math.log2(w / BASE_BIN_MS) % 1).toBe(0);
      expect(endMs).toBeLessThan(MAX_SERIES_BINS * w);
      if (w > BASE_BIN_MS) expect(endMs).toBeGreaterThanOrEqual((MAX_SERIES_BINS * w) / 2);
      const d = new SeriesBins().finish(endMs);
      expect(d.widthMs).toBe(w);
      expect(d.count).toBe(Math.max(1, Math.ceil(endMs / w)));
    }
  });

  it('keep exact min, time-weighted mean and max as they merge: a 5-minute sawtooth stays a band', () => {
    // A value 0 for 4 min, 10 for 1 min, repeated 2,000 times (600,000 s, about 7 days).
    // 600,000 s / 512 bins needs 2^k s >= 1,171.9 s: 2,048 s bins (about 34 min, ~7 teeth each).
    const bins = new SeriesBins();
    const id = bins.add({ scope: 'computeEnvironment', name: 'ce', metric: 'busyvCpus' });
    for (let k = 0; k < 2000; k++) {
      bins.level(k * 300_000, id, 0);
      bins.level(k * 300_000 + 240_000, id, 10);
    }
    const d = bins.finish(600_000_000);
    expect(d.widthMs).toBe(2_048_000);
    expect(d.count).toBe(293); // ceil(600,000 / 2,048); the last bin spans 1,984 s
    const s = d.series[0];
    // Every whole bin spans more than one tooth: min 0, max 10 (a sampled maximum would say 10 or 0).
    expect(s.min.every((x) => x === 0)).toBe(true);
    expect(s.max.every((x) => x === 10)).toBe(true);
    // The time-weighted mean over the whole run is 10 x 1/5 = 2: bins weighted by their spans.
    const spans = s.mean.map((_, k) => Math.min(600_000_000, (k + 1) * d.widthMs) - k * d.widthMs);
    const mean = s.mean.reduce((acc, m, k) => acc + m * spans[k], 0) / 600_000_000;
    expect(mean).toBeCloseTo(2, 9);
    // Bin 0 is [0, 2,048 s): teeth at 0, 300, …, 1,800 s give 6 whole minutes of 10 plus [2,040, 2,048) s: 368 s of 10.
    expect(s.mean[0]).toBeCloseTo((368 * 10) / 2048, 9);
  });
});

describe('aggregation keeps totals', () => {
  const rec = synthetic(300, 20_000, 50_000, 40_000);

  it('binned interruptions and retries add up to their counts', () => {
    const r = countBins(rec.attempts, 128, Math.ceil(40_000 / 128));
    const interrupted = rec.attempts.outcome.values.indexOf('INTERRUPTED');
    const expectInter = Array.from(rec.attempts.outcome.index).filter((o) => o === interrupted).length;
    const expectRetries = Array.from(rec.attempts.attempt).filter((a) => a > 1).length;
    expect(r.interruptions.length).toBe(313);
    expect(r.interruptions.reduce((a, b) => a + b, 0)).toBe(expectInter);
    expect(r.retries.reduce((a, b) => a + b, 0)).toBe(expectRetries);
  });

  it('cost bars add up to the bill, per group and in total', () => {
    const bars = costBars(rec);
    const total = rec.instances.reduce((s, x) => s + x.busyCostUsd + x.idleCostUsd + x.lostCostUsd + x.ebsCostUsd, 0);
    expect(bars.reduce((s, x) => s + x.usd, 0)).toBeCloseTo(total, 5);
    expect(new Set(bars.map((x) => `${x.computeEnvironment}/${x.purchaseOption}`)).size).toBe(3);
  });

  it('the queue-wait CDF has at most 1001 points per queue, rises to 1 and ends at the longest wait', () => {
    const cdf = queueWaitCdf(rec.jobs);
    for (const q of ['a', 'b']) {
      const pts = cdf.points.filter((p) => p.queue === q);
      expect(pts.length).toBe(1001);
      for (let i = 1; i < pts.length; i++) {
        expect(pts[i].p).toBeGreaterThanOrEqual(pts[i - 1].p);
        expect(pts[i].waitSeconds).toBeGreaterThanOrEqual(pts[i - 1].waitSeconds);
      }
      expect(pts[pts.length - 1].p).toBe(1);
      let max = 0;
      let started = 0;
      rec.jobs.queueWaitSeconds.forEach((w, i) => {
        if (rec.jobs.jobQueue.values[rec.jobs.jobQueue.index[i]] === q && !Number.isNaN(w)) {
          started++;
          if (w > max) max = w;
        }
      });
      expect(pts[pts.length - 1].waitSeconds).toBe(max);
      expect(cdf.started[q]).toBe(started);
      expect(cdf.marks.filter((m) => m.queue === q).map((m) => m.quantile)).toEqual(['p50', 'p95']);
    }
  });

  it('a small queue keeps every job in its CDF', () => {
    const cdf = queueWaitCdf(synthetic(3, 10, 40, 1000).jobs);
    expect(cdf.points.length).toBe(Object.values(cdf.started).reduce((s, n) => s + n, 0));
  });

  it('the timeline samples lanes evenly across the whole run in launch order, labels them, and merges attempts without losing any', () => {
    // 300 instances, 60 lanes: indices round(k x 299 / 59), first (0) and last (299) included.
    expect(evenlySpaced(300, 60).slice(0, 4)).toEqual([0, 5, 10, 15]);
    expect(evenlySpaced(300, 60).at(-1)).toBe(299);
    expect(evenlySpaced(5, 60)).toEqual([0, 1, 2, 3, 4]);
    const tl = instanceTimeline(rec, 40_000, 100, MAX_LANES, 2000);
    expect(tl.lanes.length).toBe(MAX_LANES);
    expect(tl.sampled).toBe(true);
    expect(tl.lanes.map((l) => l.instanceId)).toEqual(evenlySpaced(300, MAX_LANES).map((k) => rec.instances[k].instanceId));
    expect(tl.lanes[1].label).toBe(`#6 ${rec.instances[5].computeEnvironment} m6i.xlarge ${rec.instances[5].purchaseOption}`);
    expect(tl.merged).toBe(true);
    expect(tl.bars.reduce((s, b) => s + b.attempts, 0)).toBe(tl.attemptsShown);
    const chart = buildCharts(chartDataOfRecords(rec), rec.summary).find((c) => c.name === 'instances')!;
    expect(chart.title).toContain(`${MAX_LANES} of 300 instances, evenly spaced in launch order`);
  });

  it('every chart spec is plain data, small, and the same twice', () => {
    const big = synthetic(1000, 200_000, 300_000, 4e7);
    const charts = () => buildCharts(chartDataOfRecords(big), big.summary);
    const a = JSON.stringify(charts());
    expect(JSON.stringify(charts())).toBe(a);
    expect(a.length).toBeLessThan(5_000_000);
    expect(JSON.parse(a).map((c: { name: string }) => c.name)).toEqual(['queues', 'vcpus', 'cost', 'queue-wait', 'instances', 'interruptions']);
  });
});

/** compare-spot-fallback with a stress hazard on Spot, so reclaims happen (the stress-0.05 rate of scenarios/plans/plan-compare-examples.yaml). */
function stressedSpotScenario(): Scenario {
  const loaded = loadScenario('scenarios/compare-spot-fallback.yaml', { catalog: loadCatalog() });
  const s = loaded.scenario!;
  return {
    ...s,
    assumptions: { ...s.assumptions, spot: { ...s.assumptions.spot, interruptions: { kind: 'perHour', perHour: 0.2 } } },
    computeEnvironments: s.computeEnvironments.map((ce) =>
      ce.computeResources ? { ...ce, computeResources: { ...ce.computeResources, spotInterruptions: null } } : ce,
    ),
  } as Scenario;
}

describe('charts from an output folder', () => {
  it('rebuild from the files alone, match summary.json totals, and are byte-identical', async () => {
    const run = runScenario(stressedSpotScenario());
    const a = mkdtempSync(join(tmpdir(), 'batchsim-report-'));
    const b = mkdtempSync(join(tmpdir(), 'batchsim-report-'));
    await writeRunOutputs(a, run, 'all');
    await writeRunOutputs(b, run, 'records');
    expect(readdirSync(b)).not.toContain('report.html');
    await writeReport(b);
    const files = readdirSync(a).sort();
    expect(readdirSync(b).sort()).toEqual(files);
    for (const n of ['queues', 'vcpus', 'cost', 'queue-wait', 'instances', 'interruptions']) {
      for (const ext of ['.vl.json', '.svg', '.png']) expect(files).toContain(n + ext);
    }
    for (const f of files) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
    expect(files.filter((f) => f.includes('.tmp-'))).toEqual([]);

    const rec = readRunRecords(a);
    const summary = run.summary;
    expect(costBars(rec).reduce((s, x) => s + x.usd, 0)).toBeCloseTo(summary.costUsd.total, 5);
    const data = parseChartsJson(join(a, 'charts.json'), readFileSync(join(a, 'charts.json'), 'utf8'));
    const sum = (xs: number[]) => xs.reduce((x, y) => x + y, 0);
    expect(sum(data.interruptions)).toBe(summary.spot.attemptsInterrupted);
    expect(sum(data.interruptions)).toBeGreaterThan(0);
    expect(sum(data.retries)).toBeGreaterThan(0);

    const png = readFileSync(join(a, 'cost.png'));
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    const svg = readFileSync(join(a, 'cost.svg'), 'utf8');
    expect(svg).toContain('Cost by compute environment');
    expect(svg).toContain('DejaVu Sans');
    const html = readFileSync(join(a, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/https?:\/\/(?!vega\.github\.io\/schema)[^"'\s]*\.(js|css)/);
    expect(html).toContain(summary.scenario);
  });

  it('--outputs summary writes no charts', async () => {
    const run = runScenario(stressedSpotScenario());
    const d = mkdtempSync(join(tmpdir(), 'batchsim-report-'));
    await writeRunOutputs(d, run, 'summary');
    expect(readdirSync(d).sort()).toEqual(['manifest.json', 'summary.json']);
    await expect(writeReport(d)).rejects.toThrow(/lacks charts\.json \(or, for a folder written before it, jobs\.csv/);
  });
});

describe('reading record CSVs', () => {
  it('the quote-free fast path and csv-parse agree', async () => {
    const { writeFileSync } = await import('node:fs');
    const { readColumns } = await import('../../src/report/charts/read.js');
    const d = mkdtempSync(join(tmpdir(), 'batchsim-read-'));
    const plain = 'a,b,c\n1,x,\n2,y,3.5\n';
    writeFileSync(join(d, 'plain.csv'), plain);
    writeFileSync(join(d, 'quoted.csv'), 'a,b,c\n1,x,\n2,"y",3.5\n');
    writeFileSync(join(d, 'crlf.csv'), plain.replace(/\n/g, '\r\n'));
    const want = [['', '1', 'x'], ['3.5', '2', 'y']];
    expect(readColumns(join(d, 'plain.csv'), ['c', 'a', 'b'])).toEqual(want);
    expect(readColumns(join(d, 'quoted.csv'), ['c', 'a', 'b'])).toEqual(want);
    expect(readColumns(join(d, 'crlf.csv'), ['c', 'a', 'b'])).toEqual(want);
    expect(() => readColumns(join(d, 'plain.csv'), ['z'])).toThrow(/no column "z"/);
  });
});

describe('charts from aggregates and charts from records', () => {
  // Both sides here go through the product's own binning and aggregation (SeriesBins, countBins,
  // costBars, queueWaitCdf, instanceTimeline): these tests show the two paths agree (the CSVs
  // round-trip what the run held). chartsReference.test.ts checks charts.json against an
  // independent reference computed from the record files with code of its own.
  // Sampled at every change (`changes`), timeseries.csv holds every settled value, so binning its
  // rows gives the same min/mean/max as the bins gathered during the run, and every chart is equal.
  // With an interval, the records only see sampled instants: a band from them can miss a peak
  // between samples and weights each sample until the next, so the exact bins differ (and are right).
  it.each(['scenarios/compare-spot.yaml', 'scenarios/genomics-burst-ec2.yaml', 'scenarios/compare-fargate-spot.yaml'])(
    '%s with timeseriesInterval: changes: every chart equal',
    async (file) => {
      const s = loadScenario(file, { catalog: loadCatalog() }).scenario!;
      const run = runScenario({ ...s, assumptions: { ...s.assumptions, timeseriesMode: 'changes' } });
      const d = mkdtempSync(join(tmpdir(), 'batchsim-agg-'));
      await writeRunOutputs(d, run, 'records');
      const fromRun = chartDataOfRun(run.result);
      const rec = readRunRecords(d);
      const fromRecords = chartDataOfRecords(rec);
      expect(fromRecords.bins).toEqual(fromRun.bins);
      expect(fromRecords.series).toEqual(fromRun.series);
      expect({ ...fromRecords, seriesFrom: 'exact' }).toEqual(fromRun);
      expect(JSON.stringify(buildCharts({ ...fromRecords, seriesFrom: 'exact' }, rec.summary))).toBe(JSON.stringify(buildCharts(fromRun, rec.summary)));
    },
  );

  it('with an interval, counts, cost, waits and timeline are equal; the bands come from samples', async () => {
    const s = loadScenario('scenarios/compare-spot.yaml', { catalog: loadCatalog() }).scenario!;
    const run = runScenario({ ...s, assumptions: { ...s.assumptions, timeseriesMode: 'interval', timeseriesIntervalMs: 600_000 } });
    const d = mkdtempSync(join(tmpdir(), 'batchsim-agg-'));
    await writeRunOutputs(d, run, 'records');
    const fromRun = chartDataOfRun(run.result);
    const fromRecords = chartDataOfRecords(readRunRecords(d));
    const { series: a, seriesFrom: _a, ...restRun } = fromRun;
    const { series: b, seriesFrom: _b, ...restRecords } = fromRecords;
    expect(restRecords).toEqual(restRun);
    expect(b).not.toEqual(a);
    // Every sampled value is a value the series held in that bin: within the exact band.
    const T = readRunRecords(d).timeseries;
    const w = fromRun.bins.widthSeconds;
    let checked = 0;
    for (let i = 0; i < T.count; i++) {
      if (T.time[i] >= fromRun.endSeconds) continue;
      const band = a.find((x) => x.name === T.name.values[T.name.index[i]] && x.metric === T.metric.values[T.metric.index[i]])!;
      const k = Math.floor(T.time[i] / w);
      expect(band.min[k]).toBeLessThanOrEqual(T.value[i]);
      expect(T.value[i]).toBeLessThanOrEqual(band.max[k]);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('the interruptions chart is left out of a run without Spot or retries', async () => {
    const s = loadScenario('scenarios/compare-ondemand.yaml', { catalog: loadCatalog() }).scenario!;
    const run = runScenario(s);
    const names = buildCharts(chartDataOfRun(run.result), run.summary as never).map((c) => c.name);
    expect(names).toEqual(['queues', 'vcpus', 'cost', 'queue-wait', 'instances']);
  });
});

describe('a folder written before charts.json', () => {
  it('is charted from its records and given a charts.json (series from timeseries.csv samples)', async () => {
    const { rmSync } = await import('node:fs');
    const s = loadScenario('scenarios/compare-ondemand.yaml', { catalog: loadCatalog() }).scenario!;
    const d = mkdtempSync(join(tmpdir(), 'batchsim-old-'));
    await writeRunOutputs(d, runScenario(s), 'records');
    // As an older batchsim left it: no charts.json (and no manifest naming one).
    rmSync(join(d, 'charts.json'));
    rmSync(join(d, 'manifest.json'));
    await writeReport(d);
    const data = parseChartsJson(join(d, 'charts.json'), readFileSync(join(d, 'charts.json'), 'utf8'));
    expect(data.seriesFrom).toBe('sampled');
    expect(readdirSync(d)).toContain('queues.png');
    // The second report reads charts.json, not the CSVs, and the manifest the first one wrote vouches for it.
    expect(readChartData(d).fromRecords).toBe(false);
    for (const f of readdirSync(d)) if (/\.(vl\.json|svg|png|html)$/.test(f)) rmSync(join(d, f));
    await writeReport(d);
    expect(readdirSync(d)).toContain('report.html');
    // Without the manifest, charts.json and summary.json could come from different runs: refused.
    rmSync(join(d, 'manifest.json'));
    await expect(writeReport(d)).rejects.toThrow(/has charts.json but no manifest.json/);
  });

  it('refuses records cut short or edited, naming the file', async () => {
    const { rmSync, writeFileSync } = await import('node:fs');
    const s = loadScenario('scenarios/compare-ondemand.yaml', { catalog: loadCatalog() }).scenario!;
    const d = mkdtempSync(join(tmpdir(), 'batchsim-old-'));
    await writeRunOutputs(d, runScenario(s), 'records');
    rmSync(join(d, 'charts.json'));
    rmSync(join(d, 'manifest.json'));
    const jobs = readFileSync(join(d, 'jobs.csv'), 'utf8');
    const lines = jobs.split('\n');
    const cases: [string, string, RegExp][] = [
      ['cut inside a line', jobs.slice(0, jobs.length - 10), /jobs\.csv" is cut short \(its last line has no newline\)/],
      ['cut at a line end', lines.slice(0, 5).join('\n') + '\n', /jobs\.csv" has 4 rows where summary\.json counts \d+/],
      ['a row with a field less', [lines[0], lines[1].replace(/,[^,]*$/, ''), ...lines.slice(2)].join('\n'), /jobs\.csv":2: \d+ fields where the header has \d+/],
    ];
    for (const [, text, message] of cases) {
      writeFileSync(join(d, 'jobs.csv'), text);
      await expect(writeReport(d)).rejects.toThrow(message);
    }
    writeFileSync(join(d, 'jobs.csv'), jobs);
    await writeReport(d);
    expect(readdirSync(d)).toContain('report.html');
  });
});

// Chart data: aggregation keeps totals (binned interruptions and retries add up to the counts, cost
// bars to the bill), bins cover the whole run, CDFs are small and exact where they can be, the
// instance timeline samples deterministically; and charts rebuild from an output folder alone,
// byte-identical.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog, loadScenario, runScenario, writeReport, writeRunOutputs, type Scenario } from '../../src/index.js';
import {
  MAX_BINS,
  binOf,
  costBars,
  instanceTimeline,
  interruptionBins,
  makeBins,
  queueWaitCdf,
} from '../../src/report/charts/aggregate.js';
import { readRunRecords, type InstanceRecord, type RunRecords } from '../../src/report/charts/read.js';
import { buildCharts } from '../../src/report/charts/specs.js';

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
  it('cover the whole run with at most MAX_BINS nice-width bins', () => {
    for (const end of [0.001, 1, 59.9, 600, 3601, 29566.935, 86400 * 3 + 1, 42921753.163, 1e9]) {
      const b = makeBins(end);
      expect(b.count).toBeLessThanOrEqual(MAX_BINS);
      expect(b.count * b.width).toBeGreaterThanOrEqual(end);
      expect((b.count - 1) * b.width).toBeLessThan(Math.max(end, 1));
      expect(binOf(b, 0)).toBe(0);
      expect(binOf(b, end)).toBe(b.count - 1);
    }
  });
});

describe('aggregation keeps totals', () => {
  const rec = synthetic(300, 20_000, 50_000, 40_000);

  it('binned interruptions and retries add up to their counts', () => {
    const b = makeBins(40_000);
    const r = interruptionBins(rec, b);
    const interrupted = rec.attempts.outcome.values.indexOf('INTERRUPTED');
    const expectInter = Array.from(rec.attempts.outcome.index).filter((o) => o === interrupted).length;
    const expectRetries = Array.from(rec.attempts.attempt).filter((a) => a > 1).length;
    expect(r.interruptions).toBe(expectInter);
    expect(r.retries).toBe(expectRetries);
    const sum = (kind: string) => r.bins.filter((x) => x.kind === kind).reduce((s, x) => s + x.count, 0);
    expect(sum('Spot interruptions')).toBe(expectInter);
    expect(sum('retries (attempt 2+)')).toBe(expectRetries);
    for (const x of r.bins) expect(x.t1).toBeLessThanOrEqual(b.count * b.width);
  });

  it('cost bars add up to the bill, per group and in total', () => {
    const bars = costBars(rec);
    const total = rec.instances.reduce((s, x) => s + x.busyCostUsd + x.idleCostUsd + x.lostCostUsd + x.ebsCostUsd, 0);
    expect(bars.reduce((s, x) => s + x.usd, 0)).toBeCloseTo(total, 5);
    expect(new Set(bars.map((x) => `${x.computeEnvironment}/${x.purchaseOption}`)).size).toBe(3);
  });

  it('the queue-wait CDF has at most 1001 points per queue, rises to 1 and ends at the longest wait', () => {
    const cdf = queueWaitCdf(rec);
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
    const cdf = queueWaitCdf(synthetic(3, 10, 40, 1000));
    expect(cdf.points.length).toBe(Object.values(cdf.started).reduce((s, n) => s + n, 0));
  });

  it('the timeline shows the first 200 instances by instanceId, says so, and merges attempts without losing any', () => {
    const tl = instanceTimeline(rec, 40_000, 100);
    expect(tl.lanes.length).toBe(200);
    expect(tl.sampled).toBe(true);
    const ids = rec.instances.map((x) => x.instanceId).sort();
    expect(tl.lanes.map((l) => l.instanceId)).toEqual(ids.slice(0, 200));
    expect(tl.merged).toBe(true);
    expect(tl.bars.reduce((s, b) => s + b.attempts, 0)).toBe(tl.attemptsShown);
    const chart = buildCharts(rec).find((c) => c.name === 'instances')!;
    expect(chart.title).toContain('first 200 of 300 instances');
  });

  it('every chart spec is plain data, small, and the same twice', () => {
    const big = synthetic(1000, 200_000, 300_000, 4e7);
    const a = JSON.stringify(buildCharts(big));
    expect(JSON.stringify(buildCharts(big))).toBe(a);
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
    const inter = interruptionBins(rec, makeBins(summary.simulatedSeconds));
    expect(inter.interruptions).toBe(summary.spot.attemptsInterrupted);
    expect(inter.interruptions).toBeGreaterThan(0);
    expect(inter.retries).toBeGreaterThan(0);

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
    await expect(writeReport(d)).rejects.toThrow(/lacks jobs\.csv/);
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

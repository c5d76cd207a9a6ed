// timeseries.csv is sample-and-hold: a row only where a series' value changed, one per series at
// the end, and forward-filling the rows gives back every sample the sampler took, exactly.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCatalog, loadScenario } from '../../src/index.js';
import { runBatch } from '../../src/model/batch.js';
import { ColumnarRecorder } from '../../src/records/recorder.js';
import { addSeries, closeSamples, emptySamples, pushSample, timeseriesTable, truncateSamples, type Samples } from '../../src/records/timeseries.js';
import { samplingIntervalMs } from '../../src/scenario/estimate.js';
import type { Scenario } from '../../src/scenario/types.js';
import { arrivalProcess } from '../../src/workload/arrivals.js';
import * as b from '../helpers/build.js';
import { SpyRecorder } from '../helpers/spyRecorder.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function runWithSpy(s: Scenario): { spy: SpyRecorder; samples: Samples } {
  const scenario = { ...s, assumptions: { ...s.assumptions, timeseriesIntervalMs: samplingIntervalMs(s) } };
  const spy = new SpyRecorder(new ColumnarRecorder(16));
  runBatch(scenario, loadCatalog(), { recorder: spy, arrivals: (a, random, untilMs) => arrivalProcess(a, random, untilMs, scenario.startAtMs) });
  return { spy, samples: spy.inner.finish().samples };
}

/** The value of series `id` at `t` by the reading rule: its last row at or before t. */
function forwardFill(s: Samples, id: number, t: number): number | undefined {
  let v: number | undefined;
  for (let i = 0; i < s.t.length && s.t[i] <= t; i++) if (s.id[i] === id) v = s.value[i];
  return v;
}

describe('timeseries.csv, change-only', () => {
  it.each([
    ['scenarios/contract-full.yaml', '10m'],
    ['scenarios/compare-spot.yaml', '60s'],
    ['scenarios/compare-fargate-spot.yaml', '30s'],
    ['scenarios/genomics-burst-ec2.yaml', 'auto'],
    ['test/fixtures/multinode.yaml', '60s'],
  ])('%s every %s: forward-filled rows give every sample taken, exactly', (file, every) => {
    const loaded = loadScenario(join(ROOT, file));
    const s = loaded.scenario!;
    const mode = every === 'auto' ? 'auto' : 'interval';
    const ms = every === 'auto' ? s.assumptions.timeseriesIntervalMs : (parseInt(every, 10) * (every.endsWith('m') ? 60_000 : 1000));
    const { spy, samples } = runWithSpy({ ...s, assumptions: { ...s.assumptions, timeseriesMode: mode, timeseriesIntervalMs: ms } });
    // The last call at an instant wins (a tick at the end, then the end's own sample).
    const truth = new Map<string, number>();
    for (const c of spy.calls) truth.set(`${c.t} ${c.id}`, c.value);
    expect(truth.size).toBeGreaterThan(samples.series.length);
    for (const [key, value] of truth) {
      const [t, id] = key.split(' ').map(Number);
      expect(forwardFill(samples, id, t), `${samples.series[id].name} ${samples.series[id].metric} at ${t}`).toBe(value);
    }
    // Fewer rows than samples, every row at a sampled instant, and every series closed at the end.
    expect(samples.t.length).toBeLessThan(spy.calls.length);
    const instants = new Set(spy.calls.map((c) => c.t));
    for (const t of samples.t) expect(instants.has(t)).toBe(true);
    const atEnd = samples.id.filter((_, i) => samples.t[i] === spy.endAt);
    expect(atEnd).toEqual(samples.series.map((_, id) => id));
  });

  it('keeps a row only where the value changed, and closes each series at the end', () => {
    const s = emptySamples();
    const a = addSeries(s, { scope: 'jobQueue', name: 'q', metric: 'RUNNABLE' });
    const c = addSeries(s, { scope: 'computeEnvironment', name: 'ce', metric: 'busyvCpus' });
    // Samples at 0, 60, 120, 180 s: q is 0, 0, 3, 3; ce is 4 throughout.
    for (const [t, q, v] of [[0, 0, 4], [60_000, 0, 4], [120_000, 3, 4], [180_000, 3, 4]]) {
      pushSample(s, t, a, q);
      pushSample(s, t, c, v);
    }
    // Rows: q at 0 (0) and 120 (3); ce at 0 (4). Then a sampler tick at 240 s, past the end (200 s): dropped.
    pushSample(s, 240_000, a, 5);
    truncateSamples(s, 200_000);
    pushSample(s, 200_000, a, 3);
    pushSample(s, 200_000, c, 4);
    closeSamples(s, 200_000);
    const t = timeseriesTable(s);
    const lines = Array.from({ length: t.rowCount }, (_, i) => t.line(i));
    expect(lines).toEqual([
      '0.000,jobQueue,q,RUNNABLE,0',
      '0.000,computeEnvironment,ce,busyvCpus,4',
      '120.000,jobQueue,q,RUNNABLE,3',
      '200.000,jobQueue,q,RUNNABLE,3',
      '200.000,computeEnvironment,ce,busyvCpus,4',
    ]);
  });

  it('`changes`: a row at each instant a value changes, none in between', () => {
    // One 2-vCPU machine; a 1-vCPU job of 100 s at 0 and another at 30 s (zero latencies).
    // RUNNING: 1 at 0 s, 2 at 30 s, 1 at 100 s, 0 at 130 s; busy vCPUs the same; the end is 130 s.
    const job = { jobName: 'one', jobQueue: 'q', jobDefinition: 'one' };
    const s = b.scenario({
      assumptions: b.assumptions({ timeseriesMode: 'changes' }),
      ...b.oneMachine(2, 8192),
      jobDefinitions: [b.definition('one', { runtime: b.fixed(100_000) })],
      workload: [b.at('w', [0, 30_000], [job])],
    });
    const { samples } = runWithSpy(s);
    const running = samples.series.findIndex((k) => k.metric === 'RUNNING');
    const rows = samples.t.flatMap((t, i) => (samples.id[i] === running ? [[t / 1000, samples.value[i]]] : []));
    expect(rows).toEqual([[0, 1], [30, 2], [100, 1], [130, 0]]);
  });
});

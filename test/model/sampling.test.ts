// The time series stays bounded whatever the horizon: past MAX_SAMPLE_INSTANTS instants the
// sampling interval doubles, each doubling allowing half as many instants as the one before.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario, writeRunOutputs } from '../../src/api/run.js';
import { runBatch } from '../../src/model/batch.js';
import { MAX_SAMPLE_INSTANTS } from '../../src/model/sampling.js';
import { ColumnarRecorder } from '../../src/records/recorder.js';
import { arrivalProcess } from '../../src/workload/arrivals.js';
import { samplingIntervalOf } from '../../src/scenario/estimate.js';
import * as b from '../helpers/build.js';
import { SpyRecorder } from '../helpers/spyRecorder.js';

const job = { jobName: 'one', jobQueue: 'q', jobDefinition: 'one' };

function instants(runtimeMs: number, intervalMs: number): number[] {
  const s = b.scenario({
    assumptions: b.assumptions({ timeseriesIntervalMs: intervalMs }),
    ...b.oneMachine(2, 8192),
    jobDefinitions: [b.definition('one', { runtime: b.fixed(runtimeMs) })],
    workload: [b.at('w', [0], [job])],
  });
  const recorder = new SpyRecorder(new ColumnarRecorder(1));
  // The model itself, without plan/simulate's estimate-based coarsening: the sampler's own bound.
  runBatch(s, b.catalog, { recorder, arrivals: (a, random, untilMs) => arrivalProcess(a, random, untilMs, s.startAtMs) });
  return [...new Set(recorder.calls.map((c) => c.t))];
}

describe('state sampling', () => {
  it('samples at its interval while under the bound', () => {
    const at = instants(10_000, 1_000);
    expect(at.slice(0, 4)).toEqual([0, 1000, 2000, 3000]);
    expect(at.length).toBeLessThanOrEqual(12);
  });
  it('takes at most about twice MAX_SAMPLE_INSTANTS instants over a horizon far past it', () => {
    // A 1,000,000 s job sampled every 1 ms would be 10^9 instants.
    const at = instants(1_000_000_000, 1);
    expect(at.length).toBeLessThan(2 * MAX_SAMPLE_INSTANTS + 64);
    expect(at[MAX_SAMPLE_INSTANTS] - at[MAX_SAMPLE_INSTANTS - 1]).toBe(2);
    expect(at[1] - at[0]).toBe(1);
    expect(at[at.length - 1]).toBe(1_000_000_000);
  }, 60_000);
});

describe('timeseriesInterval: auto', () => {
  const auto = b.scenario({ assumptions: b.assumptions({ timeseriesMode: 'auto' }) });
  const H = 3_600_000;
  it('keeps the 60 s default up to 2,000 minutes, then the smallest nice interval giving at most 2,000 instants', () => {
    // 1 day / 2,000 = 43.2 s, under 60 s: 60 s.
    expect(samplingIntervalOf(auto, 24 * H)).toBe(60_000);
    // 3 days / 2,000 = 129.6 s: past 2 min, so 5 min (864 instants).
    expect(samplingIntervalOf(auto, 72 * H)).toBe(300_000);
    // A year (8,760 h) / 2,000 = 4.38 h: 6 h (1,460 instants).
    expect(samplingIntervalOf(auto, 8760 * H)).toBe(6 * H);
    // Ten years / 2,000 = 43.8 h: past a day, so 2 whole days.
    expect(samplingIntervalOf(auto, 87_600 * H)).toBe(48 * H);
  });
  it('an explicit interval is kept as given', () => {
    const every = b.scenario({ assumptions: b.assumptions({ timeseriesMode: 'interval', timeseriesIntervalMs: 1000 }) });
    expect(samplingIntervalOf(every, 8760 * H)).toBe(1000);
  });
});

describe('timeseriesInterval in a scenario file', () => {
  it('reads auto (the default), changes and a duration', async () => {
    const { parseScenario } = await import('../../src/scenario/parse.js');
    const doc = (assumptions: unknown) => ({
      ...(assumptions === undefined ? {} : { assumptions }),
      computeEnvironments: [{ computeEnvironmentName: 'fixed', type: 'UNMANAGED', simulation: { instances: [{ instanceType: 'c5.4xlarge', count: 1 }] } }],
      jobQueues: [{ jobQueueName: 'q', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'fixed' }] }],
      jobDefinitions: [{ jobDefinitionName: 'd', containerProperties: { resourceRequirements: [{ type: 'VCPU', value: '1' }, { type: 'MEMORY', value: '1024' }] }, simulation: { runtime: '1m' } }],
      workload: [{ name: 'w', arrivals: { at: [0] }, jobs: [{ jobName: 'j', jobQueue: 'q', jobDefinition: 'd' }] }],
    });
    const ctx = { catalog: b.catalog, baseDir: '/tmp', files: new Map<string, string>() };
    const read = (a: unknown) => parseScenario(doc(a), ctx).scenario!.assumptions;
    expect([read(undefined).timeseriesMode, read(undefined).timeseriesIntervalMs]).toEqual(['auto', 60_000]);
    expect(read({ timeseriesInterval: 'changes' }).timeseriesMode).toBe('changes');
    expect([read({ timeseriesInterval: '5m' }).timeseriesMode, read({ timeseriesInterval: '5m' }).timeseriesIntervalMs]).toEqual(['interval', 300_000]);
  });
});

describe('a summary-only run (--outputs summary, a plan run)', () => {
  it('records no series and only the columns summary.json reads, and cannot write records or charts', async () => {
    const s = b.scenario({
      ...b.oneMachine(2, 8192),
      jobDefinitions: [b.definition('one', { runtime: b.fixed(60_000) })],
      workload: [b.at('w', [0, 1000, 2000], [job])],
    });
    const blind = runScenario(s, { catalog: b.catalog, summaryOnly: true });
    const full = runScenario(s, { catalog: b.catalog });
    expect(blind.result.samples.series).toEqual([]);
    expect(blind.result.seriesBins.series).toEqual([]);
    expect(full.result.samples.series.length).toBeGreaterThan(0);
    // The detail columns are empty, the summary's are full.
    expect([blind.result.jobs.jobName.length, blind.result.jobs.instance.length, blind.result.attempts.exitCode.length]).toEqual([0, 0, 0]);
    expect([full.result.jobs.jobName.length, full.result.jobs.instance.length, full.result.attempts.exitCode.length]).toEqual([3, 3, 3]);
    expect([...blind.result.jobs.startingAt]).toEqual([...full.result.jobs.startingAt]);
    expect([...blind.result.attempts.stoppedAt]).toEqual([...full.result.attempts.stoppedAt]);
    expect(blind.summary).toEqual(full.summary);
    const parent = mkdtempSync(join(tmpdir(), 'batchsim-blind-'));
    try {
      await expect(writeRunOutputs(join(parent, 'out'), blind, 'records')).rejects.toThrow(/simulated in full/);
      // Nothing half-written; a summary alone is fine.
      expect(readdirSync(parent)).toEqual([]);
      await writeRunOutputs(join(parent, 'out'), blind, 'summary');
      expect(readdirSync(join(parent, 'out')).sort()).toEqual(['manifest.json', 'summary.json']);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});

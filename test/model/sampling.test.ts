// The time series stays bounded whatever the horizon: past MAX_SAMPLE_INSTANTS instants the
// sampling interval doubles, each doubling allowing half as many instants as the one before.
import { describe, expect, it } from 'vitest';
import { runBatch } from '../../src/model/batch.js';
import { MAX_SAMPLE_INSTANTS } from '../../src/model/sampling.js';
import { ColumnarRecorder } from '../../src/records/recorder.js';
import { arrivalProcess } from '../../src/workload/arrivals.js';
import * as b from '../helpers/build.js';

const job = { jobName: 'one', jobQueue: 'q', jobDefinition: 'one' };

function instants(runtimeMs: number, intervalMs: number): number[] {
  const s = b.scenario({
    assumptions: b.assumptions({ timeseriesIntervalMs: intervalMs }),
    ...b.oneMachine(2, 8192),
    jobDefinitions: [b.definition('one', { runtime: b.fixed(runtimeMs) })],
    workload: [b.at('w', [0], [job])],
  });
  const recorder = new ColumnarRecorder(1);
  // The model itself, without plan/simulate's estimate-based coarsening: the sampler's own bound.
  runBatch(s, b.catalog, { recorder, arrivals: (a, random, untilMs) => arrivalProcess(a, random, untilMs, s.startAtMs) });
  return [...new Set(recorder.finish().samples.t)];
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

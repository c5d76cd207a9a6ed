// A replayed Spot availability trace, worked by hand: the piecewise-constant hazard and where a
// draw lands on it, the CSV reader with its located errors, and a run in which a pool is quiet for an
// hour and then loses every instance within five minutes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/metrics/summary.js';
import { PiecewiseHazard } from '../../src/model/environments/spotHazard.js';
import { ADVISOR_READING_HOURS, spotHazardPerHour, spotRisk } from '../../src/model/pricing.js';
import { JobStatus } from '../../src/model/types.js';
import { simulate } from '../../src/plan/simulate.js';
import { parseScenario } from '../../src/scenario/parse.js';
import type { ComputeEnvironment, SpotHazardTrace } from '../../src/scenario/types.js';
import { CERTAIN_RECLAIM, parseSpotTrace } from '../../src/workload/traces/spotAvailability.js';
import * as b from '../helpers/build.js';

const H = 3_600_000;
const FIXTURE = readFileSync('test/fixtures/spot/outage-c6i.csv', 'utf8');
const opts = { startAtMs: Date.UTC(2024, 0, 1), region: 'us-east-1', availabilityZone: 'us-east-1a' as string | null };

describe('PiecewiseHazard: the inverse of the cumulative hazard', () => {
  // 0 per hour until 1 h, 2 per hour from 1 h to 2 h, then 0: cumulative hazard 0 at 1 h, 2 at 2 h.
  const h = new PiecewiseHazard([0, H, 2 * H], [0, 2, 0]);
  it('lands a draw where the accumulated hazard reaches it', () => {
    expect(h.crossing(0, 1)).toBe(1.5 * H); // 1 h of nothing, then 1 / (2 per h) = 0.5 h
    expect(h.crossing(1.5 * H, 0.5)).toBe(1.75 * H); // from inside the window: 0.5 / 2 = 0.25 h
    expect(h.crossing(0, 2)).toBe(2 * H); // exactly the whole window
    expect(h.crossing(0, 2.5)).toBe(Infinity); // more than the trace ever accumulates
    expect(h.crossing(3 * H, 0.1)).toBe(Infinity); // after the window: rate 0 forever
    expect(h.crossing(0, 0)).toBe(0);
  });
  it('keeps the last rate after the last row and reports the time-weighted mean', () => {
    expect(new PiecewiseHazard([1000], [3]).crossing(1000, 3)).toBe(1000 + H);
    expect(new PiecewiseHazard([0], [3]).crossing(0, 1.5)).toBe(0.5 * H);
    expect(h.meanPerHour()).toBeCloseTo(1, 12); // 2 reclaims-per-instance over a 2-hour span
  });
  it('is the exponential life when the rate is constant', () => {
    const c = new PiecewiseHazard([0], [0.25]);
    for (const e of [0.1, 1, 3]) expect(c.crossing(5000, e)).toBeCloseTo(5000 + (e / 0.25) * H, 3);
  });
});

describe('parseSpotTrace', () => {
  it('reads the fixture: one zone and region kept, probabilities turned into hazards over each interval', () => {
    const r = parseSpotTrace(FIXTURE, opts);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const s = r.trace['c6i.large'];
    expect(s.atMs).toEqual([0, 3600_000, 3900_000]);
    // q = 1 over 300 s: -ln(1e-9) / (300/3600 h) = 20.7233 / 0.08333 = 248.68 per hour.
    expect(s.perHour[0]).toBe(0);
    expect(s.perHour[1]).toBeCloseTo(-Math.log(1 - CERTAIN_RECLAIM) * 12, 6);
    expect(s.perHour[1]).toBeCloseTo(248.68, 1);
    // The last row repeats the gap before it (300 s); q = 0 is rate 0 whatever the interval.
    expect(s.perHour[2]).toBe(0);
  });

  it('turns q = 0.5 over 5 minutes into ln 2 x 12 = 8.318 per hour, and takes ISO instants from startAt', () => {
    const text = 'time,instanceType,interruptionProbability\n2024-01-01T00:05:00Z,m5.large,0.5\n2024-01-01T00:10:00Z,m5.large,0\n';
    const r = parseSpotTrace(text, { ...opts, availabilityZone: null });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.trace['m5.large'].atMs).toEqual([300_000, 600_000]);
    expect(r.trace['m5.large'].perHour[0]).toBeCloseTo(8.3178, 4);
    expect(r.trace['m5.large'].perHour[1]).toBe(0);
  });

  it('reports what is wrong at its line', () => {
    const bad = (text: string, zone: string | null = null) => {
      const r = parseSpotTrace(text, { ...opts, availabilityZone: zone });
      return r.ok ? [] : r.errors.map((e) => `${e.line}: ${e.message}`);
    };
    expect(bad('time,instanceType\n0,c5.large\n')).toEqual(['1: needs exactly one of the columns reclaimsPerHour or interruptionProbability']);
    expect(bad('time,instanceType,reclaimsPerHour\n0,c5.large,0\n60,c5.large,-1\n')).toEqual([
      '3: column "reclaimsPerHour": "-1" is not a rate ≥ 0 (reclaims per instance-hour)',
    ]);
    expect(bad('time,instanceType,reclaimsPerHour\n60,c5.large,0\n60,c5.large,1\n')).toEqual([
      "3: c5.large: time 60 is not after the previous row's for this type (rows of a type must be in time order)",
    ]);
    expect(bad(FIXTURE)).toEqual([
      '9: c6i.large: rows for several availability zones (us-east-1a, us-east-1b); set availabilityZone to replay one',
    ]);
    expect(bad('time,instanceType,interruptionProbability\n0,c5.large,0.2\n')).toEqual([
      '2: c5.large: one row with interruptionProbability and no interval column: the probability needs an interval',
    ]);
    expect(bad('time,instanceType,reclaimsPerHour\n2023-12-31T23:00:00Z,c5.large,1\n')).toEqual([
      '2: instant "2023-12-31T23:00:00Z" is before the scenario\'s startAt',
    ]);
  });
});

describe('Spot reclaims replayed from a trace', () => {
  const trace: SpotHazardTrace = (() => {
    const r = parseSpotTrace(FIXTURE, opts);
    if (!r.ok) throw new Error('fixture');
    return { file: 'outage-c6i.csv', byInstanceType: r.trace };
  })();

  function run(seed: number, interruptions: ComputeEnvironment['computeResources'] extends infer C ? C extends { spotInterruptions: infer I } ? I : never : never) {
    const spot = b.managedEc2('spot', { type: 'SPOT', instanceTypes: ['c6i.large'], maxvCpus: 6, allocationStrategy: 'SPOT_CAPACITY_OPTIMIZED' });
    return simulate(
      b.scenario({
        seed,
        assumptions: b.assumptions({ spot: { interruptions: interruptions!, noticeMs: 120_000, price: { kind: 'discount', discount: 0.6 } } }),
        computeEnvironments: [spot],
        jobQueues: [b.queue('q', ['spot'])],
        // Three 2-vCPU jobs of 4 h: three c6i.large launched at 0, one job each, no retry.
        jobDefinitions: [b.definition('d', { vcpus: 2, memoryMiB: 2048, runtime: b.fixed(4 * H) })],
        workload: [b.at('w', [0], [0, 1, 2].map(() => ({ jobName: 'd', jobQueue: 'q', jobDefinition: 'd' })))],
      }),
      b.catalog,
    );
  }

  it('reclaims nothing in the quiet hour and every instance in the 01:00-01:05 window, after its notice', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = run(seed, { kind: 'trace', trace });
      expect(r.instances.length).toBe(3);
      for (const x of r.instances) {
        expect(x.interrupted).toBe(true);
        // The notice comes inside the window [3600 s, 3900 s]; the reclaim 120 s later.
        expect(x.reclaimAt).toBeGreaterThanOrEqual(3600_000 + 120_000);
        expect(x.reclaimAt).toBeLessThanOrEqual(3900_000 + 120_000);
        expect(x.terminatedAt).toBe(x.reclaimAt);
      }
      for (let i = 0; i < r.jobs.count; i++) expect(r.jobs.status[i]).toBe(JobStatus.FAILED);
      const s = summarize(r);
      expect(s.spot.byComputeEnvironment.spot.interruptionSource).toBe('availability trace (mean rate)');
      // Mean over the trace's span: 20.7233 reclaims-per-instance in 3900 s = 1.08333 h -> 19.129 per hour.
      expect(s.spot.byComputeEnvironment.spot.assumedInterruptionsPerHourByInstanceType['c6i.large']).toBeCloseTo(-Math.log(1e-9) / (3900 / 3600), 4);
      // Expected reclaims: each instance's life's integral of the hazard, 248.68/h x its time in the
      // window [3600 s, 3900 s] (0 before it), not the mean rate x hours.
      const rate = -Math.log(1e-9) * 12;
      const expected = r.instances.reduce((sum, x) => sum + (rate * (Math.min(x.terminatedAt, 3900_000) - 3600_000)) / H, 0);
      expect(s.spot.byComputeEnvironment.spot.expectedInterruptions).toBeCloseTo(expected, 3);
    }
  });

  it('never reclaims a type the trace does not name', () => {
    // A trace naming no type of the environment: nothing is ever reclaimed.
    const quiet: SpotHazardTrace = { file: 'x.csv', byInstanceType: { 'm5.large': { atMs: [0], perHour: [100] } } };
    const r = run(1, { kind: 'trace', trace: quiet });
    expect(r.instances.every((x) => !x.interrupted)).toBe(true);
    for (let i = 0; i < r.jobs.count; i++) expect(r.jobs.status[i]).toBe(JobStatus.SUCCEEDED);
  });
});

describe('Spot Advisor readings', () => {
  // Band "<5%" is read as p = 2.5 %: lambda = -ln(0.975) / W.
  it('reads the band over a month, a week or a day', () => {
    const p = -Math.log(1 - 0.025);
    expect(ADVISOR_READING_HOURS).toEqual({ 'per-instance-month': 720, 'per-instance-week': 168, 'per-instance-day': 24 });
    expect(spotHazardPerHour({ kind: 'advisor' }, 0)).toBeCloseTo(3.5164e-5, 8); // today's default
    expect(spotHazardPerHour({ kind: 'advisor' }, 0, 'per-instance-month')).toBeCloseTo(p / 720, 12);
    expect(spotHazardPerHour({ kind: 'advisor' }, 0, 'per-instance-week')).toBeCloseTo(1.50701e-4, 9);
    expect(spotHazardPerHour({ kind: 'advisor' }, 0, 'per-instance-day')).toBeCloseTo(1.05491e-3, 8);
    // Band ">20%" (25 %) per day: -ln(0.75) / 24 = 0.011987 per hour, one reclaim per 83 instance-hours.
    expect(spotHazardPerHour({ kind: 'advisor' }, 4, 'per-instance-day')).toBeCloseTo(0.0119867, 6);
    // A flat rate ignores the reading.
    expect(spotHazardPerHour({ kind: 'perHour', perHour: 0.2 }, 4, 'per-instance-day')).toBe(0.2);
  });

  it('reaches the model: the day reading assumes 30 times the month reading\'s rate for every type', () => {
    const ce = b.managedEc2('spot', { type: 'SPOT', instanceTypes: ['c6i.large', 'm6i.large'] });
    const at = (advisorReading: 'per-instance-month' | 'per-instance-day') =>
      spotRisk(ce, b.catalog, b.scenario({ assumptions: b.assumptions({ spot: { interruptions: { kind: 'advisor' }, advisorReading, noticeMs: 120_000, price: { kind: 'advisor' } } }), computeEnvironments: [ce] }))!;
    const month = at('per-instance-month').perHourByInstanceType;
    const day = at('per-instance-day').perHourByInstanceType;
    expect(Object.keys(day)).toEqual(['c6i.large', 'm6i.large']);
    for (const t of Object.keys(day)) expect(day[t] / month[t]).toBeCloseTo(30, 9);
  });
});

describe('the scenario keys', () => {
  const doc = (spot: unknown, ceSim: unknown = {}) => ({
    assumptions: { spot },
    computeEnvironments: [{ computeEnvironmentName: 'spot', type: 'MANAGED', computeResources: { type: 'SPOT', maxvCpus: 8, instanceTypes: ['c6i.large'] }, simulation: ceSim }],
    jobQueues: [{ jobQueueName: 'q', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'spot' }] }],
    jobDefinitions: [{ jobDefinitionName: 'd', containerProperties: { vcpus: 2, memory: 2048 }, simulation: { runtime: 60 } }],
    workload: [{ name: 'w', arrivals: { at: [0] }, jobs: [{ jobName: 'j', jobQueue: 'q', jobDefinition: 'd' }] }],
  });
  const files = new Map([['outage.csv', FIXTURE], ['broken.csv', 'time,instanceType,reclaimsPerHour\n0,c6i.large,x\n']]);
  const parse = (d: unknown) => parseScenario(d, { catalog: b.catalog, baseDir: '/', files });

  it('reads advisorReading and a trace with its zone, on assumptions and on an environment', () => {
    const a = parse(doc({ advisorReading: 'per-instance-day', interruptions: { trace: { file: 'outage.csv', availabilityZone: 'us-east-1a' } } }));
    expect(a.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(a.scenario!.assumptions.spot.advisorReading).toBe('per-instance-day');
    expect(a.scenario!.assumptions.spot.interruptions).toMatchObject({ kind: 'trace', trace: { file: 'outage.csv' } });
    const c = parse(doc(undefined, { spotInterruptions: { trace: { file: 'outage.csv', availabilityZone: 'us-east-1a' } } }));
    expect(c.scenario!.computeEnvironments[0].computeResources!.spotInterruptions).toMatchObject({ kind: 'trace' });
  });

  it('locates a bad trace cell at file:line under the key that names the file', () => {
    const r = parse(doc({ interruptions: { trace: { file: 'broken.csv' } } }));
    expect(r.scenario).toBeNull();
    expect(r.issues.map((i) => `${i.path}: ${i.message}`)).toContain(
      'assumptions.spot.interruptions.trace.file: broken.csv:2: column "reclaimsPerHour": "x" is not a rate ≥ 0 (reclaims per instance-hour)',
    );
    const z = parse(doc({ advisorReading: 'hourly' }));
    expect(z.issues.map((i) => i.path)).toContain('assumptions.spot.advisorReading');
  });
});

describe('Fargate Spot under a trace', () => {
  it('reclaims a task by the FARGATE_SPOT rows: hazard 0, then 12 per hour from 10 min', () => {
    // Rate 12/h from 600 s: a task alive then gets its notice after an Exp(mean 5 min) wait, and is
    // stopped 120 s later. Tasks of 2 h started at 0 cannot outlive it in practice (e^{-12 x 1.8} ~ 4e-10).
    const trace: SpotHazardTrace = { file: 'f.csv', byInstanceType: { FARGATE_SPOT: { atMs: [0, 600_000], perHour: [0, 12] } } };
    const ce = b.managedEc2('fs', { type: 'FARGATE_SPOT', maxvCpus: 16, instanceTypes: [], spotInterruptions: { kind: 'trace', trace } });
    const r = simulate(
      b.scenario({
        computeEnvironments: [ce],
        jobQueues: [b.queue('q', ['fs'])],
        jobDefinitions: [b.definition('d', { platformCapabilities: ['FARGATE'], vcpus: 1, memoryMiB: 2048, runtime: b.fixed(2 * H) })],
        workload: [b.at('w', [0], [0, 1, 2, 3].map(() => ({ jobName: 'd', jobQueue: 'q', jobDefinition: 'd' })))],
      }),
      b.catalog,
    );
    expect(r.instances.length).toBe(4);
    for (const x of r.instances) {
      expect(x.interrupted).toBe(true);
      expect(x.reclaimAt).toBeGreaterThanOrEqual(600_000 + 120_000);
    }
    expect(summarize(r).spot.byComputeEnvironment.fs.interruptionSource).toBe('availability trace (mean rate)');
  });
});

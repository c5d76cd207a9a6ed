// Plausible typos never exhaust memory: validate estimates a run's size and names the likely unit
// mistake, refuses more jobs than one run holds, and a run of years samples its time series coarsely.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/data/load.js';
import { simulate } from '../../src/plan/simulate.js';
import { estimateRun, MAX_JOBS, MAX_SAMPLE_INSTANTS } from '../../src/scenario/estimate.js';
import { formatIssue, type Issue } from '../../src/scenario/issues.js';
import { intervalText } from '../../src/scenario/messages.js';
import { parseScenario } from '../../src/scenario/parse.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = any;

const catalog = loadCatalog();
const ctx = { catalog, baseDir: '/tmp', files: new Map<string, string>() };
const shown = (issues: Issue[]): string[] => issues.filter((i) => i.severity !== 'note').map((i) => `${i.severity} ${formatIssue(i)}`);

function base(runtime: unknown, arrivals: unknown): Doc {
  return {
    computeEnvironments: [{ computeEnvironmentName: 'fixed', type: 'UNMANAGED', simulation: { instances: [{ instanceType: 'c5.4xlarge', count: 1 }] } }],
    jobQueues: [{ jobQueueName: 'q', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'fixed' }] }],
    jobDefinitions: [{ jobDefinitionName: 'd', containerProperties: { resourceRequirements: [{ type: 'VCPU', value: '1' }, { type: 'MEMORY', value: '1024' }] }, simulation: { runtime } }],
    workload: [{ name: 'w', arrivals, jobs: [{ jobName: 'j', jobQueue: 'q', jobDefinition: 'd' }] }],
  };
}

describe('the size of a run', () => {
  it('runtime: 1000000000 on two jobs, sampled every 1m: the unit, the size, and coarser sampling', () => {
    const { scenario, issues } = parseScenario({ ...base(1_000_000_000, { at: [0, 1] }), assumptions: { timeseriesInterval: '1m' } }, ctx);
    expect(shown(issues)).toEqual([
      'warning jobDefinitions[0].simulation.runtime: 1000000000 is seconds (31.7 years); did you mean milliseconds? (a number is seconds; write "1000000000ms")',
      'warning a large run: about 2 jobs, 200,016 events and 55 MiB of outputs over 31.7 years of simulated time; check the units of durations and counts',
      'warning assumptions.timeseriesInterval: sampling every 1m would take about 16,666,667 instants; timeseries.csv is sampled every 1h 24m instead, about 198,413 instants (past 200,000 instants the interval doubles)',
    ]);
    // And it runs, in bounded memory: the time series holds at most MAX_SAMPLE_INSTANTS instants.
    const result = simulate(scenario!, catalog);
    expect(new Set(result.samples.t).size).toBeLessThanOrEqual(MAX_SAMPLE_INSTANTS + 1);
  });

  it('a sub-second interval: the warning names the intervals exactly, and the run samples at the one it names', () => {
    const stream = { poisson: { perHour: 84 }, count: 5000 };
    const warned = (interval: string): string[] =>
      shown(parseScenario({ ...base({ exponential: { mean: '10m' } }, stream), assumptions: { timeseriesInterval: interval } }, ctx).issues);
    expect(warned('1ms')).toEqual([
      'warning assumptions.timeseriesInterval: sampling every 1ms would take about 214,885,715 instants; timeseries.csv is sampled every 1.075s instead, about 199,894 instants (past 200,000 instants the interval doubles)',
    ]);
    expect(warned('500ms')).toEqual([
      'warning assumptions.timeseriesInterval: sampling every 500ms would take about 429,772 instants; timeseries.csv is sampled every 1.5s instead, about 143,258 instants (past 200,000 instants the interval doubles)',
    ]);
    expect(warned('1s')[0]).toContain('sampling every 1s would take about 214,886 instants; timeseries.csv is sampled every 2s instead, about 107,443 instants');
    expect(warned('2s')).toEqual([]);
    // The run's sampling instants are whole steps of 1.075 s for the first 200,000, and the rows show
    // that step (the last row is the run's end, off the grid).
    const { scenario } = parseScenario({ ...base({ exponential: { mean: '10m' } }, stream), assumptions: { timeseriesInterval: '1ms' } }, ctx);
    const times = [...new Set(simulate(scenario!, catalog).samples.t)].slice(0, -1);
    const firstPhase = times.filter((t) => t < MAX_SAMPLE_INSTANTS * 1075);
    expect(firstPhase.every((t) => t % 1075 === 0)).toBe(true);
    expect(firstPhase.some((t, i) => i > 0 && t - firstPhase[i - 1] === 1075)).toBe(true);
  });

  it('intervalText shows an interval exactly', () => {
    expect([1, 500, 1000, 1075, 90_500, 5_040_000, 2 * 86_400_000 + 3_600_000].map(intervalText)).toEqual(['1ms', '500ms', '1s', '1.075s', '1m 30.5s', '1h 24m', '2d 1h']);
  });

  it('the same run with the default (auto) interval: no sampling warning, about 2,000 instants', () => {
    const { scenario, issues } = parseScenario(base(1_000_000_000, { at: [0, 1] }), ctx);
    // 31.7 years / 2,000 instants = 5.8 days: sampled every 6 days, 1,930 instants.
    expect(shown(issues).filter((i) => i.includes('timeseriesInterval'))).toEqual([]);
    expect(estimateRun(scenario!).sampleInstants).toBe(Math.floor(1e12 / (6 * 86_400_000)) + 1);
  });

  it('every: 1s, count: 1e9 is refused at its path, above the hard limit', () => {
    const { scenario, issues } = parseScenario(base('1m', { every: '1s', count: 1e9 }), ctx);
    expect(scenario).toBeNull();
    expect(shown(issues)).toEqual([
      `error workload[0].arrivals: this workload submits about 1,000,000,000 jobs; one run holds at most ${MAX_JOBS.toLocaleString('en-US')} (check count, until and the rate; a sweep of smaller runs scales further)`,
    ]);
  });

  it('estimates jobs and horizon of the usual forms', () => {
    const { scenario } = parseScenario({ ...base('10m', { every: '1m', count: 100 }), until: '1d' }, ctx);
    const e = estimateRun(scenario!);
    expect(e.jobs).toBe(100);
    expect(e.horizonMs).toBe(100 * 60_000 + 600_000);
    expect(e.sampleInstants).toBe(111);
  });

  it('work queued behind too little capacity ends later than it arrives: vCPU-time over the vCPUs', () => {
    // 100,000 jobs of 10 minutes on one 16-vCPU instance: 100,000 × 600 s / 16 of work.
    const { scenario } = parseScenario(base('10m', { every: '1s', count: 100_000 }), ctx);
    expect(estimateRun(scenario!).horizonMs).toBe((100_000 * 600_000) / 16);
  });
});

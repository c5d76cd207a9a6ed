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
      'warning a large run: about 2 jobs, 200,016 events and 55 MiB of record files over 31.7 years of simulated time; check the units of durations and counts',
      'warning assumptions.timeseriesInterval: sampling every 1m would take about 16,666,667 instants; timeseries.csv is sampled every 1h 24m instead, about 198,413 instants (past 200,000 instants the interval doubles)',
    ]);
    // And it runs, in bounded memory: the time series holds at most MAX_SAMPLE_INSTANTS instants.
    const result = simulate(scenario!, catalog);
    expect(new Set(result.samples.t).size).toBeLessThanOrEqual(MAX_SAMPLE_INSTANTS + 1);
  });

  it('a run that writes no record files (run --outputs summary) is not told of their size', () => {
    const doc = { ...base(1_000_000_000, { at: [0, 1] }), assumptions: { timeseriesInterval: '1m' } };
    const warnings = shown(parseScenario(doc, { ...ctx, records: false }).issues);
    expect(warnings.filter((w) => w.includes('a large run'))).toEqual([
      'warning a large run: about 2 jobs and 200,016 events over 31.7 years of simulated time; check the units of durations and counts',
    ]);
    expect(warnings.some((w) => w.includes('timeseriesInterval'))).toBe(false);
  });

  it('reads the timeseriesInterval keywords in any case, as every enum value', () => {
    const mode = (v: string) => parseScenario({ ...base('1h', { at: [0] }), assumptions: { timeseriesInterval: v } }, ctx).scenario!.assumptions.timeseriesMode;
    expect(['auto', 'AUTO', 'Auto'].map(mode)).toEqual(['auto', 'auto', 'auto']);
    expect(['changes', 'Changes', 'CHANGES'].map(mode)).toEqual(['changes', 'changes', 'changes']);
    expect(mode('5m')).toBe('interval');
  });

  it('asks about milliseconds only where a bare number was written, not where a unit was', () => {
    const unitWarnings = (doc: Doc): string[] => shown(parseScenario(doc, ctx).issues).filter((w) => w.includes('did you mean milliseconds'));
    expect(unitWarnings(base('400d', { at: [0] }))).toEqual([]);
    expect(unitWarnings(base({ exponential: { mean: '1440000h' } }, { at: [0] }))).toEqual([]);
    expect(unitWarnings({ ...base('1h', { at: [0] }), until: '500d' })).toEqual([]);
    expect(unitWarnings(base({ exponential: { mean: 34_560_000 } }, { at: [0] }))).toEqual([
      'warning jobDefinitions[0].simulation.runtime: a mean of 34560000 is seconds (1.1 years); did you mean milliseconds? (a number is seconds; write "34560000ms")',
    ]);
    expect(unitWarnings({ ...base('1h', { at: [0] }), until: 43_200_000 })).toEqual([
      'warning until: 43200000 is seconds (1.4 years); did you mean milliseconds? (a number is seconds; write "43200000ms")',
    ]);
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

describe('instants past 2199, the last year a run can reach', () => {
  const refused = (doc: Doc): string[] => {
    const { scenario, issues } = parseScenario(doc, ctx);
    expect(scenario).toBeNull();
    return shown(issues).filter((i) => i.startsWith('error'));
  };
  const past = (years: string): string => `${years} years after startAt (2024-01-01T00:00:00Z) is past the end of 2199, the last year a run can reach (its instants are printed as dates); check the unit (a number is seconds)`;

  it('a runtime, an arrival, a period or an until that alone reaches past it is refused at its field', () => {
    expect(refused(base(1e13, { every: '1m', count: 20 }))).toEqual([`error jobDefinitions[0].simulation.runtime: ${past('316880.9')}`]);
    expect(refused(base({ uniform: { min: '1m', max: 1e13 } }, { every: '1m', count: 20 }))).toEqual([`error jobDefinitions[0].simulation.runtime: ${past('316880.9')}`]);
    expect(refused(base('10m', { at: [9e12] }))).toEqual([`error workload[0].arrivals.at: ${past('285192.8')}`]);
    expect(refused(base('10m', { every: 1e12, count: 10 }))).toEqual([`error workload[0].arrivals.every: ${past('31688.1')}`]);
    expect(refused({ ...base('10m', { every: '1m', count: 2 }), until: 1e14 })).toEqual([`error until: ${past('3168808.8')}`]);
    // The limit counts from startAt: 100 years fit from 2024, not from 2150.
    expect(parseScenario(base('10m', { at: ['36500d'] }), ctx).scenario).not.toBeNull();
    expect(refused({ ...base('10m', { at: ['36500d'] }), startAt: '2150-01-01' })[0]).toContain('error workload[0].arrivals.at: 99.9 years after startAt (2150-01-01T00:00:00Z) is past the end of 2199');
  });

  it('a run whose estimated end passes it is refused at the group that ends last, or at the workload when queued work is what takes so long', () => {
    expect(refused(base('10m', { every: '1d', count: 100_000 }))).toEqual([
      'error workload[0].arrivals: this group\'s last job would end about 273.8 years after startAt (2024-01-01T00:00:00Z), past the end of 2199, the last year a run can reach (its instants are printed as dates); check count, until, the rate and the runtimes',
    ]);
    expect(refused(base('10000d', { every: '1m', count: 2000 }))).toEqual([
      "error workload: the work of this workload, queued behind the compute environments' vCPUs, would take about 3422.3 years after startAt (2024-01-01T00:00:00Z), past the end of 2199, the last year a run can reach (its instants are printed as dates); set until, or give it more vCPUs",
    ]);
    // With until earlier, the run stops there: valid.
    expect(parseScenario({ ...base('10m', { every: '1d', count: 100_000 }), until: '36500d' }, ctx).scenario).not.toBeNull();
  });
});

describe('instances a run must hold from its start', () => {
  const managed = (resources: Doc): Doc => ({
    ...base('10m', { every: '1m', count: 20 }),
    computeEnvironments: [{ computeEnvironmentName: 'fixed', type: 'MANAGED', computeResources: { type: 'EC2', instanceTypes: ['c5.large'], ...resources } }],
  });
  const tail = 'one run holds at most 1,000,000 (check count, minvCpus and desiredvCpus; maxvCpus is a ceiling and may stay large)';

  it('an UNMANAGED count, minvCpus or desiredvCpus past MAX_INSTANCES is refused at its field; a large maxvCpus alone is not', () => {
    const fleet = base('10m', { every: '1m', count: 20 });
    fleet.computeEnvironments[0].simulation.instances[0].count = 1e9;
    expect(shown(parseScenario(fleet, ctx).issues)).toEqual([`error computeEnvironments[0].simulation.instances[0].count: this scenario makes about 1,000,000,000 instances exist from the start; ${tail}`]);
    expect(shown(parseScenario(managed({ minvCpus: 200_000_000, maxvCpus: 200_000_000 }), ctx).issues)).toEqual([
      `error computeEnvironments[0].computeResources.minvCpus: this scenario makes about 100,000,000 instances exist from the start; ${tail}`,
    ]);
    expect(shown(parseScenario(managed({ minvCpus: 0, desiredvCpus: 4_000_000, maxvCpus: 200_000_000 }), ctx).issues)).toEqual([
      `error computeEnvironments[0].computeResources.desiredvCpus: this scenario makes about 2,000,000 instances exist from the start; ${tail}`,
    ]);
    expect(parseScenario(managed({ minvCpus: 0, maxvCpus: 200_000_000 }), ctx).scenario).not.toBeNull();
    expect(parseScenario(managed({ minvCpus: 2_000_000, maxvCpus: 2_000_000 }), ctx).scenario).not.toBeNull();
  });
});

describe('workloads that never submit a job', () => {
  it('a first arrival after its until or the top-level until, and a queue whose only UNMANAGED fleet has count 0, are warned of', () => {
    expect(shown(parseScenario(base('10m', { every: '1m', until: '30s' }), ctx).issues)).toEqual([
      'warning workload[0].arrivals: the first arrival, at 1m, comes after its until (30s): this group never submits a job, so a run has nothing of it to do',
    ]);
    expect(shown(parseScenario({ ...base('10m', { every: '1m', count: 20 }), until: '30s' }, ctx).issues)).toEqual([
      'warning workload[0].arrivals: the first arrival, at 1m, comes after the top-level until (30s): this group never submits a job, so a run has nothing of it to do',
    ]);
    expect(shown(parseScenario({ ...base('10m', { at: [60, 120] }), until: '90s' }, ctx).issues)).toEqual([]);
    const empty = base('10m', { every: '1m', count: 20 });
    empty.computeEnvironments[0].simulation.instances[0].count = 0;
    const warned = shown(parseScenario(empty, ctx).issues);
    expect(warned).toHaveLength(1);
    // Registered memory is beside the point when there is no instance at all.
    expect(warned).toEqual(['warning workload[0].jobs[0]: no compute environment of job queue "q" has any instance (UNMANAGED "fixed": no entry of simulation.instances has a count above 0), so this job would stay RUNNABLE']);
  });
});

describe('array jobs in the run-size estimate', () => {
  it('counts each child\'s work: 200 arrays of 10,000 ten-minute children on 16 vCPUs take about 868 days', () => {
    const doc = base('10m', { every: '1m', count: 200 });
    doc.workload[0].jobs[0].arrayProperties = { size: 10_000 };
    const { scenario, issues } = parseScenario(doc, ctx);
    expect(estimateRun(scenario!).horizonMs).toBe((200 * 10_000 * 600_000) / 16);
    expect(shown(issues)[0]).toContain('over 2.4 years of simulated time');
  });
});

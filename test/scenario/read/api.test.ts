// `assumptions.api`: SubmitJob's rate (AWS Batch service quotas: 50 TPS per account; burst [EST])
// and the cap on jobs in SUBMITTED (1,000,000), read with defaults and located errors.
import { describe, expect, it } from 'vitest';
import { formatIssue, type Issue } from '../../../src/scenario/issues.js';
import { parseScenario } from '../../../src/scenario/parse.js';
import { fakeCatalog } from '../fake-catalog.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = any;

const ctx = { catalog: fakeCatalog(), baseDir: '/tmp', files: new Map<string, string>() };
const errorsOf = (issues: Issue[]): string[] => issues.filter((i) => i.severity === 'error').map(formatIssue);

function doc(api?: unknown): Doc {
  return {
    name: 'api',
    ...(api === undefined ? {} : { assumptions: { api } }),
    computeEnvironments: [{ computeEnvironmentName: 'rack', type: 'UNMANAGED', simulation: { instances: [{ instanceType: 'c5.4xlarge', count: 1 }] } }],
    jobQueues: [{ jobQueueName: 'q', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'rack' }] }],
    jobDefinitions: [{ jobDefinitionName: 'd', containerProperties: { resourceRequirements: [{ type: 'VCPU', value: '1' }, { type: 'MEMORY', value: '1024' }] }, simulation: { runtime: '1m' } }],
    workload: [{ name: 'w', arrivals: { at: [0] }, jobs: [{ jobName: 'd', jobQueue: 'q', jobDefinition: 'd' }] }],
  };
}

describe('assumptions.api', () => {
  it("defaults to AWS's quotas: 50 SubmitJob calls per second (burst 50), 1,000,000 jobs in SUBMITTED", () => {
    expect(parseScenario(doc(), ctx).scenario!.assumptions.api).toEqual({ submitJob: { perSecond: 50, burst: 50 }, maxSubmittedJobs: 1_000_000 });
    expect(parseScenario(doc({}), ctx).scenario!.assumptions.api).toEqual({ submitJob: { perSecond: 50, burst: 50 }, maxSubmittedJobs: 1_000_000 });
  });

  it('reads a rate, a burst defaulting to one second of calls, unlimited in any case, and the cap', () => {
    const api = (v: unknown) => {
      const { scenario, issues } = parseScenario(doc(v), ctx);
      expect(errorsOf(issues)).toEqual([]);
      return scenario!.assumptions.api;
    };
    expect(api({ submitJob: { perSecond: 10, burst: 200 } }).submitJob).toEqual({ perSecond: 10, burst: 200 });
    expect(api({ submitJob: { perSecond: 2.5 } }).submitJob).toEqual({ perSecond: 2.5, burst: 3 });
    expect(api({ submitJob: { burst: 5 } }).submitJob).toEqual({ perSecond: 50, burst: 5 });
    expect(api({ submitJob: 'Unlimited' }).submitJob).toBeNull();
    expect(api({ maxSubmittedJobs: 500 })).toEqual({ submitJob: { perSecond: 50, burst: 50 }, maxSubmittedJobs: 500 });
  });

  const bad: [string, unknown, string][] = [
    ['rate 0', { submitJob: { perSecond: 0 } }, 'assumptions.api.submitJob.perSecond: must be greater than 0, got 0'],
    ['fractional burst', { submitJob: { burst: 1.5 } }, 'assumptions.api.submitJob.burst: must be a whole number, got 1.5'],
    ['a bare number', { submitJob: 50 }, 'assumptions.api.submitJob: expected unlimited or {perSecond: x, burst: n}, got 50'],
    ['misspelt key', { submitJob: { perSecnd: 5 } }, 'assumptions.api.submitJob.perSecnd: unknown field "perSecnd"; did you mean "perSecond"?'],
    ['cap 0', { maxSubmittedJobs: 0 }, 'assumptions.api.maxSubmittedJobs: must be at least 1, got 0'],
    ['misspelt api key', { submitjobs: 'unlimited' }, 'assumptions.api.submitjobs: unknown field "submitjobs"; did you mean "submitJob"?'],
  ];
  it.each(bad)('%s', (_title, api, expected) => {
    const { scenario, issues } = parseScenario(doc(api), ctx);
    expect(scenario).toBeNull();
    expect(errorsOf(issues)).toEqual([expected]);
  });
});

describe("validate's SubmitJob note", () => {
  const notes = (d: Doc): string[] => parseScenario(d, ctx).issues.filter((i) => i.severity === 'note' && /SubmitJob/.test(i.message)).map(formatIssue);

  it('notes a burst of more calls than the bucket holds, with how long the last one waits', () => {
    const d = doc();
    d.workload[0].arrivals = { burst: { count: 100_000, at: [0] } };
    // (100,000 − 50) calls ÷ 50 per second = 1,999 s ≈ 33 min.
    expect(notes(d)).toEqual([
      'workload[0].arrivals: 100,000 SubmitJob calls at one instant: at 50 per second (burst 50, assumptions.api.submitJob) the last goes through 33m later; an array job (arrayProperties.size up to 10,000) is one call',
    ]);
  });

  it('counts one call per template at each instant of `at`; none for what the bucket holds or when unlimited', () => {
    const d = doc({ submitJob: { perSecond: 1, burst: 2 } });
    d.workload[0].arrivals = { at: [0, 0, 5] };
    d.workload[0].jobs.push({ jobName: 'e', jobQueue: 'q', jobDefinition: 'd', arrayProperties: { size: 10 } });
    // Two arrivals at 0 x two templates = 4 calls > burst 2: the last 2 s later.
    expect(notes(d)).toEqual(['workload[0].arrivals: 4 SubmitJob calls at one instant: at 1 per second (burst 2, assumptions.api.submitJob) the last goes through 2s later; an array job (arrayProperties.size up to 10,000) is one call']);
    d.workload[0].arrivals = { at: [0, 5] };
    expect(notes(d)).toEqual([]);
    const unlimited = doc({ submitJob: 'unlimited' });
    unlimited.workload[0].arrivals = { burst: { count: 100_000, at: [0] } };
    expect(notes(unlimited)).toEqual([]);
  });
});

// parse.ts runs the stages in their numbered order: load, import, read, validate, finalize.
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/scenario/issues.js';
import { IMPORTERS, parseScenario, parseScenarioFile, type Importer } from '../../src/scenario/parse.js';
import { fakeCatalog } from './fake-catalog.js';

type Doc = Record<string, unknown>;
const ctx = { catalog: fakeCatalog(), baseDir: '/', files: new Map<string, string>() };

function doc(): Doc {
  return {
    name: 'x',
    computeEnvironments: [
      { computeEnvironmentName: 'a', type: 'MANAGED', computeResources: { type: 'EC2', maxvCpus: 4, instanceTypes: ['c5.large'] } },
      { computeEnvironmentName: 'b', type: 'MANAGED', computeResources: { type: 'EC2', maxvCpus: 4, instanceTypes: ['c5.large'] } },
    ],
    jobQueues: [{ jobQueueName: 'q', priority: 1, computeEnvironmentOrder: [{ order: 2, computeEnvironment: 'a' }, { order: 1, computeEnvironment: 'b' }] }],
    jobDefinitions: [{ jobDefinitionName: 'd', containerProperties: { vcpus: 1, memory: 512 }, simulation: { runtime: 60 } }],
    workload: [{ name: 'w', arrivals: { at: [0] }, jobs: [{ jobName: 'j', jobQueue: 'q', jobDefinition: 'd' }] }],
  };
}

describe('parseScenario', () => {
  it('leaves a scenario without revisions as written', () => {
    expect(IMPORTERS.length).toBe(1);
    expect(parseScenario(doc(), ctx)).toEqual(parseScenario(doc(), { ...ctx, importers: [] }));
  });

  it('2. imports before it reads, each importer in turn', () => {
    const seen: unknown[] = [];
    const rename = (suffix: string): Importer => (d) => {
      seen.push(d);
      return { document: { ...(d as Doc), name: `${(d as Doc).name}${suffix}` }, issues: [] };
    };
    const { scenario, issues } = parseScenario(doc(), { ...ctx, importers: [rename('-a'), rename('-b')] });
    expect(issues).toEqual([]);
    expect(scenario?.name).toBe('x-a-b');
    expect((seen[1] as Doc).name).toBe('x-a');
  });

  it('3. reads, then 4. validates: issues of one value come before cross-references', () => {
    const d = doc();
    (d.jobQueues as Doc[])[0].priorty = 1;
    (d.workload as Doc[])[0].jobs = [{ jobName: 'j', jobQueue: 'nope', jobDefinition: 'd' }];
    const { scenario, issues } = parseScenario(d, ctx);
    expect(scenario).toBeNull();
    expect(issues.map(formatIssue)).toEqual([
      'jobQueues[0].priorty: unknown field "priorty"; did you mean "priority"?',
      'workload[0].jobs[0].jobQueue: no job queue named "nope"',
    ]);
  });

  it('5. finalizes only a valid scenario: the compute environments in their order', () => {
    const { scenario } = parseScenario(doc(), ctx);
    expect(scenario?.jobQueues[0].computeEnvironmentOrder.map((e) => e.computeEnvironment)).toEqual(['b', 'a']);
  });

  it('turns a throwing importer into an issue, never a stack trace', () => {
    const broken: Importer = () => {
      throw new Error('boom');
    };
    expect(parseScenario(doc(), { ...ctx, importers: [broken] })).toEqual({
      scenario: null,
      issues: [{ path: '', message: 'internal error (a bug in batchsim): boom', severity: 'error' }],
    });
  });
});

describe('parseScenarioFile', () => {
  it('1. loads first: a file that cannot be read is an issue of its own', () => {
    const { scenario, issues } = parseScenarioFile('/no/such/scenario.yaml', { catalog: fakeCatalog() });
    expect(scenario).toBeNull();
    expect(issues.map(formatIssue)).toEqual(['cannot read scenario file "/no/such/scenario.yaml": no such file']);
  });

  it('reads a bundled scenario end to end', () => {
    const { scenario, issues } = parseScenarioFile('scenarios/contract-basic.yaml', { catalog: fakeCatalog(), defaultName: 'basic' });
    expect(issues).toEqual([]);
    expect(scenario?.seed).toBe(7);
  });
});

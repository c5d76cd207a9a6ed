// validate counts the jobs (trace records and job templates) no environment of their queue can
// ever hold, with the largest, and says what would hold them; --strict makes that an error.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatIssue, loadScenario, strictly, type Issue } from '../../src/index.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { fakeCatalog } from './fake-catalog.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const ctx = { catalog: fakeCatalog(), baseDir: '/tmp', files: new Map<string, string>() };
const shown = (issues: Issue[]): string[] =>
  issues.filter((i) => i.severity !== 'note').map((i) => `${i.severity} ${formatIssue(i)}`);

function scenario(maxvCpus: number, vcpus: string): unknown {
  return {
    computeEnvironments: [{ computeEnvironmentName: 'c5', type: 'MANAGED', computeResources: { type: 'EC2', maxvCpus, instanceTypes: ['c5.large'] } }],
    jobQueues: [{ jobQueueName: 'q', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'c5' }] }],
    jobDefinitions: [{ jobDefinitionName: 'big', containerProperties: { resourceRequirements: [{ type: 'VCPU', value: vcpus }, { type: 'MEMORY', value: '1024' }] }, simulation: { runtime: '1m' } }],
    workload: [{ name: 'w', arrivals: { at: [0] }, jobs: [{ jobName: 'big', jobQueue: 'q', jobDefinition: 'big' }] }],
  };
}

describe('capacity checks', () => {
  it('count the trace records no environment of the queue holds, with the largest and what would hold it', () => {
    const loaded = loadScenario(join(root, 'test/fixtures/capacity/kth-sp2-c5.yaml'));
    expect(loaded.scenario).not.toBeNull();
    expect(shown(loaded.issues)).toEqual([
      'warning workload[0].arrivals.trace.file: 30 of 200 records need more than any instance of job queue "q" has free, so they would stay RUNNABLE ' +
        'and block the queue; the largest needs 82 vCPU, 1024 MiB; "c5" would hold it with c5.24xlarge (96 vCPU) in instanceTypes',
    ]);
  });

  it('--strict (strictly) turns the warning into an error, so nothing runs', () => {
    const loaded = strictly(loadScenario(join(root, 'test/fixtures/capacity/kth-sp2-c5.yaml')));
    expect(loaded.scenario).toBeNull();
    expect(loaded.issues.filter((i) => i.severity === 'error').map((i) => i.path)).toEqual(['workload[0].arrivals.trace.file']);
  });

  it('a job definition bigger than its instance types: the smallest type of the family that fits', () => {
    const { issues } = parseScenario(scenario(64, '3'), ctx);
    expect(shown(issues)).toEqual([
      'warning workload[0].jobs[0]: no compute environment of job queue "q" has an instance with 3 vCPU, 1024 MiB free for jobs ' +
        '(an instance registers less than its nominal memory, 91–97% on Nitro and 97.5% on Xen, less 32 MiB for the ECS agent; see assumptions.registeredMemory), so this job would stay RUNNABLE; "c5" would hold it with c5.xlarge (4 vCPU) in instanceTypes',
    ]);
  });

  it('a job definition above maxvCpus: the maxvCpus needed too', () => {
    const { issues } = parseScenario(scenario(2, '3'), ctx);
    expect(shown(issues)[0]).toMatch(/; "c5" would hold it with c5\.xlarge \(4 vCPU\) in instanceTypes and maxvCpus ≥ 3$/);
  });

  it('no type of the families is big enough', () => {
    const { issues } = parseScenario(scenario(64, '64'), ctx);
    expect(shown(issues)[0]).toMatch(/so this job would stay RUNNABLE; no instance type of the families of "c5" holds it$/);
  });
});

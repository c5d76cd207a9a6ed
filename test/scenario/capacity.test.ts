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

  it('count trace records per queue: a record\'s own queue when the scenario has it, else the template\'s; its own size, else the template\'s', () => {
    const trace = [
      'submitTime,runtime,vcpus,memory,queue',
      '0,60,1,1024,small', // fits
      '1,60,4,1024,small', // too many vCPUs for c5.large
      '1,60,4,1024,small', // the same shape as the record before
      '2,60,8,,small', // the template's memory (1024)
      '3,60,2,8000,small', // too much memory, fewer vCPUs than the largest so far
      '4,60,8,2048,elsewhere', // no such queue: the template's (small); same vCPUs as the largest, more memory
      '5,60,32,1024,big', // more than c5.4xlarge
      '6,60,2,3990,big', // fits c5.4xlarge
      '6,60,2,3990,small', // the same shape as the record before, in a queue it does not fit
      '7,60,4,1024,small', // a shape seen before
      '8,60,1,1024,', // no queue: the template's; fits
    ].join('\n');
    const env = (name: string, type: string) => ({ computeEnvironmentName: name, type: 'MANAGED', computeResources: { type: 'EC2', maxvCpus: 256, instanceTypes: [type] } });
    const queue = (name: string, ce: string, priority: number) => ({ jobQueueName: name, priority, computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }] });
    const doc = {
      computeEnvironments: [env('small-ce', 'c5.large'), env('big-ce', 'c5.4xlarge')],
      jobQueues: [queue('small', 'small-ce', 2), queue('big', 'big-ce', 1)],
      jobDefinitions: [{ jobDefinitionName: 'job', containerProperties: { resourceRequirements: [{ type: 'VCPU', value: '1' }, { type: 'MEMORY', value: '1024' }] }, simulation: { runtime: '1m' } }],
      workload: [{ name: 'log', arrivals: { trace: { file: 'log.csv', format: 'csv' } }, jobs: [{ jobName: 'job', jobQueue: 'small', jobDefinition: 'job' }] }],
    };
    const { issues } = parseScenario(doc, { ...ctx, files: new Map([['log.csv', trace]]) });
    expect(shown(issues).map((line) => line.replace(/; the largest needs (.*?);.*$/, '; largest $1'))).toEqual([
      'warning workload[0].arrivals.trace.file: 7 of 11 records need more than any instance of job queue "small" has free, so they would stay RUNNABLE and block the queue; largest 8 vCPU, 2048 MiB',
      'warning workload[0].arrivals.trace.file: 1 of 11 records need more than any instance of job queue "big" has free, so they would stay RUNNABLE and block the queue; largest 32 vCPU, 1024 MiB',
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

// Scenarios that cannot do anything are not successes: a cron that never fires, no workload, a
// rate AWS refuses, an unknown region, a vCPU count past what a number holds exactly.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/data/load.js';
import { formatIssue, type Issue } from '../../src/scenario/issues.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { parseSchedule } from '../../src/workload/schedule.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = any;

const ctx = { catalog: loadCatalog(), baseDir: '/tmp', files: new Map<string, string>() };
const shown = (issues: Issue[]): string[] => issues.filter((i) => i.severity !== 'note').map((i) => `${i.severity} ${formatIssue(i)}`);

function base(): Doc {
  return {
    computeEnvironments: [{ computeEnvironmentName: 'c5', type: 'MANAGED', computeResources: { type: 'EC2', maxvCpus: 64, instanceTypes: ['c5'] } }],
    jobQueues: [{ jobQueueName: 'q', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'c5' }] }],
    jobDefinitions: [{ jobDefinitionName: 'd', containerProperties: { resourceRequirements: [{ type: 'VCPU', value: '1' }, { type: 'MEMORY', value: '1024' }] }, simulation: { runtime: '1m' } }],
    workload: [{ name: 'w', arrivals: { at: [0] }, jobs: [{ jobName: 'j', jobQueue: 'q', jobDefinition: 'd' }] }],
  };
}

const cases: [string, (d: Doc) => void, string][] = [
  ['a cron on 30 February', (d) => (d.workload[0].arrivals = { schedule: 'cron(0 12 30 2 ? *)', count: 3 }),
    'error workload[0].arrivals.schedule: cron(0 12 30 2 ? *) never fires at or after startAt (2024-01-01T00:00:00Z), so no job arrives; check the day of the month and the year'],
  ['a cron in a past year', (d) => (d.workload[0].arrivals = { schedule: 'cron(0 12 1 1 ? 2020)', count: 3 }),
    'error workload[0].arrivals.schedule: cron(0 12 1 1 ? 2020) never fires at or after startAt (2024-01-01T00:00:00Z), so no job arrives; check the day of the month and the year'],
  ['a burst on a cron that never fires', (d) => { d.until = '1d'; d.workload[0].arrivals = { burst: { count: 2, schedule: 'cron(0 0 31 4 ? *)' } }; },
    'error workload[0].arrivals.burst.schedule: cron(0 0 31 4 ? *) never fires at or after startAt (2024-01-01T00:00:00Z), so no job arrives; check the day of the month and the year'],
  ['rate(5 minute)', (d) => (d.workload[0].arrivals = { schedule: 'rate(5 minute)', count: 3 }),
    'error workload[0].arrivals.schedule: rate(5 minute): AWS takes the singular unit for a value of 1 and the plural above it: write rate(5 minutes)'],
  ['rate(1 hours)', (d) => (d.workload[0].arrivals = { schedule: 'rate(1 hours)', count: 3 }),
    'error workload[0].arrivals.schedule: rate(1 hours): AWS takes the singular unit for a value of 1 and the plural above it: write rate(1 hour)'],
  ['no workload', (d) => delete d.workload,
    'warning workload: no workload: nothing is ever submitted, so a run has nothing to do'],
  ['region: mars-1', (d) => (d.assumptions = { region: 'mars-1' }),
    'error assumptions.region: unknown region "mars-1"; the bundled Spot and Fargate prices know af-south-1, ap-east-1/2, ap-northeast-1/2/3, ap-south-1/2, ' +
    'ap-southeast-1/2/3/4/5/7, ca-central-1, ca-west-1, eu-central-1/2, eu-north-1, eu-south-1/2, eu-west-1/2/3, il-central-1, me-central-1, me-south-1, ' +
    'mx-central-1, sa-east-1, us-east-1/2, us-gov-east-1, us-gov-west-1, us-west-1/2'],
  ['maxvCpus: 1e300', (d) => (d.computeEnvironments[0].computeResources.maxvCpus = 1e300),
    'error computeEnvironments[0].computeResources.maxvCpus: must be a whole number of at most 9007199254740991 (2^53 − 1), got 1e+300'],
  ['maxvCpus past the AWS API\'s Integer', (d) => (d.computeEnvironments[0].computeResources.maxvCpus = 2 ** 31),
    'error computeEnvironments[0].computeResources.maxvCpus: must be between 0 and 2147483647, got 2147483648'],
];

describe('runs that cannot do anything', () => {
  it('the base document is clean', () => {
    expect(shown(parseScenario(base(), ctx).issues)).toEqual([]);
  });
  it.each(cases)('%s', (_name, change, expected) => {
    const doc = base();
    change(doc);
    expect(shown(parseScenario(doc, ctx).issues)[0]).toBe(expected);
  });
  it('rate(1 minute) and rate(5 minutes) are valid', () => {
    expect(parseSchedule('rate(1 minute)').ok).toBe(true);
    expect(parseSchedule('rate(5 minutes)').ok).toBe(true);
  });
});

describe('a queue that receives jobs but can never run them', () => {
  const warnings = (change: (d: Doc) => void): string[] => {
    const doc = base();
    change(doc);
    return shown(parseScenario(doc, ctx).issues);
  };
  it('warns when none of its compute environments is ENABLED', () => {
    expect(warnings((d) => (d.computeEnvironments[0].state = 'DISABLED'))).toEqual([
      'warning jobQueues[0].computeEnvironmentOrder: job queue "q" has no ENABLED compute environment ("c5" is DISABLED), and a DISABLED compute environment ' +
        'takes no new jobs and does not scale out, so every job sent to this queue would stay RUNNABLE',
    ]);
    const two = (d: Doc): void => {
      d.computeEnvironments.push({ ...d.computeEnvironments[0], computeEnvironmentName: 'c6i', computeResources: { ...d.computeEnvironments[0].computeResources, instanceTypes: ['c6i'] } });
      d.jobQueues[0].computeEnvironmentOrder.push({ order: 2, computeEnvironment: 'c6i' });
      d.computeEnvironments[0].state = 'DISABLED';
    };
    // One of two still ENABLED: the queue runs its jobs there.
    expect(warnings(two)).toEqual([]);
    expect(warnings((d) => { two(d); d.computeEnvironments[1].state = 'DISABLED'; })[0]).toContain('job queue "q" has no ENABLED compute environment ("c5", "c6i" are DISABLED)');
  });
  it('warns when the queue itself is DISABLED', () => {
    expect(warnings((d) => (d.jobQueues[0].state = 'DISABLED'))).toEqual([
      'warning jobQueues[0].state: job queue "q" is DISABLED, and AWS adds no new jobs to a DISABLED queue; the jobs sent to it here are never scheduled and would stay RUNNABLE',
    ]);
  });
  it('says nothing of a DISABLED queue or environment no job is sent to', () => {
    expect(
      warnings((d) => {
        d.computeEnvironments.push({ ...d.computeEnvironments[0], computeEnvironmentName: 'spare', state: 'DISABLED' });
        d.jobQueues.push({ jobQueueName: 'idle', state: 'DISABLED', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'spare' }] });
      }),
    ).toEqual([]);
  });
});

// Every kind of mistake a user makes, with the exact path and message each one produces.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue, type Issue } from '../../src/scenario/issues.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { fakeCatalog } from './fake-catalog.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = any;

/** A small valid scenario every case starts from: a managed EC2 CE, an unmanaged one, two queues. */
function base(): Doc {
  return {
    name: 't',
    description: 'a test',
    computeEnvironments: [
      { computeEnvironmentName: 'spot', type: 'MANAGED', computeResources: { type: 'EC2', minvCpus: 0, maxvCpus: 64, instanceTypes: ['c5'] } },
      { computeEnvironmentName: 'fixed', type: 'UNMANAGED', simulation: { instances: [{ instanceType: 'c5.4xlarge', count: 1 }] } },
    ],
    jobQueues: [
      { jobQueueName: 'main', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'fixed' }] },
      { jobQueueName: 'cloud', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'spot' }] },
    ],
    jobDefinitions: [
      {
        jobDefinitionName: 'work',
        type: 'container',
        containerProperties: { resourceRequirements: [{ type: 'VCPU', value: '1' }, { type: 'MEMORY', value: '1024' }] },
        simulation: { runtime: '10m' },
      },
    ],
    workload: [
      { name: 'stream', arrivals: { poisson: { perHour: 60 }, count: 100 }, jobs: [{ jobName: 'work', jobQueue: 'main', jobDefinition: 'work' }] },
    ],
  };
}

const ctx = { catalog: fakeCatalog(), baseDir: '/tmp', files: new Map<string, string>() };
const errorsOf = (issues: Issue[]): string[] => issues.filter((i) => i.severity === 'error').map(formatIssue);
const ce = (name: string, type = 'EC2'): Doc => ({
  computeEnvironmentName: name,
  type: 'MANAGED',
  computeResources: { type, maxvCpus: 16, ...(type.startsWith('FARGATE') ? {} : { instanceTypes: ['c5'] }) },
});
const job = (d: Doc): Doc => d.workload[0].jobs[0];
const jd = (d: Doc): Doc => d.jobDefinitions[0];
const cr = (d: Doc): Doc => d.computeEnvironments[0].computeResources;

const cases: [string, (d: Doc) => void, string][] = [
  ['misspelt compute environment in a queue', (d) => (d.jobQueues[1].computeEnvironmentOrder[0].computeEnvironment = 'spto'),
    'jobQueues[1].computeEnvironmentOrder[0].computeEnvironment: no compute environment named "spto"; did you mean "spot"?'],
  ['compute environment ARN that does not resolve', (d) => (d.jobQueues[1].computeEnvironmentOrder[0].computeEnvironment = 'arn:aws:batch:us-east-1:123456789012:compute-environment/spots'),
    'jobQueues[1].computeEnvironmentOrder[0].computeEnvironment: no compute environment named "spots"; did you mean "spot"?'],
  ['misspelt top-level key', (d) => { d.descripton = d.description; delete d.description; },
    'descripton: unknown field "descripton"; did you mean "description"?'],
  ['misspelt AWS field', (d) => (cr(d).allocationStrategey = 'BEST_FIT'),
    'computeEnvironments[0].computeResources.allocationStrategey: unknown field "allocationStrategey"; did you mean "allocationStrategy"?'],
  ['misspelt simulation field', (d) => { jd(d).simulation = { runtim: '10m' }; },
    'jobDefinitions[0].simulation.runtim: unknown field "runtim"; did you mean "runtime"?'],
  ['duration in words', (d) => (jd(d).simulation.runtime = '45 minutes'),
    'jobDefinitions[0].simulation.runtime: "45 minutes" is not a duration; use a number of seconds or a string like 500ms, 90s, 45m, 2h, 3d or 1h30m'],
  ['negative maxvCpus', (d) => (cr(d).maxvCpus = -1), 'computeEnvironments[0].computeResources.maxvCpus: must be between 0 and 2147483647, got -1'],
  ['minvCpus above maxvCpus', (d) => (cr(d).minvCpus = 128), 'computeEnvironments[0].computeResources.minvCpus: minvCpus (128) must not exceed maxvCpus (64)'],
  ['desiredvCpus outside [min, max]', (d) => (cr(d).desiredvCpus = 100),
    'computeEnvironments[0].computeResources.desiredvCpus: must be between minvCpus (0) and maxvCpus (64), got 100'],
  ['misspelt enum value', (d) => (d.computeEnvironments[0].type = 'MANAGD'),
    'computeEnvironments[0].type: must be one of MANAGED, UNMANAGED, got "MANAGD"; did you mean "MANAGED"?'],
  // ComputeScalingPolicy: 0 (off) or 20..10080 minutes.
  ['scale-down delay inside the gap above 0', (d) => (cr(d).scalingPolicy = { minScaleDownDelayMinutes: 10 }),
    'computeEnvironments[0].computeResources.scalingPolicy.minScaleDownDelayMinutes: must be 0 (off) or between 20 and 10080 minutes, got 10'],
  ['scale-down delay above a week', (d) => (cr(d).scalingPolicy = { minScaleDownDelayMinutes: 10_081 }),
    'computeEnvironments[0].computeResources.scalingPolicy.minScaleDownDelayMinutes: must be between 0 and 10080, got 10081'],
  ['SPOT allocation strategy on EC2', (d) => (cr(d).allocationStrategy = 'SPOT_CAPACITY_OPTIMIZED'),
    'computeEnvironments[0].computeResources.allocationStrategy: SPOT_CAPACITY_OPTIMIZED applies only to SPOT compute environments, not EC2'],
  ['unknown instance type', (d) => (cr(d).instanceTypes = ['c5.larg']),
    'computeEnvironments[0].computeResources.instanceTypes[0]: unknown instance type "c5.larg"; did you mean "c5.large"?'],
  ['instanceTypes on Fargate', (d) => (d.computeEnvironments.push({ ...ce('serverless', 'FARGATE') }), d.computeEnvironments[2].computeResources.instanceTypes = ['c5']),
    'computeEnvironments[2].computeResources.instanceTypes: not allowed for Fargate compute environments'],
  ['unmanaged custom shape without vcpus', (d) => (d.computeEnvironments[1].simulation.instances = [{ instanceType: 'rack-node', count: 2, memory: '64 GiB' }]),
    'computeEnvironments[1].simulation.instances[0].vcpus: vcpus is required for "rack-node", which is not in the instance catalogue'],
  ['unmanaged custom shape with fractional memory', (d) => (d.computeEnvironments[1].simulation.instances = [{ instanceType: 'rack-node', count: 2, vcpus: 16, memoryMiB: 32768.5 }]),
    'computeEnvironments[1].simulation.instances[0].memoryMiB: must be a whole number, got 32768.5'],
  ['unmanaged without instances', (d) => delete d.computeEnvironments[1].simulation,
    'computeEnvironments[1].simulation: an UNMANAGED compute environment needs simulation.instances (the fleet you run yourself)'],
  ['more than 3 compute environments in a queue', (d) => {
    d.computeEnvironments.push(ce('a'), ce('b'));
    d.jobQueues[1].computeEnvironmentOrder.push({ order: 2, computeEnvironment: 'a' }, { order: 3, computeEnvironment: 'b' }, { order: 4, computeEnvironment: 'fixed' });
  }, 'jobQueues[1].computeEnvironmentOrder: at most 3 compute environments per job queue (AWS quota), got 4'],
  ['empty computeEnvironmentOrder', (d) => (d.jobQueues[1].computeEnvironmentOrder = []), 'jobQueues[1].computeEnvironmentOrder: must not be empty'],
  ['queue mixing EC2 and FARGATE', (d) => {
    d.computeEnvironments.push(ce('serverless', 'FARGATE'));
    d.jobQueues[1].computeEnvironmentOrder.push({ order: 2, computeEnvironment: 'serverless' });
  }, 'jobQueues[1].computeEnvironmentOrder: a job queue cannot mix EC2/SPOT compute environments ("spot") with FARGATE/FARGATE_SPOT ones ("serverless")'],
  ['duplicate job definition names', (d) => d.jobDefinitions.push(structuredClone(jd(d))),
    'jobDefinitions[1].jobDefinitionName: duplicate job definition name "work" (first defined at jobDefinitions[0])'],
  ['duplicate compute environment names', (d) => d.computeEnvironments.push(ce('spot')),
    'computeEnvironments[2].computeEnvironmentName: duplicate compute environment name "spot" (first defined at computeEnvironments[0])'],
  ['unknown scheduling policy', (d) => {
    d.jobQueues[0].schedulingPolicyArn = 'arn:aws:batch:us-east-1:123456789012:scheduling-policy/teams';
    job(d).shareIdentifier = 'a';
  },
    'jobQueues[0].schedulingPolicyArn: no scheduling policy named "teams"'],
  ['job on a fair-share queue without shareIdentifier', (d) => {
    d.schedulingPolicies = [{ name: 'teams' }];
    d.jobQueues[0].schedulingPolicyArn = 'teams';
  }, 'workload[0].jobs[0].shareIdentifier: job queue "main" has a scheduling policy (fair share), so every job needs a shareIdentifier'],
  ['attempts 0', (d) => (jd(d).retryStrategy = { attempts: 0 }), 'jobDefinitions[0].retryStrategy.attempts: must be between 1 and 10, got 0'],
  ['attempts 11', (d) => (jd(d).retryStrategy = { attempts: 11 }), 'jobDefinitions[0].retryStrategy.attempts: must be between 1 and 10, got 11'],
  ['more than 5 evaluateOnExit rules', (d) => (jd(d).retryStrategy = { attempts: 2, evaluateOnExit: Array.from({ length: 6 }, () => ({ onReason: '*', action: 'EXIT' })) }),
    'jobDefinitions[0].retryStrategy.evaluateOnExit: at most 5 evaluateOnExit rules, got 6'],
  ['leading * in a pattern', (d) => (jd(d).retryStrategy = { attempts: 2, evaluateOnExit: [{ onStatusReason: '*EC2', action: 'retry' }] }),
    'jobDefinitions[0].retryStrategy.evaluateOnExit[0].onStatusReason: only a trailing "*" is allowed (a prefix match), got "*EC2"'],
  // EvaluateOnExit API reference: letters, numbers, periods, colons and white space, then an optional "*".
  ['parentheses in onStatusReason', (d) => (jd(d).retryStrategy = { attempts: 2, evaluateOnExit: [{ onStatusReason: 'Host EC2 (instance*', action: 'RETRY' }] }),
    'jobDefinitions[0].retryStrategy.evaluateOnExit[0].onStatusReason: may hold only letters, numbers, periods, colons, spaces and tabs, with an optional trailing "*" (AWS EvaluateOnExit), got "Host EC2 (instance*"'],
  ['hyphen in onReason', (d) => (jd(d).retryStrategy = { attempts: 2, evaluateOnExit: [{ onReason: 'CannotPullContainerError-*', action: 'EXIT' }] }),
    'jobDefinitions[0].retryStrategy.evaluateOnExit[0].onReason: may hold only letters, numbers, periods, colons, spaces and tabs, with an optional trailing "*" (AWS EvaluateOnExit), got "CannotPullContainerError-*"'],
  ['non-digit onExitCode', (d) => (jd(d).retryStrategy = { attempts: 2, evaluateOnExit: [{ onExitCode: '13a', action: 'EXIT' }] }),
    'jobDefinitions[0].retryStrategy.evaluateOnExit[0].onExitCode: must be digits with an optional trailing "*", got "13a"'],
  ['rule without action', (d) => (jd(d).retryStrategy = { attempts: 2, evaluateOnExit: [{ onExitCode: '1' }] }),
    'jobDefinitions[0].retryStrategy.evaluateOnExit[0].action: required'],
  ['attemptDurationSeconds below 60', (d) => (jd(d).timeout = { attemptDurationSeconds: 30 }), 'jobDefinitions[0].timeout.attemptDurationSeconds: must be at least 60, got 30'],
  ['VCPU not a number', (d) => (jd(d).containerProperties.resourceRequirements[0].value = 'four'),
    'jobDefinitions[0].containerProperties.resourceRequirements[0].value: VCPU must be a positive number, got "four"'],
  ['MEMORY missing', (d) => jd(d).containerProperties.resourceRequirements.pop(),
    'jobDefinitions[0].containerProperties: MEMORY is required: a resourceRequirements entry {type: MEMORY, value: "…"} or containerProperties.memory'],
  ['runtime missing', (d) => delete jd(d).simulation, 'jobDefinitions[0].simulation: required'],
  ['uniform min above max', (d) => (jd(d).simulation.runtime = { uniform: { min: '10m', max: '5m' } }), 'jobDefinitions[0].simulation.runtime.uniform: min (10m) must not exceed max (5m)'],
  ['lognormal p95 not above median', (d) => (jd(d).simulation.runtime = { lognormal: { median: '10m', p95: '5m' } }),
    'jobDefinitions[0].simulation.runtime.lognormal.p95: p95 must be greater than median'],
  ['misspelt distribution', (d) => (jd(d).simulation.runtime = { exponental: { mean: 60 } }),
    'jobDefinitions[0].simulation.runtime.exponental: unknown distribution "exponental"; did you mean "exponential"?; expected one of fixed, exponential, uniform, lognormal, empirical'],
  ['failure probability above 1', (d) => (jd(d).simulation.failure = { probability: 2 }), 'jobDefinitions[0].simulation.failure.probability: must be between 0 and 1, got 2'],
  ['unknown job definition in the workload', (d) => (job(d).jobDefinition = 'wrok'), 'workload[0].jobs[0].jobDefinition: no job definition named "wrok"; did you mean "work"?'],
  ['unknown job queue in the workload', (d) => (job(d).jobQueue = 'mian'), 'workload[0].jobs[0].jobQueue: no job queue named "mian"; did you mean "main"?'],
  ['poisson with neither count nor until', (d) => delete d.workload[0].arrivals.count,
    'workload[0].arrivals: this arrival stream never ends: give count or until here, or until at the top level'],
  ['poisson rate 0', (d) => (d.workload[0].arrivals.poisson.perHour = 0), 'workload[0].arrivals.poisson.perHour: must be greater than 0, got 0'],
  ['two arrival kinds', (d) => (d.workload[0].arrivals.at = [0]),
    'workload[0].arrivals: needs exactly one of poisson, at, every, schedule, burst, trace, got poisson, at'],
  ['bad schedule expression', (d) => (d.workload[0].arrivals = { schedule: '0 2 * * ? *' }),
    'workload[0].arrivals.schedule: must be an EventBridge schedule expression "cron(…)" or "rate(…)", got "0 2 * * ? *"'],
  ['cron with both day fields set', (d) => (d.workload[0].arrivals = { schedule: 'cron(0 2 * * * *)', count: 3 }),
    'workload[0].arrivals.schedule: cron(0 2 * * * *): day-of-month ("*") and day-of-week ("*") are both set; one of them must be "?"'],
  ['bad rate unit in a burst', (d) => { d.until = '1d'; d.workload[0].arrivals = { burst: { count: 2, schedule: 'rate(5 weeks)' } }; },
    'workload[0].arrivals.burst.schedule: rate(5 weeks): rate unit must be minute(s), hour(s) or day(s), got "weeks"'],
  ['schedule with neither count nor until', (d) => (d.workload[0].arrivals = { schedule: 'rate(1 hour)' }),
    'workload[0].arrivals: this arrival stream never ends: give count or until here, or until at the top level'],
  ['burst on a schedule without a top-level until', (d) => (d.workload[0].arrivals = { burst: { count: 2, schedule: 'rate(1 hour)' } }),
    'workload[0].arrivals.burst.schedule: a burst on a schedule never ends: give until at the top level'],
  ['burst with both at and schedule', (d) => { d.until = '1d'; d.workload[0].arrivals = { burst: { count: 2, at: [0], schedule: 'rate(1 hour)' } }; },
    'workload[0].arrivals.burst: needs exactly one of at, schedule, got at, schedule'],
  ['impossible startAt', (d) => (d.startAt = '2024-02-30'),
    'startAt: "2024-02-30" is not a date and time; use ISO 8601 in UTC like 2024-01-01T00:00:00Z or 2024-01-01 (years 1970-2199)'],
  ['array size 1', (d) => (job(d).arrayProperties = { size: 1 }), 'workload[0].jobs[0].arrayProperties.size: must be between 2 and 10000, got 1'],
  ['array size 10001', (d) => (job(d).arrayProperties = { size: 10001 }), 'workload[0].jobs[0].arrayProperties.size: must be between 2 and 10000, got 10001'],
  ['more than 20 dependsOn', (d) => {
    d.workload[0].jobs.push({ jobName: 'other', jobQueue: 'main', jobDefinition: 'work' });
    job(d).dependsOn = Array.from({ length: 21 }, () => ({ jobName: 'other' }));
  }, 'workload[0].jobs[0].dependsOn: at most 20 dependencies per job (AWS quota), got 21'],
  ['dependsOn an unknown job', (d) => (job(d).dependsOn = [{ jobName: 'nope' }]), 'workload[0].jobs[0].dependsOn[0].jobName: no job in this workload group named "nope"'],
  ['dependency cycle', (d) => {
    d.workload[0].jobs.push({ jobName: 'other', jobQueue: 'main', jobDefinition: 'work', dependsOn: [{ jobName: 'work' }] });
    job(d).dependsOn = [{ jobName: 'other' }];
  }, 'workload[0].jobs[0].dependsOn: dependency cycle: work -> other -> work'],
  ['N_TO_N between arrays of different sizes', (d) => {
    d.workload[0].jobs.push({ jobName: 'other', jobQueue: 'main', jobDefinition: 'work', arrayProperties: { size: 3 } });
    Object.assign(job(d), { arrayProperties: { size: 4 }, dependsOn: [{ jobName: 'other', type: 'N_TO_N' }] });
  }, 'workload[0].jobs[0].dependsOn[0].type: N_TO_N needs "work" and "other" to be array jobs of the same size'],
  ['SEQUENTIAL on a single job', (d) => (job(d).dependsOn = [{ type: 'SEQUENTIAL' }]), 'workload[0].jobs[0].dependsOn[0].type: SEQUENTIAL dependencies apply only to array jobs (arrayProperties)'],
  ['duplicate job names in a group', (d) => d.workload[0].jobs.push(structuredClone(job(d))),
    'workload[0].jobs[1].jobName: duplicate job name "work" (first defined at workload[0].jobs[0])'],
  // ResourceRequirement API reference: "For EC2 resources, you must specify at least one vCPU."
  ['half a vCPU on EC2', (d) => (jd(d).containerProperties.resourceRequirements[0].value = '0.5'),
    'jobDefinitions[0].containerProperties.resourceRequirements[0].value: for EC2 resources, you must specify at least one vCPU (AWS ResourceRequirement); fractional vCPUs are Fargate sizes only, got 0.5'],
  ['a quarter vCPU override on an EC2 queue', (d) => (job(d).containerOverrides = { resourceRequirements: [{ type: 'VCPU', value: '0.25' }] }),
    'workload[0].jobs[0].containerOverrides.resourceRequirements: job queue "main" runs on EC2, and for EC2 resources you must specify at least one vCPU (AWS ResourceRequirement), got 0.25'],
  ['an EC2-or-Fargate definition of half a vCPU on an EC2 queue', (d) => {
    jd(d).platformCapabilities = ['EC2', 'FARGATE'];
    jd(d).containerProperties.resourceRequirements[0].value = '0.5';
  }, 'workload[0].jobs[0]: job queue "main" runs on EC2, and for EC2 resources you must specify at least one vCPU (AWS ResourceRequirement), got 0.5'],
  ['Fargate job definition on an EC2 queue', (d) => (jd(d).platformCapabilities = ['FARGATE']),
    'workload[0].jobs[0].jobDefinition: job definition "work" runs on FARGATE but job queue "main" uses EC2 compute environments'],
  ['idleTerminateAfter over a day', (d) => (d.assumptions = { idleTerminateAfter: '2d' }), 'assumptions.idleTerminateAfter: must be between 0 and 86400, got 172800'],
  ['bad ebsRootVolume', (d) => (d.assumptions = { ebsRootVolume: '30 gigs' }),
    'assumptions.ebsRootVolume: "30 gigs" is not a size; use a string like 512 MiB, 16 GiB, 1 TiB or 2 GB'],
  ['timeseriesInterval neither auto, changes nor a duration', (d) => (d.assumptions = { timeseriesInterval: 'sometimes' }),
    'assumptions.timeseriesInterval: expected auto, changes or a duration (60s, 5m, 1h), got "sometimes"'],
  ['timeseriesInterval of zero', (d) => (d.assumptions = { timeseriesInterval: 0 }), 'assumptions.timeseriesInterval: must be greater than 0, got 0'],
  ['timeseriesInterval of zero with a unit', (d) => (d.assumptions = { timeseriesInterval: '0s' }), 'assumptions.timeseriesInterval: must be greater than 0, got 0'],
  ['a negative timeseriesInterval', (d) => (d.assumptions = { timeseriesInterval: -1 }), 'assumptions.timeseriesInterval: must be greater than 0, got -1'],
  ['a timeseriesInterval under a millisecond', (d) => (d.assumptions = { timeseriesInterval: 0.0001 }),
    'assumptions.timeseriesInterval: 0.0001 rounds to 0 ms (the clock counts whole milliseconds); give at least 1ms'],
  ['spot discount above 1', (d) => (d.assumptions = { spot: { price: { discount: 1.5 } } }), 'assumptions.spot.price.discount: must be between 0 and 1, got 1.5'],
  ['price for an unknown type', (d) => (d.prices = { ec2: { 'c5.larg': 0.1 } }), 'prices.ec2.c5.larg: unknown instance type "c5.larg"; did you mean "c5.large"?'],
  ['a negative pipeline price', (d) => (d.prices = { pipeline: { natGateway: { usdPerHour: -0.045 } } }), 'prices.pipeline.natGateway.usdPerHour: must be at least 0, got -0.045'],
  ['an unknown pipeline price', (d) => (d.prices = { pipeline: { s3: { getUsdPerThousand: 0.0004 } } }), 'prices.pipeline.s3.getUsdPerThousand: unknown field "getUsdPerThousand"'],
  ['an unknown pipeline part', (d) => (d.prices = { pipeline: { lambda: { usdPerRequest: 0 } } }), 'prices.pipeline.lambda: unknown field "lambda"'],
  ['a list at the top level', (d) => { for (const k of Object.keys(d)) delete d[k]; }, ''],
];

describe('bad inputs', () => {
  it('the base document is valid', () => {
    expect(parseScenario(base(), ctx).issues).toEqual([]);
  });

  it.each(cases.filter((c) => c[2] !== ''))('%s', (_title, mutate, expected) => {
    const doc = base();
    mutate(doc);
    const { scenario, issues } = parseScenario(doc, ctx);
    expect(errorsOf(issues)).toEqual([expected]);
    expect(scenario).toBeNull();
  });

  it('accepts evaluateOnExit patterns in AWS\'s character set', () => {
    const doc = base();
    jd(doc).retryStrategy = {
      attempts: 3,
      evaluateOnExit: [
        { onStatusReason: 'Host EC2*', action: 'RETRY' },
        { onReason: 'CannotPullContainerError: ref pull has been retried 1 time\t*', action: 'EXIT' },
        { onStatusReason: 'OutOfMemoryError: Container killed due to memory usage', onExitCode: '137', action: 'EXIT' },
        { onExitCode: '1*', action: 'RETRY' },
        { onReason: '*', action: 'EXIT' },
      ],
    };
    expect(parseScenario(doc, ctx).issues).toEqual([]);
  });

  it('a top level that is not a mapping', () => {
    expect(errorsOf(parseScenario([1, 2], ctx).issues)).toEqual([
      'a scenario must be a mapping of sections (computeEnvironments, jobQueues, …) at the top level, got a list',
    ]);
  });

  it('reports every problem at once', () => {
    const doc = base();
    cr(doc).maxvCpus = -1;
    job(doc).jobDefinition = 'wrok';
    jd(doc).simulation.runtime = '45 minutes';
    expect(errorsOf(parseScenario(doc, ctx).issues)).toHaveLength(3);
  });

  it('notes ignored AWS fields and warns about computeResources on UNMANAGED', () => {
    const doc = base();
    Object.assign(doc.computeEnvironments[0], { computeEnvironmentArn: 'arn:x', serviceRole: 'r', tags: {} });
    Object.assign(cr(doc), { subnets: ['s'], launchTemplate: {} });
    doc.computeEnvironments[1].computeResources = { type: 'EC2', maxvCpus: 4 };
    const { scenario, issues } = parseScenario(doc, ctx);
    expect(scenario).not.toBeNull();
    expect(issues.map((i) => `${i.severity} ${formatIssue(i)}`)).toEqual([
      'note computeEnvironments[0].computeEnvironmentArn: ignored (not used by the simulator)',
      'note computeEnvironments[0].serviceRole: ignored (not used by the simulator)',
      'note computeEnvironments[0].tags: ignored (not used by the simulator)',
      'note computeEnvironments[0].computeResources.subnets: ignored (not used by the simulator)',
      'note computeEnvironments[0].computeResources.launchTemplate: ignored (not used by the simulator)',
      'warning computeEnvironments[1].computeResources: ignored: an UNMANAGED compute environment is not scaled by Batch',
    ]);
  });

  it('warns that a pasted nextToken means the describe-* output was one page, as import aws-cli does', () => {
    const doc = { ...base(), nextToken: 'eyJOZXh0VG9rZW4iOiBudWxsfQ==' };
    const { scenario, issues } = parseScenario(doc, ctx);
    expect(scenario).not.toBeNull();
    expect(issues.map((i) => `${i.severity} ${formatIssue(i)}`)).toEqual([
      'warning nextToken: nextToken present: the output is one page of a longer listing, so compute environments, job queues, job definitions or quotas after it may be missing; run the describe command again without --max-items, --starting-token or --no-paginate (the AWS CLI then fetches every page), or fetch the rest with --starting-token and this nextToken',
    ]);
    // An empty token (the last page) says nothing is missing.
    expect(parseScenario({ ...base(), nextToken: '' }, ctx).issues).toEqual([]);
  });

  it('warns about a job no instance of its queue can hold', () => {
    const doc = base();
    jd(doc).containerProperties.resourceRequirements[1].value = '65536';
    const { scenario, issues } = parseScenario(doc, ctx);
    expect(scenario).not.toBeNull();
    expect(issues.map((i) => `${i.severity} ${formatIssue(i)}`)).toEqual([
      'warning workload[0].jobs[0]: no compute environment of job queue "main" has an instance with 1 vCPU, 65536 MiB free for jobs (an instance registers less than its nominal memory, 91–97% on Nitro and 97.5% on Xen, less 32 MiB for the ECS agent; see assumptions.registeredMemory), so this job would stay RUNNABLE',
    ]);
  });

  it('warns about the 8 GiB trap: a job asking for all of an instance\'s nominal memory', () => {
    const doc = base();
    doc.computeEnvironments[1].simulation.instances[0].instanceType = 'm6i.large';
    jd(doc).containerProperties.resourceRequirements[1].value = '8192';
    const { issues } = parseScenario(doc, ctx);
    expect(issues.map((i) => `${i.severity} ${i.path}`)).toEqual(['warning workload[0].jobs[0]']);
  });

  it('warns that prices are us-east-1\'s in another region', () => {
    const doc = base();
    doc.assumptions = { region: 'eu-west-1' };
    const { scenario, issues } = parseScenario(doc, ctx);
    expect(scenario).not.toBeNull();
    expect(issues.map((i) => `${i.severity} ${formatIssue(i)}`)).toEqual([
      'warning assumptions.region: the bundled EC2 on-demand prices are us-east-1\'s; costs for "eu-west-1" use them unless you set prices.ec2',
    ]);
  });

  it('says the data part is priced at us-east-1 in another region too', () => {
    const doc = base();
    doc.assumptions = { region: 'eu-west-1', network: { s3Path: 'natGateway' } };
    jd(doc).simulation.data = { readGiB: 1 };
    const { scenario, issues } = parseScenario(doc, ctx);
    expect(scenario).not.toBeNull();
    expect(issues.filter((i) => i.path === 'assumptions.region').map((i) => formatIssue(i))).toEqual([
      'assumptions.region: the bundled EC2 on-demand prices are us-east-1\'s; costs for "eu-west-1" use them unless you set prices.ec2',
      'assumptions.region: the data part (NAT gateway hours and GB processed, S3 requests, ECR, DynamoDB writes: costUsd.data) is billed at us-east-1\'s prices in "eu-west-1" too, unless you set your Region\'s in prices.pipeline',
    ]);
    // Once the scenario gives its own, only the EC2 warning is left.
    doc.prices = { pipeline: { natGateway: { usdPerHour: 0.048, usdPerGbProcessed: 0.048 } } };
    expect(parseScenario(doc, ctx).issues.filter((i) => i.path === 'assumptions.region')).toHaveLength(1);
  });

  it('seedOverride wins and defaults are filled in', () => {
    const { scenario } = parseScenario(base(), { ...ctx, seedOverride: 99 });
    expect(scenario!.seed).toBe(99);
    expect(scenario!.jobDefinitions[0].retryStrategy).toEqual({ attempts: 1, evaluateOnExit: [] });
    expect(scenario!.computeEnvironments[0].computeResources).toMatchObject({ allocationStrategy: 'BEST_FIT', desiredvCpus: 0, bidPercentage: 100 });
    expect(scenario!.assumptions.ebsRootVolumeGiB).toBe(30);
  });

  it('reads computeResources.scalingPolicy: minutes to ms, 0 as off, and a note on Fargate', () => {
    const d = base();
    cr(d).scalingPolicy = { minScaleDownDelayMinutes: 20 };
    d.computeEnvironments.push({ ...ce('off'), computeResources: { ...ce('off').computeResources, scalingPolicy: { minScaleDownDelayMinutes: 0 } } });
    d.computeEnvironments.push({ ...ce('tasks', 'FARGATE'), computeResources: { ...ce('tasks', 'FARGATE').computeResources, scalingPolicy: { minScaleDownDelayMinutes: 60 } } });
    const { scenario, issues } = parseScenario(d, ctx);
    expect(scenario!.computeEnvironments.map((c) => c.computeResources?.minScaleDownDelayMs ?? null)).toEqual([1_200_000, null, null, null]);
    expect(issues.map(formatIssue)).toContain('computeEnvironments[3].computeResources.scalingPolicy: ignored: a scale-down delay applies to EC2 instances, not Fargate tasks');
  });
});

describe('loading files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'batchsim-scenario-'));
  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const loadErrors = (path: string): string[] => {
    const loaded = loadScenarioFile(path);
    return loaded.ok ? [] : loaded.issues.map(formatIssue);
  };

  it('a missing file', () => {
    expect(loadErrors(join(dir, 'nope.yaml'))).toEqual([`cannot read scenario file "${join(dir, 'nope.yaml')}": no such file`]);
  });

  it('YAML syntax errors with line and column', () => {
    expect(loadErrors(write('bad.yaml', 'name: x\njobQueues: [1, 2\nseed: 3\n'))).toEqual([
      'syntax error at line 3, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('a scalar top level', () => {
    expect(loadErrors(write('scalar.yaml', '42\n'))).toEqual([
      'a scenario must be a mapping of sections (computeEnvironments, jobQueues, …) at the top level, got 42',
    ]);
  });

  it('a missing empirical side file, at the path that names it', () => {
    const doc = base();
    jd(doc).simulation.runtime = { empirical: { file: 'runtimes.csv', column: 'seconds' } };
    expect(loadErrors(write('emp.json', JSON.stringify(doc)))).toEqual([
      `jobDefinitions[0].simulation.runtime.empirical.file: cannot read "runtimes.csv" (resolved to ${join(dir, 'runtimes.csv')}): no such file`,
    ]);
  });

  it('empirical samples from a CSV next to the scenario, and a bad cell', () => {
    const doc = base();
    jd(doc).simulation.runtime = { empirical: { file: 'runtimes.csv', column: 'seconds' } };
    const path = write('emp.yaml', JSON.stringify(doc));
    write('runtimes.csv', 'job,seconds\na,60\nb,2m\nc,1.5\n');
    let loaded = loadScenarioFile(path);
    if (!loaded.ok) throw new Error('load failed');
    const { scenario } = parseScenario(loaded.document, { catalog: fakeCatalog(), baseDir: loaded.baseDir, files: loaded.files });
    expect(scenario!.jobDefinitions[0].runtime).toEqual({ kind: 'empirical', samples: [60_000, 120_000, 1_500] });

    write('runtimes.csv', 'job,seconds\na,60\nb,soon\n');
    loaded = loadScenarioFile(path);
    if (!loaded.ok) throw new Error('load failed');
    expect(errorsOf(parseScenario(loaded.document, { catalog: fakeCatalog(), baseDir: loaded.baseDir, files: loaded.files }).issues)).toEqual([
      'jobDefinitions[0].simulation.runtime.empirical.file: "runtimes.csv" row 3, column "seconds": "soon" is not a duration; use a number of seconds or a string like 500ms, 90s, 45m, 2h, 3d or 1h30m',
    ]);
  });

  it('trace paths resolve against the scenario folder', () => {
    const doc = base();
    doc.workload[0].arrivals = { trace: { file: 'jobs.swf', format: 'swf' } };
    write('jobs.swf', '1 0 0 10 1 -1 -1 1 10 -1 1 1 1 -1 -1 -1 -1 -1\n');
    const loaded = loadScenarioFile(write('trace.yaml', JSON.stringify(doc)));
    if (!loaded.ok) throw new Error('load failed');
    const { scenario } = parseScenario(loaded.document, { catalog: fakeCatalog(), baseDir: loaded.baseDir, files: loaded.files });
    expect(scenario!.workload[0].arrivals).toMatchObject({ kind: 'trace', file: join(dir, 'jobs.swf'), format: 'swf' });
  });
});

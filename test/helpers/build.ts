// Normalized scenarios built in code, for model tests that should not depend on the parser.
import type { DistributionSpec } from '../../src/engine/distribution.js';
import { loadCatalog } from '../../src/data/load.js';
import type { Catalog } from '../../src/model/catalog.js';
import type { Assumptions, ComputeEnvironment, JobDefinition, JobQueue, JobTemplate, Scenario, WorkloadGroup } from '../../src/scenario/types.js';

export const catalog: Catalog = loadCatalog();

export const fixed = (ms: number): DistributionSpec => ({ kind: 'fixed', value: ms });

export function assumptions(over: Partial<Assumptions> = {}): Assumptions {
  return {
    region: 'us-east-1',
    schedulerCycleMs: 0,
    submitToRunnable: fixed(0),
    containerStart: fixed(0),
    ec2Launch: fixed(0),
    ec2BootMs: 60_000,
    placement: 'smallest',
    fargateLaunch: fixed(0),
    idleTerminateAfterMs: 300_000,
    ebsRootVolumeGiB: 30,
    timeseriesMode: 'interval',
    timeseriesIntervalMs: 60_000,
    spot: { interruptions: { kind: 'none' }, noticeMs: 120_000, price: { kind: 'advisor' } },
    fargate: { limits: 'current', launchBurst: 100, launchPerSecond: 20 },
    lambda: { architecture: 'x86_64' },
    // Like the zero latencies above, an idealised world: SubmitJob unthrottled unless a test says so.
    api: { submitJob: null, maxSubmittedJobs: 1_000_000 },
    registeredMemory: {},
    serviceQuotas: {},
    capacity: [],
    pipeline: { transitionMs: 0, syncLagMs: 0, eventDelivery: fixed(0) },
    ...over,
  };
}

export function unmanaged(name: string, groups: { instanceType: string; vcpus: number; memoryMiB: number; count: number; priceUsdPerHour?: number; gpus?: number }[]): ComputeEnvironment {
  return {
    computeEnvironmentName: name,
    type: 'UNMANAGED',
    state: 'ENABLED',
    computeResources: null,
    instances: groups.map((g) => ({ gpus: 0, priceUsdPerHour: null, ...g })),
  };
}

export function managedEc2(name: string, over: Partial<NonNullable<ComputeEnvironment['computeResources']>> = {}): ComputeEnvironment {
  return {
    computeEnvironmentName: name,
    type: 'MANAGED',
    state: 'ENABLED',
    computeResources: {
      type: 'EC2',
      allocationStrategy: 'BEST_FIT_PROGRESSIVE',
      minvCpus: 0,
      maxvCpus: 256,
      desiredvCpus: 0,
      instanceTypes: ['c5'],
      bidPercentage: 100,
      minScaleDownDelayMs: null,
      spotInterruptions: null,
      ...over,
    },
    instances: [],
  };
}

/** One unmanaged machine `box` of this size behind one job queue `q`: the smallest world for a trace. */
export function oneMachine(vcpus: number, memoryMiB: number): Pick<Scenario, 'computeEnvironments' | 'jobQueues'> {
  return { computeEnvironments: [unmanaged('box', [{ instanceType: 'box', vcpus, memoryMiB, count: 1 }])], jobQueues: [queue('q', ['box'])] };
}

export function queue(name: string, ces: string[], priority = 1): JobQueue {
  return {
    jobQueueName: name,
    state: 'ENABLED',
    priority,
    schedulingPolicyArn: null,
    computeEnvironmentOrder: ces.map((c, i) => ({ order: i + 1, computeEnvironment: c })),
    jobStateTimeLimitActions: [],
    discipline: 'fifo',
  };
}

export function definition(name: string, over: Partial<JobDefinition> = {}): JobDefinition {
  return {
    jobDefinitionName: name,
    type: 'container',
    platformCapabilities: ['EC2'],
    vcpus: 1,
    memoryMiB: 1024,
    gpus: 0,
    retryStrategy: { attempts: 1, evaluateOnExit: [] },
    attemptDurationMs: null,
    runtime: fixed(60_000),
    failure: null,
    nodeProperties: null,
    schedulingPriority: null,
    ephemeralStorageGiB: 20,
    cpuArchitecture: 'X86_64',
    ...over,
  };
}

/** A workload job template with every optional field at its default. */
export function template(jobName: string, over: Partial<JobTemplate> = {}): JobTemplate {
  return {
    jobName,
    jobQueue: 'q',
    jobDefinition: jobName,
    shareIdentifier: null,
    schedulingPriorityOverride: null,
    arraySize: null,
    dependsOn: [],
    vcpus: null,
    memoryMiB: null,
    ...over,
  };
}

export function at(name: string, atMs: number[], jobs: { jobName: string; jobQueue: string; jobDefinition: string }[]): WorkloadGroup {
  return { name, arrivals: { kind: 'at', atMs }, jobs: jobs.map((j) => template(j.jobName, j)) };
}

export function scenario(over: Partial<Scenario>): Scenario {
  return {
    name: 'test',
    description: null,
    seed: 1,
    startAtMs: Date.UTC(2024, 0, 1),
    untilMs: null,
    assumptions: assumptions(),
    computeEnvironments: [],
    jobQueues: [],
    jobDefinitions: [],
    schedulingPolicies: [],
    workload: [],
    prices: { ec2OnDemandUsdPerHour: {}, spotDiscount: {}, fargate: {}, ebsGp3UsdPerGiBMonth: null, pipeline: {} },
    ...over,
  };
}

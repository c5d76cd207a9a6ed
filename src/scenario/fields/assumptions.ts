// Fields of `assumptions`: how the world behaves (latencies, Spot, Fargate, Lambda, AWS Batch's API limits, service quotas, capacity), all optional.
import { API, CAPACITY_RETRY_MS, FARGATE, IMAGE_PULL as IMAGE_PULL_DEFAULTS, NETWORK as NETWORK_DEFAULTS, PLACEMENTS } from '../defaults.js';
import { LIMITS_HINT, NETWORK_HINT, SCHEMA_HINT } from '../messages.js';
import type { FieldSpec, Table } from './spec.js';
import { EVENT_BRIDGE_ASSUMPTIONS, STEP_FUNCTIONS_ASSUMPTIONS } from './stateMachine.js';

/** Spot interruptions: the Advisor's rates, none, a fixed rate per instance-hour, or a replayed availability trace. */
export const INTERRUPTION_RATE = { fields: { perHour: { kind: 'number', required: true, min: 0 } } } as const satisfies Table;
export const SPOT_TRACE_FILE = {
  fields: {
    file: { kind: 'text', required: true, describe: SCHEMA_HINT.spotTraceFile },
    availabilityZone: { kind: 'text', describe: SCHEMA_HINT.spotTraceZone },
  },
} as const satisfies Table;
export const INTERRUPTION_TRACE = { fields: { trace: { kind: 'object', table: SPOT_TRACE_FILE, required: true } } } as const satisfies Table;
export const INTERRUPTIONS = {
  kind: 'oneOf',
  options: [
    { kind: 'enum', values: ['advisor', 'none'], exactInSchema: true },
    { kind: 'object', table: INTERRUPTION_RATE },
    { kind: 'object', table: INTERRUPTION_TRACE },
  ],
} as const satisfies FieldSpec;
export const ADVISOR_READINGS = ['per-instance-month', 'per-instance-week', 'per-instance-day'] as const;

export const SPOT_DISCOUNT = { fields: { discount: { kind: 'number', required: true, min: 0, max: 1 } } } as const satisfies Table;

export const SPOT_ASSUMPTIONS = {
  fields: {
    interruptions: INTERRUPTIONS,
    advisorReading: { kind: 'enum', values: ADVISOR_READINGS, describe: SCHEMA_HINT.advisorReading },
    noticeSeconds: { kind: 'number', min: 0 },
    price: { kind: 'oneOf', options: [{ kind: 'literal', value: 'advisor' }, { kind: 'object', table: SPOT_DISCOUNT }] },
  },
} as const satisfies Table;

export const FARGATE_ASSUMPTIONS = {
  fields: {
    limits: { kind: 'enum', values: ['current', 'legacy'], describe: SCHEMA_HINT.fargateLimits },
    launchBurst: { kind: 'number', int: true, min: 1, describe: SCHEMA_HINT.launchBurst(FARGATE.launchBurst) },
    launchPerSecond: { kind: 'number', above: 0, describe: SCHEMA_HINT.launchPerSecond(FARGATE.launchPerSecond) },
  },
} as const satisfies Table;

export const LAMBDA_ASSUMPTIONS = {
  fields: { architecture: { kind: 'enum', values: ['x86_64', 'arm64'], describe: SCHEMA_HINT.lambdaArchitecture } },
} as const satisfies Table;

/** A measured cold pull of one image. */
export const IMAGE_PULL_TIME = { fields: { pullTime: { kind: 'duration', required: true } } } as const satisfies Table;
export const IMAGE_PULL = {
  fields: {
    throughput: { kind: 'number', above: 0, describe: SCHEMA_HINT.pullThroughput(IMAGE_PULL_DEFAULTS.throughputMiBPerSecond) },
    images: { kind: 'record', of: { kind: 'oneOf', options: [{ kind: 'size' }, { kind: 'object', table: IMAGE_PULL_TIME }] }, describe: SCHEMA_HINT.pullImages },
  },
} as const satisfies Table;

/** SubmitJob's token bucket: calls per second and burst (default one second's worth). */
export const SUBMIT_JOB_RATE = {
  fields: {
    perSecond: { kind: 'number', above: 0, describe: SCHEMA_HINT.submitJobPerSecond(API.submitJob!.perSecond) },
    burst: { kind: 'number', int: true, min: 1, describe: SCHEMA_HINT.submitJobBurst },
  },
} as const satisfies Table;

export const API_ASSUMPTIONS = {
  fields: {
    submitJob: { kind: 'oneOf', options: [{ kind: 'literal', value: 'unlimited' }, { kind: 'object', table: SUBMIT_JOB_RATE }], describe: SCHEMA_HINT.submitJob },
    maxSubmittedJobs: { kind: 'number', int: true, min: 1, describe: SCHEMA_HINT.maxSubmittedJobs(API.maxSubmittedJobs) },
  },
} as const satisfies Table;

/** One outage window of `assumptions.capacity`: times after the clock's 0, like `until`. */
export const CAPACITY_WINDOW = {
  fields: { from: { kind: 'duration', required: true }, to: { kind: 'duration', required: true } },
} as const satisfies Table;

/** One insufficient-capacity rule: an instance type and purchase option, its outages and [EST] failure chance. */
export const CAPACITY_RULE = {
  fields: {
    instanceType: { kind: 'text', required: true },
    purchaseOption: { kind: 'enum', values: ['ON_DEMAND', 'SPOT'], required: true, describe: LIMITS_HINT.purchaseOption },
    unavailable: {
      kind: 'oneOf',
      options: [{ kind: 'object', table: CAPACITY_WINDOW }, { kind: 'list', of: { kind: 'object', table: CAPACITY_WINDOW } }],
      describe: LIMITS_HINT.unavailable,
    },
    launchFailureProbability: { kind: 'number', min: 0, max: 1, describe: LIMITS_HINT.launchFailureProbability },
    retryAfter: { kind: 'duration', describe: LIMITS_HINT.retryAfter(CAPACITY_RETRY_MS / 1000) },
  },
} as const satisfies Table;

/** How jobs reach S3 and ECR (issue 14): decides the data part of the bill. */
export const NETWORK = {
  fields: {
    s3Path: { kind: 'enum', values: ['natGateway', 'gatewayEndpoint'], exactInSchema: true, describe: NETWORK_HINT.s3Path },
    natGatewayAzs: { kind: 'number', int: true, min: 1, describe: NETWORK_HINT.natGatewayAzs(NETWORK_DEFAULTS.natGatewayAzs) },
    dynamoDbRecordPerJob: { kind: 'boolean', describe: NETWORK_HINT.dynamoDbRecordPerJob },
    fargateBandwidthMbps: { kind: 'number', above: 0, describe: NETWORK_HINT.fargateBandwidthMbps(NETWORK_DEFAULTS.fargateBandwidthMbps) },
    bandwidthSharing: { kind: 'enum', values: ['none', 'byVcpu'], exactInSchema: true, describe: NETWORK_HINT.bandwidthSharing },
  },
} as const satisfies Table;

export const ASSUMPTIONS = {
  fields: {
    region: { kind: 'text' },
    schedulerCycle: { kind: 'duration' },
    submitToRunnable: { kind: 'distribution' },
    containerStart: { kind: 'distribution' },
    ec2Launch: { kind: 'distribution' },
    ec2Boot: { kind: 'duration' },
    placement: { kind: 'enum', values: PLACEMENTS, exactInSchema: true, describe: SCHEMA_HINT.placement },
    fargateLaunch: { kind: 'distribution' },
    // Batch scales in idle instances within the day; the schema cannot bound a duration string.
    idleTerminateAfter: { kind: 'duration', maxSeconds: 86_400 },
    ebsRootVolume: { kind: 'size' },
    // auto (the default), changes, or a duration.
    timeseriesInterval: { kind: 'oneOf', options: [{ kind: 'enum', values: ['auto', 'changes'], exactInSchema: true }, { kind: 'duration' }] },
    spot: { kind: 'object', table: SPOT_ASSUMPTIONS },
    fargate: { kind: 'object', table: FARGATE_ASSUMPTIONS },
    lambda: { kind: 'object', table: LAMBDA_ASSUMPTIONS },
    imagePull: { kind: 'object', table: IMAGE_PULL },
    api: { kind: 'object', table: API_ASSUMPTIONS },
    // Keyed by instance type, family or generation (nitro, xen, metal): a share in (0, 1], or MiB for a type.
    registeredMemory: { kind: 'record', of: { kind: 'number', above: 0 }, describe: SCHEMA_HINT.registeredMemory },
    serviceQuotas: { kind: 'record', of: { kind: 'number', min: 0 }, describe: LIMITS_HINT.serviceQuotas },
    capacity: { kind: 'list', of: { kind: 'object', table: CAPACITY_RULE }, describe: LIMITS_HINT.capacity },
    stepFunctions: { kind: 'object', table: STEP_FUNCTIONS_ASSUMPTIONS },
    eventBridge: { kind: 'object', table: EVENT_BRIDGE_ASSUMPTIONS },
    network: { kind: 'object', table: NETWORK, describe: NETWORK_HINT.network },
  },
} as const satisfies Table;

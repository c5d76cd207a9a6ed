// Figures: numbers of summary.json named by their dotted key (`costUsd.total`,
// `queueWaitSeconds.p95`, `computeEnvironments.spot.costUsd`). The planner keeps, compares and
// constrains these. Which keys exist is known before anything runs, so a plan naming a figure that
// summary.json never has is refused up front.
import type { Summary } from '../metrics/summary.js';
import { declaresDataMovement } from '../model/dataMovement.js';
import { startsStateMachines, type Scenario } from '../scenario/types.js';
import type { ValueRange } from './stats.js';

const DIST = ['mean', 'p50', 'p95', 'p99', 'max'];

/** Keys every summary.json has (their value may be null, e.g. no wait when no job started). */
export const FIXED_FIGURES: readonly string[] = [
  'simulatedSeconds',
  'makespanSeconds',
  'lastJobEndSeconds',
  ...['submitted', 'succeeded', 'failed', 'unfinished', 'attempts', 'arrayParents'].map((k) => `jobs.${k}`),
  ...DIST.map((k) => `queueWaitSeconds.${k}`),
  ...DIST.map((k) => `turnaroundSeconds.${k}`),
  'utilisation.vcpu',
  ...['total', 'compute', 'ebs', 'busy', 'idle', 'lostToInterruptions', 'unattributed', 'perSucceededJobUsd'].map((k) => `costUsd.${k}`),
  ...['interruptions', 'attemptsInterrupted', 'vcpuHoursLost', 'lostWorkCostUsd'].map((k) => `spot.${k}`),
  ...['calls', 'throttledCalls', 'maxBacklog', 'throttledSeconds', 'meanWaitSeconds', 'maxWaitSeconds', 'durationSeconds', 'heldBySubmittedLimitSeconds'].map((k) => `submission.${k}`),
  'blocked.neverRan',
  'lambda.totalCostUsd',
  'lambda.fittingCostUsd',
];

const ENV_FIGURES = ['maxvCpus', 'instancesLaunched', 'peakvCpus', 'vcpuHours', 'busyvCpuHours', 'utilisation', 'interruptions', 'costUsd'];
const QUEUE_FIGURES = ['jobs', 'succeeded', 'failed', 'unfinished', ...DIST.map((k) => `queueWaitSeconds.${k}`)];
/** summary.json's keys of costUsd.byPurchaseOption (the model's purchase options). */
const PURCHASE_OPTIONS = ['on-demand', 'spot', 'fargate', 'fargate-spot', 'unmanaged'];

/** summary.json's data part (metrics/dataMovement.ts), present when the scenario declares data movement. */
const DATA_FIGURES: readonly string[] = [
  'costUsd.data',
  'data.natGateways',
  'data.natGatewayHours',
  ...['readGiB', 'writeGiB', 'getRequests', 'putRequests'].map((k) => `data.s3.${k}`),
  ...['pullGiB', 'coldPulls', 'coldPullsWithoutSize'].map((k) => `data.ecr.${k}`),
  ...['items', 'writeRequestUnits'].map((k) => `data.dynamoDb.${k}`),
  'data.transferSeconds',
  'data.attemptsMovingData',
  ...['total', 'nat', 'natHours', 'natS3Processing', 'natEcrProcessing', 's3', 'ecr', 'dynamodb', 'gatewayEndpoint'].map((k) => `data.costUsd.${k}`),
];

/** summary.json's stateMachines.<name> (metrics/stateMachines.ts), present for each state machine a run has. */
const STATE_MACHINE_FIGURES: readonly string[] = [
  ...['started', 'succeeded', 'failed', 'timedOut', 'running'].map((k) => `executions.${k}`),
  ...DIST.map((k) => `durationSeconds.${k}`),
  'stateTransitions',
  'jobsSubmitted',
  'costUsd',
];

const SHARE: ValueRange = { min: 0, max: 1 };
const NON_NEGATIVE: ValueRange = { min: 0, max: Infinity };

/**
 * The range of a figure's values: every number summary.json has is a count, a duration, an amount
 * of money or a utilisation, so none is below 0, and a utilisation (busy over provisioned vCPU
 * time: `utilisation.vcpu`, `computeEnvironments.<name>.utilisation`) is at most 1. A 95% interval
 * is cut at this range (stats.ts).
 */
export function figureRange(key: string): ValueRange {
  return key === 'utilisation.vcpu' || (key.startsWith('computeEnvironments.') && key.endsWith('.utilisation')) ? SHARE : NON_NEGATIVE;
}

/** Every figure a run of this scenario reports, in a stable order. */
export function knownFigures(scenario: Scenario): string[] {
  const out = [...FIXED_FIGURES];
  for (const ce of scenario.computeEnvironments) {
    const name = ce.computeEnvironmentName;
    out.push(`costUsd.byComputeEnvironment.${name}`, ...ENV_FIGURES.map((k) => `computeEnvironments.${name}.${k}`));
  }
  for (const q of scenario.jobQueues) out.push(`costUsd.byJobQueue.${q.jobQueueName}`, ...QUEUE_FIGURES.map((k) => `jobQueues.${q.jobQueueName}.${k}`));
  for (const d of scenario.jobDefinitions) out.push(`costUsd.byJobDefinition.${d.jobDefinitionName}`);
  out.push(...PURCHASE_OPTIONS.map((p) => `costUsd.byPurchaseOption.${p}`));
  if (declaresDataMovement(scenario)) out.push(...DATA_FIGURES);
  if (startsStateMachines(scenario)) {
    out.push('costUsd.stepFunctions');
    for (const m of scenario.stateMachines ?? []) out.push(...STATE_MACHINE_FIGURES.map((k) => `stateMachines.${m.stateMachineName}.${k}`));
  }
  return out;
}

/** summary.json's cost per instance type: `costUsd.byInstanceType.<type>`, the type being the whole rest (`c6i.4xlarge`). */
const BY_INSTANCE_TYPE = 'costUsd.byInstanceType.';

/**
 * The names costUsd.byInstanceType has: an EC2 instance type, `family.size` (a family such as c6i,
 * u-6tb1 or m7i-flex, a size such as 4xlarge or metal-24xl), as AWS names them
 * (https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html), and Fargate's
 * FARGATE / FARGATE_SPOT. A family alone (c6i) is no type: no instance is billed under it.
 */
const INSTANCE_TYPE_KEY = /^(?:[a-z][a-z0-9-]*\.[a-z0-9][a-z0-9-]*|FARGATE|FARGATE_SPOT)$/;

/** The instance type a `costUsd.byInstanceType.<type>` key names, or null for another key. */
function instanceTypeOf(key: string): string | null {
  return key.startsWith(BY_INSTANCE_TYPE) ? key.slice(BY_INSTANCE_TYPE.length) : null;
}

/**
 * Whether `key` names a figure of this scenario: compare and the planner both ask this. Any
 * instance type is accepted (an axis may change which ones run), if it has an instance type's shape.
 */
export function isKnownFigure(key: string, scenario: Scenario): boolean {
  const type = instanceTypeOf(key);
  if (type !== null) return INSTANCE_TYPE_KEY.test(type);
  return knownFigures(scenario).includes(key);
}

/**
 * The number at `key` in a summary, or null when it is absent or not a number. A cost split with no
 * entry for a name (no Spot instance ever ran, the type was never launched) is 0, not missing: the
 * money spent there was nothing.
 */
export function figureValue(summary: Summary, key: string): number | null {
  const type = instanceTypeOf(key);
  // Instance type names hold a dot, so this key is not split further.
  if (type !== null) return summary.costUsd.byInstanceType[type] ?? 0;
  let node: unknown = summary;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return null;
    node = (node as Record<string, unknown>)[part];
  }
  if (node === undefined && /^costUsd\.by[A-Za-z]+\./.test(key)) return 0;
  return typeof node === 'number' && Number.isFinite(node) ? node : null;
}

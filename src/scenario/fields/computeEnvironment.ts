// Fields of a compute environment (AWS Batch CreateComputeEnvironment), its computeResources and
// the simulation block that describes an UNMANAGED fleet.
import { ALLOCATION_STRATEGIES } from '../types.js';
import { INTERRUPTIONS } from './assumptions.js';
import type { Table } from './spec.js';

/** The AWS API's Integer type (32-bit): the largest minvCpus, maxvCpus and desiredvCpus it takes. */
export const MAX_API_INTEGER = 2_147_483_647;

/**
 * ComputeScalingPolicy (https://docs.aws.amazon.com/batch/latest/APIReference/API_ComputeScalingPolicy.html):
 * 0 (off) or 20..10080 minutes; the reader checks the gap between 0 and 20.
 */
export const MIN_SCALE_DOWN_DELAY_MINUTES = { min: 20, max: 10_080 } as const;
export const COMPUTE_SCALING_POLICY = {
  fields: {
    minScaleDownDelayMinutes: { kind: 'number', int: true, min: 0, max: MIN_SCALE_DOWN_DELAY_MINUTES.max },
  },
} as const satisfies Table;

export const COMPUTE_RESOURCES = {
  fields: {
    type: { kind: 'enum', values: ['EC2', 'SPOT', 'FARGATE', 'FARGATE_SPOT'], required: true },
    allocationStrategy: { kind: 'enum', values: ALLOCATION_STRATEGIES },
    minvCpus: { kind: 'number', int: true, min: 0, max: MAX_API_INTEGER },
    maxvCpus: { kind: 'number', required: true, int: true, min: 0, max: MAX_API_INTEGER },
    desiredvCpus: { kind: 'number', int: true, min: 0, max: MAX_API_INTEGER },
    instanceTypes: { kind: 'list', of: { kind: 'text' } },
    bidPercentage: { kind: 'number', min: 0, max: 100 },
    scalingPolicy: { kind: 'object', table: COMPUTE_SCALING_POLICY },
  },
  ignored: ['subnets', 'securityGroupIds', 'ec2KeyPair', 'instanceRole', 'launchTemplate', 'imageId', 'ec2Configuration', 'placementGroup', 'spotIamFleetRole', 'tags'],
} as const satisfies Table;

/** One group of identical instances of an UNMANAGED environment; custom shapes say their size. */
export const INSTANCE_GROUP = {
  fields: {
    instanceType: { kind: 'text', required: true },
    count: { kind: 'number', required: true, int: true, min: 0 },
    vcpus: { kind: 'number', int: true, above: 0 },
    // Whole MiB, as ECS registers a container instance's memory.
    memoryMiB: { kind: 'number', int: true, above: 0 },
    memory: { kind: 'size' },
    gpus: { kind: 'number', int: true, min: 0 },
    priceUsdPerHour: { kind: 'number', min: 0 },
  },
} as const satisfies Table;

export const COMPUTE_ENVIRONMENT_SIMULATION = {
  fields: {
    instances: { kind: 'list', of: { kind: 'object', table: INSTANCE_GROUP } },
    spotInterruptions: INTERRUPTIONS,
  },
} as const satisfies Table;

export const COMPUTE_ENVIRONMENT = {
  fields: {
    computeEnvironmentName: { kind: 'text', required: true },
    type: { kind: 'enum', values: ['MANAGED', 'UNMANAGED'], required: true },
    state: { kind: 'enum', values: ['ENABLED', 'DISABLED'] },
    computeResources: { kind: 'object', table: COMPUTE_RESOURCES },
    simulation: { kind: 'object', table: COMPUTE_ENVIRONMENT_SIMULATION },
  },
  ignored: ['computeEnvironmentArn', 'ecsClusterArn', 'serviceRole', 'status', 'statusReason', 'tags', 'eksConfiguration', 'updatePolicy', 'containerOrchestrationType', 'uuid', 'unmanagedvCpus', 'context'],
} as const satisfies Table;

// Fields of a job definition (AWS Batch RegisterJobDefinition): container shape, multi-node
// properties, retries, timeout, and the simulation block (how long a job runs, how often it fails).
import { NETWORK_HINT } from '../messages.js';
import type { FieldSpec, Table } from './spec.js';

export const RESOURCE_REQUIREMENT = {
  fields: {
    type: { kind: 'enum', values: ['VCPU', 'MEMORY', 'GPU'], required: true },
    // Strings in AWS; numbers tolerated.
    value: { kind: 'oneOf', options: [{ kind: 'text' }, { kind: 'number' }], required: true },
  },
} as const satisfies Table;
export const RESOURCE_REQUIREMENTS = { kind: 'list', of: { kind: 'object', table: RESOURCE_REQUIREMENT } } as const satisfies FieldSpec;

export const EPHEMERAL_STORAGE = {
  fields: { sizeInGiB: { kind: 'number', required: true, int: true, min: 21, max: 200 } },
} as const satisfies Table;

export const RUNTIME_PLATFORM = {
  fields: { cpuArchitecture: { kind: 'enum', values: ['X86_64', 'ARM64'] } },
  ignored: ['operatingSystemFamily'],
} as const satisfies Table;

export const CONTAINER_PROPERTIES = {
  fields: {
    resourceRequirements: RESOURCE_REQUIREMENTS,
    // The legacy shape: vCPUs and MiB as numbers.
    vcpus: { kind: 'number', above: 0 },
    memory: { kind: 'number', int: true, min: 4 },
    ephemeralStorage: { kind: 'object', table: EPHEMERAL_STORAGE },
    runtimePlatform: { kind: 'object', table: RUNTIME_PLATFORM },
    // Keys assumptions.imagePull.images; without an entry there it is not used.
    image: { kind: 'text' },
  },
  ignored: ['command', 'jobRoleArn', 'executionRoleArn', 'volumes', 'environment', 'mountPoints', 'readonlyRootFilesystem', 'privileged', 'ulimits', 'user', 'instanceType', 'linuxParameters', 'logConfiguration', 'secrets', 'networkConfiguration', 'fargatePlatformConfiguration', 'repositoryCredentials'],
} as const satisfies Table;

export const NODE_RANGE_PROPERTY = {
  fields: {
    targetNodes: { kind: 'text' },
    container: { kind: 'object', table: CONTAINER_PROPERTIES, required: true },
  },
  ignored: ['instanceTypes', 'ecsProperties', 'eksProperties', 'consumableResourceProperties'],
} as const satisfies Table;

export const NODE_PROPERTIES = {
  fields: {
    numNodes: { kind: 'number', required: true, int: true, min: 1 },
    mainNode: { kind: 'number', required: true, int: true, min: 0 },
    nodeRangeProperties: { kind: 'list', of: { kind: 'object', table: NODE_RANGE_PROPERTY }, required: true, min: 1 },
  },
} as const satisfies Table;

/** AWS limits each pattern of an evaluateOnExit rule to 512 characters. */
const PATTERN_LENGTH = 512;
export const EVALUATE_ON_EXIT = {
  fields: {
    action: { kind: 'enum', values: ['RETRY', 'EXIT'], required: true },
    onStatusReason: { kind: 'pattern', maxLength: PATTERN_LENGTH },
    onReason: { kind: 'pattern', maxLength: PATTERN_LENGTH },
    onExitCode: { kind: 'pattern', maxLength: PATTERN_LENGTH, exitCode: true },
  },
} as const satisfies Table;

export const RETRY_STRATEGY = {
  fields: {
    attempts: { kind: 'number', int: true, min: 1, max: 10 },
    evaluateOnExit: { kind: 'list', of: { kind: 'object', table: EVALUATE_ON_EXIT }, max: 5 },
  },
} as const satisfies Table;

export const TIMEOUT = {
  fields: { attemptDurationSeconds: { kind: 'number', int: true, min: 60, schemaRequires: true } },
} as const satisfies Table;

export const FAILURE = {
  fields: {
    probability: { kind: 'number', required: true, min: 0, max: 1 },
    exitCode: { kind: 'number', int: true, min: 0, max: 255, schemaOmits: ['min', 'max'] },
    reason: { kind: 'text' },
  },
} as const satisfies Table;

/** What each job moves to and from S3, in GiB (the reader keeps bytes). */
export const JOB_DATA = {
  fields: {
    readGiB: { kind: 'number', min: 0, describe: NETWORK_HINT.readGiB },
    writeGiB: { kind: 'number', min: 0, describe: NETWORK_HINT.writeGiB },
    readTriggeringObject: { kind: 'boolean', describe: NETWORK_HINT.readTriggeringObject },
  },
} as const satisfies Table;

export const JOB_DEFINITION_SIMULATION = {
  fields: {
    runtime: { kind: 'distribution', required: true },
    failure: { kind: 'object', table: FAILURE },
    data: { kind: 'object', table: JOB_DATA, describe: NETWORK_HINT.data },
  },
} as const satisfies Table;

export const JOB_DEFINITION = {
  fields: {
    jobDefinitionName: { kind: 'text', required: true },
    type: { kind: 'enum', values: ['container', 'multinode'], exactInSchema: true },
    platformCapabilities: { kind: 'list', of: { kind: 'enum', values: ['EC2', 'FARGATE'] }, min: 1, schemaOmits: ['minItems'] },
    containerProperties: { kind: 'object', table: CONTAINER_PROPERTIES },
    nodeProperties: { kind: 'object', table: NODE_PROPERTIES },
    retryStrategy: { kind: 'object', table: RETRY_STRATEGY },
    timeout: { kind: 'object', table: TIMEOUT },
    schedulingPriority: { kind: 'number', int: true, min: 0, max: 9999 },
    simulation: { kind: 'object', table: JOB_DEFINITION_SIMULATION, required: true },
  },
  ignored: ['jobDefinitionArn', 'revision', 'status', 'parameters', 'propagateTags', 'tags', 'containerOrchestrationType', 'eksProperties', 'ecsProperties'],
} as const satisfies Table;

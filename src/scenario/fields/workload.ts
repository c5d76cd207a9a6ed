// Fields of the workload: groups of job templates (AWS Batch SubmitJob) and how they arrive,
// including replayed traces.
import { CSV_COLUMN_FIELDS, TRACE_FORMATS } from '../../workload/traces/formats.js';
import { SCHEMA_HINT } from '../messages.js';
import { RESOURCE_REQUIREMENTS } from './jobDefinition.js';
import type { FieldSpec, Table } from './spec.js';
import { S3_TRIGGER } from './stateMachine.js';

const positiveRate = { kind: 'number', above: 0 } as const;
export const POISSON = {
  fields: { perHour: positiveRate, perMinute: positiveRate, perSecond: positiveRate },
  forms: [{ required: ['perHour'] }, { required: ['perMinute'] }, { required: ['perSecond'] }],
} as const satisfies Table;

const arrivalTimes = { kind: 'list', of: { kind: 'duration' } } as const satisfies FieldSpec;
export const BURST = {
  fields: {
    count: { kind: 'number', required: true, int: true, min: 1 },
    at: arrivalTimes,
    schedule: { kind: 'schedule' },
  },
} as const satisfies Table;

/** csv only: submitTime and runtime are needed, the other fields are optional. */
export const TRACE_COLUMNS = {
  fields: Object.fromEntries(
    CSV_COLUMN_FIELDS.map((f) => [f, { kind: 'text', required: f === 'submitTime' || f === 'runtime' }]),
  ) as Record<(typeof CSV_COLUMN_FIELDS)[number], { kind: 'text'; required: boolean }>,
} as const satisfies Table;

export const TRACE = {
  fields: {
    file: { kind: 'text', required: true, describe: SCHEMA_HINT.traceFile },
    format: { kind: 'enum', values: TRACE_FORMATS, required: true, exactInSchema: true },
    columns: { kind: 'object', table: TRACE_COLUMNS, describe: SCHEMA_HINT.traceColumns },
    limit: { kind: 'number', int: true, min: 1, describe: SCHEMA_HINT.traceLimit },
    timeScale: { kind: 'number', above: 0, describe: SCHEMA_HINT.traceTimeScale },
  },
} as const satisfies Table;

/** Exactly one kind; count and until bound the open-ended ones. */
export const ARRIVALS = {
  fields: {
    poisson: { kind: 'object', table: POISSON },
    at: { ...arrivalTimes, min: 1 },
    every: { kind: 'duration' },
    schedule: { kind: 'schedule' },
    burst: { kind: 'object', table: BURST },
    trace: { kind: 'object', table: TRACE },
    count: { kind: 'number', int: true, min: 1 },
    until: { kind: 'duration' },
  },
  forms: [
    { required: ['poisson'], optional: ['count', 'until'] },
    { required: ['at'] },
    { required: ['every'], optional: ['count', 'until'] },
    { required: ['schedule'], optional: ['count', 'until'] },
    { required: ['burst'] },
    { required: ['trace'] },
  ],
} as const satisfies Table;

export const ARRAY_PROPERTIES = {
  fields: { size: { kind: 'number', required: true, int: true, min: 2, max: 10_000 } },
} as const satisfies Table;

export const DEPENDENCY = {
  fields: {
    // Left out by a SEQUENTIAL dependency, which is the array job on itself.
    jobName: { kind: 'text' },
    type: { kind: 'enum', values: ['N_TO_N', 'SEQUENTIAL'] },
  },
  ignored: ['jobId'],
} as const satisfies Table;

export const CONTAINER_OVERRIDES = {
  fields: { resourceRequirements: RESOURCE_REQUIREMENTS },
  ignored: ['command', 'environment', 'instanceType', 'vcpus', 'memory'],
} as const satisfies Table;

export const JOB = {
  fields: {
    jobName: { kind: 'text', required: true },
    jobQueue: { kind: 'text', required: true },
    jobDefinition: { kind: 'text', required: true },
    shareIdentifier: { kind: 'text' },
    schedulingPriorityOverride: { kind: 'number', int: true, min: 0, max: 9999 },
    arrayProperties: { kind: 'object', table: ARRAY_PROPERTIES },
    // At most 20: an AWS quota.
    dependsOn: { kind: 'list', of: { kind: 'object', table: DEPENDENCY }, max: 20 },
    containerOverrides: { kind: 'object', table: CONTAINER_OVERRIDES },
  },
  ignored: ['parameters', 'tags', 'propagateTags', 'nodeOverrides', 'eksPropertiesOverride', 'ecsPropertiesOverride', 'consumableResourcePropertiesOverride'],
} as const satisfies Table;

export const WORKLOAD_GROUP = {
  fields: {
    name: { kind: 'text', required: true },
    // Required, except for a group that replays recorded uploads (s3Trigger.objects).
    arrivals: { kind: 'object', table: ARRIVALS },
    // Either jobs, or a state machine each arrival starts (with its input, or an S3 event's).
    jobs: { kind: 'list', of: { kind: 'object', table: JOB }, min: 1 },
    stateMachine: { kind: 'text' },
    input: { kind: 'json' },
    s3Trigger: { kind: 'object', table: S3_TRIGGER },
  },
} as const satisfies Table;

// Fields of the pipeline around the jobs: Step Functions state machines (as `aws stepfunctions
// describe-state-machine` prints them), the S3 Object Created events that start them, and the
// orchestration's latencies under `assumptions`.
import { PIPELINE } from '../defaults.js';
import { PIPELINE_HINT } from '../messages.js';
import type { FieldSpec, Table } from './spec.js';

export const STATE_MACHINE = {
  fields: {
    stateMachineName: { kind: 'text', required: true },
    // The ASL document: a mapping, its JSON text (as describe-state-machine prints it), or {file: path}.
    definition: { kind: 'json', required: true, describe: PIPELINE_HINT.definition },
    type: { kind: 'enum', values: ['STANDARD', 'EXPRESS'], exactInSchema: true, describe: PIPELINE_HINT.type },
  },
  ignored: [
    'stateMachineArn', 'roleArn', 'status', 'creationDate', 'loggingConfiguration', 'tracingConfiguration', 'label',
    'revisionId', 'description', 'encryptionConfiguration', 'variableReferences', 'name', 'tags', 'publish', 'versionDescription',
  ],
} as const satisfies Table;

/** A definition kept in its own file, as `aws stepfunctions create-state-machine --definition file://…` takes it. */
export const DEFINITION_FILE = { fields: { file: { kind: 'text', required: true, describe: PIPELINE_HINT.definitionFile } } } as const satisfies Table;

const size = { kind: 'size', required: true } as const;
export const SIZE_RANGE = { fields: { min: size, max: size } } as const satisfies Table;
export const SIZE_LOGNORMAL = { fields: { median: size, p95: size } } as const satisfies Table;
export const SIZE_DISTRIBUTION = {
  fields: { uniform: { kind: 'object', table: SIZE_RANGE }, lognormal: { kind: 'object', table: SIZE_LOGNORMAL } },
  forms: [{ required: ['uniform'] }, { required: ['lognormal'] }],
} as const satisfies Table;

/** A size, or a distribution of sizes. */
export const OBJECT_SIZE = { kind: 'oneOf', options: [{ kind: 'size' }, { kind: 'object', table: SIZE_DISTRIBUTION }], describe: PIPELINE_HINT.objectSize } as const satisfies FieldSpec;

/** Recorded uploads: a CSV of time, key and size, one upload per row (the group then has no `arrivals`). */
export const S3_OBJECTS = { fields: { file: { kind: 'text', required: true, describe: PIPELINE_HINT.objectsFile } } } as const satisfies Table;

export const S3_TRIGGER = {
  fields: {
    bucket: { kind: 'text', required: true },
    keyPrefix: { kind: 'text', describe: PIPELINE_HINT.keyPrefix },
    objectSize: OBJECT_SIZE,
    objects: { kind: 'object', table: S3_OBJECTS, describe: PIPELINE_HINT.objects },
  },
} as const satisfies Table;

export const STEP_FUNCTIONS_ASSUMPTIONS = {
  fields: {
    transitionLatency: { kind: 'duration', describe: PIPELINE_HINT.transitionLatency(PIPELINE.transitionMs / 1000) },
    syncLag: { kind: 'duration', describe: PIPELINE_HINT.syncLag(PIPELINE.syncLagMs / 1000) },
  },
} as const satisfies Table;

export const EVENT_BRIDGE_ASSUMPTIONS = {
  fields: { deliveryLatency: { kind: 'distribution', describe: PIPELINE_HINT.deliveryLatency } },
} as const satisfies Table;

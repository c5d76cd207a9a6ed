// Fields of `assumptions`: how the world behaves (latencies, Spot, Fargate, Lambda), all optional.
import { FARGATE } from '../defaults.js';
import { SCHEMA_HINT } from '../messages.js';
import type { FieldSpec, Table } from './spec.js';

/** Spot interruptions: the Advisor's rates, none, or a fixed rate per instance-hour. */
export const INTERRUPTION_RATE = { fields: { perHour: { kind: 'number', required: true, min: 0 } } } as const satisfies Table;
export const INTERRUPTIONS = {
  kind: 'oneOf',
  options: [{ kind: 'enum', values: ['advisor', 'none'], exactInSchema: true }, { kind: 'object', table: INTERRUPTION_RATE }],
} as const satisfies FieldSpec;

export const SPOT_DISCOUNT = { fields: { discount: { kind: 'number', required: true, min: 0, max: 1 } } } as const satisfies Table;

export const SPOT_ASSUMPTIONS = {
  fields: {
    interruptions: INTERRUPTIONS,
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

export const ASSUMPTIONS = {
  fields: {
    region: { kind: 'text' },
    schedulerCycle: { kind: 'duration' },
    submitToRunnable: { kind: 'distribution' },
    containerStart: { kind: 'distribution' },
    ec2Launch: { kind: 'distribution' },
    ec2Boot: { kind: 'duration' },
    fargateLaunch: { kind: 'distribution' },
    // Batch scales in idle instances within the day; the schema cannot bound a duration string.
    idleTerminateAfter: { kind: 'duration', maxSeconds: 86_400 },
    ebsRootVolume: { kind: 'size' },
    timeseriesInterval: { kind: 'duration' },
    spot: { kind: 'object', table: SPOT_ASSUMPTIONS },
    fargate: { kind: 'object', table: FARGATE_ASSUMPTIONS },
    lambda: { kind: 'object', table: LAMBDA_ASSUMPTIONS },
  },
} as const satisfies Table;

// Fields of a scenario file's top level: its sections, in the AWS API's shape where AWS has one.
import { START_AT_MS } from '../defaults.js';
import { SCHEMA_HINT } from '../messages.js';
import { ASSUMPTIONS } from './assumptions.js';
import { COMPUTE_ENVIRONMENT } from './computeEnvironment.js';
import { JOB_DEFINITION } from './jobDefinition.js';
import { JOB_QUEUE } from './jobQueue.js';
import { PRICES } from './prices.js';
import { SCHEDULING_POLICY } from './schedulingPolicy.js';
import type { Table } from './spec.js';
import { STATE_MACHINE } from './stateMachine.js';
import { WORKLOAD_GROUP } from './workload.js';

export const SCENARIO = {
  fields: {
    name: { kind: 'text' },
    description: { kind: 'text' },
    seed: { kind: 'number', int: true, min: 0 },
    startAt: { kind: 'text', describe: SCHEMA_HINT.startAt(new Date(START_AT_MS).toISOString().replace('.000Z', 'Z')) },
    until: { kind: 'duration' },
    assumptions: { kind: 'object', table: ASSUMPTIONS },
    computeEnvironments: { kind: 'list', of: { kind: 'object', table: COMPUTE_ENVIRONMENT } },
    jobQueues: { kind: 'list', of: { kind: 'object', table: JOB_QUEUE } },
    jobDefinitions: { kind: 'list', of: { kind: 'object', table: JOB_DEFINITION } },
    schedulingPolicies: { kind: 'list', of: { kind: 'object', table: SCHEDULING_POLICY } },
    stateMachines: { kind: 'list', of: { kind: 'object', table: STATE_MACHINE } },
    workload: { kind: 'list', of: { kind: 'object', table: WORKLOAD_GROUP } },
    prices: { kind: 'object', table: PRICES },
    // describe-* output, pasted as-is: not used, but warned of (read/index.ts), since it says the output is one page.
    nextToken: { kind: 'text', describe: SCHEMA_HINT.nextToken },
  },
} as const satisfies Table;

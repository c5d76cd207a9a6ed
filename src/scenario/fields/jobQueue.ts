// Fields of a job queue (AWS Batch CreateJobQueue) and its what-if simulation block.
import type { Table } from './spec.js';

export const COMPUTE_ENVIRONMENT_ORDER = {
  fields: {
    order: { kind: 'number', required: true, int: true, min: 0 },
    computeEnvironment: { kind: 'text', required: true },
  },
} as const satisfies Table;

export const JOB_STATE_TIME_LIMIT_ACTION = {
  fields: {
    reason: { kind: 'text', required: true },
    state: { kind: 'enum', values: ['RUNNABLE'], required: true },
    maxTimeSeconds: { kind: 'number', required: true, int: true, min: 600, max: 86_400 },
    action: { kind: 'enum', values: ['CANCEL'], required: true },
  },
} as const satisfies Table;

/** What-if queue discipline: AWS's own fifo, strict-fifo, or EASY backfilling. */
export const JOB_QUEUE_SIMULATION = {
  fields: { discipline: { kind: 'enum', values: ['fifo', 'strict-fifo', 'easy-backfill'], exactInSchema: true } },
} as const satisfies Table;

export const JOB_QUEUE = {
  fields: {
    jobQueueName: { kind: 'text', required: true },
    state: { kind: 'enum', values: ['ENABLED', 'DISABLED'] },
    priority: { kind: 'number', required: true, int: true, min: 0 },
    schedulingPolicyArn: { kind: 'text' },
    // At most 3: an AWS quota.
    computeEnvironmentOrder: { kind: 'list', of: { kind: 'object', table: COMPUTE_ENVIRONMENT_ORDER }, required: true, min: 1, max: 3 },
    jobStateTimeLimitActions: { kind: 'list', of: { kind: 'object', table: JOB_STATE_TIME_LIMIT_ACTION } },
    simulation: { kind: 'object', table: JOB_QUEUE_SIMULATION },
  },
  ignored: ['jobQueueArn', 'status', 'statusReason', 'tags', 'jobQueueType', 'serviceEnvironmentOrder'],
} as const satisfies Table;

// Fields of a scheduling policy (AWS Batch CreateSchedulingPolicy): the fair-share parameters.
import type { Table } from './spec.js';

export const SHARE_ATTRIBUTES = {
  fields: {
    shareIdentifier: { kind: 'text', required: true },
    weightFactor: { kind: 'number', min: 0.0001, max: 999.9999 },
  },
} as const satisfies Table;

export const FAIRSHARE_POLICY = {
  fields: {
    shareDecaySeconds: { kind: 'number', int: true, min: 0, max: 604_800 },
    computeReservation: { kind: 'number', int: true, min: 0, max: 99 },
    shareDistribution: { kind: 'list', of: { kind: 'object', table: SHARE_ATTRIBUTES } },
  },
} as const satisfies Table;

export const SCHEDULING_POLICY = {
  fields: {
    name: { kind: 'text', required: true },
    fairsharePolicy: { kind: 'object', table: FAIRSHARE_POLICY },
  },
  ignored: ['arn', 'tags'],
} as const satisfies Table;

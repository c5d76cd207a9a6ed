// Fields of `prices`: overrides of the bundled EC2, Spot, Fargate and EBS prices.
import type { Table } from './spec.js';

const usd = { kind: 'number', min: 0 } as const;
const discount = { kind: 'number', min: 0, max: 1 } as const;

export const FARGATE_PRICES = {
  fields: {
    x86VcpuHourUsd: usd,
    x86GbHourUsd: usd,
    armVcpuHourUsd: usd,
    armGbHourUsd: usd,
    spotDiscount: discount,
    storageGbHourUsd: usd,
  },
} as const satisfies Table;

export const PRICES = {
  fields: {
    // Keyed by instance type.
    ec2: { kind: 'record', of: usd },
    spotDiscount: { kind: 'record', of: discount },
    fargate: { kind: 'object', table: FARGATE_PRICES },
    ebsGp3UsdPerGiBMonth: usd,
  },
} as const satisfies Table;

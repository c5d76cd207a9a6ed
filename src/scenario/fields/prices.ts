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

/**
 * `prices.pipeline`: the prices of what runs around the jobs (metrics/pipelinePrices.ts), by the
 * names of that table, for a Region other than us-east-1 (whose prices are the bundled ones).
 */
export const PIPELINE_PRICES = {
  fields: {
    stepFunctions: { kind: 'object', table: { fields: { standardUsdPerThousandTransitions: usd, expressUsdPerMillionRequests: usd } } },
    natGateway: { kind: 'object', table: { fields: { usdPerHour: usd, usdPerGbProcessed: usd } } },
    s3: { kind: 'object', table: { fields: { putCopyPostListUsdPerThousand: usd, getSelectUsdPerThousand: usd } } },
    ecr: { kind: 'object', table: { fields: { transferSameRegionUsdPerGb: usd } } },
    dynamoDb: { kind: 'object', table: { fields: { onDemandUsdPerMillionWriteRequestUnits: usd } } },
  },
} as const satisfies Table;

export const PRICES = {
  fields: {
    // Keyed by instance type.
    ec2: { kind: 'record', of: usd },
    spotDiscount: { kind: 'record', of: discount },
    fargate: { kind: 'object', table: FARGATE_PRICES },
    ebsGp3UsdPerGiBMonth: usd,
    pipeline: { kind: 'object', table: PIPELINE_PRICES },
  },
} as const satisfies Table;

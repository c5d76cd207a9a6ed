// The price table for what a pipeline around the Batch jobs costs (issue 14): Step Functions, the
// NAT gateway, S3 requests and transfer, ECR pulls, DynamoDB on-demand writes and VPC gateway
// endpoints. Hand-maintained: the raw folder that data/*.json is derived from has no such prices
// (see data/README.md, "Pipeline prices"). Every figure carries where it was read and when; a
// scenario overrides any of them with `overridePipelinePrices` (the billing functions of
// ./pipelineBilling.ts take the table as an argument, they never read this module's default).
//
// It lives in metrics, not data/, because the billing functions that consume its type are metrics
// and the layer rules (test/layering.test.ts) let metrics import model and records only.
//
// Units: USD; "GB" as AWS's price pages write it (callers converting bytes should use 2^30, as AWS
// bills data transfer; see dataBill); KB for DynamoDB is 1,024 bytes (DynamoDB's own definition).

/** One Express duration tier: usage up to `upToGbHours` (cumulative, per month) at `usdPerGbHour`; null = open. */
export interface ExpressDurationTier {
  upToGbHours: number | null;
  usdPerGbHour: number;
}

export interface PipelinePrices {
  stepFunctions: {
    /** Standard workflows: per 1,000 state transitions. */
    standardUsdPerThousandTransitions: number;
    /** Standard free tier (per account per month). Not applied unless a caller asks. */
    standardFreeTransitionsPerMonth: number;
    /** Express workflows: per 1 million requests (executions started). */
    expressUsdPerMillionRequests: number;
    /** Express duration, tiered by GB-hours per month; ascending bounds, the last open. */
    expressDurationTiers: ExpressDurationTier[];
  };
  natGateway: {
    /** Per NAT gateway per hour; each partial hour is billed as a full hour. */
    usdPerHour: number;
    /** Per GB processed by the gateway, either direction, whatever the destination. */
    usdPerGbProcessed: number;
  };
  s3: {
    /** S3 Standard PUT, COPY, POST, LIST: per 1,000 requests. */
    putCopyPostListUsdPerThousand: number;
    /** S3 Standard GET, SELECT and all other requests: per 1,000 requests. */
    getSelectUsdPerThousand: number;
    /** Data transfer into S3 (from the internet or from EC2). */
    transferInUsdPerGb: number;
    /** Data transfer out of S3 to EC2 (and other services) in the same Region. */
    transferToEc2SameRegionUsdPerGb: number;
  };
  ecr: {
    /** Data transfer out of ECR within the same Region (image pulls). Storage is not priced here. */
    transferSameRegionUsdPerGb: number;
  };
  dynamoDb: {
    /** On-demand, Standard table class: per 1 million write request units. */
    onDemandUsdPerMillionWriteRequestUnits: number;
  };
  gatewayEndpoint: {
    /** VPC gateway endpoints (S3, DynamoDB): hourly charge. */
    usdPerHour: number;
    /** VPC gateway endpoints: per GB through them. */
    usdPerGb: number;
  };
}

/** How far a figure was checked. */
export type Verification =
  /** Read on AWS's own page (or a verbatim mirror of it) in a stored copy. */
  | 'aws-page'
  /** Not legible on AWS's page (its prices render client-side); from third-party transcriptions that agree. */
  | 'third-party'
  /** A $0 rule AWS states in words, not a number in a table. */
  | 'aws-rule';

export interface PriceSource {
  /** Dotted path into PipelinePrices. */
  figure: string;
  /** The AWS page the figure belongs to. */
  url: string;
  /** Other pages the figure was read or cross-checked on. */
  alsoSeen: string[];
  /** The date the page shows, when it shows one; null when the stored copy is undated. */
  pageDate: string | null;
  /** When it was looked up for batchsim. */
  lookedUp: string;
  verification: Verification;
  note: string;
}

const LOOKED_UP = '2026-12-02';
const SFN = 'https://aws.amazon.com/step-functions/pricing/';
const VPC = 'https://aws.amazon.com/vpc/pricing/';
const S3 = 'https://aws.amazon.com/s3/pricing/';
const DDB = 'https://aws.amazon.com/dynamodb/pricing/on-demand/';

/** us-east-1 (US East, N. Virginia), the Region every figure below was checked for. */
export const PIPELINE_PRICES_US_EAST_1: PipelinePrices = {
  stepFunctions: {
    standardUsdPerThousandTransitions: 0.025,
    standardFreeTransitionsPerMonth: 4000,
    expressUsdPerMillionRequests: 1.0,
    expressDurationTiers: [
      { upToGbHours: 1000, usdPerGbHour: 0.06 },
      { upToGbHours: 5000, usdPerGbHour: 0.03 },
      { upToGbHours: null, usdPerGbHour: 0.01642 },
    ],
  },
  natGateway: { usdPerHour: 0.045, usdPerGbProcessed: 0.045 },
  s3: {
    putCopyPostListUsdPerThousand: 0.005,
    getSelectUsdPerThousand: 0.0004,
    transferInUsdPerGb: 0,
    transferToEc2SameRegionUsdPerGb: 0,
  },
  ecr: { transferSameRegionUsdPerGb: 0 },
  // After the 1 November 2024 cut of on-demand throughput prices by 50 % (was $1.25).
  dynamoDb: { onDemandUsdPerMillionWriteRequestUnits: 0.625 },
  gatewayEndpoint: { usdPerHour: 0, usdPerGb: 0 },
};

/** Provenance of every figure in PIPELINE_PRICES_US_EAST_1, in the table's order. */
export const PIPELINE_PRICE_SOURCES: readonly PriceSource[] = [
  {
    figure: 'stepFunctions.standardUsdPerThousandTransitions',
    url: SFN,
    alsoSeen: [],
    pageDate: null,
    lookedUp: LOOKED_UP,
    verification: 'aws-page',
    note: '"$0.025 per 1,000 state transitions"; the page\'s State transitions pricing table gives $0.0250 for US East (N. Virginia). Retries count as transitions.',
  },
  {
    figure: 'stepFunctions.standardFreeTransitionsPerMonth',
    url: SFN,
    alsoSeen: [],
    pageDate: null,
    lookedUp: LOOKED_UP,
    verification: 'aws-page',
    note: '"The Step Functions free tier includes 4,000 free state transitions per month" (does not expire). Per account, so not applied by default.',
  },
  {
    figure: 'stepFunctions.expressUsdPerMillionRequests',
    url: SFN,
    alsoSeen: ['https://mdsite.deno.dev/https://aws.amazon.com/step-functions/pricing', 'https://aws.amazon.com/blogs/compute/building-cost-effective-aws-step-functions-workflows/'],
    pageDate: null,
    lookedUp: LOOKED_UP,
    verification: 'aws-page',
    note: 'Pricing example (100 million workflows): "The price is $1.00 per million requests". The Express table itself renders client-side and is not legible in the stored copy.',
  },
  {
    figure: 'stepFunctions.expressDurationTiers',
    url: SFN,
    alsoSeen: ['https://mdsite.deno.dev/https://aws.amazon.com/step-functions/pricing'],
    pageDate: null,
    lookedUp: LOOKED_UP,
    verification: 'aws-page',
    note: 'From the page\'s worked example: $0.06000 per GB-hour for the first 1,000 GB-hours, $0.03000 for the next 4,000, $0.01642 beyond (= $0.0000166667, $0.0000083333, $0.0000045611 per GB-second). Duration rounded up to 100 ms, memory billed in 64-MB chunks.',
  },
  {
    figure: 'natGateway.usdPerHour',
    url: VPC,
    alsoSeen: ['https://wiki.connerv.com/notes/aws/nat-gateway', 'https://cloudburn.io/blog/aws-nat-gateway-pricing', 'https://github.com/chime/terraform-aws-alternat'],
    pageDate: null,
    lookedUp: LOOKED_UP,
    verification: 'third-party',
    note: 'AWS\'s VPC page renders its NAT table client-side; the stored copy\'s example quotes $0.045 per hour for US East (Ohio). $0.045 for us-east-1 per every transcription found. "Each partial NAT Gateway-hour consumed is billed as a full hour" (page text as quoted).',
  },
  {
    figure: 'natGateway.usdPerGbProcessed',
    url: VPC,
    alsoSeen: ['https://wiki.connerv.com/notes/aws/nat-gateway', 'https://basavytix.com/blog/aws-nat-gateway-pricing', 'https://github.com/chime/terraform-aws-alternat'],
    pageDate: null,
    lookedUp: LOOKED_UP,
    verification: 'third-party',
    note: '$0.045 per GB processed, "regardless of the traffic\'s source or destination" (so S3 and ECR traffic through a NAT gateway pays it). Not read from AWS\'s own table.',
  },
  {
    figure: 's3.putCopyPostListUsdPerThousand',
    url: S3,
    alsoSeen: ['https://c3x.dev/blog/s3-request-fees-explained', 'https://www.cloudkaramchari.com/blog/understanding-per-1000-put-copy-post-or-list-requests-in-amazon-s3-pricing/'],
    pageDate: null,
    lookedUp: LOOKED_UP,
    verification: 'third-party',
    note: 'S3 Standard, $0.005 per 1,000 requests. AWS\'s S3 page renders its request table client-side; not verified there.',
  },
  {
    figure: 's3.getSelectUsdPerThousand',
    url: S3,
    alsoSeen: ['https://c3x.dev/blog/s3-request-fees-explained'],
    pageDate: null,
    lookedUp: LOOKED_UP,
    verification: 'third-party',
    note: 'S3 Standard GET, SELECT and all other requests, $0.0004 per 1,000. Not verified on AWS\'s page (client-side table). DELETE is free.',
  },
  {
    figure: 's3.transferInUsdPerGb',
    url: S3,
    alsoSeen: ['http://aws.amazon.com/s3/faqs/'],
    pageDate: null,
    lookedUp: LOOKED_UP,
    verification: 'aws-rule',
    note: 'Data transfer into S3 is free.',
  },
  {
    figure: 's3.transferToEc2SameRegionUsdPerGb',
    url: S3,
    alsoSeen: ['http://aws.amazon.com/s3/faqs/'],
    pageDate: null,
    lookedUp: LOOKED_UP,
    verification: 'aws-rule',
    note: 'S3 FAQ: "There is no Data Transfer charge for data transferred between Amazon EC2 and Amazon S3 within the same Region." A NAT gateway on the path still charges its processing.',
  },
  {
    figure: 'ecr.transferSameRegionUsdPerGb',
    url: 'https://aws.amazon.com/ecr/pricing/',
    alsoSeen: ['https://aws.amazon.com/blogs/containers/understanding-data-transfer-costs-for-aws-container-services/', 'https://cloudburn.io/blog/amazon-ecr-pricing'],
    pageDate: null,
    lookedUp: LOOKED_UP,
    verification: 'aws-rule',
    note: 'AWS Containers Blog: "Data transferred between Amazon ECR and other services within the same Region is free." (the ECR pricing page itself was not read in a stored copy). Pulls through a NAT gateway still pay its processing; storage ($0.10/GB-month per cloudburn, March 2026) is not priced here.',
  },
  {
    figure: 'dynamoDb.onDemandUsdPerMillionWriteRequestUnits',
    url: DDB,
    alsoSeen: ['https://airbyte.com/data-engineering-resources/dynamodb-pricing', 'https://www.jusdb.com/blog/dynamodb-cost-optimization-a-comprehensive-guide-by-jusdb', 'https://aws.amazon.com/blogs/aws/amazon-dynamodb-on-demand-no-capacity-planning-and-pay-per-request-pricing/'],
    pageDate: '2025-07-21',
    lookedUp: LOOKED_UP,
    verification: 'third-party',
    note: '$0.625 per million WRU in US East after the on-demand throughput price cut of 50 % effective 1 November 2024 (airbyte, dated 2025-07-21; jusdb 2025-08-19; before: $1.25). AWS\'s on-demand page was not legible in a stored copy; its News Blog post was updated 2025-01-31 "to clarify the reduced on-demand pricing".',
  },
  {
    figure: 'gatewayEndpoint.usdPerHour',
    url: VPC,
    alsoSeen: ['https://hub.pointfive.co/inefficiencies/excessive-nat-gateway-data-processing-charges-from-unoptimized-traffic-routing'],
    pageDate: null,
    lookedUp: LOOKED_UP,
    verification: 'aws-rule',
    note: 'Gateway VPC endpoints for S3 and DynamoDB carry no hourly charge (interface endpoints do; not priced here).',
  },
  {
    figure: 'gatewayEndpoint.usdPerGb',
    url: VPC,
    alsoSeen: ['https://hub.pointfive.co/inefficiencies/excessive-nat-gateway-data-processing-charges-from-unoptimized-traffic-routing'],
    pageDate: null,
    lookedUp: LOOKED_UP,
    verification: 'aws-rule',
    note: 'Gateway VPC endpoints carry no data processing charge.',
  },
];

/**
 * Standard workflow price per 1,000 state transitions by Region, as the Step Functions pricing
 * page's table lists it (stored copy, undated). Only this figure is known per Region; every other
 * price in the table above is us-east-1's.
 */
export const STEP_FUNCTIONS_STANDARD_USD_PER_THOUSAND_BY_REGION: Readonly<Record<string, number>> = {
  'us-east-1': 0.025,
  'us-east-2': 0.025,
  'us-west-2': 0.025,
  'us-west-1': 0.0279,
  'ca-central-1': 0.025,
  'sa-east-1': 0.0375,
  'us-gov-east-1': 0.03,
  'us-gov-west-1': 0.03,
  'eu-west-1': 0.025,
  'eu-central-1': 0.025,
  'eu-west-2': 0.025,
  'eu-west-3': 0.0297,
  'eu-north-1': 0.025,
  'ap-southeast-1': 0.025,
  'ap-northeast-1': 0.025,
  'ap-southeast-2': 0.025,
  'ap-northeast-2': 0.0271,
  'ap-south-1': 0.0285,
};

/** Any subset of the table, as a scenario's override would give it. Tiers are replaced whole. */
export interface PipelinePriceOverrides {
  stepFunctions?: Partial<PipelinePrices['stepFunctions']>;
  natGateway?: Partial<PipelinePrices['natGateway']>;
  s3?: Partial<PipelinePrices['s3']>;
  ecr?: Partial<PipelinePrices['ecr']>;
  dynamoDb?: Partial<PipelinePrices['dynamoDb']>;
  gatewayEndpoint?: Partial<PipelinePrices['gatewayEndpoint']>;
}

/** A new table: `base` with every figure `overrides` sets replaced. Neither argument is changed. */
export function overridePipelinePrices(base: PipelinePrices, overrides: PipelinePriceOverrides): PipelinePrices {
  const tiers = overrides.stepFunctions?.expressDurationTiers ?? base.stepFunctions.expressDurationTiers;
  return {
    stepFunctions: { ...base.stepFunctions, ...overrides.stepFunctions, expressDurationTiers: tiers.map((t) => ({ ...t })) },
    natGateway: { ...base.natGateway, ...overrides.natGateway },
    s3: { ...base.s3, ...overrides.s3 },
    ecr: { ...base.ecr, ...overrides.ecr },
    dynamoDb: { ...base.dynamoDb, ...overrides.dynamoDb },
    gatewayEndpoint: { ...base.gatewayEndpoint, ...overrides.gatewayEndpoint },
  };
}

/**
 * Throws a RangeError naming the figure (e.g. `natGateway.usdPerHour`) when a table has a price
 * that is not a finite number >= 0, or Express tiers that are empty, not ascending, or open before
 * the last. The billing functions call it, so a bad override can never make a part negative.
 */
export function checkPipelinePrices(prices: PipelinePrices): void {
  const sections = prices as unknown as Record<string, Record<string, unknown>>;
  for (const [section, figures] of Object.entries(sections)) {
    for (const [name, value] of Object.entries(figures)) {
      if (name === 'expressDurationTiers') continue;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new RangeError(`pipeline price ${section}.${name} must be a finite number >= 0, got ${String(value)}`);
      }
    }
  }
  const tiers = prices.stepFunctions.expressDurationTiers;
  const where = 'pipeline price stepFunctions.expressDurationTiers';
  if (tiers.length === 0) throw new RangeError(`${where} needs at least one tier`);
  let previous = 0;
  for (const [i, t] of tiers.entries()) {
    if (!Number.isFinite(t.usdPerGbHour) || t.usdPerGbHour < 0) {
      throw new RangeError(`${where}[${i}].usdPerGbHour must be a finite number >= 0, got ${t.usdPerGbHour}`);
    }
    if (t.upToGbHours === null) {
      if (i !== tiers.length - 1) throw new RangeError(`${where}[${i}] is open (upToGbHours null) but is not the last tier`);
      continue;
    }
    if (!Number.isFinite(t.upToGbHours) || t.upToGbHours <= previous) {
      throw new RangeError(`${where}[${i}].upToGbHours must be above ${previous}, got ${t.upToGbHours}`);
    }
    previous = t.upToGbHours;
  }
}

/**
 * The prices a run is billed at: us-east-1's table, with the Region's Standard transition price
 * where the table has one, and every figure the scenario's `prices.pipeline` sets.
 */
export function pipelinePricesFor(region: string, overrides: PipelinePriceOverrides = {}): PipelinePrices {
  const standard = STEP_FUNCTIONS_STANDARD_USD_PER_THOUSAND_BY_REGION[region];
  const base = PIPELINE_PRICES_US_EAST_1;
  const regional = standard === undefined ? base : { ...base, stepFunctions: { ...base.stepFunctions, standardUsdPerThousandTransitions: standard } };
  return overridePipelinePrices(regional, overrides);
}

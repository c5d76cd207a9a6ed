// What moving the data and orchestrating the jobs costs (issue 14): pure billing functions over a
// PipelinePrices table (./pipelinePrices.ts), which the caller passes in so a scenario's overrides
// apply. Runs call them through ./dataMovement.ts (the data part: `dataBill`) and
// ./stateMachines.ts (each state machine's executions).
//
// AWS's rules, each from the page cited in PIPELINE_PRICE_SOURCES:
// - Step Functions Standard: per state transition (retries included). The 4,000-transition monthly
//   free tier is per account, so it is applied only when asked (`applyFreeTier`).
// - Step Functions Express: per request, plus duration × memory: each execution's duration rounded
//   up to the next 100 ms, its memory billed in 64-MB chunks (at least one), the GB-hours of the
//   month priced through volume tiers (first 1,000 GB-hours, next 4,000, the rest). As in
//   ./lambda.ts, the tiers are applied to the usage handed in, taken as one month's.
// - NAT gateway: per gateway per hour, each partial hour billed as a full one, plus per GB processed.
// - S3: PUT/COPY/POST/LIST and GET/SELECT per 1,000 requests; transfer into S3 and from S3 to EC2 in
//   the same Region free.
// - ECR: transfer within the Region free; only a NAT gateway on the path charges for pulls.
// - DynamoDB on-demand: per write request unit; one WRU writes up to 1 KB (1,024 bytes), larger
//   items take one more per started KB, a transactional write takes twice as many.
// - VPC gateway endpoints (S3, DynamoDB): free.
//
// Exactness: usage is summed in integers where AWS meters integers (100-ms steps × 64-MB chunks,
// whole hours, requests), and each part is rounded to a millionth of a dollar once, at the end, as
// the rest of the bill is (./billing.ts); a total is the sum of its rounded parts.
import { round } from '../records/format.js';
import { checkPipelinePrices, type ExpressDurationTier, type PipelinePrices } from './pipelinePrices.js';
import { tieredUsd } from './tiers.js';

export const EXPRESS_DURATION_INCREMENT_MS = 100;
export const EXPRESS_MEMORY_CHUNK_MB = 64;
/** DynamoDB's KB (DynamoDB quotas page: "1 KB = 1024 bytes"). */
export const DYNAMODB_WRITE_UNIT_BYTES = 1024;
/** Bytes per GB when a caller converts metered bytes (AWS bills data transfer in GiB-sized GB). */
export const BYTES_PER_GB = 2 ** 30;

function usage(value: number, what: string): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${what} must be a finite number >= 0, got ${value}`);
  return value;
}

function count(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${what} must be a whole number >= 0, got ${value}`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Step Functions

export interface StandardOptions {
  /** Subtract the monthly free tier (per account: only for a whole account's month). Default false. */
  applyFreeTier?: boolean;
}

/** Standard workflows: `transitions` state transitions (retries included). */
export function stepFunctionsStandardCost(transitions: number, prices: PipelinePrices, options: StandardOptions = {}): number {
  checkPipelinePrices(prices);
  count(transitions, 'state transitions');
  const free = options.applyFreeTier ? prices.stepFunctions.standardFreeTransitionsPerMonth : 0;
  const billable = Math.max(0, transitions - free);
  return round((billable * prices.stepFunctions.standardUsdPerThousandTransitions) / 1000);
}

export interface ExpressExecution {
  /** From start until it completes or otherwise ends. */
  durationMs: number;
  /** Memory the execution used (definition + payload + Map/Parallel state); billed in 64-MB chunks. */
  memoryMB: number;
  /** How many executions like this one (default 1). */
  count?: number;
}

export interface ExpressUsage {
  requests: number;
  /** Σ billed duration (100-ms steps) × billed memory (64-MB chunks), in MB-ms: an integer. */
  billedMbMs: number;
  /** billedMbMs as GB-hours (1 GB = 1,024 MB). */
  gbHours: number;
}

/** The 100-ms steps AWS bills an Express execution of `durationMs` for, as ms. */
export function expressBilledDurationMs(durationMs: number): number {
  usage(durationMs, 'Express execution durationMs');
  return roundUpTo(durationMs, EXPRESS_DURATION_INCREMENT_MS);
}

/** The 64-MB chunks AWS bills an Express execution using `memoryMB` for, as MB (at least one chunk). */
export function expressBilledMemoryMB(memoryMB: number): number {
  usage(memoryMB, 'Express execution memoryMB');
  return Math.max(EXPRESS_MEMORY_CHUNK_MB, roundUpTo(memoryMB, EXPRESS_MEMORY_CHUNK_MB));
}

/** The least multiple of `step` >= x. The check catches a quotient that floating point rounded down (x/step underflowing, say). */
function roundUpTo(x: number, step: number): number {
  let n = Math.ceil(x / step);
  if (n * step < x) n += 1;
  return n * step;
}

export function expressUsage(executions: readonly ExpressExecution[]): ExpressUsage {
  let requests = 0;
  let billedMbMs = 0;
  for (const [i, e] of executions.entries()) {
    const n = count(e.count ?? 1, `Express executions[${i}].count`);
    requests += n;
    billedMbMs += n * expressBilledDurationMs(e.durationMs) * expressBilledMemoryMB(e.memoryMB);
  }
  return { requests, billedMbMs, gbHours: billedMbMs / (1024 * 1000 * 3600) };
}

/** `gbHours` priced through cumulative monthly tiers (the last open; a bounded last tier prices what lies above it). */
export function tieredGbHoursUsd(gbHours: number, tiers: readonly ExpressDurationTier[]): number {
  usage(gbHours, 'GB-hours');
  return tieredUsd(gbHours, tiers, (t) => t.upToGbHours, (t) => t.usdPerGbHour);
}

export interface ExpressCost {
  requestUsd: number;
  durationUsd: number;
  totalUsd: number;
  usage: ExpressUsage;
}

/** Express workflows: request charge plus tiered duration charge over `executions`, one month's worth. */
export function stepFunctionsExpressCost(executions: readonly ExpressExecution[], prices: PipelinePrices): ExpressCost {
  checkPipelinePrices(prices);
  const u = expressUsage(executions);
  const requestUsd = round((u.requests * prices.stepFunctions.expressUsdPerMillionRequests) / 1e6);
  const durationUsd = round(tieredGbHoursUsd(u.gbHours, prices.stepFunctions.expressDurationTiers));
  return { requestUsd, durationUsd, totalUsd: round(requestUsd + durationUsd), usage: u };
}

// ---------------------------------------------------------------------------------------------
// NAT gateway, S3, DynamoDB

export interface NatGatewayUsage {
  /** Hours each gateway existed, one entry per gateway (a number: one gateway). Partial hours round up per gateway. */
  gatewayHours: number | readonly number[];
  gbProcessed: number;
}

/** Whole gateway-hours AWS bills: each gateway's hours rounded up, summed. */
export function natGatewayBilledHours(gatewayHours: number | readonly number[]): number {
  const list = typeof gatewayHours === 'number' ? [gatewayHours] : gatewayHours;
  let hours = 0;
  for (const [i, h] of list.entries()) hours += Math.ceil(usage(h, `NAT gatewayHours[${i}]`));
  return hours;
}

export interface NatGatewayCost {
  hoursUsd: number;
  processingUsd: number;
  totalUsd: number;
  billedHours: number;
}

export function natGatewayCost(u: NatGatewayUsage, prices: PipelinePrices): NatGatewayCost {
  checkPipelinePrices(prices);
  const billedHours = natGatewayBilledHours(u.gatewayHours);
  const hoursUsd = round(billedHours * prices.natGateway.usdPerHour);
  const processingUsd = round(usage(u.gbProcessed, 'NAT gbProcessed') * prices.natGateway.usdPerGbProcessed);
  return { hoursUsd, processingUsd, totalUsd: round(hoursUsd + processingUsd), billedHours };
}

export interface S3Requests {
  /** PUT, COPY, POST and LIST requests. */
  puts: number;
  /** GET, SELECT and other requests (DELETE is free: leave it out). */
  gets: number;
}

export function s3RequestCost(r: S3Requests, prices: PipelinePrices): number {
  checkPipelinePrices(prices);
  const puts = count(r.puts, 'S3 puts');
  const gets = count(r.gets, 'S3 gets');
  return round((puts * prices.s3.putCopyPostListUsdPerThousand + gets * prices.s3.getSelectUsdPerThousand) / 1000);
}

/** Write request units for writing one item of `itemBytes` (at least one; twice as many when transactional). */
export function dynamoDbWriteRequestUnits(itemBytes: number, options: { transactional?: boolean } = {}): number {
  usage(itemBytes, 'DynamoDB item size (bytes)');
  const units = Math.max(1, Math.ceil(itemBytes / DYNAMODB_WRITE_UNIT_BYTES));
  return options.transactional ? 2 * units : units;
}

export function dynamoDbOnDemandWriteCost(writeRequestUnits: number, prices: PipelinePrices): number {
  checkPipelinePrices(prices);
  count(writeRequestUnits, 'DynamoDB write request units');
  return round((writeRequestUnits * prices.dynamoDb.onDemandUsdPerMillionWriteRequestUnits) / 1e6);
}

// ---------------------------------------------------------------------------------------------
// The data part of the bill

/** How jobs in private subnets reach S3 (and ECR's layers): the issue's `assumptions.network.s3Path`. */
export type S3Path = 'natGateway' | 'gatewayEndpoint';

export interface DataUsage {
  s3Path: S3Path;
  /** With `natGateway`: each gateway's hours (one per AZ used). Ignored with `gatewayEndpoint`. */
  natGatewayHours: number | readonly number[];
  /** Hours the gateway endpoint existed (billed at the endpoint's hourly price, $0). Default 0. */
  gatewayEndpointHours?: number;
  /** GB read from S3 by the jobs (same Region). */
  s3ReadGb: number;
  /** GB written to S3 by the jobs. */
  s3WriteGb: number;
  s3Requests: S3Requests;
  /** GB of image layers pulled from ECR (same Region), cold and warm pulls as the fidelity model counts them. */
  ecrPullGb: number;
  dynamoDbWriteRequestUnits: number;
  stepFunctions: {
    standardTransitions: number;
    expressExecutions: readonly ExpressExecution[];
    applyFreeTier?: boolean;
  };
}

export interface DataBillParts {
  /** The NAT gateway's own charges: its hours plus its processing of the S3 and ECR bytes. */
  nat: number;
  /** S3 requests plus S3's transfer charges (free within the Region). */
  s3: number;
  /** ECR's transfer charges for the pulls (free within the Region). */
  ecr: number;
  dynamodb: number;
  stepFunctions: number;
  /** VPC gateway endpoints' charges (free). */
  gatewayEndpoint: number;
}

export interface DataBill {
  parts: DataBillParts;
  /** Sum of the parts. */
  totalUsd: number;
  /** Where the NAT part comes from, so "is the NAT gateway eating our budget?" has an answer. */
  nat: { billedHours: number; hoursUsd: number; s3ProcessingUsd: number; ecrProcessingUsd: number };
  stepFunctions: { standardUsd: number; express: ExpressCost };
}

/**
 * The `data` part of a bill: NAT gateway, S3, ECR, DynamoDB and Step Functions charges, each >= 0.
 * With `natGateway`, every S3 and ECR byte crosses the gateway and pays its processing; with
 * `gatewayEndpoint`, S3 traffic and ECR's layer downloads (served from S3) take the free endpoint
 * and no NAT gateway is billed. DynamoDB's few bytes per item are not charged NAT processing here.
 */
export function dataBill(u: DataUsage, prices: PipelinePrices): DataBill {
  checkPipelinePrices(prices);
  if (u.s3Path !== 'natGateway' && u.s3Path !== 'gatewayEndpoint') throw new RangeError(`s3Path must be natGateway or gatewayEndpoint, got ${String(u.s3Path)}`);
  const viaNat = u.s3Path === 'natGateway';
  const s3Gb = usage(u.s3ReadGb, 's3ReadGb') + usage(u.s3WriteGb, 's3WriteGb');
  const ecrGb = usage(u.ecrPullGb, 'ecrPullGb');

  const natHours = viaNat ? natGatewayCost({ gatewayHours: u.natGatewayHours, gbProcessed: 0 }, prices) : null;
  const s3ProcessingUsd = viaNat ? round(s3Gb * prices.natGateway.usdPerGbProcessed) : 0;
  const ecrProcessingUsd = viaNat ? round(ecrGb * prices.natGateway.usdPerGbProcessed) : 0;
  const hoursUsd = natHours?.hoursUsd ?? 0;
  const nat = round(hoursUsd + s3ProcessingUsd + ecrProcessingUsd);

  const s3Transfer = round(u.s3ReadGb * prices.s3.transferToEc2SameRegionUsdPerGb + u.s3WriteGb * prices.s3.transferInUsdPerGb);
  const s3 = round(s3RequestCost(u.s3Requests, prices) + s3Transfer);
  const ecr = round(ecrGb * prices.ecr.transferSameRegionUsdPerGb);
  const dynamodb = dynamoDbOnDemandWriteCost(u.dynamoDbWriteRequestUnits, prices);

  const standardUsd = stepFunctionsStandardCost(u.stepFunctions.standardTransitions, prices, { applyFreeTier: u.stepFunctions.applyFreeTier });
  const express = stepFunctionsExpressCost(u.stepFunctions.expressExecutions, prices);
  const stepFunctions = round(standardUsd + express.totalUsd);

  const endpointHours = viaNat ? 0 : usage(u.gatewayEndpointHours ?? 0, 'gatewayEndpointHours');
  const endpointGb = viaNat ? 0 : s3Gb + ecrGb;
  const gatewayEndpoint = round(endpointHours * prices.gatewayEndpoint.usdPerHour + endpointGb * prices.gatewayEndpoint.usdPerGb);

  const parts: DataBillParts = { nat, s3, ecr, dynamodb, stepFunctions, gatewayEndpoint };
  const totalUsd = round(nat + s3 + ecr + dynamodb + stepFunctions + gatewayEndpoint);
  return {
    parts,
    totalUsd,
    nat: { billedHours: natHours?.billedHours ?? 0, hoursUsd, s3ProcessingUsd, ecrProcessingUsd },
    stepFunctions: { standardUsd, express },
  };
}

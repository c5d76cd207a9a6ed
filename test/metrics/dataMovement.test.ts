// The data part of a run's bill, by hand, against AWS's published NAT gateway example and the
// S3 and DynamoDB prices (metrics/pipelinePrices.ts); and that it is never negative.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarizeData } from '../../src/metrics/dataMovement.js';
import { PIPELINE_PRICES_US_EAST_1 as AWS } from '../../src/metrics/pipelinePrices.js';
import type { DataMovementSnapshot } from '../../src/model/dataMovement.js';
import type { NetworkAssumptions } from '../../src/scenario/types.js';

const GiB = 2 ** 30;
const HOUR = 3_600_000;
const NAT: NetworkAssumptions = { s3Path: 'natGateway', natGatewayAzs: 1, dynamoDbRecordPerJob: false, fargateBandwidthMbps: 1000 };

function snapshot(over: Partial<DataMovementSnapshot> = {}): DataMovementSnapshot {
  return {
    network: NAT,
    s3ReadBytes: 0,
    s3WriteBytes: 0,
    s3GetRequests: 0,
    s3PutRequests: 0,
    transferMs: 0,
    attemptsMovingData: 0,
    imagePullBytes: 0,
    coldImagePulls: 0,
    coldPullsWithoutSize: 0,
    dynamoDbItems: 0,
    ...over,
  };
}

describe('the data part of the bill', () => {
  it('reproduces AWS\'s NAT gateway example: one gateway for 720 hours and 100 GB to S3 is $36.90', () => {
    // VPC pricing page, NAT gateway example (US East, $0.045/h and $0.045/GB): 720 h × $0.045 = $32.40,
    // 100 GB × $0.045 = $4.50, data transfer EC2 -> S3 in the Region $0: $36.90.
    const d = summarizeData({ snapshot: snapshot({ s3WriteBytes: 100 * GiB }), endAt: 720 * HOUR });
    expect(d.natGatewayHours).toBe(720);
    expect(d.costUsd).toMatchObject({ natHours: 32.4, natS3Processing: 4.5, natEcrProcessing: 0, nat: 36.9, s3: 0, total: 36.9 });
  });

  it('bills each gateway per AZ for the run, its partial hour as a whole one, and ECR pulls through it', () => {
    // 2 gateways × ceil(1.5 h) = 4 gateway-hours × $0.045 = $0.18; (10 + 2) GiB S3 × $0.045 = $0.54; 4 GiB ECR = $0.18.
    // S3: 1,280 GETs × $0.0004/1,000 = $0.000512; 258 PUTs × $0.005/1,000 = $0.00129.
    const d = summarizeData({
      snapshot: snapshot({
        network: { ...NAT, natGatewayAzs: 2, dynamoDbRecordPerJob: true },
        s3ReadBytes: 10 * GiB, s3WriteBytes: 2 * GiB, s3GetRequests: 1280, s3PutRequests: 258, imagePullBytes: 4 * GiB, coldImagePulls: 2, dynamoDbItems: 1000,
      }),
      endAt: 1.5 * HOUR,
    });
    expect(d.natGateways).toBe(2);
    expect(d.natGatewayHours).toBe(4);
    // DynamoDB: 1,000 items of 1 KB = 1,000 WRU × $0.625 / 10^6 = $0.000625.
    expect(d.dynamoDb).toEqual({ items: 1000, writeRequestUnits: 1000 });
    expect(d.costUsd).toEqual({
      total: 0.902427, nat: 0.9, natHours: 0.18, natS3Processing: 0.54, natEcrProcessing: 0.18,
      s3: 0.001802, ecr: 0, dynamodb: 0.000625, gatewayEndpoint: 0,
    });
    expect(d.s3).toEqual({ readGiB: 10, writeGiB: 2, getRequests: 1280, putRequests: 258 });
    expect(d.ecr).toEqual({ pullGiB: 4, coldPulls: 2, coldPullsWithoutSize: 0 });
  });

  it('through a gateway endpoint: no NAT gateway, no processing, the same request charges', () => {
    const d = summarizeData({
      snapshot: snapshot({ network: { ...NAT, s3Path: 'gatewayEndpoint', natGatewayAzs: 3 }, s3ReadBytes: 10 * GiB, s3GetRequests: 1280, imagePullBytes: 4 * GiB }),
      endAt: 10 * HOUR,
    });
    expect(d.natGateways).toBe(0);
    expect(d.costUsd).toEqual({ total: 0.000512, nat: 0, natHours: 0, natS3Processing: 0, natEcrProcessing: 0, s3: 0.000512, ecr: 0, dynamodb: 0, gatewayEndpoint: 0 });
  });

  it('takes an overridden price table', () => {
    const ohio = { ...AWS, natGateway: { usdPerHour: 0.05, usdPerGbProcessed: 0.05 } };
    expect(summarizeData({ snapshot: snapshot({ s3ReadBytes: 100 * GiB }), endAt: 720 * HOUR }, ohio).costUsd.nat).toBe(41);
  });

  it('property: never negative, and the parts add up to the total', () => {
    const bytes = fc.integer({ min: 0, max: 2 ** 45 });
    fc.assert(
      fc.property(
        fc.record({ r: bytes, w: bytes, e: bytes, gets: fc.nat(1e7), puts: fc.nat(1e7), endAt: fc.nat(10 ** 10), jobs: fc.nat(10 ** 6), azs: fc.integer({ min: 1, max: 6 }) }),
        fc.constantFrom<NetworkAssumptions['s3Path']>('natGateway', 'gatewayEndpoint'),
        fc.boolean(),
        (u, s3Path, dynamo) => {
          const d = summarizeData({
            snapshot: snapshot({ network: { ...NAT, s3Path, natGatewayAzs: u.azs, dynamoDbRecordPerJob: dynamo }, s3ReadBytes: u.r, s3WriteBytes: u.w, imagePullBytes: u.e, s3GetRequests: u.gets, s3PutRequests: u.puts, dynamoDbItems: u.jobs }),
            endAt: u.endAt,
          });
          for (const v of Object.values(d.costUsd)) expect(v).toBeGreaterThanOrEqual(0);
          const c = d.costUsd;
          expect(Math.abs(c.total - (c.nat + c.s3 + c.ecr + c.dynamodb + c.gatewayEndpoint))).toBeLessThanOrEqual(2e-6);
          expect(Math.abs(c.nat - (c.natHours + c.natS3Processing + c.natEcrProcessing))).toBeLessThanOrEqual(2e-6);
        },
      ),
    );
  });
});

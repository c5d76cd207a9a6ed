// Pipeline billing (issue 14): AWS's published pricing examples reproduced with the bundled
// us-east-1 table, hand-worked cases for each rounding rule, and fast-check properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dataBill,
  dynamoDbOnDemandWriteCost,
  dynamoDbWriteRequestUnits,
  expressBilledDurationMs,
  expressBilledMemoryMB,
  natGatewayBilledHours,
  natGatewayCost,
  s3RequestCost,
  stepFunctionsExpressCost,
  stepFunctionsStandardCost,
  tieredGbHoursUsd,
  type DataUsage,
  type ExpressExecution,
} from '../../src/metrics/pipelineBilling.js';
import {
  checkPipelinePrices,
  overridePipelinePrices,
  PIPELINE_PRICE_SOURCES,
  PIPELINE_PRICES_US_EAST_1 as AWS,
  STEP_FUNCTIONS_STANDARD_USD_PER_THOUSAND_BY_REGION,
  type PipelinePrices,
} from '../../src/metrics/pipelinePrices.js';

const cents = (x: number): number => Math.round(x * 100) / 100;

describe('the bundled us-east-1 table', () => {
  it('holds the figures as found on the pricing pages', () => {
    expect(AWS.stepFunctions).toEqual({
      standardUsdPerThousandTransitions: 0.025,
      standardFreeTransitionsPerMonth: 4000,
      expressUsdPerMillionRequests: 1,
      expressDurationTiers: [
        { upToGbHours: 1000, usdPerGbHour: 0.06 },
        { upToGbHours: 5000, usdPerGbHour: 0.03 },
        { upToGbHours: null, usdPerGbHour: 0.01642 },
      ],
    });
    expect(AWS.natGateway).toEqual({ usdPerHour: 0.045, usdPerGbProcessed: 0.045 });
    expect(AWS.s3).toEqual({ putCopyPostListUsdPerThousand: 0.005, getSelectUsdPerThousand: 0.0004, transferInUsdPerGb: 0, transferToEc2SameRegionUsdPerGb: 0 });
    expect(AWS.ecr).toEqual({ transferSameRegionUsdPerGb: 0 });
    expect(AWS.dynamoDb).toEqual({ onDemandUsdPerMillionWriteRequestUnits: 0.625 });
    expect(AWS.gatewayEndpoint).toEqual({ usdPerHour: 0, usdPerGb: 0 });
    expect(() => checkPipelinePrices(AWS)).not.toThrow();
  });

  it('gives every figure exactly one source, with an https AWS URL and ISO dates, in the table order', () => {
    const leaves = Object.entries(AWS).flatMap(([section, figures]) => Object.keys(figures as object).map((k) => `${section}.${k}`));
    expect(PIPELINE_PRICE_SOURCES.map((s) => s.figure)).toEqual(leaves);
    for (const s of PIPELINE_PRICE_SOURCES) {
      expect(s.url).toMatch(/^https:\/\/aws\.amazon\.com\/[a-z0-9-]+\/pricing\//);
      expect(s.lookedUp).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (s.pageDate !== null) expect(s.pageDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(s.note.length).toBeGreaterThan(10);
    }
    // What could not be read on AWS's own page says so.
    const unverified = PIPELINE_PRICE_SOURCES.filter((s) => s.verification === 'third-party').map((s) => s.figure);
    expect(unverified).toEqual([
      'natGateway.usdPerHour',
      'natGateway.usdPerGbProcessed',
      's3.putCopyPostListUsdPerThousand',
      's3.getSelectUsdPerThousand',
      'dynamoDb.onDemandUsdPerMillionWriteRequestUnits',
    ]);
  });

  it('lists the Standard transition price per Region as the Step Functions page does', () => {
    const t = STEP_FUNCTIONS_STANDARD_USD_PER_THOUSAND_BY_REGION;
    expect(t['us-east-1']).toBe(AWS.stepFunctions.standardUsdPerThousandTransitions);
    expect(t['us-west-1']).toBe(0.0279);
    expect(t['sa-east-1']).toBe(0.0375);
    expect(t['eu-west-3']).toBe(0.0297);
    expect(Object.keys(t)).toHaveLength(18);
  });
});

describe('overridePipelinePrices and checkPipelinePrices', () => {
  it('replaces only the figures given and changes neither argument', () => {
    const overrides = { natGateway: { usdPerGbProcessed: 0.059 }, stepFunctions: { expressDurationTiers: [{ upToGbHours: null, usdPerGbHour: 0.05 }] } };
    const before = JSON.stringify(AWS);
    const p = overridePipelinePrices(AWS, overrides);
    expect(JSON.stringify(AWS)).toBe(before);
    expect(p.natGateway).toEqual({ usdPerHour: 0.045, usdPerGbProcessed: 0.059 });
    expect(p.stepFunctions.expressDurationTiers).toEqual([{ upToGbHours: null, usdPerGbHour: 0.05 }]);
    expect(p.stepFunctions.standardUsdPerThousandTransitions).toBe(0.025);
    expect(p.s3).toEqual(AWS.s3);
    expect(p.s3).not.toBe(AWS.s3);
    expect(overridePipelinePrices(AWS, {})).toEqual(AWS);
  });

  it('names the bad figure of an override', () => {
    expect(() => natGatewayCost({ gatewayHours: 1, gbProcessed: 0 }, overridePipelinePrices(AWS, { natGateway: { usdPerHour: -1 } }))).toThrow(
      'pipeline price natGateway.usdPerHour must be a finite number >= 0, got -1',
    );
    expect(() => checkPipelinePrices(overridePipelinePrices(AWS, { s3: { getSelectUsdPerThousand: Number.NaN } }))).toThrow('s3.getSelectUsdPerThousand');
    const tiers = (t: PipelinePrices['stepFunctions']['expressDurationTiers']): PipelinePrices =>
      overridePipelinePrices(AWS, { stepFunctions: { expressDurationTiers: t } });
    expect(() => checkPipelinePrices(tiers([]))).toThrow('needs at least one tier');
    expect(() => checkPipelinePrices(tiers([{ upToGbHours: null, usdPerGbHour: 1 }, { upToGbHours: 5, usdPerGbHour: 1 }]))).toThrow('[0] is open');
    expect(() => checkPipelinePrices(tiers([{ upToGbHours: 5, usdPerGbHour: 1 }, { upToGbHours: 5, usdPerGbHour: 1 }]))).toThrow('[1].upToGbHours must be above 5');
  });
});

describe('Step Functions Standard', () => {
  it('reproduces the AWS Step Functions Workshop example: 3 transitions × 1,000 executions = $0.075', () => {
    // aws-samples/the-aws-step-functions-workshop, module 13 "Review the Cost Impact":
    // (3 × 1000) × 0.000025 = $0.075, "this does not include the 4,000 state transitions included in the AWS Free Tier".
    expect(stepFunctionsStandardCost(3 * 1000, AWS)).toBe(0.075);
    // With the free tier those 3,000 transitions cost nothing.
    expect(stepFunctionsStandardCost(3000, AWS, { applyFreeTier: true })).toBe(0);
  });

  it('subtracts the 4,000 free transitions only when asked', () => {
    // 100,000 executions × 4 transitions = 400,000; 400,000 − 4,000 = 396,000 × $0.000025 = $9.90.
    expect(stepFunctionsStandardCost(400_000, AWS, { applyFreeTier: true })).toBe(9.9);
    expect(stepFunctionsStandardCost(400_000, AWS)).toBe(10);
  });

  it('uses a Region’s price when the table is overridden with it', () => {
    const usWest1 = overridePipelinePrices(AWS, { stepFunctions: { standardUsdPerThousandTransitions: STEP_FUNCTIONS_STANDARD_USD_PER_THOUSAND_BY_REGION['us-west-1'] } });
    expect(stepFunctionsStandardCost(1_000_000, usWest1)).toBe(27.9); // 1,000 × $0.0279
  });

  it('rejects a count that is not a whole number >= 0', () => {
    expect(() => stepFunctionsStandardCost(-1, AWS)).toThrow('state transitions must be a whole number >= 0, got -1');
    expect(() => stepFunctionsStandardCost(1.5, AWS)).toThrow(RangeError);
  });
});

describe('Step Functions Express', () => {
  it('reproduces the pricing page’s example: 100 million workflows of 10 s at 64 MB cost $482.97 a month', () => {
    // https://aws.amazon.com/step-functions/pricing/, Express example:
    // requests 100M × $1.00 per million = $100.00;
    // 100M × 10 s = 1,000,000,000 s × 64 MB / 1024 = 62,500,000 GB-s = 17,361.11 GB-hours;
    // $0.06 × 1,000 = $60.00 + $0.03 × 4,000 = $120.00 + $0.01642 × 12,361.11 = $202.97 -> $382.97.
    // The memory is the page's memory example: 50 MB + 50 KB + 32 KB × 400 = 62.85 MB, billed as 64 MB.
    const c = stepFunctionsExpressCost([{ durationMs: 10_000, memoryMB: 62.85, count: 100_000_000 }], AWS);
    expect(c.usage.requests).toBe(100_000_000);
    expect(c.usage.billedMbMs).toBe(100_000_000 * 10_000 * 64);
    expect(c.usage.gbHours * 3600).toBeCloseTo(62_500_000, 3);
    expect(cents(c.usage.gbHours)).toBe(17_361.11);
    expect(c.requestUsd).toBe(100);
    expect(c.durationUsd).toBe(382.969444); // 60 + 120 + 12,361.1111… × 0.01642
    expect(cents(c.durationUsd)).toBe(382.97);
    expect(cents(c.totalUsd)).toBe(482.97);
  });

  it('reproduces the AWS Step Functions Workshop example: 1,000 executions of 11,300 ms within 64 MB ≈ $0.01', () => {
    // Workshop: (11300 / 100) × $0.0000001042 = $0.0000117746 per execution, + $0.000001 per request,
    // × 1000 = $0.01. $0.0000001042 is 0.1 s × 64/1024 GB × $0.06/3600 = $0.00000010417, rounded.
    const c = stepFunctionsExpressCost([{ durationMs: 11_300, memoryMB: 64, count: 1000 }], AWS);
    expect(c.requestUsd).toBe(0.001);
    expect(c.durationUsd).toBe(0.011771); // 1000 × 11.3 s × 0.0625 GB = 706.25 GB-s = 0.196181 GB-h × $0.06
    expect(Math.abs(c.durationUsd - 1000 * 0.0000117746)).toBeLessThan(5e-6);
    expect(cents(c.totalUsd)).toBe(0.01);
  });

  it('rounds each execution up to 100 ms and to 64-MB chunks', () => {
    expect(expressBilledDurationMs(11_300)).toBe(11_300);
    expect(expressBilledDurationMs(11_301)).toBe(11_400);
    expect(expressBilledDurationMs(1)).toBe(100);
    expect(expressBilledDurationMs(0)).toBe(0);
    expect(expressBilledMemoryMB(64)).toBe(64);
    expect(expressBilledMemoryMB(64.01)).toBe(128);
    expect(expressBilledMemoryMB(0)).toBe(64);
    // Per execution, not on the sum: two runs of 50 ms bill 200 ms, not 100 ms.
    const flat = overridePipelinePrices(AWS, { stepFunctions: { expressUsdPerMillionRequests: 0 } });
    const two = stepFunctionsExpressCost([{ durationMs: 50, memoryMB: 10 }, { durationMs: 50, memoryMB: 10 }], flat);
    expect(two.usage.billedMbMs).toBe(2 * 100 * 64);
  });

  it('prices GB-hours through the tiers, including one bounded last tier', () => {
    expect(tieredGbHoursUsd(500, AWS.stepFunctions.expressDurationTiers)).toBe(30); // 500 × 0.06
    expect(tieredGbHoursUsd(3000, AWS.stepFunctions.expressDurationTiers)).toBe(120); // 60 + 2,000 × 0.03
    expect(tieredGbHoursUsd(0, AWS.stepFunctions.expressDurationTiers)).toBe(0);
    expect(tieredGbHoursUsd(30, [{ upToGbHours: 10, usdPerGbHour: 1 }, { upToGbHours: 20, usdPerGbHour: 0.5 }])).toBe(20);
  });

  it('costs nothing for no executions and rejects bad ones', () => {
    expect(stepFunctionsExpressCost([], AWS)).toMatchObject({ requestUsd: 0, durationUsd: 0, totalUsd: 0 });
    expect(() => stepFunctionsExpressCost([{ durationMs: -5, memoryMB: 64 }], AWS)).toThrow('durationMs must be a finite number >= 0, got -5');
    expect(() => stepFunctionsExpressCost([{ durationMs: 5, memoryMB: 64, count: 0.5 }], AWS)).toThrow('Express executions[0].count');
  });
});

describe('NAT gateway', () => {
  it('reproduces published monthly examples at $0.045 per hour and per GB', () => {
    // basavytix.com "AWS NAT Gateway pricing": 1 gateway × 730 h = $32.85, 500 GB × $0.045 = $22.50, total $55.35.
    expect(natGatewayCost({ gatewayHours: 730, gbProcessed: 500 }, AWS)).toEqual({ hoursUsd: 32.85, processingUsd: 22.5, totalUsd: 55.35, billedHours: 730 });
    // Same page: 3 gateways × 730 h = $98.55, 2,048 GB = $92.16, total $190.71.
    expect(natGatewayCost({ gatewayHours: [730, 730, 730], gbProcessed: 2048 }, AWS).totalUsd).toBe(190.71);
    // cloudburn.io: 720 h + 100 GB = $32.40 + $4.50 = $36.90.
    expect(natGatewayCost({ gatewayHours: 720, gbProcessed: 100 }, AWS).totalUsd).toBe(36.9);
  });

  it('bills each gateway’s partial hour as a full hour, per gateway', () => {
    expect(natGatewayBilledHours(0.01)).toBe(1);
    expect(natGatewayBilledHours(2)).toBe(2);
    expect(natGatewayBilledHours([0.5, 0.5])).toBe(2); // not ceil(1.0) = 1
    expect(natGatewayBilledHours([0.5, 1.01])).toBe(3);
    expect(natGatewayBilledHours([])).toBe(0);
    expect(natGatewayCost({ gatewayHours: [0.5, 1.01], gbProcessed: 0 }, AWS).hoursUsd).toBe(0.135);
  });
});

describe('S3 requests', () => {
  it('prices S3 Standard requests per 1,000', () => {
    // 1,000,000 PUT × $0.005 / 1,000 = $5.00; 9,000,000 GET × $0.0004 / 1,000 = $3.60.
    expect(s3RequestCost({ puts: 1_000_000, gets: 9_000_000 }, AWS)).toBe(8.6);
    expect(s3RequestCost({ puts: 1, gets: 0 }, AWS)).toBe(0.000005);
  });

  it('reproduces the S3 FAQ’s request arithmetic with its prices (S3 Express One Zone, example 1)', () => {
    // https://aws.amazon.com/s3/faqs/: 1,000,000 PUT × $0.00113/1,000 = $1.13; 9,000,000 GET × $0.00003/1,000 = $0.27.
    const expressOneZone = overridePipelinePrices(AWS, { s3: { putCopyPostListUsdPerThousand: 0.00113, getSelectUsdPerThousand: 0.00003 } });
    expect(s3RequestCost({ puts: 1_000_000, gets: 0 }, expressOneZone)).toBe(1.13);
    expect(s3RequestCost({ puts: 0, gets: 9_000_000 }, expressOneZone)).toBe(0.27);
  });
});

describe('DynamoDB on-demand writes', () => {
  it('takes one WRU per started KB of 1,024 bytes, at least one, twice for transactions', () => {
    expect(dynamoDbWriteRequestUnits(0)).toBe(1);
    expect(dynamoDbWriteRequestUnits(1)).toBe(1);
    expect(dynamoDbWriteRequestUnits(1024)).toBe(1);
    expect(dynamoDbWriteRequestUnits(1025)).toBe(2);
    // DynamoDB pricing: "a standard write request of a 3 KB item would require three ... a transactional ... six".
    expect(dynamoDbWriteRequestUnits(3 * 1024)).toBe(3);
    expect(dynamoDbWriteRequestUnits(3 * 1024, { transactional: true })).toBe(6);
  });

  it('prices WRUs at $0.625 per million, half the price before November 2024', () => {
    expect(dynamoDbOnDemandWriteCost(1_000_000, AWS)).toBe(0.625);
    // 10 million writes of 3 KB = 30 million WRU × $0.625 = $18.75; at the old $1.25, $37.50.
    const wru = 10_000_000 * dynamoDbWriteRequestUnits(3000);
    expect(dynamoDbOnDemandWriteCost(wru, AWS)).toBe(18.75);
    expect(dynamoDbOnDemandWriteCost(wru, overridePipelinePrices(AWS, { dynamoDb: { onDemandUsdPerMillionWriteRequestUnits: 1.25 } }))).toBe(37.5);
  });
});

/** The hand-worked month of dataBill's tests. */
function month(s3Path: DataUsage['s3Path']): DataUsage {
  return {
    s3Path,
    natGatewayHours: [10.2, 10.2],
    gatewayEndpointHours: 10.2,
    s3ReadGb: 100,
    s3WriteGb: 20,
    s3Requests: { puts: 2000, gets: 10_000 },
    ecrPullGb: 30,
    dynamoDbWriteRequestUnits: 1000 * dynamoDbWriteRequestUnits(2048),
    stepFunctions: { standardTransitions: 12_000, expressExecutions: [] },
  };
}

describe('dataBill', () => {
  it('through NAT gateways: every S3 and ECR byte pays processing', () => {
    // NAT: 2 gateways × ceil(10.2) = 22 h × $0.045 = $0.99; (100 + 20) GB × $0.045 = $5.40; 30 GB ECR × $0.045 = $1.35 -> $7.74.
    // S3: 2,000 × 0.005/1,000 + 10,000 × 0.0004/1,000 = $0.014 (transfer free). ECR: $0 (same Region).
    // DynamoDB: 1,000 items of 2 KB = 2,000 WRU × $0.625/1e6 = $0.00125. Step Functions: 12,000 × 0.025/1,000 = $0.30.
    const bill = dataBill(month('natGateway'), AWS);
    expect(bill.parts).toEqual({ nat: 7.74, s3: 0.014, ecr: 0, dynamodb: 0.00125, stepFunctions: 0.3, gatewayEndpoint: 0 });
    expect(bill.totalUsd).toBe(8.05525);
    expect(bill.nat).toEqual({ billedHours: 22, hoursUsd: 0.99, s3ProcessingUsd: 5.4, ecrProcessingUsd: 1.35 });
    expect(bill.stepFunctions.standardUsd).toBe(0.3);
  });

  it('through gateway endpoints: no NAT gateway, free endpoint, the same request and write charges', () => {
    const bill = dataBill(month('gatewayEndpoint'), AWS);
    expect(bill.parts).toEqual({ nat: 0, s3: 0.014, ecr: 0, dynamodb: 0.00125, stepFunctions: 0.3, gatewayEndpoint: 0 });
    expect(bill.totalUsd).toBe(0.31525);
    expect(bill.nat).toEqual({ billedHours: 0, hoursUsd: 0, s3ProcessingUsd: 0, ecrProcessingUsd: 0 });
    // The NAT gateway costs this month $8.05525 − $0.31525 = $7.74.
    expect(dataBill(month('natGateway'), AWS).totalUsd - bill.totalUsd).toBeCloseTo(7.74, 9);
  });

  it('charges overridden transfer and endpoint prices where they apply', () => {
    const p = overridePipelinePrices(AWS, {
      s3: { transferToEc2SameRegionUsdPerGb: 0.01, transferInUsdPerGb: 0.001 },
      ecr: { transferSameRegionUsdPerGb: 0.02 },
      gatewayEndpoint: { usdPerHour: 0.01, usdPerGb: 0.001 },
    });
    const viaEndpoint = dataBill(month('gatewayEndpoint'), p);
    // S3: 0.014 + 100 × 0.01 + 20 × 0.001 = 1.034; ECR: 30 × 0.02 = 0.6; endpoint: 10.2 × 0.01 + 150 × 0.001 = 0.252.
    expect(viaEndpoint.parts).toMatchObject({ s3: 1.034, ecr: 0.6, gatewayEndpoint: 0.252 });
    expect(dataBill(month('natGateway'), p).parts.gatewayEndpoint).toBe(0);
  });

  it('adds Express executions to the Step Functions part', () => {
    const u = { ...month('gatewayEndpoint'), stepFunctions: { standardTransitions: 0, expressExecutions: [{ durationMs: 11_300, memoryMB: 64, count: 1000 }] } };
    expect(dataBill(u, AWS).parts.stepFunctions).toBe(0.012771);
  });

  it('rejects bad usage with the field named', () => {
    expect(() => dataBill({ ...month('natGateway'), s3ReadGb: -1 }, AWS)).toThrow('s3ReadGb must be a finite number >= 0, got -1');
    expect(() => dataBill({ ...month('natGateway'), s3Path: 'internet' as DataUsage['s3Path'] }, AWS)).toThrow('s3Path must be natGateway or gatewayEndpoint');
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const nonNeg = (max: number): fc.Arbitrary<number> => fc.double({ min: 0, max, noNaN: true });
const whole = (max: number): fc.Arbitrary<number> => fc.integer({ min: 0, max });
const executionArb: fc.Arbitrary<ExpressExecution> = fc.record({ durationMs: nonNeg(300_000), memoryMB: nonNeg(4096), count: whole(1000) });
const pricesArb: fc.Arbitrary<PipelinePrices> = fc
  .record({
    a: nonNeg(1),
    b: nonNeg(1),
    c: nonNeg(1),
    d: nonNeg(1),
    e: nonNeg(1),
    f: nonNeg(1),
    g: nonNeg(1),
    h: nonNeg(1),
    i: nonNeg(1),
    bound: fc.integer({ min: 1, max: 10_000 }),
  })
  .map(({ a, b, c, d, e, f, g, h, i, bound }) =>
    overridePipelinePrices(AWS, {
      stepFunctions: { standardUsdPerThousandTransitions: a, expressUsdPerMillionRequests: b, expressDurationTiers: [{ upToGbHours: bound, usdPerGbHour: c }, { upToGbHours: null, usdPerGbHour: c / 2 }] },
      natGateway: { usdPerHour: d, usdPerGbProcessed: e },
      s3: { putCopyPostListUsdPerThousand: f, getSelectUsdPerThousand: g, transferToEc2SameRegionUsdPerGb: h / 10 },
      dynamoDb: { onDemandUsdPerMillionWriteRequestUnits: i },
    }),
  );
const usageArb: fc.Arbitrary<DataUsage> = fc.record({
  s3Path: fc.constantFrom<DataUsage['s3Path']>('natGateway', 'gatewayEndpoint'),
  natGatewayHours: fc.array(nonNeg(1000), { maxLength: 3 }),
  gatewayEndpointHours: nonNeg(1000),
  s3ReadGb: nonNeg(10_000),
  s3WriteGb: nonNeg(10_000),
  s3Requests: fc.record({ puts: whole(1e7), gets: whole(1e7) }),
  ecrPullGb: nonNeg(1000),
  dynamoDbWriteRequestUnits: whole(1e8),
  stepFunctions: fc.record({ standardTransitions: whole(1e7), expressExecutions: fc.array(executionArb, { maxLength: 4 }), applyFreeTier: fc.boolean() }),
});

/** Rounding each part to 1e-6 can make a sum differ from the sum of rounded parts by this much. */
const ROUNDING = 2e-6;

describe('pipeline billing properties', () => {
  it('never bills a negative part, and the total is the sum of the parts', () => {
    fc.assert(
      fc.property(usageArb, pricesArb, (u, p) => {
        const bill = dataBill(u, p);
        for (const v of Object.values(bill.parts)) expect(v).toBeGreaterThanOrEqual(0);
        const sum = Object.values(bill.parts).reduce((a, b) => a + b, 0);
        expect(Math.abs(bill.totalUsd - sum)).toBeLessThanOrEqual(ROUNDING);
      }),
    );
  });

  it('is monotone in usage: more of anything never costs less', () => {
    fc.assert(
      fc.property(usageArb, pricesArb, nonNeg(1000), whole(100_000), (u, p, extraGb, extraCount) => {
        const base = dataBill(u, p).totalUsd;
        const more: DataUsage[] = [
          { ...u, s3ReadGb: u.s3ReadGb + extraGb },
          { ...u, ecrPullGb: u.ecrPullGb + extraGb },
          { ...u, natGatewayHours: [...(u.natGatewayHours as number[]), extraGb] },
          { ...u, s3Requests: { puts: u.s3Requests.puts + extraCount, gets: u.s3Requests.gets + extraCount } },
          { ...u, dynamoDbWriteRequestUnits: u.dynamoDbWriteRequestUnits + extraCount },
          { ...u, stepFunctions: { ...u.stepFunctions, standardTransitions: u.stepFunctions.standardTransitions + extraCount } },
          { ...u, stepFunctions: { ...u.stepFunctions, expressExecutions: [...u.stepFunctions.expressExecutions, { durationMs: extraGb, memoryMB: 100, count: 1 }] } },
        ];
        for (const m of more) expect(dataBill(m, p).totalUsd).toBeGreaterThanOrEqual(base - ROUNDING);
      }),
    );
  });

  it('lengthening an Express execution or giving it more memory never costs less', () => {
    fc.assert(
      fc.property(fc.array(executionArb, { minLength: 1, maxLength: 4 }), nonNeg(10_000), nonNeg(1000), pricesArb, (execs, dMs, dMb, p) => {
        const base = stepFunctionsExpressCost(execs, p).totalUsd;
        const longer = execs.map((e, i) => (i === 0 ? { ...e, durationMs: e.durationMs + dMs, memoryMB: e.memoryMB + dMb } : e));
        expect(stepFunctionsExpressCost(longer, p).totalUsd).toBeGreaterThanOrEqual(base - ROUNDING);
      }),
    );
  });

  it('is additive where the price is linear: Standard (no free tier), S3 requests, DynamoDB, NAT processing', () => {
    fc.assert(
      fc.property(whole(1e8), whole(1e8), nonNeg(1e5), nonNeg(1e5), pricesArb, (a, b, x, y, p) => {
        const close = (ab: number, sum: number): void => expect(Math.abs(ab - sum)).toBeLessThanOrEqual(ROUNDING);
        close(stepFunctionsStandardCost(a + b, p), stepFunctionsStandardCost(a, p) + stepFunctionsStandardCost(b, p));
        close(s3RequestCost({ puts: a + b, gets: b }, p), s3RequestCost({ puts: a, gets: 0 }, p) + s3RequestCost({ puts: b, gets: b }, p));
        close(dynamoDbOnDemandWriteCost(a + b, p), dynamoDbOnDemandWriteCost(a, p) + dynamoDbOnDemandWriteCost(b, p));
        const proc = (gb: number): number => natGatewayCost({ gatewayHours: [], gbProcessed: gb }, p).processingUsd;
        close(proc(x + y), proc(x) + proc(y));
      }),
    );
  });

  it('Express rounding never bills less than the exact duration and memory, nor a whole step more', () => {
    fc.assert(
      fc.property(fc.array(executionArb, { maxLength: 6 }), (execs) => {
        let exactMbMs = 0;
        for (const e of execs) {
          const d = expressBilledDurationMs(e.durationMs);
          const m = expressBilledMemoryMB(e.memoryMB);
          expect(d).toBeGreaterThanOrEqual(e.durationMs);
          expect(d - 100).toBeLessThan(e.durationMs);
          expect(d % 100).toBe(0);
          expect(m).toBeGreaterThanOrEqual(Math.max(e.memoryMB, 64));
          expect(m - e.memoryMB).toBeLessThanOrEqual(64);
          expect(m % 64).toBe(0);
          exactMbMs += (e.count ?? 1) * e.durationMs * e.memoryMB;
        }
        const p = overridePipelinePrices(AWS, { stepFunctions: { expressUsdPerMillionRequests: 0, expressDurationTiers: [{ upToGbHours: null, usdPerGbHour: 3600 }] } });
        // At $3,600 per GB-hour ($1 per GB-s) the duration charge reads as billed GB-seconds.
        const c = stepFunctionsExpressCost(execs, p);
        expect(c.usage.billedMbMs).toBeGreaterThanOrEqual(exactMbMs);
        expect(c.durationUsd).toBeGreaterThanOrEqual(exactMbMs / (1024 * 1000) - ROUNDING);
      }),
    );
  });

  it('bills NAT hours as whole hours, never fewer than used, under one extra hour per gateway', () => {
    fc.assert(
      fc.property(fc.array(nonNeg(10_000), { maxLength: 5 }), (hours) => {
        const billed = natGatewayBilledHours(hours);
        const used = hours.reduce((a, b) => a + b, 0);
        expect(Number.isInteger(billed)).toBe(true);
        expect(billed).toBeGreaterThanOrEqual(used - 1e-9);
        expect(billed).toBeLessThan(used + hours.length + 1e-9);
      }),
    );
  });
});

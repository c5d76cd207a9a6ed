// S3 data movement worked by hand (issue 14, simulation.data): each attempt reads before its work
// and writes after it at its host's baseline bandwidth (data/ec2-instance-types.json), what an
// attempt moves when it is cut short, and that a scenario without data runs exactly as before.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/metrics/summary.js';
import { DataMovement, S3_PART_BYTES, s3GetRequests, s3PutRequests, transferMs, UNKNOWN_EC2_BANDWIDTH_MBPS } from '../../src/model/dataMovement.js';
import type { Attempt } from '../../src/model/job.js';
import type { Instance } from '../../src/model/instance.js';
import { simulate } from '../../src/plan/simulate.js';
import type { ComputeEnvironment, JobData, NetworkAssumptions, Scenario } from '../../src/scenario/types.js';
import * as b from '../helpers/build.js';

const GiB = 2 ** 30;
const WORK_MS = 60_000;
/** m6i.4xlarge: 6,250 Mbps baseline ("up to 12.5 Gbps"), 16 vCPU. */
const M6I_4XL_MBPS = 6250;

function world(o: { data?: JobData | null; network?: NetworkAssumptions; ce?: ComputeEnvironment; jobs?: number; definition?: Parameters<typeof b.definition>[1]; untilMs?: number } = {}): Scenario {
  const ce = o.ce ?? b.managedEc2('ec2', { instanceTypes: ['m6i.4xlarge'], maxvCpus: 16, allocationStrategy: 'BEST_FIT' });
  return b.scenario({
    assumptions: b.assumptions(o.network ? { network: o.network } : {}),
    computeEnvironments: [ce],
    jobQueues: [b.queue('q', [ce.computeEnvironmentName])],
    jobDefinitions: [b.definition('d', { runtime: b.fixed(WORK_MS), ...(o.data !== undefined ? { data: o.data } : {}), ...o.definition })],
    workload: [b.at('w', Array.from({ length: o.jobs ?? 1 }, () => 0), [{ jobName: 'd', jobQueue: 'q', jobDefinition: 'd' }])],
    untilMs: o.untilMs ?? null,
  });
}

/** RUNNING of every attempt: [startedAt, stoppedAt] in ms. */
function running(r: ReturnType<typeof simulate>): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k < r.attempts.count; k++) out.push([r.attempts.startedAt[k], r.attempts.stoppedAt[k]]);
  return out;
}

describe('transfer time = bytes / bandwidth', () => {
  it('a job reading 10 GiB on an m6i.4xlarge runs exactly 13.744 s longer', () => {
    // 10 × 2^30 bytes × 8 bit / 6,250 × 10^6 bit/s = 13.7438953472 s, to the ms 13,744.
    expect(b.catalog.instanceTypes.get('m6i.4xlarge')?.networkMbps).toBe(M6I_4XL_MBPS);
    expect(transferMs(10 * GiB, M6I_4XL_MBPS)).toBe(13_744);
    const plain = simulate(world(), b.catalog);
    const reading = simulate(world({ data: { readBytes: 10 * GiB, writeBytes: 0 } }), b.catalog);
    const [[s0, e0]] = running(plain);
    const [[s1, e1]] = running(reading);
    expect(e0 - s0).toBe(WORK_MS);
    expect(s1).toBe(s0);
    expect(e1 - s1).toBe(WORK_MS + 13_744);
  });

  it('reads before the work and writes after it: 10 GiB in, 2 GiB out', () => {
    // 2 GiB: 17,179,869,184 bit / 6.25 × 10^9 bit/s = 2.7487790694 s -> 2,749 ms.
    const r = simulate(world({ data: { readBytes: 10 * GiB, writeBytes: 2 * GiB } }), b.catalog);
    const [[start, stop]] = running(r);
    expect(stop - start).toBe(13_744 + WORK_MS + 2_749);
    expect(r.data).toMatchObject({ s3ReadBytes: 10 * GiB, s3WriteBytes: 2 * GiB, transferMs: 13_744 + 2_749, attemptsMovingData: 1 });
    // 10 GiB in 8 MiB parts: 1,280 GETs; 2 GiB: Create + 256 UploadParts + Complete.
    expect(r.data).toMatchObject({ s3GetRequests: 1280, s3PutRequests: 258 });
  });

  it('a Fargate task moves at the [EST] flat 1 Gbps, whatever its size', () => {
    const fargate: ComputeEnvironment = {
      computeEnvironmentName: 'fg', type: 'MANAGED', state: 'ENABLED', instances: [],
      computeResources: { ...b.managedEc2('x').computeResources!, type: 'FARGATE', instanceTypes: [], maxvCpus: 16 },
    };
    const def = { platformCapabilities: ['FARGATE' as const], vcpus: 1, memoryMiB: 2048 };
    const r = simulate(world({ ce: fargate, data: { readBytes: 10 * GiB, writeBytes: 0 }, definition: def }), b.catalog);
    // 85,899,345,920 bit / 10^9 bit/s = 85.899 s.
    const [[start, stop]] = running(r);
    expect(stop - start).toBe(WORK_MS + 85_899);
    const faster = simulate(world({ ce: fargate, data: { readBytes: 10 * GiB, writeBytes: 0 }, definition: def, network: { s3Path: 'natGateway', natGatewayAzs: 1, dynamoDbRecordPerJob: false, fargateBandwidthMbps: 4000 } }), b.catalog);
    const [[s2, e2]] = running(faster);
    expect(e2 - s2).toBe(WORK_MS + 21_475);
  });

  it('an EC2 type with no published figure moves at the [EST] fallback', () => {
    expect(b.catalog.instanceTypes.get('m4.large')?.networkMbps).toBeNull();
    const r = simulate(world({ ce: b.managedEc2('ec2', { instanceTypes: ['m4.large'], maxvCpus: 2 }), data: { readBytes: GiB, writeBytes: 0 } }), b.catalog);
    const [[start, stop]] = running(r);
    expect(stop - start).toBe(WORK_MS + transferMs(GiB, UNKNOWN_EC2_BANDWIDTH_MBPS));
    expect(transferMs(GiB, UNKNOWN_EC2_BANDWIDTH_MBPS)).toBe(17_180);
  });

  it('each attempt moves at the instance\'s full bandwidth, however many share it [EST]', () => {
    const r = simulate(world({ jobs: 4, data: { readBytes: 10 * GiB, writeBytes: 0 } }), b.catalog);
    expect(r.instances.length).toBe(1);
    for (const [start, stop] of running(r)) expect(stop - start).toBe(WORK_MS + 13_744);
  });

  it('bandwidthSharing byVcpu: four 4-vCPU jobs on an m6i.4xlarge each get a quarter [EST]', () => {
    // 6,250 Mbps × 4/16 = 1,562.5 Mbps: 85,899,345,920 bit / 1.5625 × 10^9 bit/s = 54.976 s.
    const network: NetworkAssumptions = { s3Path: 'natGateway', natGatewayAzs: 1, dynamoDbRecordPerJob: false, fargateBandwidthMbps: 1000, bandwidthSharing: 'byVcpu' };
    const r = simulate(world({ jobs: 4, data: { readBytes: 10 * GiB, writeBytes: 0 }, network, definition: { vcpus: 4 } }), b.catalog);
    expect(r.instances.length).toBe(1);
    expect(running(r)).toHaveLength(4);
    for (const [start, stop] of running(r)) expect(stop - start).toBe(WORK_MS + 54_976);
    const whole = simulate(world({ jobs: 1, data: { readBytes: 10 * GiB, writeBytes: 0 }, network, definition: { vcpus: 16 } }), b.catalog);
    expect(running(whole)[0][1] - running(whole)[0][0]).toBe(WORK_MS + 13_744);
  });
});

describe('what an attempt moves when it is cut short', () => {
  it('a failing attempt reads but does not write; its retry reads again', () => {
    const def = { retryStrategy: { attempts: 2, evaluateOnExit: [] }, failure: { probability: 1, exitCode: 1, reason: 'Essential container in task exited' } };
    const r = simulate(world({ data: { readBytes: 10 * GiB, writeBytes: 2 * GiB }, definition: def }), b.catalog);
    const runs = running(r);
    expect(runs).toHaveLength(2);
    for (const [start, stop] of runs) expect(stop - start).toBe(13_744 + WORK_MS);
    expect(r.data).toMatchObject({ s3ReadBytes: 20 * GiB, s3WriteBytes: 0, s3GetRequests: 2560, s3PutRequests: 0, attemptsMovingData: 2 });
  });

  it('a timed-out attempt stops mid-write and has moved that share of its output', () => {
    // Timeout 60 s + 30 s kill grace = 90 s of RUNNING: 13.744 s read, 60 s work, 16.256 s of a 16.492 s write.
    const def = { attemptDurationMs: 60_000 };
    const r = simulate(world({ data: { readBytes: 10 * GiB, writeBytes: 12 * GiB }, definition: def }), b.catalog);
    const [[start, stop]] = running(r);
    expect(stop - start).toBe(90_000);
    const writeMs = transferMs(12 * GiB, M6I_4XL_MBPS);
    expect(writeMs).toBe(16_493);
    const written = Math.round((12 * GiB * (90_000 - 13_744 - WORK_MS)) / writeMs);
    expect(r.data).toMatchObject({ s3ReadBytes: 10 * GiB, s3WriteBytes: written, transferMs: 90_000 - WORK_MS });
    // An unfinished multipart upload: Create and the parts begun, no Complete.
    expect(r.data!.s3PutRequests).toBe(1 + Math.ceil(written / S3_PART_BYTES));
  });

  it('with dynamoDbRecordPerJob, a job that never ran writes no item', () => {
    // "first" runs and fails; "second" depends on it, so fails without running (PENDING -> FAILED);
    // "third" runs and succeeds. Three jobs end, two had a container: two items.
    const network: NetworkAssumptions = { s3Path: 'gatewayEndpoint', natGatewayAzs: 1, dynamoDbRecordPerJob: true, fargateBandwidthMbps: 1000 };
    const ce = b.managedEc2('ec2', { instanceTypes: ['m6i.4xlarge'], maxvCpus: 16, allocationStrategy: 'BEST_FIT' });
    const fails = { failure: { probability: 1, exitCode: 1, reason: 'Essential container in task exited' } };
    const s = b.scenario({
      assumptions: b.assumptions({ network }),
      computeEnvironments: [ce],
      jobQueues: [b.queue('q', ['ec2'])],
      jobDefinitions: [b.definition('bad', fails), b.definition('good')],
      workload: [
        {
          name: 'w',
          arrivals: { kind: 'at', atMs: [0] },
          jobs: [b.template('first', { jobDefinition: 'bad' }), b.template('second', { jobDefinition: 'good', dependsOn: [{ jobName: 'first', type: null }] }), b.template('third', { jobDefinition: 'good' })],
        },
      ],
    });
    const r = simulate(s, b.catalog);
    const summary = summarize(r);
    expect(summary.jobs).toMatchObject({ submitted: 3, succeeded: 1, failed: 2 });
    expect(summary.blocked.neverRan).toBe(1);
    expect(summary.data!.dynamoDb).toEqual({ items: 2, writeRequestUnits: 2 });
  });

  it("bills the data part at the scenario's prices.pipeline where it sets them", () => {
    // One job reading 10 GiB through one NAT gateway: gateway-hours and GB processed at the
    // scenario's (eu-west-1's, say) $0.048, S3 GETs at $0.00044 per 1,000; the rest us-east-1's.
    const network: NetworkAssumptions = { s3Path: 'natGateway', natGatewayAzs: 1, dynamoDbRecordPerJob: false, fargateBandwidthMbps: 1000 };
    const s = world({ data: { readBytes: 10 * GiB, writeBytes: 0 }, network });
    const bundled = summarize(simulate(s, b.catalog)).data!;
    const own = summarize(simulate({ ...s, prices: { ...s.prices, pipeline: { natGateway: { usdPerHour: 0.048, usdPerGbProcessed: 0.048 }, s3: { getSelectUsdPerThousand: 0.00044 } } } }, b.catalog)).data!;
    expect(bundled.costUsd).toMatchObject({ natHours: 0.045, natS3Processing: 0.45 });
    expect(own.costUsd).toMatchObject({ natHours: 0.048, natS3Processing: 0.48, s3: Math.round((1280 * 0.00044) / 1000 * 1e6) / 1e6 });
    expect(own.s3).toEqual(bundled.s3);
  });

  it('an attempt the horizon cuts off mid-read has moved that share', () => {
    // Instance ready at 0 (ec2Launch 0), RUNNING from 0; until 5 s: 5/13.744 of the read.
    const r = simulate(world({ data: { readBytes: 10 * GiB, writeBytes: 0 }, untilMs: 5_000 }), b.catalog);
    expect(r.cutOff).toBe(true);
    expect(r.data!.s3ReadBytes).toBe(Math.round((10 * GiB * 5_000) / 13_744));
    expect(r.data!.s3GetRequests).toBe(Math.ceil(r.data!.s3ReadBytes / S3_PART_BYTES));
  });
});

describe('the per-job sizes (the hook for a triggering object\'s size)', () => {
  it('plans an attempt from the job\'s own readBytes and writeBytes, not its definition\'s', () => {
    const dm = DataMovement.of(world({ data: { readBytes: GiB, writeBytes: GiB } }), b.catalog)!;
    const host = { fargate: false, instanceType: 'm6i.4xlarge' } as Instance;
    const attempt = { job: { readBytes: 10 * GiB, writeBytes: 0 }, instance: host, readMs: 0, workMs: 0, writeMs: 0, startedAt: 0 } as unknown as Attempt;
    expect(dm.plan(attempt, WORK_MS, false)).toBe(13_744 + WORK_MS);
    dm.settle(attempt, 13_744 + WORK_MS);
    expect(dm.snapshot({ bytes: 0, coldPulls: 0, withoutSize: 0 })).toMatchObject({ s3ReadBytes: 10 * GiB, s3WriteBytes: 0 });
  });
});

describe('S3 request counting', () => {
  it('counts one request per started 8 MiB part, one for a small object', () => {
    expect(s3GetRequests(0)).toBe(0);
    expect(s3GetRequests(1)).toBe(1);
    expect(s3GetRequests(S3_PART_BYTES)).toBe(1);
    expect(s3GetRequests(S3_PART_BYTES + 1)).toBe(2);
    expect(s3PutRequests(S3_PART_BYTES, S3_PART_BYTES)).toBe(1);
    expect(s3PutRequests(S3_PART_BYTES - 1, S3_PART_BYTES)).toBe(0); // a single PUT not finished: not made
    expect(s3PutRequests(GiB, GiB)).toBe(128 + 2);
    expect(s3PutRequests(GiB / 2, GiB)).toBe(64 + 1);
  });
});

describe('scenarios without data movement', () => {
  it('run exactly as before: no data part, the same timings and summary', () => {
    const plain = simulate(world(), b.catalog);
    const zero = simulate(world({ data: null }), b.catalog);
    expect(plain.data).toBeUndefined();
    expect(zero.data).toBeUndefined();
    expect(running(zero)).toEqual(running(plain));
    expect(summarize(zero)).toEqual(summarize(plain));
    expect(summarize(plain).data).toBeUndefined();
    expect(summarize(plain).costUsd.data).toBeUndefined();
  });

  it('a network block alone bills the NAT gateway and adds no transfer time', () => {
    const network: NetworkAssumptions = { s3Path: 'natGateway', natGatewayAzs: 2, dynamoDbRecordPerJob: false, fargateBandwidthMbps: 1000 };
    const r = simulate(world({ network }), b.catalog);
    expect(running(r)).toEqual(running(simulate(world(), b.catalog)));
    const s = summarize(r);
    expect(s.data?.natGateways).toBe(2);
    expect(s.data?.costUsd.total).toBe(s.data?.costUsd.natHours);
  });
});

describe('properties', () => {
  it('the data part is never negative, total = compute + ebs + data, and more data never runs shorter', () => {
    fc.assert(
      fc.property(
        fc.record({
          readGiB: fc.double({ min: 0, max: 50, noNaN: true }),
          writeGiB: fc.double({ min: 0, max: 50, noNaN: true }),
          jobs: fc.integer({ min: 1, max: 6 }),
          fails: fc.double({ min: 0, max: 1, noNaN: true }),
          timeout: fc.option(fc.integer({ min: 60, max: 400 }), { nil: null }),
          until: fc.option(fc.integer({ min: 1, max: 400 }), { nil: null }),
          s3Path: fc.constantFrom<NetworkAssumptions['s3Path']>('natGateway', 'gatewayEndpoint'),
          azs: fc.integer({ min: 1, max: 3 }),
          dynamo: fc.boolean(),
          seed: fc.integer({ min: 1, max: 1000 }),
        }),
        (p) => {
          const data = { readBytes: Math.round(p.readGiB * GiB), writeBytes: Math.round(p.writeGiB * GiB) };
          const network: NetworkAssumptions = { s3Path: p.s3Path, natGatewayAzs: p.azs, dynamoDbRecordPerJob: p.dynamo, fargateBandwidthMbps: 1000 };
          const definition = {
            retryStrategy: { attempts: 2, evaluateOnExit: [] },
            failure: { probability: p.fails, exitCode: 1, reason: 'Essential container in task exited' },
            attemptDurationMs: p.timeout === null ? null : p.timeout * 1000,
          };
          const s = { ...world({ data, network, jobs: p.jobs, definition, untilMs: p.until === null ? undefined : p.until * 1000 }), seed: p.seed };
          const r = simulate(s, b.catalog);
          const sum = summarize(r);
          const d = sum.data!;
          for (const v of Object.values(d.costUsd)) expect(v).toBeGreaterThanOrEqual(0);
          expect(d.s3.readGiB).toBeGreaterThanOrEqual(0);
          expect(r.data!.s3ReadBytes).toBeLessThanOrEqual(r.attempts.count * data.readBytes);
          expect(r.data!.s3WriteBytes).toBeLessThanOrEqual(r.attempts.count * data.writeBytes);
          expect(Math.abs(sum.costUsd.total - (sum.costUsd.compute + sum.costUsd.ebs + d.costUsd.total))).toBeLessThan(1e-5);
          if (p.timeout === null && p.until === null) {
            const none = simulate({ ...s, jobDefinitions: [{ ...s.jobDefinitions[0], data: { readBytes: 0, writeBytes: 0 } }] }, b.catalog);
            running(r).forEach(([start, stop], k) => expect(stop - start).toBeGreaterThanOrEqual(running(none)[k][1] - running(none)[k][0]));
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

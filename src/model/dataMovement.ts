// The S3 data jobs move (issue 14, `simulation.data`): how long an attempt's read and write take
// at its host's network bandwidth, and the bytes and requests the run moved, which the data part
// of the bill prices (metrics/dataMovement.ts). An attempt reads its input before its work and
// writes its output after it, all within RUNNING, so the transfer counts against the attempt's
// timeout and is billed with the instance like the work.
//
// [EST] By default each attempt moves at its host's full baseline bandwidth, however many attempts
// share the instance: optimistic for an instance packed with jobs that all transfer at once.
// `bandwidthSharing: byVcpu` gives each its vCPU share instead (pessimistic when they do not
// transfer at the same time). Bandwidth shared as transfers start and end is not modelled.
import type { JobDefinition, NetworkAssumptions, Scenario } from '../scenario/types.js';
import type { Catalog } from './catalog.js';
import type { Instance } from './instance.js';
import type { Attempt, Job } from './job.js';

/**
 * assumptions.network when a scenario moves data and does not say (documented in defaults.ts NETWORK,
 * which is this object).
 */
export const DEFAULT_NETWORK: Readonly<NetworkAssumptions> = Object.freeze({
  s3Path: 'natGateway',
  natGatewayAzs: 1,
  dynamoDbRecordPerJob: false,
  fargateBandwidthMbps: 1000,
  bandwidthSharing: 'none',
});

/**
 * [EST] Bandwidth of an EC2 type the catalogue has no figure for (the older sizes EC2 rates
 * "Moderate" or "High" in words, custom unmanaged shapes): 500 Mbps, about the lowest baseline of
 * a current non-burstable size (c7a.medium 390, a1.medium 500, c5.large 750 Mbps).
 */
export const UNKNOWN_EC2_BANDWIDTH_MBPS = 500;

/**
 * [EST] Jobs move their data as the AWS CLI's `aws s3 cp` does by default (AWS CLI S3 configuration,
 * https://docs.aws.amazon.com/cli/latest/topic/s3-config.html: multipart_threshold and
 * multipart_chunksize 8 MB, MiB in fact): an object above 8 MiB goes in 8 MiB parts, one request
 * each (ranged GETs down; UploadPart PUTs up, plus the CreateMultipartUpload and
 * CompleteMultipartUpload POSTs, which S3 prices as PUT-class requests); an object up to 8 MiB is
 * one GET or one PUT. One object read and one written per attempt.
 */
export const S3_PART_BYTES = 8 * 1024 * 1024;

/** Whether the run prices data movement: an `assumptions.network` block, or a definition with `simulation.data`. */
export function declaresDataMovement(scenario: Pick<Scenario, 'assumptions' | 'jobDefinitions'>): boolean {
  return scenario.assumptions.network !== undefined || scenario.jobDefinitions.some((d: JobDefinition) => (d.data ?? null) !== null);
}

/** ms to move `bytes` at `mbps` (10^6 bit/s), rounded to the ms; 0 for nothing, at least 1 ms for something. */
export function transferMs(bytes: number, mbps: number): number {
  if (bytes <= 0) return 0;
  return Math.max(1, Math.round((bytes * 8) / (mbps * 1000)));
}

/** Requests to GET `bytes` (one object): one per started part, one for a small object; 0 for none. */
export function s3GetRequests(bytes: number): number {
  return bytes <= 0 ? 0 : Math.ceil(bytes / S3_PART_BYTES);
}

/**
 * PUT-class requests to write `moved` of an object of `objectBytes`: one PUT for a small object
 * (once it is all written); a multipart upload's Create, one UploadPart per started part and, once
 * all is written, its Complete.
 */
export function s3PutRequests(moved: number, objectBytes: number): number {
  if (moved <= 0) return 0;
  if (objectBytes <= S3_PART_BYTES) return moved >= objectBytes ? 1 : 0;
  return 1 + Math.ceil(moved / S3_PART_BYTES) + (moved >= objectBytes ? 1 : 0);
}

/** What the run moved, for the bill: plain data. */
export interface DataMovementSnapshot {
  network: NetworkAssumptions;
  s3ReadBytes: number;
  s3WriteBytes: number;
  s3GetRequests: number;
  s3PutRequests: number;
  /** Attempt time spent reading and writing, summed over attempts (ms). */
  transferMs: number;
  /** Attempts that moved any S3 data. */
  attemptsMovingData: number;
  /** ECR image layers downloaded by cold pulls (imagePull.ts): sized images only. */
  imagePullBytes: number;
  coldImagePulls: number;
  /** Cold pulls of images given by a measured pull time, whose bytes are not known (not billed). */
  coldPullsWithoutSize: number;
  /** With dynamoDbRecordPerJob: the jobs that ended after running (one DynamoDB item each); else 0. */
  dynamoDbItems: number;
}

export class DataMovement {
  readonly network: NetworkAssumptions;
  private readonly mbpsByType = new Map<string, number>();
  private s3ReadBytes = 0;
  private s3WriteBytes = 0;
  private gets = 0;
  private puts = 0;
  private movingMs = 0;
  private attempts = 0;
  private items = 0;

  private constructor(
    network: NetworkAssumptions | undefined,
    private readonly catalog: Catalog,
  ) {
    this.network = { ...(network ?? DEFAULT_NETWORK) };
  }

  /** The run's data movement, or null when the scenario declares none (runs are then exactly as before). */
  static of(scenario: Pick<Scenario, 'assumptions' | 'jobDefinitions'>, catalog: Catalog): DataMovement | null {
    return declaresDataMovement(scenario) ? new DataMovement(scenario.assumptions.network, catalog) : null;
  }

  /** The host's bandwidth, Mbps: the catalogue's baseline for an EC2 type, the [EST] figure for a Fargate task. */
  private bandwidthMbps(host: Instance): number {
    if (host.fargate) return this.network.fargateBandwidthMbps;
    let mbps = this.mbpsByType.get(host.instanceType);
    if (mbps === undefined) {
      mbps = this.catalog.instanceTypes.get(host.instanceType)?.networkMbps ?? UNKNOWN_EC2_BANDWIDTH_MBPS;
      this.mbpsByType.set(host.instanceType, mbps);
    }
    return mbps;
  }

  /**
   * Times an attempt entering RUNNING: its read before `workMs` of work and, unless the work
   * fails, its write after. Returns the attempt's whole RUNNING time. The sizes are the job's
   * own (`readBytes`/`writeBytes`, its definition's by default).
   */
  plan(attempt: Attempt, workMs: number, fails: boolean): number {
    const { job } = attempt;
    const host = attempt.instance;
    // A multi-node job holds its main node whole; a Fargate task is the job's own.
    const share = this.network.bandwidthSharing === 'byVcpu' && !host.fargate && job.definition.nodeProperties === null ? Math.min(1, job.vcpus / host.vcpus) : 1;
    const mbps = this.bandwidthMbps(host) * share;
    attempt.readMs = transferMs(job.readBytes, mbps);
    // A failing application exits before it writes its output.
    attempt.writeMs = fails ? 0 : transferMs(job.writeBytes, mbps);
    attempt.workMs = workMs;
    return attempt.readMs + workMs + attempt.writeMs;
  }

  /**
   * An attempt ended at `until` (done, failed, timed out, reclaimed, or cut off by the horizon):
   * what it moved is its share of each phase it got through.
   */
  settle(attempt: Attempt, until: number): void {
    if (attempt.startedAt < 0) return;
    const { job } = attempt;
    const elapsed = Math.max(0, until - attempt.startedAt);
    const readMs = Math.min(elapsed, attempt.readMs);
    const writeMs = Math.min(Math.max(0, elapsed - attempt.readMs - attempt.workMs), attempt.writeMs);
    const read = attempt.readMs === 0 ? 0 : readMs === attempt.readMs ? job.readBytes : Math.round((job.readBytes * readMs) / attempt.readMs);
    const written = attempt.writeMs === 0 ? 0 : writeMs === attempt.writeMs ? job.writeBytes : Math.round((job.writeBytes * writeMs) / attempt.writeMs);
    if (read === 0 && written === 0) return;
    this.attempts++;
    this.movingMs += readMs + writeMs;
    this.s3ReadBytes += read;
    this.s3WriteBytes += written;
    this.gets += s3GetRequests(read);
    this.puts += s3PutRequests(written, job.writeBytes);
  }

  /**
   * A job reached SUCCEEDED or FAILED. With dynamoDbRecordPerJob its container writes one item
   * as it ends: a job that never reached RUNNING (cancelled while RUNNABLE, a dependency failed,
   * Step Functions terminated it) had no container, so writes none; nor does an array parent.
   */
  jobEnded(job: Job): void {
    if (this.network.dynamoDbRecordPerJob && job.startedAt >= 0) this.items++;
  }

  snapshot(pulls: { bytes: number; coldPulls: number; withoutSize: number }): DataMovementSnapshot {
    return {
      network: { ...this.network },
      s3ReadBytes: this.s3ReadBytes,
      s3WriteBytes: this.s3WriteBytes,
      s3GetRequests: this.gets,
      s3PutRequests: this.puts,
      transferMs: this.movingMs,
      attemptsMovingData: this.attempts,
      imagePullBytes: pulls.bytes,
      coldImagePulls: pulls.coldPulls,
      coldPullsWithoutSize: pulls.withoutSize,
      dynamoDbItems: this.items,
    };
  }
}

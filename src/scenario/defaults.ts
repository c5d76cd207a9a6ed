// Every default the reader fills in when a scenario leaves a field out, named, each with where it
// comes from: the AWS documentation, or [EST] for the simulator's own estimate or choice.
import { lognormalFromMedianP95, type DistributionSpec } from '../engine/distribution.js';
import { DEFAULT_NETWORK } from '../model/dataMovement.js';
import { ESSENTIAL_CONTAINER_EXITED } from '../model/statusReasons.js';
import type { ApiAssumptions, FargateAssumptions, ImagePullAssumptions, LambdaAssumptions, NetworkAssumptions, PipelineAssumptions, SpotAssumptions } from './types.js';

// ---------------------------------------------------------------- the scenario as a whole

/** Name of a scenario read from no file and naming none. [EST] */
export const SCENARIO_NAME = 'scenario';
/** Seed of the named random streams. [EST] */
export const SEED = 1;
/** 2024-01-01T00:00:00Z, a Monday, so schedules on weekdays are easy to read. [EST] */
export const START_AT_MS = Date.UTC(2024, 0, 1);

// ---------------------------------------------------------------- assumptions

/** Prices bundled in data/ are us-east-1's. */
export const REGION = 'us-east-1';
/** The Batch scheduler evaluates queues every few seconds. [EST] */
export const SCHEDULER_CYCLE_MS = 10_000;
/** SUBMITTED -> PENDING -> RUNNABLE. [EST] */
export const SUBMIT_TO_RUNNABLE: DistributionSpec = { kind: 'fixed', value: 5_000 };
/** STARTING -> RUNNING: image pull and container start. [EST] */
export const CONTAINER_START: DistributionSpec = { kind: 'fixed', value: 10_000 };
/** Instance request to registered with the ECS cluster: median 3 min, p95 6 min. [EST] */
export const EC2_LAUNCH: DistributionSpec = { kind: 'lognormal', ...lognormalFromMedianP95(180_000, 360_000) };
/**
 * The last part of ec2Launch, from EC2 `running` (where per-second billing starts, EC2 instance
 * lifecycle) to registered with the ECS cluster: OS boot (about 20 s after `running`, ec2-boot-bench)
 * plus Docker and the ECS agent starting and registering. [EST]
 */
export const EC2_BOOT_MS = 60_000;
/**
 * [EST] AWS publishes no packing rule. Ties go to the smallest type: launches stay close to the work
 * waiting, so the least capacity is left idle when the queue drains (README, "Placement preference").
 */
export const PLACEMENT = 'smallest' as const;
export const PLACEMENTS = ['smallest', 'largest', 'lowest-vcpu-cost'] as const;
/** Fargate task provisioning. [EST] */
export const FARGATE_LAUNCH: DistributionSpec = { kind: 'fixed', value: 30_000 };
/** Batch scales an idle instance in after a few minutes. [EST] */
export const IDLE_TERMINATE_AFTER_MS = 300_000;
/** The ECS-optimized AMI's root volume (AWS ECS docs: 30 GiB gp3). */
export const EBS_ROOT_VOLUME_GIB = 30;
/** Sampling period of timeseries.csv, and the finest interval `auto` picks. [EST] */
export const TIMESERIES_INTERVAL_MS = 60_000;
/** `timeseriesInterval: auto`: the interval that keeps a run to about this many sampling instants. [EST] */
export const AUTO_SAMPLE_INSTANTS = 2_000;

/**
 * Interruption rates and savings from the Spot Instance Advisor (bundled data); the two-minute
 * interruption notice (AWS EC2 docs, "Spot Instance interruption notices").
 */
export const SPOT: SpotAssumptions = { interruptions: { kind: 'advisor' }, advisorReading: 'per-instance-month', noticeMs: 120_000, price: { kind: 'advisor' } };
/**
 * Cold image pulls: no image has a pull time unless the scenario names one (containerStart then
 * covers the pull, as before). 50 MiB/s of compressed image downloaded from ECR in the Region and
 * unpacked (gzip decompression on one core is the usual bound) [EST].
 */
export const IMAGE_PULL: ImagePullAssumptions = { throughputMiBPerSecond: 50, images: {} };
/**
 * Current Fargate task sizes (AWS Fargate docs: up to 16 vCPU / 120 GB); the task launch rate
 * quota of ECS (AWS service quotas: a burst of 100, then 20 per second).
 */
export const FARGATE: FargateAssumptions = { limits: 'current', launchBurst: 100, launchPerSecond: 20 };
/**
 * AWS Batch service quotas (https://docs.aws.amazon.com/batch/latest/userguide/service_limits.html):
 * "Maximum number of transactions per second (TPS) for each account for SubmitJob operations: 50"
 * and "Maximum number of jobs in SUBMITTED state: 1000000". AWS publishes no burst; one second's
 * worth of calls is assumed. [EST]
 */
export const API: ApiAssumptions = { submitJob: { perSecond: 50, burst: 50 }, maxSubmittedJobs: 1_000_000 };
/** A SubmitJob rate given without a burst: one second's worth of calls (at least 1). [EST] */
export const submitJobBurst = (perSecond: number): number => Math.max(1, Math.ceil(perSecond));
/**
 * assumptions.registeredMemory: none, so the model's table applies (src/model/capacity.ts: Xen
 * 7985/8192 as AWS documents for m4.large, Nitro 0.935 [EST], published per-type figures).
 */
export const REGISTERED_MEMORY: Readonly<Record<string, number>> = {};
/**
 * [EST] After a launch fails for insufficient capacity, Batch's Auto Scaling group or Spot Fleet
 * tries again later; AWS publishes no interval. One minute is the order of an ASG's retry back-off.
 */
export const CAPACITY_RETRY_MS = 60_000;
/**
 * The orchestration's latencies [EST]. AWS publishes none for a state transition; 100 ms per state
 * is the order Standard workflows show in their execution history. A `.sync` Batch Task learns of
 * its job's end from Batch's job-state events, seconds later (5 s assumed). S3 "event notifications
 * are delivered in seconds but can sometimes take a minute or longer"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventNotifications.html): lognormal with
 * a median of 2 s and a 95th percentile of 20 s.
 */
export const PIPELINE: PipelineAssumptions = {
  transitionMs: 100,
  syncLagMs: 5000,
  eventDelivery: { kind: 'lognormal', ...lognormalFromMedianP95(2000, 20_000) },
};
/** Lambda's default architecture (AWS Lambda docs). */
export const LAMBDA: LambdaAssumptions = { architecture: 'x86_64' };
/**
 * assumptions.network, when a scenario moves data (README, "What moving the data costs"):
 * - s3Path natGateway [EST]: jobs in private subnets reach S3 and ECR through a NAT gateway unless
 *   the VPC has endpoints, the costlier of the two and the one "is the NAT gateway eating our
 *   budget?" asks about.
 * - natGatewayAzs 1 [EST]: the model places instances in no Availability Zone; AWS recommends one
 *   NAT gateway per AZ used (VPC user guide, "NAT gateways"), so a two-AZ setup says 2.
 * - dynamoDbRecordPerJob false: the per-job metadata write (one item of at most 1 KB, one write
 *   request unit) is priced only when asked.
 * - fargateBandwidthMbps 1,000 [EST]: AWS publishes no per-task network bandwidth for Fargate.
 *   Measurements (StormForge, "AWS Fargate Network Performance", 2018, updated 2021, eu-west-1;
 *   zenn.dev/tsumita7 "AWS Fargateのネットワーク帯域を測定してみた", 2023, all 74 Linux x86 task sizes
 *   through AWS Batch) find it stable and not growing with the task's vCPU and memory, so one flat
 *   figure for every size; 1 Gbps is a conservative round value, not read from those measurements.
 * - bandwidthSharing none [EST]: each attempt at the instance's full bandwidth (see model/dataMovement.ts).
 * The value lives in model/dataMovement.ts (the model may not import this module).
 */
export const NETWORK: Readonly<NetworkAssumptions> = DEFAULT_NETWORK;

// ---------------------------------------------------------------- AWS objects (API defaults)

/** computeEnvironment.state and jobQueue.state (AWS Batch API: ENABLED). */
export const STATE = 'ENABLED';
/** computeResources.allocationStrategy (AWS Batch API: BEST_FIT). */
export const ALLOCATION_STRATEGY = 'BEST_FIT';
/** computeResources.minvCpus; desiredvCpus starts at minvCpus. [EST] */
export const MIN_VCPUS = 0;
/** computeResources.bidPercentage (AWS Batch API: 100% of the On-Demand price). */
export const BID_PERCENTAGE = 100;
/** jobQueue.simulation.discipline: AWS Batch's own FIFO with backfill. */
export const DISCIPLINE = 'fifo';
/** jobDefinition.type (required by the AWS API; most definitions are single containers). [EST] */
export const JOB_DEFINITION_TYPE = 'container';
/** jobDefinition.platformCapabilities (AWS Batch API: EC2). */
export const PLATFORM_CAPABILITIES = ['EC2'] as const;
/** retryStrategy.attempts (AWS Batch API: no retry, one attempt). */
export const ATTEMPTS = 1;
/** ephemeralStorage.sizeInGiB on Fargate (AWS Fargate docs: 20 GiB). */
export const EPHEMERAL_STORAGE_GIB = 20;
/** runtimePlatform.cpuArchitecture (AWS ECS API: X86_64). */
export const CPU_ARCHITECTURE = 'X86_64';
/** simulation.failure.exitCode: a failing process's usual status. [EST] */
export const FAILURE_EXIT_CODE = 1;
/** simulation.failure.reason: ECS's stoppedReason when the essential container exits (AWS ECS docs), the model's SUCCEEDED reason too. */
export const FAILURE_REASON = ESSENTIAL_CONTAINER_EXITED;
/** fairsharePolicy.shareDecaySeconds and computeReservation (AWS Batch API: 0). */
export const SHARE_DECAY_SECONDS = 0;
export const COMPUTE_RESERVATION = 0;
/** shareDistribution[].weightFactor (AWS Batch API: 1.0). */
export const WEIGHT_FACTOR = 1;

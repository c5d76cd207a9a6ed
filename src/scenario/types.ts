// The normalized scenario: what `read/` produces from a scenario file and the model consumes.
// Every duration is integer milliseconds, every memory size MiB, every default filled in.
// AWS objects keep the AWS Batch API's field names; simulation-only knobs are named as in the file.
import type { DistributionSpec } from '../engine/distribution.js';
import type { StateMachine } from '../model/stepFunctions/types.js';
import type { PlacementPreference } from '../model/types.js';

export type { PlacementPreference };

export interface Scenario {
  name: string;
  description: string | null;
  seed: number;
  /** Epoch ms (UTC) the clock's 0 stands for (`startAt`); schedules are evaluated from it. */
  startAtMs: number;
  /** Stop the clock here even if work remains; null runs until no work is left. */
  untilMs: number | null;
  assumptions: Assumptions;
  computeEnvironments: ComputeEnvironment[];
  jobQueues: JobQueue[];
  jobDefinitions: JobDefinition[];
  schedulingPolicies: SchedulingPolicy[];
  workload: WorkloadGroup[];
  /** Price overrides from the scenario (`prices:` block); applied on top of the bundled data. */
  prices: PriceOverrides;
  /** Step Functions state machines that workload groups start (`stateMachines:`); absent or empty when none. */
  stateMachines?: StateMachineConfig[];
}

export interface Assumptions {
  region: string;
  /** 0: the scheduler reacts the instant anything changes. Otherwise it runs every cycle. */
  schedulerCycleMs: number;
  submitToRunnable: DistributionSpec;
  containerStart: DistributionSpec;
  ec2Launch: DistributionSpec;
  /** The billed last part of ec2Launch: EC2 `running` to registered with ECS (boot, ECS agent). */
  ec2BootMs: number;
  /** Which of equally good instance types a managed environment launches [EST] (allocation.ts). */
  placement: PlacementPreference;
  fargateLaunch: DistributionSpec;
  idleTerminateAfterMs: number;
  /** Size of each EC2 instance's EBS root volume (gp3), billed with the instance. */
  ebsRootVolumeGiB: number;
  /**
   * How timeseries.csv is sampled: `interval` every timeseriesIntervalMs; `auto` (the default) at
   * an interval chosen from the run's estimated horizon, never finer than timeseriesIntervalMs
   * (AUTO_SAMPLE_INSTANTS); `changes` at every instant a value changes. Rows are change-only.
   */
  timeseriesMode: TimeseriesMode;
  /** Sampling period of timeseries.csv (`interval`), or the finest `auto` picks. */
  timeseriesIntervalMs: number;
  spot: SpotAssumptions;
  fargate: FargateAssumptions;
  lambda: LambdaAssumptions;
  /** Cold image pulls: per image, a size (pulled at `throughputMiBPerSecond`) or a measured pull time. */
  imagePull?: ImagePullAssumptions;
  api: ApiAssumptions;
  /**
   * Memory ECS registers per instance, overriding the model's table (capacity.ts) [EST]: keyed by
   * instance type, family, or generation (`nitro`, `xen`, `metal`); a share of nominal memory in
   * (0, 1], or for an instance type a figure in MiB. Empty: the model's defaults.
   */
  registeredMemory: Record<string, number>;
  /**
   * `assumptions.serviceQuotas`, resolved: the account's vCPU quota per modelled quota class
   * (model/quotaClasses.ts keys), sorted by key. Empty: no quota binds.
   */
  serviceQuotas: Record<string, number>;
  /** `assumptions.capacity`: insufficient-capacity rules per (instance type, purchase option). */
  capacity: CapacityRule[];
  /** Step Functions and EventBridge latencies [EST] (`assumptions.stepFunctions`, `assumptions.eventBridge`). */
  pipeline: PipelineAssumptions;
  /** `assumptions.network`: how jobs reach S3 and ECR, and what that is billed; absent when the scenario has no such block. */
  network?: NetworkAssumptions;
}

/** How fast the orchestration around the jobs is (`assumptions.stepFunctions`, `assumptions.eventBridge`) [EST]. */
export interface PipelineAssumptions {
  /** From entering a state to its action. */
  transitionMs: number;
  /** From a job's end to its .sync Task seeing it (Batch job-state events reach Step Functions). */
  syncLagMs: number;
  /** From an S3 object landing to EventBridge starting the execution. */
  eventDelivery: DistributionSpec;
}

/** When EC2 has no capacity for one instance type and purchase option (an ICE). */
export interface CapacityRule {
  instanceType: string;
  purchaseOption: 'ON_DEMAND' | 'SPOT';
  /** Outage windows, ms after the clock's 0: every launch in [fromMs, toMs) fails. */
  unavailable: { fromMs: number; toMs: number }[];
  /** [EST] Chance that one launch outside a window fails for lack of capacity. */
  launchFailureProbability: number;
  /** [EST] How long Batch waits before it tries a launch again after a failed draw. */
  retryAfterMs: number;
}

/** AWS Batch's own API limits, per account and Region (`assumptions.api`). */
export interface ApiAssumptions {
  /** SubmitJob's rate limit as a token bucket (burst, refill per second); null: unlimited (a what-if). */
  submitJob: { perSecond: number; burst: number } | null;
  /** Jobs that may be in SUBMITTED at once; a submission that would pass it waits. */
  maxSubmittedJobs: number;
}

/** How long a cold pull of one image takes: its size at the pull throughput, or a measured time. */
export type ImagePullTime = { kind: 'size'; sizeMiB: number } | { kind: 'time'; ms: number };

export interface ImagePullAssumptions {
  /** MiB per second a cold pull downloads and unpacks [EST]. */
  throughputMiBPerSecond: number;
  /** By image name as the job definition's containerProperties.image spells it. */
  images: Record<string, ImagePullTime>;
}

export type TimeseriesMode = 'auto' | 'interval' | 'changes';

export interface FargateAssumptions {
  /** Task size limits: `current` 16 vCPU / 120 GB; `legacy` 4 vCPU / 30 GB (for what-if). */
  limits: 'current' | 'legacy';
  /** Task launch rate limit (token bucket), per account and region: burst and refill per second. */
  launchBurst: number;
  launchPerSecond: number;
}

export interface LambdaAssumptions {
  /** Architecture the comparison prices Lambda at. */
  architecture: 'x86_64' | 'arm64';
}

/**
 * A replayed Spot availability trace: per instance type (FARGATE_SPOT for Fargate Spot tasks), a
 * piecewise-constant reclaim hazard, `perHour[i]` from `atMs[i]` (ms since time 0, ascending) to the
 * next instant; 0 before the first, the last rate after the last.
 */
export interface SpotHazardTrace {
  /** The file as the scenario names it, for messages and the risk report. */
  file: string;
  byInstanceType: Record<string, { atMs: number[]; perHour: number[] }>;
}

/**
 * How an Advisor band ("<5%" ...) is read as a hazard: the chance that an instance running for a
 * whole window (a 720-hour month, a 168-hour week, a 24-hour day) is reclaimed within it.
 */
export type AdvisorReading = 'per-instance-month' | 'per-instance-week' | 'per-instance-day';

export interface SpotAssumptions {
  interruptions: { kind: 'advisor' } | { kind: 'none' } | { kind: 'perHour'; perHour: number } | { kind: 'trace'; trace: SpotHazardTrace };
  /** Default per-instance-month (defaults.ts SPOT); optional so hand-built scenarios need not name it. */
  advisorReading?: AdvisorReading;
  noticeMs: number;
  price: { kind: 'advisor' } | { kind: 'discount'; discount: number };
}

export type ComputeEnvironmentState = 'ENABLED' | 'DISABLED';
export type ComputeResourceType = 'EC2' | 'SPOT' | 'FARGATE' | 'FARGATE_SPOT';
export const ALLOCATION_STRATEGIES = ['BEST_FIT', 'BEST_FIT_PROGRESSIVE', 'SPOT_CAPACITY_OPTIMIZED', 'SPOT_PRICE_CAPACITY_OPTIMIZED'] as const;
export type AllocationStrategy = (typeof ALLOCATION_STRATEGIES)[number];

export interface ComputeEnvironment {
  computeEnvironmentName: string;
  type: 'MANAGED' | 'UNMANAGED';
  state: ComputeEnvironmentState;
  /** Present for MANAGED environments. */
  computeResources: ComputeResources | null;
  /** Present for UNMANAGED environments: the fixed fleet, each shape resolved against the catalogue. */
  instances: UnmanagedInstanceGroup[];
}

export interface ComputeResources {
  type: ComputeResourceType;
  /** API default BEST_FIT. */
  allocationStrategy: AllocationStrategy;
  minvCpus: number;
  maxvCpus: number;
  desiredvCpus: number;
  /** As written: exact types, families, or optimal/default_x86_64/default_arm64. Empty for Fargate. */
  instanceTypes: string[];
  /** SPOT only; percent of on-demand. */
  bidPercentage: number;
  /** scalingPolicy.minScaleDownDelayMinutes in ms; null when unset or 0 (off). EC2 and SPOT only. */
  minScaleDownDelayMs: number | null;
  /** Per-environment override of assumptions.spot.interruptions (simulation block). */
  spotInterruptions: SpotAssumptions['interruptions'] | null;
}

export interface UnmanagedInstanceGroup {
  instanceType: string;
  vcpus: number;
  memoryMiB: number;
  gpus: number;
  count: number;
  /** null: look the type up in the catalogue (0 for custom shapes not in it). */
  priceUsdPerHour: number | null;
}

export interface JobQueue {
  jobQueueName: string;
  state: 'ENABLED' | 'DISABLED';
  priority: number;
  /** Name (or ARN's last segment) of a scheduling policy, or null for FIFO. */
  schedulingPolicyArn: string | null;
  /** Sorted by `order`, at most 3. */
  computeEnvironmentOrder: { order: number; computeEnvironment: string }[];
  jobStateTimeLimitActions: JobStateTimeLimitAction[];
  /**
   * simulation.discipline: `fifo` is AWS's (backfill, blocking only on a head no environment can
   * hold); `strict-fifo` lets nothing pass a waiting head; `easy-backfill` is EASY backfilling.
   */
  discipline: 'fifo' | 'strict-fifo' | 'easy-backfill';
}

export interface JobStateTimeLimitAction {
  reason: string;
  state: 'RUNNABLE';
  maxTimeSeconds: number;
  action: 'CANCEL';
}

export interface SchedulingPolicy {
  name: string;
  shareDecaySeconds: number;
  computeReservation: number;
  shareDistribution: { shareIdentifier: string; weightFactor: number }[];
}

export interface RetryRule {
  action: 'RETRY' | 'EXIT';
  onStatusReason: string | null;
  onReason: string | null;
  onExitCode: string | null;
}

export interface JobDefinition {
  jobDefinitionName: string;
  /** containerProperties.image (a multi-node job: its first node range's), or null; keys assumptions.imagePull. */
  image?: string | null;
  type: 'container' | 'multinode';
  platformCapabilities: ('EC2' | 'FARGATE')[];
  vcpus: number;
  memoryMiB: number;
  gpus: number;
  retryStrategy: { attempts: number; evaluateOnExit: RetryRule[] };
  /** timeout.attemptDurationSeconds in ms, or null for none. */
  attemptDurationMs: number | null;
  /** Runtime of a successful attempt, in ms. */
  runtime: DistributionSpec;
  /** Application failure per attempt (drawn independently of runtime). */
  failure: { probability: number; exitCode: number; reason: string } | null;
  /** multinode only. */
  nodeProperties: { numNodes: number; mainNode: number } | null;
  /** schedulingPriority (fair-share queues). */
  schedulingPriority: number | null;
  /** containerProperties.ephemeralStorage.sizeInGiB (Fargate), default 20. */
  ephemeralStorageGiB: number;
  /** containerProperties.runtimePlatform.cpuArchitecture, default X86_64. */
  cpuArchitecture: 'X86_64' | 'ARM64';
  /** simulation.data: what each job reads from S3 before its work and writes after it; absent or null: none. */
  data?: JobData | null;
}

export interface JobTemplate {
  jobName: string;
  jobQueue: string;
  jobDefinition: string;
  shareIdentifier: string | null;
  schedulingPriorityOverride: number | null;
  /** arrayProperties.size, or null for a single job. */
  arraySize: number | null;
  dependsOn: { jobName: string; type: 'N_TO_N' | 'SEQUENTIAL' | null }[];
  /** containerOverrides.resourceRequirements, when given. */
  vcpus: number | null;
  memoryMiB: number | null;
}

export type Arrivals =
  | { kind: 'poisson'; perHour: number; count: number | null; untilMs: number | null }
  | { kind: 'at'; atMs: number[] }
  | { kind: 'every'; everyMs: number; count: number | null; untilMs: number | null }
  /** EventBridge schedule expression, kept as written (checked by read/); see workload/schedule. */
  | { kind: 'schedule'; expression: string; count: number | null; untilMs: number | null }
  | { kind: 'burst'; count: number; atMs: number[] | null; schedule: string | null }
  /** A recorded workload replayed job by job; parsed at read time (workload/traces). */
  | { kind: 'trace'; file: string; format: TraceFormat; trace: Trace };

export type TraceFormat = 'swf' | 'csv' | 'aws-describe-jobs';

/** One replayable record of a trace. Unknown values are null (the job template's apply). */
export interface TraceJob {
  /** Submit instant, ms from the first replayed job (or absolute when asked). */
  submitMs: number;
  /** How long the job ran, ms (> 0). */
  runtimeMs: number;
  vcpus: number | null;
  memoryMiB: number | null;
  /** The user's runtime estimate (SWF requested time, describe-jobs timeout), ms. */
  requestedMs: number | null;
  /** Job queue name (ARNs cut to the name). */
  queue: string | null;
  shareIdentifier: string | null;
  name: string | null;
}

export interface Trace {
  /** Sorted by submitMs; records with equal submit times keep the file's order. */
  jobs: TraceJob[];
  /** Records that cannot be replayed, counted by reason (only reasons that occurred). */
  skipped: Record<string, number>;
  meta: {
    /** SWF header MaxProcs (or MaxNodes). */
    maxProcs?: number;
    /** Wall-clock epoch ms of submitMs = 0, when the trace says. */
    startEpochMs?: number;
    /** Job records read (replayed + skipped + beyond the limit). */
    records: number;
  };
}

export interface WorkloadGroup {
  name: string;
  arrivals: Arrivals;
  /** Empty when the group starts a state machine instead. */
  jobs: JobTemplate[];
  /** Each arrival starts an execution of this state machine (by stateMachineName) instead of submitting jobs. */
  stateMachine?: string | null;
  /** The execution input; with `s3Trigger`, the EventBridge event instead. */
  input?: unknown;
  /** Each arrival is an S3 Object Created event delivered through EventBridge (the execution's input). */
  s3Trigger?: S3Trigger | null;
}

/** S3 Object Created events: the bucket, the keys (prefix + sequence, or a trace's), the objects' sizes. */
export interface S3Trigger {
  bucket: string;
  keyPrefix: string;
  /** Object size in bytes; recorded uploads carry their own. */
  objectSize: DistributionSpec;
  /** Recorded uploads (`objects: {file}`), by time: the group's arrivals are their instants. */
  objects?: { atMs: number; key: string; sizeBytes: number }[];
}

/** A state machine as the scenario declares it (describe-state-machine's fields), read and checked. */
export interface StateMachineConfig {
  stateMachineName: string;
  type: 'STANDARD' | 'EXPRESS';
  machine: StateMachine;
  /** Queue and job definition names the definition uses literally, with their paths (validate.ts checks them). */
  refs: { kind: 'jobQueue' | 'jobDefinition'; name: string; path: string }[];
  /** Each state's path in the scenario, by state name (for messages). */
  statePaths: ReadonlyMap<string, string>;
}

export interface PriceOverrides {
  /** $/h per EC2 instance type (on-demand). */
  ec2OnDemandUsdPerHour: Record<string, number>;
  /** Spot discount per instance type, 0..1 (overrides the Advisor savings). */
  spotDiscount: Record<string, number>;
  fargate: Partial<FargatePrices>;
  ebsGp3UsdPerGiBMonth: number | null;
  /** `prices.pipeline`: any of the pipeline price table's figures (metrics/pipelinePrices.ts), by its names; empty when none. */
  pipeline: PipelinePriceOverrides;
}

/** The pipeline prices a scenario may set, per part, each figure optional. */
export interface PipelinePriceOverrides {
  stepFunctions?: { standardUsdPerThousandTransitions?: number; expressUsdPerMillionRequests?: number };
  natGateway?: { usdPerHour?: number; usdPerGbProcessed?: number };
  s3?: { putCopyPostListUsdPerThousand?: number; getSelectUsdPerThousand?: number };
  ecr?: { transferSameRegionUsdPerGb?: number };
  dynamoDb?: { onDemandUsdPerMillionWriteRequestUnits?: number };
}

export interface FargatePrices {
  x86VcpuHourUsd: number;
  x86GbHourUsd: number;
  armVcpuHourUsd: number;
  armGbHourUsd: number;
  spotDiscount: number;
  storageGbHourUsd: number;
}

/** A job definition's `simulation.data`, in bytes (the file gives GiB): the default of every job's own sizes. */
export interface JobData {
  readBytes: number;
  writeBytes: number;
  /** A job an S3-triggered execution submits reads the uploaded object instead (its size from the event). */
  readTriggeringObject?: boolean;
}

/** Where S3 traffic (and ECR's layer downloads, which S3 serves) goes from the jobs' subnets. */
export type S3Path = 'natGateway' | 'gatewayEndpoint';

/** `assumptions.network` resolved (defaults.ts NETWORK). */
export interface NetworkAssumptions {
  s3Path: S3Path;
  /** NAT gateways billed, one per Availability Zone the environments' subnets use [EST default 1]. */
  natGatewayAzs: number;
  /** Write one metadata item per job to a DynamoDB on-demand table (one write request unit each). */
  dynamoDbRecordPerJob: boolean;
  /** A Fargate task's network bandwidth, Mbps [EST]: AWS publishes none. */
  fargateBandwidthMbps: number;
  /**
   * [EST] How an EC2 instance's bandwidth is shared by the attempts on it: `none`, each moves at
   * the full bandwidth; `byVcpu`, each at its share of the instance's vCPUs (a packed instance's
   * bandwidth divided among the jobs that fill it). Optional: hand-built scenarios need not name it.
   */
  bandwidthSharing?: BandwidthSharing;
}

export type BandwidthSharing = 'none' | 'byVcpu';

/** Whether a compute environment runs Fargate tasks (FARGATE or FARGATE_SPOT). */
export const isFargate = (ce: ComputeEnvironment): boolean => ce.computeResources?.type === 'FARGATE' || ce.computeResources?.type === 'FARGATE_SPOT';

/** Whether a workload group of the scenario starts Step Functions executions. */
export const startsStateMachines = (s: Scenario): boolean => s.workload.some((g) => g.stateMachine);

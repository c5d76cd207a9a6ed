// The normalized scenario: what `read/` produces from a scenario file and the model consumes.
// Every duration is integer milliseconds, every memory size MiB, every default filled in.
// AWS objects keep the AWS Batch API's field names; simulation-only knobs are named as in the file.
import type { DistributionSpec } from '../engine/distribution.js';

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
  fargateLaunch: DistributionSpec;
  idleTerminateAfterMs: number;
  /** Size of each EC2 instance's EBS root volume (gp3), billed with the instance. */
  ebsRootVolumeGiB: number;
  /** Sampling period of timeseries.csv. */
  timeseriesIntervalMs: number;
  spot: SpotAssumptions;
  fargate: FargateAssumptions;
  lambda: LambdaAssumptions;
}

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

export interface SpotAssumptions {
  interruptions: { kind: 'advisor' } | { kind: 'none' } | { kind: 'perHour'; perHour: number };
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
  jobs: JobTemplate[];
}

export interface PriceOverrides {
  /** $/h per EC2 instance type (on-demand). */
  ec2OnDemandUsdPerHour: Record<string, number>;
  /** Spot discount per instance type, 0..1 (overrides the Advisor savings). */
  spotDiscount: Record<string, number>;
  fargate: Partial<FargatePrices>;
  ebsGp3UsdPerGiBMonth: number | null;
}

export interface FargatePrices {
  x86VcpuHourUsd: number;
  x86GbHourUsd: number;
  armVcpuHourUsd: number;
  armGbHourUsd: number;
  spotDiscount: number;
  storageGbHourUsd: number;
}

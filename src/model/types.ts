// The model's shared vocabulary, types and constants only: job shapes, AWS Batch's job states,
// why an attempt ended, purchase options, and the interface every compute environment offers.
// A leaf: it imports nothing of ours but the engine, so every model module can import it.
import type { Simulation } from '../engine/simulation.js';

/** What a job asks of an instance; also the room left on one. */
export interface JobShape {
  vcpus: number;
  memoryMiB: number;
  gpus: number;
  /** The job's image is ARM64 (runtimePlatform.cpuArchitecture): it runs only on arm64 instances, or on Fargate at the ARM rates. */
  arm64: boolean;
  /** Fargate ephemeral storage; beyond 20 GiB it is billed. */
  ephemeralStorageGiB?: number;
  /** Multi-node parallel: how many nodes, each alone on its instance (1 for an ordinary job). */
  nodes?: number;
}

export const JobStatus = {
  SUBMITTED: 0,
  PENDING: 1,
  RUNNABLE: 2,
  STARTING: 3,
  RUNNING: 4,
  SUCCEEDED: 5,
  FAILED: 6,
} as const;
export type JobStatus = (typeof JobStatus)[keyof typeof JobStatus];
export const JOB_STATUS_NAMES = ['SUBMITTED', 'PENDING', 'RUNNABLE', 'STARTING', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const;

/** Why an attempt ended. */
export const AttemptEnd = {
  SUCCEEDED: 0,
  FAILED: 1,
  TIMED_OUT: 2,
  /** Still running when the clock stopped. */
  UNFINISHED: 3,
  /** Its Spot instance or Fargate Spot task was reclaimed. */
  INTERRUPTED: 4,
} as const;
export type AttemptEnd = (typeof AttemptEnd)[keyof typeof AttemptEnd];
export const ATTEMPT_END_NAMES = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'UNFINISHED', 'INTERRUPTED'] as const;

export type PurchaseOption = 'on-demand' | 'spot' | 'unmanaged' | 'fargate' | 'fargate-spot';

export const InstanceState = { PENDING: 0, RUNNING: 1, TERMINATED: 2 } as const;
export type InstanceState = (typeof InstanceState)[keyof typeof InstanceState];

/** An instance type a managed EC2 or Spot environment may launch, priced. */
export interface CandidateType {
  instanceType: string;
  vcpus: number;
  memoryMiB: number;
  /** What jobs may use: registered memory less the agent's 32 MiB (capacity.ts). */
  usableMemoryMiB: number;
  gpus: number;
  /** The type's CPU architecture is arm64 (Graviton); jobs run only on their image's architecture. */
  arm64: boolean;
  priceUsdPerHour: number;
  /** Spot Instance Advisor interruption band, 0 (<5%) .. 4 (>20%); 0 for on-demand. */
  band: number;
  /** Spot reclaims per instance-hour; 0 for on-demand. */
  hazardPerHour: number;
}

/** One line of a run's event trace (tests and debugging). */
export interface TraceEvent {
  at: number;
  event: string;
  /** jobId or instanceId. */
  id: string;
  detail: string;
}

export type TraceSink = ((e: TraceEvent) => void) | null;

/**
 * What the scheduler, the job life cycle and the records need of a compute environment while it
 * runs, whether EC2 (managed, Spot or unmanaged) or Fargate. `Host` is the model's instance class;
 * it is a parameter so that this leaf names no class (instance.ts fixes it as `Environment`).
 */
export interface EnvironmentRuntime<Host> {
  readonly name: string;
  readonly managed: boolean;
  readonly enabled: boolean;
  readonly purchaseOption: PurchaseOption;
  readonly maxvCpus: number;
  provisionedvCpus: number;
  readyvCpus: number;
  busyvCpus: number;
  /** vCPUs free on running instances or tasks now. */
  freevCpus: number;
  peakvCpus: number;
  instancesLaunched: number;
  interruptions: number;
  /** Whether a job of this shape could ever run here (ignoring what is busy now). */
  canEverFit(s: JobShape): boolean;
  /** True when the shape fits some allowed type but maxvCpus keeps it from ever being launched. */
  exceedsMaxvCpus(s: JobShape): boolean;
  /** EC2: true when the environment's instance types are of the other CPU architecture than the job's image. */
  wrongArchitecture?(s: JobShape): boolean;
  /** Capacity for one job of this shape now (an instance with room, or a new Fargate task), or null. */
  findInstance(s: JobShape): Host | null;
  /**
   * EC2: at least the most vCPUs free on one instance that takes jobs now (0 when disabled), so
   * that a pass can tell that no waiting job fits without asking findInstance for each. Absent
   * where asking has side effects (a Fargate task is launched, or a launch quota noted, by findInstance).
   */
  mostFreevCpus?(): number;
  /** Multi-node parallel jobs: whole empty instances for every node at once (EC2 managed only). */
  findGang?(s: JobShape): Host[] | null;
  occupy(inst: Host, s: JobShape): void;
  /** Give back what `s` held; `idle` says whether the instance now runs no attempt at all. */
  release(inst: Host, s: JobShape, idle: boolean): void;
  startInitialCapacity(): void;
  /** Why the last launch was refused by a service quota or insufficient capacity, as a statusReason; null: it was not. */
  readonly scaleOutLimit: string | null;
  /** Launch capacity for waiting jobs; returns how many of `count` it has covered. */
  scaleOutFor(s: JobShape, count: number, pendingRoom: Map<Host, JobShape>): number;
}

/** What the model gives a compute environment: the clock, the scheduler's door, and the job life cycle's. */
/**
 * Instance size preference [EST]: `smallest` and `largest` break ties of the allocation strategy's
 * ranking toward the smaller or the larger type; `lowest-vcpu-cost` ranks BEST_FIT_PROGRESSIVE and
 * the Spot strategies by $/h per vCPU instead of per job placed.
 */
export type PlacementPreference = 'smallest' | 'largest' | 'lowest-vcpu-cost';

export interface EnvironmentContext<Host> {
  sim: Simulation;
  /** Ask for a scheduler pass (capacity changed); returns the instant it will run. */
  requestPass(): number;
  /** Every instance or task ever created, in creation order (for records). */
  instances: Host[];
  idleTerminateAfterMs: number;
  /** Which of equally good instance types to launch (assumptions.placement). */
  placement: PlacementPreference;
  /** Ends every attempt on a reclaimed instance (the model's job life cycle owns attempts). */
  interruptAttempts(instance: Host, statusReason: string): void;
  trace: TraceSink;
}

/**
 * What a Spot environment assumes about reclaims: where the rate comes from (each type's Spot
 * Instance Advisor band, a flat `perHour`, or `none`) and the rate, per instance-hour (Fargate Spot:
 * per task-hour), of each type it may launch, sorted by type.
 */
export interface SpotRisk {
  source: 'advisor' | 'perHour' | 'none' | 'trace';
  perHourByInstanceType: Record<string, number>;
  /**
   * A replayed trace's hazard per type (plain data: breakpoints in ms and rates per hour), so the
   * reclaims an instance was expected to see are its life's integral, not mean rate x hours.
   */
  traceByInstanceType?: Record<string, { atMs: number[]; perHour: number[] }>;
}

// One EC2 instance, on-premises machine or Fargate task: its shape, the part of it free for jobs,
// its lifetime, and the work and Spot reclaim that the bill is split by. The attempts placed on it
// are the job life cycle's (lifecycle.ts), so this class needs nothing of jobs.
import type { EventHandle } from '../engine/simulation.js';
import { InstanceState, type EnvironmentContext, type EnvironmentRuntime, type PurchaseOption } from './types.js';

/** A compute environment as its instances and the rest of the model see it. */
export type Environment = EnvironmentRuntime<Instance>;
export type Context = EnvironmentContext<Instance>;

/** Where the scheduler puts a job: an instance, or a multi-node job's whole gang, main node first. */
export type Placement = Instance | readonly Instance[];

export interface InstanceSpec {
  instanceType: string;
  vcpus: number;
  memoryMiB: number;
  /** What jobs may use: usableMemoryMiB(memoryMiB) on EC2, the task's own size on Fargate. */
  registeredMemoryMiB: number;
  gpus: number;
  purchaseOption: PurchaseOption;
  priceUsdPerHour: number;
}

export class Instance {
  state: InstanceState = InstanceState.PENDING;
  /** When EC2 has it `running`, where its bill starts: before it is ready (registered with ECS). */
  runningAt: number;
  readyAt = -1;
  terminatedAt = -1;
  readonly instanceType: string;
  readonly vcpus: number;
  readonly memoryMiB: number;
  readonly usableMemoryMiB: number;
  readonly gpus: number;
  readonly purchaseOption: PurchaseOption;
  readonly priceUsdPerHour: number;
  freeVcpus: number;
  freeMemoryMiB: number;
  freeGpus: number;
  /** vCPU-milliseconds of job work placed on it (STARTING and RUNNING) that ended normally. */
  busyVcpuMs = 0;
  /** vCPU-milliseconds of work lost when the instance was reclaimed under running attempts. */
  lostVcpuMs = 0;
  jobsRun = 0;
  /** Spot: when EC2 reclaims it (-1: never), whether the notice came, whether it was reclaimed. */
  reclaimAt = -1;
  draining = false;
  interrupted = false;
  /** Fargate Spot interruption billing differs from EC2's (see metrics/billing.ts). */
  readonly fargate: boolean;
  /** EC2: images pulled or being pulled here, with the instant each pull ends (imagePull.ts); Fargate: none. */
  imageCache: Map<string, number> | null = null;
  /** Fargate: the pending event at readyAt that counts the task in readyvCpus; null once counted, or without one. */
  readyEvent: EventHandle | null = null;
  /** Pending idle scale-in, if any. */
  idleTimer: EventHandle | null = null;
  /** Pending Spot notice and reclaim; cancelled when the instance goes first. */
  spotEvents: EventHandle[] = [];

  /** Forget the Spot events of an instance that is gone, so they do not hold the clock open. */
  cancelSpotEvents(cancel: (h: EventHandle) => void): void {
    for (const h of this.spotEvents) cancel(h);
    this.spotEvents = [];
  }
  constructor(
    readonly ordinal: number,
    readonly ce: Environment,
    spec: InstanceSpec,
    /** When it was asked for (the launch decision); not billed until runningAt. */
    readonly launchedAt: number,
  ) {
    this.runningAt = launchedAt;
    this.instanceType = spec.instanceType;
    this.vcpus = spec.vcpus;
    this.memoryMiB = spec.memoryMiB;
    this.usableMemoryMiB = spec.registeredMemoryMiB;
    this.gpus = spec.gpus;
    this.purchaseOption = spec.purchaseOption;
    this.priceUsdPerHour = spec.priceUsdPerHour;
    this.freeVcpus = spec.vcpus;
    this.freeMemoryMiB = spec.registeredMemoryMiB;
    this.freeGpus = spec.gpus;
    this.fargate = spec.purchaseOption === 'fargate' || spec.purchaseOption === 'fargate-spot';
  }

  get instanceId(): string {
    return this.fargate ? `task-${this.ordinal.toString(16).padStart(12, '0')}` : `i-${this.ordinal.toString(16).padStart(17, '0')}`;
  }

  fits(vcpus: number, memoryMiB: number, gpus: number): boolean {
    return this.freeVcpus >= vcpus && this.freeMemoryMiB >= memoryMiB && this.freeGpus >= gpus;
  }
}

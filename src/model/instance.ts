// One EC2 instance, on-premises machine or Fargate task: its shape, the part of it free for jobs,
// its lifetime, the attempts on it, and the work and Spot reclaim that the bill is split by.
import type { EventHandle } from '../engine/simulation.js';
import type { EnvironmentRuntime } from './environment.js';
import type { Attempt } from './job.js';

/**
 * Memory an ECS container instance registers for jobs. An m4.large (8192 MiB) registers about
 * 7985 MiB, and the Batch AMI keeps 32 MiB for the ECS agent (AWS Batch "Compute resource memory
 * management"; AWS-BATCH-BEHAVIOUR.md §2.3). So an 8 GiB job never fits an 8 GiB instance.
 */
export function usableMemoryMiB(nominalMiB: number): number {
  return Math.floor((nominalMiB * 7985) / 8192) - 32;
}

export type PurchaseOption = 'on-demand' | 'spot' | 'unmanaged' | 'fargate' | 'fargate-spot';

export const InstanceState = { PENDING: 0, RUNNING: 1, TERMINATED: 2 } as const;
export type InstanceState = (typeof InstanceState)[keyof typeof InstanceState];

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
  /** Attempts placed here and not yet ended. */
  readonly attempts: Attempt[] = [];
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
    readonly ce: EnvironmentRuntime,
    spec: InstanceSpec,
    /** When it was asked for; EC2 billing starts here. */
    readonly launchedAt: number,
  ) {
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

  addAttempt(a: Attempt): void {
    a.slot = this.attempts.length;
    this.attempts.push(a);
  }

  removeAttempt(a: Attempt): void {
    const last = this.attempts.pop()!;
    if (last !== a) {
      this.attempts[a.slot] = last;
      last.slot = a.slot;
    }
    a.slot = -1;
  }
}

/** Whether a job shape could ever fit an empty EC2 instance of this shape. */
export function shapeFits(inst: { vcpus: number; memoryMiB: number; gpus: number }, vcpus: number, memoryMiB: number, gpus: number): boolean {
  return inst.vcpus >= vcpus && usableMemoryMiB(inst.memoryMiB) >= memoryMiB && inst.gpus >= gpus;
}

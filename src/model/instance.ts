// One EC2 instance (or an on-premises machine in an unmanaged environment): its shape, the part
// of it free for jobs, its lifetime and the busy time billed against it.
import type { ComputeEnvironmentRuntime } from './computeEnvironment.js';

/**
 * Memory an ECS container instance registers for jobs. An m4.large (8192 MiB) registers about
 * 7985 MiB, and the Batch AMI keeps 32 MiB for the ECS agent (AWS Batch "Compute resource memory
 * management"; AWS-BATCH-BEHAVIOUR.md §2.3). So an 8 GiB job never fits an 8 GiB instance.
 */
export function usableMemoryMiB(nominalMiB: number): number {
  return Math.floor((nominalMiB * 7985) / 8192) - 32;
}

export type PurchaseOption = 'on-demand' | 'spot' | 'unmanaged';

export const InstanceState = { PENDING: 0, RUNNING: 1, TERMINATED: 2 } as const;
export type InstanceState = (typeof InstanceState)[keyof typeof InstanceState];

export class Instance {
  state: InstanceState = InstanceState.PENDING;
  readyAt = -1;
  terminatedAt = -1;
  freeVcpus: number;
  freeMemoryMiB: number;
  freeGpus: number;
  runningAttempts = 0;
  /** vCPU-milliseconds of job work placed on it (STARTING and RUNNING). */
  busyVcpuMs = 0;
  jobsRun = 0;
  /** Pending idle scale-in, if any. */
  idleTimer: { cancelled: boolean } | null = null;
  constructor(
    readonly ordinal: number,
    readonly ce: ComputeEnvironmentRuntime,
    readonly instanceType: string,
    readonly vcpus: number,
    readonly memoryMiB: number,
    readonly gpus: number,
    readonly purchaseOption: PurchaseOption,
    readonly priceUsdPerHour: number,
    /** When it was asked for; billing starts here. */
    readonly launchedAt: number,
  ) {
    this.freeVcpus = vcpus;
    this.freeMemoryMiB = usableMemoryMiB(memoryMiB);
    this.freeGpus = gpus;
  }

  get instanceId(): string {
    return `i-${this.ordinal.toString(16).padStart(17, '0')}`;
  }

  get usableMemoryMiB(): number {
    return usableMemoryMiB(this.memoryMiB);
  }

  fits(vcpus: number, memoryMiB: number, gpus: number): boolean {
    return this.freeVcpus >= vcpus && this.freeMemoryMiB >= memoryMiB && this.freeGpus >= gpus;
  }
}

/** Whether a job shape could ever fit an empty instance of this shape. */
export function shapeFits(inst: { vcpus: number; memoryMiB: number; gpus: number }, vcpus: number, memoryMiB: number, gpus: number): boolean {
  return inst.vcpus >= vcpus && usableMemoryMiB(inst.memoryMiB) >= memoryMiB && inst.gpus >= gpus;
}

// What stands between a compute environment's launch decision and a new instance or task: the
// account's vCPU quotas (quotas.ts) and EC2's capacity for the type (availability.ts). The EC2 and
// Fargate environments ask here before each launch and report each launch and termination.
import type { Simulation } from '../../engine/simulation.js';
import { insufficientCapacity } from '../statusReasons.js';
import type { PurchaseOption } from '../types.js';
import type { CapacityAvailability, EnvironmentCapacity } from './availability.js';
import type { AccountQuotas } from './quotas.js';

/** The account-wide limits of one run, shared by every environment. */
export interface AccountLimits {
  sim: Simulation;
  quotas: AccountQuotas;
  capacity: CapacityAvailability;
}

/** One environment's launches against the account's limits. */
export class LaunchLimits {
  private readonly capacity: EnvironmentCapacity | null;

  constructor(
    private readonly limits: AccountLimits,
    environment: string,
    private readonly purchaseOption: PurchaseOption,
  ) {
    this.capacity = limits.capacity.forEnvironment(environment, purchaseOption);
  }

  /** Whether this environment can be limited at all (else the hooks cost nothing). */
  get active(): boolean {
    return this.capacity !== null || this.limits.quotas.any;
  }

  /**
   * Null when a launch of `instanceType` (`vcpus`) may go now; otherwise why not, as the waiting
   * job's statusReason. The quota is asked first: a launch it refuses never reaches EC2, so it
   * draws no capacity failure.
   */
  refusal(instanceType: string, vcpus: number): string | null {
    const quota = this.limits.quotas.counterFor(this.purchaseOption, instanceType);
    if (quota !== null && !quota.allows(vcpus)) {
      quota.refuse(this.limits.sim.now, this);
      return quota.reason;
    }
    if (this.capacity !== null && !this.capacity.launch(instanceType)) return insufficientCapacity(instanceType);
    return null;
  }

  launched(instanceType: string, vcpus: number): void {
    this.limits.quotas.counterFor(this.purchaseOption, instanceType)?.acquire(vcpus);
  }

  terminated(instanceType: string, vcpus: number): void {
    this.limits.quotas.counterFor(this.purchaseOption, instanceType)?.release(vcpus);
  }
}

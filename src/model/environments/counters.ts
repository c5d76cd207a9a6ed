// The vCPU and launch counters every compute environment keeps, which the time series, the
// scheduler and the end-of-run snapshots read; EC2 and Fargate environments both extend it.

export abstract class EnvironmentCounters {
  /** vCPUs of live instances or tasks (pending included): what Batch's desiredvCpus tracks. */
  provisionedvCpus = 0;
  /** vCPUs of running (ready) instances, and of Fargate tasks from the end of their provisioning (readyAt). */
  readyvCpus = 0;
  busyvCpus = 0;
  /**
   * vCPUs free on running instances or tasks now (those under a Spot notice included): an upper
   * bound on what one instance has free, and EASY's pool. Kept exactly by each environment, so it
   * stays right even while a reclaimed node of a multi-node job is still counted busy.
   */
  freevCpus = 0;
  peakvCpus = 0;
  instancesLaunched = 0;
  interruptions = 0;

  /** An instance or task of `vcpus` was launched: it counts as provisioned from now. */
  protected launched(vcpus: number): void {
    this.instancesLaunched++;
    this.provisionedvCpus += vcpus;
    if (this.provisionedvCpus > this.peakvCpus) this.peakvCpus = this.provisionedvCpus;
  }
}

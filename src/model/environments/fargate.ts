// A FARGATE or FARGATE_SPOT compute environment while the simulation runs. Each job gets a task of
// exactly its size (AWS-BATCH-BEHAVIOUR.md §2.7); `maxvCpus` caps the vCPUs of running tasks;
// task launches are rate-limited by a token bucket (burst 100, 20 per second by default, ECS
// "Fargate throttling quotas"); a task is billed from the end of provisioning (image pull) until it
// stops. Fargate Spot tasks are reclaimed at an exponential time, after a two-minute notice (spot.ts).
import type { Sampler } from '../../engine/distribution.js';
import type { Random } from '../../engine/random.js';
import type { ComputeEnvironment } from '../../scenario/types.js';
import { Instance, type Context } from '../instance.js';
import type { FargateRates } from '../pricing.js';
import { Rank } from '../ranks.js';
import { SPOT_TASK_INTERRUPTED } from '../statusReasons.js';
import { InstanceState, type JobShape, type PurchaseOption } from '../types.js';
import { EnvironmentCounters } from './counters.js';
import { scheduleReclaim, type SpotEnvironment, type SpotPool } from './spot.js';

const taskInterrupted = (): string => SPOT_TASK_INTERRUPTED;

export interface FargateSettings {
  launchBurst: number;
  launchPerSecond: number;
  /** Provisioning time of a task, before its image pull starts. */
  launchDelay: Sampler;
  rates: (arm64: boolean) => FargateRates;
  /** Fargate Spot: reclaims per task-hour (0: none), notice, and the stream for reclaim times. */
  hazardPerHour: number;
  noticeMs: number;
  random: Random | null;
}

export class FargateEnvironmentRuntime extends EnvironmentCounters implements SpotEnvironment {
  readonly name: string;
  readonly managed = true;
  readonly enabled: boolean;
  readonly maxvCpus: number;
  readonly purchaseOption: PurchaseOption;
  private tokens: number;
  private tokensAt = 0;
  private wakeUpPending = false;
  private readonly spotPool: SpotPool | null;

  constructor(
    readonly config: ComputeEnvironment,
    private readonly ctx: Context,
    private readonly settings: FargateSettings,
  ) {
    super();
    this.name = config.computeEnvironmentName;
    this.enabled = config.state === 'ENABLED';
    this.maxvCpus = config.computeResources!.maxvCpus;
    this.purchaseOption = config.computeResources!.type === 'FARGATE_SPOT' ? 'fargate-spot' : 'fargate';
    this.tokens = settings.launchBurst;
    this.spotPool =
      settings.hazardPerHour > 0
        ? { hazardPerHour: settings.hazardPerHour, random: settings.random!, noticeMs: settings.noticeMs, reason: taskInterrupted, traceNotice: false }
        : null;
  }

  /**
   * Fargate has no GPUs. ARM64 runs on Fargate and Fargate Spot alike (platform 1.4.0+; only Windows
   * containers are refused on Fargate Spot, RuntimePlatform API reference). Sizes are checked by validate.
   */
  canEverFit(s: JobShape): boolean {
    return s.gpus === 0 && s.vcpus <= this.maxvCpus;
  }

  exceedsMaxvCpus(s: JobShape): boolean {
    return s.gpus === 0 && s.vcpus > this.maxvCpus;
  }

  /** A new task for the job, if maxvCpus and the launch rate allow one now. */
  findInstance(s: JobShape): Instance | null {
    if (!this.enabled || !this.canEverFit(s) || this.provisionedvCpus + s.vcpus > this.maxvCpus) return null;
    if (!this.takeToken()) return null;
    const { sim, instances } = this.ctx;
    const rates = this.settings.rates(s.arm64);
    const task = new Instance(
      instances.length + 1,
      this,
      {
        instanceType: this.purchaseOption === 'fargate-spot' ? 'FARGATE_SPOT' : 'FARGATE',
        vcpus: s.vcpus,
        memoryMiB: s.memoryMiB,
        registeredMemoryMiB: s.memoryMiB,
        gpus: 0,
        purchaseOption: this.purchaseOption,
        priceUsdPerHour:
          s.vcpus * rates.vcpuHourUsd + (s.memoryMiB / 1024) * rates.gbHourUsd + Math.max(0, (s.ephemeralStorageGiB ?? 20) - 20) * rates.storageGbHourUsd,
      },
      sim.now,
    );
    instances.push(task);
    this.launched(s.vcpus);
    this.readyvCpus += s.vcpus;
    // The task holds its slot from launch; billing and the image pull start once provisioned.
    task.state = InstanceState.RUNNING;
    task.readyAt = sim.now + Math.max(0, Math.round(this.settings.launchDelay()));
    this.ctx.trace?.({ at: sim.now, event: 'LAUNCH', id: task.instanceId, detail: `${this.name} ${s.vcpus} vCPU ${s.memoryMiB} MiB` });
    if (this.spotPool !== null) scheduleReclaim(this.ctx, this, task, this.spotPool);
    return task;
  }

  occupy(task: Instance, s: JobShape): void {
    task.freeVcpus -= s.vcpus;
    task.freeMemoryMiB -= s.memoryMiB;
    task.jobsRun++;
    this.busyvCpus += s.vcpus;
  }

  /** A task lives for one attempt: when the attempt ends, the task stops. */
  release(task: Instance, s: JobShape): void {
    this.busyvCpus -= s.vcpus;
    this.stop(task);
    this.ctx.requestPass();
  }

  startInitialCapacity(): void {}

  scaleOutFor(): number {
    return 0;
  }

  private stop(task: Instance): void {
    if (task.state === InstanceState.TERMINATED) return;
    task.state = InstanceState.TERMINATED;
    task.terminatedAt = this.ctx.sim.now;
    task.cancelSpotEvents((h) => this.ctx.sim.cancel(h));
    this.provisionedvCpus -= task.vcpus;
    this.readyvCpus -= task.vcpus;
    this.ctx.trace?.({ at: task.terminatedAt, event: 'TERMINATE', id: task.instanceId, detail: this.name });
  }

  /** Token bucket: refill at launchPerSecond up to launchBurst; when empty, wake the scheduler when one is due. */
  private takeToken(): boolean {
    const { launchBurst, launchPerSecond } = this.settings;
    const now = this.ctx.sim.now;
    this.tokens = Math.min(launchBurst, this.tokens + ((now - this.tokensAt) * launchPerSecond) / 1000);
    this.tokensAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    if (!this.wakeUpPending) {
      this.wakeUpPending = true;
      const due = now + Math.ceil(((1 - this.tokens) * 1000) / launchPerSecond);
      this.ctx.sim.schedule(due, Rank.WAKE_UP, () => {
        this.wakeUpPending = false;
        this.ctx.requestPass();
      });
    }
    return false;
  }

  /** A reclaimed task stops when its attempt ends (release), as ECS stops it. */
  reclaimed(): void {}
}

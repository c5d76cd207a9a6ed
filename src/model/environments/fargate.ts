// A FARGATE or FARGATE_SPOT compute environment while the simulation runs. Each job gets a task of
// exactly its size (AWS-BATCH-BEHAVIOUR.md §2.7); `maxvCpus` caps the vCPUs of running tasks;
// task launches take a token from the account's bucket for the purchase option (launchRate.ts,
// shared by every Fargate environment of the scenario); a task is billed from the end of provisioning (image pull) until it
// stops. Fargate Spot tasks are reclaimed at an exponential time, after a two-minute notice (spot.ts).
import type { Sampler } from '../../engine/distribution.js';
import type { Random } from '../../engine/random.js';
import type { FireTarget } from '../../engine/simulation.js';
import type { ComputeEnvironment } from '../../scenario/types.js';
import { Instance, type Context } from '../instance.js';
import type { FargateRates } from '../pricing.js';
import { Rank } from '../ranks.js';
import { SPOT_TASK_INTERRUPTED } from '../statusReasons.js';
import { InstanceState, type JobShape, type PurchaseOption } from '../types.js';
import { EnvironmentCounters } from './counters.js';
import type { LaunchRate } from './launchRate.js';
import type { LaunchLimits } from './launchLimits.js';
import { SpotReclaims, type SpotEnvironment, type SpotPool } from './spot.js';
import type { PiecewiseHazard } from './spotHazard.js';

const taskInterrupted = (): string => SPOT_TASK_INTERRUPTED;

/** The environment's own event (scheduleFire kind): a task's provisioning ended, at its readyAt. */
const TASK_READY = 0;

export interface FargateSettings {
  /** The account's task launch bucket for this purchase option (FARGATE or FARGATE_SPOT). */
  launchRate: LaunchRate;
  /** Provisioning time of a task, before its image pull starts. */
  launchDelay: Sampler;
  rates: (arm64: boolean) => FargateRates;
  /** Fargate Spot: reclaims per task-hour (0: none), notice, and the stream for reclaim times. */
  hazardPerHour: number;
  /** A replayed availability trace's hazard for FARGATE_SPOT (hazardPerHour is then its mean), or null. */
  trace: PiecewiseHazard | null;
  noticeMs: number;
  random: Random | null;
}

export class FargateEnvironmentRuntime extends EnvironmentCounters implements SpotEnvironment, FireTarget {
  readonly name: string;
  readonly managed = true;
  readonly enabled: boolean;
  readonly maxvCpus: number;
  readonly purchaseOption: PurchaseOption;
  private readonly reclaims: SpotReclaims | null;
  /** Why the last task launch was refused by a service quota (null: it was not). */
  scaleOutLimit: string | null = null;

  constructor(
    readonly config: ComputeEnvironment,
    private readonly ctx: Context,
    private readonly settings: FargateSettings,
    /** The account's Fargate vCPU quotas; null when the scenario sets none. */
    private readonly limits: LaunchLimits | null = null,
  ) {
    super();
    this.name = config.computeEnvironmentName;
    this.enabled = config.state === 'ENABLED';
    this.maxvCpus = config.computeResources!.maxvCpus;
    this.purchaseOption = config.computeResources!.type === 'FARGATE_SPOT' ? 'fargate-spot' : 'fargate';
    const pool: SpotPool = { hazardPerHour: settings.hazardPerHour, random: settings.random!, noticeMs: settings.noticeMs, reason: taskInterrupted, traceNotice: false };
    if (settings.trace !== null) pool.trace = settings.trace;
    this.reclaims = settings.hazardPerHour > 0 || settings.trace !== null ? new SpotReclaims(ctx, this, pool) : null;
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
    this.scaleOutLimit = null;
    if (!this.enabled || !this.canEverFit(s) || this.provisionedvCpus + s.vcpus > this.maxvCpus) return null;
    const taskType = this.purchaseOption === 'fargate-spot' ? 'FARGATE_SPOT' : 'FARGATE';
    if (this.limits !== null) {
      // The account's Fargate vCPU quota counts running tasks (ECS "AWS Fargate service quotas").
      this.scaleOutLimit = this.limits.refusal(taskType, s.vcpus);
      if (this.scaleOutLimit !== null) return null;
    }
    if (!this.settings.launchRate.take()) return null;
    const { sim, instances } = this.ctx;
    const rates = this.settings.rates(s.arm64);
    const task = new Instance(
      instances.length + 1,
      this,
      {
        instanceType: taskType,
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
    this.limits?.launched(taskType, s.vcpus);
    this.freevCpus += s.vcpus;
    // The task holds its slot from launch; billing and the image pull start once provisioned.
    task.state = InstanceState.RUNNING;
    task.readyAt = sim.now + Math.max(0, Math.round(this.settings.launchDelay()));
    this.ctx.trace?.({ at: sim.now, event: 'LAUNCH', id: task.instanceId, detail: `${this.name} ${s.vcpus} vCPU ${s.memoryMiB} MiB` });
    this.countReadyAt(task);
    this.reclaims?.schedule(task);
    return task;
  }

  occupy(task: Instance, s: JobShape): void {
    task.freeVcpus -= s.vcpus;
    task.freeMemoryMiB -= s.memoryMiB;
    task.jobsRun++;
    this.busyvCpus += s.vcpus;
    this.freevCpus -= s.vcpus;
  }

  /** A task lives for one attempt: when the attempt ends, the task stops. */
  release(task: Instance, s: JobShape): void {
    this.busyvCpus -= s.vcpus;
    this.stop(task);
    this.ctx.requestPass();
  }

  /**
   * readyvCpus counts a task from the end of its provisioning (its readyAt) until it stops, as EC2
   * counts an instance once it is ready: ECS shows a Fargate task PROVISIONING and PENDING before it
   * is RUNNING (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-lifecycle-explanation.html),
   * so the chart's ready line shows that gap. Placement does not wait for it: the task holds its slot
   * (provisionedvCpus, freevCpus) from launch, and nothing decides by a Fargate readyvCpus. A task
   * with no provisioning time counts at once, with no event.
   */
  private countReadyAt(task: Instance): void {
    const { sim } = this.ctx;
    if (task.readyAt === sim.now) this.readyvCpus += task.vcpus;
    // INSTANCE_READY: before anything else at that instant (its job's RUNNING, an attempt's end, a
    // reclaim), so the instant's sample sees it ready; it triggers no scheduler pass, as it frees nothing.
    else task.readyEvent = sim.scheduleFire(task.readyAt, Rank.INSTANCE_READY, this, TASK_READY, task);
  }

  /** The environment's own event (TASK_READY): `subject`'s provisioning ended. */
  fire(_kind: number, subject: unknown): void {
    const task = subject as Instance;
    task.readyEvent = null;
    this.readyvCpus += task.vcpus;
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
    this.limits?.terminated(task.instanceType, task.vcpus);
    // A task stopped while still provisioning was never counted ready (a Spot reclaim, a TerminateJob).
    if (task.readyEvent !== null) {
      this.ctx.sim.cancel(task.readyEvent);
      task.readyEvent = null;
    } else this.readyvCpus -= task.vcpus;
    // What the task had free (nothing, once its job took it: release gives no vCPUs back to a task).
    this.freevCpus -= task.freeVcpus;
    this.ctx.trace?.({ at: task.terminatedAt, event: 'TERMINATE', id: task.instanceId, detail: this.name });
  }

  /** A reclaimed task stops when its attempt ends (release), as ECS stops it. */
  reclaimed(): void {}
}

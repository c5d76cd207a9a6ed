// An EC2 compute environment while the simulation runs (MANAGED on-demand or Spot, or UNMANAGED):
// its instances, where a job is placed on them, scale-out to meet waiting demand, idle scale-in,
// and Spot reclaims (spot.ts) with their two-minute notice.
import type { Sampler } from '../../engine/distribution.js';
import { lazyModule } from '../../engine/lazy.js';
import type { Random } from '../../engine/random.js';
import type { FireTarget } from '../../engine/simulation.js';
import type { AllocationStrategy, ComputeEnvironment, UnmanagedInstanceGroup } from '../../scenario/types.js';
import { shapeFits, slotsPerInstance } from '../capacity.js';
import { Instance, type Context } from '../instance.js';
import { Rank } from '../ranks.js';
import { hostTerminated } from '../statusReasons.js';
import { InstanceState, type CandidateType, type JobShape, type PurchaseOption } from '../types.js';
import { chooseInstanceType } from './allocation.js';
import { EnvironmentCounters } from './counters.js';
import type { LaunchLimits } from './launchLimits.js';
import type { SpotEnvironment, SpotPool, SpotReclaims } from './spot.js';
import type { PiecewiseHazard } from './spotHazard.js';

/** Spot reclaims (spot.ts), loaded by the first Spot instance: most environments have none (start-up). */
const spotModule = lazyModule<typeof import('./spot.js')>(import.meta.url, './spot.js', () => import('./spot.js'));

export interface SpotSettings {
  noticeMs: number;
  /** Draws for one instance type's reclaim times (stream spot/<environment>/<type>, spot-trace/… under a trace). */
  random: (instanceType: string) => Random;
  /** A replayed availability trace's hazard by type (a type it does not name is never reclaimed), or null. */
  trace: ReadonlyMap<string, PiecewiseHazard> | null;
}

/** An UNMANAGED fleet group as the model runs it: priced, with the memory its machines register. */
export interface FleetGroup extends UnmanagedInstanceGroup {
  priceUsdPerHour: number;
  usableMemoryMiB: number;
}

/** The environment's own events (scheduleFire kinds), each with the instance as its subject. */
const REGISTERED = 0;
const IDLE_TIMER = 1;

export class ComputeEnvironmentRuntime extends EnvironmentCounters implements SpotEnvironment, FireTarget {
  readonly name: string;
  readonly managed: boolean;
  enabled: boolean;
  readonly minvCpus: number;
  readonly maxvCpus: number;
  readonly allowOvershoot: boolean;
  readonly purchaseOption: PurchaseOption;
  /**
   * Whether a MANAGED environment's types are arm64 (AWS refuses one that mixes architectures;
   * validate does too); null for UNMANAGED, whose machines are not checked.
   */
  readonly arm64: boolean | null;
  private readonly strategy: AllocationStrategy;
  /** computeResources.scalingPolicy.minScaleDownDelayMinutes, in ms; null: assumptions.idleTerminateAfter. */
  private readonly scaleDownDelayMs: number | null;
  /** Live instances (pending or running), in launch order. */
  readonly live: Instance[] = [];
  private readonly canFitCache = new Map<string, boolean>();
  private readonly canFitByShape = new WeakMap<JobShape, boolean>();
  private readonly hazardByType: Map<string, number>;
  /** Spot pools by instance type, made at the type's first launch. */
  private readonly spotPools = new Map<string, SpotReclaims>();
  /** Why the last scale-out stopped short: a service quota or insufficient capacity (null: neither). */
  scaleOutLimit: string | null = null;

  constructor(
    readonly config: ComputeEnvironment,
    private readonly ctx: Context,
    /** Instance types a MANAGED environment may launch, priced. Empty for UNMANAGED. */
    readonly candidates: readonly CandidateType[],
    private readonly launchDelay: Sampler | null,
    private readonly spot: SpotSettings | null,
    /** assumptions.ec2Boot: the billed last part of each launch delay (running -> registered). */
    private readonly bootMs = 0,
    /** Service quotas and insufficient capacity; null when the scenario sets neither. */
    private readonly limits: LaunchLimits | null = null,
    /** UNMANAGED only: the fixed fleet. */
    private readonly fleet: readonly FleetGroup[] = [],
  ) {
    super();
    this.name = config.computeEnvironmentName;
    this.managed = config.type === 'MANAGED';
    this.enabled = config.state === 'ENABLED';
    const cr = config.computeResources;
    this.minvCpus = cr?.minvCpus ?? 0;
    this.maxvCpus = cr?.maxvCpus ?? Infinity;
    // AWS may exceed maxvCpus by one instance with every strategy but on-demand BEST_FIT
    // (allocation-strategies page; AWS-BATCH-BEHAVIOUR.md §2.2).
    this.allowOvershoot = cr !== null && !(cr.allocationStrategy === 'BEST_FIT' && cr.type === 'EC2');
    this.purchaseOption = !this.managed ? 'unmanaged' : cr!.type === 'SPOT' ? 'spot' : 'on-demand';
    this.strategy = cr?.allocationStrategy ?? 'BEST_FIT';
    this.arm64 = this.managed && candidates.length > 0 ? candidates[0].arm64 : null;
    this.scaleDownDelayMs = cr?.minScaleDownDelayMs ?? null;
    this.hazardByType = new Map(candidates.map((t) => [t.instanceType, t.hazardPerHour]));
  }

  /**
   * A job runs only on instances of its image's architecture (runtimePlatform.cpuArchitecture), so
   * it is never placed on, and never scales out, an environment of the other one.
   */
  wrongArchitecture(s: JobShape): boolean {
    return this.arm64 !== null && s.arm64 !== this.arm64;
  }

  canEverFit(s: JobShape): boolean {
    if (this.wrongArchitecture(s)) return false;
    // The scheduler asks with the same shape objects pass after pass: look them up without a key string.
    const known = this.canFitByShape.get(s);
    if (known !== undefined) return known;
    const key = `${s.vcpus}/${s.memoryMiB}/${s.gpus}/${s.nodes ?? 1}`;
    let fit = this.canFitCache.get(key);
    if (fit === undefined) {
      // Without overshoot, only a type that fits under maxvCpus can ever be launched.
      const nodes = s.nodes ?? 1;
      if (this.managed) {
        fit = this.candidates.some(
          (t) => slotsPerInstance(t, s) > 0 && (nodes > 1 ? nodes * t.vcpus <= this.maxvCpus + (this.allowOvershoot ? t.vcpus - 1 : 0) : s.vcpus <= this.maxvCpus && (this.allowOvershoot || t.vcpus <= this.maxvCpus)),
        );
      }
      else fit = nodes === 1 && this.live.some((i) => shapeFits(i, s.vcpus, s.memoryMiB, s.gpus));
      this.canFitCache.set(key, fit);
    }
    this.canFitByShape.set(s, fit);
    return fit;
  }

  exceedsMaxvCpus(s: JobShape): boolean {
    return this.managed && !this.wrongArchitecture(s) && !this.canEverFit(s) && this.candidates.some((t) => slotsPerInstance(t, s) > 0);
  }

  /**
   * The running instance to place a job on, or null. Bin-packing as ECS does for Batch: the
   * fullest instance that still fits (least free vCPUs, then least free memory), ties by age.
   * An instance under a Spot interruption notice takes no new jobs.
   */
  findInstance(s: JobShape): Instance | null {
    // Not enough free on all instances together: no need to look at each.
    if (!this.enabled || this.freevCpus < s.vcpus || this.wrongArchitecture(s)) return null;
    let best: Instance | null = null;
    for (const inst of this.live) {
      if (inst.state !== InstanceState.RUNNING || inst.draining || !inst.fits(s.vcpus, s.memoryMiB, s.gpus)) continue;
      if (best === null || inst.freeVcpus < best.freeVcpus || (inst.freeVcpus === best.freeVcpus && inst.freeMemoryMiB < best.freeMemoryMiB)) {
        best = inst;
      }
    }
    return best;
  }

  /** No instance has more vCPUs free than all of them together. */
  mostFreevCpus(): number {
    return this.enabled ? this.freevCpus : 0;
  }

  /** A multi-node job's gang: `nodes` empty running instances that each fit a node, or null. */
  findGang(s: JobShape): Instance[] | null {
    if (!this.enabled || !this.managed || this.wrongArchitecture(s)) return null;
    const gang: Instance[] = [];
    for (const inst of this.live) {
      // Empty: nothing at all placed on it (a gang's other nodes hold no attempt, only capacity).
      if (inst.state !== InstanceState.RUNNING || inst.draining || inst.freeVcpus < inst.vcpus) continue;
      if (!shapeFits(inst, s.vcpus, s.memoryMiB, s.gpus)) continue;
      gang.push(inst);
      if (gang.length === s.nodes) return gang;
    }
    return null;
  }

  occupy(inst: Instance, s: JobShape): void {
    inst.freeVcpus -= s.vcpus;
    inst.freeMemoryMiB -= s.memoryMiB;
    inst.freeGpus -= s.gpus;
    inst.jobsRun++;
    this.busyvCpus += s.vcpus;
    if (inst.state === InstanceState.RUNNING) this.freevCpus -= s.vcpus;
    if (inst.idleTimer !== null) {
      this.ctx.sim.cancel(inst.idleTimer);
      inst.idleTimer = null;
    }
  }

  release(inst: Instance, s: JobShape, idle: boolean): void {
    inst.freeVcpus += s.vcpus;
    inst.freeMemoryMiB += s.memoryMiB;
    inst.freeGpus += s.gpus;
    this.busyvCpus -= s.vcpus;
    if (inst.state === InstanceState.RUNNING) this.freevCpus += s.vcpus;
    const passAt = this.ctx.requestPass();
    if (idle && inst.state === InstanceState.RUNNING) this.armIdleTimer(inst, passAt);
  }

  /** Start the fleet of an UNMANAGED environment, or a MANAGED one's min/desired vCPUs, ready at t=0. */
  startInitialCapacity(): void {
    if (!this.managed) {
      for (const g of this.fleet) {
        for (let k = 0; k < g.count; k++) {
          this.addInstance({ ...g, arm64: false, band: 0, hazardPerHour: 0 }, true);
        }
      }
      return;
    }
    const cr = this.config.computeResources!;
    const target = Math.max(cr.minvCpus, cr.desiredvCpus);
    if (target <= 0) return;
    // The floor is met with the type the strategy would pick for that many one-vCPU jobs.
    const t = chooseInstanceType(this.strategy, this.candidates, { vcpus: 1, memoryMiB: 1, gpus: 0, arm64: false }, target, this.ctx.placement);
    if (!t) return;
    while (this.provisionedvCpus < target && (this.limits === null || this.limits.refusal(t.instanceType, t.vcpus) === null)) this.addInstance(t, true);
  }

  /**
   * Launch what `count` waiting jobs of `shape` need beyond what pending instances will bring.
   * `pendingRoom` carries, across calls within one pass, the room left on pending instances.
   * Returns how many of the jobs this environment has now covered (the rest may go elsewhere).
   */
  scaleOutFor(shape: JobShape, count: number, pendingRoom: Map<Instance, JobShape>): number {
    this.scaleOutLimit = null;
    if (!this.managed || !this.enabled || count <= 0 || !this.canEverFit(shape)) return 0;
    let covered = 0;
    const gang = (shape.nodes ?? 1) > 1;
    // First, room on instances already launching (not those already under a reclaim notice).
    // Provisioned beyond ready is what is launching: with none (and no gang), there is nothing to walk.
    const launching = gang || this.provisionedvCpus > this.readyvCpus;
    for (let k = 0; launching && k < this.live.length; k++) {
      const inst = this.live[k];
      if (covered >= count) break;
      // A gang also counts empty ready instances: they wait for their siblings, not for jobs.
      const waitingForGang = gang && inst.state === InstanceState.RUNNING && inst.freeVcpus === inst.vcpus;
      if ((inst.state !== InstanceState.PENDING && !waitingForGang) || inst.draining) continue;
      let room = pendingRoom.get(inst);
      if (!room) {
        room = { vcpus: inst.vcpus, memoryMiB: inst.usableMemoryMiB, gpus: inst.gpus, arm64: false };
        pendingRoom.set(inst, room);
      }
      while (covered < count && room.vcpus >= shape.vcpus && room.memoryMiB >= shape.memoryMiB && room.gpus >= shape.gpus) {
        room.vcpus -= shape.vcpus;
        room.memoryMiB -= shape.memoryMiB;
        room.gpus -= shape.gpus;
        covered++;
        // A multi-node node takes its instance whole.
        if (gang) room.vcpus = -1;
      }
    }
    while (covered < count) {
      // At maxvCpus no type can be launched (overshoot needs headroom left): stop before ranking
      // types, which every pass of a saturated environment would otherwise do for each shape.
      if (this.provisionedvCpus >= this.maxvCpus) break;
      const t = this.limits === null ? chooseInstanceType(this.strategy, this.candidates, shape, count - covered, this.ctx.placement) : this.chooseLaunchable(shape, count - covered);
      if (!t) break;
      const fitsUnderMax = this.provisionedvCpus + t.vcpus <= this.maxvCpus;
      const overshootAllowed = this.allowOvershoot && this.provisionedvCpus < this.maxvCpus;
      if (!fitsUnderMax && !overshootAllowed) break;
      const slots = slotsPerInstance(t, shape);
      const inst = this.addInstance(t, false);
      const take = Math.min(slots, count - covered);
      pendingRoom.set(inst, {
        vcpus: gang ? -1 : inst.vcpus - take * shape.vcpus,
        memoryMiB: inst.usableMemoryMiB - take * shape.memoryMiB,
        gpus: inst.gpus - take * shape.gpus,
        arm64: false,
      });
      covered += take;
    }
    return covered;
  }

  /**
   * The type to launch when service quotas or capacity may refuse it. BEST_FIT waits for the type
   * it chose; BEST_FIT_PROGRESSIVE and the SPOT_* strategies move on to the next type they would
   * choose (allocation-strategies page, https://docs.aws.amazon.com/batch/latest/userguide/allocation-strategies.html).
   * A type maxvCpus stops is returned unasked, so the caller stops as it would without limits.
   */
  private chooseLaunchable(shape: JobShape, count: number): CandidateType | null {
    let pool = this.candidates;
    for (;;) {
      const t = chooseInstanceType(this.strategy, pool, shape, count, this.ctx.placement);
      if (t === null) return null;
      const underMax = this.provisionedvCpus + t.vcpus <= this.maxvCpus || (this.allowOvershoot && this.provisionedvCpus < this.maxvCpus);
      if (!underMax) return t;
      const why = this.limits!.refusal(t.instanceType, t.vcpus);
      if (why === null) return t;
      this.scaleOutLimit = why;
      if (this.strategy === 'BEST_FIT') return null;
      pool = pool.filter((c) => c !== t);
    }
  }

  private addInstance(t: CandidateType, ready: boolean): Instance {
    const { sim, instances } = this.ctx;
    const spec = {
      instanceType: t.instanceType,
      vcpus: t.vcpus,
      memoryMiB: t.memoryMiB,
      registeredMemoryMiB: t.usableMemoryMiB,
      gpus: t.gpus,
      purchaseOption: this.purchaseOption,
      priceUsdPerHour: t.priceUsdPerHour,
    };
    const inst = new Instance(instances.length + 1, this, spec, sim.now);
    instances.push(inst);
    this.live.push(inst);
    this.launched(inst.vcpus);
    this.limits?.launched(inst.instanceType, inst.vcpus);
    this.ctx.trace?.({ at: sim.now, event: 'LAUNCH', id: inst.instanceId, detail: `${this.name} ${inst.instanceType}` });
    if (this.spot) this.scheduleReclaim(inst);
    if (ready) this.markReady(inst);
    else {
      const delay = Math.max(0, Math.round(this.launchDelay ? this.launchDelay() : 0));
      // EC2 bills from `running`, which comes ec2Boot before the instance registers with ECS; a
      // launch quicker than that was running from the decision on [EST].
      inst.runningAt = sim.now + Math.max(0, delay - this.bootMs);
      sim.scheduleFire(sim.now + delay, Rank.INSTANCE_READY, this, REGISTERED, inst);
    }
    return inst;
  }

  /** A Spot instance's reclaim, from its type's pool (one draw per launch, from the type's own stream). */
  private scheduleReclaim(inst: Instance): void {
    const hazard = this.hazardByType.get(inst.instanceType) ?? 0;
    const traced = this.spot!.trace?.get(inst.instanceType);
    if (this.spot!.trace !== null ? traced === undefined : hazard <= 0) return;
    let pool = this.spotPools.get(inst.instanceType);
    if (!pool) {
      const settings: SpotPool = { hazardPerHour: hazard, random: this.spot!.random(inst.instanceType), noticeMs: this.spot!.noticeMs, reason: hostTerminated, traceNotice: true };
      if (traced !== undefined) settings.trace = traced;
      pool = new (spotModule().SpotReclaims)(this.ctx, this, settings);
      this.spotPools.set(inst.instanceType, pool);
    }
    pool.schedule(inst);
  }

  /** A reclaimed instance is gone at once: it skips the scale-down delay (AWS-BATCH-BEHAVIOUR.md §3.5). */
  reclaimed(inst: Instance): void {
    this.terminate(inst);
  }

  private markReady(inst: Instance): void {
    inst.state = InstanceState.RUNNING;
    inst.readyAt = this.ctx.sim.now;
    this.readyvCpus += inst.vcpus;
    this.freevCpus += inst.freeVcpus;
    this.ctx.trace?.({ at: inst.readyAt, event: 'READY', id: inst.instanceId, detail: this.name });
    this.armIdleTimer(inst, this.ctx.requestPass());
  }

  /**
   * Idle scale-in: a managed instance with no job for idleTerminateAfter goes, unless minvCpus
   * needs it. Never before the scheduler's next pass has had the chance to use it: otherwise a
   * fresh instance could be reclaimed before any job reached it, and be launched again forever.
   * With scalingPolicy.minScaleDownDelayMinutes, an instance that has run a job waits that long
   * after its last job ends instead; "newly launched instances that have not yet run any jobs" are
   * exempt and keep idleTerminateAfter, and a reclaimed Spot instance is gone at once anyway
   * (https://docs.aws.amazon.com/batch/latest/APIReference/API_ComputeScalingPolicy.html).
   */
  private armIdleTimer(inst: Instance, nextPassAt: number): void {
    if (!this.managed || inst.state !== InstanceState.RUNNING) return;
    const { sim } = this.ctx;
    const idleMs = this.scaleDownDelayMs !== null && inst.jobsRun > 0 ? this.scaleDownDelayMs : this.ctx.idleTerminateAfterMs;
    const at = Math.max(sim.now + idleMs, nextPassAt);
    inst.idleTimer = sim.scheduleFire(at, Rank.IDLE_TERMINATE, this, IDLE_TIMER, inst);
  }

  /** An event of an instance's: it registered (REGISTERED), or its idle timer ran out (IDLE_TIMER). */
  fire(kind: number, subject: unknown): void {
    const inst = subject as Instance;
    if (kind === REGISTERED) {
      if (inst.state === InstanceState.PENDING) this.markReady(inst);
      return;
    }
    inst.idleTimer = null;
    if (inst.freeVcpus < inst.vcpus) return;
    if (this.provisionedvCpus - inst.vcpus < this.minvCpus) return;
    this.terminate(inst);
  }

  terminate(inst: Instance): void {
    if (inst.state === InstanceState.TERMINATED) return;
    if (inst.state === InstanceState.RUNNING) {
      this.readyvCpus -= inst.vcpus;
      this.freevCpus -= inst.freeVcpus;
    }
    inst.state = InstanceState.TERMINATED;
    inst.terminatedAt = this.ctx.sim.now;
    this.ctx.trace?.({ at: inst.terminatedAt, event: 'TERMINATE', id: inst.instanceId, detail: this.name });
    this.provisionedvCpus -= inst.vcpus;
    this.limits?.terminated(inst.instanceType, inst.vcpus);
    const k = this.live.indexOf(inst);
    if (k >= 0) this.live.splice(k, 1);
    if (inst.idleTimer !== null) {
      this.ctx.sim.cancel(inst.idleTimer);
      inst.idleTimer = null;
    }
    inst.cancelSpotEvents((h) => this.ctx.sim.cancel(h));
    // Headroom under maxvCpus came back: waiting jobs may now get an instance they need.
    this.ctx.requestPass();
  }
}

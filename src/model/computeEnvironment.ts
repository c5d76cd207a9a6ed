// A compute environment while the simulation runs: its instances, where a job is placed on them,
// and, for MANAGED EC2 environments, scale-out to meet waiting demand and idle scale-in.
import type { Simulation } from '../engine/simulation.js';
import type { Sampler } from '../engine/distribution.js';
import type { ComputeEnvironment } from '../scenario/types.js';
import { chooseInstanceType, slotsPerInstance, type CandidateType, type JobShape } from './allocation.js';
import { Instance, InstanceState, shapeFits, type PurchaseOption } from './instance.js';
import { Rank } from './ranks.js';

/** What an environment needs from the simulation around it. */
export interface EnvironmentContext {
  sim: Simulation;
  /** Ask for a scheduler pass (capacity changed); returns the instant it will run. */
  requestPass(): number;
  /** Every instance ever created, in creation order (for records). */
  instances: Instance[];
  idleTerminateAfterMs: number;
  trace: ((e: { at: number; event: string; id: string; detail: string }) => void) | null;
}

export class ComputeEnvironmentRuntime {
  readonly name: string;
  readonly managed: boolean;
  enabled: boolean;
  readonly minvCpus: number;
  readonly maxvCpus: number;
  readonly allowOvershoot: boolean;
  /** Live instances (pending or running), in launch order. */
  readonly live: Instance[] = [];
  /** vCPUs of live instances (pending included): what Batch's desiredvCpus tracks. */
  provisionedvCpus = 0;
  /** vCPUs of running (ready) instances. */
  readyvCpus = 0;
  busyvCpus = 0;
  peakvCpus = 0;
  instancesLaunched = 0;
  private readonly canFitCache = new Map<string, boolean>();

  constructor(
    readonly config: ComputeEnvironment,
    private readonly ctx: EnvironmentContext,
    /** Instance types a MANAGED environment may launch, priced. Empty for UNMANAGED. */
    readonly candidates: readonly CandidateType[],
    private readonly launchDelay: Sampler | null,
  ) {
    this.name = config.computeEnvironmentName;
    this.managed = config.type === 'MANAGED';
    this.enabled = config.state === 'ENABLED';
    const cr = config.computeResources;
    this.minvCpus = cr?.minvCpus ?? 0;
    this.maxvCpus = cr?.maxvCpus ?? Infinity;
    // AWS may exceed maxvCpus by one instance with every strategy but on-demand BEST_FIT
    // (allocation-strategies page; AWS-BATCH-BEHAVIOUR.md §2.2).
    this.allowOvershoot = cr !== null && !(cr.allocationStrategy === 'BEST_FIT' && cr.type === 'EC2');
  }

  get purchaseOption(): PurchaseOption {
    if (!this.managed) return 'unmanaged';
    return this.config.computeResources!.type === 'SPOT' ? 'spot' : 'on-demand';
  }

  /** Whether a job of this shape could ever run here (ignoring what is busy now). */
  canEverFit(s: JobShape): boolean {
    const key = `${s.vcpus}/${s.memoryMiB}/${s.gpus}`;
    let fit = this.canFitCache.get(key);
    if (fit === undefined) {
      // Without overshoot, only a type that fits under maxvCpus can ever be launched.
      if (this.managed) fit = s.vcpus <= this.maxvCpus && this.candidates.some((t) => slotsPerInstance(t, s) > 0 && (this.allowOvershoot || t.vcpus <= this.maxvCpus));
      else fit = this.live.some((i) => shapeFits(i, s.vcpus, s.memoryMiB, s.gpus));
      this.canFitCache.set(key, fit);
    }
    return fit;
  }

  /** True when the shape fits some allowed type but maxvCpus keeps it from ever being launched. */
  exceedsMaxvCpus(s: JobShape): boolean {
    return this.managed && !this.canEverFit(s) && this.candidates.some((t) => slotsPerInstance(t, s) > 0);
  }

  /**
   * The running instance to place a job on, or null. Bin-packing as ECS does for Batch: the
   * fullest instance that still fits (least free vCPUs, then least free memory), ties by age.
   */
  findInstance(s: JobShape): Instance | null {
    if (!this.enabled) return null;
    let best: Instance | null = null;
    for (const inst of this.live) {
      if (inst.state !== InstanceState.RUNNING || !inst.fits(s.vcpus, s.memoryMiB, s.gpus)) continue;
      if (best === null || inst.freeVcpus < best.freeVcpus || (inst.freeVcpus === best.freeVcpus && inst.freeMemoryMiB < best.freeMemoryMiB)) {
        best = inst;
      }
    }
    return best;
  }

  occupy(inst: Instance, s: JobShape): void {
    inst.freeVcpus -= s.vcpus;
    inst.freeMemoryMiB -= s.memoryMiB;
    inst.freeGpus -= s.gpus;
    inst.runningAttempts++;
    inst.jobsRun++;
    this.busyvCpus += s.vcpus;
    if (inst.idleTimer) {
      this.ctx.sim.cancel(inst.idleTimer as never);
      inst.idleTimer = null;
    }
  }

  release(inst: Instance, s: JobShape): void {
    inst.freeVcpus += s.vcpus;
    inst.freeMemoryMiB += s.memoryMiB;
    inst.freeGpus += s.gpus;
    inst.runningAttempts--;
    this.busyvCpus -= s.vcpus;
    const passAt = this.ctx.requestPass();
    if (inst.runningAttempts === 0) this.armIdleTimer(inst, passAt);
  }

  /** Start the fleet of an UNMANAGED environment, or a MANAGED one's min/desired vCPUs, ready at t=0. */
  startInitialCapacity(): void {
    if (!this.managed) {
      for (const g of this.config.instances) {
        for (let k = 0; k < g.count; k++) {
          this.addInstance(g.instanceType, g.vcpus, g.memoryMiB, g.gpus, g.priceUsdPerHour ?? 0, true);
        }
      }
      return;
    }
    const cr = this.config.computeResources!;
    const target = Math.max(cr.minvCpus, cr.desiredvCpus);
    if (target <= 0 || cr.type === 'FARGATE' || cr.type === 'FARGATE_SPOT') return;
    const strategy = cr.allocationStrategy === 'BEST_FIT' ? 'BEST_FIT' : 'BEST_FIT_PROGRESSIVE';
    // The floor is met with the type the strategy would pick for that many one-vCPU jobs
    // (BEST_FIT: cheapest per hour; BEST_FIT_PROGRESSIVE: cheapest per vCPU used).
    const t = chooseInstanceType(strategy, this.candidates, { vcpus: 1, memoryMiB: 1, gpus: 0 }, target);
    if (!t) return;
    while (this.provisionedvCpus < target) this.addInstance(t.instanceType, t.vcpus, t.memoryMiB, t.gpus, t.priceUsdPerHour, true);
  }

  /**
   * Launch what `count` waiting jobs of `shape` need beyond what pending instances will bring.
   * `pendingSlots` carries, across calls within one pass, the free room on pending instances.
   * Returns how many of the jobs this environment has now covered (the rest may go elsewhere).
   */
  scaleOutFor(shape: JobShape, count: number, pendingRoom: Map<Instance, JobShape & { n?: number }>): number {
    if (!this.managed || !this.enabled || count <= 0 || !this.canEverFit(shape)) return 0;
    let covered = 0;
    // First, room on instances already launching.
    for (const inst of this.live) {
      if (covered >= count) break;
      if (inst.state !== InstanceState.PENDING) continue;
      let room = pendingRoom.get(inst);
      if (!room) {
        room = { vcpus: inst.vcpus, memoryMiB: inst.usableMemoryMiB, gpus: inst.gpus };
        pendingRoom.set(inst, room);
      }
      while (covered < count && room.vcpus >= shape.vcpus && room.memoryMiB >= shape.memoryMiB && room.gpus >= shape.gpus) {
        room.vcpus -= shape.vcpus;
        room.memoryMiB -= shape.memoryMiB;
        room.gpus -= shape.gpus;
        covered++;
      }
    }
    const cr = this.config.computeResources!;
    const strategy = cr.allocationStrategy === 'BEST_FIT' ? 'BEST_FIT' : 'BEST_FIT_PROGRESSIVE';
    while (covered < count) {
      const t = chooseInstanceType(strategy, this.candidates, shape, count - covered);
      if (!t) break;
      const fitsUnderMax = this.provisionedvCpus + t.vcpus <= this.maxvCpus;
      const overshootAllowed = this.allowOvershoot && this.provisionedvCpus < this.maxvCpus;
      if (!fitsUnderMax && !overshootAllowed) break;
      const slots = slotsPerInstance(t, shape);
      const inst = this.addInstance(t.instanceType, t.vcpus, t.memoryMiB, t.gpus, t.priceUsdPerHour, false);
      const take = Math.min(slots, count - covered);
      pendingRoom.set(inst, {
        vcpus: inst.vcpus - take * shape.vcpus,
        memoryMiB: inst.usableMemoryMiB - take * shape.memoryMiB,
        gpus: inst.gpus - take * shape.gpus,
      });
      covered += take;
    }
    return covered;
  }

  private addInstance(type: string, vcpus: number, memoryMiB: number, gpus: number, price: number, ready: boolean): Instance {
    const { sim, instances } = this.ctx;
    const inst = new Instance(instances.length + 1, this, type, vcpus, memoryMiB, gpus, this.purchaseOption, price, sim.now);
    instances.push(inst);
    this.live.push(inst);
    this.instancesLaunched++;
    this.provisionedvCpus += vcpus;
    if (this.provisionedvCpus > this.peakvCpus) this.peakvCpus = this.provisionedvCpus;
    this.ctx.trace?.({ at: sim.now, event: 'LAUNCH', id: inst.instanceId, detail: `${this.name} ${type}` });
    if (ready) this.markReady(inst);
    else {
      const delay = Math.max(0, Math.round(this.launchDelay ? this.launchDelay() : 0));
      sim.schedule(sim.now + delay, Rank.INSTANCE_READY, () => this.markReady(inst));
    }
    return inst;
  }

  private markReady(inst: Instance): void {
    inst.state = InstanceState.RUNNING;
    inst.readyAt = this.ctx.sim.now;
    this.ctx.trace?.({ at: inst.readyAt, event: 'READY', id: inst.instanceId, detail: this.name });
    this.readyvCpus += inst.vcpus;
    this.armIdleTimer(inst, this.ctx.requestPass());
  }

  /**
   * Idle scale-in: a managed instance with no job for idleTerminateAfter goes, unless minvCpus
   * needs it. Never before the scheduler's next pass has had the chance to use it: otherwise a
   * fresh instance could be reclaimed before any job reached it, and be launched again forever.
   */
  private armIdleTimer(inst: Instance, nextPassAt: number): void {
    if (!this.managed || inst.state !== InstanceState.RUNNING) return;
    const { sim } = this.ctx;
    const at = Math.max(sim.now + this.ctx.idleTerminateAfterMs, nextPassAt);
    inst.idleTimer = sim.schedule(at, Rank.IDLE_TERMINATE, () => {
      inst.idleTimer = null;
      if (inst.runningAttempts > 0) return;
      if (this.provisionedvCpus - inst.vcpus < this.minvCpus) return;
      this.terminate(inst);
    });
  }

  terminate(inst: Instance): void {
    if (inst.state === InstanceState.TERMINATED) return;
    if (inst.state === InstanceState.RUNNING) this.readyvCpus -= inst.vcpus;
    inst.state = InstanceState.TERMINATED;
    inst.terminatedAt = this.ctx.sim.now;
    this.ctx.trace?.({ at: inst.terminatedAt, event: 'TERMINATE', id: inst.instanceId, detail: this.name });
    this.provisionedvCpus -= inst.vcpus;
    const k = this.live.indexOf(inst);
    if (k >= 0) this.live.splice(k, 1);
    if (inst.idleTimer) {
      this.ctx.sim.cancel(inst.idleTimer as never);
      inst.idleTimer = null;
    }
    // Headroom under maxvCpus came back: waiting jobs may now get an instance they need.
    this.ctx.requestPass();
  }
}

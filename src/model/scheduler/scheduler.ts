// The AWS Batch scheduler: when a pass runs (at the instant anything changes, or on a cycle),
// what a pass does (each enabled queue, highest priority first, by its discipline), where a job
// fits (computeEnvironmentOrder; a multi-node job's gang), and demand-driven scale-out.
import { lazyModule } from '../../engine/lazy.js';
import type { Simulation } from '../../engine/simulation.js';
import type { Environment, Instance, Placement } from '../instance.js';
import type { JobQueueRuntime, ShapeQueue } from '../jobQueue.js';
import type { JobLifecycle } from '../lifecycle.js';
import { Rank } from '../ranks.js';
import { INSUFFICIENT_CAPACITY, isLimitReason } from '../statusReasons.js';
import type { JobShape, TraceSink } from '../types.js';
import type { Discipline, PassContext } from './context.js';
import { dispatchFifo } from './fifo.js';

/** The fair-share discipline, loaded only for a scenario with a scheduling policy (start-up). */
const fairShareModule = lazyModule<typeof import('./fairShare.js')>(import.meta.url, './fairShare.js', () => import('./fairShare.js'));

export interface SchedulerOptions {
  sim: Simulation;
  trace: TraceSink;
  lifecycle: JobLifecycle;
  queues: readonly JobQueueRuntime[];
  environments: readonly Environment[];
  /** schedulerCycle: 0 runs a pass at the instant anything changes. */
  cycleMs: number;
  /** Called when a pass ends (service quotas time how long they bind by passes). */
  onPassEnd?: (() => void) | null;
}

export class Scheduler implements PassContext {
  readonly sim: Simulation;
  readonly trace: TraceSink;
  readonly lifecycle: JobLifecycle;
  /** Higher priority first; equal priorities in declaration order (sort is stable). */
  private readonly queuesByPriority: JobQueueRuntime[];
  /** Each of those queues' discipline, chosen once. */
  private readonly dispatchOf: Discipline[];
  private readonly hasManaged: boolean;
  private readonly cycleMs: number;
  private passScheduled = false;
  private nextPassAt = 0;
  private lastPassAt = -1;
  /** Number of the last pass run (queues remember in which pass they were blocked). */
  passNumber = 0;
  private readonly passAction = (): void => this.pass();
  private readonly onPassEnd: (() => void) | null;

  constructor(o: SchedulerOptions) {
    this.sim = o.sim;
    this.trace = o.trace;
    this.lifecycle = o.lifecycle;
    this.cycleMs = o.cycleMs;
    this.onPassEnd = o.onPassEnd ?? null;
    this.queuesByPriority = [...o.queues].sort((x, y) => y.priority - x.priority);
    this.dispatchOf = this.queuesByPriority.map((q) => (q.fairShare ? fairShareModule().dispatchFairShare : dispatchFifo));
    this.hasManaged = o.environments.some((ce) => ce.managed);
    // A pass at schedulerCycle 0 is the kernel's end-of-instant hook at the SCHEDULER rank: it runs
    // after every event of lower rank at that instant, as an event of that rank would.
    if (this.cycleMs === 0) this.sim.onEndOfInstant(Rank.SCHEDULER, this.passAction);
  }

  /**
   * With schedulerCycle 0 a pass runs at the instant anything changes, after every other event of
   * lower rank at that instant; otherwise at the next cycle boundary, so a job arriving mid-cycle
   * waits for it.
   */
  requestPass(): number {
    if (this.passScheduled) return this.nextPassAt;
    const now = this.sim.now;
    this.passScheduled = true;
    if (this.cycleMs === 0) {
      this.nextPassAt = now;
      this.sim.armEndOfInstant();
      return now;
    }
    let at = Math.ceil(now / this.cycleMs) * this.cycleMs;
    if (at === this.lastPassAt) at += this.cycleMs;
    this.nextPassAt = at;
    this.sim.schedule(at, Rank.SCHEDULER, this.passAction);
    return at;
  }

  private pass(): void {
    this.passScheduled = false;
    this.lastPassAt = this.sim.now;
    const pass = ++this.passNumber;
    let waiting = 0;
    for (let k = 0; k < this.queuesByPriority.length; k++) {
      const q = this.queuesByPriority[k];
      if (!q.enabled) continue;
      this.dispatchOf[k](this, q, pass);
      waiting += q.runnable;
    }
    if (waiting > 0 && this.hasManaged) this.scaleOut();
    this.onPassEnd?.();
  }

  /** The most vCPUs a queue's environments can hold: maxvCpus, or an unmanaged fleet's size. */
  capacityOf(q: JobQueueRuntime): number {
    return q.environments.reduce((n, ce) => n + (Number.isFinite(ce.maxvCpus) ? ce.maxvCpus : ce.provisionedvCpus), 0);
  }

  /** Room for the shape's oldest job now: an instance, or for a multi-node job its whole gang. */
  capacityFor(q: JobQueueRuntime, shape: ShapeQueue): Placement | null {
    return shape.nodes > 1 ? this.findGang(q, shape) : this.findCapacity(q, shape);
  }

  /**
   * A multi-node job's gang in the first environment that has one, main node first (MNP nodes
   * start together, each alone on its instance; mnp-ce).
   */
  private findGang(q: JobQueueRuntime, shape: ShapeQueue): readonly Instance[] | null {
    for (const ce of q.environments) {
      const gang = ce.findGang?.(shape) ?? null;
      if (gang !== null) return gang;
    }
    return null;
  }

  /** computeEnvironmentOrder: the first environment with room now. */
  private findCapacity(q: JobQueueRuntime, shape: ShapeQueue): Instance | null {
    for (const ce of q.environments) {
      const inst = ce.findInstance(shape);
      if (inst !== null) return inst;
    }
    return null;
  }

  /**
   * Demand-driven scale-out [EST]: the jobs still RUNNABLE after dispatch, shape by shape in queue
   * priority order, go to the first environment in the queue's order that can hold them and has
   * headroom under maxvCpus; what it cannot cover spills to the next. Room on instances already
   * launching counts first, so a pass never launches twice for the same jobs.
   */
  private scaleOut(): void {
    const pendingRoom = new Map<Instance, JobShape>();
    for (const q of this.queuesByPriority) {
      // Jobs behind a blocked head cannot be dispatched, so they must not buy capacity either.
      if (!q.enabled || q.blockedInPass === this.passNumber) continue;
      for (const shape of q.shapes) {
        if (shape.size === 0 || shape.neverPlaceable !== null) continue;
        let remaining = shape.size * shape.nodes;
        for (const ce of q.environments) {
          remaining -= ce.scaleOutFor(shape, remaining, pendingRoom);
          if (remaining <= 0) break;
        }
        explainLimit(shape, remaining > 0 ? limitReason(q.environments) : null);
      }
    }
  }
}

/**
 * Why the queue's environments stopped short of the jobs, when a limit of the account did it:
 * insufficient capacity only when every environment met it, as AWS Batch reports it ("All
 * connected compute environments have insufficient capacity errors", job_stuck_in_runnable_capacity);
 * otherwise the first service quota that refused a launch.
 */
function limitReason(environments: readonly Environment[]): string | null {
  let quota: string | null = null;
  let allCapacity = environments.length > 0;
  for (const ce of environments) {
    const why = ce.scaleOutLimit;
    const capacity = why !== null && why.startsWith(INSUFFICIENT_CAPACITY);
    if (!capacity) allCapacity = false;
    if (why !== null && !capacity && quota === null) quota = why;
  }
  return allCapacity ? environments[0].scaleOutLimit : quota;
}

/** As AWS does, the reason goes on the shape's oldest job, and comes off once the limit no longer holds it. */
function explainLimit(shape: ShapeQueue, reason: string | null): void {
  const head = shape.peek();
  if (reason !== null) head.statusReason = reason;
  else if (isLimitReason(head.statusReason)) head.statusReason = '';
}

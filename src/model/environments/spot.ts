// Spot reclaims, for EC2 Spot instances and Fargate Spot tasks alike: a life drawn once at launch
// from the pool's hazard, a notice `noticeMs` before the end that stops new placements, and the
// reclaim that interrupts every attempt still on it (AWS-BATCH-BEHAVIOUR.md §3.5). A replayed
// availability trace (spotHazard.ts) makes the hazard follow the clock instead.
import type { Random } from '../../engine/random.js';
import type { FireTarget } from '../../engine/simulation.js';
import type { Context, Environment, Instance } from '../instance.js';
import { Rank } from '../ranks.js';
import { InstanceState } from '../types.js';
import type { PiecewiseHazard } from './spotHazard.js';

/**
 * Under a trace, the shortest life an instance can have when the notice time is 0: a window of near
 * certain reclaims must not relaunch and reclaim instances at one instant forever [EST].
 */
export const MIN_TRACE_LIFE_MS = 1000;

/** One Spot pool: an instance type of an environment, or a Fargate Spot environment. */
export interface SpotPool {
  /** Reclaims per instance-hour (> 0); unused when `trace` is set. */
  hazardPerHour: number;
  /**
   * A replayed trace's hazard for the type: the draw then lands on its cumulative hazard from the
   * launch, and is the instant of the notice (the reclaim follows noticeMs later).
   */
  trace?: PiecewiseHazard;
  /** The pool's own stream (spot/<environment>/<type>, spot-trace/… under a trace): one draw per launch. */
  random: Random;
  noticeMs: number;
  /** The statusReason the interrupted attempts get, by instanceId. */
  reason: (instanceId: string) => string;
  /**
   * Whether the notice shows in the event trace. EC2's does; a Fargate Spot task's notice was never
   * traced, and the traces are kept as they are.
   */
  traceNotice: boolean;
}

/** What the reclaim does to the environment: count it, and let it take the instance away. */
export interface SpotEnvironment extends Environment {
  interruptions: number;
  /** After the attempts were interrupted: EC2 terminates the instance; a Fargate task stops with its attempt. */
  reclaimed(inst: Instance): void;
}

/** The reclaims' two events (scheduleFire kinds), each with the instance as its subject. */
const NOTICE = 0;
const RECLAIM = 1;

/**
 * One pool's reclaims: schedule() draws an instance's life and schedules its notice and reclaim as
 * events of this object (kind and instance), so a launch allocates no closure for them (a Fargate
 * Spot run launches a task per job).
 */
export class SpotReclaims implements FireTarget {
  constructor(
    private readonly ctx: Context,
    private readonly env: SpotEnvironment,
    private readonly pool: SpotPool,
  ) {}

  /**
   * Schedule the notice and the reclaim of `inst`: an exponential life from launch, drawn now. Beyond
   * ~285 years the draw cannot matter and would overflow integer milliseconds, so it is dropped.
   * The notice is scheduled before the reclaim, so at equal instants their order is the heap's.
   */
  schedule(inst: Instance): void {
    const { ctx, pool } = this;
    const { sim } = ctx;
    const u = pool.random.next();
    if (pool.trace !== undefined) {
      // EC2 decides to interrupt when the hazard says so and gives the notice then: an instance alive
      // when a bad window opens gets its notice inside the window, not before it.
      const noticeAt = pool.trace.crossing(sim.now, -Math.log(1 - u));
      if (!(noticeAt < 9e12)) return;
      inst.reclaimAt = Math.max(Math.round(noticeAt) + pool.noticeMs, sim.now + MIN_TRACE_LIFE_MS);
    } else {
      const lifeMs = (-Math.log(1 - u) / pool.hazardPerHour) * 3_600_000;
      if (!(lifeMs < 9e12)) return;
      inst.reclaimAt = Math.round(sim.now + lifeMs);
    }
    const notice = sim.scheduleFire(Math.max(sim.now, inst.reclaimAt - pool.noticeMs), Rank.SPOT_NOTICE, this, NOTICE, inst);
    const reclaim = sim.scheduleFire(inst.reclaimAt, Rank.SPOT_RECLAIM, this, RECLAIM, inst);
    inst.spotEvents = [notice, reclaim];
  }

  /** The notice (it stops new placements) or the reclaim (it interrupts every attempt still on the instance). */
  fire(kind: number, subject: unknown): void {
    const inst = subject as Instance;
    if (inst.state === InstanceState.TERMINATED) return;
    const { ctx, env, pool } = this;
    if (kind === NOTICE) {
      inst.draining = true;
      if (pool.traceNotice) ctx.trace?.({ at: ctx.sim.now, event: 'NOTICE', id: inst.instanceId, detail: `reclaim at ${inst.reclaimAt / 1000}` });
      return;
    }
    inst.spotEvents = [];
    inst.interrupted = true;
    env.interruptions++;
    ctx.trace?.({ at: ctx.sim.now, event: 'RECLAIM', id: inst.instanceId, detail: env.name });
    ctx.interruptAttempts(inst, pool.reason(inst.instanceId));
    env.reclaimed(inst);
  }
}

// Spot reclaims, for EC2 Spot instances and Fargate Spot tasks alike: a life drawn once at launch
// from the pool's hazard, a notice `noticeMs` before the end that stops new placements, and the
// reclaim that interrupts every attempt still on it (AWS-BATCH-BEHAVIOUR.md §3.5). A replayed
// availability trace (spotHazard.ts) makes the hazard follow the clock instead.
import type { Random } from '../../engine/random.js';
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

/**
 * Schedule the notice and the reclaim of `inst`: an exponential life from launch, drawn now. Beyond
 * ~285 years the draw cannot matter and would overflow integer milliseconds, so it is dropped.
 * The notice is scheduled before the reclaim, so at equal instants their order is the heap's.
 */
export function scheduleReclaim(ctx: Context, env: SpotEnvironment, inst: Instance, pool: SpotPool): void {
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
  const notice = sim.schedule(Math.max(sim.now, inst.reclaimAt - pool.noticeMs), Rank.SPOT_NOTICE, () => {
    if (inst.state === InstanceState.TERMINATED) return;
    inst.draining = true;
    if (pool.traceNotice) ctx.trace?.({ at: sim.now, event: 'NOTICE', id: inst.instanceId, detail: `reclaim at ${inst.reclaimAt / 1000}` });
  });
  const reclaim = sim.schedule(inst.reclaimAt, Rank.SPOT_RECLAIM, () => {
    if (inst.state === InstanceState.TERMINATED) return;
    inst.spotEvents = [];
    inst.interrupted = true;
    env.interruptions++;
    ctx.trace?.({ at: sim.now, event: 'RECLAIM', id: inst.instanceId, detail: env.name });
    ctx.interruptAttempts(inst, pool.reason(inst.instanceId));
    env.reclaimed(inst);
  });
  inst.spotEvents = [notice, reclaim];
}

// What a queue discipline may use during a scheduler pass: the clock, capacity lookups, and the
// job life cycle to place or cancel jobs. The scheduler (scheduler.ts) provides it.
import type { Simulation } from '../../engine/simulation.js';
import type { Placement } from '../instance.js';
import type { ShapeQueue, JobQueueRuntime } from '../jobQueue.js';
import type { JobLifecycle } from '../lifecycle.js';
import type { TraceSink } from '../types.js';

export interface PassContext {
  readonly sim: Simulation;
  readonly trace: TraceSink;
  readonly lifecycle: JobLifecycle;
  /** Room for the shape's oldest job now, or null. */
  capacityFor(q: JobQueueRuntime, shape: ShapeQueue): Placement | null;
  /** The most vCPUs the queue's environments can hold. */
  capacityOf(q: JobQueueRuntime): number;
  requestPass(): number;
}

/** One queue discipline: place what it can of one queue's RUNNABLE jobs in this pass. */
export type Discipline = (ctx: PassContext, q: JobQueueRuntime, pass: number) => void;

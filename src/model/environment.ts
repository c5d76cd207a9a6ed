// What the scheduler, the records and the bill need of a compute environment while it runs,
// whether it is EC2 (managed, Spot or unmanaged: computeEnvironment.ts) or Fargate (fargate.ts).
import type { Simulation } from '../engine/simulation.js';
import type { JobShape } from './allocation.js';
import type { Instance, PurchaseOption } from './instance.js';

export interface EnvironmentContext {
  sim: Simulation;
  /** Ask for a scheduler pass (capacity changed); returns the instant it will run. */
  requestPass(): number;
  /** Every instance or task ever created, in creation order (for records). */
  instances: Instance[];
  idleTerminateAfterMs: number;
  /** Ends every attempt on a reclaimed instance (the model's job lifecycle owns attempts). */
  interruptAttempts(instance: Instance, statusReason: string): void;
  trace: ((e: { at: number; event: string; id: string; detail: string }) => void) | null;
}

export interface EnvironmentRuntime {
  readonly name: string;
  readonly managed: boolean;
  readonly enabled: boolean;
  readonly purchaseOption: PurchaseOption;
  readonly maxvCpus: number;
  provisionedvCpus: number;
  readyvCpus: number;
  busyvCpus: number;
  peakvCpus: number;
  instancesLaunched: number;
  interruptions: number;
  /** Whether a job of this shape could ever run here (ignoring what is busy now). */
  canEverFit(s: JobShape): boolean;
  /** True when the shape fits some allowed type but maxvCpus keeps it from ever being launched. */
  exceedsMaxvCpus(s: JobShape): boolean;
  /** Capacity for one job of this shape now (an instance with room, or a new Fargate task), or null. */
  findInstance(s: JobShape): Instance | null;
  /** Multi-node parallel jobs: whole empty instances for every node at once (EC2 managed only). */
  findGang?(s: JobShape): Instance[] | null;
  occupy(inst: Instance, s: JobShape): void;
  release(inst: Instance, s: JobShape): void;
  startInitialCapacity(): void;
  /** Launch capacity for waiting jobs; returns how many of `count` it has covered. */
  scaleOutFor(s: JobShape, count: number, pendingRoom: Map<Instance, JobShape>): number;
}

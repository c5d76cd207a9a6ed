// The time series: every queue's RUNNABLE/STARTING/RUNNING counts and every environment's
// desired, ready and busy vCPUs, sampled at a fixed interval while anything else is to happen.
import type { Simulation } from '../engine/simulation.js';
import type { Environment } from './instance.js';
import type { JobQueueRuntime } from './jobQueue.js';
import { Rank } from './ranks.js';
import type { Recorder } from './result.js';

/**
 * Sampling instants a run takes at its interval before the interval starts doubling. Each doubling
 * allows half as many instants as the one before, so a run never takes more than about twice this
 * many, whatever its horizon: memory is bounded even when an estimate of the horizon was wrong.
 */
export const MAX_SAMPLE_INSTANTS = 200_000;

export class StateSampler {
  constructor(
    private readonly sim: Simulation,
    private readonly recorder: Recorder,
    private readonly queues: readonly JobQueueRuntime[],
    private readonly environments: readonly Environment[],
  ) {}

  /** Sample at 0, then every `intervalMs` while some other event is pending (see MAX_SAMPLE_INSTANTS). */
  start(intervalMs: number): void {
    const { sim } = this;
    let every = intervalMs;
    let phase = MAX_SAMPLE_INSTANTS;
    let left = phase;
    const tick = (): void => {
      this.sample();
      if (--left === 0) {
        every *= 2;
        phase = Math.max(1, phase >> 1);
        left = phase;
      }
      if (sim.pending > 0) sim.schedule(sim.now + every, Rank.SAMPLE, tick);
    };
    sim.schedule(0, Rank.SAMPLE, tick);
  }

  /** The state now, one sample per queue and environment metric. */
  sample(): void {
    const t = this.sim.now;
    const r = this.recorder;
    for (const q of this.queues) {
      r.sample(t, 'jobQueue', q.name, 'RUNNABLE', q.runnable);
      r.sample(t, 'jobQueue', q.name, 'STARTING', q.starting);
      r.sample(t, 'jobQueue', q.name, 'RUNNING', q.running);
    }
    for (const ce of this.environments) {
      r.sample(t, 'computeEnvironment', ce.name, 'desiredvCpus', ce.provisionedvCpus);
      r.sample(t, 'computeEnvironment', ce.name, 'readyvCpus', ce.readyvCpus);
      r.sample(t, 'computeEnvironment', ce.name, 'busyvCpus', ce.busyvCpus);
    }
  }
}

// The time series: every queue's RUNNABLE/STARTING/RUNNING counts and every environment's
// desired, ready and busy vCPUs. Two feeds go to the recorder:
// - levels: each series' settled value at every instant it changes (the engine's onAdvance hook:
//   the state once every event of an instant has run), for the charts' exact min/mean/max bins;
// - samples: timeseries.csv's instants, at a fixed interval while anything else is to happen, or
//   (`changes`) the level changes themselves. The recorder keeps a sample row only when the value
//   changed (sample-and-hold), so rows grow with what happens, not with simulated time.
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
  private readonly read: (() => number)[] = [];
  private readonly ids: number[] = [];
  /** The last level reported per series (NaN: none yet). */
  private readonly levels: Float64Array;
  private everyChange = false;

  constructor(
    private readonly sim: Simulation,
    private readonly recorder: Recorder,
    private readonly queues: readonly JobQueueRuntime[],
    private readonly environments: readonly Environment[],
  ) {
    const add = (scope: 'jobQueue' | 'computeEnvironment', name: string, metric: string, read: () => number): void => {
      this.ids.push(recorder.series(scope, name, metric));
      this.read.push(read);
    };
    for (const q of queues) {
      add('jobQueue', q.name, 'RUNNABLE', () => q.runnable);
      add('jobQueue', q.name, 'STARTING', () => q.starting);
      add('jobQueue', q.name, 'RUNNING', () => q.running);
    }
    for (const ce of environments) {
      add('computeEnvironment', ce.name, 'desiredvCpus', () => ce.provisionedvCpus);
      add('computeEnvironment', ce.name, 'readyvCpus', () => ce.readyvCpus);
      add('computeEnvironment', ce.name, 'busyvCpus', () => ce.busyvCpus);
    }
    this.levels = new Float64Array(this.ids.length).fill(NaN);
  }

  /**
   * Watch every instant's settled state; and sample at 0, then every `intervalMs` while some other
   * event is pending (see MAX_SAMPLE_INSTANTS), or, with `intervalMs` null, at every change.
   */
  start(intervalMs: number | null): void {
    const { sim } = this;
    sim.onAdvance((leaving) => this.observe(leaving));
    if (intervalMs === null) {
      this.everyChange = true;
      return;
    }
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

  /**
   * The settled state of instant `at`: report each series whose value changed since the last
   * instant. It runs at every instant of a run, so it reads the counts directly, in the order the
   * constructor added the series, rather than through `read`'s closures.
   */
  private observe(at: number): void {
    let k = 0;
    for (const q of this.queues) {
      this.see(at, k++, q.runnable);
      this.see(at, k++, q.starting);
      this.see(at, k++, q.running);
    }
    for (const ce of this.environments) {
      this.see(at, k++, ce.provisionedvCpus);
      this.see(at, k++, ce.readyvCpus);
      this.see(at, k++, ce.busyvCpus);
    }
  }

  private see(at: number, k: number, v: number): void {
    if (v === this.levels[k]) return;
    this.levels[k] = v;
    this.recorder.level(at, this.ids[k], v);
    if (this.everyChange) this.recorder.sample(at, this.ids[k], v);
  }

  /** The state now, one sample per queue and environment metric (the recorder keeps changes only). */
  sample(): void {
    const t = this.sim.now;
    for (let k = 0; k < this.read.length; k++) this.recorder.sample(t, this.ids[k], this.read[k]());
  }

  /**
   * The run ended at `endAt` (the clock shows it): report the last instant's state, drop samples
   * the sampler took past the end, sample the end, and close every series there.
   */
  close(endAt: number): void {
    this.observe(endAt);
    this.recorder.truncateSamplesAfter(endAt);
    if (!this.everyChange) this.sample();
    this.recorder.closeSeries(endAt);
  }
}

// The time series: every queue's RUNNABLE/STARTING/RUNNING counts and every environment's
// desired, ready and busy vCPUs. Two feeds go to the recorder:
// - levels: each series' settled value at every instant it changes (the engine's onAdvance hook:
//   the state once every event of an instant has run), for the charts' exact min/mean/max bins;
// - samples: timeseries.csv's instants, at a fixed interval while anything else is to happen, or
//   (`changes`) the level changes themselves. The recorder keeps a sample row only when the value
//   changed (sample-and-hold), so rows grow with what happens, not with simulated time.
// A run whose time series nobody reads (summary.json only, a plan's runs) gets a sampler of no
// queues and no environments: it keeps the same ticks, because a pending tick past `until` decides
// where such a run ends (batch.ts), but registers no series and watches no instant.
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

/** Each queue's and environment's series, in the order `readInto` writes their values. */
const QUEUE_METRICS = ['RUNNABLE', 'STARTING', 'RUNNING'] as const;
const ENVIRONMENT_METRICS = ['desiredvCpus', 'readyvCpus', 'busyvCpus'] as const;

export class StateSampler {
  private readonly ids: number[] = [];
  /** The values now, by series (readInto's scratch). */
  private readonly values: Float64Array;
  /** The last level reported per series (NaN: none yet). */
  private readonly levels: Float64Array;
  private everyChange = false;

  constructor(
    private readonly sim: Simulation,
    private readonly recorder: Recorder,
    private readonly queues: readonly JobQueueRuntime[],
    private readonly environments: readonly Environment[],
  ) {
    for (const q of queues) for (const metric of QUEUE_METRICS) this.ids.push(recorder.series('jobQueue', q.name, metric));
    for (const ce of environments) for (const metric of ENVIRONMENT_METRICS) this.ids.push(recorder.series('computeEnvironment', ce.name, metric));
    this.values = new Float64Array(this.ids.length);
    this.levels = new Float64Array(this.ids.length).fill(NaN);
  }

  /**
   * Watch every instant's settled state; and sample at 0, then every `intervalMs` while some other
   * event is pending (see MAX_SAMPLE_INSTANTS), or, with `intervalMs` null, at every change.
   */
  start(intervalMs: number | null): void {
    const { sim } = this;
    // With no series (see the header) nothing is read at each of the run's instants.
    if (this.ids.length > 0) sim.onAdvance((leaving) => this.observe(leaving));
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

  /** Every series' value now, in the constructor's order: the counts read directly, at every instant of a run. */
  private readInto(out: Float64Array): void {
    let k = 0;
    for (const q of this.queues) {
      out[k++] = q.runnable;
      out[k++] = q.starting;
      out[k++] = q.running;
    }
    for (const ce of this.environments) {
      out[k++] = ce.provisionedvCpus;
      out[k++] = ce.readyvCpus;
      out[k++] = ce.busyvCpus;
    }
  }

  /** The settled state of instant `at`: report each series whose value changed since the last instant. */
  private observe(at: number): void {
    this.readInto(this.values);
    for (let k = 0; k < this.ids.length; k++) this.see(at, k, this.values[k]);
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
    this.readInto(this.values);
    for (let k = 0; k < this.ids.length; k++) this.recorder.sample(t, this.ids[k], this.values[k]);
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

// Arrival processes: each yields the instants (ms) at which a workload group submits its jobs,
// lazily, so a million arrivals never sit in memory at once.
import type { Random } from '../engine/random.js';
import type { Arrivals } from '../scenario/types.js';

/** Returns the next arrival instant, or null when the process is exhausted. */
export type ArrivalProcess = () => number | null;

export function arrivalProcess(a: Arrivals, random: Random, untilMs: number | null): ArrivalProcess {
  switch (a.kind) {
    case 'poisson': {
      // Exponential inter-arrival times with mean 1/rate: a Poisson process.
      const meanMs = 3_600_000 / a.perHour;
      const limit = minLimit(a.untilMs, untilMs);
      let t = 0;
      let n = 0;
      return () => {
        if (a.count !== null && n >= a.count) return null;
        t += -meanMs * Math.log(1 - random.next());
        const at = Math.round(t);
        if (limit !== null && at > limit) return null;
        n++;
        return at;
      };
    }
    case 'at': {
      const times = [...a.atMs].sort((x, y) => x - y);
      let i = 0;
      return () => (i < times.length ? times[i++] : null);
    }
    default:
      throw new Error(`arrival process "${a.kind}" is not simulated yet`);
  }
}

function minLimit(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

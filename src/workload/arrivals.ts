// Arrival processes: each yields the instants (ms) at which a workload group submits its jobs,
// lazily, so a million arrivals never sit in memory at once. Instants are ms after the scenario's
// startAt; schedules are evaluated on the UTC calendar from there.
import type { Random } from '../engine/random.js';
import type { Arrivals } from '../scenario/types.js';
import { nextFiring, parseSchedule, type Schedule } from './schedule.js';

/** Returns the next arrival instant, or null when the process is exhausted. */
export type ArrivalProcess = () => number | null;

/**
 * `untilMs` is the scenario's `until` (no arrival after it); `startAtMs` (epoch ms, UTC) is the
 * instant the simulation clock's 0 stands for, against which schedules are evaluated.
 */
export function arrivalProcess(a: Arrivals, random: Random, untilMs: number | null, startAtMs: number): ArrivalProcess {
  switch (a.kind) {
    case 'poisson': {
      // Exponential inter-arrival times with mean 1/rate: a Poisson process.
      const meanMs = 3_600_000 / a.perHour;
      const limit = minLimit(a.untilMs, untilMs);
      let t = 0;
      return capped(a.count, () => {
        t += -meanMs * Math.log(1 - random.next());
        const at = Math.round(t);
        return limit !== null && at > limit ? null : at;
      });
    }
    case 'at':
      return listed(a.atMs);
    case 'every': {
      // Like a rate schedule: the first arrival one period after the start.
      const limit = minLimit(a.untilMs, untilMs);
      let k = 0;
      return capped(a.count, () => {
        const at = (k + 1) * a.everyMs;
        if (limit !== null && at > limit) return null;
        k++;
        return at;
      });
    }
    case 'schedule':
      return capped(a.count, firings(a.expression, startAtMs, minLimit(a.untilMs, untilMs)));
    case 'burst': {
      // `count` arrivals at each instant: the listed ones, or each firing of the schedule.
      let instant: () => number | null;
      if (a.atMs !== null) instant = listed(a.atMs.filter((t) => untilMs === null || t <= untilMs));
      else if (a.schedule !== null) instant = firings(a.schedule, startAtMs, untilMs);
      else instant = () => null;
      let current: number | null = null;
      let left = 0;
      return () => {
        if (left === 0) {
          current = instant();
          if (current === null) return null;
          left = a.count;
        }
        left--;
        return current;
      };
    }
    default:
      // Trace records carry more than an instant (runtime, size, queue): the model replays them.
      throw new Error(`"${a.kind}" arrivals are replayed record by record, not by an arrival process`);
  }
}

/** At most `count` arrivals of `next` (no limit when null); `next` is not called once the count is reached. */
function capped(count: number | null, next: ArrivalProcess): ArrivalProcess {
  if (count === null) return next;
  let n = 0;
  return () => {
    if (n >= count) return null;
    const at = next();
    if (at !== null) n++;
    return at;
  };
}

/** The given instants in order. */
function listed(times: readonly number[]): ArrivalProcess {
  const sorted = [...times].sort((x, y) => x - y);
  let i = 0;
  return () => (i < sorted.length ? sorted[i++] : null);
}

/**
 * Firing instants of a schedule expression, in ms after startAt, up to `limitMs` inclusive. A cron
 * firing exactly at startAt counts (instant 0); a rate schedule first fires one period after it.
 */
function firings(expression: string, startAtMs: number, limitMs: number | null): () => number | null {
  const parsed = parseSchedule(expression);
  // validate() has parsed every expression already; reaching this is a bug.
  if (!parsed.ok) throw new Error(`invalid schedule expression ${JSON.stringify(expression)}: ${parsed.message}`);
  const schedule: Schedule = parsed.schedule;
  let previous = schedule.kind === 'cron' ? startAtMs - 1 : startAtMs;
  let done = false;
  return () => {
    if (done) return null;
    const firing = nextFiring(schedule, previous, startAtMs);
    if (firing === null || (limitMs !== null && firing - startAtMs > limitMs)) {
      done = true;
      return null;
    }
    previous = firing;
    return firing - startAtMs;
  };
}

function minLimit(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

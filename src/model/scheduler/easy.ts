// EASY backfilling (the `easy-backfill` queue discipline): the waiting head job gets a reservation
// at the earliest time enough vCPUs free up by running jobs' estimates; a later job may start now
// only if it ends by then or fits in the vCPUs the head will not need. The queue's environments
// count as one pool of vCPUs (memory fragmentation across instances is not considered).
import type { Environment } from '../instance.js';
import type { Attempt, Job } from '../job.js';
import type { RunningByEnd } from './runningByEnd.js';

export interface Reservation {
  /** When the head job can start at the latest (Infinity when running jobs have no estimates). */
  shadowAt: number;
  /** vCPUs free at shadowAt beyond what the head needs: backfill may use them however long it runs. */
  extravCpus: number;
}

/** A job's runtime estimate: its trace's requested time, else its timeout, else unknown. */
export function estimateOf(job: Job): number {
  return job.estimateMs ?? job.definition.attemptDurationMs ?? Infinity;
}

/**
 * The head's reservation. `running` holds the attempts on the queue's environments by expected
 * end; the vCPUs free now are those of the environments' running instances (freevCpus).
 * Attempts expected to end at the same instant free their vCPUs together: all of them count
 * towards `extravCpus`, where the walk over single attempts stopped at the first one that made
 * room for the head (a small change of EASY's outputs, issue 13 item 4).
 */
export function reservationFor(running: RunningByEnd<Attempt>, environments: readonly Environment[], head: Job, now: number): Reservation {
  let free = 0;
  for (const ce of environments) free += ce.freevCpus;
  const { at, freeAt } = running.earliestFree(free, head.vcpus, now);
  return { shadowAt: at, extravCpus: freeAt - head.vcpus };
}

/** When an attempt is expected to end: placed (STARTING) plus its job's estimate. */
export function expectedEndOf(a: Attempt): number {
  return a.startingAt + estimateOf(a.job);
}

/** Whether a later job may start now without delaying the reservation; takes from the extra vCPUs if it must. */
export function fitsBeforeReservation(job: Job, r: Reservation, now: number): boolean {
  if (now + estimateOf(job) <= r.shadowAt) return true;
  if (job.vcpus > r.extravCpus) return false;
  r.extravCpus -= job.vcpus;
  return true;
}

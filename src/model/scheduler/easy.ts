// EASY backfilling (the `easy-backfill` queue discipline): the waiting head job gets a reservation
// at the earliest time enough vCPUs free up by running jobs' estimates; a later job may start now
// only if it ends by then or fits in the vCPUs the head will not need. The queue's environments
// count as one pool of vCPUs (memory fragmentation across instances is not considered).
import type { Environment, Instance } from '../instance.js';
import type { Attempt, Job } from '../job.js';
import { InstanceState } from '../types.js';

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

/** `attemptsOn(inst)`: the attempts running on an instance (the job life cycle keeps them). */
export function reservationFor(
  instances: readonly Instance[],
  environments: readonly Environment[],
  attemptsOn: (inst: Instance) => readonly Attempt[],
  head: Job,
  now: number,
): Reservation {
  const envs = new Set(environments);
  let free = 0;
  const ends: [number, number][] = [];
  for (const inst of instances) {
    if (!envs.has(inst.ce) || inst.state !== InstanceState.RUNNING) continue;
    free += inst.freeVcpus;
    for (const a of attemptsOn(inst)) ends.push([a.startingAt + estimateOf(a.job), a.job.vcpus]);
  }
  ends.sort((x, y) => x[0] - y[0]);
  let shadowAt = now;
  for (const [at, vcpus] of ends) {
    if (free >= head.vcpus) break;
    free += vcpus;
    shadowAt = at;
  }
  if (free < head.vcpus) shadowAt = Infinity;
  return { shadowAt, extravCpus: free - head.vcpus };
}

/** Whether a later job may start now without delaying the reservation; takes from the extra vCPUs if it must. */
export function fitsBeforeReservation(job: Job, r: Reservation, now: number): boolean {
  if (now + estimateOf(job) <= r.shadowAt) return true;
  if (job.vcpus > r.extravCpus) return false;
  r.extravCpus -= job.vcpus;
  return true;
}

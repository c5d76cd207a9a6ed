// Cost attribution: each instance's bill split over the jobs that ran on it, by job queue and job
// definition, the way AWS's split cost allocation data splits an EC2 instance over its ECS tasks
// ("Understanding split cost allocation data" and "Example of split cost allocation data", AWS Data
// Exports user guide: https://docs.aws.amazon.com/cur/latest/userguide/split-cost-allocation-data.html,
// .../example-split-cost-allocation-data.html). An attempt's share of an instance is its reserved
// vCPUs and memory weighted 9:1 per vCPU and per GB (the ratio AWS derives from Fargate's per-vCPU and
// per-GB prices), times how long it held them (STARTING to its end, as the bill counts busy time):
//   weight = (9 x vCPUs + 1 x GiB) x held time.
// - busy: the instance's busy cost over its attempts that ended other than INTERRUPTED, by weight;
// - lost to interruptions: over its INTERRUPTED attempts, by weight (the job whose attempt was lost);
// - idle and EBS: over all its attempts, by the same weight (AWS splits an instance's unused
//   capacity in proportion to what each task was allocated);
// - an instance no attempt ever held (initial capacity never used), or a part with no attempt to
//   take it (a multi-node job's other nodes hold no attempt row), is `unattributed`.
// So per instance the parts sum to its bill, and byJobQueue + unattributed = total (to rounding).
import { AttemptEnd } from '../model/types.js';
import { round } from '../records/format.js';
import type { SimulationResult } from '../records/result.js';

/** Relative weights of one vCPU and one GiB of memory (AWS: 9:1). */
export const CPU_WEIGHT = 9;
export const MEMORY_WEIGHT = 1;

export interface CostAttribution {
  byJobQueue: Record<string, number>;
  byJobDefinition: Record<string, number>;
  unattributed: number;
}

/** The run's bill by job queue and job definition (names in declaration order, then first seen), rounded to 1e-6 USD. */
export function attributeCost(r: SimulationResult): CostAttribution {
  const A = r.attempts;
  const L = r.jobs;
  const strings = L.strings;
  // Attempts per instance (ordinal k + 1 is instances[k]), in the order they ended.
  const onInstance: number[][] = r.instances.map(() => []);
  for (let a = 0; a < A.count; a++) {
    const k = A.instance[a] - 1;
    if (k >= 0 && k < onInstance.length) onInstance[k].push(a);
  }
  const byQueue = new Map<string, number>(r.queues.map((q) => [q.name, 0]));
  const byDefinition = new Map<string, number>(r.scenario.jobDefinitions.map((d) => [d.jobDefinitionName, 0]));
  let unattributed = 0;
  const give = (a: number, usd: number): void => {
    const j = A.job[a];
    const q = strings[L.jobQueue[j]];
    const d = strings[L.jobDefinition[j]];
    byQueue.set(q, (byQueue.get(q) ?? 0) + usd);
    byDefinition.set(d, (byDefinition.get(d) ?? 0) + usd);
  };
  /** Split `usd` over the attempts `which` picks, by weight; what none can take is unattributed. */
  const split = (attempts: readonly number[], weights: readonly number[], usd: number, which: (a: number) => boolean): void => {
    if (usd === 0) return;
    let total = 0;
    attempts.forEach((a, i) => {
      if (which(a)) total += weights[i];
    });
    if (!(total > 0)) {
      unattributed += usd;
      return;
    }
    attempts.forEach((a, i) => {
      if (which(a) && weights[i] > 0) give(a, (usd * weights[i]) / total);
    });
  };
  const interrupted = (a: number): boolean => A.end[a] === AttemptEnd.INTERRUPTED;
  r.instances.forEach((_, k) => {
    const bill = r.bills[k];
    const attempts = onInstance[k];
    const weights = attempts.map((a) => {
      const j = A.job[a];
      const end = A.stoppedAt[a] >= 0 ? A.stoppedAt[a] : r.endAt;
      const held = Math.max(0, end - A.startingAt[a]);
      return (CPU_WEIGHT * L.vcpus[j] + (MEMORY_WEIGHT * L.memoryMiB[j]) / 1024) * held;
    });
    split(attempts, weights, bill.busyUsd, (a) => !interrupted(a));
    split(attempts, weights, bill.lostUsd, interrupted);
    split(attempts, weights, bill.idleUsd + bill.ebsUsd, () => true);
  });
  const rounded = (m: Map<string, number>): Record<string, number> => Object.fromEntries([...m].map(([k, v]) => [k, round(v)]));
  return { byJobQueue: rounded(byQueue), byJobDefinition: rounded(byDefinition), unattributed: round(unattributed) };
}

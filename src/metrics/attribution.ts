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

/** split's choice of attempts: all of them, those that kept their work, those interrupted. */
const ALL = 0;
const KEPT = 1;
const LOST = 2;

/** The run's bill by job queue and job definition (names in declaration order, then first seen), rounded to 1e-6 USD. */
export function attributeCost(r: SimulationResult): CostAttribution {
  const A = r.attempts;
  const L = r.jobs;
  const strings = L.strings;
  // Attempts per instance (ordinal k + 1 is instances[k]), in the order they ended: a counting
  // sort into one array, instance k's attempts at byInstance[first[k]..first[k + 1]).
  const instances = r.instances.length;
  const first = new Int32Array(instances + 1);
  for (let a = 0; a < A.count; a++) {
    const k = A.instance[a] - 1;
    if (k >= 0 && k < instances) first[k + 1]++;
  }
  for (let k = 0; k < instances; k++) first[k + 1] += first[k];
  const byInstance = new Int32Array(first[instances]);
  const next = first.slice(0, instances);
  for (let a = 0; a < A.count; a++) {
    const k = A.instance[a] - 1;
    if (k >= 0 && k < instances) byInstance[next[k]++] = a;
  }
  // Sums per interned string id (queue and definition names are the jobs table's strings), each
  // added to in the same order as a map by name would be, so the figures are the same to the bit;
  // the names first seen after the declared ones follow them in the order first given.
  const byQueueId = new Float64Array(strings.length);
  const byDefinitionId = new Float64Array(strings.length);
  const queueSeen = new Uint8Array(strings.length);
  const definitionSeen = new Uint8Array(strings.length);
  const queueOrder: number[] = [];
  const definitionOrder: number[] = [];
  let unattributed = 0;
  let weights = new Float64Array(0);
  const picks = (a: number, which: number): boolean => which === ALL || (A.end[a] === AttemptEnd.INTERRUPTED) === (which === LOST);
  /** Split `usd` over instance k's attempts that `which` picks (ALL, KEPT or LOST), by weight; what none can take is unattributed. */
  const split = (from: number, to: number, usd: number, which: number): void => {
    if (usd === 0) return;
    let total = 0;
    for (let i = from; i < to; i++) if (picks(byInstance[i], which)) total += weights[i - from];
    if (!(total > 0)) {
      unattributed += usd;
      return;
    }
    for (let i = from; i < to; i++) {
      const a = byInstance[i];
      const w = weights[i - from];
      if (!(w > 0) || !picks(a, which)) continue;
      const j = A.job[a];
      const q = L.jobQueue[j];
      const d = L.jobDefinition[j];
      if (queueSeen[q] === 0) {
        queueSeen[q] = 1;
        queueOrder.push(q);
      }
      if (definitionSeen[d] === 0) {
        definitionSeen[d] = 1;
        definitionOrder.push(d);
      }
      const share = (usd * w) / total;
      byQueueId[q] += share;
      byDefinitionId[d] += share;
    }
  };
  for (let k = 0; k < instances; k++) {
    const bill = r.bills[k];
    const from = first[k];
    const to = first[k + 1];
    if (weights.length < to - from) weights = new Float64Array(to - from);
    for (let i = from; i < to; i++) {
      const a = byInstance[i];
      const j = A.job[a];
      const end = A.stoppedAt[a] >= 0 ? A.stoppedAt[a] : r.endAt;
      const held = Math.max(0, end - A.startingAt[a]);
      weights[i - from] = (CPU_WEIGHT * L.vcpus[j] + (MEMORY_WEIGHT * L.memoryMiB[j]) / 1024) * held;
    }
    split(from, to, bill.busyUsd, KEPT);
    split(from, to, bill.lostUsd, LOST);
    split(from, to, bill.idleUsd + bill.ebsUsd, ALL);
  }
  const byQueue = new Map<string, number>(r.queues.map((q) => [q.name, 0]));
  for (const q of queueOrder) byQueue.set(strings[q], (byQueue.get(strings[q]) ?? 0) + byQueueId[q]);
  const byDefinition = new Map<string, number>(r.scenario.jobDefinitions.map((d) => [d.jobDefinitionName, 0]));
  for (const d of definitionOrder) byDefinition.set(strings[d], (byDefinition.get(strings[d]) ?? 0) + byDefinitionId[d]);
  const rounded = (m: Map<string, number>): Record<string, number> => Object.fromEntries([...m].map(([k, v]) => [k, round(v)]));
  return { byJobQueue: rounded(byQueue), byJobDefinition: rounded(byDefinition), unattributed: round(unattributed) };
}

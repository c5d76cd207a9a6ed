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

type Jobs = SimulationResult['jobs'];
type Attempts = SimulationResult['attempts'];

/** The weight sums kept per instance and name, in the order the bill's parts are split: over the attempts that kept their work, those interrupted, all of them. */
const KEPT = 0;
const LOST = 1;
const ALL = 2;

/** The run's bill by job queue and job definition (names in declaration order, then first seen), rounded to 1e-6 USD. */
export function attributeCost(r: SimulationResult): CostAttribution {
  const strings = r.jobs.strings;
  const split = new Split(r);
  const instances = r.instances.length;
  for (let k = 0; k < instances; k++) {
    const bill = r.bills[k];
    split.weigh(split.first[k], split.first[k + 1], r.endAt);
    split.split(bill.busyUsd, bill.lostUsd, bill.idleUsd + bill.ebsUsd);
  }
  const byQueue = new Map<string, number>(r.queues.map((q) => [q.name, 0]));
  for (const q of split.queueOrder) byQueue.set(strings[q], (byQueue.get(strings[q]) ?? 0) + split.byQueueId[q]);
  const byDefinition = new Map<string, number>(r.scenario.jobDefinitions.map((d) => [d.jobDefinitionName, 0]));
  for (const d of split.definitionOrder) byDefinition.set(strings[d], (byDefinition.get(strings[d]) ?? 0) + split.byDefinitionId[d]);
  const rounded = (m: Map<string, number>): Record<string, number> => Object.fromEntries([...m].map(([k, v]) => [k, round(v)]));
  return { byJobQueue: rounded(byQueue), byJobDefinition: rounded(byDefinition), unattributed: round(split.unattributed) };
}

/**
 * The sums attributeCost adds up. A part of an instance's bill goes to its attempts by weight, so a
 * queue's (or definition's) share of it is the part times the weight of its attempts over that of
 * all the attempts the part goes to: one pass over the instance's attempts sums the weights, per
 * name id too (KEPT, LOST, ALL), then each name met on the instance gets its shares at once.
 */
class Split {
  /** Attempts per instance (ordinal k + 1 is instances[k]), in the order they ended: instance k's at byInstance[first[k]..first[k + 1]). */
  readonly first: Int32Array;
  readonly byInstance: Int32Array;
  /** Sums per interned string id (queue and definition names are the jobs table's strings). */
  readonly byQueueId: Float64Array;
  readonly byDefinitionId: Float64Array;
  /** The names first seen after the declared ones follow them in the order first given. */
  readonly queueOrder: number[] = [];
  readonly definitionOrder: number[] = [];
  unattributed = 0;
  private readonly queueSeen: Uint8Array;
  private readonly definitionSeen: Uint8Array;
  /** The instance being split: its weight totals by KEPT, LOST, ALL, and the same three per name id at 3 x id. */
  private readonly totals = new Float64Array(3);
  /** The instance's bill by the same three: busy, lost, idle + EBS. */
  private readonly parts = new Float64Array(3);
  private readonly queueWeight: Float64Array;
  private readonly definitionWeight: Float64Array;
  /** The queue and definition ids met on the instance, each once, in the order met. */
  private readonly queuesMet: Int32Array;
  private readonly definitionsMet: Int32Array;
  private queuesMetCount = 0;
  private definitionsMetCount = 0;
  private readonly end: Attempts['end'];
  private readonly job: Attempts['job'];
  private readonly startingAt: Attempts['startingAt'];
  private readonly stoppedAt: Attempts['stoppedAt'];
  private readonly jobQueue: Jobs['jobQueue'];
  private readonly jobDefinition: Jobs['jobDefinition'];
  private readonly vcpus: Jobs['vcpus'];
  private readonly memoryMiB: Jobs['memoryMiB'];

  constructor(r: SimulationResult) {
    const A = r.attempts;
    const L = r.jobs;
    this.end = A.end;
    this.job = A.job;
    this.startingAt = A.startingAt;
    this.stoppedAt = A.stoppedAt;
    this.jobQueue = L.jobQueue;
    this.jobDefinition = L.jobDefinition;
    this.vcpus = L.vcpus;
    this.memoryMiB = L.memoryMiB;
    const n = L.strings.length;
    this.byQueueId = new Float64Array(n);
    this.byDefinitionId = new Float64Array(n);
    this.queueSeen = new Uint8Array(n);
    this.definitionSeen = new Uint8Array(n);
    this.queueWeight = new Float64Array(3 * n);
    this.definitionWeight = new Float64Array(3 * n);
    this.queuesMet = new Int32Array(n);
    this.definitionsMet = new Int32Array(n);
    // A counting sort into one array.
    const instances = r.instances.length;
    this.first = countPerInstance(A.instance, A.count, instances);
    this.byInstance = placeByInstance(A.instance, A.count, this.first);
  }

  /**
   * The weights of one instance's attempts, byInstance[from..to): (9 x vCPUs + 1 x GiB) x held time
   * (STARTING to its end, or the run's end), summed over the instance and per queue and definition,
   * each over KEPT or LOST and over ALL. An attempt of no weight takes no part.
   */
  weigh(from: number, to: number, endAt: number): void {
    const { byInstance, stoppedAt, startingAt, job, vcpus, memoryMiB, end: ended, jobQueue, jobDefinition, queueWeight, definitionWeight, queuesMet, definitionsMet, totals } = this;
    let all = 0;
    let kept = 0;
    let lost = 0;
    let queues = 0;
    let definitions = 0;
    for (let i = from; i < to; i++) {
      const a = byInstance[i];
      const j = job[a];
      const stopped = stoppedAt[a];
      const held = Math.max(0, (stopped >= 0 ? stopped : endAt) - startingAt[a]);
      const w = (CPU_WEIGHT * vcpus[j] + (MEMORY_WEIGHT * memoryMiB[j]) / 1024) * held;
      if (!(w > 0)) continue;
      const which = ended[a] === AttemptEnd.INTERRUPTED ? LOST : KEPT;
      all += w;
      if (which === LOST) lost += w;
      else kept += w;
      const q = 3 * jobQueue[j];
      if (queueWeight[q + ALL] === 0) queuesMet[queues++] = jobQueue[j];
      queueWeight[q + which] += w;
      queueWeight[q + ALL] += w;
      const d = 3 * jobDefinition[j];
      if (definitionWeight[d + ALL] === 0) definitionsMet[definitions++] = jobDefinition[j];
      definitionWeight[d + which] += w;
      definitionWeight[d + ALL] += w;
    }
    totals[KEPT] = kept;
    totals[LOST] = lost;
    totals[ALL] = all;
    this.queuesMetCount = queues;
    this.definitionsMetCount = definitions;
  }

  /**
   * Split the weighed instance's bill: its busy part over its attempts that kept their work, its
   * lost part over those interrupted, the rest (idle and EBS) over all, by weight. A part that no
   * attempt can take is unattributed. Clears the instance's sums.
   */
  split(busyUsd: number, lostUsd: number, allUsd: number): void {
    const { parts, totals } = this;
    parts[KEPT] = busyUsd;
    parts[LOST] = lostUsd;
    parts[ALL] = allUsd;
    for (let which = KEPT; which <= ALL; which++) if (parts[which] !== 0 && !(totals[which] > 0)) this.unattributed += parts[which];
    this.shareOut(this.queuesMet, this.queuesMetCount, this.queueWeight, this.byQueueId, this.queueSeen, this.queueOrder);
    this.shareOut(this.definitionsMet, this.definitionsMetCount, this.definitionWeight, this.byDefinitionId, this.definitionSeen, this.definitionOrder);
  }

  /** To each name met on the instance, its share of each of the bill's parts (by KEPT, LOST, ALL); its sums then cleared. */
  private shareOut(met: Int32Array, count: number, weight: Float64Array, sums: Float64Array, seen: Uint8Array, order: number[]): void {
    const { totals, parts } = this;
    for (let k = 0; k < count; k++) {
      const id = met[k];
      let share = 0;
      for (let which = KEPT; which <= ALL; which++) {
        const w = weight[3 * id + which];
        if (parts[which] !== 0 && totals[which] > 0 && w > 0) share += (parts[which] * w) / totals[which];
        weight[3 * id + which] = 0;
      }
      if (share === 0) continue;
      if (seen[id] === 0) {
        seen[id] = 1;
        order.push(id);
      }
      sums[id] += share;
    }
  }
}

/** first[k]..first[k + 1]: where instance k's attempts go (attempts on no instance, ordinal 0, go nowhere). */
function countPerInstance(instance: Attempts['instance'], count: number, instances: number): Int32Array {
  const first = new Int32Array(instances + 1);
  for (let a = 0; a < count; a++) {
    const k = instance[a] - 1;
    if (k >= 0 && k < instances) first[k + 1]++;
  }
  for (let k = 0; k < instances; k++) first[k + 1] += first[k];
  return first;
}

function placeByInstance(instance: Attempts['instance'], count: number, first: Int32Array): Int32Array {
  const instances = first.length - 1;
  const byInstance = new Int32Array(first[instances]);
  const next = first.slice(0, instances);
  for (let a = 0; a < count; a++) {
    const k = instance[a] - 1;
    if (k >= 0 && k < instances) byInstance[next[k]++] = a;
  }
  return byInstance;
}

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

/** split's choice of attempts: all of them, those that kept their work, those interrupted. */
const ALL = 0;
const KEPT = 1;
const LOST = 2;

/** The run's bill by job queue and job definition (names in declaration order, then first seen), rounded to 1e-6 USD. */
export function attributeCost(r: SimulationResult): CostAttribution {
  const strings = r.jobs.strings;
  const split = new Split(r);
  const instances = r.instances.length;
  for (let k = 0; k < instances; k++) {
    const bill = r.bills[k];
    const from = split.first[k];
    const to = split.first[k + 1];
    split.weigh(from, to, r.endAt);
    split.split(from, to, bill.busyUsd, KEPT);
    split.split(from, to, bill.lostUsd, LOST);
    split.split(from, to, bill.idleUsd + bill.ebsUsd, ALL);
  }
  const byQueue = new Map<string, number>(r.queues.map((q) => [q.name, 0]));
  for (const q of split.queueOrder) byQueue.set(strings[q], (byQueue.get(strings[q]) ?? 0) + split.byQueueId[q]);
  const byDefinition = new Map<string, number>(r.scenario.jobDefinitions.map((d) => [d.jobDefinitionName, 0]));
  for (const d of split.definitionOrder) byDefinition.set(strings[d], (byDefinition.get(strings[d]) ?? 0) + split.byDefinitionId[d]);
  const rounded = (m: Map<string, number>): Record<string, number> => Object.fromEntries([...m].map(([k, v]) => [k, round(v)]));
  return { byJobQueue: rounded(byQueue), byJobDefinition: rounded(byDefinition), unattributed: round(split.unattributed) };
}

/**
 * The sums attributeCost adds up, and the passes over an instance's attempts that add to them.
 * Each pass over many attempts is a method of its own, so that each is optimized on its own (as
 * loops of one function, each was compiled on stack replacement and thrown out at the next).
 */
class Split {
  /** Attempts per instance (ordinal k + 1 is instances[k]), in the order they ended: instance k's at byInstance[first[k]..first[k + 1]). */
  readonly first: Int32Array;
  readonly byInstance: Int32Array;
  /** Sums per interned string id (queue and definition names are the jobs table's strings), each added to in the same order as a map by name would be, so the figures are the same to the bit. */
  readonly byQueueId: Float64Array;
  readonly byDefinitionId: Float64Array;
  /** The names first seen after the declared ones follow them in the order first given. */
  readonly queueOrder: number[] = [];
  readonly definitionOrder: number[] = [];
  unattributed = 0;
  private readonly queueSeen: Uint8Array;
  private readonly definitionSeen: Uint8Array;
  /** The weights of the instance's attempts being split, from byInstance[from], and their totals by choice (ALL, KEPT, LOST). */
  private weights = new Float64Array(0);
  private readonly totals = new Float64Array(3);
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
    // A counting sort into one array.
    const instances = r.instances.length;
    this.first = countPerInstance(A.instance, A.count, instances);
    this.byInstance = placeByInstance(A.instance, A.count, this.first);
  }

  /**
   * Each attempt's weight on its instance: (9 x vCPUs + 1 x GiB) x held time (STARTING to its end,
   * or the run's end); and the weights' totals over the attempts ALL, KEPT and LOST pick, each
   * summed in attempt order, as a pass per choice would.
   */
  weigh(from: number, to: number, endAt: number): void {
    if (this.weights.length < to - from) this.weights = new Float64Array(to - from);
    const { byInstance, weights, stoppedAt, startingAt, job, vcpus, memoryMiB, end: ended } = this;
    let all = 0;
    let kept = 0;
    let lost = 0;
    for (let i = from; i < to; i++) {
      const a = byInstance[i];
      const j = job[a];
      const stopped = stoppedAt[a];
      const end = stopped >= 0 ? stopped : endAt;
      const held = Math.max(0, end - startingAt[a]);
      const w = (CPU_WEIGHT * vcpus[j] + (MEMORY_WEIGHT * memoryMiB[j]) / 1024) * held;
      weights[i - from] = w;
      all += w;
      if (ended[a] === AttemptEnd.INTERRUPTED) lost += w;
      else kept += w;
    }
    this.totals[ALL] = all;
    this.totals[KEPT] = kept;
    this.totals[LOST] = lost;
  }

  /** Split `usd` over the instance's attempts that `which` picks (ALL, KEPT or LOST), by weight; what none can take is unattributed. */
  split(from: number, to: number, usd: number, which: number): void {
    if (usd === 0) return;
    const total = this.totals[which];
    if (!(total > 0)) this.unattributed += usd;
    else this.share(from, to, usd, total, which);
  }

  private share(from: number, to: number, usd: number, total: number, which: number): void {
    const { byInstance, weights, end, job, jobQueue, jobDefinition, byQueueId, byDefinitionId, queueSeen, definitionSeen } = this;
    // Which attempts `which` picks: all, or those whose being INTERRUPTED is `lost`.
    const all = which === ALL;
    const lost = which === LOST;
    for (let i = from; i < to; i++) {
      const a = byInstance[i];
      const w = weights[i - from];
      if (!(w > 0) || (!all && (end[a] === AttemptEnd.INTERRUPTED) !== lost)) continue;
      const j = job[a];
      const q = jobQueue[j];
      const d = jobDefinition[j];
      if (queueSeen[q] === 0) {
        queueSeen[q] = 1;
        this.queueOrder.push(q);
      }
      if (definitionSeen[d] === 0) {
        definitionSeen[d] = 1;
        this.definitionOrder.push(d);
      }
      const share = (usd * w) / total;
      byQueueId[q] += share;
      byDefinitionId[d] += share;
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

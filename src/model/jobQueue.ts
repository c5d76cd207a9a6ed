// A job queue's RUNNABLE jobs, held FIFO per resource shape. Jobs of one shape are interchangeable
// for placement, so when the oldest job of a shape fits nowhere, none of that shape does: a
// scheduler pass costs O((shapes waiting + placements) log shapes waiting), never O(waiting jobs).
import type { JobQueue } from '../scenario/types.js';
import type { Environment } from './instance.js';
import type { Attempt, Job, JobSpec } from './job.js';
import { RunningByEnd } from './scheduler/runningByEnd.js';
import type { FairShare } from './shareUsage.js';
import { MISCONFIGURATION_MAX_RESOURCE, MISCONFIGURATION_RESOURCE_REQUIREMENT, misconfigurationArchitecture } from './statusReasons.js';
import type { JobShape } from './types.js';
import { NOT_IN_HEAP, WaitingShapes, type WaitingShape } from './waitingShapes.js';

export class ShapeQueue implements JobShape, WaitingShape {
  // The waiting jobs are items[head..tail), oldest first; the slots outside it hold undefined, so a
  // job that left is not kept alive here. The arrays keep their length when the queue empties or
  // is compacted (regrowing them after every compaction was a copy per 1,000 jobs or so).
  private readonly items: Job[] = [];
  private head = 0;
  private tail = 0;
  /** queueSeq of each job, parallel to items. */
  private readonly seqs: number[] = [];
  /** Why no environment of the queue can ever hold this shape, or null if one can. */
  neverPlaceable: string | null = null;
  /** Number of the scheduler pass in which this shape last failed to place (skip it for the rest). */
  stalledInPass = -1;
  /** This shape's place in its queue's WaitingShapes (FIFO queues; kept by that class). */
  heapSlot = NOT_IN_HEAP;
  constructor(
    readonly vcpus: number,
    readonly memoryMiB: number,
    readonly gpus: number,
    readonly arm64: boolean,
    readonly ephemeralStorageGiB: number,
    /** Fair-share queues keep one FIFO per share, priority and shape. */
    readonly share: string,
    readonly priority: number,
    readonly nodes: number,
    /** The queue's non-empty shapes by oldest job, told of every change; null for fair-share queues. */
    private readonly waiting: WaitingShapes<ShapeQueue> | null = null,
  ) {}

  /** Skip this shape for the rest of the pass: its oldest job fits nowhere now. */
  stall(pass: number): void {
    this.stalledInPass = pass;
    this.waiting?.stall(this, pass);
  }

  get size(): number {
    return this.tail - this.head;
  }

  push(job: Job, seq: number): void {
    const t = this.tail++;
    if (t === this.items.length) {
      this.items.push(job);
      this.seqs.push(seq);
    } else {
      this.items[t] = job;
      this.seqs[t] = seq;
    }
    if (this.heapSlot === NOT_IN_HEAP) this.waiting?.pushed(this);
  }

  peek(): Job {
    return this.items[this.head];
  }

  headSeq(): number {
    return this.seqs[this.head];
  }

  /** Take `job` out wherever it waits (TerminateJob of a RUNNABLE job: rare, so a scan). */
  remove(job: Job): boolean {
    const k = this.items.indexOf(job, this.head);
    if (k < 0 || k >= this.tail) return false;
    this.items.splice(k, 1);
    this.seqs.splice(k, 1);
    this.tail--;
    // The oldest job left: the shape's place among the waiting ones moves (or it leaves them).
    if (k === this.head) this.waiting?.shifted(this);
    return true;
  }

  shift(): Job {
    const job = this.items[this.head];
    // Drop the reference now: a consumed job kept here until compaction would outlive its young
    // generation and be promoted, which made garbage collection a fifth of a million-job run.
    this.items[this.head++] = undefined as unknown as Job;
    if (this.head === this.tail) {
      // Empty: start again at the front, with nothing to move.
      this.head = 0;
      this.tail = 0;
    } else if (this.head > 1024 && this.head * 2 > this.tail) {
      // Compact once the consumed prefix dominates, keeping shift amortised O(1).
      const n = this.tail - this.head;
      this.items.copyWithin(0, this.head, this.tail);
      this.seqs.copyWithin(0, this.head, this.tail);
      this.items.fill(undefined as unknown as Job, n, this.tail);
      this.head = 0;
      this.tail = n;
    }
    this.waiting?.shifted(this);
    return job;
  }
}

export class JobQueueRuntime {
  readonly name: string;
  readonly priority: number;
  readonly enabled: boolean;
  /** Every shape the queue has seen, in order of first appearance (scale-out walks them in it). */
  readonly shapes: ShapeQueue[] = [];
  /** easy-backfill: the attempts on the queue's environments by expected end (the job life cycle keeps it); else null. */
  readonly runningByEnd: RunningByEnd<Attempt> | null;
  /** FIFO disciplines: the non-empty shapes by oldest job (fair share walks `shapes` by share instead). */
  private readonly waiting: WaitingShapes<ShapeQueue> | null;
  private readonly shapeByKey = new Map<string, ShapeQueue>();
  private readonly shapeBySpec = new Map<JobSpec, ShapeQueue>();
  /** The template enqueue() saw last and its shape. */
  private lastSpec: JobSpec | null = null;
  private lastShape: ShapeQueue | undefined = undefined;
  private seq = 0;
  /** Instants at which a jobStateTimeLimitActions deadline will wake the scheduler. */
  readonly wakeUpAt = new Set<number>();
  /** When the last head job (the oldest RUNNABLE one) left the queue; the next head's time limit counts from here. */
  headLeftAt = -1;
  /** Number of the last scheduler pass that found the head job unplaceable. */
  blockedInPass = -1;
  /** Jobs of this queue RUNNABLE, STARTING and RUNNING now, kept by the queue's own methods below. */
  private runnableJobs = 0;
  private startingJobs = 0;
  private runningJobs = 0;

  constructor(
    readonly config: JobQueue,
    /** computeEnvironmentOrder, resolved and sorted. */
    readonly environments: readonly Environment[],
    readonly fairShare: FairShare | null,
  ) {
    this.name = config.jobQueueName;
    this.priority = config.priority;
    this.enabled = config.state === 'ENABLED';
    this.waiting = fairShare === null ? new WaitingShapes<ShapeQueue>() : null;
    this.runningByEnd = fairShare === null && config.discipline === 'easy-backfill' ? new RunningByEnd<Attempt>() : null;
  }

  enqueue(job: Job): void {
    // Every job of one template has the same shape: look it up by the template object, not a
    // string, and the last one first (consecutive jobs mostly share a template).
    const spec = job.template;
    let shape = spec === this.lastSpec ? this.lastShape : this.shapeBySpec.get(spec);
    if (!shape) {
      shape = this.shapeFor(job);
      this.shapeBySpec.set(spec, shape);
    }
    this.lastSpec = spec;
    this.lastShape = shape;
    shape.push(job, this.seq++);
    this.runnableJobs++;
  }

  get runnable(): number {
    return this.runnableJobs;
  }

  get starting(): number {
    return this.startingJobs;
  }

  get running(): number {
    return this.runningJobs;
  }

  /** A RUNNABLE job left the queue without running (cancelled by a state time limit). */
  withdrawn(): void {
    this.runnableJobs--;
  }

  /** A RUNNABLE job anywhere in the queue leaves it without running (TerminateJob). */
  withdraw(job: Job): void {
    const shape = this.shapeBySpec.get(job.template);
    if (shape?.remove(job)) this.runnableJobs--;
  }

  /** A RUNNABLE job was placed: it is STARTING. */
  placed(): void {
    this.runnableJobs--;
    this.startingJobs++;
  }

  /** An attempt's container started: STARTING -> RUNNING. */
  started(): void {
    this.startingJobs--;
    this.runningJobs++;
  }

  /** An attempt ended, before (`wasRunning` false) or after its container started. */
  attemptEnded(wasRunning: boolean): void {
    if (wasRunning) this.runningJobs--;
    else this.startingJobs--;
  }

  private shapeFor(job: Job): ShapeQueue {
    const storage = job.definition.ephemeralStorageGiB;
    const share = this.fairShare ? job.template.shareIdentifier : '';
    const priority = this.fairShare ? job.template.schedulingPriority : 0;
    const nodes = job.definition.nodeProperties?.numNodes ?? 1;
    const key = `${job.vcpus}/${job.memoryMiB}/${job.gpus}/${job.arm64}/${storage}/${share}/${priority}/${nodes}`;
    let shape = this.shapeByKey.get(key);
    if (!shape) {
      shape = new ShapeQueue(job.vcpus, job.memoryMiB, job.gpus, job.arm64, storage, share, priority, nodes, this.waiting);
      shape.neverPlaceable = this.whyNeverPlaceable(shape);
      this.shapeByKey.set(key, shape);
      this.shapes.push(shape);
    }
    return shape;
  }

  /** The non-empty shape, not stalled in this pass, whose oldest job is the oldest (FIFO disciplines). */
  oldestShape(pass: number): ShapeQueue | null {
    return this.waiting!.oldest(pass);
  }

  /**
   * The non-empty shapes not stalled in this pass, in no particular order; call after oldestShape
   * of the same pass (FIFO disciplines).
   */
  waitingShapes(): readonly ShapeQueue[] {
    return this.waiting!.waiting;
  }

  /**
   * AWS's blocked-queue reasons (job_stuck_in_runnable; AWS-BATCH-BEHAVIOUR.md §1.6) for a shape
   * no ENABLED-or-not environment of this queue could ever hold.
   */
  private whyNeverPlaceable(s: JobShape): string | null {
    if (this.environments.some((ce) => ce.canEverFit(s))) return null;
    if (this.environments.some((ce) => ce.exceedsMaxvCpus(s))) return MISCONFIGURATION_MAX_RESOURCE;
    if (this.environments.some((ce) => ce.wrongArchitecture?.(s) === true)) return misconfigurationArchitecture(s.arm64);
    return MISCONFIGURATION_RESOURCE_REQUIREMENT;
  }
}

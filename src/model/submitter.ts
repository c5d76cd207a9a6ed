// The client side of SubmitJob: AWS Batch throttles SubmitJob per account and Region (50
// transactions per second) and holds at most 1,000,000 jobs in SUBMITTED ("AWS Batch service
// quotas", https://docs.aws.amazon.com/batch/latest/userguide/service_limits.html). A call beyond the
// rate is refused with TooManyRequestsException and a well-behaved client retries with back-off
// (https://repost.aws/knowledge-center/aws-batch-requests-error). Modelled as one FIFO queue served
// by a token bucket [EST: AWS publishes no burst; back-off jitter is not modelled]: a submission
// waits until its calls go through, and its jobs are created (createdAt, jobs.csv's submittedAt)
// the instant the last of its calls succeeds. An array job is one call however many children it has.
import type { Simulation } from '../engine/simulation.js';
import type { ApiAssumptions } from '../scenario/types.js';
import { Rank } from './ranks.js';
import { TokenBucket } from './tokenBucket.js';

/** What one kind of submission costs and does: `item` tells submissions of one source apart (a trace record). */
export interface SubmitSource {
  /** SubmitJob calls it takes (one per job template; an array job is one). */
  calls: (item: number) => number;
  /** Jobs it puts in SUBMITTED (array children count, their parent does not). */
  jobs: (item: number) => number;
  /** Create its jobs now. */
  submit: (item: number) => void;
}

/** Jobs now in SUBMITTED, as the life cycle counts them. */
export interface SubmittedCount {
  readonly inSubmitted: number;
}

/** How submission went, in ms of simulated time; plain data for the summary. */
export interface SubmissionReport {
  /** SubmitJob calls that succeeded. */
  calls: number;
  /** Calls that had to wait (throttled, or held by the SUBMITTED cap). */
  throttledCalls: number;
  /** Over all calls: the sum and the largest of (succeeded − made). */
  waitMsTotal: number;
  maxWaitMs: number;
  /** Most calls waiting at once, after each instant's calls went through. */
  maxBacklog: number;
  /** Time with at least one call waiting. */
  throttledMs: number;
  /** The first call made, the last one that succeeded; -1 if none. */
  firstCallAt: number;
  lastSubmittedAt: number;
  /** Time the queue's head waited for room under maxSubmittedJobs. */
  heldBySubmittedLimitMs: number;
}

const INITIAL_CAPACITY = 256;

export class Submitter {
  private readonly bucket: TokenBucket | null;
  private readonly maxSubmitted: number;
  private readonly sources: SubmitSource[] = [];
  // The FIFO of submissions waiting, as a growable ring: source, item, when it was made.
  private src = new Int32Array(INITIAL_CAPACITY);
  private item = new Int32Array(INITIAL_CAPACITY);
  private madeAt = new Float64Array(INITIAL_CAPACITY);
  private head = 0;
  private size = 0;
  /** Calls of the head submission still to go through; -1 before it has started. */
  private headCallsLeft = -1;
  private backlogCalls = 0;
  private drainPending = false;
  /** Jobs of the head submission, while it waits for room under the cap (-1: not waiting). */
  private heldJobs = -1;
  private heldSince = -1;
  private busySince = -1;
  private readonly r: SubmissionReport = {
    calls: 0, throttledCalls: 0, waitMsTotal: 0, maxWaitMs: 0, maxBacklog: 0, throttledMs: 0, firstCallAt: -1, lastSubmittedAt: -1, heldBySubmittedLimitMs: 0,
  };
  private readonly drainNow = (): void => {
    this.drainPending = false;
    this.drain();
  };

  constructor(
    private readonly sim: Simulation,
    private readonly counted: SubmittedCount,
    api: ApiAssumptions,
  ) {
    this.bucket = api.submitJob === null ? null : new TokenBucket(api.submitJob.burst, api.submitJob.perSecond);
    this.maxSubmitted = api.maxSubmittedJobs;
  }

  addSource(source: SubmitSource): number {
    return this.sources.push(source) - 1;
  }

  /** A submission is made now: it goes through at once if the rate and the cap allow, else it queues. */
  offer(source: number, item = -1): void {
    const now = this.sim.now;
    if (this.r.firstCallAt < 0) this.r.firstCallAt = now;
    if (this.size === 0 && !this.drainPending && this.heldJobs < 0 && this.goesThroughNow(source, item, now)) return;
    this.push(source, item, now);
    this.backlogCalls += this.sources[source].calls(item);
    if (this.size === 1) this.busySince = now;
    if (!this.drainPending && this.heldJobs < 0) this.drain();
    if (this.backlogCalls > this.r.maxBacklog) this.r.maxBacklog = this.backlogCalls;
  }

  /** The life cycle's word that a job left SUBMITTED: wake a head held by the cap once it fits. */
  leftSubmitted(): void {
    if (this.heldJobs < 0 || this.drainPending || !this.fits(this.heldJobs)) return;
    this.heldJobs = -1;
    this.drainPending = true;
    this.sim.schedule(this.sim.now, Rank.ARRIVAL, this.drainNow);
  }

  /** The report so far, with a wait still open at `endAt` counted up to it. */
  report(endAt: number): SubmissionReport {
    const out = { ...this.r };
    if (this.busySince >= 0 && this.size > 0) out.throttledMs += endAt - this.busySince;
    if (this.heldSince >= 0) out.heldBySubmittedLimitMs += endAt - this.heldSince;
    return out;
  }

  /** Serve the FIFO's head while tokens and room allow; otherwise arrange to be woken. */
  private drain(): void {
    const { sim, r } = this;
    const now = sim.now;
    while (this.size > 0) {
      const h = this.head;
      const source = this.sources[this.src[h]];
      const item = this.item[h];
      if (this.headCallsLeft < 0) {
        // The cap is checked before the first call [EST]: AWS refuses a call that would pass it and
        // the client retries; a submission larger than the cap goes through once nothing is SUBMITTED.
        const jobs = source.jobs(item);
        if (!this.fits(jobs)) {
          this.heldJobs = jobs;
          if (this.heldSince < 0) this.heldSince = now;
          return;
        }
        if (this.heldSince >= 0) {
          r.heldBySubmittedLimitMs += now - this.heldSince;
          this.heldSince = -1;
        }
        this.headCallsLeft = source.calls(item);
      }
      while (this.headCallsLeft > 0) {
        if (this.bucket !== null && !this.bucket.take(now)) {
          this.drainPending = true;
          sim.schedule(this.bucket.nextTokenAt(now), Rank.ARRIVAL, this.drainNow);
          return;
        }
        this.headCallsLeft--;
        this.backlogCalls--;
        this.wentThrough(now - this.madeAt[h]);
      }
      this.headCallsLeft = -1;
      this.head = (h + 1) % this.src.length;
      this.size--;
      r.lastSubmittedAt = now;
      if (this.size === 0) {
        r.throttledMs += now - this.busySince;
        this.busySince = -1;
      }
      source.submit(item);
    }
  }

  /**
   * With nothing waiting ahead of it, a one-call submission the cap and the rate let through now
   * goes through at once, as drain() would serve it (no wait, no backlog left), without a trip
   * through the FIFO: the common case of every unthrottled arrival. False, changing nothing, otherwise.
   */
  private goesThroughNow(src: number, item: number, now: number): boolean {
    const source = this.sources[src];
    if (source.calls(item) !== 1 || !this.fits(source.jobs(item))) return false;
    // A failed take only refills the bucket to now, which drain's own take would do too.
    if (this.bucket !== null && !this.bucket.take(now)) return false;
    this.wentThrough(0);
    this.r.lastSubmittedAt = now;
    source.submit(item);
    return true;
  }

  /** A call went through `wait` ms after it was made: the report's count of it. */
  private wentThrough(wait: number): void {
    const r = this.r;
    r.calls++;
    r.waitMsTotal += wait;
    if (wait > 0) r.throttledCalls++;
    if (wait > r.maxWaitMs) r.maxWaitMs = wait;
  }

  /** Whether `jobs` more may enter SUBMITTED now; one submission larger than the cap fits an empty SUBMITTED. */
  private fits(jobs: number): boolean {
    const inSubmitted = this.counted.inSubmitted;
    return inSubmitted === 0 || inSubmitted + jobs <= this.maxSubmitted;
  }

  private push(source: number, item: number, at: number): void {
    if (this.size === this.src.length) this.grow();
    const tail = (this.head + this.size) % this.src.length;
    this.src[tail] = source;
    this.item[tail] = item;
    this.madeAt[tail] = at;
    this.size++;
  }

  /** Double the ring, unrolled so the head is at 0. */
  private grow(): void {
    const n = this.src.length;
    const order = (a: Int32Array | Float64Array, b: Int32Array | Float64Array): void => {
      for (let k = 0; k < n; k++) b[k] = a[(this.head + k) % n];
    };
    const src = new Int32Array(2 * n);
    const item = new Int32Array(2 * n);
    const madeAt = new Float64Array(2 * n);
    order(this.src, src);
    order(this.item, item);
    order(this.madeAt, madeAt);
    this.src = src;
    this.item = item;
    this.madeAt = madeAt;
    this.head = 0;
  }
}

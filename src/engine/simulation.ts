// The discrete-event kernel: an integer-millisecond clock and a binary heap of events ordered by
// (time, rank, seq). `rank` fixes the order of different kinds of event at one instant; `seq`
// makes equal events run in the order they were scheduled, so a run is a total order.

/**
 * A scheduled event, as cancel() takes it: its slot in the kernel's tables and that slot's
 * generation, in one number. A slot is reused once its event has run or been dropped, with the
 * next generation, so a handle kept after its event ran cancels nothing.
 */
export type EventHandle = number & { readonly __eventHandle: unique symbol };

/**
 * A model object that handles some of its events itself: scheduleFire(at, rank, this, kind, subject)
 * runs `fire(kind, subject)` at `at`. The model's per-job events (an attempt starting, an attempt
 * ending) go this way, so scheduling one allocates the event and no closure to carry its arguments.
 */
export interface FireTarget {
  fire(kind: number, subject: unknown): void;
}

/** Slots per generation step: a handle is generation × SLOTS + slot (exact in a double up to 2^53). */
const SLOTS = 2 ** 26;
/** Rank and sequence number as one heap key: rank × RANK_STEP + seq, exact while seq < 2^40. */
const RANK_STEP = 2 ** 40;

export class Simulation {
  // The events as rows of typed tables rather than objects, so scheduling one allocates nothing
  // (a million-job run schedules two million): per slot its time, its order key (rank, then
  // seq), its generation and whether it is still to run; what it runs in parallel plain arrays.
  // The heap holds slots.
  private atOf = new Float64Array(1024);
  private keyOf = new Float64Array(1024);
  private generation = new Float64Array(1024);
  private waiting = new Uint8Array(1024);
  private kindOf = new Int32Array(1024);
  private readonly actionOf: ((() => void) | null)[] = [];
  private readonly targetOf: (FireTarget | null)[] = [];
  private readonly subjectOf: unknown[] = [];
  private heap = new Int32Array(1024);
  private heapSize = 0;
  private freeSlots = new Int32Array(1024);
  private freeCount = 0;
  /** Slots ever used; the next new slot. */
  private slots = 0;
  private seq = 0;
  private stopped = false;
  private live = 0;
  /** Current simulated time, integer ms. */
  now = 0;
  eventsProcessed = 0;
  /** The end-of-instant hook (see onEndOfInstant), its rank, and whether it is armed for now. */
  private instantHook: (() => void) | null = null;
  private instantRank = 0;
  private instantArmed = false;
  /** The every-N-events callback (see everyEvents): a mask of low bits of eventsProcessed. */
  private periodic: (() => void) | null = null;
  private periodicMask = 0;
  /** Called with the instant the clock is leaving, before it moves on (see onAdvance). */
  private advanceHook: ((leaving: number) => void) | null = null;
  private closed = false;

  /** Schedule `action` at time `at` (>= now). Times are rounded to whole milliseconds. */
  schedule(at: number, rank: number, action: () => void): EventHandle {
    const slot = this.add(at, rank);
    this.actionOf[slot] = action;
    return this.handleOf(slot);
  }

  /** Schedule `target.fire(kind, subject)` at time `at` (>= now), in the same order as schedule(). */
  scheduleFire(at: number, rank: number, target: FireTarget, kind: number, subject: unknown): EventHandle {
    const slot = this.add(at, rank);
    this.targetOf[slot] = target;
    this.kindOf[slot] = kind;
    this.subjectOf[slot] = subject;
    return this.handleOf(slot);
  }

  /** Schedule after a delay from now. */
  after(delayMs: number, rank: number, action: () => void): EventHandle {
    return this.schedule(this.now + delayMs, rank, action);
  }

  /** Cancel a pending event; cancelling one that already ran or was cancelled does nothing. */
  cancel(h: EventHandle | null | undefined): void {
    if (h === null || h === undefined) return;
    const slot = h % SLOTS;
    if (this.generation[slot] === (h - slot) / SLOTS && this.waiting[slot] === 1) {
      this.waiting[slot] = 0;
      this.live--;
    }
  }

  /** When and at which rank a pending event will run; null once it ran or was cancelled. */
  scheduled(h: EventHandle): { at: number; rank: number } | null {
    const slot = h % SLOTS;
    if (this.generation[slot] !== (h - slot) / SLOTS || this.waiting[slot] === 0) return null;
    const key = this.keyOf[slot];
    return { at: this.atOf[slot], rank: Math.floor(key / RANK_STEP) };
  }

  /** Number of events scheduled and not yet run or cancelled. */
  get pending(): number {
    return this.live;
  }

  /**
   * Register the end-of-instant hook: once armed (armEndOfInstant), it runs at the same instant,
   * after the event that armed it and every live event ranked before `rank`, and before anything
   * ranked `rank` or later or the clock moving on: as an event of that rank would, but without
   * allocating one each time. It is looked at after each event (so arming it before run() waits for
   * the first event), and runs again while it re-arms itself.
   */
  onEndOfInstant(rank: number, action: () => void): void {
    this.instantRank = rank;
    this.instantHook = action;
  }

  /** Ask for the end-of-instant hook at this instant; asking again before it ran does nothing. */
  armEndOfInstant(): void {
    this.instantArmed = true;
  }

  /**
   * Call `action(leaving)` each time the clock is about to move past an instant: every event of
   * that instant (and the end-of-instant hook) has run, so the state it sees is the instant's
   * settled state, held until the next instant. Observation only: it must schedule nothing.
   */
  onAdvance(action: (leaving: number) => void): void {
    this.advanceHook = action;
  }

  /** Call `action` after every `every` events (a power of two), to report progress. */
  everyEvents(every: number, action: () => void): void {
    if (!(every > 0 && (every & (every - 1)) === 0)) throw new RangeError(`everyEvents needs a power of two, not ${every}`);
    this.periodicMask = every - 1;
    this.periodic = action;
  }

  /**
   * End the run at `atMs`: the clock shows the instant the run is closed at, which may be before
   * the last event run when that event changed nothing (an idle check, a sample). No event runs
   * after this.
   */
  close(atMs: number): void {
    this.closed = true;
    this.now = atMs;
  }

  /** Whether a live event is due before (at, rank) in the heap's order. */
  private hasEventBefore(at: number, rank: number): boolean {
    this.dropCancelled();
    if (this.heapSize === 0) return false;
    const top = this.heap[0];
    return this.atOf[top] < at || (this.atOf[top] === at && this.keyOf[top] < rank * RANK_STEP);
  }

  /** Time of the next live event, or null. */
  peekTime(): number | null {
    this.dropCancelled();
    return this.heapSize > 0 ? this.atOf[this.heap[0]] : null;
  }

  stop(): void {
    this.stopped = true;
  }

  /**
   * Run events in order until none are left, stop() is called, or the next event lies after
   * `untilMs` (then the clock is advanced to `untilMs`). Returns whether work was cut off.
   */
  run(untilMs: number | null = null): boolean {
    if (this.closed) throw new Error('run() after close()');
    this.stopped = false;
    while (!this.stopped) {
      this.dropCancelled();
      if (this.heapSize === 0) return false;
      const top = this.heap[0];
      const at = this.atOf[top];
      if (untilMs !== null && at > untilMs) {
        if (this.advanceHook !== null && untilMs > this.now) this.advanceHook(this.now);
        this.now = untilMs;
        return true;
      }
      this.popTop();
      this.live--;
      const action = this.actionOf[top];
      const target = this.targetOf[top];
      const kind = this.kindOf[top];
      const subject = this.subjectOf[top];
      // The slot is free from here: a late cancel() of this handle finds a newer generation.
      this.release(top);
      if (at !== this.now && this.advanceHook !== null) this.advanceHook(this.now);
      this.now = at;
      this.eventsProcessed++;
      if (action !== null) action();
      else target!.fire(kind, subject);
      if (this.instantArmed) this.endOfInstant();
      if (this.periodic !== null && (this.eventsProcessed & this.periodicMask) === 0) this.periodic();
    }
    return true;
  }

  private endOfInstant(): void {
    while (this.instantArmed && !this.hasEventBefore(this.now, this.instantRank)) {
      this.instantArmed = false;
      this.instantHook!();
    }
  }

  private dropCancelled(): void {
    while (this.heapSize > 0 && this.waiting[this.heap[0]] === 0) this.release(this.popTop());
  }

  /** A slot for a new event at (at, rank), in the heap. */
  private add(at: number, rank: number): number {
    const t = Math.round(at);
    if (!(t >= this.now)) throw new RangeError(`cannot schedule at ${t} before now ${this.now}`);
    let slot: number;
    if (this.freeCount > 0) slot = this.freeSlots[--this.freeCount];
    else {
      slot = this.slots++;
      if (slot >= SLOTS) throw new RangeError(`more than ${SLOTS} events pending at once`);
      if (slot >= this.atOf.length) this.growSlots();
      // Generations start at 1, so no handle is 0 (a handle is truthy, as an object was).
      this.generation[slot] = 1;
      this.actionOf.push(null);
      this.targetOf.push(null);
      this.subjectOf.push(null);
    }
    this.atOf[slot] = t;
    this.keyOf[slot] = rank * RANK_STEP + this.seq++;
    this.waiting[slot] = 1;
    this.push(slot);
    this.live++;
    return slot;
  }

  private handleOf(slot: number): EventHandle {
    return (this.generation[slot] * SLOTS + slot) as EventHandle;
  }

  /** The slot's event ran or was dropped: forget what it held and let a new event have it. */
  private release(slot: number): void {
    this.waiting[slot] = 0;
    this.generation[slot]++;
    this.actionOf[slot] = null;
    this.targetOf[slot] = null;
    this.subjectOf[slot] = null;
    if (this.freeCount === this.freeSlots.length) this.freeSlots = grown(this.freeSlots, this.freeSlots.length * 2);
    this.freeSlots[this.freeCount++] = slot;
  }

  private growSlots(): void {
    const n = this.atOf.length * 2;
    this.atOf = grown(this.atOf, n);
    this.keyOf = grown(this.keyOf, n);
    this.generation = grown(this.generation, n);
    this.waiting = grown(this.waiting, n);
    this.kindOf = grown(this.kindOf, n);
  }

  /** Whether slot a runs before slot b: by time, then rank, then scheduling order. */
  private before(a: number, b: number): boolean {
    const ta = this.atOf[a];
    const tb = this.atOf[b];
    return ta < tb || (ta === tb && this.keyOf[a] < this.keyOf[b]);
  }

  private push(slot: number): void {
    if (this.heapSize === this.heap.length) this.heap = grown(this.heap, this.heap.length * 2);
    const heap = this.heap;
    let i = this.heapSize++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent];
      if (!this.before(slot, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = slot;
  }

  private popTop(): number {
    const heap = this.heap;
    const top = heap[0];
    const n = --this.heapSize;
    if (n > 0) {
      const last = heap[n];
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && this.before(heap[r], heap[l]) ? r : l;
        if (!this.before(heap[c], last)) break;
        heap[i] = heap[c];
        i = c;
      }
      heap[i] = last;
    }
    return top;
  }
}

/** A typed array of length `n` holding `a`'s values first. */
function grown<T extends Float64Array | Int32Array | Uint8Array>(a: T, n: number): T {
  const next = new (a.constructor as new (n: number) => T)(n);
  next.set(a);
  return next;
}

// The discrete-event kernel: an integer-millisecond clock and a binary heap of events ordered by
// (time, rank, seq). `rank` fixes the order of different kinds of event at one instant; `seq`
// makes equal events run in the order they were scheduled, so a run is a total order.

export interface EventHandle {
  readonly at: number;
  readonly rank: number;
  readonly seq: number;
  /** Set by cancel(); a cancelled event is skipped when it reaches the top of the heap. */
  cancelled: boolean;
  /** What runs: `action()`, or, for an event scheduled with scheduleFire, `target.fire(kind, subject)`. */
  readonly action: (() => void) | null;
  readonly target: FireTarget | null;
  readonly kind: number;
  readonly subject: unknown;
}

/**
 * A model object that handles some of its events itself: scheduleFire(at, rank, this, kind, subject)
 * runs `fire(kind, subject)` at `at`. The model's per-job events (an attempt starting, an attempt
 * ending) go this way, so scheduling one allocates the event and no closure to carry its arguments.
 */
export interface FireTarget {
  fire(kind: number, subject: unknown): void;
}

export class Simulation {
  private heap: EventHandle[] = [];
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
    const t = Math.round(at);
    if (!(t >= this.now)) throw new RangeError(`cannot schedule at ${t} before now ${this.now}`);
    const h: EventHandle = { at: t, rank, seq: this.seq++, cancelled: false, action, target: null, kind: 0, subject: null };
    this.push(h);
    this.live++;
    return h;
  }

  /** Schedule `target.fire(kind, subject)` at time `at` (>= now), in the same order as schedule(). */
  scheduleFire(at: number, rank: number, target: FireTarget, kind: number, subject: unknown): EventHandle {
    const t = Math.round(at);
    if (!(t >= this.now)) throw new RangeError(`cannot schedule at ${t} before now ${this.now}`);
    const h: EventHandle = { at: t, rank, seq: this.seq++, cancelled: false, action: null, target, kind, subject };
    this.push(h);
    this.live++;
    return h;
  }

  /** Schedule after a delay from now. */
  after(delayMs: number, rank: number, action: () => void): EventHandle {
    return this.schedule(this.now + delayMs, rank, action);
  }

  /** Cancel a pending event; cancelling one that already ran or was cancelled does nothing. */
  cancel(h: EventHandle | null | undefined): void {
    if (h && !h.cancelled) {
      h.cancelled = true;
      this.live--;
    }
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
    if (this.heap.length === 0) return false;
    const top = this.heap[0];
    return top.at < at || (top.at === at && top.rank < rank);
  }

  /** Time of the next live event, or null. */
  peekTime(): number | null {
    this.dropCancelled();
    return this.heap.length > 0 ? this.heap[0].at : null;
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
    const heap = this.heap;
    while (!this.stopped) {
      this.dropCancelled();
      if (heap.length === 0) return false;
      const top = heap[0];
      if (untilMs !== null && top.at > untilMs) {
        if (this.advanceHook !== null && untilMs > this.now) this.advanceHook(this.now);
        this.now = untilMs;
        return true;
      }
      this.popTop();
      this.live--;
      // Mark run so a late cancel() of this handle does not decrement `live` twice.
      top.cancelled = true;
      if (top.at !== this.now && this.advanceHook !== null) this.advanceHook(this.now);
      this.now = top.at;
      this.eventsProcessed++;
      if (top.action !== null) top.action();
      else top.target!.fire(top.kind, top.subject);
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
    const heap = this.heap;
    while (heap.length > 0 && heap[0].cancelled) this.popTop();
  }

  private push(h: EventHandle): void {
    const heap = this.heap;
    let i = heap.length;
    heap.push(h);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent];
      if (!before(h, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = h;
  }

  private popTop(): EventHandle {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop()!;
    const n = heap.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && before(heap[r], heap[l]) ? r : l;
        if (!before(heap[c], last)) break;
        heap[i] = heap[c];
        i = c;
      }
      heap[i] = last;
    }
    return top;
  }
}

function before(a: EventHandle, b: EventHandle): boolean {
  if (a.at !== b.at) return a.at < b.at;
  if (a.rank !== b.rank) return a.rank < b.rank;
  return a.seq < b.seq;
}

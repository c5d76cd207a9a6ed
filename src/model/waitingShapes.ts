// A FIFO queue's non-empty job shapes that a scheduler pass has not yet stalled, as a binary
// min-heap on the queue position of each shape's oldest job. Picking the next shape of a pass is
// O(1) and each step that places, stalls or empties a shape is O(log shapes waiting), where
// scanning every shape the queue ever saw cost O(shapes) per step (HPC2N has hundreds).

/** What the heap needs of a shape: its oldest job's queue position, and a slot it keeps for the heap. */
export interface WaitingShape {
  readonly size: number;
  headSeq(): number;
  /** Index in the heap, or one of the NOT_IN_HEAP / STALLED markers. Owned by WaitingShapes. */
  heapSlot: number;
}

/** A shape that is empty (and not stalled). */
export const NOT_IN_HEAP = -1;
/** A shape set aside for the rest of a pass; it goes back into the heap when the next pass starts. */
const STALLED = -2;

export class WaitingShapes<S extends WaitingShape> {
  private readonly heap: S[] = [];
  private readonly stalled: S[] = [];
  /** The pass the stalled shapes were set aside in. */
  private pass = -1;

  /** How many shapes the heap holds now (stalled ones not counted). */
  get count(): number {
    return this.heap.length;
  }

  /** The shapes in the heap, in heap order (not sorted). */
  get waiting(): readonly S[] {
    return this.heap;
  }

  /** The shape whose oldest job is the oldest, among those not stalled in `pass`; null if none. */
  oldest(pass: number): S | null {
    if (pass !== this.pass) this.restore(pass);
    return this.heap.length > 0 ? this.heap[0] : null;
  }

  /** A job joined `s`. Only a shape that was empty changes the heap: its head is the newest job. */
  pushed(s: S): void {
    if (s.heapSlot === NOT_IN_HEAP && s.size > 0) this.insert(s);
  }

  /** `s` lost its oldest job: its next job is younger (or it is empty now). */
  shifted(s: S): void {
    const k = s.heapSlot;
    if (k < 0) return;
    if (s.size === 0) this.removeAt(k);
    else this.siftDown(k);
  }

  /** Set `s` aside for the rest of `pass`. */
  stall(s: S, pass: number): void {
    if (pass !== this.pass) this.restore(pass);
    if (s.heapSlot === STALLED) return;
    if (s.heapSlot >= 0) this.removeAt(s.heapSlot);
    s.heapSlot = STALLED;
    this.stalled.push(s);
  }

  /** A new pass: the shapes stalled in the last one that still hold jobs go back into the heap. */
  private restore(pass: number): void {
    this.pass = pass;
    // Popped one by one: setting `length` is a call into the runtime, and this runs every pass.
    const stalled = this.stalled;
    while (stalled.length > 0) {
      const s = stalled.pop()!;
      s.heapSlot = NOT_IN_HEAP;
      if (s.size > 0) this.insert(s);
    }
  }

  private insert(s: S): void {
    const k = this.heap.length;
    this.heap.push(s);
    s.heapSlot = k;
    this.siftUp(k);
  }

  private removeAt(k: number): void {
    const heap = this.heap;
    const gone = heap[k];
    gone.heapSlot = NOT_IN_HEAP;
    const last = heap.pop()!;
    if (k === heap.length) return;
    heap[k] = last;
    last.heapSlot = k;
    // The moved shape may belong above or below its new slot.
    if (k > 0 && last.headSeq() < heap[(k - 1) >> 1].headSeq()) this.siftUp(k);
    else this.siftDown(k);
  }

  private siftUp(k: number): void {
    const heap = this.heap;
    const s = heap[k];
    const key = s.headSeq();
    while (k > 0) {
      const parent = (k - 1) >> 1;
      const p = heap[parent];
      if (p.headSeq() <= key) break;
      heap[k] = p;
      p.heapSlot = k;
      k = parent;
    }
    heap[k] = s;
    s.heapSlot = k;
  }

  private siftDown(k: number): void {
    const heap = this.heap;
    const n = heap.length;
    const s = heap[k];
    const key = s.headSeq();
    for (;;) {
      let child = 2 * k + 1;
      if (child >= n) break;
      let childKey = heap[child].headSeq();
      const right = child + 1;
      if (right < n) {
        const rightKey = heap[right].headSeq();
        if (rightKey < childKey) {
          child = right;
          childKey = rightKey;
        }
      }
      if (key <= childKey) break;
      const c = heap[child];
      heap[k] = c;
      c.heapSlot = k;
      k = child;
    }
    heap[k] = s;
    s.heapSlot = k;
  }
}

// The attempts placed on an EASY queue's compute environments, sorted by expected end, kept as
// attempts are placed and end, so that a reservation walks the few earliest ends instead of
// gathering and sorting every running attempt at each call (143,614 calls replaying HPC2N).

/**
 * Items with an expected end and a vCPU count, in ascending order of end (items with equal ends in
 * no particular order: a reservation frees all of an instant's vCPUs together). Parallel arrays,
 * kept sorted by binary-search insertion; insert and remove move the entries on the shorter side
 * of the place (the entries live in [lo, lo + n) of the buffers, with room on both sides), which
 * is cheap for the hundreds to few thousands of attempts one pool runs at once. HPC2N keeps 48
 * running on average; attempts mostly end among the earliest expected ends, so a remove moves
 * about 8 entries instead of the 40 behind it. The sorted arrays are typed: ends, vCPUs and each
 * item's slot number, the items staying put in their slots, so a move writes no object references
 * (three Array#splice calls per insert and per remove cost several times more).
 */
export class RunningByEnd<T> {
  private ends = new Float64Array(16);
  private vcpus = new Float64Array(16);
  private slotOf = new Int32Array(16);
  /** Items by slot; a free slot holds undefined and is on `freeSlots`. */
  private readonly slots: (T | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  /** The entries are at [lo, lo + n). */
  private lo = 8;
  private n = 0;

  get size(): number {
    return this.n;
  }

  add(item: T, endAt: number, vcpus: number): void {
    // After every entry ending at or before endAt: equal ends keep insertion order (not needed, but stable).
    let k = this.bound(endAt, true);
    // Move the entries before k to the left, or those from k to the right: the fewer. With no room
    // on that side, lay the entries out again in the middle (rare: then both sides have a quarter
    // of the room or more).
    const left = k - this.lo < this.lo + this.n - k;
    if (left ? this.lo === 0 : this.lo + this.n === this.ends.length) k += this.relayout();
    const { ends, vcpus: counts, slotOf } = this;
    const lo = this.lo;
    if (left) {
      for (let j = lo; j < k; j++) {
        ends[j - 1] = ends[j];
        counts[j - 1] = counts[j];
        slotOf[j - 1] = slotOf[j];
      }
      this.lo = lo - 1;
      k--;
    } else {
      for (let j = lo + this.n; j > k; j--) {
        ends[j] = ends[j - 1];
        counts[j] = counts[j - 1];
        slotOf[j] = slotOf[j - 1];
      }
    }
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      slot = this.slots.length;
      this.slots.push(item);
    } else this.slots[slot] = item;
    this.ends[k] = endAt;
    this.vcpus[k] = vcpus;
    this.slotOf[k] = slot;
    this.n++;
  }

  /** Remove `item`, added with this `endAt`; a no-op if it is not there. */
  remove(item: T, endAt: number): void {
    const { ends, vcpus: counts, slotOf, slots } = this;
    const lo = this.lo;
    const hi = lo + this.n;
    for (let k = this.bound(endAt); k < hi && ends[k] === endAt; k++) {
      const slot = slotOf[k];
      if (slots[slot] !== item) continue;
      slots[slot] = undefined;
      this.freeSlots.push(slot);
      if (k - lo < hi - 1 - k) {
        // Move the entries before k one to the right.
        for (let j = k; j > lo; j--) {
          ends[j] = ends[j - 1];
          counts[j] = counts[j - 1];
          slotOf[j] = slotOf[j - 1];
        }
        this.lo = lo + 1;
      } else {
        // Move the entries after k one to the left.
        for (let j = k + 1; j < hi; j++) {
          ends[j - 1] = ends[j];
          counts[j - 1] = counts[j];
          slotOf[j - 1] = slotOf[j];
        }
      }
      this.n--;
      return;
    }
  }

  /**
   * The earliest instant by which `free` vCPUs plus those freed by ends reach `needed`: `now` if
   * `free` already does, Infinity if all ends together do not. Attempts ending at the same instant
   * free their vCPUs together, so `freeAt` counts all of them. Allocates nothing but the result.
   */
  earliestFree(free: number, needed: number, now: number): { at: number; freeAt: number } {
    const { ends, vcpus } = this;
    const hi = this.lo + this.n;
    let at = now;
    let k = this.lo;
    while (free < needed && k < hi) {
      at = ends[k];
      // Infinity === Infinity: attempts with no estimate are one group too.
      do free += vcpus[k++];
      while (k < hi && ends[k] === at);
    }
    return { at: free < needed ? Infinity : at, freeAt: free };
  }

  /** [end, vCPUs] of every entry, in order (for tests and inspection). */
  entries(): [number, number][] {
    const out: [number, number][] = [];
    for (let k = this.lo; k < this.lo + this.n; k++) out.push([this.ends[k], this.vcpus[k]]);
    return out;
  }

  /**
   * The entries moved to the middle of the buffers, twice as large if they are more than half
   * full; returns how far the entries moved.
   */
  private relayout(): number {
    const grow = 2 * (this.n + 1) > this.ends.length;
    const size = grow ? this.ends.length * 2 : this.ends.length;
    const lo = (size - this.n) >> 1;
    const hi = this.lo + this.n;
    if (grow) {
      const ends = new Float64Array(size);
      const vcpus = new Float64Array(size);
      const slotOf = new Int32Array(size);
      ends.set(this.ends.subarray(this.lo, hi), lo);
      vcpus.set(this.vcpus.subarray(this.lo, hi), lo);
      slotOf.set(this.slotOf.subarray(this.lo, hi), lo);
      this.ends = ends;
      this.vcpus = vcpus;
      this.slotOf = slotOf;
    } else {
      // In place (copyWithin moves overlapping ranges correctly).
      this.ends.copyWithin(lo, this.lo, hi);
      this.vcpus.copyWithin(lo, this.lo, hi);
      this.slotOf.copyWithin(lo, this.lo, hi);
    }
    const moved = lo - this.lo;
    this.lo = lo;
    return moved;
  }

  /** First index whose end is >= endAt (`after`: > endAt). */
  private bound(endAt: number, after = false): number {
    const ends = this.ends;
    let lo = this.lo;
    let hi = lo + this.n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid] < endAt || (after && ends[mid] === endAt)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

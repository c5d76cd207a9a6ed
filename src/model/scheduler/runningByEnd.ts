// The attempts placed on an EASY queue's compute environments, sorted by expected end, kept as
// attempts are placed and end, so that a reservation walks the few earliest ends instead of
// gathering and sorting every running attempt at each call (143,614 calls replaying HPC2N).

/**
 * Items with an expected end and a vCPU count, in ascending order of end (items with equal ends in
 * no particular order: a reservation frees all of an instant's vCPUs together). Parallel arrays,
 * kept sorted by binary-search insertion; insert and remove move the entries behind them, which is
 * cheap for the hundreds to few thousands of attempts one pool runs at once (HPC2N: 48 on average,
 * 23 entries moved per insert and 40 per remove). The sorted arrays are typed: ends, vCPUs and the
 * number of each item's slot, the items themselves staying put in their slots, so a move writes
 * no object references (three Array#splice calls per insert and per remove cost several times more).
 */
export class RunningByEnd<T> {
  private ends = new Float64Array(16);
  private vcpus = new Float64Array(16);
  private slotOf = new Int32Array(16);
  /** Items by slot; a free slot holds undefined and is on `freeSlots`. */
  private readonly slots: (T | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  private n = 0;

  get size(): number {
    return this.n;
  }

  add(item: T, endAt: number, vcpus: number): void {
    // After every entry ending at or before endAt: equal ends keep insertion order (not needed, but stable).
    const k = this.bound(endAt, true);
    const n = this.n;
    if (n === this.ends.length) this.grow();
    const { ends, slotOf } = this;
    const counts = this.vcpus;
    for (let j = n; j > k; j--) {
      ends[j] = ends[j - 1];
      counts[j] = counts[j - 1];
      slotOf[j] = slotOf[j - 1];
    }
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      slot = this.slots.length;
      this.slots.push(item);
    } else this.slots[slot] = item;
    ends[k] = endAt;
    counts[k] = vcpus;
    slotOf[k] = slot;
    this.n = n + 1;
  }

  /** Remove `item`, added with this `endAt`; a no-op if it is not there. */
  remove(item: T, endAt: number): void {
    const { ends, slotOf, slots } = this;
    const n = this.n;
    for (let k = this.bound(endAt); k < n && ends[k] === endAt; k++) {
      const slot = slotOf[k];
      if (slots[slot] !== item) continue;
      slots[slot] = undefined;
      this.freeSlots.push(slot);
      const counts = this.vcpus;
      for (let j = k + 1; j < n; j++) {
        ends[j - 1] = ends[j];
        counts[j - 1] = counts[j];
        slotOf[j - 1] = slotOf[j];
      }
      this.n = n - 1;
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
    const n = this.n;
    let at = now;
    let k = 0;
    while (free < needed && k < n) {
      at = ends[k];
      // Infinity === Infinity: attempts with no estimate are one group too.
      do free += vcpus[k++];
      while (k < n && ends[k] === at);
    }
    return { at: free < needed ? Infinity : at, freeAt: free };
  }

  /** [end, vCPUs] of every entry, in order (for tests and inspection). */
  entries(): [number, number][] {
    const out: [number, number][] = [];
    for (let k = 0; k < this.n; k++) out.push([this.ends[k], this.vcpus[k]]);
    return out;
  }

  /** Twice the room, the entries kept. */
  private grow(): void {
    const size = this.ends.length * 2;
    const ends = new Float64Array(size);
    const vcpus = new Float64Array(size);
    const slotOf = new Int32Array(size);
    ends.set(this.ends);
    vcpus.set(this.vcpus);
    slotOf.set(this.slotOf);
    this.ends = ends;
    this.vcpus = vcpus;
    this.slotOf = slotOf;
  }

  /** First index whose end is >= endAt (`after`: > endAt). */
  private bound(endAt: number, after = false): number {
    const ends = this.ends;
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid] < endAt || (after && ends[mid] === endAt)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

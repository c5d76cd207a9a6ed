// The attempts placed on an EASY queue's compute environments, sorted by expected end, kept as
// attempts are placed and end, so that a reservation walks the few earliest ends instead of
// gathering and sorting every running attempt at each call (143,614 calls replaying HPC2N).

/**
 * Items with an expected end and a vCPU count, in ascending order of end (items with equal ends in
 * no particular order: a reservation frees all of an instant's vCPUs together). Parallel arrays,
 * kept sorted by binary-search insertion; insert and remove move the entries behind them, which is
 * cheap for the hundreds to few thousands of attempts one pool runs at once.
 */
export class RunningByEnd<T> {
  private readonly ends: number[] = [];
  private readonly vcpus: number[] = [];
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  add(item: T, endAt: number, vcpus: number): void {
    // After every entry ending at or before endAt: equal ends keep insertion order (not needed, but stable).
    const k = this.bound(endAt, true);
    this.ends.splice(k, 0, endAt);
    this.vcpus.splice(k, 0, vcpus);
    this.items.splice(k, 0, item);
  }

  /** Remove `item`, added with this `endAt`; a no-op if it is not there. */
  remove(item: T, endAt: number): void {
    const { ends, items } = this;
    for (let k = this.bound(endAt); k < ends.length && ends[k] === endAt; k++) {
      if (items[k] !== item) continue;
      ends.splice(k, 1);
      this.vcpus.splice(k, 1);
      items.splice(k, 1);
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
    const n = ends.length;
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
    return this.ends.map((e, k) => [e, this.vcpus[k]]);
  }

  /** First index whose end is >= endAt (`after`: > endAt). */
  private bound(endAt: number, after = false): number {
    const ends = this.ends;
    let lo = 0;
    let hi = ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid] < endAt || (after && ends[mid] === endAt)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

// Fair-share scheduling for a job queue with a scheduling policy (AWS "Use fair-share scheduling";
// AWS-BATCH-BEHAVIOUR.md §1.7). The share with the lowest weighted usage gets the next job;
// within a share, higher schedulingPriority first, then FIFO. AWS has not published the usage
// formula, so this is a model [EST]: usage = weightFactor x (vCPU-seconds the share used over the
// last W seconds + the vCPUs it runs now x W), W = max(600 s, shareDecaySeconds). Counting running
// jobs forward over the window is what keeps one pass from giving a whole fleet to one share.
// computeReservation holds back (computeReservation/100)^activeShares of the queue's capacity
// from the active shares, for shares that are not active yet.
import type { SchedulingPolicy } from '../scenario/types.js';

/** vCPUs running over time for one share, as a step function with a running integral. */
class UsageHistory {
  /** Change points: time, vCPUs from then on, integral of vCPUs up to that time (vCPU-ms). */
  private times: number[] = [0];
  private rates: number[] = [0];
  private integrals: number[] = [0];
  running = 0;
  /** Last instant the share had a job in flight (for "active" with its decay window). */
  lastBusyAt = -Infinity;
  totalVcpuMs = 0;
  jobs = 0;

  change(now: number, deltaVcpus: number): void {
    const last = this.times.length - 1;
    const integral = this.integrals[last] + this.rates[last] * (now - this.times[last]);
    this.totalVcpuMs += this.rates[last] * (now - this.times[last]);
    this.running += deltaVcpus;
    if (this.times[last] === now) {
      this.rates[last] = this.running;
      this.integrals[last] = integral;
    } else {
      this.times.push(now);
      this.rates.push(this.running);
      this.integrals.push(integral);
    }
    this.lastBusyAt = now;
  }

  /** vCPU-ms used in [now - windowMs, now]. */
  usedInWindow(now: number, windowMs: number): number {
    return this.integralAt(now) - this.integralAt(Math.max(0, now - windowMs));
  }

  private integralAt(t: number): number {
    // Last change point at or before t (binary search).
    let lo = 0;
    let hi = this.times.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.times[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return this.integrals[lo] + this.rates[lo] * (t - this.times[lo]);
  }

  /** Drop change points that no window can reach any more. */
  prune(before: number): void {
    let k = 0;
    while (k + 1 < this.times.length && this.times[k + 1] <= before) k++;
    if (k > 64) {
      this.times = this.times.slice(k);
      this.rates = this.rates.slice(k);
      this.integrals = this.integrals.slice(k);
    }
  }
}

export interface ShareReport {
  jobs: number;
  weightFactor: number;
  vcpuHours: number;
  /** Fraction of the queue's vCPU-hours this share used, and the fraction its weight entitles it to. */
  usageShare: number;
  targetShare: number;
}

export class FairShare {
  readonly windowMs: number;
  private readonly usage = new Map<string, UsageHistory>();
  private readonly weights = new Map<string, number>();

  constructor(readonly policy: SchedulingPolicy) {
    this.windowMs = Math.max(600, policy.shareDecaySeconds) * 1000;
  }

  /** weightFactor for a share: an exact shareDistribution entry, else the longest matching `prefix*`, else 1. */
  weight(share: string): number {
    // Looked up each time a pass compares shares: once per share, not a walk of the distribution each time.
    let w = this.weights.get(share);
    if (w === undefined) {
      w = this.weightOf(share);
      this.weights.set(share, w);
    }
    return w;
  }

  private weightOf(share: string): number {
    let best: { len: number; w: number } | null = null;
    for (const d of this.policy.shareDistribution) {
      const id = d.shareIdentifier;
      if (id === share) return d.weightFactor;
      if (id.endsWith('*') && share.startsWith(id.slice(0, -1)) && (best === null || id.length > best.len)) best = { len: id.length, w: d.weightFactor };
    }
    return best?.w ?? 1;
  }

  private history(share: string): UsageHistory {
    let h = this.usage.get(share);
    if (!h) {
      h = new UsageHistory();
      this.usage.set(share, h);
    }
    return h;
  }

  noteSubmitted(share: string, now: number): void {
    const h = this.history(share);
    h.jobs++;
    h.lastBusyAt = Math.max(h.lastBusyAt, now);
  }

  started(share: string, vcpus: number, now: number): void {
    this.history(share).change(now, vcpus);
  }

  ended(share: string, vcpus: number, now: number): void {
    const h = this.history(share);
    h.change(now, -vcpus);
    h.prune(now - this.windowMs);
  }

  /** Weighted usage that orders shares: lower goes first. */
  weightedUsage(share: string, now: number): number {
    const h = this.history(share);
    return this.weight(share) * (h.usedInWindow(now, this.windowMs) + h.running * this.windowMs);
  }

  /** Shares with work in flight, or within the decay window since they last had some. */
  activeShares(now: number, hasWaiting: (share: string) => boolean): number {
    let n = 0;
    for (const [share, h] of this.usage) if (h.running > 0 || hasWaiting(share) || now - h.lastBusyAt <= this.windowMs) n++;
    return n;
  }

  /** vCPUs held back from active shares for shares not yet active. */
  reservedvCpus(capacityvCpus: number, activeShares: number): number {
    const cr = this.policy.computeReservation;
    if (cr <= 0 || !Number.isFinite(capacityvCpus)) return 0;
    return capacityvCpus * (cr / 100) ** Math.max(1, activeShares);
  }

  report(now: number): Record<string, ShareReport> {
    const shares = [...this.usage.keys()].sort();
    const used = new Map<string, number>();
    let total = 0;
    for (const s of shares) {
      const h = this.usage.get(s)!;
      h.change(now, 0);
      used.set(s, h.totalVcpuMs);
      total += h.totalVcpuMs;
    }
    // A weight w is entitled to 1/w of the capacity relative to the others (lower weight, more).
    const inverse = shares.reduce((a, s) => a + 1 / this.weight(s), 0);
    const out: Record<string, ShareReport> = {};
    for (const s of shares) {
      out[s] = {
        jobs: this.usage.get(s)!.jobs,
        weightFactor: this.weight(s),
        vcpuHours: Math.round((used.get(s)! / 3_600_000) * 1e4) / 1e4,
        usageShare: total > 0 ? Math.round((used.get(s)! / total) * 1e6) / 1e6 : 0,
        targetShare: Math.round((1 / this.weight(s) / inverse) * 1e6) / 1e6,
      };
    }
    return out;
  }
}

// Whether EC2 has capacity for a launch: `assumptions.capacity` rules per (instance type, purchase
// option), as scripted outage windows and an [EST] per-launch failure chance (an insufficient
// capacity error, ICE). A failed launch asks for a scheduler pass when the type may be back (the
// window's end, or `retryAfter` later), so waiting jobs try again without any polling of their own.
import type { Random } from '../../engine/random.js';
import type { Simulation } from '../../engine/simulation.js';
import type { CapacityRule } from '../../scenario/types.js';
import { Rank } from '../ranks.js';
import type { PurchaseOption } from '../types.js';

/** Launches that failed for insufficient capacity, at the end of the run. */
export interface CapacitySnapshot {
  failedLaunches: number;
  /** "instanceType/PURCHASE_OPTION" -> failed launches, sorted by key. */
  byInstanceType: Record<string, number>;
}

/** One type's rules merged: every window, and the chance that at least one rule fails a launch. */
interface TypeRule {
  windows: { fromMs: number; toMs: number }[];
  failureProbability: number;
  retryAfterMs: number;
}

/** The scenario's capacity rules, shared by the environments; counts failed launches per type. */
export class CapacityAvailability {
  private readonly rules = new Map<string, TypeRule>();
  private readonly failed = new Map<string, number>();

  constructor(
    rules: readonly CapacityRule[],
    readonly sim: Simulation,
    readonly requestPass: () => number,
    /** The draws of one environment's launches of one type (stream capacity/<environment>/<type>). */
    readonly random: (environment: string, instanceType: string) => Random,
  ) {
    for (const r of rules) {
      const key = `${r.instanceType}/${r.purchaseOption}`;
      const t = this.rules.get(key) ?? { windows: [], failureProbability: 0, retryAfterMs: r.retryAfterMs };
      t.windows.push(...r.unavailable);
      t.failureProbability = 1 - (1 - t.failureProbability) * (1 - r.launchFailureProbability);
      t.retryAfterMs = Math.min(t.retryAfterMs, r.retryAfterMs);
      this.rules.set(key, t);
    }
  }

  get any(): boolean {
    return this.rules.size > 0;
  }

  /** An environment's view, or null when no rule names its purchase option. */
  forEnvironment(environment: string, purchaseOption: PurchaseOption): EnvironmentCapacity | null {
    const option = purchaseOption === 'on-demand' ? 'ON_DEMAND' : purchaseOption === 'spot' ? 'SPOT' : null;
    if (option === null) return null;
    const rules = new Map<string, TypeRule>();
    for (const [key, rule] of this.rules) if (key.endsWith(`/${option}`)) rules.set(key.slice(0, -option.length - 1), rule);
    return rules.size === 0 ? null : new EnvironmentCapacity(this, environment, option, rules);
  }

  countFailure(key: string): void {
    this.failed.set(key, (this.failed.get(key) ?? 0) + 1);
  }

  snapshot(): CapacitySnapshot {
    const byInstanceType: Record<string, number> = {};
    let total = 0;
    for (const key of [...this.failed.keys()].sort()) {
      byInstanceType[key] = this.failed.get(key)!;
      total += byInstanceType[key];
    }
    return { failedLaunches: total, byInstanceType };
  }
}

/** One environment's launches against the rules of its purchase option. */
export class EnvironmentCapacity {
  private readonly randoms = new Map<string, Random>();
  /** The instant a type last failed: the rest of that instant sees it unavailable, with no new draw. */
  private readonly failedAt = new Map<string, number>();
  /** Instants a wake-up pass is already booked for. */
  private readonly wakeUps = new Set<number>();

  constructor(
    private readonly shared: CapacityAvailability,
    private readonly environment: string,
    private readonly option: 'ON_DEMAND' | 'SPOT',
    private readonly rules: ReadonlyMap<string, TypeRule>,
  ) {}

  /**
   * Whether a launch of `instanceType` now gets capacity. A failure is counted once per type and
   * instant, and books a pass for when the type may be back.
   */
  launch(instanceType: string): boolean {
    const rule = this.rules.get(instanceType);
    if (rule === undefined) return true;
    const now = this.shared.sim.now;
    if (this.failedAt.get(instanceType) === now) return false;
    const window = rule.windows.find((w) => w.fromMs <= now && now < w.toMs);
    let backAt: number | null;
    if (window !== undefined) backAt = window.toMs;
    else if (rule.failureProbability > 0 && this.draws(instanceType).next() < rule.failureProbability) {
      // A certain failure never ends: no retry is booked, or the clock would never stop.
      backAt = rule.failureProbability >= 1 ? null : now + rule.retryAfterMs;
    } else return true;
    this.failedAt.set(instanceType, now);
    this.shared.countFailure(`${instanceType}/${this.option}`);
    if (backAt !== null) this.wakeUpAt(backAt);
    return false;
  }

  private draws(instanceType: string): Random {
    let r = this.randoms.get(instanceType);
    if (!r) {
      r = this.shared.random(this.environment, instanceType);
      this.randoms.set(instanceType, r);
    }
    return r;
  }

  private wakeUpAt(at: number): void {
    if (this.wakeUps.has(at)) return;
    this.wakeUps.add(at);
    this.shared.sim.schedule(at, Rank.WAKE_UP, () => {
      this.wakeUps.delete(at);
      this.shared.requestPass();
    });
  }
}

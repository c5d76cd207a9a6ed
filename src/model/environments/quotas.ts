// The account's vCPU service quotas while the simulation runs: one counter per quota class, shared
// by every environment of the scenario (quotas are per account and Region), kept on launch and
// termination so a launch decision never scans instances. A quota also remembers for how long it
// bound: from a scheduler pass in which it refused a launch to the first pass in which it refused none.
import { quotaClass, quotaClassFor, type QuotaClass, type QuotaClassKey } from '../quotaClasses.js';
import { quotaReached } from '../statusReasons.js';

/** A quota's figures at the end of the run. */
export interface QuotaSnapshot {
  quota: string;
  code: string | null;
  limitVcpus: number;
  peakVcpus: number;
  /** Launches (EC2 instances, Fargate tasks) the quota refused: one per environment and scheduler pass. */
  refusedLaunches: number;
  /** Time from a pass in which the quota refused a launch to the next pass in which it refused none, summed. */
  boundSeconds: number;
}

export class QuotaCounter {
  usedVcpus = 0;
  peakVcpus = 0;
  refusedLaunches = 0;
  /** When the current bound interval began (-1: not bound). */
  private boundSince = -1;
  private boundMs = 0;
  /** The environments (their LaunchLimits) refused in this pass: each counts once, however many types or jobs it tried. */
  private readonly refusedInPass = new Set<object>();
  /** The statusReason a job waiting on this quota shows. */
  readonly reason: string;

  constructor(
    readonly cls: QuotaClass,
    readonly limitVcpus: number,
  ) {
    this.reason = quotaReached(cls.name, limitVcpus);
  }

  /** Whether `vcpus` more fit under the quota. */
  allows(vcpus: number): boolean {
    return this.usedVcpus + vcpus <= this.limitVcpus;
  }

  /**
   * `environment` was refused a launch now. Counted once per environment and pass: a
   * BEST_FIT_PROGRESSIVE environment asks for each type it would try in turn (18 types, 18 asks),
   * a Fargate one for each job, but it is one launch the quota held back.
   */
  refuse(now: number, environment: object): void {
    if (!this.refusedInPass.has(environment)) {
      this.refusedInPass.add(environment);
      this.refusedLaunches++;
    }
    if (this.boundSince < 0) this.boundSince = now;
  }

  /** A scheduler pass ended: a pass that refused nothing ends the bound interval. */
  endPass(now: number): void {
    if (this.refusedInPass.size === 0 && this.boundSince >= 0) {
      this.boundMs += now - this.boundSince;
      this.boundSince = -1;
    }
    this.refusedInPass.clear();
  }

  acquire(vcpus: number): void {
    this.usedVcpus += vcpus;
    if (this.usedVcpus > this.peakVcpus) this.peakVcpus = this.usedVcpus;
  }

  release(vcpus: number): void {
    this.usedVcpus -= vcpus;
  }

  snapshot(endAt: number): QuotaSnapshot {
    const bound = this.boundMs + (this.boundSince >= 0 ? endAt - this.boundSince : 0);
    return {
      quota: this.cls.name,
      code: this.cls.code,
      limitVcpus: this.limitVcpus,
      peakVcpus: this.peakVcpus,
      refusedLaunches: this.refusedLaunches,
      boundSeconds: bound / 1000,
    };
  }
}

/** Every quota the scenario sets, and which one an instance type counts against. */
export class AccountQuotas {
  private readonly counters = new Map<QuotaClassKey, QuotaCounter>();
  /** (purchase option, instance type) -> counter, looked up once per pair. */
  private readonly byType = new Map<string, QuotaCounter | null>();

  constructor(limits: Readonly<Record<string, number>>) {
    for (const [key, limit] of Object.entries(limits)) {
      const cls = quotaClass(key as QuotaClassKey);
      this.counters.set(cls.key, new QuotaCounter(cls, limit));
    }
  }

  get any(): boolean {
    return this.counters.size > 0;
  }

  /** The counter an instance (or task) of this type and purchase option draws on; null: no quota set. */
  counterFor(purchaseOption: string, instanceType: string): QuotaCounter | null {
    const k = `${purchaseOption}/${instanceType}`;
    let c = this.byType.get(k);
    if (c === undefined) {
      const cls = quotaClassFor(purchaseOption, instanceType);
      c = cls === null ? null : (this.counters.get(cls) ?? null);
      this.byType.set(k, c);
    }
    return c;
  }

  /** Called at the end of every scheduler pass (O(quotas set), at most eight). */
  endPass(now: number): void {
    for (const c of this.counters.values()) c.endPass(now);
  }

  /** In the order of the scenario's sorted quota keys. */
  snapshot(endAt: number): QuotaSnapshot[] {
    return [...this.counters.values()].map((c) => c.snapshot(endAt));
  }
}

// Fargate's task launch rate: one token bucket per account and Region for On-Demand tasks and one
// for Spot tasks, shared by every FARGATE (or FARGATE_SPOT) compute environment of the scenario.
// AWS: "AWS Fargate throttling quotas", https://docs.aws.amazon.com/AmazonECS/latest/userguide/throttling.html
// ("a token bucket algorithm for each AWS account on a per-Region basis"; On Demand and Spot tasks
// each a burst of 100 and 20 per second sustained).
import type { Simulation } from '../../engine/simulation.js';
import { Rank } from '../ranks.js';
import { TokenBucket } from '../tokenBucket.js';

/** One purchase option's bucket; when it runs dry, one scheduler wake-up when the next token is due. */
export class LaunchRate {
  private readonly bucket: TokenBucket;
  private wakeUpPending = false;

  constructor(
    burst: number,
    perSecond: number,
    private readonly sim: Simulation,
    private readonly requestPass: () => void,
  ) {
    this.bucket = new TokenBucket(burst, perSecond);
  }

  /** A token for one task launch now, or false (and the scheduler looks again when one is due). */
  take(): boolean {
    const now = this.sim.now;
    if (this.bucket.take(now)) return true;
    // One wake-up serves every environment sharing the bucket: a pass looks at all of them.
    if (!this.wakeUpPending) {
      this.wakeUpPending = true;
      this.sim.schedule(this.bucket.nextTokenAt(now), Rank.WAKE_UP, () => {
        this.wakeUpPending = false;
        this.requestPass();
      });
    }
    return false;
  }
}

/** The account's two Fargate launch buckets, created lazily so a scenario without Fargate has none. */
export class FargateLaunchRates {
  private onDemand: LaunchRate | null = null;
  private spot: LaunchRate | null = null;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly sim: Simulation,
    private readonly requestPass: () => void,
  ) {}

  for(spot: boolean): LaunchRate {
    if (spot) return (this.spot ??= new LaunchRate(this.burst, this.perSecond, this.sim, this.requestPass));
    return (this.onDemand ??= new LaunchRate(this.burst, this.perSecond, this.sim, this.requestPass));
  }
}

// A token bucket (https://en.wikipedia.org/wiki/Token_bucket), the way AWS throttles its APIs: it
// holds at most `burst` tokens, refills at `perSecond`, and each call or launch takes one. Time is
// the simulation's integer milliseconds; tokens are fractional, refilled lazily when asked.

export class TokenBucket {
  private tokens: number;
  private tokensAt = 0;

  constructor(
    readonly burst: number,
    readonly perSecond: number,
  ) {
    this.tokens = burst;
  }

  /** Refill up to `now`, then take one token if a whole one is there. */
  take(now: number): boolean {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  /** The first instant (ms, > now) at which a whole token will be there, after a take at `now` failed. */
  nextTokenAt(now: number): number {
    this.refill(now);
    return now + Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.perSecond));
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.tokensAt) * this.perSecond) / 1000);
    this.tokensAt = now;
  }
}

// A token bucket (https://en.wikipedia.org/wiki/Token_bucket), the way AWS throttles its APIs: it
// holds at most `burst` tokens, refills at `perSecond`, and each call or launch takes one. Time is
// the simulation's integer milliseconds; tokens are fractional, refilled lazily when asked.

export class TokenBucket {
  /**
   * Tokens x 1000: a millisecond refills `perSecond` of these, so with a whole (or half, quarter …)
   * rate the sums are exact and a token is there exactly when nextTokenAt says.
   */
  private milliTokens: number;
  private tokensAt = 0;
  private readonly capacity: number;

  constructor(
    readonly burst: number,
    readonly perSecond: number,
  ) {
    this.capacity = burst * 1000;
    this.milliTokens = this.capacity;
  }

  /** Refill up to `now`, then take one token if a whole one is there. */
  take(now: number): boolean {
    this.refill(now);
    if (this.milliTokens >= 1000) {
      this.milliTokens -= 1000;
      return true;
    }
    return false;
  }

  /** The first instant (ms, > now) at which a whole token will be there, after a take at `now` failed. */
  nextTokenAt(now: number): number {
    this.refill(now);
    return now + Math.max(1, Math.ceil((1000 - this.milliTokens) / this.perSecond));
  }

  private refill(now: number): void {
    this.milliTokens = Math.min(this.capacity, this.milliTokens + (now - this.tokensAt) * this.perSecond);
    this.tokensAt = now;
  }
}

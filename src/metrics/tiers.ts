// Cumulative volume tiers, as AWS prices Lambda and Express workflow duration: each tier prices the
// usage between the previous tier's bound and its own; the last tier prices everything above it,
// even when its table gives it a bound.

export function tieredUsd<T>(amount: number, tiers: readonly T[], bound: (t: T) => number | null, rate: (t: T) => number): number {
  let usd = 0;
  let from = 0;
  for (let i = 0; i < tiers.length && from < amount; i++) {
    const upTo = bound(tiers[i]);
    const to = upTo === null || i === tiers.length - 1 ? amount : Math.min(amount, upTo);
    if (to > from) usd += (to - from) * rate(tiers[i]);
    from = Math.max(from, to);
  }
  return usd;
}

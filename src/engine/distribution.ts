// Distributions a scenario can name, as plain data, and the samplers that draw from them.
// Units are whatever the caller means (the model uses milliseconds for durations).
import type { Random } from './random.js';

export type DistributionSpec =
  | { kind: 'fixed'; value: number }
  | { kind: 'exponential'; mean: number }
  | { kind: 'uniform'; min: number; max: number }
  /** ln X ~ Normal(mu, sigma). Scenario files may give median and p95 instead; normalize converts. */
  | { kind: 'lognormal'; mu: number; sigma: number }
  /** Draws one of the samples uniformly at random (a bootstrap of observed values). */
  | { kind: 'empirical'; samples: readonly number[] };

export type Sampler = () => number;

/** z-score of the 95th percentile of the standard normal distribution. */
export const Z95 = 1.6448536269514722;

/** mu and sigma of a lognormal with the given median and 95th percentile. */
export function lognormalFromMedianP95(median: number, p95: number): { mu: number; sigma: number } {
  const mu = Math.log(median);
  return { mu, sigma: (Math.log(p95) - mu) / Z95 };
}

export function mean(spec: DistributionSpec): number {
  switch (spec.kind) {
    case 'fixed':
      return spec.value;
    case 'exponential':
      return spec.mean;
    case 'uniform':
      return (spec.min + spec.max) / 2;
    case 'lognormal':
      return Math.exp(spec.mu + (spec.sigma * spec.sigma) / 2);
    case 'empirical': {
      let sum = 0;
      for (const s of spec.samples) sum += s;
      return spec.samples.length === 0 ? 0 : sum / spec.samples.length;
    }
  }
}

/** A sampler bound to one random stream. Each call consumes a fixed number of draws per kind. */
export function sampler(spec: DistributionSpec, random: Random): Sampler {
  switch (spec.kind) {
    case 'fixed': {
      const v = spec.value;
      return () => v;
    }
    case 'exponential': {
      const m = spec.mean;
      // 1 - u lies in (0, 1], so the log is finite.
      return () => -m * Math.log(1 - random.next());
    }
    case 'uniform': {
      const { min, max } = spec;
      return () => min + (max - min) * random.next();
    }
    case 'lognormal': {
      const { mu, sigma } = spec;
      return () => Math.exp(mu + sigma * standardNormal(random));
    }
    case 'empirical': {
      const samples = spec.samples;
      const n = samples.length;
      return () => samples[Math.floor(random.next() * n)];
    }
  }
}

/** Box-Muller with both uniforms drawn every call, so a stream's position never depends on history. */
function standardNormal(random: Random): number {
  const u1 = 1 - random.next();
  const u2 = random.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

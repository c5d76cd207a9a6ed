import { describe, expect, it } from 'vitest';
import {
  lognormalFromMedianP95,
  mean,
  sampler,
  type DistributionSpec,
} from '../../src/engine/distribution.js';
import { RandomStreams, type Random } from '../../src/engine/random.js';

const N = 200_000;

function draws(spec: DistributionSpec, name: string, n = N, seed = 12345): Float64Array {
  const s = sampler(spec, new RandomStreams(seed).stream(name));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = s();
  return out;
}

function avg(xs: Float64Array): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** Empirical quantile of sorted values (nearest rank). */
function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function relErr(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

/** A Random that counts how many numbers were taken from it. */
function counting(inner: Random): Random & { count: number } {
  const c = {
    count: 0,
    next(): number {
      c.count++;
      return inner.next();
    },
  };
  return c;
}

const lognormal: DistributionSpec = { kind: 'lognormal', ...lognormalFromMedianP95(600, 1800) };

describe('distributions', () => {
  it('fixed returns its value', () => {
    const s = sampler({ kind: 'fixed', value: 42.5 }, new RandomStreams(1).stream('f'));
    for (let i = 0; i < 10; i++) expect(s()).toBe(42.5);
    expect(mean({ kind: 'fixed', value: 42.5 })).toBe(42.5);
  });

  it('exponential sample mean is within 2% of its mean', () => {
    const xs = draws({ kind: 'exponential', mean: 3000 }, 'exp');
    expect(xs.every((x) => x >= 0 && Number.isFinite(x))).toBe(true);
    expect(relErr(avg(xs), 3000)).toBeLessThan(0.02);
  });

  it('uniform stays within [min, max] and has the right mean', () => {
    const spec: DistributionSpec = { kind: 'uniform', min: 100, max: 700 };
    const xs = draws(spec, 'uni');
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of xs) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    expect(lo).toBeGreaterThanOrEqual(100);
    expect(hi).toBeLessThanOrEqual(700);
    // The whole range is used.
    expect(lo).toBeLessThan(101);
    expect(hi).toBeGreaterThan(699);
    expect(relErr(avg(xs), 400)).toBeLessThan(0.01);
  });

  it('lognormalFromMedianP95(600, 1800) has sample median and p95 within 3%', () => {
    const p = lognormalFromMedianP95(600, 1800);
    expect(p.mu).toBeCloseTo(Math.log(600), 12);
    expect(p.sigma).toBeGreaterThan(0);
    const sorted = draws(lognormal, 'logn').sort();
    expect(relErr(quantile(sorted, 0.5), 600)).toBeLessThan(0.03);
    expect(relErr(quantile(sorted, 0.95), 1800)).toBeLessThan(0.03);
    expect(sorted[0]).toBeGreaterThan(0);
  });

  it('mean() of each kind matches the sample mean', () => {
    const specs: [string, DistributionSpec, number][] = [
      ['fixed', { kind: 'fixed', value: 7 }, 1e-12],
      ['exponential', { kind: 'exponential', mean: 250 }, 0.02],
      ['uniform', { kind: 'uniform', min: -5, max: 15 }, 0.02],
      ['lognormal', lognormal, 0.02],
      ['lognormal-wide', { kind: 'lognormal', mu: 2, sigma: 0.3 }, 0.02],
      ['empirical', { kind: 'empirical', samples: [1, 2, 2, 10, 35] }, 0.02],
    ];
    for (const [name, spec, tol] of specs) {
      const m = avg(draws(spec, `mean/${name}`));
      expect(relErr(m, mean(spec)), name).toBeLessThan(tol);
    }
    expect(mean({ kind: 'lognormal', mu: 0, sigma: 0 })).toBe(1);
    expect(mean({ kind: 'empirical', samples: [] })).toBe(0);
  });

  it('empirical draws only the given samples, roughly uniformly', () => {
    const samples = [3, 8, 21, 55, 144];
    const xs = draws({ kind: 'empirical', samples }, 'emp', 100_000);
    const counts = new Map<number, number>(samples.map((s) => [s, 0]));
    const strangers: number[] = [];
    for (const x of xs) {
      const c = counts.get(x);
      if (c === undefined) strangers.push(x);
      else counts.set(x, c + 1);
    }
    expect(strangers).toEqual([]);
    for (const s of samples) expect(relErr(counts.get(s)!, 100_000 / samples.length)).toBeLessThan(0.05);

    // Repeated values are drawn in proportion to how often they occur.
    const dup = draws({ kind: 'empirical', samples: [1, 2, 2, 2] }, 'emp-dup', 100_000);
    const twos = dup.reduce((n, x) => n + (x === 2 ? 1 : 0), 0);
    expect(relErr(twos / dup.length, 0.75)).toBeLessThan(0.02);
  });

  it('each sampler call consumes a fixed number of draws', () => {
    const perCall: [DistributionSpec, number][] = [
      [{ kind: 'fixed', value: 1 }, 0],
      [{ kind: 'exponential', mean: 1 }, 1],
      [{ kind: 'uniform', min: 0, max: 1 }, 1],
      [lognormal, 2],
      [{ kind: 'empirical', samples: [1, 2, 3] }, 1],
    ];
    for (const [spec, k] of perCall) {
      const r = counting(new RandomStreams(5).stream(`count/${spec.kind}`));
      const s = sampler(spec, r);
      for (let i = 1; i <= 1000; i++) {
        s();
        expect(r.count, spec.kind).toBe(i * k);
      }
    }
  });

  it('samplers on streams with the same name give identical sequences', () => {
    for (const spec of [lognormal, { kind: 'exponential', mean: 60_000 } as DistributionSpec]) {
      const a = draws(spec, 'runtime/etl', 5000, 77);
      const b = draws(spec, 'runtime/etl', 5000, 77);
      expect(Array.from(a)).toEqual(Array.from(b));
      expect(Array.from(draws(spec, 'runtime/other', 5000, 77))).not.toEqual(Array.from(a));
    }
    // A stream's position depends only on how many values were sampled, not on their values:
    // after k lognormal draws the stream is exactly 2k numbers in.
    const streams = new RandomStreams(3);
    const s = sampler(lognormal, streams.stream('pos'));
    for (let i = 0; i < 123; i++) s();
    const ref = new RandomStreams(3).stream('pos');
    for (let i = 0; i < 246; i++) ref.next();
    expect(streams.stream('pos').next()).toBe(ref.next());
  });
});

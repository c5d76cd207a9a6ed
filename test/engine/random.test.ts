import { describe, expect, it } from 'vitest';
import { RandomStreams, type Random } from '../../src/engine/random.js';

function draw(r: Random, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(r.next());
  return out;
}

describe('RandomStreams', () => {
  it('same seed and name give the same sequence, in any instance', () => {
    const a = draw(new RandomStreams(42).stream('arrivals/etl'), 1000);
    const b = draw(new RandomStreams(42).stream('arrivals/etl'), 1000);
    expect(a).toEqual(b);
  });

  it('asking for a stream again continues it rather than restarting it', () => {
    const streams = new RandomStreams(7);
    const first = draw(streams.stream('x'), 10);
    const rest = draw(streams.stream('x'), 10);
    expect([...first, ...rest]).toEqual(draw(new RandomStreams(7).stream('x'), 20));
  });

  it('different names or different seeds give different sequences', () => {
    const streams = new RandomStreams(42);
    const names = ['arrivals/etl', 'arrivals/etl2', 'runtime/etl', 'spot/ce/m5.large', 'a', 'b', ''];
    const seqs = names.map((n) => draw(streams.stream(n), 100));
    for (let i = 0; i < seqs.length; i++) {
      for (let j = i + 1; j < seqs.length; j++) expect(seqs[i]).not.toEqual(seqs[j]);
    }
    expect(draw(new RandomStreams(43).stream('arrivals/etl'), 100)).not.toEqual(seqs[0]);
    expect(draw(new RandomStreams(0).stream('arrivals/etl'), 100)).not.toEqual(seqs[0]);
  });

  it('drawing from one stream does not change another (interleaved vs separate)', () => {
    const separate = new RandomStreams(2024);
    const bAlone = draw(separate.stream('B'), 500);

    const interleaved = new RandomStreams(2024);
    const a = interleaved.stream('A');
    const b = interleaved.stream('B');
    const bMixed: number[] = [];
    for (let i = 0; i < 500; i++) {
      for (let k = 0; k < i % 4; k++) a.next();
      bMixed.push(b.next());
      a.next();
    }
    expect(bMixed).toEqual(bAlone);

    // Creating other streams first (a scenario gaining a new part) does not shift B either.
    const more = new RandomStreams(2024);
    for (const n of ['C', 'D', 'arrivals/new']) draw(more.stream(n), 37);
    expect(draw(more.stream('B'), 500)).toEqual(bAlone);
  });

  it('values lie in [0, 1)', () => {
    const streams = new RandomStreams(1);
    for (const name of ['u1', 'u2', 'u3']) {
      const outside = draw(streams.stream(name), 20_000).filter((v) => !(v >= 0 && v < 1));
      expect(outside).toEqual([]);
    }
  });

  it('100k draws spread evenly over 10 bins (chi-square, loose bound)', () => {
    for (const [seed, name] of [
      [1, 'chi'],
      [99, 'runtime/job'],
    ] as const) {
      const r = new RandomStreams(seed).stream(name);
      const n = 100_000;
      const bins = new Array<number>(10).fill(0);
      for (let i = 0; i < n; i++) bins[Math.floor(r.next() * 10)]++;
      const expected = n / 10;
      const chi2 = bins.reduce((s, c) => s + ((c - expected) * (c - expected)) / expected, 0);
      // 9 degrees of freedom: the 99.9th percentile is about 27.9.
      expect(chi2).toBeLessThan(40);
      // A generator stuck on few values would also fail this.
      expect(new Set(draw(r, 1000)).size).toBe(1000);
    }
  });
});

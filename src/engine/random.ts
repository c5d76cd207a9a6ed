// Seeded random streams. Each named stream is independent of every other, so adding a part to a
// scenario never shifts the numbers another part sees (common random numbers across configurations).
// The alea generator alone: the package index loads seven generators (8 files) at start-up.
// Required, not imported: Node imports a CommonJS file into an ES module by first scanning its
// source for the names it exports (cjs-module-lexer, loaded and run only for that), which took
// longer than loading the file itself (start-up, issue 13).
import { createRequire } from 'node:module';
import type aleaType from 'seedrandom/lib/alea.js';

const alea = createRequire(import.meta.url)('seedrandom/lib/alea.js') as typeof aleaType;

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
}

export class RandomStreams {
  private readonly streams = new Map<string, Random>();

  constructor(readonly seed: number) {}

  /** The stream with this name; the same name always yields the same sequence for the same seed. */
  stream(name: string): Random {
    let s = this.streams.get(name);
    if (s === undefined) {
      // alea is seedrandom's fastest generator with good statistical quality; the stream name is
      // part of the seed, which is what makes streams independent.
      const prng = alea(`${this.seed}\u0000${name}`);
      s = { next: () => prng() };
      this.streams.set(name, s);
    }
    return s;
  }
}

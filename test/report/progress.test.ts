// The progress line on a terminal: a bar with the time left while simulating and while writing
// records, a line per phase, nothing when not a TTY or within the quiet time.
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/report/progress.js';

function terminal(isTTY = true) {
  const written: string[] = [];
  const stream = { isTTY, write: (s: string) => (written.push(s), true) } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

describe('progress', () => {
  it('shows the time left while simulating and a bar for writing records', () => {
    const { stream, written } = terminal();
    let t = 0;
    const p = createProgress({ enabled: true, stream, now: () => t, quietMs: 2000 });
    t = 1000;
    p.simulating(0.1);
    expect(written).toEqual([]);
    t = 4000;
    p.simulating(0.25);
    expect(written.pop()).toBe('\r\x1b[Kbatchsim: simulating [########----------------------]  25%  4.0 s  about 12 s left');
    t = 16000;
    p.phase('writing records');
    expect(written.pop()).toBe('\r\x1b[Kbatchsim: simulating took 16.0 s; writing records…');
    t = 16050;
    p.advance(0.5);
    expect(written.pop()).toBe('\r\x1b[Kbatchsim: writing records [###############---------------]  50%  0.1 s  about 1 s left');
    t = 16120;
    p.advance(0.9);
    expect(written).toEqual([]);
    t = 616000;
    p.advance(0.01);
    expect(written.pop()).toBe('\r\x1b[Kbatchsim: writing records [------------------------------]   1%  600.0 s');
    p.done();
    expect(written.pop()).toBe('\r\x1b[Kbatchsim: done in 616.0 s\n');
  });

  it('says nothing without a TTY or when not allowed (--json)', () => {
    for (const [isTTY, enabled] of [[false, true], [true, false]]) {
      const { stream, written } = terminal(isTTY);
      let t = 0;
      const p = createProgress({ enabled, stream, now: () => t });
      t = 5000;
      p.simulating(0.5);
      p.phase('writing records');
      p.advance(0.5);
      p.done();
      expect(written).toEqual([]);
      expect(p.watched).toBe(false);
    }
  });
});

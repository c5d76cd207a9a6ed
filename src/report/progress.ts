// Progress between the phases of a run, on stderr, for people watching a terminal. The simulation
// is synchronous and has no progress hook, so this reports phases ("simulated in 3.1 s; writing
// records…"), not a live counter. Silent unless stderr is a TTY and the caller allows it (never
// with --json), and silent for runs that finish within `quietMs`. The wall clock is read here only:
// it never reaches an output file.
export interface Progress {
  /** Whether anything will be shown (a TTY, and allowed): callers can skip the work of reporting. */
  readonly watched: boolean;
  /** How far the simulation has come (0..1, or null when unknown): drawn as a bar. */
  simulating(fraction: number | null): void;
  /** A phase begins (e.g. "writing records"). */
  phase(name: string): void;
  /** All done: clear the status line. */
  done(): void;
}

export interface ProgressOptions {
  enabled: boolean;
  stream?: NodeJS.WriteStream;
  /** Say nothing until this much wall time has passed (default 2000 ms). */
  quietMs?: number;
  now?: () => number;
}

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => performance.now());
  const quiet = options.quietMs ?? 2000;
  const enabled = options.enabled && stream.isTTY === true;
  const start = now();
  let phaseName = 'simulating';
  let phaseStart = start;
  let shown = false;
  const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  let lastDraw = -Infinity;
  return {
    watched: enabled,
    simulating(fraction) {
      const t = now();
      // At most ten redraws a second, and only once the run has lasted `quiet`.
      if (!enabled || t - start < quiet || t - lastDraw < 100) return;
      lastDraw = t;
      const width = 30;
      const bar = fraction === null ? '' : `[${'#'.repeat(Math.round(fraction * width)).padEnd(width, '-')}] ${(fraction * 100).toFixed(0).padStart(3)}%  `;
      stream.write(`\r\x1b[Kbatchsim: simulating ${bar}${secs(t - start)}`);
      shown = true;
    },
    phase(name) {
      const t = now();
      const line = `batchsim: ${phaseName} took ${secs(t - phaseStart)}; ${name}…`;
      phaseName = name;
      phaseStart = t;
      if (!enabled || t - start < quiet) return;
      stream.write(`\r\x1b[K${line}`);
      shown = true;
    },
    done() {
      if (!enabled) return;
      const total = now() - start;
      if (shown || total >= quiet) stream.write(`\r\x1b[Kbatchsim: done in ${secs(total)}\n`);
    },
  };
}

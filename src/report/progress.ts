// Progress of a run, on stderr, for people watching a terminal: a bar with an estimate of the time
// left while simulating and while writing records, and a line per phase ("simulated in 3.1 s;
// writing records…"). Silent unless stderr is a TTY and the caller allows it (never with --json),
// and silent for runs that finish within `quietMs`. The wall clock is read here only: it never
// reaches an output file.
import * as m from './messages.js';

export interface Progress {
  /** Whether anything will be shown (a TTY, and allowed): callers can skip the work of reporting. */
  readonly watched: boolean;
  /** How far the simulation has come (0..1, or null when unknown): drawn as a bar. */
  simulating(fraction: number | null): void;
  /** How far the current phase has come (0..1, e.g. rows of records written): drawn as a bar. */
  advance(fraction: number | null): void;
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

const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** A rough duration for "about … left": seconds below two minutes, then minutes, then hours. */
export function roughly(ms: number): string {
  const s = ms / 1000;
  if (s < 120) return `${Math.max(1, Math.round(s))} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** The bar line for `phase` at `fraction`, `elapsedMs` into it; the time left once 2% is done. */
export function barLine(phase: string, fraction: number | null, elapsedMs: number): string {
  const width = 30;
  if (fraction === null) return `batchsim: ${phase} ${secs(elapsedMs)}`;
  const f = Math.min(1, Math.max(0, fraction));
  const bar = `[${'#'.repeat(Math.round(f * width)).padEnd(width, '-')}] ${(f * 100).toFixed(0).padStart(3)}%`;
  const left = f >= 0.02 && f < 1 ? `  ${m.timeLeft(roughly((elapsedMs * (1 - f)) / f))}` : '';
  return `batchsim: ${phase} ${bar}  ${secs(elapsedMs)}${left}`;
}

/** What a run not watched gets: reading the clock would load Node's perf_hooks for nothing (start-up). */
const SILENT: Progress = { watched: false, simulating: () => {}, advance: () => {}, phase: () => {}, done: () => {} };

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const enabled = options.enabled && stream.isTTY === true;
  if (!enabled) return SILENT;
  const now = options.now ?? (() => performance.now());
  const quiet = options.quietMs ?? 2000;
  const start = now();
  let phaseName = 'simulating';
  let phaseStart = start;
  let shown = false;
  let lastDraw = -Infinity;
  const advance = (fraction: number | null): void => {
    const t = now();
    // At most ten redraws a second, and only once the run has lasted `quiet`.
    if (t - start < quiet || t - lastDraw < 100) return;
    lastDraw = t;
    stream.write(`\r\x1b[K${barLine(phaseName, fraction, t - phaseStart)}`);
    shown = true;
  };
  return {
    watched: true,
    simulating: advance,
    advance,
    phase(name) {
      const t = now();
      const line = `batchsim: ${m.phaseTook(phaseName, secs(t - phaseStart), name)}`;
      phaseName = name;
      phaseStart = t;
      lastDraw = -Infinity;
      if (t - start < quiet) return;
      stream.write(`\r\x1b[K${line}`);
      shown = true;
    },
    done() {
      const total = now() - start;
      if (shown || total >= quiet) stream.write(`\r\x1b[Kbatchsim: ${m.doneIn(secs(total))}\n`);
    },
  };
}

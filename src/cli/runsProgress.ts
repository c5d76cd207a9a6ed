// A progress line for many runs (sweeps, plans, comparisons): runs done, rate and time left, on
// stderr, only on a terminal. The wall clock here only paints the line; it never reaches results.
export interface RunsProgress {
  update(done: number, total: number): void;
  done(): void;
}

export function createRunsProgress(options: { enabled: boolean; label: string }): RunsProgress {
  const tty = options.enabled && process.stderr.isTTY === true;
  if (!tty) return { update: () => {}, done: () => {} };
  const started = Date.now();
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 200 && done < total) return;
      last = now;
      const seconds = (now - started) / 1000;
      const rate = seconds > 0 ? done / seconds : 0;
      const left = rate > 0 ? (total - done) / rate : null;
      const width = 24;
      const filled = total > 0 ? Math.round((done / total) * width) : 0;
      const eta = left === null ? '' : left >= 90 ? `, ${Math.round(left / 60)} min left` : `, ${Math.round(left)} s left`;
      process.stderr.write(`\r${options.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} runs, ${rate.toFixed(1)}/s${eta}\x1b[K`);
      shown = true;
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}

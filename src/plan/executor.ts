// Runs a list of independent runs of one scenario source, in this thread or on worker threads,
// and hands each run's figures back as it finishes. Which thread ran what never shows in results:
// a run is a pure function of (source, overrides, seed), and callers order results by run number.
import { Worker } from 'node:worker_threads';
import { figureValue } from './figures.js';
import type { Override } from './overrides.js';
import { runSource, type ScenarioSource } from './run.js';
import { RunawayFleetError } from '../model/runaway.js';
import { defaultJobs } from './threads.js';

export interface RunTask {
  run: number;
  /** Which of the sources given to executeRuns (0 when there is one). */
  source: number;
  overrides: readonly Override[];
  seed: number;
}

export interface RunOutcome {
  run: number;
  /** In the order of the figures asked for; null where summary.json has no number. */
  figures: (number | null)[];
}

export interface ExecuteOptions {
  /** Worker threads; 1 runs in this thread. Default: the machine's cores. */
  jobs?: number;
  onResult?: (outcome: RunOutcome) => void;
  /** Stops handing out runs; runs already going on are abandoned. */
  signal?: AbortSignal;
}

export { defaultJobs };

/** A run of the plan that cannot finish (model/runaway.ts): bad input, named by run and seed. */
export class UnfinishableRunError extends Error {}

/** One run to its figures (also what each worker thread does). */
export function runTask(sources: readonly ScenarioSource[], figures: readonly string[], task: RunTask): RunOutcome {
  let r: ReturnType<typeof runSource>;
  try {
    r = runSource(sources[task.source], { overrides: task.overrides, seed: task.seed });
  } catch (e) {
    if (e instanceof RunawayFleetError) throw new UnfinishableRunError(`run ${task.run} (seed ${task.seed}): ${e.message}`);
    throw e;
  }
  // Every point is validated before anything runs, so a failure here is a bug, not bad input.
  if (!r.ok) throw new Error(`run ${task.run}: ${r.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return { run: task.run, figures: figures.map((f) => figureValue(r.value, f)) };
}

export class AbortedError extends Error {
  constructor() {
    super('interrupted');
  }
}

/** Run every task; resolves with the outcomes in task order. */
export async function executeRuns(sources: readonly ScenarioSource[], figures: readonly string[], tasks: readonly RunTask[], options: ExecuteOptions = {}): Promise<RunOutcome[]> {
  const jobs = Math.max(1, Math.min(options.jobs ?? defaultJobs(), tasks.length));
  const byRun = new Map<number, RunOutcome>();
  const accept = (o: RunOutcome): void => {
    byRun.set(o.run, o);
    options.onResult?.(o);
  };
  if (jobs === 1) {
    for (const task of tasks) {
      if (options.signal?.aborted) throw new AbortedError();
      accept(runTask(sources, figures, task));
      // Let a Ctrl-C handler run between runs.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } else {
    await onWorkers(sources, figures, tasks, jobs, accept, options.signal);
  }
  return tasks.map((t) => byRun.get(t.run)!);
}

const WORKER_URL = new URL('./worker.js', import.meta.url);

function onWorkers(sources: readonly ScenarioSource[], figures: readonly string[], tasks: readonly RunTask[], jobs: number, accept: (o: RunOutcome) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let done = 0;
    let failed = false;
    const workers: Worker[] = [];
    const stop = (err: Error | null): void => {
      if (failed) return;
      if (err) failed = true;
      for (const w of workers) void w.terminate();
      if (err) reject(err);
      else resolve();
    };
    const onAbort = (): void => stop(new AbortedError());
    signal?.addEventListener('abort', onAbort, { once: true });
    const feed = (w: Worker): void => {
      if (next < tasks.length) w.postMessage({ type: 'run', task: tasks[next++] });
    };
    for (let k = 0; k < jobs; k++) {
      // The sources (documents and side files) cross once per worker, not once per run.
      const w = new Worker(WORKER_URL, { workerData: { sources, figures } });
      workers.push(w);
      w.on('message', (m: { ok: true; outcome: RunOutcome } | { ok: false; error: string; unfinishable?: boolean }) => {
        if (failed) return;
        if (!m.ok) return stop(m.unfinishable === true ? new UnfinishableRunError(m.error) : new Error(m.error));
        // What the caller does with an outcome (a journal append) may fail: that ends the runs too.
        try {
          accept(m.outcome);
        } catch (e) {
          return stop(e instanceof Error ? e : new Error(String(e)));
        }
        if (++done === tasks.length) {
          signal?.removeEventListener('abort', onAbort);
          stop(null);
        } else feed(w);
      });
      w.on('error', (e) => stop(e));
      feed(w);
    }
  });
}

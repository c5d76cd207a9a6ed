// Drawing charts on several threads from one queue: each thread (this one and its workers) takes
// the next chart not yet taken, so a thread that is free draws it, and the results come back in
// chart order. Rasterising a PNG takes 50–100 ms and a sweep draws a dozen or more charts, so on
// one thread this was most of the serial part of a parallel sweep; a run's six charts took a
// worker about a second while the main thread, its records long written, waited. Which thread
// drew a chart never shows in its bytes: the SVG's ids are renumbered per chart and resvg is
// deterministic.
import { Worker } from 'node:worker_threads';
import type { ChartData } from './charts/data.js';
import type { SummaryLike } from './charts/read.js';
import { buildCharts } from './charts/specs.js';
import type { OutputFolder, RunIdentity } from './output.js';
import type { ReplicationsJson } from './replications.js';
import { writeReportFiles, type ChartFiles, type DrawnChart } from './reportFiles.js';

const WORKER_URL = new URL('./renderWorker.js', import.meta.url);
/** Run from the TypeScript sources (under test) there is no compiled worker file: this thread draws every chart. */
const NO_WORKERS = import.meta.url.endsWith('.ts');

/** A chart queue as a worker receives it: the specs, the order they are taken in, and the shared count of charts taken. */
export interface ChartQueueData {
  specs: readonly Record<string, unknown>[];
  order: readonly number[];
  taken: SharedArrayBuffer;
}

class ChartQueue {
  readonly order: number[];
  readonly taken = new Int32Array(new SharedArrayBuffer(4));

  constructor(readonly specs: readonly Record<string, unknown>[]) {
    // The largest specs first (a chart's time follows its data: the instance timeline takes several
    // times the cost chart's), so that no thread starts a long chart when the others are done.
    const size = specs.map((s) => JSON.stringify(s).length);
    this.order = specs.map((_, i) => i).sort((a, b) => size[b] - size[a] || a - b);
  }

  /** Whether every chart has been taken by some thread. */
  get allTaken(): boolean {
    return Atomics.load(this.taken, 0) >= this.specs.length;
  }

  data(): ChartQueueData {
    return { specs: this.specs, order: this.order, taken: this.taken.buffer as SharedArrayBuffer };
  }

  /** Draw on this thread what no thread has taken yet (the renderer, vega and resvg, loaded only if there is any). */
  async drawHere(): Promise<DrawnChart[]> {
    if (this.allTaken) return [];
    const { drawTaken } = await import('./render.js');
    return drawTaken(this.specs, this.order, this.taken);
  }

  /** The files of every chart, in chart order, from what each thread drew. */
  collect(parts: readonly DrawnChart[][]): ChartFiles[] {
    const out: ChartFiles[] = new Array(this.specs.length);
    for (const part of parts) for (const { index, files } of part) out[index] = files;
    return out;
  }
}

/**
 * Draw the charts of `specs` on `threads` threads: this one and a worker per other thread. With
 * `here` false this thread draws none (`threads` workers draw them all), as a test of the workers
 * asks; run from the TypeScript sources, this thread draws them all.
 */
export async function renderOnThreads(specs: readonly Record<string, unknown>[], threads = 1, here = true): Promise<ChartFiles[]> {
  const queue = new ChartQueue(specs);
  const workers = NO_WORKERS ? 0 : Math.max(here ? 0 : 1, Math.min(threads, specs.length) - (here ? 1 : 0));
  const others = Array.from({ length: workers }, () => onWorker(queue));
  const mine = here || workers === 0 ? await queue.drawHere() : [];
  return queue.collect([mine, ...(await Promise.all(others))]);
}

/** A run's charts being drawn while the main thread writes its records. */
export interface BackgroundReport {
  /** Draw what is left on this thread beside the worker, and write the charts' files and report.html. */
  finish(folder: OutputFolder, identity: RunIdentity, options?: { onPhase?: (phase: string) => void }): Promise<void>;
  /** Stop drawing (the run failed). */
  cancel(): void;
}

/**
 * Start drawing the charts of `data` on a worker thread and return at once: the drawing overlaps
 * the records being written (a million-job run's charts take about as long as its CSVs). finish()
 * then draws, on this thread, the charts the worker has not yet taken, so a small run (records
 * written in a moment) draws on two cores.
 */
export function startReport(data: ChartData, summary: SummaryLike, replications: ReplicationsJson | null = null): BackgroundReport {
  const charts = buildCharts(data, summary);
  const queue = new ChartQueue(charts.map((c) => c.spec));
  let worker: Worker | null = null;
  const drawn = NO_WORKERS ? Promise.resolve([]) : onWorker(queue, (w) => (worker = w));
  // Its failure is reported by finish(); one never awaited (the run failed first) is not unhandled.
  drawn.catch(() => undefined);
  return {
    async finish(folder, identity, options = {}) {
      options.onPhase?.('rendering charts');
      const mine = await queue.drawHere();
      const files = queue.collect([mine, await drawn]);
      options.onPhase?.('writing charts');
      writeReportFiles(folder, charts, files, summary, identity.warnings, replications);
    },
    cancel() {
      if (worker !== null) void worker.terminate();
    },
  };
}

/** A worker started before its charts were known (warmChartWorker), and how it failed if it did. */
let warm: { worker: Worker; failed: Error | null } | null = null;

/**
 * Start the worker that will draw the next charts now: the renderer (vega, resvg: about 0.2 s)
 * then loads while the run is simulated, on the core the simulation leaves free. Unreferenced until
 * it is given charts, so a run that ends without drawing (it failed) does not wait for it.
 */
export function warmChartWorker(): void {
  if (NO_WORKERS || warm !== null) return;
  const w = { worker: new Worker(WORKER_URL), failed: null as Error | null };
  w.worker.once('error', (e) => (w.failed = e));
  w.worker.unref();
  warm = w;
}

/** The warm worker if there is one (it is then no longer warm), else a new one. */
function takeWorker(): { worker: Worker; failed: Error | null } {
  const w = warm ?? { worker: new Worker(WORKER_URL), failed: null };
  warm = null;
  w.worker.ref();
  return w;
}

function onWorker(queue: ChartQueue, started?: (w: Worker) => void): Promise<DrawnChart[]> {
  return new Promise((resolve, reject) => {
    const { worker: w, failed } = takeWorker();
    if (failed !== null) return reject(failed);
    started?.(w);
    let answered = false;
    w.once('message', (m: { ok: true; drawn: { index: number; files: { svg: string; png: Uint8Array } }[] } | { ok: false; error: string }) => {
      answered = true;
      void w.terminate();
      if (m.ok) resolve(m.drawn.map(({ index, files: f }) => ({ index, files: { svg: f.svg, png: Buffer.from(f.png.buffer, f.png.byteOffset, f.png.byteLength) } })));
      else reject(new Error(m.error));
    });
    w.once('error', reject);
    // A worker that stops without answering (and without an error event) would leave the charts waiting for ever.
    w.once('exit', (code) => {
      if (!answered) reject(new Error(`chart worker stopped (exit code ${code}) before it answered`));
    });
    w.postMessage(queue.data());
  });
}

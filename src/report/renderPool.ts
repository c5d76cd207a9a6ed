// Rendering many charts on several threads: chart i goes to thread i mod threads (this thread is
// thread 0), each renders its share with renderChart, and the results come back in
// chart order. Rasterising a PNG takes 50–100 ms and a sweep draws a dozen or more charts, so on
// one thread this was most of the serial part of a parallel sweep. Which thread drew a chart never
// shows in its bytes: the SVG's ids are renumbered per chart and resvg is deterministic.
import { Worker } from 'node:worker_threads';
import type { ChartData } from './charts/data.js';
import type { SummaryLike } from './charts/read.js';
import { buildCharts } from './charts/specs.js';
import type { OutputFolder, RunIdentity } from './output.js';
import { writeReportFiles, type ChartFiles } from './reportFiles.js';

const WORKER_URL = new URL('./renderWorker.js', import.meta.url);

export async function renderOnThreads(specs: readonly Record<string, unknown>[], threads = 1): Promise<ChartFiles[]> {
  const n = Math.max(1, Math.min(threads, specs.length));
  const share = (k: number): number[] => specs.map((_, i) => i).filter((i) => i % n === k);
  const out: ChartFiles[] = new Array(specs.length);
  const others = Array.from({ length: n - 1 }, (_, j) => {
    const mine = share(j + 1);
    return onWorker(mine.map((i) => specs[i])).then((files) => files.forEach((f, k) => (out[mine[k]] = f)));
  });
  // The renderer (vega, resvg) is loaded only now: it more than doubles start-up.
  const { renderChart } = await import('./render.js');
  for (const i of share(0)) out[i] = await renderChart(specs[i]);
  await Promise.all(others);
  return out;
}

/** A run's charts being drawn while the main thread writes its records. */
export interface BackgroundReport {
  /** Wait for the drawings and write the charts' files and report.html. */
  finish(folder: OutputFolder, identity: RunIdentity, options?: { onPhase?: (phase: string) => void }): Promise<void>;
  /** Stop drawing (the run failed). */
  cancel(): void;
}

/**
 * Start drawing the charts of `data` on a worker thread and return at once: a million-job run's
 * charts take about as long as its record CSVs, and the two now overlap. Run from the TypeScript
 * sources (under test) there is no compiled worker file, so finish() draws them on this thread.
 */
export function startReport(data: ChartData, summary: SummaryLike): BackgroundReport {
  const charts = buildCharts(data, summary);
  let worker: Worker | null = null;
  const drawn = import.meta.url.endsWith('.ts') ? null : onWorker(charts.map((c) => c.spec), (w) => (worker = w));
  // Its failure is reported by finish(); one never awaited (the run failed first) is not unhandled.
  drawn?.catch(() => undefined);
  return {
    async finish(folder, identity, options = {}) {
      options.onPhase?.('rendering charts');
      if (drawn === null) {
        // No worker: drawn on this thread as `batchsim report` draws them (the renderer loaded only now).
        const { drawAndWriteReport } = await import('./render.js');
        return drawAndWriteReport(charts, summary, folder, identity, options);
      }
      const files = await drawn;
      options.onPhase?.('writing charts');
      writeReportFiles(folder, charts, files, summary, identity.warnings);
    },
    cancel() {
      if (worker !== null) void worker.terminate();
    },
  };
}

function onWorker(specs: readonly Record<string, unknown>[], started?: (w: Worker) => void): Promise<ChartFiles[]> {
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER_URL, { workerData: specs });
    started?.(w);
    w.once('message', (m: { ok: true; files: { svg: string; png: Uint8Array }[] } | { ok: false; error: string }) => {
      void w.terminate();
      if (m.ok) resolve(m.files.map((f) => ({ svg: f.svg, png: Buffer.from(f.png.buffer, f.png.byteOffset, f.png.byteLength) })));
      else reject(new Error(m.error));
    });
    w.once('error', reject);
  });
}

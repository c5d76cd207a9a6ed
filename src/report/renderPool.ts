// Rendering many charts on several threads: chart i goes to thread i mod threads (this thread is
// thread 0), each renders its share with renderChart, and the results come back in
// chart order. Rasterising a PNG takes 50–100 ms and a sweep draws a dozen or more charts, so on
// one thread this was most of the serial part of a parallel sweep. Which thread drew a chart never
// shows in its bytes: the SVG's ids are renumbered per chart and resvg is deterministic.
import { Worker } from 'node:worker_threads';

export interface RenderedFiles {
  svg: string;
  png: Buffer;
}

const WORKER_URL = new URL('./renderWorker.js', import.meta.url);

export async function renderOnThreads(specs: readonly Record<string, unknown>[], threads = 1): Promise<RenderedFiles[]> {
  const n = Math.max(1, Math.min(threads, specs.length));
  const share = (k: number): number[] => specs.map((_, i) => i).filter((i) => i % n === k);
  const out: RenderedFiles[] = new Array(specs.length);
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

function onWorker(specs: readonly Record<string, unknown>[]): Promise<RenderedFiles[]> {
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER_URL, { workerData: specs });
    w.once('message', (m: { ok: true; files: { svg: string; png: Uint8Array }[] } | { ok: false; error: string }) => {
      void w.terminate();
      if (m.ok) resolve(m.files.map((f) => ({ svg: f.svg, png: Buffer.from(f.png.buffer, f.png.byteOffset, f.png.byteLength) })));
      else reject(new Error(m.error));
    });
    w.once('error', reject);
  });
}

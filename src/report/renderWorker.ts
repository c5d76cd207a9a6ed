// A worker thread of renderOnThreads: renders the charts it is given and posts their files back.
import { parentPort, workerData } from 'node:worker_threads';
import { renderChart } from './render.js';

const specs = workerData as Record<string, unknown>[];
try {
  const files: { svg: string; png: Buffer }[] = [];
  for (const spec of specs) files.push(await renderChart(spec));
  parentPort!.postMessage({ ok: true, files });
} catch (e) {
  parentPort!.postMessage({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}

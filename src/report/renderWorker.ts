// A worker thread of renderOnThreads: renders the charts it is given and posts their files back.
import { parentPort, workerData } from 'node:worker_threads';
import { renderSvg, svgToPng } from './render.js';

const specs = workerData as Record<string, unknown>[];
try {
  const files: { svg: string; png: Buffer }[] = [];
  for (const spec of specs) {
    const svg = await renderSvg(spec);
    files.push({ svg, png: svgToPng(svg) });
  }
  parentPort!.postMessage({ ok: true, files });
} catch (e) {
  parentPort!.postMessage({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}

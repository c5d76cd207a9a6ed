// A worker thread of a chart queue (renderPool.ts): loads the renderer, then, given a queue, draws
// the charts it takes from it (the queue is shared with other threads) until none is left, and
// posts their files back. It may be started before the charts are known (warmChartWorker).
import { parentPort } from 'node:worker_threads';
import { drawTaken } from './render.js';
import type { ChartQueueData } from './renderPool.js';

parentPort!.once('message', (queue: ChartQueueData) => {
  drawTaken(queue.specs, queue.order, new Int32Array(queue.taken)).then(
    (drawn) => parentPort!.postMessage({ ok: true, drawn }),
    (e: unknown) => parentPort!.postMessage({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  );
});

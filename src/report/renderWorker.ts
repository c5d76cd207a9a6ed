// A worker thread of a chart queue (renderPool.ts): draws charts taken from the queue it shares
// with other threads until none is left, and posts their files back.
import { parentPort, workerData } from 'node:worker_threads';
import { drawTaken } from './render.js';
import type { ChartQueueData } from './renderPool.js';

const queue = workerData as ChartQueueData;
try {
  const drawn = await drawTaken(queue.specs, queue.order, new Int32Array(queue.taken));
  parentPort!.postMessage({ ok: true, drawn });
} catch (e) {
  parentPort!.postMessage({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}

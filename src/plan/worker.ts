// A worker thread of the executor: receives the scenario sources once, then runs tasks one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { runTask, UnfinishableRunError, type RunTask } from './executor.js';
import type { ScenarioSource } from './run.js';

const { sources, figures } = workerData as { sources: ScenarioSource[]; figures: string[] };

parentPort!.on('message', (m: { type: 'run'; task: RunTask }) => {
  try {
    parentPort!.postMessage({ ok: true, outcome: runTask(sources, figures, m.task) });
  } catch (e) {
    // A run that cannot finish is the plan's fault, said in a line; anything else is a bug, with its stack.
    if (e instanceof UnfinishableRunError) parentPort!.postMessage({ ok: false, error: e.message, unfinishable: true });
    else parentPort!.postMessage({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});

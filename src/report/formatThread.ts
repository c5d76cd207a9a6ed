// jobs.csv written by a thread of its own. After a big run the main thread still has the summary,
// the charts' data and the other record files to make, while the writer thread (writerThread.ts)
// only writes: the other core was idle for most of that. jobs.csv is the largest file (190 MB for
// a million jobs), so a worker formats, hashes and writes it, reading the jobs table in shared memory,
// while the main thread does the rest. Its bytes are those of formatting it here: the same row code
// (records/jobs.ts) runs on the same data.
import { Worker } from 'node:worker_threads';
import type { JobsCsvInput } from '../records/tables.js';
import { ThreadWriteError, type WriteFailure, type WrittenFile } from './writerThread.js';

const WORKER_URL = new URL('./formatWorker.js', import.meta.url);

/** Below this many jobs, starting a thread (tens of ms of CPU) costs more than it saves. */
export const FORMAT_THREAD_MIN_ROWS = 50_000;

/**
 * Whether jobs.csv of `rows` jobs goes to a thread: from `minRows` on, and never when run from the
 * TypeScript sources (under test there is no compiled worker file; test/report/formatThread.test.ts
 * runs the compiled one).
 */
export const formatThreadWorthIt = (rows: number, minRows = FORMAT_THREAD_MIN_ROWS): boolean => rows >= minRows && !import.meta.url.endsWith('.ts');

export type FromFormatWorker = { op: 'rows'; rows: number } | { op: 'done'; bytes: number; sha256: string } | { op: 'failed'; error: WriteFailure };

/** jobs.csv being written on its thread. */
export interface FormatJob {
  done: Promise<WrittenFile>;
  /** Stop (the run failed elsewhere); resolves once the thread no longer writes to the descriptor. */
  cancel(): Promise<void>;
}

/**
 * Write jobs.csv of `input` to the open file `fd` on a new thread. The jobs table's columns live in
 * SharedArrayBuffers (records/jobs.ts), so the thread reads them where they are: nothing is copied,
 * and neither thread writes them any more. `onRows` hears the rows done.
 */
export function formatJobsOnThread(fd: number, input: JobsCsvInput, onRows?: (rows: number) => void): FormatJob {
  const worker = new Worker(WORKER_URL, { workerData: { fd, input } });
  let settled = false;
  const done = new Promise<WrittenFile>((resolve, reject) => {
    worker.on('message', (m: FromFormatWorker) => {
      if (m.op === 'rows') onRows?.(m.rows);
      else {
        settled = true;
        void worker.terminate();
        if (m.op === 'done') resolve({ bytes: m.bytes, sha256: m.sha256 });
        else reject(new ThreadWriteError(m.error));
      }
    });
    // A crash of the worker is a bug, not bad input: it surfaces as that error.
    worker.once('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`jobs.csv's thread exited with code ${code}`));
    });
  });
  return {
    done,
    async cancel() {
      await worker.terminate();
    },
  };
}

// A worker thread of formatThread.ts: writes jobs.csv to the descriptor it is given, rows as it is
// told they are final, hashing as it goes, and posts how many rows are done and what it wrote.
import { createHash } from 'node:crypto';
import { writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { ByteWriter } from '../records/bytes.js';
import { JOB_COLUMNS, JobRowWriter, type JobTable } from '../records/jobs.js';
import { JOB_EXECUTION_COLUMN } from '../records/executions.js';
import { CHUNK_BYTES } from './writerThread.js';
import type { FromFormatWorker, ToFormatWorker } from './formatThread.js';

const { fd, executionOf } = workerData as { fd: number; executionOf: Int32Array | null };
const post = (m: FromFormatWorker): void => parentPort!.postMessage(m);
const hash = createHash('sha256');
let bytes = 0;
let failed = false;
// One buffer, written in place when full: this thread formats and writes, so nothing is handed over.
const w = new ByteWriter(
  {
    write(b, length = b.length) {
      hash.update(length === b.length ? b : b.subarray(0, length));
      for (let done = 0; done < length; ) done += writeSync(fd, b, done, length - done);
      bytes += length;
    },
  },
  CHUNK_BYTES,
);
const rows = new JobRowWriter(executionOf);
const strings: string[] = [];
let written = 0;

w.text((executionOf === null ? JOB_COLUMNS : [...JOB_COLUMNS, JOB_EXECUTION_COLUMN]).join(','));
w.newline();

parentPort!.on('message', (m: ToFormatWorker) => {
  if (failed) return;
  try {
    if (m.op === 'learn') {
      for (const s of m.strings) strings.push(s);
      rows.learn({ ...m.columns, strings } as JobTable, strings, m.instanceIds);
      const flushes = w.flushes;
      for (let i = written; i < m.upTo; i++) {
        rows.write(i, w);
        w.newline();
      }
      written = Math.max(written, m.upTo);
      if (w.flushes !== flushes) post({ op: 'rows', rows: written });
    } else {
      w.end();
      post({ op: 'rows', rows: written });
      post({ op: 'done', bytes, sha256: hash.digest('hex') });
    }
  } catch (e) {
    failed = true;
    const { code, message } = e as { code?: string; message?: string };
    post({ op: 'failed', error: { code, message: message ?? String(e) } });
  }
});

// A worker thread of formatThread.ts: writes one record file to the descriptor it is given, hashing
// as it goes, and posts how many rows are done and what it wrote. jobs.csv's rows come as it is
// told they are final (learn, then end); attempts.csv is written whole from the finished run.
import { createHash } from 'node:crypto';
import { writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { ByteWriter } from '../records/bytes.js';
import { JOB_COLUMNS, JobRowWriter, type JobTable } from '../records/jobs.js';
import { JOB_EXECUTION_COLUMN } from '../records/executions.js';
import { attemptsCsvTable } from '../records/tables.js';
import { CHUNK_BYTES } from './writerThread.js';
import type { FormatWorkerData, FromFormatWorker, ToFormatWorker } from './formatThread.js';

const data = workerData as FormatWorkerData;
const post = (m: FromFormatWorker): void => parentPort!.postMessage(m);
const hash = createHash('sha256');
let bytes = 0;
let failed = false;
// One buffer, written in place when full: this thread formats and writes, so nothing is handed over.
const w = new ByteWriter(
  {
    write(b, length = b.length) {
      hash.update(length === b.length ? b : b.subarray(0, length));
      for (let done = 0; done < length; ) done += writeSync(data.fd, b, done, length - done);
      bytes += length;
    },
  },
  CHUNK_BYTES,
);

/** Run `step`; a failure (a write error) is posted once, and nothing more is done. */
function guarded(step: () => void): void {
  if (failed) return;
  try {
    step();
  } catch (e) {
    failed = true;
    const { code, message } = e as { code?: string; message?: string };
    post({ op: 'failed', error: { code, message: message ?? String(e) } });
  }
}

function finish(rows: number): void {
  w.end();
  post({ op: 'rows', rows });
  post({ op: 'done', bytes, sha256: hash.digest('hex') });
}

if (data.kind === 'attempts') {
  guarded(() => {
    const table = attemptsCsvTable(data.input);
    w.text(table.columns.join(','));
    w.newline();
    let flushes = w.flushes;
    for (let i = 0; i < table.rowCount; i++) {
      table.writeRow(i, w);
      w.newline();
      if (w.flushes !== flushes) {
        flushes = w.flushes;
        post({ op: 'rows', rows: i });
      }
    }
    finish(table.rowCount);
  });
} else {
  const rows = new JobRowWriter(data.executionOf);
  const strings: string[] = [];
  let written = 0;
  guarded(() => {
    w.text((data.executionOf === null ? JOB_COLUMNS : [...JOB_COLUMNS, JOB_EXECUTION_COLUMN]).join(','));
    w.newline();
  });
  parentPort!.on('message', (m: ToFormatWorker) =>
    guarded(() => {
      if (m.op === 'end') return finish(written);
      for (const s of m.strings) strings.push(s);
      rows.learn({ ...m.columns, strings } as JobTable, strings, m.instanceIds);
      const flushes = w.flushes;
      for (let i = written; i < m.upTo; i++) {
        rows.write(i, w);
        w.newline();
      }
      written = Math.max(written, m.upTo);
      if (w.flushes !== flushes) post({ op: 'rows', rows: written });
    }),
  );
}

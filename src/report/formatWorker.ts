// A worker thread of formatThread.ts: writes one record file to the descriptor it is given, hashing
// as it goes, and posts how many rows are done and what it wrote. jobs.csv's rows come as it is
// told they are final (learn, then end); attempts.csv is written whole from the finished run.
import { createHash } from 'node:crypto';
import { writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { ByteWriter } from '../records/bytes.js';
import { JobRowWriter } from '../records/jobs.js';
import { attemptsCsvTable } from '../records/tables.js';
import { writeTableCsv } from './write.js';
import { CHUNK_BYTES, type ThreadedSink } from './writerThread.js';
import type { FormatWorkerData, FromFormatWorker, ToFormatWorker } from './formatThread.js';

const data = workerData as FormatWorkerData;
const post = (m: FromFormatWorker): void => parentPort!.postMessage(m);
const hash = createHash('sha256');
let bytes = 0;
let failed = false;
// One buffer, written in place when full: this thread formats and writes, so nothing is handed over.
const buf = Buffer.allocUnsafe(CHUNK_BYTES);
const put = (b: Buffer, length: number): void => {
  hash.update(length === b.length ? b : b.subarray(0, length));
  for (let done = 0; done < length; ) done += writeSync(data.fd, b, done, length - done);
  bytes += length;
};
const sink: ThreadedSink = {
  write: (chunk, length = chunk.length) => put(chunk, length),
  swap: (full, length) => {
    put(full, length);
    return full;
  },
  first: () => buf,
  release: () => undefined,
  ready: () => Promise.resolve(),
};

/** A failure (a write error) is posted once, and nothing more is done. */
function failure(e: unknown): void {
  failed = true;
  const { code, message } = e as { code?: string; message?: string };
  post({ op: 'failed', error: { code, message: message ?? String(e) } });
}

function done(rows: number): void {
  post({ op: 'rows', rows });
  post({ op: 'done', bytes, sha256: hash.digest('hex') });
}

if (data.kind === 'attempts') {
  const table = attemptsCsvTable(data.input);
  writeTableCsv(sink, table, (rows) => post({ op: 'rows', rows })).then(() => done(table.rowCount), failure);
} else {
  const w = new ByteWriter(sink);
  const rows = new JobRowWriter(data.executionOf);
  const strings: string[] = [];
  let written = 0;
  w.text(rows.columns.join(','));
  w.newline();
  parentPort!.on('message', (m: ToFormatWorker) => {
    if (failed) return;
    try {
      if (m.op === 'end') {
        w.end();
        return done(written);
      }
      for (const s of m.strings) strings.push(s);
      rows.learn({ ...m.columns, strings }, m.instanceIds);
      const flushes = w.flushes;
      for (let i = written; i < m.upTo; i++) {
        rows.write(i, w);
        w.newline();
      }
      written = Math.max(written, m.upTo);
      if (w.flushes !== flushes) post({ op: 'rows', rows: written });
    } catch (e) {
      failure(e);
    }
  });
}

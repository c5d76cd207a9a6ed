// A worker thread of formatThread.ts: writes jobs.csv from the jobs table it is given, to the
// descriptor it is given, hashing as it goes, and posts how many rows are done and what it wrote.
import { createHash } from 'node:crypto';
import { writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { jobsCsvTable, type JobsCsvInput } from '../records/tables.js';
import { writeTableCsv } from './write.js';
import { CHUNK_BYTES, type ThreadedSink } from './writerThread.js';
import type { FromFormatWorker } from './formatThread.js';

const { fd, input } = workerData as { fd: number; input: JobsCsvInput };
const post = (m: FromFormatWorker): void => parentPort!.postMessage(m);
const hash = createHash('sha256');
let bytes = 0;
const put = (b: Buffer, length: number): void => {
  hash.update(length === b.length ? b : b.subarray(0, length));
  for (let done = 0; done < length; ) done += writeSync(fd, b, done, length - done);
  bytes += length;
};
// One buffer, written in place when full: this thread formats and writes, so nothing is handed over.
const buf = Buffer.allocUnsafe(CHUNK_BYTES);
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
try {
  await writeTableCsv(sink, jobsCsvTable(input), (rows) => post({ op: 'rows', rows }));
  post({ op: 'done', bytes, sha256: hash.digest('hex') });
} catch (e) {
  const { code, message } = e as { code?: string; message?: string };
  post({ op: 'failed', error: { code, message: message ?? String(e) } });
}

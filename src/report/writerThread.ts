// Writing big files on another thread. The record CSVs of a million-job run are ~330 MB: the
// write() calls into the page cache took longer than formatting the rows, all on the main thread.
// Here the main thread formats into 4 MiB buffers and hands each full one over whole (transferred,
// not copied); one worker thread adds it to the file's sha256 (for manifest.json), writes it to the
// file and gives the buffer back for reuse. (The hashing was here until jobs.csv got a thread of its
// own, formatThread.ts: the main thread's formatting is now the longer path.) The worker writes each
// file's chunks in the order they were sent, so the bytes are the same as writing them in place.
//
// The main thread opens and closes the file (so a file that cannot be created fails as before,
// and no descriptor is closed while the worker may still write to it); the worker only writes to
// the descriptor it is given. A failed write is reported when the file ends, as the error the
// main thread would have seen. The worker is started on the first file and holds the process
// open only while a file is being written.
import type { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';

/** node:worker_threads, loaded when a thread is started, not with this module (a summary-only run starts none: start-up). */
export const workerThreads = (): typeof import('node:worker_threads') => createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');

/** The worker's code, evaluated (not a module file): it runs the same from dist/ and from the sources under test. */
const WORKER_CODE = `
const { parentPort } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const { createHash } = require('node:crypto');
let fd = -1, bytes = 0, error = null, hash = null;
parentPort.on('message', (m) => {
  if (m.op === 'open') {
    fd = m.fd; bytes = 0; error = null; hash = createHash('sha256');
  } else if (m.op === 'write') {
    const b = Buffer.from(m.buf.buffer ?? m.buf, m.buf.byteOffset ?? 0, m.length);
    hash.update(b);
    if (error === null) {
      try {
        for (let done = 0; done < m.length; ) done += writeSync(fd, b, done, m.length - done);
        bytes += m.length;
      } catch (e) {
        error = { code: e.code, message: e.message };
      }
    }
    if (m.owned) parentPort.postMessage({ op: 'free', buf: m.buf }, [m.buf]);
  } else if (m.op === 'end') {
    parentPort.postMessage({ op: 'done', bytes, error, sha256: hash.digest('hex') });
    fd = -1;
  }
});
`;

/** Size of the buffers the writer fills and the worker writes. */
export const CHUNK_BYTES = 1 << 22;
/** Buffers in flight before the writer waits for one to come back: enough to keep both threads busy. */
const POOL = 6;

export interface WrittenFile {
  bytes: number;
  sha256: string;
}

/** What a failed write on the worker was: enough of the error for the message the user sees. */
export interface WriteFailure {
  code?: string;
  message: string;
}

type Done = { bytes: number; error: WriteFailure | null; sha256: string };
type FromWorker = { op: 'free'; buf: ArrayBuffer } | ({ op: 'done' } & Done);

class WriterThread {
  private readonly worker: Worker;
  private readonly free: Buffer[] = [];
  private made = 0;
  private waiting: (() => void) | null = null;
  private done: ((r: Done) => void) | null = null;
  private broken: Error | null = null;
  /** Files go one after another (a caller writing two at once waits its turn). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor() {
    this.worker = new (workerThreads().Worker)(WORKER_CODE, { eval: true });
    this.worker.unref();
    this.worker.on('message', (m: FromWorker) => {
      if (m.op === 'free') {
        this.free.push(Buffer.from(m.buf));
        this.wake();
      } else {
        const d = this.done;
        this.done = null;
        d?.(m);
      }
    });
    // A crash of the worker is a bug, not bad input: it surfaces as that error where the file ends.
    this.worker.on('error', (e) => {
      this.broken = e;
      this.wake();
      const d = this.done;
      this.done = null;
      d?.({ bytes: 0, error: null, sha256: '' });
    });
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = null;
    w?.();
  }

  /** A free buffer: one given back, else a new one (the pool grows only if the writer did not wait). */
  take(): Buffer {
    const b = this.free.pop();
    if (b !== undefined) return b;
    this.made++;
    return Buffer.allocUnsafeSlow(CHUNK_BYTES);
  }

  give(b: Buffer): void {
    // Only whole buffers of ours go back in the pool (a detached one has length 0).
    if (b.length === CHUNK_BYTES && b.byteOffset === 0 && b.buffer.byteLength === CHUNK_BYTES) this.free.push(b);
  }

  /** Resolves once a buffer is free, after letting the event loop run (signals, progress). */
  async ready(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    while (this.free.length === 0 && this.made >= POOL && this.broken === null) await new Promise<void>((r) => (this.waiting = r));
  }

  /** Write `fd` through the worker, after the files before it; `fill` gets a sink whose swap() hands buffers over. */
  file<T>(fd: number, fill: (sink: ThreadedSink) => Promise<T>): Promise<{ result: T; written: WrittenFile }> {
    const next = this.queue.then(() => this.one(fd, fill));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async one<T>(fd: number, fill: (sink: ThreadedSink) => Promise<T>): Promise<{ result: T; written: WrittenFile }> {
    if (this.broken !== null) throw this.broken;
    this.worker.ref();
    try {
      this.worker.postMessage({ op: 'open', fd });
      const sink: ThreadedSink = {
        write: (chunk, length = chunk.length) => {
          // Not one of ours (a string longer than a buffer): a copy of just these bytes goes.
          const copy = new Uint8Array(chunk.subarray(0, length));
          this.worker.postMessage({ op: 'write', buf: copy, length, owned: false }, [copy.buffer]);
        },
        swap: (full, length) => {
          this.worker.postMessage({ op: 'write', buf: full.buffer, length, owned: true }, [full.buffer as ArrayBuffer]);
          return this.take();
        },
        first: () => this.take(),
        release: (b) => this.give(b),
        ready: () => this.ready(),
      };
      let result: T;
      let failed: unknown = null;
      try {
        result = await fill(sink);
      } catch (e) {
        failed = e;
      }
      // Always wait for the worker to finish with the descriptor before the caller closes it.
      const end = await new Promise<Done>((r) => {
        this.done = r;
        this.worker.postMessage({ op: 'end' });
      });
      if (this.broken !== null) throw this.broken;
      if (failed !== null) throw failed;
      if (end.error !== null) throw new ThreadWriteError(end.error);
      return { result: result!, written: { bytes: end.bytes, sha256: end.sha256 } };
    } finally {
      this.worker.unref();
    }
  }
}

/** A sink whose buffers are written on the writer thread; await ready() after each flush. */
export interface ThreadedSink {
  write(chunk: Buffer, length?: number): void;
  swap(full: Buffer, length: number): Buffer;
  first(): Buffer;
  release(buf: Buffer): void;
  ready(): Promise<void>;
}

/** A write that failed on the writer thread, with the code of the failure (ENOSPC, EIO, …). */
export class ThreadWriteError extends Error {
  readonly code: string | undefined;
  constructor(failure: WriteFailure) {
    super(failure.message);
    this.code = failure.code;
  }
}

let thread: WriterThread | null = null;

/** Write the open file `fd` with `fill` through the (shared) writer thread. */
export function writeOnThread<T>(fd: number, fill: (sink: ThreadedSink) => Promise<T>): Promise<{ result: T; written: WrittenFile }> {
  thread ??= new WriterThread();
  return thread.file(fd, fill);
}

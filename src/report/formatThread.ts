// jobs.csv and attempts.csv written by threads of their own. A million-job run's two are 333 MB:
// formatting, hashing and writing them took the main thread longer than the simulation. Workers do
// it instead, reading the tables where they are (their columns live in SharedArrayBuffers,
// records/columns.ts sharedColumn: nothing is copied); the bytes are those of formatting the
// tables here, by the same row code on the same data.
//
// jobs.csv goes either after the run or while it goes (JobsCsvStream: `run` simulates in slices,
// and a job's row is final when it ends, so its thread is told which rows are final, with the
// strings and instance ids they name, and writes them behind the simulation on the core it leaves
// idle). attempts.csv goes after the run, while the main thread summarizes (RecordCsvs).
import type { Worker } from 'node:worker_threads';
import type { JobTable } from '../records/jobs.js';
import type { FinalJobRows, JobRowsListener } from '../records/recorder.js';
import type { SimulationResult } from '../records/result.js';
import type { AttemptsCsvInput, JobsCsvInput } from '../records/tables.js';
import { ThreadWriteError, workerThreads, type WriteFailure, type WrittenFile } from './writerThread.js';

const WORKER_URL = new URL('./formatWorker.js', import.meta.url);

/** Below this many jobs, starting a thread (tens of ms of CPU) costs more than it saves. */
export const FORMAT_THREAD_MIN_ROWS = 50_000;

/**
 * Whether the record files of a run of `rows` jobs go to threads (formatThread.ts): from `minRows` on, and never when run from the
 * TypeScript sources (under test there is no compiled worker file; test/report/formatThread.test.ts
 * runs the compiled one).
 */
export const formatThreadWorthIt = (rows: number, minRows = FORMAT_THREAD_MIN_ROWS): boolean => rows >= minRows && THREADS;

/** Whether the compiled worker file exists (not under the TypeScript sources). */
export const THREADS = !import.meta.url.endsWith('.ts');

/** The jobs table's columns without its strings (those go as they are new). */
export type JobColumnsOnly = Omit<JobTable, 'strings'>;

export type ToFormatWorker =
  | { op: 'learn'; columns: JobColumnsOnly; strings: string[]; instanceIds: [number, string][]; upTo: number }
  | { op: 'end' };
export type FromFormatWorker = { op: 'rows'; rows: number } | { op: 'done'; bytes: number; sha256: string } | { op: 'failed'; error: WriteFailure };

/** A file being written by a worker of formatWorker.ts. */
class FormatWorker {
  private readonly worker: Worker;
  /** Resolves with what was written once the thread is done. */
  readonly done: Promise<WrittenFile>;

  constructor(workerData: FormatWorkerData, onRows?: (rows: number) => void) {
    this.worker = new (workerThreads().Worker)(WORKER_URL, { workerData });
    let settled = false;
    this.done = new Promise<WrittenFile>((resolve, reject) => {
      this.worker.on('message', (m: FromFormatWorker) => {
        if (m.op === 'rows') onRows?.(m.rows);
        else {
          settled = true;
          void this.worker.terminate();
          if (m.op === 'done') resolve({ bytes: m.bytes, sha256: m.sha256 });
          else reject(new ThreadWriteError(m.error));
        }
      });
      // A crash of the worker is a bug, not bad input: it surfaces as that error.
      this.worker.once('error', (e) => {
        settled = true;
        reject(e);
      });
      this.worker.once('exit', (code) => {
        if (!settled) reject(new Error(`the thread writing a record file exited with code ${code}`));
      });
    });
    // Its failure is reported where done is awaited; one never awaited (the run failed first) is not unhandled.
    this.done.catch(() => undefined);
  }

  post(m: ToFormatWorker): void {
    this.worker.postMessage(m);
  }

  /** Stop (the run failed elsewhere); resolves once the thread no longer writes to the descriptor. */
  async cancel(): Promise<void> {
    await this.worker.terminate();
  }
}

export type FormatWorkerData = { fd: number } & ({ kind: 'jobs'; executionOf: Int32Array | null } | { kind: 'attempts'; input: AttemptsCsvInput });

/** attempts.csv of a finished run written to `fd` on a thread (its columns are shared too). */
export function formatAttemptsOnThread(fd: number, input: AttemptsCsvInput, onRows?: (rows: number) => void): { done: Promise<WrittenFile>; cancel(): Promise<void> } {
  // The tables' columns are shared (not copied); the strings and the instances' names are copied.
  return new FormatWorker({ fd, kind: 'attempts', input }, onRows);
}

/** jobs.csv being written on its thread: tell it rows with learn(), then end(). */
export class JobsCsvThread {
  private readonly worker: FormatWorker;
  readonly done: Promise<WrittenFile>;
  private stringsSent = 0;

  /** `executionOf`: runs with state machines (jobs.csv's executionId column). `onRows` hears the rows written. */
  constructor(fd: number, executionOf: Int32Array | null, onRows?: (rows: number) => void) {
    this.worker = new FormatWorker({ fd, kind: 'jobs', executionOf }, onRows);
    this.done = this.worker.done;
  }

  /** Rows [0, upTo) of `table` are final; `strings` are all the table's strings so far; `instanceIds` those new to the thread. */
  learn(table: JobTable, upTo: number, instanceIds: [number, string][]): void {
    const { strings, ...columns } = table;
    const fresh = strings.slice(this.stringsSent);
    this.stringsSent = strings.length;
    this.worker.post({ op: 'learn', columns, strings: fresh, instanceIds, upTo });
  }

  /** Every row is told: finish the file. */
  end(): Promise<WrittenFile> {
    this.worker.post({ op: 'end' });
    return this.done;
  }

  cancel(): Promise<void> {
    return this.worker.cancel();
  }
}

/** Write jobs.csv of a finished run's `input` to `fd` on a thread. */
export function formatJobsOnThread(fd: number, input: JobsCsvInput, onRows?: (rows: number) => void): JobsCsvThread {
  const thread = new JobsCsvThread(fd, input.executionOf, onRows);
  thread.learn(input.jobs, input.jobs.count, input.instanceIds.map((id, ordinal): [number, string] => [ordinal, id]));
  void thread.end();
  return thread;
}

/** Where a stream's thread writes: `start` makes the thread on the file's descriptor; resolves once the file is written and closed. */
export type OpenJobsCsv = (start: (fd: number) => JobsCsvThread) => Promise<void>;

/**
 * jobs.csv written while the run goes: the recorder's listener. The file and its thread are made
 * once `minRows` rows are final (`open`: a file of the output folder), so a small run makes
 * neither. finish() tells the last rows once the run has closed; it gives false when a row told
 * final was written again (then jobs.csv is written after the run instead, as without a stream).
 * Not for runs with state machines: their executionId column is known only at the end.
 */
export class JobsCsvStream implements JobRowsListener {
  private thread: JobsCsvThread | null = null;
  private written: Promise<unknown> | null = null;
  private broken = false;
  private onRows: ((rows: number) => void) | undefined;

  constructor(
    private readonly open: OpenJobsCsv,
    private readonly minRows = FORMAT_THREAD_MIN_ROWS,
    readonly every = 1 << 14,
  ) {}

  /** Whether its thread was made (rows went out while the run went). */
  get started(): boolean {
    return this.thread !== null;
  }

  final(upTo: number, rows: FinalJobRows): void {
    if (this.broken || (this.thread === null && upTo < this.minRows)) return;
    if (this.thread === null) {
      this.written = this.open((fd) => (this.thread = new JobsCsvThread(fd, null, (n) => this.onRows?.(n))));
      this.written.catch(() => undefined);
      // The file could not be opened: jobs.csv is then written after the run, which reports why.
      if ((this.thread as JobsCsvThread | null) === null) {
        this.broken = true;
        return;
      }
    }
    this.thread!.learn(rows.table(), upTo, rows.takeInstanceIds());
  }

  rewritten(): void {
    this.broken = true;
  }

  /** The run has closed: tell the rest and wait for the file. False: there is no stream to finish (see above). */
  async finish(result: SimulationResult, onRows?: (rows: number) => void): Promise<boolean> {
    const thread = this.thread;
    if (thread === null) return false;
    this.onRows = onRows;
    if (this.broken) {
      await thread.cancel();
      await this.written!.catch(() => undefined);
      return false;
    }
    // Every instance id, not just the new ones: a row the run closed may name any.
    thread.learn(result.jobs, result.jobs.count, result.instances.map((x, k): [number, string] => [k + 1, x.instanceId]));
    void thread.end();
    await this.written;
    return true;
  }

  async cancel(): Promise<void> {
    await this.thread?.cancel();
  }
}

// Writing the record CSVs. Rows are written as bytes (records/bytes.ts) through a fixed buffer into
// an output folder's sink, never built as one string, and the writer yields to the event loop after
// each buffer so a signal (Ctrl-C) is heard while a million rows are written.
import { ByteWriter } from '../records/bytes.js';
import type { SimulationResult } from '../records/result.js';
import { attemptsCsvInput, jobsCsvInput, recordTables, type RecordTable } from '../records/tables.js';
import { formatAttemptsOnThread, formatJobsOnThread, formatThreadWorthIt, type JobsCsvStream } from './formatThread.js';
import type { OutputFolder } from './output.js';
import type { ThreadedSink } from './writerThread.js';

/**
 * Write `table` as CSV through a threaded sink (OutputFolder.stream): each full buffer is handed
 * over, and the next row waits for a free one. `onRows` hears how many rows are written so far,
 * after each buffer.
 */
export async function writeTableCsv(sink: ThreadedSink, table: RecordTable, onRows?: (rows: number) => void): Promise<void> {
  // The sink lends the buffers (its first()), so none is sized here.
  const w = new ByteWriter(sink);
  w.text(table.columns.join(','));
  w.newline();
  let flushes = w.flushes;
  for (let i = 0; i < table.rowCount; i++) {
    table.writeRow(i, w);
    w.newline();
    if (w.flushes !== flushes) {
      flushes = w.flushes;
      onRows?.(i);
      await sink.ready();
    }
  }
  w.end();
  onRows?.(table.rowCount);
}

/** How a run's record CSVs are written. */
export interface RecordCsvOptions {
  /** Hears the fraction of all their rows written, from writeAll() on. */
  onProgress?: (fraction: number) => void;
  /** jobs.csv and attempts.csv get threads of their own from this many jobs on (formatThread.ts's FORMAT_THREAD_MIN_ROWS). */
  jobsThreadMinRows?: number;
  /** jobs.csv as written while the run went (startRunOutputs), if it was. */
  stream?: JobsCsvStream;
}

/**
 * A run's record CSVs. For a big run, start() puts jobs.csv and attempts.csv on threads of their
 * own (formatThread.ts): jobs.csv is finished if it was streamed while the run went, or begun, and
 * attempts.csv begun; this can go before the summary and the charts' data are made. writeAll()
 * writes the others here (through the writer thread) and waits for the two.
 */
export class RecordCsvs {
  private readonly tables: RecordTable[];
  /** Whether jobs.csv and attempts.csv are written on threads of their own. */
  readonly onThread: boolean;
  private readonly total: number;
  private big: Promise<unknown> | null = null;
  private readonly threads: { cancel(): Promise<void> }[] = [];
  private jobsRows = 0;
  private attemptsRows = 0;
  private mainRows = 0;
  /** Progress is told from writeAll() on (the caller's "writing records" phase), not while the threads run ahead. */
  private writing = false;

  constructor(
    private readonly folder: OutputFolder,
    private readonly result: SimulationResult,
    private readonly options: RecordCsvOptions = {},
  ) {
    this.onThread = (options.stream?.started ?? false) || formatThreadWorthIt(result.jobs.count, options.jobsThreadMinRows);
    this.tables = recordTables(result, this.onThread);
    this.total = Math.max(1, this.tables.reduce((n, t) => n + t.rowCount, this.onThread ? result.jobs.count + result.attempts.count : 0));
  }

  /** Put jobs.csv and attempts.csv on their threads, if they go there (once). */
  start(): this {
    if (!this.onThread || this.big !== null) return this;
    const onJobs = (rows: number): void => {
      this.jobsRows = rows;
      this.tell();
    };
    const stream = this.options.stream;
    const jobsAfterRun = (): Promise<unknown> =>
      this.folder.byThread('jobs.csv', (fd) => {
        const thread = formatJobsOnThread(fd, jobsCsvInput(this.result), onJobs);
        this.threads.push(thread);
        return thread.done;
      });
    // A stream that cannot be finished (a row it was told was final was written again) gives way to the thread after the run.
    const jobs = stream?.started ? stream.finish(this.result, onJobs).then((streamed) => (streamed ? undefined : jobsAfterRun())) : jobsAfterRun();
    const attempts = this.folder.byThread('attempts.csv', (fd) => {
      const thread = formatAttemptsOnThread(fd, attemptsCsvInput(this.result), (rows) => {
        this.attemptsRows = rows;
        this.tell();
      });
      this.threads.push(thread);
      return thread.done;
    });
    // Both are waited for (neither thread writes after a failure is reported), and jobs.csv's failure is told first.
    this.big = Promise.allSettled([jobs, attempts]).then((settled) => {
      for (const s of settled) if (s.status === 'rejected') throw s.reason;
    });
    // Its failure is reported where it is awaited; one never awaited (the run failed first) is not unhandled.
    this.big.catch(() => undefined);
    return this;
  }

  async writeAll(): Promise<void> {
    this.start();
    this.writing = true;
    let before = 0;
    for (const table of this.tables) {
      await this.folder.stream(`${table.name}.csv`, (sink) =>
        writeTableCsv(sink, table, (rows) => {
          this.mainRows = before + rows;
          this.tell();
        }),
      );
      before += table.rowCount;
    }
    await this.big;
  }

  /** Stop the threads (the run failed); resolves once they no longer write. */
  async cancel(): Promise<void> {
    await this.options.stream?.cancel();
    for (const t of this.threads) await t.cancel();
  }

  private tell(): void {
    if (this.writing) this.options.onProgress?.((this.jobsRows + this.attemptsRows + this.mainRows) / this.total);
  }
}

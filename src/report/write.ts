// Writing the record CSVs. Rows are written as bytes (records/bytes.ts) through a fixed buffer into
// an output folder's sink, never built as one string, and the writer yields to the event loop after
// each buffer so a signal (Ctrl-C) is heard while a million rows are written.
import { ByteWriter } from '../records/bytes.js';
import type { RecordTable } from '../records/tables.js';
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

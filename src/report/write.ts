// Writing the record CSVs. Rows are written as bytes (records/bytes.ts) through a fixed buffer into
// an output folder's sink, never built as one string, and the writer yields to the event loop after
// each buffer so a signal (Ctrl-C) is heard while a million rows are written.
import { ByteWriter } from '../records/bytes.js';
import type { RecordTable } from '../records/tables.js';
import type { Sink } from './output.js';

const BUFFER_BYTES = 1 << 22;

/** Write `table` as CSV. `onRows` hears how many rows are written so far, after each buffer. */
export async function writeTableCsv(sink: Sink, table: RecordTable, onRows?: (rows: number) => void): Promise<void> {
  const w = new ByteWriter(sink, BUFFER_BYTES);
  w.text(table.columns.join(','));
  w.newline();
  let flushes = w.flushes;
  for (let i = 0; i < table.rowCount; i++) {
    table.writeRow(i, w);
    w.newline();
    if (w.flushes !== flushes) {
      flushes = w.flushes;
      onRows?.(i);
      await new Promise((r) => setImmediate(r));
    }
  }
  w.flush();
  onRows?.(table.rowCount);
}

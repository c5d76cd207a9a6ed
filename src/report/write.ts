// Writing the record CSVs. They stream through a fixed buffer into an output folder's sink, never
// built as one string, and yield to the event loop after each buffer so a signal (Ctrl-C) is
// heard while a million rows are written.
import type { RecordTable } from '../records/tables.js';
import type { Sink } from './output.js';

const BUFFER_BYTES = 1 << 22;

/** Write `table` as CSV. `onRows` hears how many rows are written so far, after each buffer. */
export async function writeTableCsv(sink: Sink, table: RecordTable, onRows?: (rows: number) => void): Promise<void> {
  const buf = Buffer.allocUnsafe(BUFFER_BYTES);
  let p = 0;
  const flush = async (rows: number): Promise<void> => {
    sink.write(buf, p);
    p = 0;
    onRows?.(rows);
    await new Promise((r) => setImmediate(r));
  };
  const put = async (text: string, rows: number): Promise<void> => {
    // A UTF-8 character is at most 3 bytes per UTF-16 unit.
    if (p + text.length * 3 > buf.length) {
      await flush(rows);
      if (text.length * 3 > buf.length) {
        sink.write(Buffer.from(text, 'utf8'));
        return;
      }
    }
    p += buf.write(text, p, table.ascii ? 'latin1' : 'utf8');
  };
  await put(table.columns.join(',') + '\n', 0);
  for (let i = 0; i < table.rowCount; i++) {
    const line = table.line(i) + '\n';
    // Most lines fit: skip the async call (and its promise) on the hot path.
    if (p + line.length * 3 <= buf.length) p += buf.write(line, p, table.ascii ? 'latin1' : 'utf8');
    else await put(line, i);
  }
  sink.write(buf, p);
  onRows?.(table.rowCount);
}

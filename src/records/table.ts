// What a record table is to its writers: named columns, and row i written as CSV bytes.
import { ByteWriter } from './bytes.js';

export interface RecordTable {
  /** File name without extension. */
  name: string;
  columns: readonly string[];
  rowCount: number;
  /** Row i as CSV bytes, without the line break. */
  writeRow(i: number, w: ByteWriter): void;
  /** Row i as CSV text, without the line break (for the few readers that want a string). */
  line(i: number): string;
}

/** A table from its row writer; line(i) is the same bytes, decoded. */
export function recordTable(t: Omit<RecordTable, 'line'>): RecordTable {
  let chunks: Buffer[] = [];
  const scratch = new ByteWriter({ write: (b, n = b.length) => chunks.push(Buffer.from(b.subarray(0, n))) }, 1 << 12);
  return {
    ...t,
    line(i) {
      chunks = [];
      scratch.discard();
      t.writeRow(i, scratch);
      return Buffer.concat([...chunks, scratch.buf.subarray(0, scratch.p)]).toString('utf8');
    },
  };
}

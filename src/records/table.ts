// What a record table is to its writers: named columns and row i as one CSV line.

export interface RecordTable {
  /** File name without extension. */
  name: string;
  columns: readonly string[];
  rowCount: number;
  /** Row i as CSV text, without the line break. */
  line(i: number): string;
  /** Whether every character is ASCII (then the writer may use the faster latin1 encoding). */
  ascii: boolean;
}

export const isAscii = (s: string): boolean => /^[\x00-\x7f]*$/.test(s);

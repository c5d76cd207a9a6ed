// Writing a run's outputs. Each file goes to a temporary name in the output folder and is renamed
// into place only when every file is complete, so an interrupted run never leaves a half-written
// file that looks whole. CSVs stream through a fixed buffer, never built as one string.
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordTable } from '../records/tables.js';

const BUFFER_BYTES = 1 << 22;

export function writeTableCsv(path: string, table: RecordTable): void {
  const fd = openSync(path, 'w');
  try {
    const buf = Buffer.allocUnsafe(BUFFER_BYTES);
    let p = 0;
    const put = (text: string): void => {
      // A UTF-8 character is at most 3 bytes per UTF-16 unit.
      if (p + text.length * 3 > buf.length) {
        writeSync(fd, buf, 0, p);
        p = 0;
        if (text.length * 3 > buf.length) {
          writeSync(fd, text, null, 'utf8');
          return;
        }
      }
      p += buf.write(text, p, table.ascii ? 'latin1' : 'utf8');
    };
    put(table.columns.join(',') + '\n');
    for (let i = 0; i < table.rowCount; i++) put(table.line(i) + '\n');
    writeSync(fd, buf, 0, p);
  } finally {
    closeSync(fd);
  }
}

export type OutputFile = { name: string; write(path: string): void };

/** Write every file under temporary names, then rename them all; on failure remove the temporaries. */
export function writeAtomically(dir: string, files: readonly OutputFile[]): string[] {
  mkdirSync(dir, { recursive: true });
  const temps: [string, string][] = [];
  try {
    for (const f of files) {
      const tmp = join(dir, `.${f.name}.tmp-${process.pid}`);
      temps.push([tmp, join(dir, f.name)]);
      f.write(tmp);
    }
  } catch (err) {
    for (const [tmp] of temps) rmSync(tmp, { force: true });
    throw err;
  }
  for (const [tmp, final] of temps) renameSync(tmp, final);
  return temps.map(([, final]) => final);
}

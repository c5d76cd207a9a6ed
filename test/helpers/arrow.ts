// Reading an output folder's Arrow files back against its CSVs, cell by cell (record tests).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC, type Table } from 'apache-arrow';
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';

/** Whether CSV cell `text` holds Arrow value `v`: an empty cell is a null, numbers compare as numbers. */
export function sameCell(text: string, v: unknown): boolean {
  if (v === null) return text === '';
  if (typeof v === 'number') return text !== '' && Number(text) === v;
  if (typeof v === 'boolean') return text === String(v);
  return v === text;
}

/** `name`.csv of `dir`: its header and rows. */
export function readCsv(dir: string, name: string): { header: string[]; body: string[][] } {
  const [header, ...body] = parse(readFileSync(join(dir, `${name}.csv`)), { columns: false }) as string[][];
  return { header, body };
}

export const readArrow = (dir: string, name: string): Table => tableFromIPC(readFileSync(join(dir, `${name}.arrow`)));

/** Every cell of `name`.arrow against `name`.csv (same columns, same rows, at least one); returns both. */
export function readsBack(dir: string, name: string): { header: string[]; body: string[][]; table: Table } {
  const { header, body } = readCsv(dir, name);
  const table = readArrow(dir, name);
  expect(table.schema.fields.map((f) => f.name), name).toEqual(header);
  expect(table.numRows, name).toBe(body.length);
  expect(body.length, `${name} has rows`).toBeGreaterThan(0);
  for (let c = 0; c < header.length; c++) {
    const column = table.getChildAt(c)!;
    for (let i = 0; i < body.length; i++) {
      const v = column.get(i);
      if (!sameCell(body[i][c], v)) expect.fail(`${name}.${header[c]} row ${i + 1}: CSV "${body[i][c]}", Arrow ${JSON.stringify(v)}`);
    }
  }
  return { header, body, table };
}

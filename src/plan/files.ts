// Writing a planner folder's result files: each to a temporary name, then all renamed once every
// one is complete, so an interrupted write never leaves a half-written file that looks whole. (A
// sweep folder is not swapped whole like a run's: its journal grows in place while runs finish.)
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Chart } from '../report/charts/specs.js';
import { renderOnThreads } from '../report/renderPool.js';
import { chartFileEntries } from '../report/reportFiles.js';
import { writeFilesAtomically } from '../report/output.js';
import * as m from '../report/messages.js';

/** A problem with an output folder or the files in it: bad input, exit 2. */
export class SweepFolderError extends Error {}

/**
 * Check that `dir` can be a planner command's output folder, and create it: a new path, an empty
 * folder, or a folder whose entries `ours` recognizes as that command's earlier outputs (a
 * planner folder is written in place, never replaced whole, so anything else in it is the user's
 * and refused with `notOurs`). Checked before anything runs, with run's wording for the same
 * problems: an empty path would be the current folder, and a file is not a folder.
 */
export function claimOutputFolder(dir: string, ours: (names: readonly string[]) => boolean, notOurs: string): void {
  if (dir === '') throw new SweepFolderError(m.emptyOutPath());
  let names: string[] | null = null;
  try {
    if (!statSync(dir).isDirectory()) throw new SweepFolderError(m.outNotFolder(dir));
    names = readdirSync(dir);
  } catch (e) {
    if (e instanceof SweepFolderError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    // A missing folder (or one under a file) is for makeFolder to create or refuse.
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new SweepFolderError(m.cannotRead(dir, e));
  }
  if (names !== null && names.length > 0 && !ours(names)) throw new SweepFolderError(notOurs);
  makeFolder(dir);
}

/**
 * Create a folder and its missing parents one level at a time, each tried once: Node's recursive
 * mkdir retries for ever under /proc. Failures are bad input, named by path.
 */
export function makeFolder(dir: string): void {
  const abs = resolve(dir);
  const missing: string[] = [];
  for (let p = abs; ; p = dirname(p)) {
    try {
      if (statSync(p).isDirectory()) break;
      throw new SweepFolderError(p === abs ? m.outNotFolder(dir) : m.cannotCreate(dir, { code: 'ENOTDIR' }));
    } catch (e) {
      if (e instanceof SweepFolderError) throw e;
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(p) === p) throw new SweepFolderError(m.cannotCreate(dir, e));
      missing.push(p);
    }
  }
  for (const p of missing.reverse()) {
    try {
      mkdirSync(p);
    } catch (e) {
      throw new SweepFolderError(m.cannotCreate(dir, e));
    }
  }
}

/** The files, by name, into `dir` (made if need be), each whole or not at all (report/output.ts writeFilesAtomically). */
export function writeFilesInPlace(dir: string, files: readonly (readonly [string, string | Buffer])[]): string[] {
  makeFolder(dir);
  return writeFilesAtomically(files.map(([name, data]) => ({ path: join(dir, name), data })), { folder: dir });
}

/** Each chart as its three files, `<name>.vl.json`, `.svg` and `.png`, rendered headlessly on `threads` threads. */
export async function chartFiles(charts: readonly Chart[], threads = 1): Promise<[string, string | Buffer][]> {
  return chartFileEntries(charts, await renderOnThreads(charts.map((c) => c.spec), threads));
}

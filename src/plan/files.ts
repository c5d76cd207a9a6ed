// Writing a planner folder's result files: each to a temporary name, then all renamed once every
// one is complete, so an interrupted write never leaves a half-written file that looks whole. (A
// sweep folder is not swapped whole like a run's: its journal grows in place while runs finish.)
import { mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
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
 * problems: an empty path would be the current folder, and a file is not a folder. Returns the
 * folders it created (makeFolder's), for removeCreatedFolders when the command ends with nothing written.
 */
export function claimOutputFolder(dir: string, ours: (names: readonly string[]) => boolean, notOurs: string): string[] {
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
  return makeFolder(dir);
}

/**
 * claimOutputFolder's `ours` for a command that writes `files` (writeFilesAtomically, each through a
 * `.<name>.tmp-<pid>` temporary): a folder holding only those, and the temporaries of a run killed
 * while writing them.
 */
export const holdsOnly =
  (files: readonly string[]) =>
  (names: readonly string[]): boolean =>
    names.every((n) => files.includes(n) || files.some((f) => n.startsWith(`.${f}.tmp-`)));

/**
 * Create a folder and its missing parents one level at a time, each tried once: Node's recursive
 * mkdir retries for ever under /proc. Failures are bad input, named by path. Returns the folders
 * it created, outermost first.
 */
export function makeFolder(dir: string): string[] {
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
  missing.reverse();
  for (const p of missing) {
    try {
      mkdirSync(p);
    } catch (e) {
      throw new SweepFolderError(m.cannotCreate(dir, e));
    }
  }
  return missing;
}

/**
 * Remove what makeFolder created, innermost first, where each is still empty: a command
 * interrupted or failed before writing leaves no folder it made. Best effort: a folder that has
 * gained files, or cannot be removed, stays.
 */
export function removeCreatedFolders(created: readonly string[]): void {
  for (const dir of [...created].reverse()) {
    try {
      rmdirSync(dir);
    } catch {
      return;
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

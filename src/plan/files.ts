// Writing a planner folder's result files: each to a temporary name, then all renamed once every
// one is complete, so an interrupted write never leaves a half-written file that looks whole. (A
// sweep folder is not swapped whole like a run's: its journal grows in place while runs finish.)
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Chart } from '../report/charts/specs.js';
import { renderOnThreads } from '../report/renderPool.js';
import { chartFileEntries } from '../report/reportFiles.js';

/** A problem with an output folder or the files in it: bad input, exit 2. */
export class SweepFolderError extends Error {}

/**
 * Create a folder and its missing parents one level at a time, each tried once: Node's recursive
 * mkdir retries for ever under /proc. Failures are bad input, named by path.
 */
export function makeFolder(dir: string): void {
  const abs = resolve(dir);
  const missing: string[] = [];
  for (let p = abs; ; p = dirname(p)) {
    try {
      if (!statSync(p).isDirectory()) throw new SweepFolderError(`${p === abs ? dir : p} is not a folder`);
      break;
    } catch (e) {
      if (e instanceof SweepFolderError) throw e;
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(p) === p) throw new SweepFolderError(`cannot use ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      missing.push(p);
    }
  }
  for (const p of missing.reverse()) {
    try {
      mkdirSync(p);
    } catch (e) {
      throw new SweepFolderError(`cannot create ${p}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  }
}

export function writeFilesInPlace(dir: string, files: readonly (readonly [string, string | Buffer])[]): string[] {
  makeFolder(dir);
  const temps: [string, string][] = [];
  try {
    for (const [name, data] of files) {
      const tmp = join(dir, `.${name}.tmp-${process.pid}`);
      temps.push([tmp, join(dir, name)]);
      writeFileSync(tmp, data);
    }
  } catch (err) {
    for (const [tmp] of temps) rmSync(tmp, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    throw code ? new SweepFolderError(`cannot write in ${dir}: ${code}`) : err;
  }
  for (const [tmp, final] of temps) renameSync(tmp, final);
  return temps.map(([, final]) => final);
}

/** Each chart as its three files, `<name>.vl.json`, `.svg` and `.png`, rendered headlessly on `threads` threads. */
export async function chartFiles(charts: readonly Chart[], threads = 1): Promise<[string, string | Buffer][]> {
  return chartFileEntries(charts, await renderOnThreads(charts.map((c) => c.spec), threads));
}

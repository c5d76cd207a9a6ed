// jobs.csv and attempts.csv written on threads of their own (report/formatThread.ts) have the bytes
// of the files written on the main thread: for every golden scenario (arrays, dependencies, Spot,
// Fargate, state machines, traces…) the threads' files have the hashes test/golden/hashes.json
// holds, which the golden harness makes on the main thread (it runs the TypeScript sources, where no
// thread is started); both after the run and with jobs.csv streamed while the run goes, 7 rows at a
// time. The compiled dist/ (npm run build) runs in plain Node (test/helpers/threadedRecords.mjs), as
// in a user's run. A stream told that a row was written again gives way to the thread after the run;
// a run simulated in slices is the run simulated at once; a write that fails on a thread is reported
// with its code; cancelled threads leave nothing behind.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const golden = JSON.parse(readFileSync(join(ROOT, 'test/golden/hashes.json'), 'utf8')) as Record<string, Record<string, string>>;
const seed1 = Object.keys(golden).filter((k) => k.endsWith(' seed 1')).map((k) => k.slice(0, -' seed 1'.length));

/** The helper script's JSON for `mode` over `files`. */
function threaded<T>(mode: string, files: string[]): T {
  const r = spawnSync(process.execPath, [join(ROOT, 'test/helpers/threadedRecords.mjs'), mode, ROOT, ...files], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`threadedRecords ${mode}: exit ${r.status}\n${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

type Written = Record<string, { onThread: boolean; streamed: boolean; finished: boolean | null; files: Record<string, string>; manifest: { name: string; bytes: number; sha256: string }[]; sizes: Record<string, number> }>;

describe("the record files' own threads", () => {
  it('jobs.csv and attempts.csv have the bytes of the main thread for every golden scenario', () => {
    expect(seed1.length).toBeGreaterThan(15);
    const written = threaded<Written>('after', seed1);
    for (const file of seed1) {
      const w = written[file];
      const key = `${file} seed 1`;
      expect(w.onThread, file).toBe(true);
      for (const name of ['jobs.csv', 'attempts.csv', 'summary.json']) expect(w.files[name], `${file} ${name}`).toBe(golden[key][name]);
      // The manifest names them with the size and hash of their bytes, like every other file.
      for (const name of ['jobs.csv', 'attempts.csv']) expect(w.manifest.find((f) => f.name === name), `${file} ${name}`).toEqual({ name, bytes: w.sizes[name], sha256: golden[key][name] });
    }
  });

  it('with jobs.csv streamed while the run goes, 7 final rows at a time, the same bytes for every golden scenario', () => {
    const written = threaded<Written>('stream', seed1);
    for (const file of seed1) for (const name of ['jobs.csv', 'attempts.csv', 'summary.json']) expect(written[file].files[name], `${file} ${name}`).toBe(golden[`${file} seed 1`][name]);
    expect(seed1.filter((f) => written[f].streamed).length).toBeGreaterThan(12);
    for (const f of seed1) expect(written[f].finished, f).toBe(written[f].streamed ? true : null);
  });

  it('a stream told a row was written again gives way to jobs.csv written after the run: the same bytes, named once in the manifest', () => {
    const files = ['bench/array-n2n-2500.yaml', 'scenarios/contract-basic.yaml'];
    const written = threaded<Written>('rewritten', files);
    for (const file of files) {
      const key = `${file} seed 1`;
      expect(written[file].streamed, file).toBe(true);
      // It gave way (its thread stopped part-way); the file was then written whole, over what it had written.
      expect(written[file].finished, file).toBe(false);
      for (const name of ['jobs.csv', 'attempts.csv']) expect(written[file].files[name], `${file} ${name}`).toBe(golden[key][name]);
      expect(written[file].manifest.filter((f) => f.name === 'jobs.csv')).toEqual([{ name: 'jobs.csv', bytes: written[file].sizes['jobs.csv'], sha256: golden[key]['jobs.csv'] }]);
    }
  });

  it('a run simulated in slices is the run simulated at once (summary and exact event trace)', () => {
    // 60,000 jobs: about 120,000 events, so a slice of 0 ms pauses at the 65,536th.
    const d = mkdtempSync(join(tmpdir(), 'batchsim-format-'));
    const big = join(d, 'big.yaml');
    writeFileSync(big, readFileSync(join(ROOT, 'bench/mm16-1m.yaml'), 'utf8').replace('count: 1000000', 'count: 60000'));
    const r = threaded<{ pauses: number; traces: string[]; summaries: string[] }>('slices', [big]);
    expect(r.pauses).toBeGreaterThan(0);
    expect(r.traces[1]).toBe(r.traces[0]);
    expect(r.summaries[1]).toBe(r.summaries[0]);
    rmSync(d, { recursive: true, force: true });
  });

  it('a write that fails on the thread (a descriptor opened read-only) is reported with its code', () => {
    expect(threaded('readonly', ['bench/array-n2n-2500.yaml'])).toEqual({ threadWriteError: true, code: 'EBADF', left: '' });
  });

  it('a run that fails after its threads began leaves no temporaries and the previous outputs as they were', () => {
    expect(threaded('cancel', ['bench/array-n2n-10000.yaml'])).toEqual({ onThread: true, left: ['out'], outs: ['manifest.json', 'summary.json'], kept: true });
  });
});

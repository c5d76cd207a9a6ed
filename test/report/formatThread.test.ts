// jobs.csv and attempts.csv written on threads of their own (report/formatThread.ts) have the bytes
// of the files written on the main thread: for every golden scenario (arrays, dependencies, Spot, Fargate, state machines,
// traces…) the compiled thread's file has the hash test/golden/hashes.json holds, which the golden
// harness makes on the main thread (it runs the TypeScript sources, where no thread is started);
// both after the run and streamed while it goes, in batches of a few rows. The thread's code is the
// compiled dist/ (npm run build), as in a user's run. A write that fails on the thread is reported
// with its code; a cancelled one leaves nothing behind.
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
type Api = typeof import('../../src/api/run.js');
type Tables = typeof import('../../src/records/tables.js');
type Thread = typeof import('../../src/report/formatThread.js');
type WriterThread = typeof import('../../src/report/writerThread.js');
type Simulate = typeof import('../../src/plan/simulate.js');
type Data = typeof import('../../src/data/load.js');
const dist = <T>(path: string): Promise<T> => import(pathToFileURL(join(ROOT, 'dist', path)).href) as Promise<T>;

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const golden = JSON.parse(readFileSync(join(ROOT, 'test/golden/hashes.json'), 'utf8')) as Record<string, Record<string, string>>;
const seed1 = Object.keys(golden).filter((k) => k.endsWith(' seed 1'));

async function simulated(api: Api, file: string, seed = 1) {
  const loaded = api.loadScenario(join(ROOT, file), { seed });
  if (!loaded.scenario) throw new Error(`${file}: ${JSON.stringify(loaded.issues)}`);
  return api.simulateScenario(loaded.scenario);
}

describe('the record files\' own threads', () => {
  it('jobs.csv and attempts.csv have the bytes of the main thread for every golden scenario', async () => {
    const api = await dist<Api>('api/run.js');
    expect(seed1.length).toBeGreaterThan(15);
    for (const key of seed1) {
      const file = key.slice(0, -' seed 1'.length);
      const result = await simulated(api, file);
      const dir = join(mkdtempSync(join(tmpdir(), 'batchsim-format-')), 'out');
      try {
        const folder = api.OutputFolder.open(dir);
        const started = api.startRunOutputs(folder, result, { jobsThreadMinRows: 0 });
        expect(started?.onThread).toBe(true);
        await api.writeRunOutputs(folder, { result, summary: api.summarize(result) }, 'records', { started });
        expect(sha256(readFileSync(join(dir, 'jobs.csv'))), key).toBe(golden[key]['jobs.csv']);
        expect(sha256(readFileSync(join(dir, 'attempts.csv'))), key).toBe(golden[key]['attempts.csv']);
        // The manifest names it with the size and hash of its bytes, like every other file.
        const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: { name: string; bytes: number; sha256: string }[] };
        expect(manifest.files.find((f) => f.name === 'jobs.csv'), key).toEqual({ name: 'jobs.csv', bytes: readFileSync(join(dir, 'jobs.csv')).length, sha256: golden[key]['jobs.csv'] });
      } finally {
        rmSync(dirname(dir), { recursive: true, force: true });
      }
    }
  });

  it('streamed while the run goes, in batches of 7 final rows, writes the same bytes for every golden scenario', async () => {
    const api = await dist<Api>('api/run.js');
    const { JobsCsvStream } = await dist<Thread>('report/formatThread.js');
    const { simulateInSlices } = await dist<Simulate>('plan/simulate.js');
    const { loadCatalog } = await dist<Data>('data/load.js');
    let streamed = 0;
    for (const key of seed1) {
      const file = key.slice(0, -' seed 1'.length);
      const loaded = api.loadScenario(join(ROOT, file), { seed: 1 });
      const dir = join(mkdtempSync(join(tmpdir(), 'batchsim-format-')), 'out');
      try {
        const folder = api.OutputFolder.open(dir);
        // Runs with state machines are not streamed (streamJobsCsv): here they show the fallback to after the run.
        const stream = new JobsCsvStream((start) => folder.byThread('jobs.csv', (fd) => start(fd).done.then((written) => ({ result: undefined, written }))), 0, 7);
        const pipelines = loaded.scenario!.workload.some((g) => g.stateMachine);
        const result = await simulateInSlices(loaded.scenario!, loadCatalog(), { sliceMs: 0, jobRows: pipelines ? undefined : stream });
        if (stream.started) streamed++;
        const started = api.startRunOutputs(folder, result, { stream, jobsThreadMinRows: 0 });
        await api.writeRunOutputs(folder, { result, summary: api.summarize(result) }, 'records', { started });
        for (const name of ['jobs.csv', 'attempts.csv', 'summary.json']) expect(sha256(readFileSync(join(dir, name))), `${key} ${name}`).toBe(golden[key][name]);
      } finally {
        rmSync(dirname(dir), { recursive: true, force: true });
      }
    }
    expect(streamed).toBeGreaterThan(12);
  });

  it('a run simulated in slices is the run simulated at once (summary and exact event trace)', async () => {
    const api = await dist<Api>('api/run.js');
    const { simulate, simulateInSlices } = await dist<Simulate>('plan/simulate.js');
    const { loadCatalog } = await dist<Data>('data/load.js');
    // 60,000 jobs: about 120,000 events, so a slice of 0 ms pauses at the 65,536th.
    const d = mkdtempSync(join(tmpdir(), 'batchsim-format-'));
    const big = join(d, 'big.yaml');
    writeFileSync(big, readFileSync(join(ROOT, 'bench/mm16-1m.yaml'), 'utf8').replace('count: 1000000', 'count: 60000'));
    const scenario = api.loadScenario(big).scenario!;
    const traced = () => {
      const h = createHash('sha256');
      return { h, trace: (e: { at: number; event: string; id: string; detail?: string }) => void h.update(`${e.at} ${e.event} ${e.id} ${e.detail ?? ''}\n`) };
    };
    const a = traced();
    const b = traced();
    let pauses = 0;
    const once = simulate(scenario, loadCatalog(), { trace: a.trace });
    const sliced = await simulateInSlices(scenario, loadCatalog(), { trace: b.trace, sliceMs: 0 }, async () => void pauses++);
    expect(pauses).toBeGreaterThan(0);
    expect(b.h.digest('hex')).toBe(a.h.digest('hex'));
    expect(api.summaryJson(api.summarize(sliced))).toBe(api.summaryJson(api.summarize(once)));
    rmSync(d, { recursive: true, force: true });
  });

  it('a write that fails on the thread (a descriptor opened read-only) is reported with its code', async () => {
    const api = await dist<Api>('api/run.js');
    const { jobsCsvInput } = await dist<Tables>('records/tables.js');
    const { formatJobsOnThread } = await dist<Thread>('report/formatThread.js');
    const { ThreadWriteError } = await dist<WriterThread>('report/writerThread.js');
    const result = await simulated(api, 'bench/array-n2n-2500.yaml');
    const path = join(mkdtempSync(join(tmpdir(), 'batchsim-format-')), 'ro.csv');
    writeFileSync(path, '');
    const fd = openSync(path, 'r');
    try {
      const err = await formatJobsOnThread(fd, jobsCsvInput(result)).done.then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(ThreadWriteError);
      expect((err as InstanceType<typeof ThreadWriteError>).code).toBe('EBADF');
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(path, 'utf8')).toBe('');
  });

  it('a run that fails after jobs.csv began leaves no temporaries and the previous outputs as they were', async () => {
    const api = await dist<Api>('api/run.js');
    const result = await simulated(api, 'bench/array-n2n-10000.yaml');
    const parent = mkdtempSync(join(tmpdir(), 'batchsim-format-'));
    const dir = join(parent, 'out');
    await api.writeRunOutputs(dir, { result, summary: api.summarize(result) }, 'summary');
    const before = readFileSync(join(dir, 'summary.json'), 'utf8');
    const folder = api.OutputFolder.open(dir);
    const started = api.startRunOutputs(folder, result, { jobsThreadMinRows: 0 })!;
    await started.cancel();
    folder.abandon();
    expect(readdirSync(parent)).toEqual(['out']);
    expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe(before);
    rmSync(parent, { recursive: true, force: true });
  });
});

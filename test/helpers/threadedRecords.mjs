// Run by test/report/formatThread.test.ts with plain Node (not under vitest, whose module runner
// would load the compiled modules a second time beside Node's require of the lazily loaded ones):
// the compiled dist/ as in a user's run. `node threadedRecords.mjs MODE ROOT [FILE…]` prints JSON.
//   after FILE…   each file's run written with jobs.csv and attempts.csv on their threads after the run
//   stream FILE…  the same, jobs.csv streamed while the run goes, 7 final rows at a time, slices of 0 ms
//   slices FILE   the run simulated at once and in slices of 0 ms: summaries, trace hashes, pauses
//   readonly FILE jobs.csv written by its thread to a descriptor opened read-only: the error's class and code
//   cancel FILE   a run's threads started, then cancelled and the folder abandoned: what is left
//   rewritten FILE jobs.csv streamed, told after its first rows that a row was written again: the
//                  stream gives way to the thread after the run (files and manifest as `after`)
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [mode, root, ...files] = process.argv.slice(2);
const dist = (p) => import(pathToFileURL(join(root, 'dist', p)).href);
const api = await dist('api/run.js');
const { loadCatalog } = await dist('data/load.js');
const { simulate, simulateInSlices } = await dist('plan/simulate.js');
const thread = await dist('report/formatThread.js');
const sha256 = (b) => createHash('sha256').update(b).digest('hex');
const scenarioOf = (file) => {
  const loaded = api.loadScenario(resolve(root, file), { seed: 1 });
  if (!loaded.scenario) throw new Error(`${file}: ${JSON.stringify(loaded.issues)}`);
  return loaded.scenario;
};
const tmp = () => mkdtempSync(join(tmpdir(), 'batchsim-threads-'));
const out = {};

if (mode === 'after' || mode === 'stream' || mode === 'rewritten') {
  for (const file of files) {
    const scenario = scenarioOf(file);
    const parent = tmp();
    const dir = join(parent, 'out');
    const folder = api.OutputFolder.open(dir);
    let stream;
    // Runs with state machines are not streamed (streamJobsCsv): they show the fallback to after the run.
    if (mode !== 'after' && !scenario.workload.some((g) => g.stateMachine)) {
      stream = new thread.JobsCsvStream((start) => folder.byThread('jobs.csv', (fd) => start(fd).done), 0, 7);
    }
    // `rewritten`: the recorder's word that a row told final was written again, after the first rows went out.
    const listener = mode === 'rewritten' && stream ? { every: stream.every, final: (upTo, rows) => (stream.final(upTo, rows), stream.rewritten()), rewritten: () => stream.rewritten() } : stream;
    const result = mode === 'after' ? api.simulateScenario(scenario) : await simulateInSlices(scenario, loadCatalog(), { sliceMs: 0, jobRows: listener });
    // What the stream's finish() said: true when it wrote jobs.csv, false when it gave way.
    let finished = null;
    if (stream) {
      const finish = stream.finish.bind(stream);
      stream.finish = async (...args) => (finished = await finish(...args));
    }
    const started = api.startRunOutputs(folder, result, { stream, jobsThreadMinRows: 0 });
    await api.writeRunOutputs(folder, { result, summary: api.summarize(result) }, 'records', { started });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    out[file] = {
      onThread: started?.onThread === true,
      streamed: stream?.started === true,
      finished,
      files: Object.fromEntries(['jobs.csv', 'attempts.csv', 'summary.json'].map((n) => [n, sha256(readFileSync(join(dir, n)))])),
      manifest: manifest.files.filter((f) => f.name === 'jobs.csv' || f.name === 'attempts.csv'),
      sizes: { 'jobs.csv': readFileSync(join(dir, 'jobs.csv')).length, 'attempts.csv': readFileSync(join(dir, 'attempts.csv')).length },
    };
    rmSync(parent, { recursive: true, force: true });
  }
} else if (mode === 'slices') {
  const scenario = scenarioOf(files[0]);
  const traced = () => {
    const h = createHash('sha256');
    return { h, trace: (e) => void h.update(`${e.at} ${e.event} ${e.id} ${e.detail ?? ''}\n`) };
  };
  const a = traced();
  const b = traced();
  let pauses = 0;
  const once = simulate(scenario, loadCatalog(), { trace: a.trace });
  const sliced = await simulateInSlices(scenario, loadCatalog(), { trace: b.trace, sliceMs: 0 }, async () => void pauses++);
  Object.assign(out, { pauses, traces: [a.h.digest('hex'), b.h.digest('hex')], summaries: [api.summaryJson(api.summarize(once)), api.summaryJson(api.summarize(sliced))] });
} else if (mode === 'readonly') {
  const { jobsCsvInput } = await dist('records/tables.js');
  const { ThreadWriteError } = await dist('report/writerThread.js');
  const result = api.simulateScenario(scenarioOf(files[0]));
  const path = join(tmp(), 'ro.csv');
  writeFileSync(path, '');
  const fd = openSync(path, 'r');
  const err = await thread.formatJobsOnThread(fd, jobsCsvInput(result)).done.then(() => null, (e) => e);
  closeSync(fd);
  Object.assign(out, { threadWriteError: err instanceof ThreadWriteError, code: err?.code ?? null, left: readFileSync(path, 'utf8') });
} else if (mode === 'cancel') {
  const result = api.simulateScenario(scenarioOf(files[0]));
  const parent = tmp();
  const dir = join(parent, 'out');
  await api.writeRunOutputs(dir, { result, summary: api.summarize(result) }, 'summary');
  const before = readFileSync(join(dir, 'summary.json'), 'utf8');
  const folder = api.OutputFolder.open(dir);
  const started = api.startRunOutputs(folder, result, { jobsThreadMinRows: 0 });
  await started.cancel();
  folder.abandon();
  Object.assign(out, { onThread: started.onThread, left: readdirSync(parent), outs: readdirSync(dir).sort(), kept: readFileSync(join(dir, 'summary.json'), 'utf8') === before });
  rmSync(parent, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(out));

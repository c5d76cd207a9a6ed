// Run by test/report/renderPool.test.ts with plain Node, on the compiled dist/ (worker threads
// need the compiled worker file): `node chartThreads.mjs ROOT FILE…` prints JSON with, per
// scenario file (seed 1), the sha256 of every chart's SVG and PNG drawn four ways:
//   oneThread   every chart on this thread, from the queue (largest spec first)
//   reversed    every chart on this thread, one by one in reverse chart order (renderChart)
//   workers     on two worker threads only, taking charts from one queue as they come free
//   run         by a run's own outputs (prepareCharts, then writeRunOutputs 'all': the worker started
//               before simulating, and this thread once the records are written), read back from the files
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, ...files] = process.argv.slice(2);
const dist = (p) => import(pathToFileURL(join(root, 'dist', p)).href);
const api = await dist('api/run.js');
const { chartDataOfRun } = await dist('report/charts/data.js');
const { buildCharts } = await dist('report/charts/specs.js');
const { renderOnThreads } = await dist('report/renderPool.js');
const { renderChart } = await dist('report/render.js');
const sha256 = (b) => createHash('sha256').update(b).digest('hex');
const hashes = (charts, drawn) => Object.fromEntries(charts.flatMap((c, i) => [[`${c.name}.svg`, sha256(drawn[i].svg)], [`${c.name}.png`, sha256(drawn[i].png)]]));

const out = {};
for (const file of files) {
  const loaded = api.loadScenario(resolve(root, file), { seed: 1 });
  if (!loaded.scenario) throw new Error(`${file}: ${JSON.stringify(loaded.issues)}`);
  // As `batchsim run` does: the run's chart worker started (and its renderer loading) before simulating.
  await api.prepareCharts('all');
  const run = api.runScenario(loaded.scenario);
  const charts = buildCharts(chartDataOfRun(run.result), run.summary);
  const specs = charts.map((c) => c.spec);
  const reversed = new Array(specs.length);
  for (let i = specs.length - 1; i >= 0; i--) reversed[i] = await renderChart(specs[i]);
  const dir = join(mkdtempSync(join(tmpdir(), 'batchsim-charts-')), 'out');
  await api.writeRunOutputs(dir, run, 'all');
  out[file] = {
    charts: charts.map((c) => c.name),
    oneThread: hashes(charts, await renderOnThreads(specs, 1)),
    reversed: hashes(charts, reversed),
    workers: hashes(charts, await renderOnThreads(specs, 2, false)),
    run: hashes(charts, charts.map((c) => ({ svg: readFileSync(join(dir, `${c.name}.svg`)), png: readFileSync(join(dir, `${c.name}.png`)) }))),
  };
  rmSync(join(dir, '..'), { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(out));

// npm run bench: times whole `batchsim run` invocations (wall clock, peak RSS) on the benchmark
// scenarios, and whole `batchsim sweep` invocations of a plan with --jobs 1 and --jobs 2, and prints
// Markdown tables for bench/RESULTS.md. Run on an otherwise idle machine.
//
//   BENCH_REPEATS=N    timed runs per case (default 3)
//   BENCH_CASES=run    only the `batchsim run` cases; BENCH_CASES=sweep only the sweep cases
//                      (default: both)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const repeats = Number(process.env.BENCH_REPEATS ?? 3);
const kinds = new Set((process.env.BENCH_CASES ?? 'run,sweep').split(',').map((k) => k.trim()));
for (const k of kinds) if (k !== 'run' && k !== 'sweep') throw new Error(`BENCH_CASES: expected run and/or sweep, got "${k}"`);

const hpc2n = join(root, '../shared/data/raw/traces/swf/HPC2N-2002-2.1-cln.swf.gz');

const cases = [
  // The foundation's "all outputs": summary.json and the four record CSVs (charts came later).
  { name: 'M/M/16, 1,000,000 jobs, --outputs records', args: ['bench/mm16-1m.yaml', '--outputs', 'records'], targetSeconds: 4 },
  { name: 'M/M/16, 1,000,000 jobs, --outputs summary', args: ['bench/mm16-1m.yaml', '--outputs', 'summary'], targetSeconds: 1.5 },
  { name: 'M/M/16, 1,000,000 jobs, --outputs all (records, charts, report.html)', args: ['bench/mm16-1m.yaml', '--outputs', 'all'], targetSeconds: null },
  { name: 'HPC2N log replay, 202,876 jobs, --outputs records', args: ['bench/hpc2n-replay.yaml', '--outputs', 'records'], targetSeconds: null, needs: hpc2n },
  { name: '2 x 2,500-child arrays, N_TO_N, --outputs records', args: ['bench/array-n2n-2500.yaml', '--outputs', 'records'], targetSeconds: null },
  { name: '2 x 10,000-child arrays, N_TO_N, --outputs records', args: ['bench/array-n2n-10000.yaml', '--outputs', 'records'], targetSeconds: null },
];

// Sweeps: one plan timed as a whole `batchsim sweep` process at each --jobs; the ratio of the
// medians (jobs 1 / jobs 2) is the speed-up from the second worker thread.
const sweepCases = [
  { name: '64-point sweep (8 x 8, 1 replication) of a 10,000-job scenario', plan: 'bench/sweep-64.yaml', jobs: [1, 2], targetRatio: 1.7 },
];

function once(args) {
  const dir = mkdtempSync(join(tmpdir(), 'batchsim-bench-'));
  const rssFile = join(dir, 'rss');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', join(root, 'bench/rss-probe.mjs'), join(root, 'dist/cli/main.js'), 'run', ...args, '--out', join(dir, 'out'), '--json'], {
    cwd: root,
    env: { ...process.env, BATCHSIM_BENCH_RSS_FILE: rssFile },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`batchsim ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  const rss = Number(readFileSync(rssFile, 'utf8'));
  const summary = JSON.parse(r.stdout);
  rmSync(dir, { recursive: true, force: true });
  return { seconds, rss, summary };
}

function sweepOnce(plan, jobs) {
  const dir = mkdtempSync(join(tmpdir(), 'batchsim-bench-'));
  const rssFile = join(dir, 'rss');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', join(root, 'bench/rss-probe.mjs'), join(root, 'dist/cli/main.js'), 'sweep', plan, '--out', join(dir, 'out'), '--jobs', String(jobs)], {
    cwd: root,
    env: { ...process.env, BATCHSIM_BENCH_RSS_FILE: rssFile },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`batchsim sweep ${plan} --jobs ${jobs} failed (${r.status}):\n${r.stderr}`);
  const rss = Number(readFileSync(rssFile, 'utf8'));
  const runs = readFileSync(join(dir, 'out', 'runs.jsonl'), 'utf8').trim().split('\n').length - 1;
  rmSync(dir, { recursive: true, force: true });
  return { seconds, rss, runs };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// A control for the sweep ratio: the same pure CPU loop on 1 and on 2 worker threads (each thread
// the same work), so 2 x t(1) / t(2) is the speed-up this machine gives a second thread right now,
// whatever batchsim does. On an idle 2-core machine it is about 2; on a shared one it can be 1.
const SPIN = `const { Worker } = require('node:worker_threads');
const n = Number(process.argv[1]);
const work = 'let x = 0; for (let i = 0; i < 6e8; i++) x += i % 7; require("node:worker_threads").parentPort.postMessage(x);';
const t0 = process.hrtime.bigint();
let done = 0;
for (let k = 0; k < n; k++) new Worker(work, { eval: true }).on('message', () => { if (++done === n) { console.log(Number(process.hrtime.bigint() - t0) / 1e9); process.exit(0); } });`;

function threadControl() {
  const t = (n) => Number(spawnSync(process.execPath, ['-e', SPIN, String(n)], { encoding: 'utf8' }).stdout);
  const t1 = t(1);
  const t2 = t(2);
  return { t1, t2, speedup: (2 * t1) / t2 };
}

const rows = [];
for (const c of kinds.has('run') ? cases : []) {
  if (c.needs && !existsSync(c.needs)) {
    process.stderr.write(`${c.name}: skipped, ${c.needs} is not here\n`);
    continue;
  }
  const runs = [];
  for (let i = 0; i < repeats; i++) runs.push(once(c.args));
  const times = runs.map((r) => r.seconds).sort((a, b) => a - b);
  const med = median(times);
  const rss = Math.max(...runs.map((r) => r.rss));
  const s = runs[0].summary;
  rows.push(
    `| ${c.name} | ${med.toFixed(2)} s | ${times[0].toFixed(2)} s | ${(rss / 2 ** 20).toFixed(0)} MiB | ${c.targetSeconds === null ? '-' : `${c.targetSeconds} s`} | ${c.targetSeconds === null ? '-' : med <= c.targetSeconds ? 'met' : 'missed'} | ${s.jobs.submitted} jobs, mean wait ${s.queueWaitSeconds.mean} s, utilisation ${s.utilisation.vcpu} |`,
  );
  process.stderr.write(`${c.name}: ${times.map((t) => t.toFixed(2)).join(', ')} s\n`);
}

const sweepRows = [];
const controls = [];
for (const c of kinds.has('sweep') ? sweepCases : []) {
  controls.push(threadControl());
  const byJobs = new Map();
  // Interleaved (jobs 1, jobs 2, jobs 1, …) so that a change in the machine's load hits both alike.
  for (let i = 0; i < repeats; i++) {
    for (const j of c.jobs) {
      const r = sweepOnce(c.plan, j);
      if (!byJobs.has(j)) byJobs.set(j, []);
      byJobs.get(j).push(r);
      process.stderr.write(`${c.name}, --jobs ${j}: ${r.seconds.toFixed(2)} s\n`);
    }
  }
  controls.push(threadControl());
  const cells = c.jobs.map((j) => {
    const rs = byJobs.get(j);
    return { j, med: median(rs.map((r) => r.seconds)), best: Math.min(...rs.map((r) => r.seconds)), rss: Math.max(...rs.map((r) => r.rss)), runs: rs[0].runs };
  });
  const ratio = cells[0].med / cells[cells.length - 1].med;
  sweepRows.push(
    `| ${c.name} | ${cells.map((x) => `${x.med.toFixed(2)} s (best ${x.best.toFixed(2)} s, ${(x.rss / 2 ** 20).toFixed(0)} MiB)`).join(' | ')} | ${ratio.toFixed(2)}x | ≥ ${c.targetRatio}x | ${ratio >= c.targetRatio ? 'met' : 'missed'} | ${cells[0].runs} runs |`,
  );
}

console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${repeats} runs each\n`);
if (rows.length > 0) {
  console.log('| case | median | best | peak RSS | target | result | figures |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}
if (sweepRows.length > 0) {
  if (rows.length > 0) console.log('');
  console.log('| sweep | --jobs 1: median (best, peak RSS) | --jobs 2: median (best, peak RSS) | jobs 1 / jobs 2 | target | result | size |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of sweepRows) console.log(r);
  const c = controls.map((x) => `${x.speedup.toFixed(2)}x (1 thread ${x.t1.toFixed(2)} s, 2 threads ${x.t2.toFixed(2)} s)`);
  console.log(`\nThread control, a pure CPU loop on 1 and 2 worker threads, before and after each sweep case: ${c.join('; ')}. About 2x means the machine had a second core free.`);
}

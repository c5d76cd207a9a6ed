// npm run bench: times whole `batchsim run` invocations (wall clock, peak RSS) on the benchmark
// scenarios and prints a Markdown table for bench/RESULTS.md. Run on an otherwise idle machine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const repeats = Number(process.env.BENCH_REPEATS ?? 3);

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

const rows = [];
for (const c of cases) {
  if (c.needs && !existsSync(c.needs)) {
    process.stderr.write(`${c.name}: skipped, ${c.needs} is not here\n`);
    continue;
  }
  const runs = [];
  for (let i = 0; i < repeats; i++) runs.push(once(c.args));
  const times = runs.map((r) => r.seconds).sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const rss = Math.max(...runs.map((r) => r.rss));
  const s = runs[0].summary;
  rows.push(
    `| ${c.name} | ${median.toFixed(2)} s | ${times[0].toFixed(2)} s | ${(rss / 2 ** 20).toFixed(0)} MiB | ${c.targetSeconds === null ? '-' : `${c.targetSeconds} s`} | ${c.targetSeconds === null ? '-' : median <= c.targetSeconds ? 'met' : 'missed'} | ${s.jobs.submitted} jobs, mean wait ${s.queueWaitSeconds.mean} s, utilisation ${s.utilisation.vcpu} |`,
  );
  process.stderr.write(`${c.name}: ${times.map((t) => t.toFixed(2)).join(', ')} s\n`);
}

console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${repeats} runs each\n`);
console.log('| case | median | best | peak RSS | target | result | figures |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);

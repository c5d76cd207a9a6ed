// npm run bench:instructions: the instructions a `batchsim run --outputs summary` of the M/M/16
// queue executes, counted by valgrind's callgrind, beside the bare typed-array heap loop
// (bench/bare_mm16.mjs) on the same number of jobs. Wall-clock times on a shared machine drift by
// ±20% from run to run, which hides a change of a few per cent; an instruction count does not
// drift. Node runs with --single-threaded (the JIT compiles on the main thread, so no thread's
// timing changes what is counted), a fixed hash and random seed and --predictable, which makes the
// count repeatable to the instruction. It counts work, not time (a cache miss costs nothing here,
// a compile is counted although a normal run does it on a helper thread), so it is for telling
// whether a change to the code made the run do less, not for the targets of bench/RESULTS.md.
//
//   BENCH_JOBS=N       jobs per run (default 300000; a run takes about 2.5 minutes under valgrind)
//   BENCH_BASE=dir     also count another checkout's build (dir/dist, e.g. a git worktree of the
//                      commit before a change), to print the change pair by pair
//
// Each count is taken twice (two at a time on two cores): a run whose two counts differ says so.
// Per job = (count with N jobs − count with 10 jobs) / (N − 10), so start-up is not in it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const jobs = Number(process.env.BENCH_JOBS ?? 300_000);
if (!Number.isInteger(jobs) || jobs < 1000) {
  process.stderr.write(`BENCH_JOBS: expected a whole number of at least 1000, got "${process.env.BENCH_JOBS}"\n`);
  process.exit(2);
}
const base = process.env.BENCH_BASE ? resolve(process.env.BENCH_BASE) : null;
if (spawnSync('valgrind', ['--version']).status !== 0) {
  process.stderr.write('bench:instructions needs valgrind (Debian package valgrind)\n');
  process.exit(2);
}

const NODE_FLAGS = ['--single-threaded', '--hash-seed=1', '--random-seed=1', '--predictable'];
const work = mkdtempSync(join(tmpdir(), 'batchsim-instructions-'));

/** bench/mm16-1m.yaml with another job count. */
function scenarioWith(count) {
  const text = readFileSync(join(root, 'bench/mm16-1m.yaml'), 'utf8');
  const changed = text.replace(/count: 1000000/, `count: ${count}`).replace(/^name: mm16-1m$/m, `name: mm16-${count}`);
  if (changed === text) throw new Error('bench/mm16-1m.yaml no longer has "count: 1000000"');
  const file = join(work, `mm16-${count}.yaml`);
  writeFileSync(file, changed);
  return file;
}

/** Instructions of one command under callgrind. */
function count(args) {
  return new Promise((done, fail) => {
    const child = spawn('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, ...NODE_FLAGS, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b) => (err += b));
    child.on('close', (code) => {
      const m = /refs:\s+([\d,]+)/.exec(err);
      if (code !== 0 || !m) fail(new Error(`${args.join(' ')}: exit ${code}\n${err.slice(-2000)}`));
      else done(Number(m[1].replaceAll(',', '')));
    });
  });
}

/** Each task twice, two running at a time. */
async function countAll(tasks) {
  const queue = tasks.flatMap((t) => [t, t]);
  const results = new Map(tasks.map((t) => [t.id, []]));
  let runs = 0;
  const worker = async () => {
    for (let t = queue.shift(); t !== undefined; t = queue.shift()) {
      const out = join(work, `out-${runs++}`);
      results.get(t.id).push(await count(t.args.map((a) => (a === '{out}' ? out : a))));
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

const big = scenarioWith(jobs);
const small = scenarioWith(10);
// Each run its own --out folder ({out}), as two may run at once.
const runArgs = (dir, file) => [join(dir, 'dist/cli/main.js'), 'run', file, '--outputs', 'summary', '--json', '--out', '{out}'];
const builds = [{ name: 'this build', dir: root }, ...(base ? [{ name: `BENCH_BASE (${base})`, dir: base }] : [])];
const tasks = [
  { id: 'bare-big', args: [join(root, 'bench/bare_mm16.mjs'), String(jobs)] },
  { id: 'bare-small', args: [join(root, 'bench/bare_mm16.mjs'), '10'] },
  ...builds.flatMap((b, k) => [
    { id: `b${k}-big`, args: runArgs(b.dir, big) },
    { id: `b${k}-small`, args: runArgs(b.dir, small) },
  ]),
];
const started = Date.now();
let counts;
try {
  counts = await countAll(tasks);
} finally {
  rmSync(work, { recursive: true, force: true });
}

const M = (n) => `${(n / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 })}M`;
const one = (id) => {
  const [a, b] = counts.get(id);
  // The two agree to a few hundred instructions (the process reads its pid, clock and environment).
  return { value: Math.min(a, b), note: Math.abs(a - b) <= 1e-4 * a ? '' : ` (the two counts differ: ${M(a)}, ${M(b)})` };
};
const perJob = (bigId, smallId) => (one(bigId).value - one(smallId).value) / (jobs - 10);
const bare = { total: one('bare-big'), perJob: perJob('bare-big', 'bare-small') };
const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
const lines = [
  `${date} UTC. ${jobs.toLocaleString('en-US')}-job M/M/16 (bench/mm16-1m.yaml with that count), \`run --outputs summary\`; callgrind, node ${NODE_FLAGS.join(' ')}; ${Math.round((Date.now() - started) / 1000)} s.`,
  '',
  '| run | instructions, whole process | per job (over a 10-job run) | bare loop ÷ this, whole process | bare loop ÷ this, per job |',
  '|---|---|---|---|---|',
  `| bare typed-array heap loop | ${M(bare.total.value)}${bare.total.note} | ${Math.round(bare.perJob).toLocaleString('en-US')} | - | - |`,
];
builds.forEach((b, k) => {
  const total = one(`b${k}-big`);
  const job = perJob(`b${k}-big`, `b${k}-small`);
  lines.push(`| ${b.name} | ${M(total.value)}${total.note} | ${Math.round(job).toLocaleString('en-US')} | ${((100 * bare.total.value) / total.value).toFixed(1)}% | ${((100 * bare.perJob) / job).toFixed(1)}% |`);
});
if (base) {
  const [now, then] = [one('b0-big').value, one('b1-big').value];
  lines.push('', `This build ÷ BENCH_BASE: ${(now / then).toFixed(4)} (whole process), ${(perJob('b0-big', 'b0-small') / perJob('b1-big', 'b1-small')).toFixed(4)} (per job).`);
}
process.stdout.write(lines.join('\n') + '\n');

// The batchsim command end to end, as a user runs it: outputs, determinism, exit codes, bad input.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist/cli/main.js');
const OUTPUTS = ['attempts.csv', 'charts.json', 'instances.csv', 'jobs.csv', 'summary.json', 'timeseries.csv'];
// contract-basic has no Spot and no retries: no interruptions chart.
const CHARTS = ['cost', 'instances', 'queue-wait', 'queues', 'vcpus'].flatMap((c) => [`${c}.png`, `${c}.svg`, `${c}.vl.json`]);

beforeAll(() => {
  // The CLI under test is the built one; build it from the current sources first.
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { cwd: root });
}, 120_000);

function batchsim(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'batchsim-cli-'));

/** The CLI as a child process, for tests that run side by side or signal it. */
function start(args: string[]) {
  const child = spawn(process.execPath, [cli, ...args], { cwd: root });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}
const batchsimAsync = (args: string[]) => start(args).done;

/** Mount something for a test (the tests run as root); false where that is not allowed. */
function mount(args: string[]): boolean {
  return spawnSync('mount', args).status === 0;
}

describe('batchsim run', () => {
  it('writes every output, byte-identical for the same scenario and seed', () => {
    const a = join(tmp(), 'out');
    const b = join(tmp(), 'out');
    expect(batchsim(['run', 'scenarios/contract-basic.yaml', '--out', a]).code).toBe(0);
    expect(batchsim(['run', 'scenarios/contract-basic.yaml', '--out', b]).code).toBe(0);
    expect(readdirSync(a).sort()).toEqual([...OUTPUTS, ...CHARTS, 'report.html', 'manifest.json'].sort());
    for (const f of [...OUTPUTS, ...CHARTS, 'report.html', 'manifest.json']) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
  });

  it('is byte-identical on a managed, scaling scenario too, and --seed changes the outcome', () => {
    const a = join(tmp(), 'out');
    const b = join(tmp(), 'out');
    const c = join(tmp(), 'out');
    expect(batchsim(['run', 'scenarios/genomics-burst-ec2.yaml', '--out', a]).code).toBe(0);
    expect(batchsim(['run', 'scenarios/genomics-burst-ec2.yaml', '--out', b]).code).toBe(0);
    expect(batchsim(['run', 'scenarios/genomics-burst-ec2.yaml', '--out', c, '--seed', '99']).code).toBe(0);
    for (const f of OUTPUTS) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
    expect(readFileSync(join(c, 'jobs.csv')).equals(readFileSync(join(a, 'jobs.csv')))).toBe(false);
    expect(JSON.parse(readFileSync(join(c, 'summary.json'), 'utf8')).seed).toBe(99);
  });

  it('--outputs summary writes only summary.json; --json prints exactly it', () => {
    const dir = join(tmp(), 'out');
    const r = batchsim(['run', 'scenarios/contract-basic.yaml', '--out', dir, '--outputs', 'summary', '--json']);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['manifest.json', 'summary.json']);
    expect(r.stdout).toBe(readFileSync(join(dir, 'summary.json'), 'utf8'));
    const s = JSON.parse(r.stdout);
    expect(Object.keys(s)).toEqual([
      'scenario', 'seed', 'simulatedSeconds', 'cutOffByUntil', 'makespanSeconds', 'lastJobEndSeconds', 'clock', 'jobs', 'queueWaitSeconds',
      'turnaroundSeconds', 'utilisation', 'costUsd', 'spot', 'submission', 'blocked', 'lambda', 'jobQueues', 'computeEnvironments',
    ]);
    expect(s.jobs).toEqual({ submitted: 5000, succeeded: 5000, failed: 0, unfinished: 0, attempts: 5000, arrayParents: 0 });
  });

  it('prints a human summary naming the outputs', () => {
    const dir = join(tmp(), 'out');
    const r = batchsim(['run', 'scenarios/contract-basic.yaml', '--out', dir]);
    expect(r.stdout).toMatch(/^contract-basic \(seed 7\)\n {2}jobs {8}5000 submitted, 5000 succeeded/);
    expect(r.stdout).toContain(`outputs     ${dir}`);
  });

  it('validate warns of a queue whose environments are all DISABLED (its jobs would stay RUNNABLE), also one a state machine submits to; --strict refuses it', () => {
    const dir = tmp();
    const disabled = (from: string, to: string, change: (text: string) => string): string => {
      const file = join(dir, to);
      writeFileSync(file, change(readFileSync(join(root, from), 'utf8')));
      return file;
    };
    // Its first `state: ENABLED` is the environment's.
    const basic = disabled('scenarios/contract-basic.yaml', 'basic.yaml', (t) => t.replace('state: ENABLED', 'state: DISABLED'));
    const warned = 'jobQueues[0].computeEnvironmentOrder: job queue "main" has no ENABLED compute environment ("fixed" is DISABLED)';
    const r = batchsim(['validate', basic]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`warning: ${warned}`);
    const strict = batchsim(['validate', '--strict', basic]);
    expect(strict.code).toBe(2);
    expect(strict.stdout).toContain(`error: ${warned}`);
    // run says so too, before its summary's "no compute environment of the queue had room".
    const run = batchsim(['run', basic, '--outputs', 'summary', '--out', join(dir, 'out')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`warning: ${warned}`);
    const pipeline = batchsim(['validate', disabled('scenarios/pipeline-s3-map.yaml', 'pipeline.yaml', (t) => t.replace(/^(  - computeEnvironmentName: .*)$/gm, '$1\n    state: DISABLED'))]);
    expect(pipeline.code).toBe(0);
    expect(pipeline.stdout).toContain('warning: jobQueues[0].computeEnvironmentOrder: job queue "genomics" has no ENABLED compute environment ("spot", "ondemand" are DISABLED)');
  });

  it('--strict: warnings refuse the run (exit 2); jobs left unfinished exit 3, outputs written', () => {
    const refused = batchsim(['run', 'test/fixtures/capacity/kth-sp2-c5.yaml', '--strict', '--out', join(tmp(), 'out')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: workload\[0\]\.arrivals\.trace\.file: 30 of 200 records need more/m);
    const dir = tmp();
    const file = join(dir, 'cut.yaml');
    writeFileSync(file, readFileSync('scenarios/contract-basic.yaml', 'utf8') + '\nuntil: 1m\n');
    const r = batchsim(['run', file, '--strict', '--outputs', 'summary', '--out', join(dir, 'out')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('batchsim: --strict: 1 job did not finish (0 never ran); exit 3\n');
    expect(existsSync(join(dir, 'out', 'summary.json'))).toBe(true);
  });

  it('a summary-only run is not warned that timeseries.csv will be sampled coarsely, so --strict lets it run', () => {
    const dir = tmp();
    const file = join(dir, 'fine.yaml');
    writeFileSync(file, readFileSync('scenarios/contract-basic.yaml', 'utf8').replace(/^assumptions:\n/m, 'assumptions:\n  timeseriesInterval: 1ms\n'));
    expect(readFileSync(file, 'utf8')).toContain('timeseriesInterval: 1ms');
    const records = batchsim(['run', file, '--strict', '--outputs', 'records', '--out', join(dir, 'records')]);
    expect(records.code).toBe(2);
    expect(records.stderr).toMatch(/^error: assumptions\.timeseriesInterval: sampling every 1ms would take about/m);
    const summary = batchsim(['run', file, '--strict', '--outputs', 'summary', '--out', join(dir, 'summary')]);
    expect(summary.stderr).not.toContain('timeseriesInterval');
    expect(summary.code).toBe(0);
  });

  it('says of a flag that changes nothing with the others given, and runs on', () => {
    const dir = tmp();
    const r = batchsim(['run', 'scenarios/contract-basic.yaml', '--outputs', 'summary', '--format', 'arrow', '--jobs', '2', '--out', join(dir, 'a')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('note: --format changes nothing here: --outputs summary writes no record files\n');
    expect(r.stderr).toContain('note: --jobs changes nothing here: a single run uses one thread; --jobs spreads --replications\n');
    expect(readdirSync(join(dir, 'a')).sort()).toEqual(['manifest.json', 'summary.json']);
    // Not when they do something, nor with --json (nothing but summary.json's JSON is printed).
    expect(batchsim(['run', 'scenarios/contract-basic.yaml', '--outputs', 'records', '--format', 'arrow', '--out', join(dir, 'b')]).stderr).not.toContain('note: --format');
    const json = batchsim(['run', 'scenarios/contract-basic.yaml', '--outputs', 'summary', '--format', 'arrow', '--json', '--out', join(dir, 'c')]);
    expect(json.stderr).toBe('');
  });

  it('the jobs.csv rows agree with summary.json', () => {
    const dir = join(tmp(), 'out');
    batchsim(['run', 'scenarios/genomics-burst-ec2.yaml', '--out', dir]);
    const rows = readFileSync(join(dir, 'jobs.csv'), 'utf8').trim().split('\n');
    const header = rows[0].split(',');
    const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(rows.length - 1).toBe(s.jobs.submitted);
    const status = header.indexOf('status');
    expect(rows.slice(1).filter((r) => r.split(',')[status] === 'SUCCEEDED').length).toBe(s.jobs.succeeded);
    const instances = readFileSync(join(dir, 'instances.csv'), 'utf8').trim().split('\n');
    const costColumn = instances[0].split(',').indexOf('costUsd');
    const cost = instances.slice(1).reduce((sum, r) => sum + Number(r.split(',')[costColumn]), 0);
    expect(cost).toBeCloseTo(s.costUsd.total, 5);
  });
});

describe('bad input: exit 2, every problem located, nothing written, no stack trace', () => {
  const cases: { name: string; args: (dir: string, file: string) => string[]; file?: string; expect: RegExp }[] = [
    { name: 'a missing scenario file', args: (d) => ['run', 'no-such.yaml', '--out', d], expect: /cannot read scenario file "no-such.yaml": no such file/ },
    {
      name: 'a YAML syntax error',
      file: 'name: x\ncomputeEnvironments: [\n',
      args: (d, f) => ['run', f, '--out', d],
      expect: /syntax error at line 3, column 1/,
    },
    {
      name: 'a misspelt compute environment name',
      file: readFileSync(join(root, 'scenarios/contract-basic.yaml'), 'utf8').replace('computeEnvironment: fixed', 'computeEnvironment: fixd'),
      args: (d, f) => ['run', f, '--out', d],
      expect: /jobQueues\[0\]\.computeEnvironmentOrder\[0\]\.computeEnvironment: no compute environment named "fixd"; did you mean "fixed"\?/,
    },
    {
      name: 'a state machine whose Next names no state',
      file: readFileSync(join(root, 'scenarios/pipeline-s3-map.yaml'), 'utf8').replace('Next: Shards', 'Next: Shard'),
      args: (d, f) => ['run', f, '--out', d],
      expect: /stateMachines\[0\]\.definition\.States\.Validate\.Next: no state is named "Shard" in this scope; did you mean "Shards"\?/,
    },
    {
      name: 'a state machine path that selects nothing in the upload event',
      file: readFileSync(join(root, 'scenarios/pipeline-s3-map.yaml'), 'utf8').replace('key.$: $.detail.object.key\n            shard', 'key.$: $.detail.objekt.key\n            shard'),
      args: (d, f) => ['run', f, '--out', d],
      expect: /stateMachines\[0\]\.definition\.States\.AlignShards\.ItemSelector: the first execution started by workload\[0\] \("uploads"\) would fail with States\.Runtime: ItemSelector: \$\.detail\.objekt\.key selects nothing/,
    },
    { name: 'a bad --seed', args: (d) => ['run', 'scenarios/contract-basic.yaml', '--out', d, '--seed', '1.5'], expect: /--seed: expected a whole number 0 or more, got "1.5"/ },
    { name: 'a bad --outputs', args: (d) => ['run', 'scenarios/contract-basic.yaml', '--out', d, '--outputs', 'some'], expect: /Allowed choices are all, summary/ },
    { name: 'an unknown flag', args: (d) => ['run', 'scenarios/contract-basic.yaml', '--out', d, '--fast'], expect: /unknown option '--fast'/ },
    { name: 'an unknown command', args: () => ['simulate', 'x.yaml'], expect: /unknown command 'simulate'/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const dir = tmp();
      const file = join(dir, 'scenario.yaml');
      if (c.file !== undefined) writeFileSync(file, c.file);
      const out = join(dir, 'out');
      const r = batchsim(c.args(out, file));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(c.expect);
      expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('leaves an existing output folder untouched when the run is refused', () => {
    const dir = join(tmp(), 'out');
    mkdirSync(dir);
    writeFileSync(join(dir, 'summary.json'), 'previous');
    const bad = join(tmp(), 'bad.yaml');
    writeFileSync(bad, readFileSync(join(root, 'scenarios/contract-basic.yaml'), 'utf8').replace('maxvCpus', 'maxvCpu').replace('priority: 1', 'priority: -1'));
    expect(batchsim(['run', bad, '--out', dir]).code).toBe(2);
    expect(readdirSync(dir)).toEqual(['summary.json']);
    expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe('previous');
  });
});

describe('batchsim validate', () => {
  it('accepts the full contract scenario, noting an image without a pull time', () => {
    const r = batchsim(['validate', 'scenarios/contract-full.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('note: jobDefinitions[0].containerProperties.image: image "public.ecr.aws/example/bwa:latest" has no entry under assumptions.imagePull.images: its pull is left to containerStart');
    expect(r.stdout).toContain('scenarios/contract-full.yaml: valid\n');
  });

  it('runs a multi-node parallel job end to end', () => {
    const dir = join(tmp(), 'out');
    const r = batchsim(['run', 'test/fixtures/multinode.yaml', '--out', dir, '--outputs', 'records', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).jobs).toMatchObject({ submitted: 1, succeeded: 1 });
    expect(readFileSync(join(dir, 'instances.csv'), 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('reports every error at once with exit 2', () => {
    const dir = tmp();
    const file = join(dir, 's.yaml');
    writeFileSync(
      file,
      readFileSync(join(root, 'scenarios/contract-basic.yaml'), 'utf8').replace('priority: 1', 'priority: -1').replace('perHour: 84', 'perHour: 0'),
    );
    const r = batchsim(['validate', file, '--json']);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out.valid).toBe(false);
    expect(out.issues.filter((i: { severity: string }) => i.severity === 'error').map((i: { path: string }) => i.path)).toEqual([
      'jobQueues[0].priority',
      'workload[0].arrivals.poisson.perHour',
    ]);
  });
});

describe('terminal summary', () => {
  it('fits 100 columns, even with long reasons', () => {
    const r = batchsim(['run', 'scenarios/contract-full.yaml', '--out', join(tmp(), 'out'), '--outputs', 'summary']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(r.stdout).toContain('lambda      merge: not for Lambda');
    // No colour or progress escapes when stdout and stderr are not terminals.
    expect(r.stdout + r.stderr).not.toMatch(/\x1b\[/);
  });
});

describe.concurrent('bad --out: exit 2 with one located line, before simulating, nothing left behind', () => {
  // Ten million jobs take minutes to simulate; a refusal must come long before that.
  const slow = (): string => {
    const f = join(tmp(), 'slow.yaml');
    writeFileSync(f, readFileSync(join(root, 'bench/mm16-1m.yaml'), 'utf8').replace('count: 1000000', 'count: 10000000'));
    return f;
  };
  const cases: { name: string; out: (d: string) => string; setup?: (d: string) => void; message: (o: string) => string }[] = [
    { name: 'an existing file', setup: (d) => writeFileSync(join(d, 'file'), 'x'), out: (d) => join(d, 'file'), message: (o) => `output folder "${o}" is a file, not a folder; choose another --out` },
    { name: 'an empty path', out: () => '', message: () => 'the output folder is an empty path; give a folder name' },
    { name: 'a path under a file', setup: (d) => writeFileSync(join(d, 'file'), 'x'), out: (d) => join(d, 'file', 'out'), message: (o) => `cannot create "${o}": a part of the path is a file, not a folder (ENOTDIR)` },
    { name: '/proc/nope (no spinning mkdir)', out: () => '/proc/nope', message: () => 'cannot create "/proc/nope": no such file or folder (ENOENT)' },
    { name: '/dev/full', out: () => '/dev/full', message: () => 'output folder "/dev/full" is a file, not a folder; choose another --out' },
    {
      name: 'a folder of other files (--out ~/Documents)',
      setup: (d) => writeFileSync(join(d, 'thesis.tex'), 'mine'),
      out: (d) => d,
      message: (o) => `output folder "${o}" holds files but is not a batchsim output folder (no manifest.json or summary.json); batchsim replaces its output folder whole, so choose an empty or new folder`,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const d = tmp();
      c.setup?.(d);
      const before = readdirSync(d);
      const scenario = slow();
      const t0 = performance.now();
      const r = await batchsimAsync(['run', scenario, '--out', c.out(d)]);
      expect(performance.now() - t0).toBeLessThan(5000);
      expect(r.code).toBe(2);
      // The ten-million-job scenario is rightly warned of as a large run first.
      expect(r.stderr.replace(/^warning: a large run: .*\n/, '')).toBe(`batchsim: ${c.message(c.out(d))}\n`);
      expect(r.stdout).toBe('');
      expect(readdirSync(d)).toEqual(before);
    });
  }
});

describe('failing writes are bad input too (mounts; skipped where mounting is not allowed)', () => {
  it('a read-only folder: EROFS, exit 2, nothing written', (ctx) => {
    const d = tmp();
    const ro = join(d, 'ro');
    mkdirSync(ro);
    if (!mount(['--bind', ro, ro])) return ctx.skip();
    try {
      if (!mount(['-o', 'remount,bind,ro', ro])) return ctx.skip();
      const out = join(ro, 'out');
      const r = batchsim(['run', 'scenarios/contract-basic.yaml', '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`batchsim: cannot create "${out}": read-only file system (EROFS)\n`);
      expect(readdirSync(ro)).toEqual([]);
    } finally {
      spawnSync('umount', [ro]);
    }
  });

  it('a full disk: ENOSPC while writing, exit 2, the temporaries removed', (ctx) => {
    const small = tmp();
    if (!mount(['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', small])) return ctx.skip();
    try {
      const out = join(small, 'out');
      const r = batchsim(['run', 'scenarios/contract-basic.yaml', '--out', out, '--outputs', 'records']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`batchsim: cannot write "${out}/jobs.csv": no space left on the device (ENOSPC)\n`);
      expect(readdirSync(small)).toEqual([]);
    } finally {
      spawnSync('umount', [small]);
    }
  });
});

describe.concurrent('Ctrl-C while writing', () => {
  /** Run a 150,000-job scenario into `out` and send `signal` once its first CSV is being written (jobs.csv, which a run this big begins while it is simulated). */
  async function interrupted(d: string, out: string, signal: 'SIGINT' | 'SIGTERM') {
    const big = join(d, 'big.yaml');
    writeFileSync(big, readFileSync(join(root, 'bench/mm16-1m.yaml'), 'utf8').replace('count: 1000000', 'count: 150000'));
    const run = start(['run', big, '--out', out, '--outputs', 'records']);
    const staging = join(d, `.out.batchsim-tmp-${run.child.pid}`);
    const poll = setInterval(() => {
      if (existsSync(join(staging, 'jobs.csv'))) {
        clearInterval(poll);
        run.child.kill(signal);
      }
    }, 5);
    const r = await run.done;
    clearInterval(poll);
    return r;
  }

  it('SIGINT removes the temporaries, says the previous outputs are kept, exits 130', async () => {
    const d = tmp();
    const out = join(d, 'out');
    expect(batchsim(['run', 'scenarios/contract-basic.yaml', '--out', out, '--outputs', 'summary']).code).toBe(0);
    const previous = readFileSync(join(out, 'manifest.json'));
    const r = await interrupted(d, out, 'SIGINT');
    expect(r.signal).toBe(null);
    expect(r.code).toBe(130);
    expect(r.stderr).toBe(`batchsim: interrupted by SIGINT; removed the partial outputs; ${out} keeps its previous complete outputs\n`);
    expect(readdirSync(d).sort()).toEqual(['big.yaml', 'out']);
    expect(readdirSync(out).sort()).toEqual(['manifest.json', 'summary.json']);
    expect(readFileSync(join(out, 'manifest.json')).equals(previous)).toBe(true);
  });

  it('SIGINT while simulating, before any file is written, names the folder and removes the parents it made', async () => {
    const d = tmp();
    const out = join(d, 'new', 'deeper', 'out');
    const run = start(['run', join(root, 'bench/mm16-1m.yaml'), '--out', out, '--outputs', 'summary']);
    // The parents are made once the scenario is read, just before the simulation (over a second).
    const poll = setInterval(() => {
      if (existsSync(join(d, 'new', 'deeper'))) {
        clearInterval(poll);
        setTimeout(() => run.child.kill('SIGINT'), 150);
      }
    }, 5);
    const r = await run.done;
    clearInterval(poll);
    expect(r.code, r.stderr).toBe(130);
    // After the scenario's large-run warning.
    expect(r.stderr.split('\n').slice(-2)).toEqual([`batchsim: interrupted by SIGINT; removed the partial outputs; nothing was written to ${out}`, '']);
    expect(readdirSync(d)).toEqual([]);
  });

  it('SIGTERM into a new folder leaves nothing and exits 143', async () => {
    const d = tmp();
    const out = join(d, 'out');
    const r = await interrupted(d, out, 'SIGTERM');
    expect(r.code).toBe(143);
    expect(r.stderr).toBe(`batchsim: interrupted by SIGTERM; removed the partial outputs; nothing was written to ${out}\n`);
    expect(readdirSync(d)).toEqual(['big.yaml']);
  });
});

describe('a run that can never end', () => {
  it('is stopped before it exhausts memory: exit 2, one line, nothing written', () => {
    const out = join(tmp(), 'out');
    const r = batchsim(['run', 'test/fixtures/spot/never-ends.yaml', '--out', out, '--outputs', 'summary']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^batchsim: the run launched 1,0\d\d,\d{3} instances for 30 jobs by [\d.]+ h of simulated time without ending: .* give the scenario an `until`\n$/);
    expect(existsSync(out)).toBe(false);
  }, 120_000);
});

describe.concurrent('bad scenario files give short messages', () => {
  const cases: { name: string; file: string; contents: () => Buffer | string; stderr: (f: string) => string }[] = [
    {
      name: 'a .json file with a trailing comma is JSON, with its line and column',
      file: 's.json',
      contents: () => '{\n  "name": "x",\n  "seed": 1,\n}\n',
      stderr: (f) => `error: syntax error at line 4, column 1: Expected double-quoted property name\n${f}: 1 problem; nothing was run or written\n`,
    },
    {
      name: 'a 2 MB binary',
      file: 'photo.yaml',
      contents: () => Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(2_000_000, 0)]),
      stderr: (f) => `error: "${f}" is not a scenario: it looks like a binary file (a NUL byte at offset 6); a scenario is a YAML or JSON text file\n${f}: 1 problem; nothing was run or written\n`,
    },
    {
      name: 'UTF-16 text',
      file: 'u16.yaml',
      contents: () => Buffer.from('\ufeffname: x\n', 'utf16le'),
      stderr: (f) => `error: "${f}" is not a scenario: it is UTF-16 text; save it as UTF-8; a scenario is a YAML or JSON text file\n${f}: 1 problem; nothing was run or written\n`,
    },
    {
      name: 'a CSV (echoed in at most 80 characters)',
      file: 'jobs.yaml',
      contents: () => ['jobId,jobName,jobQueue', ...Array.from({ length: 20000 }, (_, i) => `${i},job${i},main`)].join('\n'),
      stderr: (f) =>
        'error: a scenario must be a mapping of sections (computeEnvironments, jobQueues, …) at the top level, got ' +
        `"jobId,jobName,jobQueue 0,job0,main 1,job1,main 2,job2,main 3,job3,main 4,job4,ma…"\n${f}: 1 problem; nothing was run or written\n`,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const d = tmp();
      const f = join(d, c.file);
      writeFileSync(f, c.contents());
      const r = await batchsimAsync(['run', f, '--out', join(d, 'out')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(c.stderr(f));
      expect(readdirSync(d)).toEqual([c.file]);
    });
  }

  it('lists at most 40 issues and counts the rest; validate --json lists them all', async () => {
    const d = tmp();
    const f = join(d, 's.yaml');
    writeFileSync(f, Array.from({ length: 1234 }, (_, i) => `field${i}: 1`).join('\n'));
    const [r, j] = await Promise.all([batchsimAsync(['run', f, '--out', join(d, 'out')]), batchsimAsync(['validate', f, '--json'])]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    const errors = JSON.parse(j.stdout).issues.filter((i: { severity: string }) => i.severity === 'error');
    expect(lines).toHaveLength(41);
    expect(lines[38]).toMatch(/^error: /);
    expect(lines[39]).toBe(`… and ${(errors.length - 39).toLocaleString('en-US')} more (\`batchsim validate --json\` lists them all)`);
    expect(lines[40]).toBe(`${f}: ${errors.length.toLocaleString('en-US')} problems; nothing was run or written`);
    expect(errors.length).toBe(1234);
    expect(j.code).toBe(2);
  });

  it('run --json prints a bad --out as {valid: false, issues} on stdout too', async () => {
    const r = await batchsimAsync(['run', 'scenarios/contract-basic.yaml', '--json', '--out', '/dev/full']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({ valid: false, issues: [{ path: '', message: 'output folder "/dev/full" is a file, not a folder; choose another --out', severity: 'error' }] });
    expect(r.stderr).toBe('');
  });

  it('run --json prints bad input as {valid: false, issues} on stdout, exit 2', async () => {
    const d = tmp();
    const f = join(d, 's.json');
    writeFileSync(f, '{"name": "x",}');
    const r = await batchsimAsync(['run', f, '--json', '--out', join(d, 'out')]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({ valid: false, issues: [{ path: '', message: 'syntax error at line 1, column 14: Expected double-quoted property name', severity: 'error' }] });
    expect(r.stderr).toBe('');
    expect(readdirSync(d)).toEqual(['s.json']);
  });
});

describe.concurrent('batchsim report on a damaged folder: exit 2, named, nothing rewritten', () => {
  it('a corrupt manifest.json, then (without a manifest) a corrupt summary.json', async () => {
    const dir = join(tmp(), 'out');
    expect((await batchsimAsync(['run', 'scenarios/contract-basic.yaml', '--out', dir, '--outputs', 'records'])).code).toBe(0);
    writeFileSync(join(dir, 'manifest.json'), '{"files": [');
    let r = await batchsimAsync(['report', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`batchsim: "${join(dir, 'manifest.json')}" is not valid JSON: Unexpected end of JSON input\n`);
    // A folder from before manifests (and charts.json, which came after them).
    rmSync(join(dir, 'manifest.json'));
    rmSync(join(dir, 'charts.json'));
    writeFileSync(join(dir, 'summary.json'), '{"scenario": "x"');
    r = await batchsimAsync(['report', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`batchsim: "${join(dir, 'summary.json')}" is not valid JSON: Expected ',' or '}' after property value in JSON at position 16\n`);
    expect(readdirSync(dir)).not.toContain('report.html');
  });

  it('a truncated CSV', async () => {
    const dir = join(tmp(), 'out');
    expect((await batchsimAsync(['run', 'scenarios/contract-basic.yaml', '--out', dir, '--outputs', 'records'])).code).toBe(0);
    truncateSync(join(dir, 'jobs.csv'), 1000);
    const r = await batchsimAsync(['report', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `batchsim: the files of "${dir}" do not match its manifest.json, so they may come from different runs: jobs.csv changed (size or sha256 differs); run \`batchsim run\` into the folder again\n`,
    );
    expect(readdirSync(dir)).not.toContain('report.html');
  });
});

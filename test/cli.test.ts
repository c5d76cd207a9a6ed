// The batchsim command end to end, as a user runs it: outputs, determinism, exit codes, bad input.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist/cli/main.js');
const OUTPUTS = ['attempts.csv', 'instances.csv', 'jobs.csv', 'summary.json', 'timeseries.csv'];
const CHARTS = ['cost', 'instances', 'interruptions', 'queue-wait', 'queues', 'vcpus'].flatMap((c) => [`${c}.png`, `${c}.svg`, `${c}.vl.json`]);

beforeAll(() => {
  // The CLI under test is the built one; build it from the current sources first.
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { cwd: root });
}, 120_000);

function batchsim(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'batchsim-cli-'));

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
      'scenario', 'seed', 'simulatedSeconds', 'cutOffByUntil', 'makespanSeconds', 'jobs', 'queueWaitSeconds',
      'turnaroundSeconds', 'utilisation', 'costUsd', 'spot', 'blocked', 'lambda', 'jobQueues', 'computeEnvironments',
    ]);
    expect(s.jobs).toEqual({ submitted: 5000, succeeded: 5000, failed: 0, unfinished: 0, attempts: 5000, arrayParents: 0 });
  });

  it('prints a human summary naming the outputs', () => {
    const dir = join(tmp(), 'out');
    const r = batchsim(['run', 'scenarios/contract-basic.yaml', '--out', dir]);
    expect(r.stdout).toMatch(/^contract-basic \(seed 7\)\n {2}jobs {8}5000 submitted, 5000 succeeded/);
    expect(r.stdout).toContain(`outputs     ${dir}`);
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
  it('accepts the full contract scenario, listing ignored fields', () => {
    const r = batchsim(['validate', 'scenarios/contract-full.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('note: jobDefinitions[0].containerProperties.image: ignored (not used by the simulator)');
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

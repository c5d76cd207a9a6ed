// Unusable output paths of import, check, report and run on the built CLI (npm run build first):
// exit 2, one line naming the path, no stack trace, nothing changed and no temporary left behind.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { batchsim, ROOT as root } from '../helpers/cli.js';

const fx = (name: string): string => join('test/fixtures/aws-configs', name);
const SETUP = [fx('describe-compute-environments-and-queues.json'), fx('describe-job-definitions-revisions.json')];
const HISTORY = fx('eventbridge-job-state-changes.jsonl');

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'batchsim-out-paths-'));
  dirs.push(dir);
  return dir;
}

/** The one line batchsim printed for bad input (notes and warnings of the import aside). */
function refusal(r: { code: number | null; stderr: string }): string {
  expect(r.code).toBe(2);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('batchsim: '));
  expect(lines).toHaveLength(1);
  return lines[0];
}

/** Every entry under `dir`, recursively, for "nothing changed". */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('import --out', () => {
  it('refuses an existing folder, a path through a file, a device and a folder-like path, leaving nothing behind', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'imp'));
    writeFileSync(join(dir, 'afile'), '');
    // A named pipe stands for /dev/null and the like (renaming onto them would replace them).
    expect(spawnSync('mkfifo', [join(dir, 'pipe')]).status).toBe(0);
    const before = tree(dir);
    const cases: [string, string][] = [
      [join(dir, 'imp'), `batchsim: cannot write "${join(dir, 'imp')}": it is a folder (EISDIR)`],
      [join(dir, 'afile', 'x.yaml'), `batchsim: cannot write "${join(dir, 'afile', 'x.yaml')}": a part of the path is a file, not a folder (ENOTDIR)`],
      [join(dir, 'pipe'), `batchsim: cannot write "${join(dir, 'pipe')}": it is not a regular file`],
      [`${join(dir, 'new')}/`, `batchsim: "${join(dir, 'new')}/" ends in a path separator, so it names a folder; give a file name`],
      ['', 'batchsim: the output file is an empty path; give a file name'],
    ];
    for (const [out, message] of cases) expect(refusal(batchsim(['import', 'aws-cli', ...SETUP, '--out', out]))).toContain(message);
    expect(tree(dir)).toEqual(before);
    expect(statSync(join(dir, 'pipe')).isFIFO()).toBe(true);
  });

  it('refuses a folder where the trace or fit file beside an imported history scenario goes, writing none of them', () => {
    const dir = tmp();
    const setup = join(dir, 'setup.yaml');
    expect(batchsim(['import', 'aws-cli', ...SETUP, '--out', setup]).code).toBe(0);
    mkdirSync(join(dir, 'h.fit.json'));
    const before = tree(dir);
    const r = batchsim(['import', 'jobs', HISTORY, '--setup', setup, '--out', join(dir, 'h.yaml'), '--fit']);
    expect(refusal(r)).toBe(`batchsim: cannot write "${join(dir, 'h.fit.json')}": it is a folder (EISDIR)`);
    expect(tree(dir)).toEqual(before);
    mkdirSync(join(dir, 't.csv'));
    expect(refusal(batchsim(['import', 'jobs', HISTORY, '--out', join(dir, 't.csv')]))).toContain('it is a folder (EISDIR)');
  });

  it('still creates missing parent folders', () => {
    const out = join(tmp(), 'a', 'b', 'mine.yaml');
    expect(batchsim(['import', 'aws-cli', ...SETUP, '--out', out]).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^name: mine$/m);
    expect(readdirSync(join(out, '..'))).toEqual(['mine.yaml']);
  });
});

describe('check --out', () => {
  it('refuses a file, a path through a file and a folder in the way of check.json, writing nothing', () => {
    const dir = tmp();
    const setup = join(dir, 'setup.yaml');
    expect(batchsim(['import', 'aws-cli', ...SETUP, '--out', setup]).code).toBe(0);
    writeFileSync(join(dir, 'afile'), '');
    mkdirSync(join(dir, 'ck', 'check.json'), { recursive: true });
    const before = tree(dir);
    const check = (out: string) => refusal(batchsim(['check', setup, '--against', HISTORY, '--out', out]));
    expect(check(join(dir, 'afile'))).toBe(`batchsim: output folder "${join(dir, 'afile')}" is a file, not a folder; choose another --out`);
    expect(check(join(dir, 'afile', 'sub'))).toBe(`batchsim: cannot create "${join(dir, 'afile', 'sub')}": a part of the path is a file, not a folder (ENOTDIR)`);
    expect(check(join(dir, 'ck'))).toBe(`batchsim: cannot write "${join(dir, 'ck', 'check.json')}": it is a folder (EISDIR)`);
    expect(tree(dir)).toEqual(before);
  });
});

describe('report DIR', () => {
  it('says what DIR is when it is no run output folder: missing, a file, a sweep or compare folder', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'afile'), '');
    mkdirSync(join(dir, 'sweep'));
    writeFileSync(join(dir, 'sweep', 'runs.jsonl'), '{}\n');
    mkdirSync(join(dir, 'cmp'));
    writeFileSync(join(dir, 'cmp', 'compare.json'), '{}\n');
    const before = tree(dir);
    const report = (d: string) => refusal(batchsim(['report', join(dir, d)]));
    expect(report('nonexist')).toBe(`batchsim: no such folder "${join(dir, 'nonexist')}"; give the output folder of a \`batchsim run\``);
    expect(report('afile')).toBe(`batchsim: "${join(dir, 'afile')}" is a file, not an output folder; give the output folder of a \`batchsim run\``);
    expect(report('sweep')).toBe(`batchsim: "${join(dir, 'sweep')}" is a sweep or plan output folder (it holds runs.jsonl), not a run's: sweep, plan and merge write its report.html`);
    expect(report('cmp')).toBe(`batchsim: "${join(dir, 'cmp')}" is a compare output folder (it holds compare.json), not a run's: compare writes its charts`);
    expect(tree(dir)).toEqual(before);
    // A run's folder without records still names what it lacks.
    mkdirSync(join(dir, 'summary-only'));
    writeFileSync(join(dir, 'summary-only', 'summary.json'), '{}\n');
    expect(report('summary-only')).toContain('lacks charts.json');
  });

  it('rebuilds a run folder whose CSVs were deleted, saying they are no longer listed', () => {
    const dir = join(tmp(), 'run');
    expect(batchsim(['run', 'scenarios/contract-basic.yaml', '--out', dir, '--outputs', 'records']).code).toBe(0);
    rmSync(join(dir, 'jobs.csv'));
    rmSync(join(dir, 'attempts.csv'));
    const r = batchsim(['report', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('note: attempts.csv, jobs.csv were gone from the folder; the report does not need them (it is drawn from charts.json), and manifest.json no longer lists them\n');
    expect(readdirSync(dir)).toContain('report.html');
  });
});

describe('run --out a folder holding what the run reads', () => {
  /** A summary-only output folder, as `run --outputs summary` leaves it. */
  function previousRun(dir: string): void {
    expect(batchsim(['run', 'scenarios/contract-basic.yaml', '--out', dir, '--outputs', 'summary']).code).toBe(0);
  }

  it('refuses the folder that holds the scenario file, changing nothing', () => {
    const own = join(tmp(), 'own');
    previousRun(own);
    copyFileSync(join(root, 'scenarios/contract-basic.yaml'), join(own, 'my.yaml'));
    const before = tree(own);
    const summary = readFileSync(join(own, 'summary.json'));
    const line = refusal(batchsim(['run', join(own, 'my.yaml'), '--out', own, '--outputs', 'summary']));
    expect(line).toBe(`batchsim: output folder "${own}" holds "${join(own, 'my.yaml')}", which this run reads; batchsim replaces its output folder whole, so choose another --out or move the file out`);
    expect(tree(own)).toEqual(before);
    expect(readFileSync(join(own, 'summary.json'))).toEqual(summary);
    // Relative paths and --json too: the refusal is one issue on stdout.
    const json = batchsim(['run', 'own/my.yaml', '--out', 'own/', '--json'], join(own, '..'));
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).issues[0].message).toContain('holds "own/my.yaml", which this run reads');
    expect(tree(own)).toEqual(before);
  });

  it('refuses the folder that holds a trace file the scenario replays', () => {
    const dir = tmp();
    copyFileSync(join(root, 'test/fixtures/kth-sp2-strict-fifo.yaml'), join(dir, 's.yaml'));
    const traces = join(dir, 'traces');
    previousRun(traces);
    copyFileSync(join(root, 'test/fixtures/traces/kth-sp2-200.swf'), join(traces, 'kth-sp2-200.swf'));
    const before = tree(dir);
    expect(refusal(batchsim(['run', join(dir, 's.yaml'), '--out', traces]))).toContain(`holds "${join(traces, 'kth-sp2-200.swf')}", which this run reads`);
    expect(tree(dir)).toEqual(before);
    // Beside it, not in it, is fine.
    expect(batchsim(['run', join(dir, 's.yaml'), '--out', join(dir, 'out'), '--outputs', 'summary']).code).toBe(0);
  });

  it('refuses the folder that holds an empirical run-time file the scenario draws from', () => {
    const dir = tmp();
    const samples = join(dir, 'samples');
    previousRun(samples);
    writeFileSync(join(samples, 'runtimes.csv'), 'seconds\n30\n90\n');
    const scenario = readFileSync(join(root, 'scenarios/contract-basic.yaml'), 'utf8');
    const runtime = /runtime: .*$/m;
    expect(scenario).toMatch(runtime);
    writeFileSync(join(dir, 's.yaml'), scenario.replace(runtime, 'runtime: { empirical: { file: samples/runtimes.csv, column: seconds } }'));
    const before = tree(dir);
    expect(refusal(batchsim(['run', join(dir, 's.yaml'), '--out', samples]))).toContain(`holds "${join(samples, 'runtimes.csv')}", which this run reads`);
    expect(tree(dir)).toEqual(before);
    expect(batchsim(['run', join(dir, 's.yaml'), '--out', join(dir, 'out'), '--outputs', 'summary']).code).toBe(0);
  });
});

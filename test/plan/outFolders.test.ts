// The planner commands' output folders through the CLI: sweep, plan, merge and compare refuse an
// unusable --out (a file, a path under a file, /proc, /dev/full, "") with one line and exit 2, as
// run does; merge refuses another plan's folder as sweep and plan do; compare's --out is a folder
// of its own; and a sweep over a plan's folder leaves no stale plan.json.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchsim, ROOT } from '../helpers/cli.js';

const base = join(ROOT, 'test/fixtures/plan/base.yaml');

const PLAN = `seed: 7
replications: 2
axes:
  - path: computeEnvironments[name=ondemand].computeResources.maxvCpus
    values: [64, 128, 256]
figures: [costUsd.total, makespanSeconds]
objective: {minimize: costUsd.total}
constraints:
  - {figure: makespanSeconds, max: 3h}
`;

/** A folder with plan.yaml (PLAN, or PLAN with another seed: another plan), notes.txt and a regular file `afile`. */
function workDir(seed = 7): string {
  const dir = mkdtempSync(join(tmpdir(), 'batchsim-out-'));
  writeFileSync(join(dir, 'plan.yaml'), `base: ${JSON.stringify(base)}\n${PLAN.replace('seed: 7', `seed: ${seed}`)}`);
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  writeFileSync(join(dir, 'afile'), 'x');
  return dir;
}

/** Exit 2 with exactly one line, `batchsim: <message>`. */
function refused(r: ReturnType<typeof batchsim>, message: string): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toBe(`batchsim: ${message}\n`);
  expect(r.stdout).toBe('');
}

const slices = (dir: string): void => {
  for (const k of [1, 2]) expect(batchsim(['sweep', 'plan.yaml', '--out', `s${k}`, '--shard', `${k}/2`, '--jobs', '1'], dir).code).toBe(0);
};

describe('an unusable --out', () => {
  const cases: [string, (d: string) => string, (o: string) => string][] = [
    ['a file', () => 'afile', (o) => `output folder "${o}" is a file, not a folder; choose another --out`],
    ['/dev/full', () => '/dev/full', (o) => `output folder "${o}" is a file, not a folder; choose another --out`],
    ['a path under a file', (d) => join(d, 'afile', 'out'), (o) => `cannot create "${o}": a part of the path is a file, not a folder (ENOTDIR)`],
    ['/proc/x', () => '/proc/x', (o) => `cannot create "${o}": no such file or folder (ENOENT)`],
    ['""', () => '', () => 'the output folder is an empty path; give a folder name'],
  ];
  it.each(cases)('%s: sweep, plan, merge and compare refuse it in one line, exit 2, writing nothing', (_, out, message) => {
    const dir = workDir();
    slices(dir);
    const before = readdirSync(dir).sort();
    const o = out(dir);
    refused(batchsim(['sweep', 'plan.yaml', '--out', o, '--jobs', '1'], dir), message(o));
    refused(batchsim(['plan', 'plan.yaml', '--out', o, '--jobs', '1'], dir), message(o));
    refused(batchsim(['merge', 's1', 's2', '--out', o], dir), message(o));
    refused(batchsim(['compare', base, base, '--out', o, '--jobs', '1'], dir), message(o));
    // With --json, plan and compare say it on stdout, as run --json does: { valid: false, issues }.
    for (const args of [['plan', 'plan.yaml'], ['compare', base, base]]) {
      const r = batchsim([...args, '--out', o, '--jobs', '1', '--json'], dir);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual({ valid: false, issues: [{ path: '', message: message(o), severity: 'error' }] });
    }
    // Nothing written, in the current folder ("" is not it) or anywhere else.
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(readFileSync(join(dir, 'afile'), 'utf8')).toBe('x');
  }, 120_000);
});

describe('a runs.jsonl that cannot be read', () => {
  it('is bad input naming it, for sweep, plan and merge (its slices and its --out)', () => {
    const dir = workDir();
    slices(dir);
    mkdirSync(join(dir, 'odd', 'runs.jsonl'), { recursive: true });
    const message = `cannot read "${join('odd', 'runs.jsonl')}": it is a folder (EISDIR)`;
    refused(batchsim(['sweep', 'plan.yaml', '--out', 'odd', '--jobs', '1'], dir), message);
    refused(batchsim(['plan', 'plan.yaml', '--out', 'odd', '--jobs', '1'], dir), message);
    refused(batchsim(['merge', 's1', 's2', '--out', 'odd'], dir), message);
    refused(batchsim(['merge', 'odd', 's2', '--out', 'm'], dir), message);
  }, 60_000);
});

describe('merge', () => {
  it('refuses the folder of another plan, and a slice folder by any name, as sweep and plan do', () => {
    const dir = workDir();
    slices(dir);
    const other = workDir(8);
    expect(batchsim(['sweep', 'plan.yaml', '--out', join(dir, 'sub'), '--jobs', '1'], other).code).toBe(0);
    const journal = readFileSync(join(dir, 'sub', 'runs.jsonl'), 'utf8');
    refused(batchsim(['merge', 's1', 's2', '--out', 'sub'], dir), 'sub holds the runs of another plan (or of an edited plan or scenario); use another --out, or remove sub/runs.jsonl to start over');
    expect(readFileSync(join(dir, 'sub', 'runs.jsonl'), 'utf8')).toBe(journal);
    // The same refusal as plan gives for that folder.
    expect(batchsim(['plan', 'plan.yaml', '--out', 'sub', '--jobs', '1'], dir).stderr).toContain('sub holds the runs of another plan');
    refused(batchsim(['merge', 's1', 's2', '--out', './s1'], dir), './s1 holds slice 1/2, not a whole sweep; use another --out');
    expect(readdirSync(join(dir, 's1'))).toEqual(['runs.jsonl']);
    refused(batchsim(['merge', 's1', 's2', '--out', '.'], dir), '. is not empty and holds no runs.jsonl: not a sweep output folder; use another --out');
    // A folder of this plan's whole sweep is merged into again.
    expect(batchsim(['merge', 's1', 's2', '--out', 'm'], dir).code).toBe(0);
    const again = batchsim(['merge', 's1', 's2', '--out', 'm'], dir);
    expect(again.code, again.stderr).toBe(0);
  }, 120_000);
});

describe('plan.json after a sweep', () => {
  it('goes when sweep or merge rewrites a plan folder, so the folder never shows a stale decision', () => {
    const dir = workDir();
    expect(batchsim(['plan', 'plan.yaml', '--out', 'd', '--jobs', '1'], dir).code).toBe(0);
    expect(existsSync(join(dir, 'd', 'plan.json'))).toBe(true);
    expect(readFileSync(join(dir, 'd', 'report.html'), 'utf8')).toContain('recommended: point');
    const swept = batchsim(['sweep', 'plan.yaml', '--out', 'd', '--jobs', '1'], dir);
    expect(swept.code, swept.stderr).toBe(0);
    expect(existsSync(join(dir, 'd', 'plan.json'))).toBe(false);
    expect(readFileSync(join(dir, 'd', 'report.html'), 'utf8')).not.toContain('recommended: point');
    // plan writes it again from the same runs; a merge into that folder removes it too.
    expect(batchsim(['plan', 'plan.yaml', '--out', 'd', '--jobs', '1'], dir).code).toBe(0);
    expect(existsSync(join(dir, 'd', 'plan.json'))).toBe(true);
    slices(dir);
    const merged = batchsim(['merge', 's1', 's2', '--out', 'd'], dir);
    expect(merged.code, merged.stderr).toBe(0);
    expect(existsSync(join(dir, 'd', 'plan.json'))).toBe(false);
  }, 120_000);
});

describe('compare --out', () => {
  it('is a folder of its own: new, empty or an earlier comparison; others are refused, exit 2', () => {
    const dir = workDir();
    const notOurs = (o: string): string =>
      `output folder "${o}" holds files other than an earlier compare's (compare.csv, compare.json, compare.vl.json, compare.svg, compare.png); compare writes only into a folder of its own, so choose an empty or new folder`;
    refused(batchsim(['compare', base, base, '--out', '.', '--jobs', '1'], dir), notOurs('.'));
    expect(readdirSync(dir).some((n) => n.startsWith('compare'))).toBe(false);
    // A run's folder: left as it was, so `report` still reads it.
    expect(batchsim(['run', base, '--out', 'r', '--outputs', 'records'], dir).code).toBe(0);
    const runFiles = readdirSync(join(dir, 'r')).sort();
    refused(batchsim(['compare', base, base, '--out', 'r', '--jobs', '1'], dir), notOurs('r'));
    expect(readdirSync(join(dir, 'r')).sort()).toEqual(runFiles);
    expect(batchsim(['report', 'r'], dir).code).toBe(0);
    // A new folder, then the same folder again, then an empty one.
    for (const o of ['c', 'c', 'empty']) {
      if (o === 'empty') mkdirSync(join(dir, o));
      const r = batchsim(['compare', base, base, '--out', o, '--jobs', '1', '--figures', 'costUsd.total'], dir);
      expect(r.code, r.stderr).toBe(0);
      expect(readdirSync(join(dir, o)).sort()).toEqual(['compare.csv', 'compare.json', 'compare.png', 'compare.svg', 'compare.vl.json']);
    }
    writeFileSync(join(dir, 'c', 'mine.txt'), 'mine');
    refused(batchsim(['compare', base, base, '--out', 'c', '--jobs', '1'], dir), notOurs('c'));
  }, 120_000);
});

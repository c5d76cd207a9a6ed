// The planner through the CLI, as users run it: threads and shards never change a byte, an
// interrupted sweep resumes, common random numbers hold, and bad plans are located, exit 2, with
// nothing written.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchsim, CLI, ROOT } from '../helpers/cli.js';
import { abandonCompare, prepareCompare, prepareSweep } from '../../src/index.js';
import { openJournal } from '../../src/plan/sweep.js';

const base = join(ROOT, 'test/fixtures/plan/base.yaml');

function planDir(plan: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'batchsim-plan-'));
  writeFileSync(join(dir, 'plan.yaml'), `base: ${JSON.stringify(base)}\n${plan}`);
  return dir;
}

/** Every file of a folder, name -> bytes. */
function files(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f)).toString('base64')]));
}

const SWEEP = `seed: 7
replications: 2
axes:
  - path: computeEnvironments[name=ondemand].computeResources.maxvCpus
    values: [64, 128, 256]
figures: [costUsd.total, makespanSeconds, queueWaitSeconds.p95]
`;

describe('sweep', () => {
  it('writes the same bytes with --jobs 1 and --jobs 2, and sliced then merged', () => {
    const dir = planDir(SWEEP);
    expect(batchsim(['sweep', 'plan.yaml', '--out', 'one', '--jobs', '1'], dir).code).toBe(0);
    const two = batchsim(['sweep', 'plan.yaml', '--out', 'two', '--jobs', '2'], dir);
    expect(two.code, two.stderr).toBe(0);
    expect(two.stdout).toContain('6 runs of 3 points x 2 replications');
    for (const k of [1, 2, 3]) expect(batchsim(['sweep', 'plan.yaml', '--out', `s${k}`, '--shard', `${k}/3`], dir).code).toBe(0);
    expect(readdirSync(join(dir, 's1'))).toEqual(['runs.jsonl']);
    const merged = batchsim(['merge', 's3', 's1', 's2', '--out', 'merged'], dir);
    expect(merged.code, merged.stderr).toBe(0);
    const one = files(join(dir, 'one'));
    expect(Object.keys(one)).toEqual(expect.arrayContaining(['sweep.csv', 'sweep-summary.csv', 'runs.jsonl', 'report.html', 'tradeoff.vl.json']));
    expect(files(join(dir, 'two'))).toEqual(one);
    expect(files(join(dir, 'merged'))).toEqual(one);
    // The plan named by another path, from another folder: still the same bytes (slices run in containers at other paths).
    expect(batchsim(['sweep', join(dir, 'plan.yaml'), '--out', join(dir, 'elsewhere'), '--shard', '1/1'], tmpdir()).code).toBe(0);
    expect(readFileSync(join(dir, 'elsewhere', 'runs.jsonl'), 'utf8').replace(/,"shard":\{[^}]*\}/, '')).toBe(readFileSync(join(dir, 'one', 'runs.jsonl'), 'utf8'));
    const csv = readFileSync(join(dir, 'one', 'sweep.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('point,replication,seed,computeEnvironments[name=ondemand].computeResources.maxvCpus,costUsd.total,makespanSeconds,queueWaitSeconds.p95');
    expect(csv.slice(1, 4).map((l) => l.split(',').slice(0, 4).join(','))).toEqual(['0,0,7,64', '0,1,8,64', '1,0,7,128']);
    expect(readFileSync(join(dir, 'one', 'sweep-summary.csv'), 'utf8').split('\n')[0]).toBe(
      'point,computeEnvironments[name=ondemand].computeResources.maxvCpus,costUsd.total.mean,costUsd.total.ci95Low,costUsd.total.ci95High,makespanSeconds.mean,makespanSeconds.ci95Low,makespanSeconds.ci95High,queueWaitSeconds.p95.mean,queueWaitSeconds.p95.ci95Low,queueWaitSeconds.p95.ci95High',
    );
  }, 120_000);

  /** `sweep plan.yaml --out cut` in `dir`; once two runs are in its journal, `then` (a signal, an edit). Resolves with its exit code and stderr. */
  async function sweepUntilTwoRuns(dir: string, jobs: number, then: (child: ChildProcess, journal: string) => void): Promise<{ code: number | null; stderr: string }> {
    const child = spawn(process.execPath, [CLI, 'sweep', 'plan.yaml', '--out', 'cut', '--jobs', String(jobs)], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const journal = join(dir, 'cut', 'runs.jsonl');
    const poll = setInterval(() => {
      if (existsSync(journal) && readFileSync(journal, 'utf8').split('\n').length >= 4) {
        clearInterval(poll);
        then(child, journal);
      }
    }, 5);
    const code = await exited;
    clearInterval(poll);
    return { code, stderr };
  }

  it('keeps finished runs on Ctrl-C and resumes to the same bytes', async () => {
    const dir = planDir(SWEEP.replace('replications: 2', 'replications: 4'));
    expect(batchsim(['sweep', 'plan.yaml', '--out', 'clean', '--jobs', '1'], dir).code).toBe(0);
    const { code, stderr } = await sweepUntilTwoRuns(dir, 1, (child) => child.kill('SIGINT'));
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted: kept \d+ finished runs in cut\/runs\.jsonl; run the same command again to resume/);
    expect(readdirSync(join(dir, 'cut'))).toEqual(['runs.jsonl']);
    const again = batchsim(['sweep', 'plan.yaml', '--out', 'cut', '--jobs', '2'], dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/\(\d+ resumed from an earlier run\)/);
    expect(files(join(dir, 'cut'))).toEqual(files(join(dir, 'clean')));
  }, 120_000);

  it.each([1, 2])('ends as bad input, keeping the journal, when runs.jsonl stops taking runs (--jobs %i)', async (jobs) => {
    const dir = planDir(SWEEP.replace('replications: 2', 'replications: 4'));
    // Once two runs are in, the journal becomes a folder: the next append fails (as on a full disk).
    const { code, stderr } = await sweepUntilTwoRuns(dir, jobs, (_, journal) => {
      renameSync(journal, join(dir, 'kept.jsonl'));
      mkdirSync(journal);
    });
    expect(code, stderr).toBe(2);
    expect(stderr).toMatch(/^batchsim: cannot write "cut\/runs\.jsonl": .*; the \d+ runs it holds are kept: free space and run the same command again to resume\n$/);
    expect(stderr).not.toMatch(/internal error|\n\s+at /);
  }, 120_000);

  it('gives identical figures in every replication along an axis that changes nothing (common random numbers)', () => {
    // The queue sends nothing to the Spot environment, so its maxvCpus cannot matter.
    const dir = planDir(`replications: 3
axes:
  - path: computeEnvironments[name=spot].computeResources.maxvCpus
    values: [16, 512]
figures: [costUsd.total, makespanSeconds]
`);
    expect(batchsim(['sweep', 'plan.yaml', '--out', 'o'], dir).code).toBe(0);
    const rows = readFileSync(join(dir, 'o', 'sweep.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    for (let r = 0; r < 3; r++) expect(rows[3 + r].slice(4)).toEqual(rows[r].slice(4));
    expect(new Set(rows.slice(0, 3).map((x) => x[4])).size).toBeGreaterThan(1);
  }, 60_000);
});

describe('plan', () => {
  it('recommends the cheapest point that meets the deadline and says why cheaper ones failed', () => {
    const dir = planDir(`seed: 1
replications: 3
axes:
  - path: computeEnvironments[name=ondemand].computeResources.maxvCpus
    values: [32, 64, 128, 256, 512]
figures: [costUsd.total, makespanSeconds]
objective: {minimize: costUsd.total}
constraints:
  - {figure: makespanSeconds, max: 3h, quantile: 1}
`);
    const r = batchsim(['plan', 'plan.yaml', '--out', 'o', '--jobs', '2'], dir);
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(readFileSync(join(dir, 'o', 'plan.json'), 'utf8'));
    expect(Object.keys(plan)).toEqual(['objective', 'constraints', 'search', 'recommended', 'runnerUp', 'nearTie', 'difference', 'rejected', 'runs', 'runsSaved']);
    expect(plan.recommended).not.toBeNull();
    const rec = Number(plan.recommended.axes['computeEnvironments[name=ondemand].computeResources.maxvCpus']);
    // Every rejected point has fewer vCPUs and misses the deadline.
    for (const j of plan.rejected) {
      expect(Number(j.axes['computeEnvironments[name=ondemand].computeResources.maxvCpus'])).toBeLessThan(rec);
      expect(j.reason).toMatch(/^makespanSeconds <= 3h in 100% of replications: met in \d+(\.\d+)?%/);
    }
    expect(plan.runs + plan.runsSaved).toBe(15);
    expect(r.stdout).toMatch(/^recommended: point \d \(computeEnvironments\[name=ondemand\]\.computeResources\.maxvCpus = \d+\): costUsd\.total \$/);
    // Deciding again from the folder runs nothing new.
    const again = batchsim(['plan', 'plan.yaml', '--out', 'o', '--json'], dir);
    expect(JSON.parse(again.stdout)).toEqual(plan);
  }, 120_000);

  it('recommends no point when no point has a value for the objective (arm64 types for x86 jobs: nothing runs)', () => {
    const dir = planDir(`replications: 2
axes:
  - path: computeEnvironments[name=ondemand].computeResources.instanceTypes
    values: [[c7g], [m7g], [c7g, m7g]]
figures: [queueWaitSeconds.p95, costUsd.total, makespanSeconds]
objective: { minimize: queueWaitSeconds.p95 }
`);
    const r = batchsim(['plan', 'plan.yaml', '--out', 'o', '--jobs', '1'], dir);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('no point has a value for queueWaitSeconds.p95: summary.json has null for it in every replication of every point run, so none is recommended');
    expect(r.stdout).not.toMatch(/^(recommended|runner-up|near-tie):/m);
    expect(lines.filter((l) => l.startsWith('rejected: ')).length).toBe(3);
    const plan = JSON.parse(readFileSync(join(dir, 'o', 'plan.json'), 'utf8'));
    expect(plan).toMatchObject({ recommended: null, runnerUp: null, nearTie: false, difference: null });
    expect(plan.rejected.map((j: { point: number; reason: string }) => `${j.point}: ${j.reason}`)).toEqual([0, 1, 2].map((i) => `${i}: minimize queueWaitSeconds.p95: no value (summary.json has null)`));
  }, 120_000);
});

describe('compare', () => {
  it('prints paired differences to the first scenario and writes its files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-compare-'));
    writeFileSync(join(dir, 'small.yaml'), readFileSync(base, 'utf8').replace('name: plan-base', 'name: small').replace('maxvCpus: 256', 'maxvCpus: 64'));
    const r = batchsim(['compare', base, 'small.yaml', base, '--replications', '3', '--out', 'c'], dir);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    // The base twice: the same name, told apart by file and place.
    const [first, third] = [`plan-base (${base} #1)`, `plan-base (${base} #3)`];
    expect(lines[0].split(/ {2,}/)).toEqual(['figure', first, 'small', `Δ vs ${first}`, third, `Δ vs ${first}`]);
    // The same scenario again differs by exactly nothing, and says so.
    expect(lines.find((l) => l.startsWith('makespanSeconds'))).toMatch(/identical$/);
    expect(readdirSync(join(dir, 'c')).sort()).toEqual(['compare.csv', 'compare.json', 'compare.png', 'compare.svg', 'compare.vl.json']);
    const json = JSON.parse(readFileSync(join(dir, 'c', 'compare.json'), 'utf8'));
    const small = json.scenarios[1].figures.makespanSeconds;
    expect(small.difference.significant).toBe(true);
    expect(small.difference.mean).toBeGreaterThan(0);
  }, 120_000);

  it('refuses --figures with no key or a key twice, before running anything', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-compare-'));
    const cases: [string, string][] = [
      ['', '--figures: give at least one summary.json key'],
      [' , ', '--figures: give at least one summary.json key'],
      ['costUsd.total,makespanSeconds,costUsd.total', '--figures: "costUsd.total" is listed twice'],
    ];
    for (const [figures, message] of cases) {
      const r = batchsim(['compare', base, base, '--figures', figures, '--out', 'c'], dir);
      expect(r.code, figures).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves no --out folder it created when interrupted before writing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-compare-'));
    // About 4 s of runs, interrupted early.
    const many = ['compare', base, base, '--replications', '60', '--jobs', '1'];
    const child = spawn(process.execPath, [CLI, ...many, '--out', 'new/cmp'], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // The folder is claimed (created) before the first run; interrupt once it is there.
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (existsSync(join(dir, 'new', 'cmp'))) {
          clearInterval(poll);
          child.kill('SIGINT');
          resolve();
        }
      }, 20);
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('interrupted: nothing was written');
    expect(readdirSync(dir)).toEqual([]);
    // What is removed is only what was made: a folder that was there before (empty) stays.
    const mine = join(dir, 'mine');
    mkdirSync(mine);
    const prepared = prepareCompare([base, base], { out: mine });
    expect(prepared.ok && prepared.setup.createdFolders).toEqual([]);
    if (prepared.ok) abandonCompare(prepared.setup);
    expect(readdirSync(dir)).toEqual(['mine']);
    const nested = prepareCompare([base, base], { out: join(dir, 'a', 'b') });
    expect(nested.ok && nested.setup.createdFolders).toEqual([join(dir, 'a'), join(dir, 'a', 'b')]);
    if (nested.ok) abandonCompare(nested.setup);
    expect(readdirSync(dir)).toEqual(['mine']);
  }, 120_000);
});

describe('costUsd.byInstanceType.<type>', () => {
  it('reads the named type in sweep and compare alike, 0 for one never launched, and both refuse a family or a name of another shape', () => {
    const dir = planDir('figures: [costUsd.byInstanceType.c6i.4xlarge, costUsd.byInstanceType.m6i.32xlarge, costUsd.total]\n');
    const sweep = batchsim(['sweep', 'plan.yaml', '--out', 'o', '--jobs', '1'], dir);
    expect(sweep.code, sweep.stderr).toBe(0);
    const [header, row] = readFileSync(join(dir, 'o', 'sweep.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const cell = (key: string): number => Number(row[header.indexOf(key)]);
    // The base runs only c6i.4xlarge (16 vCPU, 30000 MiB jobs): all of its cost, none on the unused type.
    expect(cell('costUsd.byInstanceType.c6i.4xlarge')).toBeGreaterThan(0);
    expect(cell('costUsd.byInstanceType.c6i.4xlarge')).toBe(cell('costUsd.total'));
    expect(cell('costUsd.byInstanceType.m6i.32xlarge')).toBe(0);
    const compare = batchsim(['compare', base, base, '--figures', 'costUsd.byInstanceType.c6i.4xlarge,costUsd.total', '--json'], dir);
    expect(compare.code, compare.stderr).toBe(0);
    const figures = JSON.parse(compare.stdout).scenarios[0].figures;
    expect(figures['costUsd.byInstanceType.c6i.4xlarge'].mean).toBe(figures['costUsd.total'].mean);
    for (const bad of ['costUsd.byInstanceType.c6i', 'costUsd.byInstanceType.zzz']) {
      const plan = batchsim(['sweep', 'plan.yaml', '--out', 'p'], planDir(`figures: [${bad}]\n`));
      expect(plan.code).toBe(2);
      expect(plan.stderr).toContain(`figures[0]: summary.json has no figure "${bad}"`);
      const cmp = batchsim(['compare', base, base, '--figures', bad], dir);
      expect(cmp.code).toBe(2);
      expect(cmp.stderr).toContain(`summary.json has no figure "${bad}"`);
    }
  }, 120_000);
});

/** Four axes of 100 values: 100,000,000 points, which expanded would exhaust the heap. */
const HUGE_AXES = ['a', 'b', 'c', 'd'].map((k) => `  - { path: assumptions.${k}, values: [${Array.from({ length: 100 }, (_, i) => i).join(', ')}] }\n`).join('');

describe('a plan with a run that can never end', () => {
  it('is bad input naming the run, from worker threads too, not an internal error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-plan-'));
    writeFileSync(join(dir, 'plan.yaml'), `base: ${JSON.stringify(join(ROOT, 'test/fixtures/spot/never-ends.yaml'))}\nreplications: 2\nfigures: [makespanSeconds]\n`);
    const r = batchsim(['sweep', 'plan.yaml', '--out', 'o', '--jobs', '2'], dir);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^batchsim: run [01] \(seed \d+\): the run launched [\d,]+ instances for 30 jobs .* give the scenario an `until`\n$/);
  }, 120_000);
});

describe('bad plans', () => {
  const cases: [string, string, string[], RegExp][] = [
    ['an unknown figure', 'figures: [costUsd.totl]\n', [], /plan\.yaml: figures\[0\]: summary\.json has no figure "costUsd\.totl"/],
    ['a path that selects nothing', 'axes:\n  - path: computeEnvironments[name=spto].computeResources.maxvCpus\n    values: [1]\n', [], /plan\.yaml: axes\[0\]\.path: computeEnvironments\[name=spto\]\.computeResources\.maxvCpus: no item of computeEnvironments is named "spto"; valid names: spot, ondemand/],
    ['values that make the scenario invalid', 'axes:\n  - path: computeEnvironments[name=ondemand].computeResources.maxvCpus\n    values: [64, -1]\n', [], /plan\.yaml: point 1 \(computeEnvironments\[name=ondemand\]\.computeResources\.maxvCpus=-1\): computeEnvironments\[1\]\.computeResources\.maxvCpus: /],
    ['a constraint on a figure not kept', 'figures: [costUsd.total]\nconstraints:\n  - {figure: makespanSeconds, max: 1h}\n', [], /plan\.yaml: constraints\[0\]\.figure: "makespanSeconds" is not among the figures kept; add it to figures/],
    ['--shard 3/2', '', ['--shard', '3/2'], /--shard 3\/2: K must be from 1 to 2/],
    ['--shards without an index', '', ['--shards', '4'], /--shards 4: none of AWS_BATCH_JOB_ARRAY_INDEX, JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID is set/],
    ['--shards past 100000, as --shard', '', ['--shards', '99999999999999999999'], /--shards: expected a whole number from 1 to 100000, got "99999999999999999999"/],
    ['seeds past 2^53 − 1', 'seed: 9007199254740991\nreplications: 3\n', [], /plan\.yaml: seed: seeds 9007199254740991 to 9007199254740993 \(seed \+ replications − 1\) go past 9007199254740991 \(2\^53 − 1\), the largest exact seed; with 3 replications the seed must be at most 9007199254740989\n/],
    [
      'an axis inside another',
      'axes:\n  - path: computeEnvironments[name=ondemand].computeResources\n    variants: { small: { type: EC2, maxvCpus: 64, instanceTypes: [c6i] } }\n  - path: computeEnvironments[name=ondemand].computeResources.maxvCpus\n    values: [128, 256]\n',
      [],
      /plan\.yaml: axes\[1\]\.path: axes\[0\] varies computeEnvironments\[name=ondemand\]\.computeResources, which holds this path, so one axis would overwrite the other's values; vary one of them/,
    ],
    ['a grid too big to expand', `replications: 10000\naxes:\n${HUGE_AXES}`, [], /plan\.yaml: axes: the grid has 100,000,000 points × 10,000 replications = 1,000,000,000,000 runs; at most 1,000,000 runs/],
    ['a constraint no value meets', 'constraints:\n  - { figure: makespanSeconds, max: 1h, min: 2h }\n', [], /plan\.yaml: constraints\[0\]: max \(1h\) is below min \(2h\)\n/],
    ['axis values that read the same (5m, 300, 300s)', 'axes:\n  - path: assumptions.schedulerCycle\n    values: [5m, 300, 10s, 300s]\n', [], /plan\.yaml: axes\[0\]\.values\[1\]: "300" means the same as "5m" once the scenario is read, listed earlier at axes\[0\]\.values\[0\]; list each value once\nerror: .*plan\.yaml: axes\[0\]\.values\[3\]: "300s" means the same as "5m" once the scenario is read, listed earlier at axes\[0\]\.values\[0\]; list each value once\n/],
    ['variants that read the same, beside another axis', 'axes:\n  - path: computeEnvironments[name=ondemand].computeResources.maxvCpus\n    values: [128, 256]\n  - path: jobDefinitions[name=encode].timeout\n    variants: { short: { attemptDurationSeconds: 3600 }, hour: { attemptDurationSeconds: 3600 }, long: { attemptDurationSeconds: 7200 } }\n', [], /plan\.yaml: axes\[1\]\.variants\.hour: "hour" means the same as "short" once the scenario is read, listed earlier at axes\[1\]\.variants\.short; list each value once\n/],
    ['two constraints no value meets', 'constraints:\n  - { figure: makespanSeconds, max: 1h }\n  - { figure: makespanSeconds, min: 2h }\n', [], /plan\.yaml: constraints\[1\]: min \(2h\) is above the max \(1h\) of constraints\[0\] on the same figure\n/],
  ];
  it.each(cases)('%s: exit 2, located, nothing written', (_, plan, flags, message) => {
    const dir = planDir(plan);
    const r = batchsim(['sweep', 'plan.yaml', '--out', 'o', ...flags], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(existsSync(join(dir, 'o'))).toBe(false);
  });

  it('plan --json and compare --json give the problems as JSON on stdout, as run --json does', () => {
    const dir = planDir('figures: [costUsd.totl]\nobjective: {minimize: costUsd.totl}\n');
    const plan = batchsim(['plan', 'plan.yaml', '--out', 'o', '--json'], dir);
    expect(plan.code).toBe(2);
    expect(plan.stderr).toBe('');
    const issues = JSON.parse(plan.stdout);
    expect(issues.valid).toBe(false);
    expect(issues.issues[0]).toMatchObject({ path: 'plan.yaml: figures[0]', severity: 'error' });
    expect(issues.issues[0].message).toContain('summary.json has no figure "costUsd.totl"');
    writeFileSync(join(dir, 'bad.yaml'), 'name: [\n');
    const compare = batchsim(['compare', base, 'bad.yaml', '--json'], dir);
    expect(compare.code).toBe(2);
    expect(compare.stderr).toBe('');
    expect(JSON.parse(compare.stdout).issues[0].path).toBe('bad.yaml');
    expect(readdirSync(dir).sort()).toEqual(['bad.yaml', 'plan.yaml']);
  });

  it('lists every independent problem at once: a figure not kept beside a misspelt one, a bad replications beside a bad figure and axis path', () => {
    const expectAll = (plan: string, lines: string[]) => {
      const dir = planDir(plan);
      const r = batchsim(['sweep', 'plan.yaml', '--out', 'o'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n').filter((l) => l.startsWith('error: ')).map((l) => l.replace(/^error: .*plan\.yaml: /, ''))).toEqual(lines);
      expect(existsSync(join(dir, 'o'))).toBe(false);
    };
    expectAll('figures: [costUsd.totl]\nobjective: { minimize: costUsd.total }\n', [
      'objective.minimize: "costUsd.total" is not among the figures kept; add it to figures',
      'figures[0]: summary.json has no figure "costUsd.totl" (see the README\'s summary.json keys)',
    ]);
    expectAll('replications: 0\nfigures: [costUsd.totl]\naxes:\n  - path: computeEnvironments[name=spto].computeResources.maxvCpus\n    values: [1]\n', [
      'replications: expected number to be >=1',
      'figures[0]: summary.json has no figure "costUsd.totl" (see the README\'s summary.json keys)',
      'axes[0].path: computeEnvironments[name=spto].computeResources.maxvCpus: no item of computeEnvironments is named "spto"; valid names: spot, ondemand',
    ]);
  }, 60_000);

  it('merge refuses slices of different plans and a missing slice', () => {
    const a = planDir(SWEEP);
    const b = planDir(SWEEP.replace('seed: 7', 'seed: 8'));
    expect(batchsim(['sweep', 'plan.yaml', '--out', join(a, 's1'), '--shard', '1/2'], a).code).toBe(0);
    expect(batchsim(['sweep', 'plan.yaml', '--out', join(b, 's2'), '--shard', '2/2'], b).code).toBe(0);
    const foreign = batchsim(['merge', join(a, 's1'), join(b, 's2'), '--out', 'm'], a);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toContain(`${join(b, 's2')} is a slice of another plan than ${join(a, 's1')}`);
    const missing = batchsim(['merge', join(a, 's1'), '--out', 'm'], a);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing slice 2/2');
    expect(existsSync(join(a, 'm'))).toBe(false);
  }, 60_000);

  it("a plan without seed refuses the base scenario's seed when seed + replications − 1 passes 2^53 − 1", () => {
    const dir = planDir('replications: 2\n');
    writeFileSync(join(dir, 'big-seed.yaml'), readFileSync(base, 'utf8').replace(/^seed: 1$/m, 'seed: 9007199254740991'));
    writeFileSync(join(dir, 'plan.yaml'), 'base: big-seed.yaml\nreplications: 2\n');
    const r = batchsim(['sweep', 'plan.yaml', '--out', 'o'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: plan.yaml: base big-seed.yaml: seed: seeds 9007199254740991 to 9007199254740992 (seed + replications − 1) go past 9007199254740991');
    expect(existsSync(join(dir, 'o'))).toBe(false);
  });

  it('merge names at most ten missing slices, and refuses a journal edited to a slice count past 100000', () => {
    const dir = planDir(SWEEP);
    expect(batchsim(['sweep', 'plan.yaml', '--out', 's', '--shard', '1/100000'], dir).code).toBe(0);
    const missing = batchsim(['merge', 's', '--out', 'm'], dir);
    expect(missing.code).toBe(2);
    const named = Array.from({ length: 10 }, (_, k) => `${k + 2}/100000`).join(', ');
    expect(missing.stderr).toBe(`batchsim: missing slices ${named}, … and 99,989 more\n`);
    const journal = join(dir, 's', 'runs.jsonl');
    writeFileSync(journal, readFileSync(journal, 'utf8').replace('"count":100000', '"count":100000000000000000000'));
    const huge = batchsim(['merge', 's', '--out', 'm'], dir);
    expect(huge.code).toBe(2);
    expect(huge.stderr).toBe('batchsim: s/runs.jsonl:1: shard: the count must be a whole number from 1 to 100000\n');
    expect(existsSync(join(dir, 'm'))).toBe(false);
  }, 60_000);

  it('merge refuses a slice whose runs.jsonl has a figure that is not a number, a run twice or a run of another slice; one cut short on its last line resumes', () => {
    const dir = planDir(SWEEP);
    for (const k of [1, 2]) expect(batchsim(['sweep', 'plan.yaml', '--out', `s${k}`, '--shard', `${k}/2`], dir).code).toBe(0);
    // The header, runs 0, 2 and 4, and the final newline.
    const lines = readFileSync(join(dir, 's1', 'runs.jsonl'), 'utf8').split('\n');
    const slice = (name: string, edit: (l: string[]) => void): void => {
      const l = [...lines];
      edit(l);
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'runs.jsonl'), l.join('\n'));
    };
    const refused: [string, (l: string[]) => void, string][] = [
      ['text', (l) => (l[1] = '{"run":0,"figures":[-5,"abc",1]}'), 'text/runs.jsonl:2: figure 2 (makespanSeconds) is not a finite number or null'],
      ['infinite', (l) => (l[2] = '{"run":2,"figures":[1,2,1e999]}'), 'infinite/runs.jsonl:3: figure 3 (queueWaitSeconds.p95) is not a finite number or null'],
      ['twice', (l) => l.splice(3, 0, l[1]), 'twice/runs.jsonl:4: run 0 is recorded twice (also on line 2)'],
      ['foreign', (l) => (l[2] = l[2].replace('"run":2', '"run":3')), 'foreign/runs.jsonl:3: run 3 is not of slice 1/2 (its runs are those whose number modulo 2 is 0)'],
    ];
    for (const [name, edit, message] of refused) {
      slice(name, edit);
      const r = batchsim(['merge', name, 's2', '--out', 'm'], dir);
      expect(r.code, name).toBe(2);
      expect(r.stderr).toBe(`batchsim: ${message}\n`);
      expect(existsSync(join(dir, 'm'))).toBe(false);
    }
    // An append cut short by a kill: the last line is run again.
    slice('torn', (l) => (l[3] = l[3].slice(0, 12)));
    const resumed = batchsim(['sweep', 'plan.yaml', '--out', 'torn', '--shard', '1/2'], dir);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('2 resumed');
    expect(readFileSync(join(dir, 'torn', 'runs.jsonl'), 'utf8')).toBe(lines.join('\n'));
  }, 90_000);

  it('ends a journal cut inside its last line before appending to it, so a second interruption leaves it readable', async () => {
    const dir = planDir(SWEEP);
    expect(batchsim(['sweep', 'plan.yaml', '--out', 's1', '--shard', '1/2'], dir).code).toBe(0);
    const lines = readFileSync(join(dir, 's1', 'runs.jsonl'), 'utf8').split('\n');
    const prepared = await prepareSweep(join(dir, 'plan.yaml'));
    if (!prepared.ok) throw new Error('plan');
    const shard = { index: 0, count: 2 };
    const reopen = (name: string, text: string): string => {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'runs.jsonl'), text);
      openJournal(prepared.setup, { outDir: join(dir, name), shard });
      return readFileSync(join(dir, name, 'runs.jsonl'), 'utf8');
    };
    // A record cut short goes (its run is run again); one lacking only its newline gets it.
    expect(reopen('cut', [...lines.slice(0, 3), lines[3].slice(0, 12)].join('\n'))).toBe(lines.slice(0, 3).join('\n') + '\n');
    expect(reopen('whole', lines.slice(0, 3).join('\n'))).toBe(lines.slice(0, 3).join('\n') + '\n');
  }, 90_000);

  it('refuses to sweep into a folder of other files', () => {
    const dir = planDir(SWEEP);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const r = batchsim(['sweep', 'plan.yaml', '--out', '.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not empty and holds no runs.jsonl: not a sweep output folder');
  });
});

describe('run --replications', () => {
  it('reports each figure over seeds seed..seed+n-1, replication 0 being the run itself', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-rep-'));
    const r = batchsim(['run', base, '--replications', '4', '--outputs', 'summary', '--out', 'o', '--seed', '3'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/across 4 replications \(seeds 3\.\.6; mean ± half-width of the 95% interval, or \[low, high\] where it is cut at the figure's range\)\n  costUsd\.total +\$\d+\.\d\d ± \$\d+\.\d\d\n/);
    const rows = readFileSync(join(dir, 'o', 'replications.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    expect(rows.map((x) => x.slice(0, 2).join(','))).toEqual(['replication,seed', '0,3', '1,4', '2,5', '3,6']);
    const summary = JSON.parse(readFileSync(join(dir, 'o', 'summary.json'), 'utf8'));
    expect(Number(rows[1][rows[0].indexOf('costUsd.total')])).toBe(summary.costUsd.total);
    // Every figure summary.json has, per queue and environment too, as the README says.
    for (const [key, value] of [['costUsd.byJobQueue.main', summary.costUsd.byJobQueue.main], ['computeEnvironments.ondemand.costUsd', summary.computeEnvironments.ondemand.costUsd]]) {
      expect(rows[0], key).toContain(key);
      expect(Number(rows[1][rows[0].indexOf(key)]), key).toBe(value);
    }
    const rep = JSON.parse(readFileSync(join(dir, 'o', 'replications.json'), 'utf8'));
    expect(rep.seeds).toEqual([3, 4, 5, 6]);
    expect(rep.figures['costUsd.total'].ci95Low).toBeLessThan(rep.figures['costUsd.total'].mean);
    const manifest = JSON.parse(readFileSync(join(dir, 'o', 'manifest.json'), 'utf8'));
    expect(manifest.files.map((f: { name: string }) => f.name)).toEqual(['replications.csv', 'replications.json', 'summary.json']);
  }, 60_000);
});

describe("95% intervals cut at each figure's range", () => {
  // 3 replications of the Spot outage: one seed leaves a little capacity no job held, so
  // costUsd.unattributed's mean minus its half-width would be a negative cost.
  const outage = join(ROOT, 'scenarios/limits-spot-outage.yaml');
  const noneImpossible = (figures: Record<string, { mean: number | null; ci95Low: number | null; ci95High: number | null }>): void => {
    for (const [f, e] of Object.entries(figures)) {
      if (e.ci95Low === null) continue;
      expect(e.ci95Low, f).toBeGreaterThanOrEqual(0);
      if (f.endsWith('utilisation') || f === 'utilisation.vcpu') expect(e.ci95High!, f).toBeLessThanOrEqual(1);
    }
  };
  it('run --replications and sweep write no negative bound, and the cut one at 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-cut-'));
    const r = batchsim(['run', outage, '--replications', '3', '--out', 'o'], dir);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(readFileSync(join(dir, 'o', 'replications.json'), 'utf8'));
    const cut = rep.figures['costUsd.unattributed'];
    expect(cut.ci95Low).toBe(0);
    expect(cut.mean - (cut.ci95High - cut.mean)).toBeLessThan(0);
    noneImpossible(rep.figures);
    // report.html shows the replications as the terminal does, the cut interval by its ends, and
    // `batchsim report` rebuilds it the same from the folder.
    const html = readFileSync(join(dir, 'o', 'report.html'), 'utf8');
    const total = /\n  costUsd\.total +(.+)\n/.exec(r.stdout)![1];
    expect(html).toContain(`<tr><td class="k">costUsd.total</td><td>${total}</td></tr>`);
    expect(html).toMatch(/<tr><td class="k">costUsd\.unattributed<\/td><td>\$0\.\d\d \[\$0\.00, \$0\.\d\d\]<\/td><\/tr>/);
    rmSync(join(dir, 'o', 'report.html'));
    expect(batchsim(['report', 'o'], dir).code).toBe(0);
    expect(readFileSync(join(dir, 'o', 'report.html'), 'utf8')).toBe(html);
    writeFileSync(join(dir, 'plan.yaml'), `base: ${JSON.stringify(outage)}\nreplications: 3\nfigures: [costUsd.unattributed, utilisation.vcpu]\n`);
    expect(batchsim(['sweep', 'plan.yaml', '--out', 's', '--jobs', '1'], dir).code).toBe(0);
    const [head, row] = readFileSync(join(dir, 's', 'sweep-summary.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const at = (k: string): number => Number(row[head.indexOf(k)]);
    expect(at('costUsd.unattributed.ci95Low')).toBe(0);
    expect(at('costUsd.unattributed.mean')).toBe(cut.mean);
    expect(at('utilisation.vcpu.ci95High')).toBeLessThanOrEqual(1);
  }, 60_000);
});

describe('seeds past 2^53 − 1 (replication r runs seed + r)', () => {
  it('compare and run --replications refuse them before anything runs; the highest seed that fits runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-seed-'));
    const compare = batchsim(['compare', base, base, '--seed', '9007199254740991', '--replications', '3', '--json', '--figures', 'makespanSeconds'], dir);
    expect(compare.code).toBe(2);
    expect(JSON.parse(compare.stdout).issues).toEqual([
      { path: '--seed', message: 'seeds 9007199254740991 to 9007199254740993 (seed + replications − 1) go past 9007199254740991 (2^53 − 1), the largest exact seed; with 3 replications the seed must be at most 9007199254740989', severity: 'error' },
    ]);
    const run = batchsim(['run', base, '--seed', '9007199254740990', '--replications', '3', '--out', 'o'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: --seed: seeds 9007199254740990 to 9007199254740992 (seed + replications − 1) go past 9007199254740991');
    expect(existsSync(join(dir, 'o'))).toBe(false);
    const fits = batchsim(['run', base, '--seed', '9007199254740989', '--replications', '3', '--outputs', 'summary', '--out', 'o'], dir);
    expect(fits.code, fits.stderr).toBe(0);
    expect(fits.stdout).toContain('(seeds 9007199254740989..9007199254740991;');
  }, 60_000);
});

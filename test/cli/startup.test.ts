// Start-up (issue 13): a command loads only the code it runs. Checked on the built CLI with
// bench/module-count.mjs preloaded, which lists every module file the process loads: `--version`
// loads no other module, `run` loads no planning, import or check code, and the renderers and the
// Arrow writer only when charts or Arrow files are asked for.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist/cli/main.js');
const dirs: string[] = [];

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { cwd: root });
}, 120_000);
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The CLI run with the module lister: its exit code, stdout and the files it loaded (dist/-relative for ours). */
function loaded(args: string[]): { code: number | null; stdout: string; dir: string; ours: string[]; packages: string[]; packageFiles: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'batchsim-startup-'));
  dirs.push(dir);
  const list = join(dir, 'modules');
  const r = spawnSync(process.execPath, ['--import', join(root, 'bench/module-count.mjs'), cli, ...args.map((a) => a.replace('$OUT', join(dir, 'out')))], {
    cwd: root,
    env: { ...process.env, BATCHSIM_BENCH_MODULES_FILE: list },
    encoding: 'utf8',
  });
  const files = [...new Set(readFileSync(list, 'utf8').trim().split('\n'))];
  const ours = files.filter((f) => !f.includes('/node_modules/') && f.includes('/dist/')).map((f) => f.slice(f.indexOf('/dist/') + 6));
  const packageFiles = files.filter((f) => f.includes('/node_modules/')).map((f) => f.split('/node_modules/').pop()!);
  const packages = [...new Set(packageFiles.map((f) => f.split('/')[0]))].sort();
  return { code: r.status, stdout: r.stdout, dir, ours, packages, packageFiles };
}

const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
/**
 * Feature code a plain run does not use: Step Functions, data movement, the trace readers (not
 * their format names), Fargate and Spot environments, the account's quotas and capacity rules,
 * image pulls, fair share.
 */
const FEATURES =
  /^(model\/stepFunctions\/|model\/pipelines|metrics\/(stateMachines|dataMovement|pipelineBilling|pipelinePrices)|scenario\/read\/(stateMachine|pipeline)|scenario\/validatePipelines|workload\/traces\/(?!formats)|model\/environments\/(fargate|spot|launchRate|launchLimits|quotas|availability)\.js|model\/(imagePull|shareUsage|scheduler\/fairShare)\.js)/;
const PLANNING = /^(plan\/(?!simulate|version|threads)|scenario\/import\/(?!revisions|jobDefinitionRef)|report\/(render|renderPool|sweep|sweepHtml|html|charts\/)|records\/arrow|index\.js)/;

describe('start-up: what each command loads', () => {
  it.each([['--version'], ['-V']])('%s prints the version and loads no other module, not even commander', (flag) => {
    const r = loaded([flag]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${version}\n`);
    expect(r.ours).toEqual(['cli/main.js']);
    expect(r.packages).toEqual([]);
  });

  // main.ts loads a command's module with require, which cannot load a graph with a top-level await:
  // each command's help runs through that path.
  it.each([
    ['run', 'cli/run.js'],
    ['report', 'cli/report.js'],
    ['validate', 'cli/validate.js'],
    ['compare', 'cli/compare.js'],
    ['sweep', 'cli/sweep.js'],
    ['plan', 'cli/sweep.js'],
    ['merge', 'cli/merge.js'],
    ['import', 'cli/import.js'],
    ['check', 'cli/check.js'],
  ])('%s --help loads its command module and prints its help', (command, module) => {
    const r = loaded([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: batchsim ${command}`);
    expect(r.ours).toContain(module);
    // Only the command named is registered (main.ts commandsFor).
    if (command !== 'run') expect(r.ours).not.toContain('cli/run.js');
  });

  it('run --outputs summary loads no planning, import, check or rendering code and no index.js', () => {
    const r = loaded(['run', 'bench/mm16-1k.yaml', '--outputs', 'summary', '--out', '$OUT', '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { jobs: { submitted: number } }).jobs.submitted).toBe(1000);
    // The lister saw the run's own modules, so the absence below is not vacuous.
    expect(r.ours).toContain('api/run.js');
    expect(r.ours).toContain('model/batch.js');
    expect(r.ours.filter((f) => PLANNING.test(f))).toEqual([]);
    expect(r.packages.filter((p) => /^(vega|@resvg|apache-arrow|jstat|csv-stringify)/.test(p))).toEqual([]);
    // summary.json's percentiles do not need simple-statistics (metrics/distribution.ts).
    expect(r.packages).not.toContain('simple-statistics');
    // No CSV is read, so no CSV parser; of seedrandom only the generator the streams use.
    expect(r.packages).not.toContain('csv-parse');
    expect(r.packageFiles.filter((f) => f.startsWith('seedrandom/'))).toEqual(['seedrandom/lib/alea.js']);
    // Nor the code of features the scenario does not use (engine/lazy.ts lazyModule).
    expect(r.ours.filter((f) => FEATURES.test(f))).toEqual([]);
  });

  it.each([
    ['scenarios/pipeline-s3-map.yaml', ['model/pipelines.js', 'model/stepFunctions/execution.js', 'scenario/read/stateMachine.js', 'metrics/stateMachines.js', 'scenario/validatePipelines.js', 'scenario/read/pipeline.js']],
    ['scenarios/data-movement.yaml', ['metrics/dataMovement.js', 'model/imagePull.js']],
    ['scenarios/compare-fargate-spot.yaml', ['model/environments/fargate.js', 'model/environments/launchRate.js', 'model/environments/spot.js']],
    ['scenarios/compare-spot.yaml', ['model/environments/spot.js']],
    ['scenarios/limits-quota-nightly.yaml', ['model/environments/quotas.js', 'model/environments/availability.js', 'model/environments/launchLimits.js']],
    ['scenarios/contract-full.yaml', ['model/shareUsage.js', 'model/scheduler/fairShare.js']],
    ['test/fixtures/kth-sp2-strict-fifo.yaml', ['workload/traces/parse.js']],
  ])('run %s loads the feature code it uses on first use, and writes the golden summary.json', (file, modules) => {
    const r = loaded(['run', file, '--seed', '1', '--outputs', 'summary', '--out', '$OUT']);
    expect(r.code).toBe(0);
    expect(r.ours).toEqual(expect.arrayContaining(modules));
    const golden = (JSON.parse(readFileSync(join(root, 'test/golden/hashes.json'), 'utf8')) as Record<string, Record<string, string>>)[`${file} seed 1`];
    expect(createHash('sha256').update(readFileSync(join(r.dir, 'out', 'summary.json'))).digest('hex')).toBe(golden['summary.json']);
  });

  it('run --outputs summary loads none of the Node built-ins it does not use, and no Spot Advisor data', () => {
    // Node's own list of the built-in modules a process loaded, written at exit by a preload that
    // loads nothing itself (the module lister above starts a loader thread, which would pollute it);
    // the preload also notes each bundled data file read.
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-startup-builtins-'));
    dirs.push(dir);
    const preload = join(dir, 'builtins.cjs');
    writeFileSync(
      preload,
      [
        `const fs = require('fs'), read = fs.readFileSync, data = [];`,
        `fs.readFileSync = function (p, ...rest) { if (/[\\\\/]data[\\\\/][^\\\\/]+\\.json$/.test(String(p))) data.push(String(p).split(/[\\\\/]/).pop()); return read.call(this, p, ...rest); };`,
        `process.on('exit', () => fs.writeFileSync(${JSON.stringify(join(dir, 'list'))}, [...process.moduleLoadList, ...data.map((f) => 'data ' + f)].join('\\n')));`,
      ].join('\n'),
    );
    const r = spawnSync(process.execPath, ['--require', preload, cli, 'run', 'bench/mm16-1k.yaml', '--outputs', 'summary', '--out', join(dir, 'out'), '--json'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const builtins = readFileSync(join(dir, 'list'), 'utf8').split('\n');
    // The list is the real one: the run read its scenario and hashed it.
    expect(builtins).toContain('NativeModule crypto');
    // No CommonJS package is imported into an ES module (each is required), so Node never loads
    // the lexer it scans CommonJS sources with for their export names.
    expect(builtins).not.toContain('NativeModule internal/deps/cjs-module-lexer/lexer');
    // The writer thread is for the record CSVs; the wall clock only for a progress bar on a TTY.
    expect(builtins).not.toContain('NativeModule worker_threads');
    expect(builtins).not.toContain('NativeModule perf_hooks');
    // The scenario has no Spot and its region has Fargate prices: the 330 KB Spot Advisor file is not read.
    expect(builtins).toContain('data ec2-instance-types.json');
    expect(builtins).not.toContain('data spot-advisor.json');
  });

  it('run of a JSON scenario loads no YAML parser', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-startup-json-'));
    dirs.push(dir);
    const json = join(dir, 'mm16-1k.json');
    writeFileSync(json, JSON.stringify(parseYaml(readFileSync(join(root, 'bench/mm16-1k.yaml'), 'utf8'))));
    const r = loaded(['run', json, '--outputs', 'summary', '--out', '$OUT', '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { jobs: { submitted: number } }).jobs.submitted).toBe(1000);
    expect(r.ours).toContain('scenario/load.js');
    expect(r.packages).not.toContain('yaml');
  });

  it('run with the default outputs loads the renderer (vega, resvg) but still no planning code', () => {
    const r = loaded(['run', 'bench/mm16-1k.yaml', '--out', '$OUT', '--json']);
    expect(r.code).toBe(0);
    expect(r.ours).toContain('report/render.js');
    expect(r.packages).toEqual(expect.arrayContaining(['vega', 'vega-lite', '@resvg']));
    expect(r.ours.filter((f) => /^(plan\/(?!simulate|version|threads)|scenario\/import\/(?!revisions|jobDefinitionRef)|records\/arrow|index\.js)/.test(f))).toEqual([]);
    expect(r.packages).not.toContain('apache-arrow');
  });

  it('run --format arrow loads the Arrow writer; run --replications loads the planning layer it uses', () => {
    const arrow = loaded(['run', 'bench/mm16-1k.yaml', '--outputs', 'records', '--format', 'arrow', '--out', '$OUT', '--json']);
    expect(arrow.code).toBe(0);
    expect(arrow.ours).toContain('records/arrow.js');
    expect(arrow.packages).toContain('apache-arrow');
    const replicated = loaded(['run', 'bench/mm16-1k.yaml', '--outputs', 'summary', '--replications', '2', '--jobs', '1', '--out', '$OUT', '--json']);
    expect(replicated.code).toBe(0);
    expect(replicated.ours).toContain('plan/compare.js');
    expect((JSON.parse(replicated.stdout) as { replications: unknown }).replications).toBeDefined();
  });
});

// A sweep split over a real array-job engine: a single-node Slurm cluster (scripts/slurm-local.sh)
// runs `batchsim sweep --shards 4` as `sbatch --array=0-3 --wait`, one slice per task; `batchsim
// merge` joins the slices, and the result must be byte for byte what one machine writes. Skipped
// when sbatch is not on PATH (`bash scripts/slurm-local.sh install` puts it there; CI does).
// Runs the built CLI (dist/, from `npm ci` or `npm run build`); see docs/slurm.md.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist/cli/main.js');
const script = join(root, 'scripts/slurm-local.sh');
const SHARDS = 4;

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((d) => {
    try {
      accessSync(join(d, cmd), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const haveSbatch = onPath('sbatch');
const SKIP_REASON = 'sbatch is not on PATH (install Slurm with `bash scripts/slurm-local.sh install`)';
if (!haveSbatch) console.warn(`test/plan/slurm.test.ts skipped: ${SKIP_REASON}`);

/** Every output of a command, for failure messages. */
const show = (r: SpawnSyncReturns<string>): string =>
  `exit ${r.status}${r.signal ? ` (signal ${r.signal})` : ''}${r.error ? ` (${r.error.message})` : ''}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

function cluster(sub: 'start' | 'stop' | 'env'): SpawnSyncReturns<string> {
  return spawnSync('bash', [script, sub], { cwd: root, encoding: 'utf8', timeout: 90_000 });
}

function batchsim(args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
}

/** Every file under dir, as paths relative to it, sorted. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

// The style of scenarios/compare-ondemand.yaml, with 60 jobs so one run takes a fraction of a second;
// 16-vCPU jobs so maxvCpus changes the outcome.
const BASE = `name: slurm-sweep-base
seed: 1
assumptions:
  region: us-east-1
  schedulerCycle: 10s
  submitToRunnable: 5s
  containerStart: { uniform: { min: 10s, max: 40s } }
  ec2Launch: { lognormal: { median: 3m, p95: 6m } }
  idleTerminateAfter: 5m
  ebsRootVolume: 30 GiB
computeEnvironments:
  - computeEnvironmentName: ondemand
    type: MANAGED
    state: ENABLED
    computeResources:
      type: EC2
      allocationStrategy: BEST_FIT_PROGRESSIVE
      minvCpus: 0
      maxvCpus: 512
      instanceTypes: [c6i, m6i, r6i]
jobQueues:
  - jobQueueName: encode
    state: ENABLED
    priority: 100
    computeEnvironmentOrder:
      - { order: 1, computeEnvironment: ondemand }
jobDefinitions:
  - jobDefinitionName: encode
    type: container
    platformCapabilities: [EC2]
    containerProperties:
      image: public.ecr.aws/example/ffmpeg:latest
      resourceRequirements:
        - { type: VCPU, value: "16" }
        - { type: MEMORY, value: "32768" }
    simulation:
      runtime: { lognormal: { median: 12m, p95: 40m } }
workload:
  - name: encode-batch
    arrivals: { poisson: { perSecond: 3 }, count: 60 }
    jobs:
      - { jobName: encode, jobQueue: encode, jobDefinition: encode }
`;

const PLAN = `base: base.yaml
seed: 1
replications: 2
axes:
  - path: computeEnvironments[name=ondemand].computeResources.maxvCpus
    values: [64, 128, 256, 512]
figures: [costUsd.total, makespanSeconds]
`;

describe.skipIf(!haveSbatch)(`a sweep as a Slurm job array${haveSbatch ? '' : ` (skipped: ${SKIP_REASON})`}`, () => {
  let slurmConf = '';

  beforeAll(() => {
    expect(existsSync(cli), `${cli} is missing: run \`npm run build\` first`).toBe(true);
    const started = cluster('start');
    expect(started.status, `slurm-local.sh start failed:\n${show(started)}`).toBe(0);
    const env = cluster('env');
    slurmConf = /^export SLURM_CONF=(\S+)$/m.exec(env.stdout)?.[1] ?? '';
    expect(slurmConf, `slurm-local.sh env printed no SLURM_CONF:\n${show(env)}`).not.toBe('');
  }, 120_000);

  afterAll(() => {
    const stopped = cluster('stop');
    if (stopped.status !== 0) console.warn(`slurm-local.sh stop failed:\n${show(stopped)}`);
  }, 120_000);

  it('writes, after merging the slices of an sbatch --array, the same bytes as one machine', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-slurm-test-'));
    writeFileSync(join(dir, 'base.yaml'), BASE);
    writeFileSync(join(dir, 'plan.yaml'), PLAN);
    const rcDir = join(dir, 'rc');
    const logDir = join(dir, 'logs');
    mkdirSync(rcDir);
    mkdirSync(logDir);

    // Each task records its own exit code: sbatch --wait's exit code can miss a failed task.
    const task = join(dir, 'task.sh');
    writeFileSync(task, [
      '#!/bin/bash',
      `cd '${dir}'`,
      `'${process.execPath}' '${cli}' sweep plan.yaml --out "slice_$SLURM_ARRAY_TASK_ID" --shards ${SHARDS}`,
      'rc=$?',
      `echo $rc > '${rcDir}'/"$SLURM_ARRAY_TASK_ID"`,
      'exit $rc',
      '',
    ].join('\n'), { mode: 0o755 });

    const submitted = spawnSync('sbatch', [
      `--array=0-${SHARDS - 1}`, '--wait', '--job-name=batchsim-sweep', `--chdir=${dir}`, `--output=${join(logDir, '%a.out')}`, task,
    ], { cwd: dir, encoding: 'utf8', timeout: 150_000, env: { ...process.env, SLURM_CONF: slurmConf } });
    const taskLog = (k: number) => {
      const f = join(logDir, `${k}.out`);
      return existsSync(f) ? readFileSync(f, 'utf8') : '(no log)';
    };
    for (let k = 0; k < SHARDS; k++) {
      const rc = join(rcDir, String(k));
      const why = `array task ${k}: sbatch ${show(submitted)}\n--- task log\n${taskLog(k)}`;
      expect(existsSync(rc), `no exit code recorded (the task never ran or was killed); ${why}`).toBe(true);
      expect(readFileSync(rc, 'utf8').trim(), why).toBe('0');
    }
    expect(submitted.status, show(submitted)).toBe(0);

    const slices = Array.from({ length: SHARDS }, (_, k) => `slice_${k}`);
    const merged = batchsim(['merge', ...slices, '--out', 'merged'], dir);
    expect(merged.status, `merge: ${show(merged)}`).toBe(0);
    const single = batchsim(['sweep', 'plan.yaml', '--out', 'single'], dir);
    expect(single.status, `sweep on one machine: ${show(single)}`).toBe(0);

    const expected = files(join(dir, 'single'));
    expect(expected).toEqual(expect.arrayContaining(['sweep.csv', 'sweep-summary.csv']));
    expect(files(join(dir, 'merged'))).toEqual(expected);
    for (const f of expected) {
      expect(readFileSync(join(dir, 'merged', f)).equals(readFileSync(join(dir, 'single', f))), `${f} differs between merged slices and one machine`).toBe(true);
    }
    const sweep = readFileSync(join(dir, 'single', 'sweep.csv'), 'utf8');
    for (const v of ['64', '128', '256', '512']) expect(sweep, `sweep.csv has no run with maxvCpus ${v}`).toContain(v);
  }, 180_000);
});

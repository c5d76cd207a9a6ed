// `batchsim import …` and `batchsim check` end to end on the built CLI (npm run build first):
// files written atomically, stdin, exit 2 with nothing written on bad input.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const cli = join(root, 'dist/cli/main.js');
const fx = (name: string): string => join('test/fixtures/aws-configs', name);

export function batchsim(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const tmp = (): string => mkdtempSync(join(tmpdir(), 'batchsim-import-cli-'));

describe('batchsim import aws-cli', () => {
  it('writes a scenario that validate accepts, listing defaults on stderr', () => {
    const out = join(tmp(), 'mine.yaml');
    const r = batchsim(['import', 'aws-cli', fx('describe-compute-environments-and-queues.json'), fx('describe-job-definitions-revisions.json'), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('default: jobDefinitions[0].simulation.runtime: 10m (placeholder: AWS configs hold no run times)');
    expect(r.stderr).toContain('note: test/fixtures/aws-configs/describe-job-definitions-revisions.json: jobDefinitions[0]: job definition "align": INACTIVE revision 1 skipped');
    expect(readFileSync(out, 'utf8')).toMatch(/^name: mine$/m);
    expect(readdirSync(join(out, '..'))).toEqual(['mine.yaml']);
    expect(batchsim(['validate', out]).code).toBe(0);
  });

  it('reads stdin for - and prints the scenario without --out', () => {
    const r = batchsim(['import', 'aws-cli', '-'], readFileSync(join(root, fx('cli-input-aws-batch-efa-job_queue.json')), 'utf8').replace('"EFA-Batch-ComputeEnvironment"', '"x"') );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: -: computeEnvironmentOrder[0].computeEnvironment: names compute environment "x", which is not in the files read (none were read)');
    const ok = batchsim(['import', 'aws-cli', '-', fx('cli-input-aws-batch-efa-compute_environment.json')], readFileSync(join(root, fx('cli-input-aws-batch-efa-job_queue.json')), 'utf8'));
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('jobQueueName: EFA-Batch-JobQueue');
  });

  it('exits 2 and writes nothing on bad input', () => {
    const dir = tmp();
    const out = join(dir, 'x.yaml');
    const r = batchsim(['import', 'aws-cli', fx('awscli-example-describe-jobs.rst'), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error: test\/fixtures\/aws-configs\/awscli-example-describe-jobs.rst: line 1: not valid JSON/);
    expect(r.stderr).toContain('nothing was written');
    expect(existsSync(out)).toBe(false);
    expect(batchsim(['import', 'aws-cli', 'no-such-file.json']).code).toBe(2);
  });
});

describe('a file given twice', () => {
  const twice = (r: { code: number | null; stdout: string; stderr: string }): string => {
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    return r.stderr;
  };
  it('is refused by import aws-cli and import jobs, however it is spelt (./, a link), naming both arguments; nothing written', () => {
    const dir = tmp();
    const setup = fx('describe-compute-environments-and-queues.json');
    const link = join(dir, 'link.json');
    symlinkSync(join(root, setup), link);
    const out = join(dir, 'x.yaml');
    expect(twice(batchsim(['import', 'aws-cli', setup, setup, '--out', out]))).toBe(`batchsim: "${setup}" is given twice (arguments 1 and 2); give each file once\n`);
    expect(twice(batchsim(['import', 'aws-cli', setup, fx('describe-job-definitions-revisions.json'), `./${setup}`, '--out', out]))).toContain(`"${setup}" and "./${setup}" are the same file, given twice (arguments 1 and 3); give each file once`);
    expect(twice(batchsim(['import', 'aws-cli', link, setup, '--out', out]))).toContain(`"${link}" and "${setup}" are the same file, given twice (arguments 1 and 2)`);
    expect(twice(batchsim(['import', 'aws-cli', '-', '-'], '{}'))).toContain('"-" (stdin) is given twice (arguments 1 and 2); stdin can be read only once');
    const history = fx('eventbridge-job-state-changes.jsonl');
    expect(twice(batchsim(['import', 'jobs', history, `./${history}`, '--out', join(dir, 't.csv')]))).toContain(`"${history}" and "./${history}" are the same file, given twice (arguments 1 and 2)`);
    expect(readdirSync(dir)).toEqual(['link.json']);
  });
  it('is refused by check --against', () => {
    const dir = tmp();
    const history = fx('eventbridge-job-state-changes.jsonl');
    const r = batchsim(['check', 'scenarios/contract-basic.yaml', '--against', history, history, '--out', join(dir, 'c')]);
    expect(twice(r)).toBe(`batchsim: --against: "${history}" is given twice (arguments 1 and 2); give each file once\n`);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('batchsim import cloudformation', () => {
  it('takes --parameter (repeatable), writes the scenario, prints placeholders and defaults', () => {
    const out = join(tmp(), 'gwf.yaml');
    const r = batchsim(['import', 'cloudformation', fx('cfn-aws-genomics-workflows-gwfcore-batch.template.yaml'), '-p', 'Namespace=nf', '--parameter', 'BatchComputeInstanceTypes=c6i,m6i', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('parameter SubnetIds has no value (no Default and no --parameter)');
    expect(readFileSync(out, 'utf8')).toContain('computeEnvironmentName: spot-nf');
    expect(batchsim(['validate', out]).stdout).toContain(': valid');
  });

  it('exits 2 and writes nothing for a template without Batch resources or a bad --parameter', () => {
    const out = join(tmp(), 'x.yaml');
    const r = batchsim(['import', 'cloudformation', '-', '--out', out], 'Resources:\n  B: { Type: AWS::S3::Bucket }\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: -: Resources: no AWS::Batch::ComputeEnvironment, JobQueue, JobDefinition or SchedulingPolicy resource (found: AWS::S3::Bucket)');
    expect(existsSync(out)).toBe(false);
    const bad = batchsim(['import', 'cloudformation', fx('cfn-handwritten-intrinsics.yaml'), '-p', 'Env']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--parameter: expected KEY=VALUE, got "Env"');
  });
});

describe('batchsim import terraform', () => {
  it('imports a plan and exits 2 on a file that is not terraform show -json', () => {
    const r = batchsim(['import', 'terraform', fx('terraform-plan-modules.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('schedulingPolicyArn: by-team');
    const bad = batchsim(['import', 'terraform', fx('service-quotas-batch.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('not `terraform show -json` output');
  });
});

describe('batchsim import jobs and batchsim check', () => {
  it('imports history onto a setup, fits it, and checks the setup against it', () => {
    const dir = tmp();
    const setup = join(dir, 'setup.yaml');
    expect(batchsim(['import', 'aws-cli', fx('describe-compute-environments-and-queues.json'), fx('describe-job-definitions-revisions.json'), '--out', setup]).code).toBe(0);
    const out = join(dir, 'history.yaml');
    const r = batchsim(['import', 'jobs', fx('eventbridge-job-state-changes.jsonl'), '--setup', setup, '--out', out, '--fit']);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['history.fit.json', 'history.trace.csv', 'history.yaml', 'setup.yaml']);
    expect(batchsim(['validate', out]).code).toBe(0);
    const check = batchsim(['check', setup, '--against', fx('eventbridge-job-state-changes.jsonl'), '--out', join(dir, 'check')]);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^metric\s+simulated\s+real\s+rel\. error\njobs that ran\s+2\s+2\s+\+0\.0%\n/);
    expect(readdirSync(join(dir, 'check')).sort()).toEqual(['check-wait-cdf.vl.json', 'check.json']);
  });

  it('prints the trace without --out; exits 2 and writes nothing on bad history', () => {
    expect(batchsim(['import', 'jobs', fx('nextflow-trace.txt')]).stdout.split('\n')[0]).toBe('submitTime,runtime,vcpus,memory,queue,share,requestedTime,name,jobId,jobDefinition,revision,status,exitCode,statusReason,attempts,arrayIndex,dependsOn,createdAt,startedAt,stoppedAt,queueWaitSeconds');
    const dir = tmp();
    const bad = batchsim(['import', 'jobs', '-', '--out', join(dir, 't.csv')], 'task_id\tname\tstatus\n1\tx\tCOMPLETED\n');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('error: -: line 1: Nextflow trace: missing columns submit, realtime');
    expect(readdirSync(dir)).toEqual([]);
    expect(batchsim(['import', 'jobs', fx('nextflow-trace.txt'), '--out', join(dir, 's.yaml')]).stderr).toContain('--out SCENARIO.yaml needs --setup');
    const check = batchsim(['check', 'scenarios/contract-basic.yaml', '--against', fx('service-quotas-batch.json'), '--out', join(dir, 'c')]);
    expect(check.code).toBe(2);
    expect(existsSync(join(dir, 'c'))).toBe(false);
  });
});

describe('--out never replaces an input (import, check)', () => {
  const history = fx('eventbridge-job-state-changes.jsonl');
  const setupOf = (dir: string): string => {
    const setup = join(dir, 'setup.yaml');
    expect(batchsim(['import', 'aws-cli', fx('describe-compute-environments-and-queues.json'), fx('describe-job-definitions-revisions.json'), '--out', setup]).code).toBe(0);
    return setup;
  };
  const refusedIntact = (args: string[], input: string, before: string): void => {
    const r = batchsim(args);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`batchsim: output file "${input}" is one of the files this command reads; writing it would replace that file, so choose another --out`);
    expect(readFileSync(input, 'utf8')).toBe(before);
  };

  it('import aws-cli, cloudformation and jobs refuse an --out that is one of their inputs, exit 2, the input untouched', () => {
    const dir = tmp();
    for (const name of ['describe-compute-environments-and-queues.json', 'cfn-handwritten-intrinsics.yaml']) copyFileSync(fx(name), join(dir, name));
    copyFileSync(history, join(dir, 'hj.json'));
    const ceq = join(dir, 'describe-compute-environments-and-queues.json');
    refusedIntact(['import', 'aws-cli', ceq, '--out', ceq], ceq, readFileSync(fx('describe-compute-environments-and-queues.json'), 'utf8'));
    const cs = join(dir, 'cfn-handwritten-intrinsics.yaml');
    refusedIntact(['import', 'cloudformation', cs, '--out', cs], cs, readFileSync(fx('cfn-handwritten-intrinsics.yaml'), 'utf8'));
    const hj = join(dir, 'hj.json');
    refusedIntact(['import', 'jobs', hj, '--out', hj], hj, readFileSync(history, 'utf8'));
    const setup = setupOf(dir);
    refusedIntact(['import', 'jobs', hj, '--setup', setup, '--out', setup], setup, readFileSync(setup, 'utf8'));
    expect(readdirSync(dir).sort()).toEqual(['cfn-handwritten-intrinsics.yaml', 'describe-compute-environments-and-queues.json', 'hj.json', 'setup.yaml']);
  });

  it('import --out X.json writes the scenario as JSON, which validate reads', () => {
    const out = join(tmp(), 'scen.json');
    const r = batchsim(['import', 'aws-cli', fx('describe-compute-environments-and-queues.json'), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ name: 'scen', computeEnvironments: expect.any(Array) });
    expect(batchsim(['validate', out]).stdout).toContain(': valid');
  });

  it('check refuses an --out folder holding one of its inputs, or files not an earlier check\'s; an earlier check\'s folder is reused', () => {
    const dir = tmp();
    const setup = setupOf(dir);
    const o3 = join(dir, 'o3');
    mkdirSync(o3);
    copyFileSync(history, join(o3, 'check.json'));
    const own = batchsim(['check', setup, '--against', join(o3, 'check.json'), '--out', o3]);
    expect(own.code).toBe(2);
    expect(own.stderr).toContain(`batchsim: output folder "${o3}" holds "${join(o3, 'check.json')}", which this check reads; check writes check.json and check-wait-cdf.vl.json into it, so choose another --out or move the file out`);
    expect(readFileSync(join(o3, 'check.json'), 'utf8')).toBe(readFileSync(history, 'utf8'));
    const user = join(dir, 'user');
    mkdirSync(user);
    writeFileSync(join(user, 'notes.txt'), 'mine\n');
    const other = batchsim(['check', setup, '--against', history, '--out', user]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(`batchsim: output folder "${user}" holds files other than an earlier check's (check.json, check-wait-cdf.vl.json); check writes only into a folder of its own, so choose an empty or new folder`);
    expect(readdirSync(user)).toEqual(['notes.txt']);
    const fresh = join(dir, 'fresh');
    expect(batchsim(['check', setup, '--against', history, '--out', fresh]).code).toBe(0);
    expect(batchsim(['check', setup, '--against', history, '--out', fresh]).code).toBe(0);
    expect(readdirSync(fresh).sort()).toEqual(['check-wait-cdf.vl.json', 'check.json']);
  });

  it('check --out . refuses the current folder when it holds the user\'s files', () => {
    const setup = setupOf(tmp());
    const dir = tmp();
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    const r = spawnSync(process.execPath, [cli, 'check', setup, '--against', join(root, history), '--out', '.'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('batchsim: output folder "." holds files other than an earlier check\'s');
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });
});

describe('check against a history with no job that ran', () => {
  it('exits 2 saying nothing ran to an end, naming no temporary file, and writes nothing', () => {
    const dir = tmp();
    const failed = join(dir, 'failed.json');
    writeFileSync(failed, JSON.stringify({ jobs: [{ jobName: 'x', jobId: 'j1', jobQueue: 'main', jobDefinition: 'encode', status: 'FAILED', createdAt: 1700000000000, statusReason: 'bad' }] }));
    const r = batchsim(['check', 'test/fixtures/plan/base.yaml', '--against', failed, '--out', join(dir, 'c')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: ${failed}: no job of the history ran to an end (1 job read, none with both startedAt and stoppedAt); nothing to compare`);
    expect(r.stderr).not.toContain('.batchsim-check');
    expect(r.stdout).toBe('');
    expect(readdirSync(dir)).toEqual(['failed.json']);
  });
});

// `batchsim import …` and `batchsim check` end to end on the built CLI (npm run build first):
// files written atomically, stdin, exit 2 with nothing written on bad input.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
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

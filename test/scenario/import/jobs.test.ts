// batchsim import jobs: describe-jobs (aws-cli and botocore examples), the EventBridge event of
// AWS's user guide and a stream of state changes, Nextflow trace.txt -> a CSV trace the existing
// reader replays; the scenario that replays it on an imported setup; --fit.
import { describe, expect, it } from 'vitest';
import { fitHistory, historyTrace, importJobs, importSetup, parseCsvTraceForTest, readHistory } from './jobsHelpers.js';
import { botocore, fixture, roundTrip, rstJsonBlocks, source } from './helpers.js';

const eventDoc = (): string => {
  const md = fixture('awsdocs-batch-user-guide-batch_cwe_events.md');
  return md.slice(md.indexOf('```') + 3, md.indexOf('```', md.indexOf('```') + 3)).trim();
};

describe('reading job history', () => {
  it('describe-jobs from aws-cli: SUBMITTED job, ARNs to names, epoch ms', () => {
    const { jobs, notes } = readHistory([{ name: 'describe-jobs.rst', text: rstJsonBlocks('awscli-example-describe-jobs.rst')[0] }]);
    expect(notes).toEqual([]);
    expect(jobs).toEqual([expect.objectContaining({ jobId: 'bcf0b186-a532-4122-842e-2ccab8d54efb', jobName: 'example', status: 'SUBMITTED', jobQueue: 'HighPriority', jobDefinition: 'sleep60', jobDefinitionRevision: 1, createdAt: 1480483387803, startedAt: null, vcpus: 1, memoryMiB: 128 })]);
  });
  it('describe-jobs from botocore: SUCCEEDED, 34.49 s queued, 64.199 s running, bare definition name', () => {
    const { jobs } = readHistory(botocore('DescribeJobs', 'output'));
    expect(jobs[0]).toMatchObject({ status: 'SUCCEEDED', exitCode: 0, jobDefinition: 'sleep60', jobDefinitionRevision: null, createdAt: 1480460782010, startedAt: 1480460816500, stoppedAt: 1480460880699 });
    const t = historyTrace(jobs);
    expect(t.csv.split('\n')[1]).toBe('0.000,64.199,1,128,HighPriority,,,example,24fa2d7a-64c4-49d2-8b47-f8da4fbde8e9,sleep60,,SUCCEEDED,0,,,,,2016-11-29T23:06:22.010Z,2016-11-29T23:06:56.500Z,2016-11-29T23:08:00.699Z,34.490');
  });
  it('list-jobs summaries carry no times: left out with a warning', () => {
    const { jobs } = readHistory([{ name: 'list-jobs.rst', text: rstJsonBlocks('awscli-example-list-jobs.rst')[0] }]);
    expect(jobs.map((j) => j.jobName)).toEqual(['example']);
    expect(historyTrace(jobs).notes.map((n) => n.message)).toEqual(['1 job without createdAt left out (list-jobs summaries carry only names and ids; use describe-jobs)']);
  });
  it("the user guide's EventBridge event (RUNNABLE, retry 2, 2 vCPU / 256 MiB)", () => {
    const { jobs } = readHistory([{ name: 'event.json', text: eventDoc() }]);
    expect(jobs).toEqual([expect.objectContaining({ jobId: '4c7599ae-0a82-49aa-ba5a-4727fcce14a8', jobName: 'event-test', status: 'RUNNABLE', jobQueue: 'PexjEHappyPathCanary2JobQueue', jobDefinition: 'first-run-job-definition', jobDefinitionRevision: 1, createdAt: 1641944200058, vcpus: 2, memoryMiB: 256 })]);
  });
  it('a stream of state changes merges per job: arrays, dependencies, exit codes, status reasons', () => {
    const { jobs, notes } = readHistory([source('eventbridge-job-state-changes.jsonl')]);
    expect(notes.map((n) => n.message)).toEqual(['skipped a "Batch Job Queue Blocked" event']);
    const byId = new Map(jobs.map((j) => [j.jobId, j]));
    expect(byId.get('11111111-0000-4000-8000-000000000001')).toMatchObject({ arraySize: 3, jobDefinition: 'align', jobDefinitionRevision: 3 });
    expect(byId.get('11111111-0000-4000-8000-000000000001:0')).toMatchObject({ arrayIndex: 0, status: 'SUCCEEDED', exitCode: 0, startedAt: 1714528990000, stoppedAt: 1714531690000, vcpus: 4, memoryMiB: 15000, jobQueue: 'pipeline' });
    expect(byId.get('11111111-0000-4000-8000-000000000001:1')).toMatchObject({ status: 'FAILED', statusReason: 'Host EC2 (instance i-0737c70432d64f82a) terminated.', exitCode: null });
    expect(byId.get('22222222-0000-4000-8000-000000000002')).toMatchObject({ status: 'PENDING', dependsOn: ['11111111-0000-4000-8000-000000000001'], vcpus: 16, memoryMiB: 64000 });
    const t = historyTrace(jobs);
    expect(t.jobs).toHaveLength(4); // the parent is left out
    expect(t.notes.map((n) => n.message)).toContain('1 job with dependsOn: kept in the dependsOn column; the trace replay submits each at its recorded time and does not wire dependencies');
  });
  it('a Nextflow trace: realtime as run time, submit + duration as the end, CACHED skipped, process as definition', () => {
    const { jobs, notes } = readHistory([source('nextflow-trace.txt')]);
    expect(jobs).toHaveLength(13);
    expect(jobs[0]).toMatchObject({ jobId: 'aaaaaaaa-0000-4000-8000-000000000001', jobName: 'FASTQC (sample1)', jobDefinition: 'FASTQC', status: 'SUCCEEDED', exitCode: 0, createdAt: Date.UTC(2024, 4, 1, 2, 0, 0, 37) });
    expect(jobs[0].stoppedAt! - jobs[0].createdAt!).toBe(95_000);
    expect(jobs[0].stoppedAt! - jobs[0].startedAt!).toBe(83_000);
    expect(jobs[12]).toMatchObject({ jobDefinition: 'ALIGN', status: 'FAILED', exitCode: 1 });
    expect(notes.map((n) => n.message)).toEqual(['1 CACHED task skipped (they did not run)', 'the trace names no time zone: submit times read as UTC']);
  });
  it('the written CSV is what the existing csv trace reader replays', () => {
    const t = historyTrace(readHistory([source('nextflow-trace.txt'), source('eventbridge-job-state-changes.jsonl')]).jobs);
    const replay = parseCsvTraceForTest(t.csv);
    expect(replay.jobs).toHaveLength(15); // 17 jobs written, 2 that never ran skipped as noRuntime
    expect(replay.skipped).toEqual({ noRuntime: 2 });
    expect(replay.jobs[0]).toMatchObject({ submitMs: 0, runtimeMs: 2_700_000, vcpus: 4, memoryMiB: 15000, queue: 'pipeline', name: 'align-batch' });
  });
});

describe('bad history input', () => {
  const errors = (name: string, text: string) => readHistory([{ name, text }]).notes.filter((n) => n.severity === 'error').map((n) => `${n.source}: ${n.at}: ${n.message}`);
  it('a malformed event line, a JSON document that is no history, a bad time', () => {
    expect(errors('e.jsonl', '{"detail": {"jobId": "a", "createdAt": 1}}\n{"detail": \n')).toEqual(['e.jsonl: line 2: not valid JSON: unexpected end of JSON input (expected one JSON event per line)']);
    expect(errors('x.json', '{"computeEnvironments": []}')[0]).toMatch(/^x.json: : expected describe-jobs/);
    expect(errors('t.json', '{"jobs": [{"jobId": "a", "createdAt": "yesterday"}]}')).toEqual(['t.json: jobs[0]: createdAt: expected epoch milliseconds, got "yesterday"']);
  });
  it('a Nextflow trace with missing columns, a short line, a bad duration', () => {
    expect(errors('trace.txt', 'task_id\thash\tname\tstatus\n1\tab/cd\tX\tCOMPLETED\n')).toEqual(['trace.txt: line 1: Nextflow trace: missing columns submit, realtime (columns: task_id, hash, name, status)']);
    const head = fixture('nextflow-trace.txt').split('\n')[0];
    expect(errors('trace.txt', `${head}\n1\tab\tid\tX\tCOMPLETED\t0\n`)).toEqual(['trace.txt: line 2: expected 14 tab-separated fields (as the header), got 6']);
    expect(errors('trace.txt', `${head}\n1\tab\tid\tX\tCOMPLETED\t0\t2024-05-01 02:00:00\tsoon\t1s\t-\t-\t-\t-\t-\n`)).toEqual(['trace.txt: line 2: column "duration": "soon" is not a duration ("1m 2s" or ms)']);
  });
});

describe('the scenario replaying the history on an imported setup', () => {
  const setup = importSetup('aws-cli', ['describe-compute-environments-and-queues.json', 'describe-job-definitions-revisions.json'].map(source), { name: 'setup' });
  const setupSource = { name: 'setup.yaml', text: setup.yaml };
  const result = importJobs([source('eventbridge-job-state-changes.jsonl')], { dir: '/tmp', stem: 'hist', setup: setupSource });
  it('writes the trace and a scenario whose workload replays it, loads and runs', () => {
    expect(result.ok).toBe(true);
    expect(result.files.map((f) => f.name)).toEqual(['hist.trace.csv', 'hist.yaml']);
    const yaml = result.files[1].text;
    expect(yaml).toContain('# The job history of eventbridge-job-state-changes.jsonl: 4 jobs, replayed from hist.trace.csv');
    expect(yaml).toContain('startAt: 2024-05-01T02:00:00.000Z');
    // The setup's placeholder workload is gone from the header too; its run-time placeholder stays (no --fit).
    expect(yaml).not.toContain('each job definition submitted once');
    expect(yaml).toContain('#   jobDefinitions[0].simulation.runtime: 10m (placeholder');
    expect(yaml).toContain('# Workload: the job history of eventbridge-job-state-changes.jsonl (batchsim import jobs).');
    expect(yaml).toMatch(/jobQueue: pipeline\n\s+jobDefinition: align/);
    expect(result.notes.map((n) => n.message)).toContain('job definition merge of the history not in the setup');
    const { errors, run } = roundTrip({ ok: true, yaml, notes: [], issues: [], defaults: [] }, [result.files[0]]);
    expect(errors).toEqual([]);
    expect(run!.summary.jobs.submitted).toBe(2); // the two array children that ran
  });
  it('--fit writes each definition\'s run time into the scenario and the fit report', () => {
    const fitted = importJobs([source('nextflow-trace.txt')], { dir: '/tmp', stem: 'nf', setup: { name: 'nf-setup.yaml', text: nfSetup }, fit: true });
    const names = fitted.files.map((f) => f.name);
    expect(names).toEqual(['nf.trace.csv', 'nf.fit.json', 'nf.runtime-ALIGN.csv', 'nf.yaml']);
    const yaml = fitted.files.find((f) => f.name === 'nf.yaml')!.text;
    const fastqc = fitted.fits.find((f) => f.jobDefinition === 'FASTQC')!;
    expect(fastqc.runtime).toMatchObject({ samples: 10, kind: 'lognormal' });
    expect(fastqc.runtime.ks!).toBeLessThan(fastqc.runtime.ksCritical!);
    expect(yaml).toContain(`lognormal: { mu: ${fastqc.runtime.mu}, sigma: ${fastqc.runtime.sigma} }`);
    expect(yaml).toContain('empirical: { file: nf.runtime-ALIGN.csv, column: seconds }'); // 2 successful runs: too few for a lognormal
    expect(fitted.files[2].text).toBe('seconds\n3600.000\n3880.000\n');
    const { errors } = roundTrip({ ok: true, yaml, notes: [], issues: [], defaults: [] }, fitted.files.filter((f) => f.name.endsWith('.csv')));
    expect(errors).toEqual([]);
  });
});

const nfSetup = `name: nf
computeEnvironments:
  - { computeEnvironmentName: ce, type: MANAGED, computeResources: { type: EC2, maxvCpus: 64, instanceTypes: [c6i] } }
jobQueues:
  - { jobQueueName: q, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }] }
jobDefinitions:
  - { jobDefinitionName: FASTQC, containerProperties: { resourceRequirements: [{ type: VCPU, value: "2" }, { type: MEMORY, value: "4096" }] }, simulation: { runtime: 10m } }
  - { jobDefinitionName: ALIGN, containerProperties: { resourceRequirements: [{ type: VCPU, value: "8" }, { type: MEMORY, value: "16000" }] }, simulation: { runtime: 10m } }
`;

describe('fitting', () => {
  const job = (createdAt: number, run: number) => ({ jobId: String(createdAt), jobName: null, jobQueue: null, jobDefinition: 'd', jobDefinitionRevision: null, status: 'SUCCEEDED', statusReason: null, exitCode: 0, createdAt, startedAt: createdAt + 1000, stoppedAt: createdAt + 1000 + run, vcpus: null, memoryMiB: null, shareIdentifier: null, timeoutSeconds: null, attempts: 1, arrayIndex: null, arraySize: null, dependsOn: [], origin: '' });
  const day = 86_400_000;
  const t0 = Date.UTC(2024, 0, 1, 2, 0, 0);
  it('detects a nightly cron from bursts of submissions, and a rate', () => {
    const nightly = [0, 1, 2, 3].flatMap((d) => [0, 5_000, 20_000].map((s) => job(t0 + d * day + s, 60_000)));
    expect(fitHistory(nightly)[0].arrivals).toMatchObject({ kind: 'schedule', expression: 'cron(0 2 * * ? *)', arrivals: 4, interArrivalSeconds: [86400, 86400, 86400] });
    const every15 = [0, 1, 2, 3, 4].map((k) => job(t0 + 7 * 60_000 + k * 900_000, 1000));
    expect(fitHistory(every15)[0].arrivals).toMatchObject({ kind: 'schedule', expression: 'rate(15 minutes)' });
    const irregular = [0, 130, 700, 1900].map((s) => job(t0 + s * 1000 + 17, 1000));
    expect(fitHistory(irregular)[0].arrivals).toMatchObject({ kind: 'empirical', expression: null, interArrivalSeconds: [130, 570, 1200] });
  });
  it('rejects a lognormal for a bimodal sample (KS above critical) and keeps the run times', () => {
    const runs = [...Array(20)].map((_, i) => job(t0 + i * 1000, i % 2 === 0 ? 10_000 : 3_600_000));
    const fit = fitHistory(runs)[0].runtime;
    expect(fit.kind).toBe('empirical');
    expect(fit.ks!).toBeGreaterThan(fit.ksCritical!);
    expect(fit.runtimesSeconds).toHaveLength(20);
  });
});

// The job state machine: every status change goes through the transition table, and a move the
// table does not allow throws (it would be a bug in the model).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Job, type JobSpec } from '../../src/model/job.js';
import { IllegalTransition, JOB_TRANSITIONS, mayMove } from '../../src/model/jobStates.js';
import { JOB_STATUS_NAMES, JobStatus } from '../../src/model/types.js';
import * as b from '../helpers/build.js';

const spec: JobSpec = {
  jobName: 'j', jobQueue: 'q', queueIndex: 0, definition: b.definition('j'), vcpus: 1, memoryMiB: 1024, gpus: 0,
  shareIdentifier: '', schedulingPriority: 0, jobNameId: 0, jobQueueId: 0, jobDefinitionId: 0,
};
const statuses = JOB_STATUS_NAMES.map((_, k) => k as JobStatus);

describe('job transitions', () => {
  it('mayMove is exactly the table', () => {
    for (const from of statuses) for (const to of statuses) expect(mayMove(from, to), `${from} -> ${to}`).toBe(JOB_TRANSITIONS[from].includes(to));
  });

  it('terminal statuses have no way out; every other status can reach one', () => {
    expect(JOB_TRANSITIONS[JobStatus.SUCCEEDED]).toEqual([]);
    expect(JOB_TRANSITIONS[JobStatus.FAILED]).toEqual([]);
    for (const from of statuses.filter((s) => s !== JobStatus.SUCCEEDED && s !== JobStatus.FAILED)) expect(JOB_TRANSITIONS[from]).toContain(JobStatus.FAILED);
  });

  it('walks a job through a retry to success', () => {
    const job = new Job(0, spec, null, 0);
    for (const to of [JobStatus.RUNNABLE, JobStatus.STARTING, JobStatus.RUNNING, JobStatus.RUNNABLE, JobStatus.STARTING, JobStatus.RUNNING, JobStatus.SUCCEEDED]) job.moveTo(to);
    expect(job.status).toBe(JobStatus.SUCCEEDED);
  });

  it('an illegal transition throws and leaves the status as it was', () => {
    const job = new Job(6, spec, null, 0);
    expect(() => job.moveTo(JobStatus.RUNNING)).toThrow(IllegalTransition);
    expect(() => job.moveTo(JobStatus.RUNNING)).toThrow('job job-7 cannot go from SUBMITTED to RUNNING');
    expect(job.status).toBe(JobStatus.SUBMITTED);
    job.moveTo(JobStatus.FAILED);
    expect(() => job.moveTo(JobStatus.RUNNABLE)).toThrow(/cannot go from FAILED to RUNNABLE/);
  });

  it('no model module writes a status but through moveTo', () => {
    const dir = fileURLToPath(new URL('../../src/model', import.meta.url));
    // Step Functions executions have a status of their own (SUCCEEDED, FAILED, TIMED_OUT), not a job's.
    const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.startsWith('stepFunctions'));
    const writes = files.filter((f) => /\.status\s*=[^=]/.test(readFileSync(join(dir, f), 'utf8')));
    expect(writes).toEqual([]);
  });
});

// Reader of `aws batch describe-jobs` (and `list-jobs`) JSON output: the jobs that ran, replayed
// with the runtime they had (stoppedAt − startedAt) and the shape and queue they asked for.
import { countSkip, finishTrace, MAX_ERRORS, nameFromArn, type TraceError, type TraceJob, type TraceOptions, type TraceResult } from './common.js';
import * as m from '../messages.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Accepts `{ jobs: [...] }` (describe-jobs), `{ jobSummaryList: [...] }` (list-jobs) or a bare
 * list. Submit is createdAt (epoch ms). Skipped (by reason): `arrayParent` (the children carry the
 * work), `noSubmitTime`, `notStarted` (no startedAt: cancelled, failed before start or still
 * waiting), `notFinished` (no stoppedAt), `noRuntime` (stoppedAt ≤ startedAt).
 */
export function parseDescribeJobs(text: string, options: TraceOptions = {}): TraceResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const position = /at position (\d+)/.exec(message);
    const line = position ? lineAt(text, Number(position[1])) : null;
    return { ok: false, errors: [{ line, message: m.notJson(message.replace(/ in JSON at position \d+.*$/, '')) }] };
  }
  const [list, key] = Array.isArray(doc)
    ? [doc, '']
    : isObj(doc) && Array.isArray(doc.jobs)
      ? [doc.jobs, 'jobs']
      : isObj(doc) && Array.isArray(doc.jobSummaryList)
        ? [doc.jobSummaryList, 'jobSummaryList']
        : [null, ''];
  if (list === null)
    return { ok: false, errors: [{ line: 1, message: m.notJobList() }] };

  const errors: TraceError[] = [];
  const jobs: TraceJob[] = [];
  const skipped: Record<string, number> = {};
  for (let i = 0; i < list.length && errors.length < MAX_ERRORS; i++) {
    const at = key === '' ? `[${i}]` : `${key}[${i}]`;
    const job: unknown = list[i];
    if (!isObj(job)) {
      errors.push({ line: null, message: m.notJobObject(at) });
      continue;
    }
    const epoch = (field: string): number | null | undefined => {
      const v = job[field];
      if (v === undefined || v === null) return null;
      if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
      errors.push({ line: null, message: m.notEpochMs(at, field, v) });
      return undefined;
    };
    const createdAt = epoch('createdAt');
    const startedAt = epoch('startedAt');
    const stoppedAt = epoch('stoppedAt');
    if (createdAt === undefined || startedAt === undefined || stoppedAt === undefined) continue;
    const array = job.arrayProperties;
    if (isObj(array) && typeof array.size === 'number' && array.index === undefined) countSkip(skipped, 'arrayParent');
    else if (createdAt === null) countSkip(skipped, 'noSubmitTime');
    else if (startedAt === null) countSkip(skipped, 'notStarted');
    else if (stoppedAt === null) countSkip(skipped, 'notFinished');
    else if (stoppedAt <= startedAt) countSkip(skipped, 'noRuntime');
    else {
      const shape = resources(job);
      const timeout = isObj(job.timeout) ? job.timeout.attemptDurationSeconds : undefined;
      jobs.push({
        submitMs: createdAt,
        runtimeMs: stoppedAt - startedAt,
        vcpus: shape.vcpus,
        memoryMiB: shape.memoryMiB,
        requestedMs: typeof timeout === 'number' && timeout > 0 ? Math.round(timeout * 1000) : null,
        queue: typeof job.jobQueue === 'string' && job.jobQueue !== '' ? nameFromArn(job.jobQueue) : null,
        shareIdentifier: typeof job.shareIdentifier === 'string' && job.shareIdentifier !== '' ? job.shareIdentifier : null,
        name: typeof job.jobName === 'string' ? job.jobName : typeof job.jobId === 'string' ? job.jobId : null,
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, trace: finishTrace(jobs, skipped, { originEpochMs: 0, records: list.length }, options) };
}

/** vCPUs and MiB from container.resourceRequirements, else the legacy container.vcpus/memory. */
function resources(job: Obj): { vcpus: number | null; memoryMiB: number | null } {
  const container = isObj(job.container) ? job.container : {};
  const out = { vcpus: positive(container.vcpus), memoryMiB: positive(container.memory) };
  const requirements = Array.isArray(container.resourceRequirements) ? container.resourceRequirements : [];
  for (const r of requirements) {
    if (!isObj(r)) continue;
    const value = positive(typeof r.value === 'string' ? Number(r.value) : r.value);
    if (r.type === 'VCPU' && value !== null) out.vcpus = value;
    if (r.type === 'MEMORY' && value !== null) out.memoryMiB = value;
  }
  return out;
}

function positive(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null;
}

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

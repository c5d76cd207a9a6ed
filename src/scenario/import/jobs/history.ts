// Real job history -> one flat record per job: `aws batch describe-jobs` / `list-jobs` output and
// EventBridge "Batch Job State Change" events (one JSON event per line, or a list). Pure.
import { parseJobDefinitionRef } from '../jobDefinitionRef.js';
import { nameFromArn, notText, parseJsonText } from '../json.js';
import { isObj, type ImportNote, type Obj, type SourceText } from '../types.js';

/** One job as it ran (times are epoch ms; null when the history does not say). */
export interface HistoryJob {
  jobId: string;
  jobName: string | null;
  jobQueue: string | null;
  jobDefinition: string | null;
  jobDefinitionRevision: number | null;
  status: string | null;
  statusReason: string | null;
  exitCode: number | null;
  createdAt: number | null;
  startedAt: number | null;
  stoppedAt: number | null;
  vcpus: number | null;
  memoryMiB: number | null;
  shareIdentifier: string | null;
  timeoutSeconds: number | null;
  attempts: number;
  /** Array child index, or null. */
  arrayIndex: number | null;
  /** Array parent: its size (a parent is bookkeeping; its children carry the work). */
  arraySize: number | null;
  dependsOn: string[];
  /** "file: jobs[3]" or "file: line 12". */
  origin: string;
}

export interface HistoryResult {
  jobs: HistoryJob[];
  notes: ImportNote[];
}

/** Reads describe-jobs / list-jobs JSON or EventBridge events; other JSON is an error. */
export function readAwsHistory(source: SourceText): HistoryResult {
  const notes: ImportNote[] = [];
  const error = (at: string, message: string): HistoryResult => ({ jobs: [], notes: [...notes, { severity: 'error', source: source.name, at, message }] });
  const binary = notText(source.text, 'JSON (describe-jobs, list-jobs or EventBridge events)');
  if (binary !== null) return error('', binary);
  const whole = parseJsonText(source.text);
  let records: { value: unknown; at: string }[];
  if (whole.ok) {
    const doc = whole.value;
    if (isObj(doc) && Array.isArray(doc.jobs)) records = doc.jobs.map((value, i) => ({ value, at: `jobs[${i}]` }));
    else if (isObj(doc) && Array.isArray(doc.jobSummaryList)) records = doc.jobSummaryList.map((value, i) => ({ value, at: `jobSummaryList[${i}]` }));
    else if (isObj(doc) && isObj(doc.detail)) records = [{ value: doc, at: '' }];
    else if (Array.isArray(doc)) records = doc.map((value, i) => ({ value, at: `[${i}]` }));
    else return error('', 'expected describe-jobs {"jobs": [...]}, list-jobs {"jobSummaryList": [...]}, or EventBridge Batch Job State Change events (one JSON object per line)');
  } else {
    // JSON lines: one EventBridge event per line.
    records = [];
    const lines = source.text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (lines[i].trim() === '') continue;
      const line = parseJsonText(lines[i]);
      if (!line.ok) return error(`line ${i + 1}`, `${line.message} (expected one JSON event per line)`);
      records.push({ value: line.value, at: `line ${i + 1}` });
    }
    if (records.length === 0) return error('', 'no job records');
  }
  const byId = new Map<string, HistoryJob>();
  for (const { value, at } of records) {
    if (!isObj(value)) return error(at, 'expected a job or event object');
    let job: Obj = value;
    if (isObj(value.detail)) {
      if (value['detail-type'] !== undefined && value['detail-type'] !== 'Batch Job State Change') {
        notes.push({ severity: 'note', source: source.name, at, message: `skipped a "${String(value['detail-type'])}" event` });
        continue;
      }
      job = value.detail;
    }
    const read = readJob(job, `${source.name}: ${at}`);
    if (typeof read === 'string') return error(at, read);
    const earlier = byId.get(read.jobId);
    // Events of one job arrive as it changes state: later events add what earlier ones lacked.
    byId.set(read.jobId, earlier === undefined ? read : merge(earlier, read));
  }
  return { jobs: [...byId.values()], notes };
}

function merge(a: HistoryJob, b: HistoryJob): HistoryJob {
  const out = { ...a };
  for (const [k, v] of Object.entries(b) as [keyof HistoryJob, unknown][]) {
    if (k === 'origin' || v === null || (Array.isArray(v) && v.length === 0)) continue;
    (out as Record<string, unknown>)[k] = v;
  }
  out.attempts = Math.max(a.attempts, b.attempts);
  return out;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** A JobDetail or JobSummary, or why it is not one. */
function readJob(job: Obj, origin: string): HistoryJob | string {
  const jobId = text(job.jobId);
  if (jobId === null) return 'a job without jobId';
  for (const field of ['createdAt', 'startedAt', 'stoppedAt'])
    if (job[field] !== undefined && job[field] !== null && (num(job[field]) === null || num(job[field])! < 0)) return `${field}: expected epoch milliseconds, got ${JSON.stringify(job[field])}`;
  const container = isObj(job.container) ? job.container : {};
  let vcpus = num(container.vcpus);
  let memoryMiB = num(container.memory);
  for (const r of Array.isArray(container.resourceRequirements) ? container.resourceRequirements : []) {
    if (!isObj(r)) continue;
    if (r.type === 'VCPU' && num(r.value) !== null) vcpus = num(r.value);
    if (r.type === 'MEMORY' && num(r.value) !== null) memoryMiB = num(r.value);
  }
  const def = text(job.jobDefinition);
  const parsed = def === null ? null : parseJobDefinitionRef(def);
  const array = isObj(job.arrayProperties) ? job.arrayProperties : {};
  const attempts = Array.isArray(job.attempts) ? job.attempts.filter(isObj) : [];
  const last = attempts[attempts.length - 1];
  const lastContainer = last !== undefined && isObj(last.container) ? last.container : {};
  return {
    jobId,
    jobName: text(job.jobName),
    jobQueue: text(job.jobQueue) === null ? null : nameFromArn(String(job.jobQueue)),
    jobDefinition: parsed === null ? null : 'error' in parsed ? nameFromArn(def!) : parsed.name,
    jobDefinitionRevision: parsed !== null && !('error' in parsed) ? parsed.revision : null,
    status: text(job.status),
    statusReason: text(job.statusReason),
    exitCode: num(container.exitCode) ?? num(lastContainer.exitCode),
    createdAt: num(job.createdAt),
    // The last attempt's own times when listed: a retried job's startedAt is its last attempt's.
    startedAt: num(last?.startedAt) ?? num(job.startedAt),
    stoppedAt: num(last?.stoppedAt) ?? num(job.stoppedAt),
    vcpus,
    memoryMiB,
    shareIdentifier: text(job.shareIdentifier),
    timeoutSeconds: isObj(job.timeout) ? num(job.timeout.attemptDurationSeconds) : null,
    attempts: attempts.length,
    arrayIndex: num(array.index),
    arraySize: array.index === undefined ? num(array.size) : null,
    dependsOn: (Array.isArray(job.dependsOn) ? job.dependsOn : []).map((d) => (isObj(d) ? text(d.jobId) : null)).filter((d): d is string => d !== null),
    origin,
  };
}

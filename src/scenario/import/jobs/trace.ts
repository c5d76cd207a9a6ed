// Job history -> a CSV trace the existing csv reader replays (submitTime, runtime, vcpus, memory,
// queue, share, requestedTime, name), plus the record columns it does not replay yet (definition,
// status, exit code, status reason, array index, dependencies), and the workload group naming it.
import { stringify } from 'csv-stringify/sync';
import type { ImportNote } from '../types.js';
import type { HistoryJob } from './history.js';

export const TRACE_COLUMNS = [
  'submitTime', 'runtime', 'vcpus', 'memory', 'queue', 'share', 'requestedTime', 'name',
  'jobId', 'jobDefinition', 'revision', 'status', 'exitCode', 'statusReason', 'attempts', 'arrayIndex', 'dependsOn',
  'createdAt', 'startedAt', 'stoppedAt', 'queueWaitSeconds',
] as const;

export interface HistoryTrace {
  /** The CSV text (header + one row per job that carries work, in submit order). */
  csv: string;
  /** Jobs written, in submit order (array parents left out). */
  jobs: HistoryJob[];
  /** Epoch ms of submitTime 0. */
  originMs: number | null;
  notes: ImportNote[];
}

const iso = (ms: number | null): string => (ms === null ? '' : new Date(ms).toISOString());
const seconds = (ms: number | null): string => (ms === null ? '' : (ms / 1000).toFixed(3));

/** Array parents and jobs without a submit time are left out, with a note saying how many. */
export function historyTrace(all: readonly HistoryJob[]): HistoryTrace {
  const notes: ImportNote[] = [];
  const parents = all.filter((j) => j.arraySize !== null);
  const unsubmitted = all.filter((j) => j.arraySize === null && j.createdAt === null);
  const jobs = all.filter((j) => j.arraySize === null && j.createdAt !== null).sort((a, b) => a.createdAt! - b.createdAt! || (a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0));
  if (parents.length > 0) notes.push({ severity: 'note', source: 'history', at: '', message: `${parents.length} array parent${parents.length === 1 ? '' : 's'} left out (their children carry the work)` });
  if (unsubmitted.length > 0) notes.push({ severity: 'warning', source: 'history', at: '', message: `${unsubmitted.length} job${unsubmitted.length === 1 ? '' : 's'} without createdAt left out (list-jobs summaries carry only names and ids; use describe-jobs)` });
  const notRun = jobs.filter((j) => j.startedAt === null || j.stoppedAt === null || j.stoppedAt <= j.startedAt).length;
  if (notRun > 0) notes.push({ severity: 'note', source: 'history', at: '', message: `${notRun} job${notRun === 1 ? '' : 's'} never ran to an end (no startedAt/stoppedAt): written with an empty runtime, which the trace reader skips` });
  const withDeps = jobs.filter((j) => j.dependsOn.length > 0).length;
  if (withDeps > 0) notes.push({ severity: 'note', source: 'history', at: '', message: `${withDeps} job${withDeps === 1 ? '' : 's'} with dependsOn: kept in the dependsOn column; the trace replay submits each at its recorded time and does not wire dependencies` });
  const originMs = jobs.length > 0 ? jobs[0].createdAt : null;
  const rows = jobs.map((j) => [
    seconds(j.createdAt! - originMs!),
    j.startedAt !== null && j.stoppedAt !== null && j.stoppedAt > j.startedAt ? seconds(j.stoppedAt - j.startedAt) : '',
    j.vcpus ?? '', j.memoryMiB ?? '', j.jobQueue ?? '', j.shareIdentifier ?? '', j.timeoutSeconds ?? '', j.jobName ?? '',
    j.jobId, j.jobDefinition ?? '', j.jobDefinitionRevision ?? '', j.status ?? '', j.exitCode ?? '', j.statusReason ?? '', j.attempts || '',
    j.arrayIndex ?? '', j.dependsOn.join(' '), iso(j.createdAt), iso(j.startedAt), iso(j.stoppedAt),
    j.startedAt !== null ? seconds(j.startedAt - j.createdAt!) : '',
  ]);
  const csv = stringify([[...TRACE_COLUMNS], ...rows.map((r) => r.map(String))]);
  return { csv, jobs, originMs, notes };
}

/** The most frequent value (ties: the first in sorted order), or null. */
export function mostCommon(values: readonly (string | null)[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  for (const [v, n] of [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) if (best === null || n > counts.get(best)!) best = v;
  return best;
}

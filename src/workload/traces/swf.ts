// Reader of the Standard Workload Format (Parallel Workloads Archive, v2): `;` header comments,
// then one job per line, 18 whitespace-separated numeric fields, -1 for unknown.
import { countSkip, finishTrace, MAX_ERRORS, type TraceError, type TraceJob, type TraceOptions, type TraceResult } from './common.js';
import * as m from '../messages.js';

/** The 18 SWF fields, 0-based, as the archive names them. */
const SWF_FIELDS = [
  'job number', 'submit time', 'wait time', 'run time', 'allocated processors', 'average CPU time',
  'used memory', 'requested processors', 'requested time', 'requested memory', 'status', 'user id',
  'group id', 'executable', 'queue number', 'partition', 'preceding job', 'think time',
] as const;

const F = {
  job: 0, submit: 1, run: 3, allocated: 4, usedMemoryKb: 6, requestedProcs: 7, requestedTime: 8,
  requestedMemoryKb: 9, status: 10, user: 11,
} as const;

/** SWF status 5: cancelled. With no run time it never started and has nothing to replay. */
const CANCELLED = 5;

/**
 * Jobs of an SWF log. Skipped (counted by reason): `cancelled` (status 5 with run time ≤ 0),
 * `noRuntime` (run time unknown or ≤ 0), `noProcessors` (neither allocated nor requested known),
 * `noSubmitTime`. vcpus are processors (allocated, else requested); memory is the requested (else
 * used) per-processor memory times processors; the share is `user<N>`.
 */
export function parseSwf(text: string, options: TraceOptions = {}): TraceResult {
  const header: Record<string, string> = {};
  const errors: TraceError[] = [];
  const jobs: TraceJob[] = [];
  const skipped: Record<string, number> = {};
  let records = 0;
  let lineNo = 0;
  let start = 0;
  const fields = new Array<number>(18);
  while (start <= text.length && errors.length < MAX_ERRORS) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).trim();
    start = end + 1;
    lineNo++;
    if (line === '') continue;
    if (line.startsWith(';')) {
      const kv = /^;\s*(\w+)\s*:\s*(.*)$/.exec(line);
      if (kv && !(kv[1] in header)) header[kv[1]] = kv[2].trim();
      continue;
    }
    const parts = line.split(/\s+/);
    if (parts.length !== 18) {
      errors.push({ line: lineNo, message: m.swfFieldCount(parts.length) });
      continue;
    }
    let bad = -1;
    for (let i = 0; i < 18; i++) {
      const n = Number(parts[i]);
      if (!Number.isFinite(n)) {
        bad = i;
        break;
      }
      fields[i] = n;
    }
    if (bad >= 0) {
      errors.push({ line: lineNo, message: m.swfNotNumber(bad, SWF_FIELDS[bad], parts[bad]) });
      continue;
    }
    records++;
    const run = fields[F.run];
    if (fields[F.status] === CANCELLED && run <= 0) {
      countSkip(skipped, 'cancelled');
      continue;
    }
    if (run <= 0) {
      countSkip(skipped, 'noRuntime');
      continue;
    }
    const procs = fields[F.allocated] > 0 ? fields[F.allocated] : fields[F.requestedProcs] > 0 ? fields[F.requestedProcs] : 0;
    if (procs <= 0) {
      countSkip(skipped, 'noProcessors');
      continue;
    }
    if (fields[F.submit] < 0) {
      countSkip(skipped, 'noSubmitTime');
      continue;
    }
    const memoryKb = fields[F.requestedMemoryKb] > 0 ? fields[F.requestedMemoryKb] : fields[F.usedMemoryKb] > 0 ? fields[F.usedMemoryKb] : 0;
    jobs.push({
      submitMs: Math.round(fields[F.submit] * 1000),
      runtimeMs: Math.max(1, Math.round(run * 1000)),
      vcpus: procs,
      memoryMiB: memoryKb > 0 ? Math.ceil((memoryKb * procs) / 1024) : null,
      requestedMs: fields[F.requestedTime] > 0 ? Math.round(fields[F.requestedTime] * 1000) : null,
      queue: null,
      shareIdentifier: fields[F.user] >= 0 ? `user${fields[F.user]}` : null,
      name: `job${fields[F.job]}`,
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  const maxProcs = positive(header.MaxProcs) ?? positive(header.MaxNodes);
  const unixStart = Number(header.UnixStartTime);
  const originEpochMs = header.UnixStartTime !== undefined && Number.isFinite(unixStart) ? unixStart * 1000 : undefined;
  return { ok: true, trace: finishTrace(jobs, skipped, { maxProcs, originEpochMs, records }, options) };
}

function positive(value: string | undefined): number | undefined {
  const n = Number(value);
  return value !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;
}

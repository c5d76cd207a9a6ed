// A trace file (read by load) parsed into the jobs to replay, with the workload readers; file
// errors carry file:line.
import { resolve } from 'node:path';
import { lazyModule } from '../../engine/lazy.js';
import { TRACE, TRACE_COLUMNS } from '../fields/workload.js';
import { joinPath } from '../issues.js';
import * as m from '../messages.js';
import type { Arrivals } from '../types.js';
import type { Reader } from './reader.js';

/** The trace readers (SWF, CSV, DescribeJobs, Spot availability), loaded only for a scenario that replays a trace (start-up). */
export const traceReaders = lazyModule<typeof import('../../workload/traces/parse.js')>(import.meta.url, '../../workload/traces/parse.js', () => import('../../workload/traces/parse.js'));

export function readTrace(r: Reader, value: unknown, at: string, baseDir: string, files: Map<string, string>): Arrivals | undefined {
  const t = r.object(value, at, TRACE);
  if (!t) return undefined;
  const file = r.field(t, TRACE, 'file', at);
  const format = r.field(t, TRACE, 'format', at);
  const limit = r.field(t, TRACE, 'limit', at);
  const timeScale = r.field(t, TRACE, 'timeScale', at);
  let columns: Record<string, string> | undefined;
  if (t.columns != null) {
    const cPath = joinPath(at, 'columns');
    if (format !== undefined && format !== 'csv') r.error(cPath, m.traceColumnsOnlyCsv(format));
    const c = r.object(t.columns, cPath, TRACE_COLUMNS);
    if (c) {
      columns = {};
      for (const field of Object.keys(TRACE_COLUMNS.fields) as (keyof typeof TRACE_COLUMNS.fields)[]) {
        const name = r.field(c, TRACE_COLUMNS, field, cPath);
        if (name !== undefined) columns[field] = name;
      }
    }
  }
  if (file === undefined || format === undefined) return undefined;
  const text = files.get(file);
  if (text === undefined) {
    r.error(joinPath(at, 'file'), m.sideFileNotLoaded(file));
    return undefined;
  }
  const csvColumns = columns && columns.submitTime !== undefined && columns.runtime !== undefined
    ? { ...columns, submitTime: columns.submitTime, runtime: columns.runtime } : undefined;
  const { MAX_TRACE_ERRORS, parseTrace } = traceReaders();
  const parsed = parseTrace(text, format, { limit, timeScale, columns: format === 'csv' ? csvColumns : undefined });
  if (!parsed.ok) {
    for (const e of parsed.errors) r.error(joinPath(at, 'file'), m.traceError(file, e.line, e.message));
    if (parsed.errors.length >= MAX_TRACE_ERRORS) r.error(joinPath(at, 'file'), m.traceTooManyErrors(file, MAX_TRACE_ERRORS));
    return undefined;
  }
  const { trace } = parsed;
  r.note(joinPath(at, 'file'), m.traceSummary(file, trace.jobs.length, trace.meta.records, trace.skipped));
  if (trace.jobs.length === 0) r.warning(joinPath(at, 'file'), m.traceNoJobs(file));
  // Kept absolute so it no longer depends on the working directory.
  return { kind: 'trace', file: resolve(baseDir, file), format, trace };
}

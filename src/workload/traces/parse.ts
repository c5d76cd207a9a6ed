// One entry point over the trace readers, by format: what scenario/read/trace.ts calls.
import type { TraceFormat } from '../../scenario/types.js';
import type { TraceOptions, TraceResult } from './common.js';
import { parseCsvTrace, type CsvColumns } from './csv.js';
import { parseDescribeJobs } from './describeJobs.js';
import { parseSwf } from './swf.js';

export type { Trace, TraceError, TraceFormat, TraceJob, TraceOptions, TraceResult } from './common.js';
export type { CsvColumns } from './csv.js';
export { MAX_ERRORS as MAX_TRACE_ERRORS } from './common.js';
export { parseSpotTrace, type SpotTraceOptions } from './spotAvailability.js';
export { parseCsvTrace, parseDescribeJobs, parseSwf };

/**
 * Parsed traces by text, then by format and options. A sweep reads the same trace for every run;
 * keeping the last few parsed means each worker parses it once. Results are shared, so nothing may
 * change them: the model only reads trace jobs.
 */
const parsed = new Map<string, Map<string, TraceResult>>();
const KEEP_TEXTS = 4;

/** Parses trace text of the given format; `columns` applies to CSV only. */
export function parseTrace(text: string, format: TraceFormat, options: TraceOptions & { columns?: CsvColumns } = {}): TraceResult {
  const key = `${format} ${JSON.stringify(options)}`;
  let byOptions = parsed.get(text);
  const hit = byOptions?.get(key);
  if (hit) return hit;
  const result = parseUncached(text, format, options);
  if (!byOptions) {
    if (parsed.size >= KEEP_TEXTS) parsed.delete(parsed.keys().next().value!);
    parsed.set(text, (byOptions = new Map()));
  }
  byOptions.set(key, result);
  return result;
}

function parseUncached(text: string, format: TraceFormat, options: TraceOptions & { columns?: CsvColumns }): TraceResult {
  switch (format) {
    case 'swf':
      return parseSwf(text, options);
    case 'csv':
      return parseCsvTrace(text, options);
    case 'aws-describe-jobs':
      return parseDescribeJobs(text, options);
  }
}

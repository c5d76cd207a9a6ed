// One entry point over the trace readers, by format: what scenario/read/trace.ts calls.
import type { TraceFormat } from '../../scenario/types.js';
import type { TraceOptions, TraceResult } from './common.js';
import { parseCsvTrace, type CsvColumns } from './csv.js';
import { parseDescribeJobs } from './describeJobs.js';
import { parseSwf } from './swf.js';

export type { Trace, TraceError, TraceFormat, TraceJob, TraceOptions, TraceResult } from './common.js';
export { CSV_COLUMN_FIELDS, type CsvColumns } from './csv.js';
export { MAX_ERRORS as MAX_TRACE_ERRORS } from './common.js';
export { parseCsvTrace, parseDescribeJobs, parseSwf };

export const TRACE_FORMATS = ['swf', 'csv', 'aws-describe-jobs'] as const satisfies readonly TraceFormat[];

/** Parses trace text of the given format; `columns` applies to CSV only. */
export function parseTrace(text: string, format: TraceFormat, options: TraceOptions & { columns?: CsvColumns } = {}): TraceResult {
  switch (format) {
    case 'swf':
      return parseSwf(text, options);
    case 'csv':
      return parseCsvTrace(text, options);
    case 'aws-describe-jobs':
      return parseDescribeJobs(text, options);
  }
}

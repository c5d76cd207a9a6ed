// The trace formats and CSV trace columns a scenario may name, apart from the readers: the scenario's
// field specs need these names at start-up, the readers only for a scenario that replays a trace.
import type { TraceFormat } from '../../scenario/types.js';

export const TRACE_FORMATS = ['swf', 'csv', 'aws-describe-jobs'] as const satisfies readonly TraceFormat[];

/** The fields a CSV trace's columns may map (`columns:`), in the order they are looked for. */
export const CSV_COLUMN_FIELDS = ['submitTime', 'runtime', 'vcpus', 'memory', 'queue', 'share', 'requestedTime', 'name'] as const;

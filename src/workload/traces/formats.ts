// The trace formats and CSV trace columns a scenario may name, apart from the readers: the scenario's
// field specs need these names at start-up, the readers only for a scenario that replays a trace.
import type { TraceFormat } from '../../scenario/types.js';

export const TRACE_FORMATS = ['swf', 'csv', 'aws-describe-jobs'] as const satisfies readonly TraceFormat[];

/** The fields a CSV trace's columns may map (`columns:`), in the order they are looked for. */
export const CSV_COLUMN_FIELDS = ['submitTime', 'runtime', 'vcpus', 'memory', 'queue', 'share', 'requestedTime', 'name'] as const;

/**
 * Every instant of a run is before 2200-01-01 UTC (END_OF_TIME_MS), epoch ms: startAt and cron
 * years are 1970–2199, and a JavaScript Date, which the outputs print instants with, ends at
 * ±8.64e15 ms. A trace's submit time or run time longer than this span (from 1970 on) fits no run
 * whatever its startAt, so the readers refuse it at its line; scenario/validate.ts checks the rest.
 * Here (not in common.ts) so that scenario/ reads it without loading the readers.
 */
export const END_OF_TIME_MS = Date.UTC(2200, 0, 1);

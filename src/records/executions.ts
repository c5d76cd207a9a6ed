// The executions table: one row per Step Functions execution, in start order, and the link from
// each job row to the execution that submitted it (jobs.csv's executionId, only in runs with
// state machines). AWS names an execution by ARN; batchsim's ids are `exec-N`, as jobs are `job-N`.
import type { PipelineRun } from '../model/result.js';
import { csvField } from './format.js';
import { recordTable, type RecordTable } from './table.js';

export const EXECUTION_COLUMNS = [
  'executionId', 'stateMachine', 'status', 'startedAt', 'stoppedAt', 'durationSeconds', 'stateTransitions', 'jobs', 'error', 'cause', 'failedState', 'objectSizeBytes',
] as const;

/** The column jobs.csv gains in a run with state machines. */
export const JOB_EXECUTION_COLUMN = 'executionId';

export const executionId = (id: number): string => `exec-${id + 1}`;

export function executionsTable(p: PipelineRun): RecordTable {
  const rows = p.executions;
  return recordTable({
    name: 'executions',
    columns: EXECUTION_COLUMNS,
    rowCount: rows.length,
    writeRow: (i, w) => {
      const e = rows[i];
      w.text(executionId(e.id));
      w.comma();
      w.text(csvField(e.machine));
      w.comma();
      w.text(e.status);
      w.comma();
      w.seconds(e.startMs);
      w.comma();
      // Empty for an execution still running when the clock stopped.
      if (e.endMs >= 0) w.seconds(e.endMs);
      w.comma();
      if (e.endMs >= 0) w.seconds(e.endMs - e.startMs);
      w.comma();
      w.number(e.transitions);
      w.comma();
      w.number(e.jobIds.length);
      w.comma();
      if (e.error !== null) w.text(csvField(e.error));
      w.comma();
      if (e.cause !== null) w.text(csvField(e.cause));
      w.comma();
      if (e.failedState !== null) w.text(csvField(e.failedState));
      w.comma();
      if (p.objectBytes[e.id] >= 0) w.number(p.objectBytes[e.id]);
    },
  });
}

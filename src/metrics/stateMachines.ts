// summary.json's `stateMachines`: per state machine, its executions (started, how they ended, how
// long they took), the state transitions they made and what Step Functions bills for them
// (pipelinePrices.ts: us-east-1's table with the Standard price of the scenario's Region, and the
// scenario's `prices.pipeline`).
import type { PipelineRun } from '../model/result.js';
import type { ExecutionRecord } from '../model/stepFunctions/execution.js';
import { round } from '../records/format.js';
import { stepFunctionsExpressCost, stepFunctionsStandardCost } from './pipelineBilling.js';
import type { PipelinePrices } from './pipelinePrices.js';
import { distribution, type Distribution } from './distribution.js';

/**
 * [EST] Memory an Express execution is billed for: AWS meters the definition, the payload and the
 * Map/Parallel state an execution holds; an orchestration of Batch jobs holds a few KB, so one
 * 64-MB chunk, the least AWS bills.
 */
export const EXPRESS_EXECUTION_MEMORY_MB = 64;

export interface StateMachineSummary {
  type: 'STANDARD' | 'EXPRESS';
  executions: { started: number; succeeded: number; failed: number; timedOut: number; running: number };
  /** Of the executions that ended, start to end. */
  durationSeconds: Distribution | null;
  /** Every state entered, retries included (what a Standard workflow is billed by). */
  stateTransitions: number;
  /** Batch jobs the executions' Tasks submitted (an array job is one). */
  jobsSubmitted: number;
  /** Failures by error name (States.TaskFailed, States.Timeout, ...), sorted by name. */
  failuresByError: Record<string, number>;
  /** Standard: transitions x price (no free tier: it is the account's); Express: requests and GB-seconds. */
  costUsd: number;
}

/** `prices`: the run's pipeline prices (pipelinePrices.ts pipelinePricesFor). */
export function summarizeStateMachines(p: PipelineRun, prices: PipelinePrices, endAt: number): Record<string, StateMachineSummary> {
  const byMachine = new Map<string, ExecutionRecord[]>(p.machines.map((m) => [m.name, []]));
  for (const e of p.executions) byMachine.get(e.machine)!.push(e);
  const out: Record<string, StateMachineSummary> = {};
  for (const m of p.machines) {
    const list = byMachine.get(m.name)!;
    const ended = list.filter((e) => e.status !== 'RUNNING');
    const failures: Record<string, number> = {};
    let transitions = 0;
    let jobs = 0;
    for (const e of list) {
      transitions += e.transitions;
      jobs += e.jobIds.length;
      if (e.error !== null) failures[e.error] = (failures[e.error] ?? 0) + 1;
    }
    // An execution still running at the end is billed for what it did by then.
    const express = list.map((e) => ({ durationMs: (e.endMs < 0 ? endAt : e.endMs) - e.startMs, memoryMB: EXPRESS_EXECUTION_MEMORY_MB }));
    const costUsd = m.type === 'STANDARD' ? stepFunctionsStandardCost(transitions, prices) : stepFunctionsExpressCost(express, prices).totalUsd;
    out[m.name] = {
      type: m.type,
      executions: {
        started: list.length,
        succeeded: list.filter((e) => e.status === 'SUCCEEDED').length,
        failed: list.filter((e) => e.status === 'FAILED').length,
        timedOut: list.filter((e) => e.status === 'TIMED_OUT').length,
        running: list.length - ended.length,
      },
      durationSeconds: distribution(Float64Array.from(ended, (e) => e.endMs - e.startMs)),
      stateTransitions: transitions,
      jobsSubmitted: jobs,
      failuresByError: Object.fromEntries(Object.entries(failures).sort(([a], [b]) => (a < b ? -1 : 1))),
      costUsd: round(costUsd),
    };
  }
  return out;
}

/** The Step Functions part of the bill: the sum of every state machine's cost. */
export function stepFunctionsUsd(s: Record<string, StateMachineSummary>): number {
  return round(Object.values(s).reduce((t, m) => t + m.costUsd, 0));
}

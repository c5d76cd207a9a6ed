// Running Step Functions executions on the simulation clock: each state of the ASL definition in
// turn, with its data flow (InputPath -> Parameters -> result -> ResultSelector -> ResultPath ->
// OutputPath), Retry and Catch, Map iterations under MaxConcurrency, Parallel branches, Choice,
// Wait, Pass, Succeed and Fail. Batch tasks go through a BatchPort, so the interpreter knows nothing
// of queues or instances. https://states-language.net/spec.html
//
// Timing [EST]: AWS publishes no latency for a state transition; each state entered takes
// `transitionMs` before it acts (assumptions.stepFunctions.transitionLatency), and a `.sync` Task
// sees its job's end `syncLagMs` later (Step Functions learns it from Batch's job-state events).
import type { EventHandle, Simulation } from '../../engine/simulation.js';
import { Rank } from '../ranks.js';
import { evaluateRule, fill, placeResult, select } from './paths.js';
import type { DataFlow, MapState, ParallelState, Path, Retrier, Scope, State, StateMachine, SubmitJobTask, Template, Transition } from './types.js';

/**
 * The most iterations a Map runs at once, whatever its MaxConcurrency: "In this mode, the Map state
 * supports up to 40 concurrent iterations" (Inline, https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html);
 * a Distributed Map runs up to 10,000 child workflow executions in parallel, its default too
 * (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html).
 */
export const MAP_CONCURRENCY: Readonly<Record<MapState['mode'], number>> = { INLINE: 40, DISTRIBUTED: 10_000 };

/** SubmitJob as a Task state asks for it, after its Parameters are filled. */
export interface SubmitRequest {
  jobName: string;
  jobQueue: string;
  jobDefinition: string;
  arraySize: number | null;
  dependsOn: readonly { jobId: string; type: string | null }[];
  parameters: Readonly<Record<string, string>>;
}

/** A job at its end, as DescribeJobs shows it (the fields of a .sync Task's result that batchsim knows). */
export interface JobEnd {
  JobId: string;
  JobName: string;
  JobQueue: string;
  Status: 'SUCCEEDED' | 'FAILED';
  StatusReason: string;
  JobDefinition?: string;
  /** Epoch milliseconds, as DescribeJobs gives them; StartedAt is absent for a job that never ran. */
  CreatedAt?: number;
  StartedAt?: number;
  StoppedAt?: number;
  /** The last attempt's container exit code (absent when it has none, e.g. a reclaimed host). */
  Container?: { ExitCode?: number };
  ArrayProperties?: { Size: number };
}

export interface BatchPort {
  /**
   * SubmitJob: `submitted` is called once the call goes through (after any throttling) with the
   * job's id, or with an error message when SubmitJob refuses the request (Batch.ClientException);
   * `onEnd` (when given) once the job reaches SUCCEEDED or FAILED.
   */
  submit(request: SubmitRequest, submitted: (r: { jobId: string } | { error: string }) => void, onEnd: ((end: JobEnd) => void) | null, execution: ExecutionRecord): void;
  /** TerminateJob, for a .sync Task that timed out or whose execution is stopped. */
  terminate(jobId: string, reason: string): void;
}

export interface ExecutionTiming {
  /** Time from entering a state to its action [EST]. */
  transitionMs: number;
  /** Time from a job's end to its .sync Task's completion [EST]. */
  syncLagMs: number;
}

/** RUNNING: still running when the clock stopped. */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';

export interface ExecutionRecord {
  /** 0-based, in start order over the whole run. */
  id: number;
  machine: string;
  startMs: number;
  endMs: number;
  status: ExecutionStatus;
  error: string | null;
  cause: string | null;
  /** State transitions (what a Standard workflow is billed by): every state entered, retries included. */
  transitions: number;
  /** Batch jobs submitted by the execution's Tasks. */
  jobIds: string[];
  /** The state the execution's error arose in (null if none, or the execution's own timeout). */
  failedState: string | null;
  /**
   * Every state the execution entered, in entry order: kept for the first execution of each
   * state machine only (the charts' sample execution), so memory does not grow with executions.
   */
  states?: StateSpan[];
}

/** One state of the sample execution, from entering it to knowing its outcome (Retry waits included). */
export interface StateSpan {
  state: string;
  /** The state's name, with " [i]" inside a Map iteration (the iteration's $$.Map.Item.Index). */
  label: string;
  startMs: number;
  /** -1 while the state has not ended (the clock stopped first). */
  endMs: number;
  /**
   * caught: its error went to a Catch; failed: it left the state uncaught; stopped: its Map
   * iteration or Parallel branch, or the execution, was stopped; running: the clock stopped first.
   */
  outcome: 'succeeded' | 'caught' | 'failed' | 'stopped' | 'running';
}

/** How a scope (the machine, a Map iteration, a Parallel branch) or a state ended. */
type Outcome = { ok: true; output: unknown } | { ok: false; error: string; cause: string; state?: string };

const failure = (error: string, cause: string): Outcome => ({ ok: false, error, cause });

/**
 * A unit of an execution that can be stopped: the execution itself, a Map iteration or a Parallel
 * branch. Stopping one cancels its pending timers and terminates the Batch jobs its .sync Tasks
 * wait for, then stops its children, as Step Functions stops the other iterations of a failed Map
 * and every branch of a failed Parallel.
 */
class Run {
  stopped = false;
  readonly timers = new Set<EventHandle>();
  /** Jobs of .sync Tasks still running. */
  readonly waiting = new Set<string>();
  /** The sample execution's states this unit has entered and not yet ended. */
  readonly open = new Set<StateSpan>();
  private readonly children = new Set<Run>();
  constructor(
    readonly record: ExecutionRecord,
    private readonly parent: Run | null = null,
  ) {}

  child(): Run {
    const c = new Run(this.record, this);
    this.children.add(c);
    return c;
  }

  /** A child that ended on its own no longer needs stopping. */
  release(): void {
    this.parent?.children.delete(this);
  }

  stop(sim: Simulation, batch: BatchPort, reason: string): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) sim.cancel(t);
    this.timers.clear();
    for (const jobId of this.waiting) batch.terminate(jobId, reason);
    this.waiting.clear();
    for (const span of this.open) {
      span.endMs = sim.now;
      span.outcome = 'stopped';
    }
    this.open.clear();
    for (const c of this.children) c.stop(sim, batch, reason);
    this.children.clear();
  }
}

export class StepFunctionsRuntime {
  private nextId = 0;
  readonly executions: ExecutionRecord[] = [];
  /** State machines whose sample execution (the first) has started. */
  private readonly sampled = new Set<string>();

  constructor(
    private readonly sim: Simulation,
    private readonly batch: BatchPort,
    private readonly timing: ExecutionTiming,
    private readonly onEnd: (record: ExecutionRecord) => void = () => {},
  ) {}

  /** StartExecution: runs `machine` on `input` from now. */
  start(machine: StateMachine, input: unknown): ExecutionRecord {
    const record: ExecutionRecord = { id: this.nextId++, machine: machine.name, startMs: this.sim.now, endMs: -1, status: 'RUNNING', error: null, cause: null, transitions: 0, jobIds: [], failedState: null };
    if (!this.sampled.has(machine.name)) {
      this.sampled.add(machine.name);
      record.states = [];
    }
    this.executions.push(record);
    const run = new Run(record);
    if (machine.timeoutSeconds !== null) {
      this.later(run, machine.timeoutSeconds * 1000, () => this.finish(run, failure('States.Timeout', `the execution ran longer than its TimeoutSeconds (${machine.timeoutSeconds})`), 'TIMED_OUT'));
    }
    this.scope(run, machine, input, {}, (o) => this.finish(run, o, o.ok ? 'SUCCEEDED' : 'FAILED'));
    return record;
  }

  private finish(run: Run, o: Outcome, status: ExecutionStatus): void {
    if (run.stopped) return;
    run.stop(this.sim, this.batch, `Step Functions execution ${status === 'TIMED_OUT' ? 'timed out' : 'ended'}`);
    const r = run.record;
    r.endMs = this.sim.now;
    r.status = status;
    if (!o.ok) {
      r.error = o.error;
      r.cause = o.cause;
      r.failedState = o.state ?? null;
    }
    this.onEnd(r);
  }

  /** A callback on the clock, cancelled if its part of the execution is stopped first. */
  private later(run: Run, delayMs: number, action: () => void): void {
    // Steps act like arrivals: they submit work before the scheduler's pass at the same instant.
    const h = this.sim.after(delayMs, Rank.ARRIVAL, () => {
      run.timers.delete(h);
      action();
    });
    run.timers.add(h);
  }

  /** Run a scope from its StartAt; `done` gets its output or its error. */
  private scope(run: Run, scope: Scope, input: unknown, context: Record<string, unknown>, done: (o: Outcome) => void): void {
    const enter = (name: string, value: unknown): void => {
      const state = scope.states.get(name)!;
      run.record.transitions++;
      const span = run.record.states === undefined ? null : this.span(run, name, context);
      this.later(run, this.timing.transitionMs, () =>
        this.state(run, state, value, context, (o, next, caught) => {
          if (span !== null) {
            span.endMs = this.sim.now;
            span.outcome = caught ? 'caught' : o.ok ? 'succeeded' : 'failed';
            run.open.delete(span);
          }
          // The innermost state an error arose in, for messages (validate's dry run locates it).
          if (!o.ok && o.state === undefined) o = { ...o, state: name };
          if (!o.ok || next === null) done(o);
          else enter(next, o.output);
        }),
      );
    };
    enter(scope.startAt, input);
  }

  /** The sample execution enters state `name` now (in a Map iteration: labelled with its index). */
  private span(run: Run, name: string, context: Record<string, unknown>): StateSpan {
    const index = (context.Map as { Item?: { Index?: unknown } } | undefined)?.Item?.Index;
    const span: StateSpan = { state: name, label: typeof index === 'number' ? `${name} [${index}]` : name, startMs: this.sim.now, endMs: -1, outcome: 'running' };
    run.record.states!.push(span);
    run.open.add(span);
    return span;
  }

  /** One state: its outcome and the state that follows (null at the end of the scope). */
  private state(run: Run, s: State, raw: unknown, context: Record<string, unknown>, then: (o: Outcome, next: string | null, caught?: boolean) => void): void {
    const after = (t: Transition): string | null => ('next' in t ? t.next : null);
    switch (s.type) {
      case 'Pass': {
        const input = this.effectiveInput(s.flow, raw, context);
        if (!input.ok) return then(input, null);
        const result = s.result !== undefined ? s.result : input.output;
        return then(this.output(s.flow, raw, result, context, false), after(s.transition));
      }
      case 'Succeed': {
        const input = this.inputPath(s.flow.inputPath, raw, context);
        return then(input.ok ? this.outputPath(s.flow.outputPath, input.output, context) : input, null);
      }
      case 'Fail':
        return then(failure(s.error ?? 'States.Fail', s.cause ?? ''), null);
      case 'Wait': {
        const input = this.inputPath(s.flow.inputPath, raw, context);
        if (!input.ok) return then(input, null);
        let seconds: number;
        if ('seconds' in s.wait) seconds = s.wait.seconds;
        else {
          const v = select(s.wait.secondsPath, input.output, context);
          if (!v.found || typeof v.value !== 'number' || v.value < 0) return then(failure('States.Runtime', `SecondsPath ${s.wait.secondsPath.text} does not select a number of seconds, 0 or more`), null);
          seconds = v.value;
        }
        return this.later(run, Math.round(seconds * 1000), () => then(this.outputPath(s.flow.outputPath, raw, context), after(s.transition)));
      }
      case 'Choice': {
        const input = this.inputPath(s.flow.inputPath, raw, context);
        if (!input.ok) return then(input, null);
        const hit = s.choices.find((c) => evaluateRule(c.rule, input.output, context));
        const next = hit?.next ?? s.default;
        if (next === null) return then(failure('States.NoChoiceMatched', 'no choice rule matched and the Choice state has no Default'), null);
        return then(this.outputPath(s.flow.outputPath, raw, context), next);
      }
      case 'Task':
      case 'Map':
      case 'Parallel':
        return this.withRetries(run, s, raw, context, (o) => {
          if (o.ok) return then(o, after(s.transition));
          const catcher = s.catch.find((c) => matchesError(c.errorEquals, o.error));
          if (!catcher) return then(o, null);
          const placed = placeResult(raw, catcher.resultPath, { Error: o.error, Cause: o.cause });
          then(placed.ok ? { ok: true, output: placed.value } : failure('States.ResultPathMatchFailure', `cannot place the error at ${catcher.resultPath?.text}`), placed.ok ? catcher.next : null, true);
        });
    }
  }

  /** A Task, Map or Parallel state attempted, and retried by the first matching retrier while it allows. */
  private withRetries(run: Run, s: SubmitJobTask | MapState | ParallelState, raw: unknown, context: Record<string, unknown>, done: (o: Outcome) => void): void {
    const tries = new Map<Retrier, number>();
    const attempt = (): void => {
      const input = this.effectiveInput(s.flow, raw, context);
      if (!input.ok) return done(input);
      const settle = (o: Outcome): void => {
        if (o.ok) return done(this.output(s.flow, raw, o.output, context, true));
        const retrier = s.retry.find((r) => matchesError(r.errorEquals, o.error));
        const n = retrier ? (tries.get(retrier) ?? 0) : 0;
        if (!retrier || n >= retrier.maxAttempts) return done(o);
        tries.set(retrier, n + 1);
        // IntervalSeconds x BackoffRate^(retry - 1), capped by MaxDelaySeconds.
        let delay = retrier.intervalSeconds * Math.pow(retrier.backoffRate, n);
        if (retrier.maxDelaySeconds !== null) delay = Math.min(delay, retrier.maxDelaySeconds);
        run.record.transitions++;
        this.later(run, Math.round(delay * 1000), attempt);
      };
      if (s.type === 'Task') this.task(run, s, input.output, settle);
      else if (s.type === 'Map') this.map(run, s, input.output, context, settle);
      else this.parallel(run, s, input.output, context, settle);
    };
    attempt();
  }

  private task(run: Run, s: SubmitJobTask, params: unknown, done: (o: Outcome) => void): void {
    const request = submitRequest(params);
    if (typeof request === 'string') return done(failure('States.Runtime', request));
    let settled = false;
    let jobId: string | null = null;
    const settle = (o: Outcome): void => {
      if (settled || run.stopped) return;
      settled = true;
      if (jobId !== null) run.waiting.delete(jobId);
      done(o);
    };
    // The Task's timeout counts from the Task's start, a throttled SubmitJob call included.
    if (s.sync && s.timeoutSeconds !== null) {
      this.later(run, s.timeoutSeconds * 1000, () => {
        if (settled) return;
        if (jobId !== null) this.batch.terminate(jobId, 'Step Functions task timed out');
        settle(failure('States.Timeout', `the task ran longer than its TimeoutSeconds (${s.timeoutSeconds})`));
      });
    }
    const onEnd = s.sync
      ? (end: JobEnd): void => {
          if (settled || run.stopped) return;
          this.later(run, this.timing.syncLagMs, () => settle(end.Status === 'SUCCEEDED' ? { ok: true, output: end } : failure('States.TaskFailed', JSON.stringify(end))));
        }
      : null;
    this.batch.submit(
      request,
      (submitted) => {
        if ('error' in submitted) return settle(failure('Batch.ClientException', submitted.error));
        run.record.jobIds.push(submitted.jobId);
        // Stopped (or timed out) while the call waited: the job it made is not wanted.
        if (settled || run.stopped) return this.batch.terminate(submitted.jobId, 'Step Functions execution stopped');
        if (!s.sync) return settle({ ok: true, output: { JobId: submitted.jobId, JobName: request.jobName } });
        jobId = submitted.jobId;
        run.waiting.add(jobId);
      },
      onEnd,
      run.record,
    );
  }

  private map(run: Run, s: MapState, input: unknown, context: Record<string, unknown>, done: (o: Outcome) => void): void {
    const items = s.itemsPath ? select(s.itemsPath, input, context) : { found: true as const, value: input };
    if (!items.found || !Array.isArray(items.value)) return done(failure('States.Runtime', `ItemsPath ${s.itemsPath?.text ?? '$'} does not select a list`));
    const list = items.value;
    const results: unknown[] = new Array(list.length);
    if (list.length === 0) return done({ ok: true, output: [] });
    const limit = Math.min(s.maxConcurrency > 0 ? s.maxConcurrency : list.length, MAP_CONCURRENCY[s.mode]);
    let started = 0;
    let finished = 0;
    let failed = false;
    const iterations: Run[] = [];
    const stopAll = (): void => iterations.forEach((r) => r.stop(this.sim, this.batch, 'Step Functions Map iteration stopped: another iteration failed'));
    const startNext = (): void => {
      const index = started++;
      const itemContext = { ...context, Map: { Item: { Index: index, Value: list[index] } } };
      const itemInput = s.itemSelector ? fill(s.itemSelector, input, itemContext) : { ok: true as const, value: list[index] };
      if (!itemInput.ok) return end(failure(itemInput.error, `ItemSelector: ${itemInput.message}`), index, null);
      const iteration = run.child();
      iterations.push(iteration);
      this.scope(iteration, s.processor, itemInput.value, itemContext, (o) => end(o, index, iteration));
    };
    const end = (o: Outcome, index: number, iteration: Run | null): void => {
      iteration?.release();
      if (failed) return;
      if (!o.ok) {
        failed = true;
        stopAll();
        return done(o);
      }
      results[index] = o.output;
      if (++finished === list.length) return done({ ok: true, output: results });
      if (started < list.length) startNext();
    };
    while (started < Math.min(limit, list.length) && !failed) startNext();
  }

  private parallel(run: Run, s: ParallelState, input: unknown, context: Record<string, unknown>, done: (o: Outcome) => void): void {
    const results: unknown[] = new Array(s.branches.length);
    let finished = 0;
    let failed = false;
    const runs = s.branches.map(() => run.child());
    s.branches.forEach((b, i) =>
      this.scope(runs[i], b, input, context, (o) => {
        runs[i].release();
        if (failed) return;
        if (!o.ok) {
          failed = true;
          runs.forEach((r) => r.stop(this.sim, this.batch, 'Step Functions Parallel branch stopped: another branch failed'));
          return done(o);
        }
        results[i] = o.output;
        if (++finished === s.branches.length) done({ ok: true, output: results });
      }),
    );
  }

  private inputPath(path: Path | null | undefined, raw: unknown, context: Record<string, unknown>): Outcome {
    if (path === undefined) return { ok: true, output: raw };
    if (path === null) return { ok: true, output: {} };
    const v = select(path, raw, context);
    return v.found ? { ok: true, output: v.value } : failure('States.Runtime', `InputPath ${path.text} selects nothing in the state's input`);
  }

  private outputPath(path: Path | null | undefined, value: unknown, context: Record<string, unknown>): Outcome {
    if (path === undefined) return { ok: true, output: value };
    if (path === null) return { ok: true, output: {} };
    const v = select(path, value, context);
    return v.found ? { ok: true, output: v.value } : failure('States.Runtime', `OutputPath ${path.text} selects nothing in the state's output`);
  }

  /** InputPath, then Parameters: what the state acts on. */
  private effectiveInput(flow: DataFlow, raw: unknown, context: Record<string, unknown>): Outcome {
    const input = this.inputPath(flow.inputPath, raw, context);
    if (!input.ok || flow.parameters === undefined) return input;
    return filled(flow.parameters, input.output, context, 'Parameters');
  }

  /** ResultSelector (Task, Map, Parallel), ResultPath into the raw input, then OutputPath. */
  private output(flow: DataFlow, raw: unknown, result: unknown, context: Record<string, unknown>, withSelector: boolean): Outcome {
    let r: unknown = result;
    if (withSelector && flow.resultSelector !== undefined) {
      const s = filled(flow.resultSelector, result, context, 'ResultSelector');
      if (!s.ok) return s;
      r = s.output;
    }
    const placed = placeResult(raw, flow.resultPath, r);
    if (!placed.ok) return failure('States.ResultPathMatchFailure', `cannot place the result at ${flow.resultPath?.text} in the state's input`);
    return this.outputPath(flow.outputPath, placed.value, context);
  }
}

function filled(t: Template, input: unknown, context: Record<string, unknown>, field: string): Outcome {
  const r = fill(t, input, context);
  return r.ok ? { ok: true, output: r.value } : failure(r.error, `${field}: ${r.message}`);
}

/** Errors that end the execution whatever its retriers and catchers say (ASL "terminal" errors). */
const TERMINAL = new Set(['States.Runtime', 'States.DataLimitExceeded']);

/**
 * Retry and Catch matching (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html):
 * the error's own name; States.ALL for any error; States.TaskFailed for any error but States.Timeout.
 * States.Runtime and States.DataLimitExceeded are never caught.
 */
export function matchesError(errorEquals: readonly string[], error: string): boolean {
  if (TERMINAL.has(error)) return false;
  return errorEquals.some((e) => e === error || e === 'States.ALL' || (e === 'States.TaskFailed' && error !== 'States.Timeout'));
}

/** SubmitJob's request from a Task's filled Parameters, or why it is not one. */
export function submitRequest(params: unknown): SubmitRequest | string {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return 'the Task\'s Parameters are not an object';
  const p = params as Record<string, unknown>;
  for (const k of ['JobName', 'JobQueue', 'JobDefinition']) if (typeof p[k] !== 'string') return `${k} is not a string after the Parameters were filled`;
  const array = p.ArrayProperties as { Size?: unknown } | undefined;
  const size = array && typeof array === 'object' ? array.Size : undefined;
  if (size !== undefined && (typeof size !== 'number' || !Number.isInteger(size) || size < 2 || size > 10_000)) return 'ArrayProperties.Size is not a whole number from 2 to 10,000';
  const deps = Array.isArray(p.DependsOn) ? p.DependsOn : [];
  const parameters: Record<string, string> = {};
  if (p.Parameters && typeof p.Parameters === 'object') for (const [k, v] of Object.entries(p.Parameters)) parameters[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return {
    jobName: p.JobName as string,
    jobQueue: p.JobQueue as string,
    jobDefinition: p.JobDefinition as string,
    arraySize: typeof size === 'number' ? size : null,
    dependsOn: deps.map((d: { JobId?: unknown; Type?: unknown }) => ({ jobId: String(d?.JobId ?? ''), type: typeof d?.Type === 'string' ? d.Type : null })),
    parameters,
  };
}


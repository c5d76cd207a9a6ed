// Reading an Amazon States Language definition (as `aws stepfunctions describe-state-machine`
// prints it: a JSON string, or the same as a mapping) into the state machine batchsim runs
// (model/stepFunctions/types.ts). Every problem is an issue located at its path in the definition
// (`stateMachines[0].definition.States.Align.Next`); unsupported states, resources and intrinsic
// functions are errors, never skipped. https://states-language.net/spec.html
import { parseIntrinsic } from '../../model/stepFunctions/intrinsics.js';
import { COMPARISON_OPERATORS, parsePath } from '../../model/stepFunctions/paths.js';
import type { Catcher, Comparison, DataFlow, Path, Retrier, Scope, State, Template, Transition } from '../../model/stepFunctions/types.js';
import { closestName, didYouMean, joinPath } from '../issues.js';
import { isObj, type Obj, type Reader } from './reader.js';

/** The Batch integrations batchsim runs: https://docs.aws.amazon.com/step-functions/latest/dg/connect-batch.html */
export const SUBMIT_JOB = 'arn:aws:states:::batch:submitJob';
export const SUBMIT_JOB_SYNC = 'arn:aws:states:::batch:submitJob.sync';

/** A name the definition uses for another scenario object, checked by validate.ts. */
export interface DefinitionRef {
  kind: 'jobQueue' | 'jobDefinition';
  name: string;
  path: string;
}

export interface ReadDefinition {
  scope: Scope;
  timeoutSeconds: number | null;
  refs: DefinitionRef[];
  /** Each state's path in the scenario (`stateMachines[0].definition.States.Align`), by state name. */
  statePaths: ReadonlyMap<string, string>;
}

const STATE_TYPES = ['Task', 'Pass', 'Wait', 'Choice', 'Map', 'Parallel', 'Succeed', 'Fail'] as const;

/** Fields each state type may have (ASL's table of state fields), beside Type and Comment. */
const FIELDS: Record<(typeof STATE_TYPES)[number], readonly string[]> = {
  Task: ['Next', 'End', 'InputPath', 'OutputPath', 'ResultPath', 'Parameters', 'ResultSelector', 'Retry', 'Catch', 'Resource', 'TimeoutSeconds', 'HeartbeatSeconds', 'Credentials'],
  Pass: ['Next', 'End', 'InputPath', 'OutputPath', 'ResultPath', 'Parameters', 'Result'],
  Wait: ['Next', 'End', 'InputPath', 'OutputPath', 'Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'],
  Choice: ['InputPath', 'OutputPath', 'Choices', 'Default'],
  Map: ['Next', 'End', 'InputPath', 'OutputPath', 'ResultPath', 'Parameters', 'ItemSelector', 'ResultSelector', 'Retry', 'Catch', 'ItemsPath', 'MaxConcurrency', 'MaxConcurrencyPath', 'Iterator', 'ItemProcessor', 'ItemReader', 'ItemBatcher', 'ResultWriter', 'ToleratedFailurePercentage', 'ToleratedFailureCount', 'Label'],
  Parallel: ['Next', 'End', 'InputPath', 'OutputPath', 'ResultPath', 'Parameters', 'ResultSelector', 'Retry', 'Catch', 'Branches'],
  Succeed: ['InputPath', 'OutputPath'],
  Fail: ['Error', 'Cause', 'ErrorPath', 'CausePath'],
};

/** Fields batchsim accepts and does not simulate: noted, not refused. */
const NOT_SIMULATED = new Set(['HeartbeatSeconds', 'Credentials', 'Label', 'Comment']);
/** Fields batchsim refuses because what they do would change the answer and is not modelled. */
const UNSUPPORTED = new Set(['Timestamp', 'TimestampPath', 'ItemReader', 'ItemBatcher', 'ResultWriter', 'ToleratedFailurePercentage', 'ToleratedFailureCount', 'MaxConcurrencyPath', 'ErrorPath', 'CausePath']);

/** SubmitJob's request fields batchsim uses; the others are noted. https://docs.aws.amazon.com/batch/latest/APIReference/API_SubmitJob.html */
const SUBMIT_FIELDS = ['JobName', 'JobQueue', 'JobDefinition', 'ArrayProperties', 'DependsOn', 'Parameters'];
const SUBMIT_REQUIRED = ['JobName', 'JobQueue', 'JobDefinition'];

/** The state names of every scope, to catch a name used twice anywhere in the machine. */
type Seen = Map<string, string>;

class DefinitionReader {
  readonly refs: DefinitionRef[] = [];
  /** Every state's path in the document, by name (names are unique in the whole machine). */
  readonly seen: Seen = new Map();
  constructor(private readonly r: Reader) {}

  scope(o: Obj, path: string): Scope {
    const startAt = typeof o.StartAt === 'string' ? o.StartAt : null;
    if (startAt === null) this.r.error(joinPath(path, 'StartAt'), o.StartAt === undefined ? 'StartAt is required: the name of the first state' : 'StartAt must be the name of a state');
    const states = new Map<string, State>();
    const statesPath = joinPath(path, 'States');
    if (!isObj(o.States) || Object.keys(o.States).length === 0) {
      this.r.error(statesPath, 'States is required: a mapping from state names to states');
      return { startAt: startAt ?? '', states };
    }
    for (const [name, value] of Object.entries(o.States)) {
      const at = joinPath(statesPath, name);
      if (name.length > 80) this.r.error(at, `a state name has at most 80 characters (this one has ${name.length})`);
      const other = this.seen.get(name);
      if (other !== undefined) this.r.error(at, `the state name "${name}" is already used at ${other}: state names are unique in the whole state machine`);
      else this.seen.set(name, at);
      const s = this.state(value, at);
      if (s) states.set(name, s);
    }
    if (startAt !== null && !Object.hasOwn(o.States, startAt)) this.r.error(joinPath(path, 'StartAt'), `no state is named "${startAt}"${didYouMean(startAt, Object.keys(o.States))}`);
    const before = this.r.issues.length;
    this.checkTargets(o.States, statesPath, states);
    // Reachability means something only once every state and every target is sound.
    const sound = this.r.issues.length === before && startAt !== null && states.has(startAt) && states.size === Object.keys(o.States).length;
    if (sound) this.checkReachable(startAt, states, statesPath);
    return { startAt: startAt ?? '', states };
  }

  /** Every Next, Default and Catch target names a state of the same scope. */
  private checkTargets(raw: Obj, statesPath: string, states: Map<string, State>): void {
    const names = Object.keys(raw);
    const check = (target: string, at: string): void => {
      if (!Object.hasOwn(raw, target)) this.r.error(at, `no state is named "${target}" in this scope${didYouMean(target, names)}`);
    };
    for (const [name, s] of states) {
      const at = joinPath(statesPath, name);
      if ('transition' in s && 'next' in s.transition) check(s.transition.next, joinPath(at, 'Next'));
      if (s.type === 'Choice') {
        s.choices.forEach((c, i) => check(c.next, `${at}.Choices[${i}].Next`));
        if (s.default !== null) check(s.default, joinPath(at, 'Default'));
      }
      if ('catch' in s) s.catch.forEach((c, i) => check(c.next, `${at}.Catch[${i}].Next`));
    }
  }

  /** A state no transition reaches is refused, as Step Functions refuses it. */
  private checkReachable(startAt: string, states: Map<string, State>, statesPath: string): void {
    const reached = new Set<string>([startAt]);
    const todo = [startAt];
    const go = (n: string): void => {
      if (states.has(n) && !reached.has(n)) {
        reached.add(n);
        todo.push(n);
      }
    };
    while (todo.length > 0) {
      const s = states.get(todo.pop()!)!;
      if ('transition' in s && 'next' in s.transition) go(s.transition.next);
      if (s.type === 'Choice') {
        s.choices.forEach((c) => go(c.next));
        if (s.default !== null) go(s.default);
      }
      if ('catch' in s) s.catch.forEach((c) => go(c.next));
    }
    for (const name of states.keys()) if (!reached.has(name)) this.r.error(joinPath(statesPath, name), `no transition reaches the state "${name}" from StartAt`);
  }

  private state(value: unknown, path: string): State | null {
    if (!isObj(value)) {
      this.r.error(path, 'a state is a mapping with a Type');
      return null;
    }
    const type = value.Type;
    if (typeof type !== 'string' || !(STATE_TYPES as readonly string[]).includes(type)) {
      this.r.error(joinPath(path, 'Type'), type === undefined ? `Type is required: one of ${STATE_TYPES.join(', ')}` : `unknown state type ${JSON.stringify(type)}: batchsim runs ${STATE_TYPES.join(', ')}${typeof type === 'string' ? didYouMean(type, STATE_TYPES) : ''}`);
      return null;
    }
    const t = type as (typeof STATE_TYPES)[number];
    for (const key of Object.keys(value)) {
      if (key === 'Type') continue;
      const at = joinPath(path, key);
      if (NOT_SIMULATED.has(key)) {
        if (key !== 'Comment') this.r.note(at, `${key} is accepted and not simulated`);
      } else if (!FIELDS[t].includes(key)) this.r.error(at, `a ${t} state has no field "${key}"${didYouMean(key, FIELDS[t])}`);
      else if (UNSUPPORTED.has(key)) this.r.error(at, `${key} is not supported by batchsim yet`);
    }
    switch (t) {
      case 'Task':
        return this.task(value, path);
      case 'Pass':
        return { type: 'Pass', flow: this.flow(value, path), transition: this.transition(value, path), result: value.Result };
      case 'Wait':
        return { type: 'Wait', flow: this.flow(value, path), transition: this.transition(value, path), wait: this.wait(value, path) };
      case 'Choice':
        return this.choice(value, path);
      case 'Map':
        return this.map(value, path);
      case 'Parallel':
        return this.parallel(value, path);
      case 'Succeed':
        return { type: 'Succeed', flow: this.flow(value, path) };
      case 'Fail':
        return { type: 'Fail', error: this.optText(value, 'Error', path), cause: this.optText(value, 'Cause', path) };
    }
  }

  private optText(o: Obj, key: string, path: string): string | null {
    const v = o[key];
    if (v === undefined) return null;
    if (typeof v === 'string') return v;
    this.r.error(joinPath(path, key), `${key} must be a string`);
    return null;
  }

  private transition(o: Obj, path: string): Transition {
    const hasNext = o.Next !== undefined;
    const end = o.End === true;
    if (o.End !== undefined && typeof o.End !== 'boolean') this.r.error(joinPath(path, 'End'), 'End must be true or false');
    if (hasNext && end) this.r.error(path, 'a state has either Next or "End": true, not both');
    if (!hasNext && !end) this.r.error(path, 'a state needs Next (the state that follows) or "End": true');
    if (hasNext && typeof o.Next !== 'string') {
      this.r.error(joinPath(path, 'Next'), 'Next must be the name of a state');
      return { end: true };
    }
    return hasNext ? { next: o.Next as string } : { end: true };
  }

  path(value: unknown, at: string, allowNull: boolean): Path | null | undefined {
    if (value === undefined) return undefined;
    if (value === null && allowNull) return null;
    if (typeof value !== 'string') {
      this.r.error(at, allowNull ? 'a path is a string starting with "$", or null' : 'a path is a string starting with "$"');
      return undefined;
    }
    const p = parsePath(value);
    if (typeof p === 'string') {
      this.r.error(at, p);
      return undefined;
    }
    return p;
  }

  private flow(o: Obj, path: string): DataFlow {
    const resultPath = this.path(o.ResultPath, joinPath(path, 'ResultPath'), true);
    if (resultPath?.context) this.r.error(joinPath(path, 'ResultPath'), 'ResultPath writes into the state\'s input: it cannot start with "$$"');
    else if (resultPath && resultPath.steps.some((s) => typeof s === 'number')) this.r.error(joinPath(path, 'ResultPath'), 'ResultPath names fields only (no list indexes)');
    return {
      inputPath: this.path(o.InputPath, joinPath(path, 'InputPath'), true),
      outputPath: this.path(o.OutputPath, joinPath(path, 'OutputPath'), true),
      resultPath,
      parameters: o.Parameters === undefined ? undefined : this.template(o.Parameters, joinPath(path, 'Parameters')),
      resultSelector: o.ResultSelector === undefined ? undefined : this.template(o.ResultSelector, joinPath(path, 'ResultSelector')),
    };
  }

  /** A payload template: keys ending in `.$` hold paths or intrinsic functions (intrinsics.ts). */
  template(value: unknown, path: string): Template {
    if (Array.isArray(value)) return { kind: 'list', items: value.map((v, i) => this.template(v, `${path}[${i}]`)) };
    if (!isObj(value)) return { kind: 'value', value };
    const fields: { key: string; value: Template }[] = [];
    for (const [key, v] of Object.entries(value)) {
      const at = joinPath(path, key);
      if (!key.endsWith('.$')) {
        fields.push({ key, value: this.template(v, at) });
        continue;
      }
      if (typeof v === 'string' && /^States\.\w+/.test(v)) {
        const f = parseIntrinsic(v);
        if (typeof f === 'string') this.r.error(at, f);
        else fields.push({ key: key.slice(0, -2), value: f });
        continue;
      }
      const p = this.path(v, at, false);
      if (p) fields.push({ key: key.slice(0, -2), value: { kind: 'path', path: p } });
    }
    return { kind: 'object', fields };
  }

  private retriersAndCatchers(o: Obj, path: string): { retry: Retrier[]; catch: Catcher[] } {
    const list = (key: string): Obj[] => {
      const v = o[key];
      if (v === undefined) return [];
      if (!Array.isArray(v)) {
        this.r.error(joinPath(path, key), `${key} is a list`);
        return [];
      }
      return v.filter((x, i) => isObj(x) || (this.r.error(`${joinPath(path, key)}[${i}]`, 'expected a mapping'), false)) as Obj[];
    };
    const errors = (x: Obj, at: string): string[] => {
      const e = x.ErrorEquals;
      if (!Array.isArray(e) || e.length === 0 || !e.every((s) => typeof s === 'string')) {
        this.r.error(joinPath(at, 'ErrorEquals'), 'ErrorEquals is a non-empty list of error names');
        return [];
      }
      if (e.includes('States.ALL') && e.length > 1) this.r.error(joinPath(at, 'ErrorEquals'), 'States.ALL must appear alone in its ErrorEquals');
      return e as string[];
    };
    const num = (x: Obj, key: string, at: string, def: number, min: number, int: boolean): number => {
      const v = x[key];
      if (v === undefined) return def;
      if (typeof v !== 'number' || v < min || (int && !Number.isInteger(v))) {
        this.r.error(joinPath(at, key), `${key} must be ${int ? 'an integer' : 'a number'} of at least ${min}`);
        return def;
      }
      return v;
    };
    const lastAll = (xs: { errorEquals: readonly string[] }[], key: string): void => {
      xs.forEach((x, i) => {
        if (x.errorEquals.includes('States.ALL') && i !== xs.length - 1) this.r.error(`${joinPath(path, key)}[${i}].ErrorEquals`, `States.ALL must be in the last ${key === 'Retry' ? 'retrier' : 'catcher'}`);
      });
    };
    const retry = list('Retry').map((x, i): Retrier => {
      const at = `${joinPath(path, 'Retry')}[${i}]`;
      for (const k of Object.keys(x)) if (!['ErrorEquals', 'IntervalSeconds', 'MaxAttempts', 'BackoffRate', 'MaxDelaySeconds', 'JitterStrategy', 'Comment'].includes(k)) this.r.error(joinPath(at, k), `a retrier has no field "${k}"`);
      if (x.JitterStrategy !== undefined && x.JitterStrategy !== 'NONE') this.r.error(joinPath(at, 'JitterStrategy'), 'JitterStrategy FULL is not supported by batchsim yet (random retry delays); use NONE');
      // Defaults from the ASL spec: IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.0.
      return {
        errorEquals: errors(x, at),
        intervalSeconds: num(x, 'IntervalSeconds', at, 1, 1, true),
        maxAttempts: num(x, 'MaxAttempts', at, 3, 0, true),
        backoffRate: num(x, 'BackoffRate', at, 2, 1, false),
        maxDelaySeconds: x.MaxDelaySeconds === undefined ? null : num(x, 'MaxDelaySeconds', at, 0, 1, true),
      };
    });
    const catchers = list('Catch').map((x, i): Catcher => {
      const at = `${joinPath(path, 'Catch')}[${i}]`;
      for (const k of Object.keys(x)) if (!['ErrorEquals', 'Next', 'ResultPath', 'Comment'].includes(k)) this.r.error(joinPath(at, k), `a catcher has no field "${k}"`);
      if (typeof x.Next !== 'string') this.r.error(joinPath(at, 'Next'), 'Next is required: the state that handles the error');
      return { errorEquals: errors(x, at), next: typeof x.Next === 'string' ? x.Next : '', resultPath: this.path(x.ResultPath, joinPath(at, 'ResultPath'), true) };
    });
    lastAll(retry, 'Retry');
    lastAll(catchers, 'Catch');
    return { retry, catch: catchers };
  }

  private task(o: Obj, path: string): State {
    const resource = o.Resource;
    const at = joinPath(path, 'Resource');
    if (resource !== SUBMIT_JOB && resource !== SUBMIT_JOB_SYNC) {
      const hint = typeof resource === 'string' && resource.startsWith('arn:aws:states:::batch:') ? ` (${resource.endsWith('.waitForTaskToken') ? 'the callback pattern is' : 'that integration is'} not supported)` : '';
      this.r.error(at, resource === undefined ? `Resource is required: batchsim runs ${SUBMIT_JOB_SYNC} and ${SUBMIT_JOB}` : `batchsim runs the Batch tasks ${SUBMIT_JOB_SYNC} and ${SUBMIT_JOB}, not ${JSON.stringify(resource)}${hint}`);
    }
    const params = joinPath(path, 'Parameters');
    if (!isObj(o.Parameters)) this.r.error(params, 'Parameters is required for a Batch task: JobName, JobQueue and JobDefinition');
    else this.submitParameters(o.Parameters, params);
    const timeout = o.TimeoutSeconds;
    if (timeout !== undefined && (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1)) this.r.error(joinPath(path, 'TimeoutSeconds'), 'TimeoutSeconds must be a positive integer');
    return {
      type: 'Task',
      sync: resource === SUBMIT_JOB_SYNC,
      flow: this.flow(o, path),
      transition: this.transition(o, path),
      ...this.retriersAndCatchers(o, path),
      timeoutSeconds: typeof timeout === 'number' ? timeout : null,
    };
  }

  /** SubmitJob's fields: static queue and definition names are kept for validate to check. */
  private submitParameters(p: Obj, path: string): void {
    const given = new Set(Object.keys(p).map((k) => k.replace(/\.\$$/, '')));
    for (const k of SUBMIT_REQUIRED) if (!given.has(k)) this.r.error(joinPath(path, k), `${k} is required (SubmitJob)`);
    for (const key of Object.keys(p)) {
      const name = key.replace(/\.\$$/, '');
      if (!SUBMIT_FIELDS.includes(name)) {
        const near = closestName(name, SUBMIT_FIELDS);
        if (near !== null) this.r.error(joinPath(path, key), `SubmitJob has no field "${name}"; did you mean "${near}"?`);
        else this.r.note(joinPath(path, key), `${name} is accepted and not simulated`);
      }
    }
    for (const kind of ['JobQueue', 'JobDefinition'] as const) {
      const v = p[kind];
      if (typeof v === 'string') this.refs.push({ kind: kind === 'JobQueue' ? 'jobQueue' : 'jobDefinition', name: v, path: joinPath(path, kind) });
      else if (v !== undefined) this.r.error(joinPath(path, kind), `${kind} is a name or an ARN (or use ${kind}.$ for a path)`);
    }
    const array = p.ArrayProperties;
    if (isObj(array) && array.Size !== undefined && (typeof array.Size !== 'number' || !Number.isInteger(array.Size) || array.Size < 2 || array.Size > 10_000)) {
      this.r.error(joinPath(joinPath(path, 'ArrayProperties'), 'Size'), 'an array job has 2 to 10,000 children (SubmitJob ArrayProperties.Size)');
    }
  }

  private wait(o: Obj, path: string): { seconds: number } | { secondsPath: Path } {
    if (typeof o.Seconds === 'number' && o.SecondsPath === undefined) {
      if (!(o.Seconds >= 0) || !Number.isInteger(o.Seconds)) this.r.error(joinPath(path, 'Seconds'), 'Seconds must be a whole number of seconds, 0 or more');
      return { seconds: o.Seconds };
    }
    if (o.SecondsPath !== undefined && o.Seconds === undefined) {
      const p = this.path(o.SecondsPath, joinPath(path, 'SecondsPath'), false);
      if (p) return { secondsPath: p };
      return { seconds: 0 };
    }
    if (o.Timestamp === undefined && o.TimestampPath === undefined) this.r.error(path, 'a Wait state needs exactly one of Seconds or SecondsPath');
    return { seconds: 0 };
  }

  private rule(value: unknown, path: string, top: boolean): Comparison | null {
    if (!isObj(value)) {
      this.r.error(path, 'a choice rule is a mapping');
      return null;
    }
    const allowed = top ? ['Next', 'Comment'] : ['Comment'];
    for (const op of ['And', 'Or', 'Not'] as const) {
      if (value[op] === undefined) continue;
      for (const k of Object.keys(value)) if (k !== op && !allowed.includes(k)) this.r.error(joinPath(path, k), `a rule with ${op} has no field "${k}"`);
      if (op === 'Not') {
        const rule = this.rule(value.Not, joinPath(path, 'Not'), false);
        return rule && { kind: op, rule };
      }
      const list = value[op];
      if (!Array.isArray(list) || list.length === 0) {
        this.r.error(joinPath(path, op), `${op} is a non-empty list of rules`);
        return null;
      }
      const rules = list.map((x, i) => this.rule(x, `${joinPath(path, op)}[${i}]`, false));
      return rules.every((x) => x !== null) ? { kind: op, rules: rules as Comparison[] } : null;
    }
    const ops = Object.keys(value).filter((k) => k !== 'Variable' && !allowed.includes(k));
    if (ops.length !== 1) {
      this.r.error(path, ops.length === 0 ? 'a choice rule needs Variable and one comparison (StringEquals, NumericGreaterThan, IsPresent, …)' : `a choice rule has one comparison, not ${ops.join(', ')}`);
      return null;
    }
    const op = ops[0];
    if (!COMPARISON_OPERATORS.includes(op)) {
      this.r.error(joinPath(path, op), `unknown comparison "${op}"${didYouMean(op, COMPARISON_OPERATORS)}${op.startsWith('Timestamp') ? ' (timestamp comparisons are not supported by batchsim yet)' : ''}`);
      return null;
    }
    const variable = this.path(value.Variable, joinPath(path, 'Variable'), false);
    if (value.Variable === undefined) this.r.error(joinPath(path, 'Variable'), 'Variable is required: the path of the value to compare');
    const isPath = op.endsWith('Path');
    const valuePath = isPath ? (this.path(value[op], joinPath(path, op), false) ?? null) : null;
    const v = value[op];
    if (!isPath) {
      const want = op.startsWith('String') ? 'string' : op.startsWith('Numeric') ? 'number' : 'boolean';
      if (typeof v !== want) this.r.error(joinPath(path, op), `${op} compares with a ${want}`);
    }
    return variable ? { kind: 'compare', op, variable, value: v, valuePath } : null;
  }

  private choice(o: Obj, path: string): State {
    const at = joinPath(path, 'Choices');
    const list = Array.isArray(o.Choices) ? o.Choices : [];
    if (list.length === 0) this.r.error(at, 'Choices is a non-empty list of rules, each with Next');
    const choices: { rule: Comparison; next: string }[] = [];
    list.forEach((x, i) => {
      const rule = this.rule(x, `${at}[${i}]`, true);
      const next = isObj(x) ? x.Next : undefined;
      if (typeof next !== 'string') this.r.error(`${at}[${i}].Next`, 'Next is required: the state this rule goes to');
      if (rule && typeof next === 'string') choices.push({ rule, next });
    });
    if (o.Default !== undefined && typeof o.Default !== 'string') this.r.error(joinPath(path, 'Default'), 'Default must be the name of a state');
    return { type: 'Choice', flow: this.flow(o, path), choices, default: typeof o.Default === 'string' ? o.Default : null };
  }

  private map(o: Obj, path: string): State {
    const legacy = o.Iterator !== undefined;
    const key = legacy ? 'Iterator' : 'ItemProcessor';
    const at = joinPath(path, key);
    if (legacy && o.ItemProcessor !== undefined) this.r.error(path, 'a Map has ItemProcessor or the older Iterator, not both');
    let mode: 'INLINE' | 'DISTRIBUTED' = 'INLINE';
    let processor: Scope = { startAt: '', states: new Map() };
    const p = o[key];
    if (!isObj(p)) this.r.error(at, 'ItemProcessor is required: the StartAt and States each item runs');
    else {
      for (const k of Object.keys(p)) if (!['StartAt', 'States', 'ProcessorConfig', 'Comment'].includes(k)) this.r.error(joinPath(at, k), `${key} has no field "${k}"`);
      const config = p.ProcessorConfig;
      if (isObj(config)) mode = this.processorMode(config, joinPath(at, 'ProcessorConfig'));
      processor = this.scope(p, at);
    }
    const mc = o.MaxConcurrency;
    if (mc !== undefined && (typeof mc !== 'number' || !Number.isInteger(mc) || mc < 0)) this.r.error(joinPath(path, 'MaxConcurrency'), 'MaxConcurrency is a whole number, 0 for no limit');
    if (o.ItemSelector !== undefined && o.Parameters !== undefined) this.r.error(path, 'a Map has ItemSelector or the older Parameters, not both');
    const selector = o.ItemSelector ?? o.Parameters;
    const flow = this.flow({ ...o, Parameters: undefined }, path);
    return {
      type: 'Map',
      flow,
      transition: this.transition(o, path),
      ...this.retriersAndCatchers(o, path),
      itemsPath: this.path(o.ItemsPath, joinPath(path, 'ItemsPath'), false) ?? undefined,
      itemSelector: selector === undefined ? undefined : this.template(selector, joinPath(path, o.ItemSelector !== undefined ? 'ItemSelector' : 'Parameters')),
      maxConcurrency: typeof mc === 'number' ? mc : 0,
      mode,
      processor,
    };
  }

  /**
   * ProcessorConfig's Mode, and its ExecutionType, which a DISTRIBUTED Map must give and an INLINE
   * one must not (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html).
   * EXPRESS child workflows are refused, not run as STANDARD: they are billed per request and
   * duration, last at most 5 minutes and cannot wait for a job (.sync).
   */
  private processorMode(config: Obj, at: string): 'INLINE' | 'DISTRIBUTED' {
    for (const k of Object.keys(config)) if (k !== 'Mode' && k !== 'ExecutionType') this.r.error(joinPath(at, k), `ProcessorConfig has no field "${k}"`);
    if (config.Mode !== undefined && config.Mode !== 'INLINE' && config.Mode !== 'DISTRIBUTED') this.r.error(joinPath(at, 'Mode'), 'Mode is INLINE or DISTRIBUTED');
    const mode = config.Mode === 'DISTRIBUTED' ? 'DISTRIBUTED' : 'INLINE';
    const type = config.ExecutionType;
    if (mode === 'INLINE' && type !== undefined) this.r.error(joinPath(at, 'ExecutionType'), 'ExecutionType is for a Map with Mode DISTRIBUTED; an INLINE Map runs its iterations in its own execution');
    else if (mode === 'DISTRIBUTED' && type === undefined) this.r.error(at, 'a Map with Mode DISTRIBUTED needs ExecutionType: STANDARD (its child workflows run as Standard executions)');
    else if (type === 'EXPRESS') this.r.error(joinPath(at, 'ExecutionType'), 'EXPRESS child workflows are not modelled: batchsim would run and bill them as STANDARD, while Express ones are billed per request and duration, end after 5 minutes and cannot wait for a job (.sync); use STANDARD');
    else if (type !== undefined && type !== 'STANDARD') this.r.error(joinPath(at, 'ExecutionType'), 'ExecutionType is STANDARD or EXPRESS');
    return mode;
  }

  private parallel(o: Obj, path: string): State {
    const at = joinPath(path, 'Branches');
    const list = Array.isArray(o.Branches) ? o.Branches : [];
    if (list.length === 0) this.r.error(at, 'Branches is a non-empty list, each with StartAt and States');
    const branches = list.map((b, i) => {
      const bp = `${at}[${i}]`;
      if (!isObj(b)) {
        this.r.error(bp, 'a branch is a mapping with StartAt and States');
        return { startAt: '', states: new Map() };
      }
      return this.scope(b, bp);
    });
    return { type: 'Parallel', flow: this.flow(o, path), transition: this.transition(o, path), ...this.retriersAndCatchers(o, path), branches };
  }
}

/** Top-level fields of a definition. */
const TOP = ['StartAt', 'States', 'Comment', 'TimeoutSeconds', 'Version', 'QueryLanguage'];

/**
 * A definition (a JSON string as describe-state-machine prints it, or a mapping) to the machine's
 * scope. Issues are located under `path` (e.g. `stateMachines[0].definition`).
 */
export function readDefinition(r: Reader, value: unknown, path: string): ReadDefinition | null {
  let doc = value;
  if (typeof value === 'string') {
    try {
      doc = JSON.parse(value);
    } catch (e) {
      r.error(path, `the definition is not valid JSON: ${(e as Error).message}`);
      return null;
    }
  }
  if (!isObj(doc)) {
    r.error(path, 'a definition is an Amazon States Language document: a mapping (or its JSON text) with StartAt and States');
    return null;
  }
  for (const k of Object.keys(doc)) if (!TOP.includes(k)) r.error(joinPath(path, k), `a state machine definition has no field "${k}"${didYouMean(k, TOP)}`);
  if (doc.QueryLanguage !== undefined && doc.QueryLanguage !== 'JSONPath') r.error(joinPath(path, 'QueryLanguage'), 'batchsim reads JSONPath definitions; JSONata is not supported yet');
  const t = doc.TimeoutSeconds;
  if (t !== undefined && (typeof t !== 'number' || !Number.isInteger(t) || t < 1)) r.error(joinPath(path, 'TimeoutSeconds'), 'TimeoutSeconds must be a positive integer');
  const reader = new DefinitionReader(r);
  const scope = reader.scope(doc, path);
  return { scope, timeoutSeconds: typeof t === 'number' ? t : null, refs: reader.refs, statePaths: reader.seen };
}

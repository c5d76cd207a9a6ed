// A Step Functions state machine as batchsim runs it: the Amazon States Language (ASL) definition
// after reading (scenario/read/stateMachine.ts), with every name resolved and every default filled.
// https://states-language.net/spec.html and
// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-amazon-states-language.html
// Plain data: one object per state, keyed by state name inside its own scope (the machine, a Map's
// item processor or a Parallel branch).

/** A JSONPath as ASL allows it in InputPath, ItemsPath, Variable and `.$` fields: `$`, `$.a.b[0]`, `$$.Map.Item.Value`. */
export interface Path {
  /** The text as written, for messages. */
  text: string;
  /** `$$`: the context object instead of the state's input. */
  context: boolean;
  /** Field names and list indexes after the `$`. */
  steps: readonly (string | number)[];
}

/** The intrinsic functions batchsim runs (intrinsics.ts evaluates them). */
export type IntrinsicName =
  | 'States.Format' | 'States.StringToJson' | 'States.JsonToString' | 'States.Array' | 'States.ArrayPartition' | 'States.ArrayContains'
  | 'States.ArrayRange' | 'States.ArrayGetItem' | 'States.ArrayLength' | 'States.ArrayUnique' | 'States.MathAdd' | 'States.StringSplit';

/** An intrinsic function in a `.$` field, parsed: its arguments are values, paths or other intrinsics. */
export type IntrinsicArg =
  | { kind: 'value'; value: string | number | boolean | null }
  | { kind: 'path'; path: Path }
  | Intrinsic;

export interface Intrinsic {
  kind: 'intrinsic';
  /** One of intrinsics.ts's INTRINSICS. */
  name: IntrinsicName;
  args: readonly IntrinsicArg[];
  /** As written, for messages. */
  text: string;
}


/** A Parameters / ItemSelector / ResultSelector template: fixed values, `.$` paths and intrinsic functions. */
export type Template =
  | { kind: 'value'; value: unknown }
  | { kind: 'path'; path: Path }
  | Intrinsic
  | { kind: 'object'; fields: readonly { key: string; value: Template }[] }
  | { kind: 'list'; items: readonly Template[] };

export interface Retrier {
  errorEquals: readonly string[];
  intervalSeconds: number;
  maxAttempts: number;
  backoffRate: number;
  maxDelaySeconds: number | null;
}

export interface Catcher {
  errorEquals: readonly string[];
  next: string;
  resultPath: Path | null | undefined;
}

/** How a state passes data on (ASL's InputPath → Parameters → result → ResultSelector → ResultPath → OutputPath). */
export interface DataFlow {
  /** undefined: `$` (the whole input); null: `null` (an empty object). */
  inputPath: Path | null | undefined;
  outputPath: Path | null | undefined;
  /** undefined: `$` (the result replaces the input); null: the input passes through, result discarded. */
  resultPath: Path | null | undefined;
  parameters: Template | undefined;
  resultSelector: Template | undefined;
}

/** Where a state goes next: a named state, or the end of its scope. */
export type Transition = { next: string } | { end: true };

export interface SubmitJobTask {
  type: 'Task';
  /** `.sync`: the Task waits for the job to end; otherwise it ends when the job is submitted. */
  sync: boolean;
  flow: DataFlow;
  transition: Transition;
  retry: readonly Retrier[];
  catch: readonly Catcher[];
  timeoutSeconds: number | null;
}

export interface PassState {
  type: 'Pass';
  flow: DataFlow;
  transition: Transition;
  result: unknown;
}

export interface WaitState {
  type: 'Wait';
  flow: Pick<DataFlow, 'inputPath' | 'outputPath'>;
  transition: Transition;
  /** Seconds, or a path to a number of seconds in the input. */
  wait: { seconds: number } | { secondsPath: Path };
}

/** A Choice rule: And / Or / Not of rules, or one comparison of the Variable with a value or a path's value. */
export type Comparison =
  | { kind: 'And' | 'Or'; rules: readonly Comparison[] }
  | { kind: 'Not'; rule: Comparison }
  | { kind: 'compare'; op: string; variable: Path; value: unknown; valuePath: Path | null };

export interface ChoiceState {
  type: 'Choice';
  flow: Pick<DataFlow, 'inputPath' | 'outputPath'>;
  choices: readonly { rule: Comparison; next: string }[];
  default: string | null;
}

export interface Scope {
  startAt: string;
  states: ReadonlyMap<string, State>;
}

export interface MapState {
  type: 'Map';
  flow: DataFlow;
  transition: Transition;
  retry: readonly Retrier[];
  catch: readonly Catcher[];
  itemsPath: Path | undefined;
  /** ItemSelector (or the legacy Parameters of a Map). */
  itemSelector: Template | undefined;
  /** 0: no limit of its own (the mode's still holds: execution.ts MAP_CONCURRENCY). */
  maxConcurrency: number;
  mode: 'INLINE' | 'DISTRIBUTED';
  processor: Scope;
}

export interface ParallelState {
  type: 'Parallel';
  flow: DataFlow;
  transition: Transition;
  retry: readonly Retrier[];
  catch: readonly Catcher[];
  branches: readonly Scope[];
}

export interface SucceedState {
  type: 'Succeed';
  flow: Pick<DataFlow, 'inputPath' | 'outputPath'>;
}

export interface FailState {
  type: 'Fail';
  error: string | null;
  cause: string | null;
}

export type State = SubmitJobTask | PassState | WaitState | ChoiceState | MapState | ParallelState | SucceedState | FailState;

export interface StateMachine extends Scope {
  name: string;
  /** STANDARD is billed per state transition, EXPRESS per request and duration. */
  type: 'STANDARD' | 'EXPRESS';
  timeoutSeconds: number | null;
}

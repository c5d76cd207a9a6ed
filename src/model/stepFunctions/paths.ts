// The part of ASL's data flow that needs no clock: JSONPaths (the "Reference Paths" subset that
// InputPath, ResultPath, ItemsPath, Variable and `.$` fields use), Parameters templates and
// Choice rules. https://states-language.net/spec.html#ref-paths and
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html
import { evaluateIntrinsic } from './intrinsics.js';
import type { Comparison, Path, Template } from './types.js';

export { parsePath } from './jsonPath.js';

export type Selected = { found: true; value: unknown } | { found: false };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value a path selects in `input` (or in `context` for `$$` paths). */
export function select(path: Path, input: unknown, context: unknown = {}): Selected {
  let v: unknown = path.context ? context : input;
  for (const step of path.steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(v) || step >= v.length) return { found: false };
      v = v[step];
    } else {
      if (!isObject(v) || !Object.hasOwn(v, step)) return { found: false };
      v = v[step];
    }
  }
  return { found: true, value: v };
}

/** Why a template could not be filled: a path that selects nothing (States.Runtime), or an intrinsic function that failed. */
export type FillFailure = { ok: false; error: 'States.Runtime' | 'States.IntrinsicFailure'; message: string };

/** A template filled from the input: the object Parameters, ItemSelector or ResultSelector makes. */
export function fill(t: Template, input: unknown, context: unknown): { ok: true; value: unknown } | FillFailure {
  switch (t.kind) {
    case 'value':
      return { ok: true, value: t.value };
    case 'path': {
      const s = select(t.path, input, context);
      return s.found ? { ok: true, value: s.value } : { ok: false, error: 'States.Runtime', message: `${t.path.text} selects nothing` };
    }
    case 'intrinsic':
      return evaluateIntrinsic(t, (p) => select(p, input, context));
    case 'list': {
      const out: unknown[] = [];
      for (const item of t.items) {
        const r = fill(item, input, context);
        if (!r.ok) return r;
        out.push(r.value);
      }
      return { ok: true, value: out };
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const f of t.fields) {
        const r = fill(f.value, input, context);
        if (!r.ok) return r;
        out[f.key] = r.value;
      }
      return { ok: true, value: out };
    }
  }
}

/**
 * ResultPath: `result` placed into a copy of `input` at `path` (creating the objects on the way),
 * `$` for the result alone, null for the input unchanged. Fails (States.ResultPathMatchFailure)
 * where the way holds something that is not an object. Paths with list indexes are refused when read.
 */
export function placeResult(input: unknown, path: Path | null | undefined, result: unknown): { ok: true; value: unknown } | { ok: false } {
  if (path === null) return { ok: true, value: input };
  if (path === undefined || path.steps.length === 0) return { ok: true, value: result };
  if (!isObject(input)) return { ok: false };
  const root: Record<string, unknown> = { ...input };
  let at = root;
  for (let k = 0; k < path.steps.length; k++) {
    const step = String(path.steps[k]);
    if (k === path.steps.length - 1) {
      at[step] = result;
      break;
    }
    const next = at[step];
    if (next !== undefined && !isObject(next)) return { ok: false };
    const copy: Record<string, unknown> = isObject(next) ? { ...next } : {};
    at[step] = copy;
    at = copy;
  }
  return { ok: true, value: root };
}

/** StringMatches: `*` matches any run of characters, `\*` a literal star. */
function matches(value: string, pattern: string): boolean {
  const re = pattern
    .split(/(\\\*|\*)/)
    .map((part) => (part === '*' ? '.*' : part === '\\*' ? '\\*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${re}$`, 's').test(value);
}

/** One Choice rule against the state's input. A Variable that selects nothing makes a comparison false (IsPresent aside). */
export function evaluateRule(rule: Comparison, input: unknown, context: unknown): boolean {
  switch (rule.kind) {
    case 'And':
      return rule.rules.every((r) => evaluateRule(r, input, context));
    case 'Or':
      return rule.rules.some((r) => evaluateRule(r, input, context));
    case 'Not':
      return !evaluateRule(rule.rule, input, context);
  }
  const r = rule;
  const v = select(r.variable, input, context);
  let want = r.value;
  if (r.valuePath) {
    const s = select(r.valuePath, input, context);
    if (!s.found) return false;
    want = s.value;
  }
  const op = r.op.replace(/Path$/, '');
  if (op === 'IsPresent') return v.found === want;
  if (!v.found) return false;
  const x = v.value;
  switch (op) {
    case 'IsNull':
      return (x === null) === want;
    case 'IsString':
      return (typeof x === 'string') === want;
    case 'IsNumeric':
      return (typeof x === 'number') === want;
    case 'IsBoolean':
      return (typeof x === 'boolean') === want;
    case 'BooleanEquals':
      return typeof x === 'boolean' && x === want;
    case 'StringMatches':
      return typeof x === 'string' && typeof want === 'string' && matches(x, want);
  }
  const kind = op.startsWith('String') ? 'string' : op.startsWith('Numeric') ? 'number' : null;
  if (kind === null || typeof x !== kind || typeof want !== kind) return false;
  const a = x as string | number;
  const b = want as string | number;
  switch (op.replace(/^(String|Numeric)/, '')) {
    case 'Equals':
      return a === b;
    case 'LessThan':
      return a < b;
    case 'GreaterThan':
      return a > b;
    case 'LessThanEquals':
      return a <= b;
    case 'GreaterThanEquals':
      return a >= b;
  }
  return false;
}

/** The comparison operators batchsim evaluates (each also with a `Path` suffix but the Is* tests). */
export const COMPARISON_OPERATORS: readonly string[] = [
  ...['String', 'Numeric'].flatMap((t) => ['Equals', 'LessThan', 'GreaterThan', 'LessThanEquals', 'GreaterThanEquals'].flatMap((c) => [`${t}${c}`, `${t}${c}Path`])),
  'StringMatches',
  'BooleanEquals',
  'BooleanEqualsPath',
  'IsPresent',
  'IsNull',
  'IsString',
  'IsNumeric',
  'IsBoolean',
];

// ASL's intrinsic functions in `.$` fields (https://states-language.net/spec.html#appendix-b,
// https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html): parsed once when
// the definition is read, evaluated when a template is filled. The deterministic ones a Batch
// pipeline uses; those that draw random numbers or hash (States.UUID, States.MathRandom,
// States.Hash) and the Base64 pair are refused by the reader, not skipped.
import { parsePath } from './jsonPath.js';
import type { Intrinsic, IntrinsicArg, IntrinsicName, Path } from './types.js';

export const INTRINSICS: readonly IntrinsicName[] = [
  'States.Format', 'States.StringToJson', 'States.JsonToString', 'States.Array', 'States.ArrayPartition', 'States.ArrayContains',
  'States.ArrayRange', 'States.ArrayGetItem', 'States.ArrayLength', 'States.ArrayUnique', 'States.MathAdd', 'States.StringSplit',
];

/** How many arguments each takes: [least, most] (most null: any number). */
const ARITY: Record<Intrinsic['name'], [number, number | null]> = {
  'States.Format': [1, null],
  'States.StringToJson': [1, 1],
  'States.JsonToString': [1, 1],
  'States.Array': [0, null],
  'States.ArrayPartition': [2, 2],
  'States.ArrayContains': [2, 2],
  'States.ArrayRange': [3, 3],
  'States.ArrayGetItem': [2, 2],
  'States.ArrayLength': [1, 1],
  'States.ArrayUnique': [1, 1],
  'States.MathAdd': [2, 2],
  'States.StringSplit': [2, 2],
};

/** ArrayRange's limit: "an array of up to 1000 elements". */
const MAX_RANGE = 1000;

/** `States.Name(args)` to its parse, or why it is not one batchsim runs. */
export function parseIntrinsic(text: string): Intrinsic | string {
  const p = new Parser(text);
  const r = p.call();
  if (typeof r === 'string') return r;
  p.space();
  return p.at < text.length ? `unexpected "${text.slice(p.at)}" after ${r.name}(...)` : r;
}

class Parser {
  at = 0;
  constructor(private readonly s: string) {}

  space(): void {
    while (this.s[this.at] === ' ') this.at++;
  }

  call(): Intrinsic | string {
    const start = this.at;
    const m = /^States\.\w+/.exec(this.s.slice(this.at));
    if (!m) return `expected an intrinsic function (States.Name(...)) at "${this.s.slice(this.at)}"`;
    const name = m[0];
    if (!(INTRINSICS as readonly string[]).includes(name)) return `the intrinsic function ${name} is not supported by batchsim (it runs ${INTRINSICS.join(', ')})`;
    this.at += name.length;
    if (this.s[this.at] !== '(') return `${name} needs its arguments in parentheses`;
    this.at++;
    const args: IntrinsicArg[] = [];
    this.space();
    if (this.s[this.at] === ')') this.at++;
    else
      for (;;) {
        const a = this.arg();
        if (typeof a === 'string') return a;
        args.push(a);
        this.space();
        const c = this.s[this.at++];
        if (c === ')') break;
        if (c === undefined) return `${name}( is not closed with ")"`;
        if (c !== ',') return `${name}: expected "," or ")" at "${this.s.slice(this.at - 1)}"`;
        this.space();
      }
    const [least, most] = ARITY[name as Intrinsic['name']];
    if (args.length < least || (most !== null && args.length > most)) return `${name} takes ${most === null ? `at least ${least}` : least === most ? `${least}` : `${least} to ${most}`} argument${least === 1 && most === 1 ? '' : 's'}, not ${args.length}`;
    return { kind: 'intrinsic', name: name as Intrinsic['name'], args, text: this.s.slice(start, this.at) };
  }

  arg(): IntrinsicArg | string {
    const c = this.s[this.at];
    if (c === "'") return this.string();
    if (c === '$') {
      const m = /^\$\$?[^,)\s]*/.exec(this.s.slice(this.at))!;
      this.at += m[0].length;
      const path = parsePath(m[0]);
      return typeof path === 'string' ? path : { kind: 'path', path };
    }
    if (this.s.startsWith('States.', this.at)) return this.call();
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(this.s.slice(this.at));
    if (!m) return `expected a 'string', a number, a path, true, false, null or an intrinsic function at "${this.s.slice(this.at)}"`;
    this.at += m[0].length;
    return { kind: 'value', value: m[0] === 'null' ? null : m[0] === 'true' ? true : m[0] === 'false' ? false : Number(m[0]) };
  }

  /** A quoted string: \' and \\ are escapes; \{ and \} are kept as written, for States.Format to tell from {}. */
  string(): IntrinsicArg | string {
    let out = '';
    for (this.at++; this.at < this.s.length; this.at++) {
      const c = this.s[this.at];
      if (c === '\\' && this.at + 1 < this.s.length) {
        const next = this.s[++this.at];
        out += next === '{' || next === '}' ? `\\${next}` : next;
      } else if (c === "'") {
        this.at++;
        return { kind: 'value', value: out };
      } else out += c;
    }
    return 'a string argument is not closed with "\'"';
  }
}

export type Evaluated = { ok: true; value: unknown } | { ok: false; error: 'States.Runtime' | 'States.IntrinsicFailure'; message: string };

/** Evaluates `f` on a state's input; `select` resolves its paths. */
export function evaluateIntrinsic(f: Intrinsic, resolve: (p: Path) => { found: true; value: unknown } | { found: false }): Evaluated {
  const values: unknown[] = [];
  for (const a of f.args) {
    if (a.kind === 'value') values.push(a.value);
    else if (a.kind === 'path') {
      const v = resolve(a.path);
      if (!v.found) return { ok: false, error: 'States.Runtime', message: `${a.path.text} selects nothing` };
      values.push(v.value);
    } else {
      const v = evaluateIntrinsic(a, resolve);
      if (!v.ok) return v;
      values.push(v.value);
    }
  }
  const fail = (why: string): Evaluated => ({ ok: false, error: 'States.IntrinsicFailure', message: `${f.text}: ${why}` });
  const ok = (value: unknown): Evaluated => ({ ok: true, value });
  const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);
  switch (f.name) {
    case 'States.Format': {
      const [template, ...rest] = values;
      if (typeof template !== 'string') return fail('the first argument is not a string');
      // {} is a placeholder; \{ and \} are literal braces.
      const parts = template.split(/(?<!\\)\{\}/).map((part) => part.replace(/\\([{}])/g, '$1'));
      if (parts.length - 1 !== rest.length) return fail(`the template has ${parts.length - 1} {} for ${rest.length} arguments`);
      return ok(parts.reduce((s, part, i) => s + part + (i < rest.length ? (typeof rest[i] === 'string' ? rest[i] : JSON.stringify(rest[i])) : ''), ''));
    }
    case 'States.StringToJson':
      if (typeof values[0] !== 'string') return fail('the argument is not a string');
      try {
        return ok(JSON.parse(values[0]));
      } catch {
        return fail('the argument is not JSON text');
      }
    case 'States.JsonToString':
      return ok(JSON.stringify(values[0]));
    case 'States.Array':
      return ok(values);
    case 'States.ArrayPartition': {
      const [list, size] = values;
      if (!Array.isArray(list) || !isInt(size) || size < 1) return fail('expected a list and a chunk size of 1 or more');
      const out: unknown[][] = [];
      for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
      return ok(out);
    }
    case 'States.ArrayContains': {
      const [list, item] = values;
      if (!Array.isArray(list)) return fail('the first argument is not a list');
      return ok(list.some((x) => JSON.stringify(x) === JSON.stringify(item)));
    }
    case 'States.ArrayRange': {
      const [first, last, step] = values;
      if (!isInt(first) || !isInt(last) || !isInt(step) || step === 0) return fail('expected whole numbers start, end and a step other than 0');
      const n = Math.floor((last - first) / step) + 1;
      if (n > MAX_RANGE) return fail(`the range has ${n} elements; at most ${MAX_RANGE}`);
      return ok(n <= 0 ? [] : Array.from({ length: n }, (_, i) => first + i * step));
    }
    case 'States.ArrayGetItem': {
      const [list, index] = values;
      if (!Array.isArray(list) || !isInt(index) || index < 0 || index >= list.length) return fail('expected a list and an index within it');
      return ok(list[index]);
    }
    case 'States.ArrayLength':
      return Array.isArray(values[0]) ? ok(values[0].length) : fail('the argument is not a list');
    case 'States.ArrayUnique': {
      if (!Array.isArray(values[0])) return fail('the argument is not a list');
      const seen = new Set<string>();
      return ok(values[0].filter((x) => !seen.has(JSON.stringify(x)) && !!seen.add(JSON.stringify(x))));
    }
    case 'States.MathAdd': {
      const [a, b] = values;
      if (!isInt(a) || !isInt(b)) return fail('expected two whole numbers');
      return ok(a + b);
    }
    case 'States.StringSplit': {
      const [text, delimiters] = values;
      if (typeof text !== 'string' || typeof delimiters !== 'string') return fail('expected a string and its delimiter characters');
      // Each character of the second argument splits; empty pieces are dropped.
      return ok(delimiters === '' ? [text] : text.split(new RegExp(`[${delimiters.replace(/[\\\]^-]/g, '\\$&')}]`)).filter((x) => x !== ''));
    }
  }
}

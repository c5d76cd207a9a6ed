// The generic Reader: takes values out of the untyped document, checking each against its field
// table, and records an issue (with its dotted path) for everything wrong. Never throws.
import { keysOf, type FieldSpec, type NumberRule, type Table } from '../fields/spec.js';
import { closestName, type Issue, indexPath, joinPath } from '../issues.js';
import * as m from '../messages.js';
import { parseDurationMs } from './units.js';

export type Obj = Record<string, unknown>;

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What `Reader.field` returns for a field of a given spec. */
type FieldValue<S> = S extends { kind: 'text' }
  ? string
  : S extends { kind: 'number' | 'duration' }
    ? number
    : S extends { kind: 'boolean' }
      ? boolean
    : S extends { kind: 'enum'; values: readonly (infer V extends string)[] }
      ? V
      : S extends { kind: 'list' }
        ? unknown[]
        : unknown;

export class Reader {
  readonly issues: Issue[] = [];
  /** Fields reported as misspelt ("runtim" for runtime): their absence is not reported again. */
  private readonly misspelt = new Set<string>();

  error(path: string, message: string): void {
    this.issues.push({ path, message, severity: 'error' });
  }
  warning(path: string, message: string): void {
    this.issues.push({ path, message, severity: 'warning' });
  }
  note(path: string, message: string): void {
    this.issues.push({ path, message, severity: 'note' });
  }

  /** A mapping whose unknown keys are errors with did-you-mean and whose ignored AWS keys are notes. */
  object(value: unknown, path: string, table: Table): Obj | null {
    const o = this.mapping(value, path);
    if (o === null) return null;
    const { known, ignored } = keysOf(table);
    for (const key of Object.keys(o)) {
      if (known.includes(key)) continue;
      if (ignored.includes(key)) this.note(joinPath(path, key), m.ignoredField());
      else {
        this.error(joinPath(path, key), m.unknownField(key, [...known, ...ignored]));
        const meant = closestName(key, known);
        if (meant !== null) this.misspelt.add(joinPath(path, meant));
      }
    }
    return o;
  }

  /** A mapping with keys of any name (prices by instance type). */
  mapping(value: unknown, path: string): Obj | null {
    if (isObj(value)) return value;
    this.error(path, m.expected(m.EXPECTED.mapping, value));
    return null;
  }

  /**
   * `o[key]` read as its table says: its kind, bounds and whether it is required (`required`
   * overrides that where AWS requires a field only in some cases).
   */
  field<T extends Table, K extends keyof T['fields'] & string>(
    o: Obj,
    table: T,
    key: K,
    path: string,
    required?: boolean,
  ): FieldValue<T['fields'][K]> | undefined {
    const spec: FieldSpec = table.fields[key];
    const needed = required ?? spec.required === true;
    const read = (): unknown => {
      switch (spec.kind) {
        case 'text':
          return this.str(o, key, path, needed);
        case 'number':
          return this.num(o, key, path, { ...spec, required: needed });
        case 'enum':
          return this.enumOf(o, key, path, spec.values, needed);
        case 'duration':
          return this.duration(o, key, path, needed);
        case 'list':
          return this.list(o, key, path, needed);
        case 'boolean':
          return this.bool(o, key, path, needed);
        default:
          return this.get(o, key, path, needed);
      }
    };
    return read() as FieldValue<T['fields'][K]> | undefined;
  }

  /** `obj[key]`, treating null like absence (AWS describe output and empty YAML values hold nulls). */
  get(obj: Obj, key: string, path: string, required = false): unknown {
    const value = Object.hasOwn(obj, key) ? obj[key] : undefined;
    if (value === null || value === undefined) {
      if (required && !this.misspelt.has(joinPath(path, key))) this.error(joinPath(path, key), m.required());
      return undefined;
    }
    return value;
  }

  list(obj: Obj, key: string, path: string, required = false): unknown[] | undefined {
    const value = this.get(obj, key, path, required);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      this.error(joinPath(path, key), m.expected(m.EXPECTED.list, value));
      return undefined;
    }
    return value;
  }

  str(obj: Obj, key: string, path: string, required = false): string | undefined {
    const value = this.get(obj, key, path, required);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      this.error(joinPath(path, key), m.expected(m.EXPECTED.string, value));
      return undefined;
    }
    return value;
  }

  /** true or false (YAML's booleans), nothing else: "yes" in quotes is a string. */
  bool(obj: Obj, key: string, path: string, required = false): boolean | undefined {
    const value = this.get(obj, key, path, required);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') {
      this.error(joinPath(path, key), m.expected(m.EXPECTED.boolean, value));
      return undefined;
    }
    return value;
  }

  /** Accepts any case, returns the canonical spelling. */
  enumOf<T extends string>(obj: Obj, key: string, path: string, values: readonly T[], required = false): T | undefined {
    const value = this.get(obj, key, path, required);
    if (value === undefined) return undefined;
    return this.checkEnum(value, joinPath(path, key), values);
  }

  /** One of `values`, matched in any case (AWS enums are written either way); an error otherwise. */
  checkEnum<T extends string>(value: unknown, path: string, values: readonly T[]): T | undefined {
    const found = typeof value === 'string' ? values.find((v) => v.toLowerCase() === value.toLowerCase()) : undefined;
    if (found === undefined) this.error(path, m.oneOf(values, value));
    return found;
  }

  num(obj: Obj, key: string, path: string, rule: NumberRule = {}): number | undefined {
    const value = this.get(obj, key, path, rule.required);
    if (value === undefined) return undefined;
    return this.checkNumber(value, joinPath(path, key), rule);
  }

  checkNumber(value: unknown, path: string, rule: NumberRule): number | undefined {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.error(path, m.expected(m.EXPECTED.number, value));
      return undefined;
    }
    const problem = numberProblem(value, rule);
    if (problem) {
      this.error(path, problem);
      return undefined;
    }
    return value;
  }

  duration(obj: Obj, key: string, path: string, required = false): number | undefined {
    const value = this.get(obj, key, path, required);
    if (value === undefined) return undefined;
    return this.checkDuration(value, joinPath(path, key));
  }

  checkDuration(value: unknown, path: string): number | undefined {
    const ms = parseDurationMs(value);
    if (ms === null) this.error(path, typeof value === 'number' && value < 0 ? m.atLeast(0, value) : m.badDuration(value));
    return ms ?? undefined;
  }
}

function numberProblem(value: number, rule: NumberRule): string | null {
  if (rule.int && !Number.isInteger(value)) return m.notInteger(value);
  // Past 2^53 whole numbers are no longer exact (1e300 is "whole"): a typo, never a count.
  if (rule.int && !Number.isSafeInteger(value)) return m.notSafeInteger(value);
  if (rule.min !== undefined && rule.max !== undefined && (value < rule.min || value > rule.max))
    return m.between(rule.min, rule.max, value);
  if (rule.min !== undefined && value < rule.min) return m.atLeast(rule.min, value);
  if (rule.max !== undefined && value > rule.max) return m.atMost(rule.max, value);
  if (rule.above !== undefined && value <= rule.above) return m.above(rule.above, value);
  return null;
}

/** Each element of a list with its path; elements that are not mappings are reported and come back as null. */
export function eachObject(r: Reader, items: unknown[], path: string, table: Table): (Obj | null)[] {
  return items.map((item, i) => r.object(item, indexPath(path, i), table));
}

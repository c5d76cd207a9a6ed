// The vocabulary of the field tables: what a field of a scenario mapping holds, its bounds, and
// whether it is required. The reader (read/) and the JSON Schema (schema.ts) both read these tables.

/** Bounds of a number; `above` is an exclusive lower bound. */
export interface NumberRule {
  required?: boolean;
  int?: boolean;
  min?: number;
  max?: number;
  above?: number;
}

interface Common {
  /** Required whenever the mapping holding it is given (the reader may also require it on a condition). */
  required?: boolean;
  /** Editor hint written into the JSON Schema. */
  describe?: string;
  /** An AWS field accepted and not used: the reader notes it, the schema still lists it. */
  ignored?: boolean;
}

/**
 * Known gaps of the published JSON Schema (kept byte-for-byte as it was while the code moved):
 * bounds the reader checks but the schema leaves out, and fields the schema requires but the reader
 * does not. Each is listed where it occurs, so closing one is a one-word change here.
 */
export interface SchemaGaps {
  schemaOmits?: readonly ('min' | 'max' | 'minItems')[];
  schemaRequires?: boolean;
}

export type FieldSpec =
  | (Common & SchemaGaps & { kind: 'text'; maxLength?: number })
  | (Common & SchemaGaps & NumberRule & { kind: 'number' })
  /** Matched in any case by the reader; `exactInSchema` lists the values in the schema instead of describing them. */
  | (Common & { kind: 'enum'; values: readonly string[]; exactInSchema?: boolean })
  | (Common & { kind: 'literal'; value: string })
  | (Common & { kind: 'boolean' })
  /** Seconds, or a string with units; `maxSeconds` is checked by the reader only. */
  | (Common & { kind: 'duration'; maxSeconds?: number })
  | (Common & { kind: 'size' })
  | (Common & { kind: 'distribution' })
  | (Common & { kind: 'schedule' })
  /** A retry-rule pattern: a string of at most maxLength characters; exit codes may be numbers. */
  | (Common & { kind: 'pattern'; maxLength: number; exitCode?: boolean })
  | (Common & SchemaGaps & { kind: 'list'; of: FieldSpec; min?: number; max?: number })
  | (Common & { kind: 'object'; table: Table })
  /** A mapping from any key (an instance type) to a value. */
  | (Common & { kind: 'record'; of: FieldSpec })
  | (Common & { kind: 'oneOf'; options: readonly FieldSpec[] })
  /** Any JSON value, read by its own reader (an ASL definition, a state machine's input). */
  | (Common & { kind: 'json' });

/** One shape of a mapping that takes exactly one of several forms (arrivals, poisson, lognormal). */
export interface Form {
  required: readonly string[];
  optional?: readonly string[];
}

export interface Table {
  /** In the order the schema lists them and did-you-mean tries them. */
  fields: Readonly<Record<string, FieldSpec>>;
  /** AWS fields accepted and not used (pasted describe-* output): noted, never rejected. */
  ignored?: readonly string[];
  /** When given, the mapping is exactly one of these forms. */
  forms?: readonly Form[];
}

/** What the reader checks keys against: fields it reads, and fields it notes as ignored. */
export interface KeySets {
  known: readonly string[];
  ignored: readonly string[];
}

const keySets = new WeakMap<Table, KeySets>();

export function keysOf(table: Table): KeySets {
  let keys = keySets.get(table);
  if (keys === undefined) {
    const names = Object.keys(table.fields);
    keys = {
      known: names.filter((k) => !table.fields[k].ignored),
      ignored: [...(table.ignored ?? []), ...names.filter((k) => table.fields[k].ignored)],
    };
    keySets.set(table, keys);
  }
  return keys;
}

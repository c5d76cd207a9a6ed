// The scenario *file* shape (what a user writes) as zod schemas, generated from the field tables
// in fields/ (the same ones the reader reads), and the JSON Schema for editors built from them
// (schema/scenario.schema.json). AWS objects are loose, because pasted `aws batch describe-*` output
// carries fields we accept and ignore; our own blocks are strict.
import { z } from 'zod';
import { DISTRIBUTION } from './fields/distribution.js';
import { SCENARIO } from './fields/scenario.js';
import type { FieldSpec, Table } from './fields/spec.js';
import { SCHEMA_HINT } from './messages.js';

const duration = z.union([z.number().nonnegative(), z.string()]).describe(SCHEMA_HINT.duration);
const size = z.union([z.number().nonnegative(), z.string()]).describe(SCHEMA_HINT.size);
const schedule = z.string().describe(SCHEMA_HINT.schedule);

/** A bare duration is a fixed value; otherwise one key names the kind. */
const distribution = z
  .union([duration, ...Object.entries(DISTRIBUTION.fields).map(([kind, spec]) => z.strictObject({ [kind]: valueSchema(spec) }))])
  .describe(SCHEMA_HINT.distribution);

function numberSchema(spec: Extract<FieldSpec, { kind: 'number' }>): z.ZodNumber {
  const omits = spec.schemaOmits ?? [];
  let n = z.number();
  if (spec.int) n = n.int();
  if (spec.min !== undefined && !omits.includes('min')) n = n.min(spec.min);
  if (spec.above !== undefined) n = n.gt(spec.above);
  if (spec.max !== undefined && !omits.includes('max')) n = n.max(spec.max);
  return n;
}

/** The schema of a field's value, before optional and description. */
function valueSchema(spec: FieldSpec): z.ZodType {
  switch (spec.kind) {
    case 'text':
      return spec.maxLength === undefined ? z.string() : z.string().max(spec.maxLength);
    case 'number':
      return numberSchema(spec);
    case 'enum':
      if (spec.exactInSchema) return z.enum(spec.values as [string, ...string[]]);
      // A field with its own hint says the values there.
      return spec.describe === undefined ? z.string().describe(SCHEMA_HINT.anyCaseOf(spec.values)) : z.string();
    case 'literal':
      return z.literal(spec.value);
    case 'boolean':
      return z.boolean();
    case 'duration':
      return duration;
    case 'size':
      return size;
    case 'distribution':
      return distribution;
    case 'schedule':
      return schedule;
    case 'pattern': {
      const text = z.string().max(spec.maxLength);
      // Exit codes arrive as numbers from YAML (onExitCode: 137).
      return spec.exitCode ? z.union([text, z.number().int()]) : text;
    }
    case 'list': {
      let list = z.array(valueSchema(spec.of));
      if (spec.min !== undefined && !(spec.schemaOmits ?? []).includes('minItems')) list = list.min(spec.min);
      if (spec.max !== undefined) list = list.max(spec.max);
      return list;
    }
    case 'object':
      return objectSchema(spec.table);
    case 'record':
      return z.record(z.string(), valueSchema(spec.of));
    case 'oneOf':
      return z.union(spec.options.map(valueSchema));
    case 'json':
      return z.unknown();
  }
}

function fieldSchema(spec: FieldSpec, required: boolean): z.ZodType {
  const value = required ? valueSchema(spec) : valueSchema(spec).optional();
  return spec.describe === undefined ? value : value.describe(spec.describe);
}

function requiredInSchema(spec: FieldSpec): boolean {
  return spec.required === true || ('schemaRequires' in spec && spec.schemaRequires === true);
}

/** A mapping: loose when it takes ignored AWS fields, strict otherwise; a union when it has forms. */
export function objectSchema(table: Table): z.ZodType {
  if (table.forms !== undefined) {
    const forms = table.forms.map((form) =>
      z.strictObject(
        Object.fromEntries([
          ...form.required.map((k) => [k, fieldSchema(table.fields[k], true)]),
          ...(form.optional ?? []).map((k) => [k, fieldSchema(table.fields[k], false)]),
        ]),
      ),
    );
    return z.union(forms);
  }
  const shape = Object.fromEntries(Object.entries(table.fields).map(([k, spec]) => [k, fieldSchema(spec, requiredInSchema(spec))]));
  return (table.ignored ?? []).length > 0 ? z.looseObject(shape) : z.strictObject(shape);
}

export const scenarioFileSchema = objectSchema(SCENARIO).describe(SCHEMA_HINT.scenario);

/** JSON Schema (draft 2020-12) of the scenario file, for editors. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioFileSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}

// Evaluates CloudFormation intrinsic functions over a resource's properties: parameters (values
// given, else defaults), pseudo parameters, conditions, Fn::If / AWS::NoValue, Fn::Sub, Join,
// Split, Select, FindInMap, GetAtt … What cannot be known from the template alone (an
// Fn::ImportValue, a parameter without a value) becomes a clearly marked placeholder string
// `<unresolved:…>` and is recorded. Pure.
import { didYouMean } from '../../issues.js';
import { isObj, type Obj } from '../types.js';

/** Dropped from its object or list: what `Ref: AWS::NoValue` means. */
export const NO_VALUE = Symbol('AWS::NoValue');

export const placeholder = (what: string): string => `<unresolved:${what}>`;
export const isPlaceholder = (v: unknown): boolean => typeof v === 'string' && v.includes('<unresolved:');

export interface EvalContext {
  /** Resolved parameter and pseudo-parameter values. */
  parameters: Map<string, unknown>;
  /** Every parameter the template declares, with its Type (those without a value are unresolved). */
  declared: Map<string, string>;
  /** Logical id -> resource type, for every resource of the template. */
  resourceTypes: Map<string, string>;
  /** Logical id -> the name a Ref or GetAtt of an AWS::Batch resource stands for. */
  batchNames: Map<string, string>;
  /**
   * The name of an AWS::Batch resource not in batchNames yet, worked out on demand (a name may
   * refer to a resource declared after it: CloudFormation resolves in dependency order, not
   * template order); undefined when it is not one, or is being worked out (a circle, reported apart).
   */
  nameOf?: (id: string) => string | undefined;
  mappings: Obj;
  conditions: Obj;
  /** Filled in: what could not be resolved, with the paths where it was needed. */
  unresolved: Map<string, string[]>;
  /** Filled in: references that point nowhere and other template errors, as [path, message]. */
  errors: [string, string][];
  /** Condition values, filled in lazily (null: could not be evaluated). */
  conditionValues: Map<string, boolean | null>;
}

const PSEUDO_DEFAULTS: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::URLSuffix': 'amazonaws.com' };

export function evaluate(value: unknown, path: string, ctx: EvalContext): unknown {
  if (Array.isArray(value)) return value.map((v, i) => evaluate(v, `${path}[${i}]`, ctx)).filter((v) => v !== NO_VALUE);
  if (!isObj(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::') || keys[0] === 'Condition')) {
    const fn = keys[0];
    if (fn === 'Condition' && typeof value.Condition !== 'string') return evaluateObject(value, path, ctx);
    return intrinsic(fn, value[fn], `${path}.${fn}`, ctx);
  }
  return evaluateObject(value, path, ctx);
}

function evaluateObject(value: Obj, path: string, ctx: EvalContext): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) {
    const r = evaluate(v, `${path}.${k}`, ctx);
    if (r !== NO_VALUE) out[k] = r;
  }
  return out;
}

export function unresolved(ctx: EvalContext, what: string, path: string): string {
  const paths = ctx.unresolved.get(what) ?? [];
  // Where the value was needed: the property, not the intrinsic inside it.
  paths.push(path.replace(/\.(Ref|Condition|Fn::\w+)(\[\d+\])*/g, ''));
  ctx.unresolved.set(what, paths);
  return placeholder(what);
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));

function intrinsic(fn: string, arg: unknown, path: string, ctx: EvalContext): unknown {
  const ev = (v: unknown, sub = ''): unknown => evaluate(v, `${path}${sub}`, ctx);
  const list = (v: unknown): unknown[] | null => (Array.isArray(v) ? v : null);
  switch (fn) {
    case 'Ref':
      return ref(str(ev(arg)), path, ctx);
    case 'Condition':
      return condition(String(arg), path, ctx);
    case 'Fn::GetAtt': {
      const parts = typeof arg === 'string' ? [arg.slice(0, arg.indexOf('.')), arg.slice(arg.indexOf('.') + 1)] : (list(ev(arg)) ?? []).map(str);
      return getAtt(parts[0] ?? '', parts.slice(1).join('.'), path, ctx);
    }
    case 'Fn::Sub':
      return sub(arg, path, ctx);
    case 'Fn::Join': {
      const [delim, items] = list(arg) ?? [];
      const values = ev(items, '[1]');
      return Array.isArray(values) ? values.map(str).join(str(delim)) : str(values);
    }
    case 'Fn::Split': {
      const [delim, text] = list(arg) ?? [];
      const v = ev(text, '[1]');
      return str(v).split(str(delim));
    }
    case 'Fn::Select': {
      const [index, items] = list(arg) ?? [];
      const i = Number(ev(index, '[0]'));
      const values = ev(items, '[1]');
      if (Array.isArray(values) && Number.isInteger(i) && i >= 0 && i < values.length) return values[i];
      if (Array.isArray(values) && values.some(isPlaceholder)) return values[0];
      ctx.errors.push([path, `Fn::Select index ${i} is outside the list`]);
      return placeholder('Fn::Select');
    }
    case 'Fn::FindInMap': {
      const [map, top, second, options] = (list(arg) ?? []).map((v, i) => ev(v, `[${i}]`));
      const m = ctx.mappings[str(map)];
      const found = isObj(m) && isObj(m[str(top)]) ? (m[str(top)] as Obj)[str(second)] : undefined;
      if (found !== undefined) return found;
      if (isObj(options) && options.DefaultValue !== undefined) return options.DefaultValue;
      if ([map, top, second].some(isPlaceholder)) return placeholder(`Fn::FindInMap ${[map, top, second].map(str).join('.')}`);
      ctx.errors.push([path, `Fn::FindInMap: no ${str(map)}.${str(top)}.${str(second)} in Mappings`]);
      return placeholder('Fn::FindInMap');
    }
    case 'Fn::If': {
      const [name, yes, no] = list(arg) ?? [];
      const c = condition(str(name), path, ctx);
      return c === true ? ev(yes, '[1]') : ev(no, '[2]');
    }
    case 'Fn::Equals': {
      const [a, b] = (list(arg) ?? []).map((v, i) => ev(v, `[${i}]`));
      return isPlaceholder(a) || isPlaceholder(b) ? null : JSON.stringify(a) === JSON.stringify(b) || str(a) === str(b);
    }
    case 'Fn::Not': {
      const v = ev((list(arg) ?? [])[0], '[0]');
      return v === null ? null : !v;
    }
    case 'Fn::And':
    case 'Fn::Or': {
      const vs = (list(arg) ?? []).map((v, i) => ev(v, `[${i}]`));
      const decisive = fn === 'Fn::And' ? false : true;
      if (vs.some((v) => v === decisive)) return decisive;
      return vs.some((v) => v === null) ? null : !decisive;
    }
    case 'Fn::ImportValue':
      return unresolved(ctx, `Fn::ImportValue ${str(ev(arg))}`, path);
    case 'Fn::GetAZs':
      return [unresolved(ctx, 'Fn::GetAZs', path)];
    case 'Fn::Base64':
      return Buffer.from(str(ev(arg)), 'utf8').toString('base64');
    case 'Fn::Length': {
      const v = ev(arg);
      return Array.isArray(v) ? v.length : unresolved(ctx, 'Fn::Length', path);
    }
    case 'Fn::ToJsonString':
      return JSON.stringify(ev(arg));
    default:
      // Functions a deployed stack evaluates (a transform, an address range) stay placeholders.
      if (DEPLOY_TIME.includes(fn)) return unresolved(ctx, fn, path);
      ctx.errors.push([path, `${fn} is not a CloudFormation intrinsic function${didYouMean(fn, [...EVALUATED, ...DEPLOY_TIME])}`]);
      return placeholder(fn);
  }
}

/**
 * The intrinsic functions of CloudFormation: those evaluated above, and those only a deployed stack
 * (or a transform) evaluates.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html
 */
const EVALUATED = ['Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::Split', 'Fn::Select', 'Fn::FindInMap', 'Fn::If', 'Fn::Equals', 'Fn::Not', 'Fn::And', 'Fn::Or', 'Fn::ImportValue', 'Fn::GetAZs', 'Fn::Base64', 'Fn::Length', 'Fn::ToJsonString'];
const DEPLOY_TIME = ['Fn::Cidr', 'Fn::Transform', 'Fn::ForEach'];

function ref(name: string, path: string, ctx: EvalContext): unknown {
  if (name === 'AWS::NoValue') return NO_VALUE;
  if (ctx.parameters.has(name)) return ctx.parameters.get(name);
  if (name.startsWith('AWS::')) return PSEUDO_DEFAULTS[name] ?? unresolved(ctx, `pseudo parameter ${name}`, path);
  const batchName = batchNameOf(name, ctx);
  if (batchName !== undefined) return batchName;
  if (ctx.resourceTypes.has(name)) return `<ref:${name}>`;
  if (ctx.declared.has(name)) {
    const p = unresolved(ctx, `parameter ${name}`, path);
    return isListType(ctx.declared.get(name)!) ? [p] : p;
  }
  ctx.errors.push([path, `!Ref ${name} points nowhere: no parameter or resource "${name}" in the template`]);
  return placeholder(name);
}

const batchNameOf = (id: string, ctx: EvalContext): string | undefined => ctx.batchNames.get(id) ?? ctx.nameOf?.(id);

export const isListType = (type: string): boolean => /^List<|CommaDelimitedList/.test(type);

function getAtt(resource: string, attribute: string, path: string, ctx: EvalContext): unknown {
  const batchName = batchNameOf(resource, ctx);
  if (batchName !== undefined) return batchName;
  if (ctx.resourceTypes.has(resource)) return `<getatt:${resource}.${attribute}>`;
  ctx.errors.push([path, `Fn::GetAtt ${resource}.${attribute} points nowhere: no resource "${resource}" in the template`]);
  return placeholder(`${resource}.${attribute}`);
}

function sub(arg: unknown, path: string, ctx: EvalContext): string {
  const [template, vars] = Array.isArray(arg) ? [str(arg[0]), isObj(arg[1]) ? arg[1] : {}] : [str(arg), {} as Obj];
  return template.replace(/\$\{([^}]*)\}/g, (_, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    if (Object.hasOwn(vars, name)) return str(evaluate(vars[name], `${path}.${name}`, ctx));
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) return str(getAtt(name.slice(0, dot), name.slice(dot + 1), path, ctx));
    const value = ref(name, path, ctx);
    // AWS::NoValue removes a property (through Ref, in Fn::If); in a string it means nothing.
    if (value === NO_VALUE) {
      ctx.errors.push([path, '${AWS::NoValue} in Fn::Sub: AWS::NoValue removes a property and has no text; use !Ref AWS::NoValue (in Fn::If) to leave the property out']);
      return placeholder(name);
    }
    return str(value);
  });
}

/** A named condition's value; null when it depends on something unresolved. */
export function condition(name: string, path: string, ctx: EvalContext): boolean | null {
  if (ctx.conditionValues.has(name)) return ctx.conditionValues.get(name)!;
  if (!Object.hasOwn(ctx.conditions, name)) {
    ctx.errors.push([path, `condition "${name}" is not in Conditions`]);
    return null;
  }
  ctx.conditionValues.set(name, null); // a cycle evaluates to unknown
  const v = evaluate(ctx.conditions[name], `Conditions.${name}`, ctx);
  const value = typeof v === 'boolean' ? v : null;
  if (value === null) unresolved(ctx, `condition ${name}`, path);
  ctx.conditionValues.set(name, value);
  return value;
}

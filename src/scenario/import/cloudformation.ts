// CloudFormation (hand-written YAML or JSON, `cdk synth` output) -> the AWS Batch setup: the
// AWS::Batch::ComputeEnvironment, JobQueue, JobDefinition and SchedulingPolicy resources, their
// intrinsics evaluated, PascalCase properties in the API's camelCase. Pure.
import { dependencyCycles, referencedIds } from './cloudformation/dependencies.js';
import { evaluate, isListType, unresolved, type EvalContext } from './cloudformation/intrinsics.js';
import { parseTemplate } from './cloudformation/template.js';
import { apiFields } from './cloudformation/fields.js';
import { emptySetup, isObj, type AwsSetup, type Found, type Obj, type SourceText } from './types.js';

const KINDS = {
  'AWS::Batch::ComputeEnvironment': { list: 'computeEnvironments', name: 'ComputeEnvironmentName', apiName: 'computeEnvironmentName' },
  'AWS::Batch::JobQueue': { list: 'jobQueues', name: 'JobQueueName', apiName: 'jobQueueName' },
  'AWS::Batch::JobDefinition': { list: 'jobDefinitions', name: 'JobDefinitionName', apiName: 'jobDefinitionName' },
  'AWS::Batch::SchedulingPolicy': { list: 'schedulingPolicies', name: 'Name', apiName: 'name' },
} as const;
type BatchType = keyof typeof KINDS;
const isBatchType = (t: unknown): t is BatchType => typeof t === 'string' && Object.hasOwn(KINDS, t);

export interface CloudFormationOptions {
  /** `--parameter K=V`: parameter values (and pseudo parameters such as AWS::StackName). */
  parameters: Record<string, string>;
}

export function importCloudFormation(sources: readonly SourceText[], options: CloudFormationOptions): AwsSetup {
  const setup = emptySetup();
  for (const source of sources) readTemplate(source, options, setup);
  return setup;
}

function readTemplate(source: SourceText, options: CloudFormationOptions, setup: AwsSetup): void {
  const name = source.name;
  const note = (severity: 'error' | 'warning' | 'note', at: string, message: string): void => void setup.notes.push({ severity, source: name, at, message });
  const parsed = parseTemplate(source.text, name);
  setup.notes.push(...parsed.notes);
  if (!parsed.ok) return;
  const t = parsed.value;
  if (!isObj(t) || !isObj(t.Resources)) return note('error', '', 'not a CloudFormation template: no Resources mapping');
  const resources = t.Resources;
  const batch = Object.entries(resources).filter(([, r]) => isObj(r) && isBatchType(r.Type));
  if (batch.length === 0) {
    const types = [...new Set(Object.values(resources).map((r) => (isObj(r) ? String(r.Type) : '?')))].sort();
    return note('error', 'Resources', `no AWS::Batch::ComputeEnvironment, JobQueue, JobDefinition or SchedulingPolicy resource (found: ${types.join(', ') || 'none'})`);
  }
  const ctx: EvalContext = {
    parameters: new Map(),
    declared: new Map(),
    resourceTypes: new Map(Object.entries(resources).map(([id, r]) => [id, isObj(r) ? String(r.Type) : ''])),
    batchNames: new Map(),
    mappings: isObj(t.Mappings) ? t.Mappings : {},
    conditions: isObj(t.Conditions) ? t.Conditions : {},
    unresolved: new Map(),
    errors: [],
    conditionValues: new Map(),
  };
  readParameters(t, options.parameters, ctx, note);
  noteCycles(resources, note);

  // Names first: a queue may be declared before the environment it names (a Ref needs the name),
  // and a name may refer to a later resource's name: each is worked out when first needed.
  const named = batch.map(([id, r]) => [id, r as Obj, (r as Obj).Type as BatchType] as const);
  const byId = new Map(named.map(([id, res]) => [id, res]));
  const naming = new Set<string>();
  ctx.nameOf = (id) => {
    const res = byId.get(id);
    if (res === undefined || naming.has(id)) return undefined; // naming: a circle, which noteCycles reports
    naming.add(id);
    const kind = KINDS[res.Type as BatchType];
    const props = isObj(res.Properties) ? res.Properties : {};
    const at = `Resources.${id}.Properties.${kind.name}`;
    const given = props[kind.name] === undefined ? undefined : evaluate(props[kind.name], at, ctx);
    naming.delete(id);
    // A name made of another kind of resource's id or attribute: only the deployed stack knows it.
    const name = typeof given === 'string' && given !== '' ? given.replace(/<(ref|getatt):([^>]*)>/g, (_, fn: string, what: string) => unresolved(ctx, `${fn === 'ref' ? 'Ref' : 'Fn::GetAtt'} ${what}`, at)) : id;
    ctx.batchNames.set(id, name);
    return name;
  };
  for (const [id] of named) ctx.nameOf(id);
  for (const [id, res, type] of named) {
    const kind = KINDS[type];
    const at = `Resources.${id}`;
    if (typeof res.Condition === 'string') {
      const c = evaluate({ Condition: res.Condition }, `${at}.Condition`, ctx);
      if (c !== true) {
        note('note', at, `skipped: its Condition ${res.Condition} is ${c === false ? 'false' : 'unknown (it depends on an unresolved value)'}`);
        continue;
      }
    }
    const props = evaluate(isObj(res.Properties) ? res.Properties : {}, `${at}.Properties`, ctx) as Obj;
    const value = apiFields(props, type, (field, message) => note('note', `${at}.Properties.${field}`, message));
    const physical = props[kind.name];
    if (physical === undefined) value[kind.apiName] = id;
    else value[kind.apiName] = ctx.batchNames.get(id);
    const found: Found = { value, origin: `${name}: ${at}` };
    if (physical === undefined) note('note', at, `no ${kind.name}: named by its logical id "${id}"`);
    setup[kind.list].push(found);
  }
  // A value evaluated twice (a name, then the properties holding it) finds its errors twice: each once.
  for (const [path, message] of new Map(ctx.errors.map(([path, message]) => [`${path}\n${message}`, [path, message] as const])).values()) note('error', path, message);
  for (const [what, paths] of ctx.unresolved) {
    const where = [...new Set(paths)];
    const shown = where.slice(0, 3).join(', ') + (where.length > 3 ? ` and ${where.length - 3} more` : '');
    if (what.startsWith('condition ')) note('warning', where[0], `${what} could not be evaluated (it depends on an unresolved value): its false branch was used, at ${shown}`);
    else note('warning', where[0], `${what} has no value${what.startsWith('parameter ') ? ' (no Default and no --parameter)' : ''}: left as the placeholder "<unresolved:${what}>" at ${shown}`);
  }
  const region = ctx.parameters.get('AWS::Region');
  if (typeof region === 'string') setup.region ??= region;
}

/** Each circle of resources depending on each other is an error: CloudFormation deploys none. */
function noteCycles(resources: Obj, note: (s: 'error', at: string, m: string) => void): void {
  const ids = new Set(Object.keys(resources));
  const graph = new Map([...ids].map((id) => [id, referencedIds(resources[id], ids)]));
  for (const cycle of dependencyCycles(graph)) {
    const circle = cycle.length === 1 ? `${cycle[0]} refers to itself` : `between resources ${cycle.join(', ')}`;
    note('error', `Resources.${cycle[0]}`, `circular dependency ${circle} (Ref, Fn::GetAtt, Fn::Sub or DependsOn): CloudFormation rejects the template; break the circle`);
  }
}

function readParameters(t: Obj, given: Record<string, string>, ctx: EvalContext, note: (s: 'warning' | 'note', at: string, m: string) => void): void {
  const declared = isObj(t.Parameters) ? t.Parameters : {};
  for (const key of Object.keys(given))
    if (!Object.hasOwn(declared, key) && !key.startsWith('AWS::')) note('warning', 'Parameters', `--parameter ${key}: the template declares no such parameter; ignored`);
  for (const [key, value] of Object.entries(given)) if (key.startsWith('AWS::')) ctx.parameters.set(key, value);
  for (const [key, p] of Object.entries(declared)) {
    const spec = isObj(p) ? p : {};
    ctx.declared.set(key, String(spec.Type ?? 'String'));
    const raw = Object.hasOwn(given, key) ? given[key] : spec.Default;
    if (raw === undefined) continue;
    const type = String(spec.Type ?? 'String');
    const text = Array.isArray(raw) ? raw.map(String).join(',') : String(raw);
    if (Array.isArray(spec.AllowedValues) && !spec.AllowedValues.map(String).includes(text))
      note('warning', `Parameters.${key}`, `value "${text}" is not one of AllowedValues (${spec.AllowedValues.map(String).join(', ')})`);
    if (type === 'Number' && (spec.MinValue !== undefined && Number(text) < Number(spec.MinValue) || spec.MaxValue !== undefined && Number(text) > Number(spec.MaxValue)))
      note('warning', `Parameters.${key}`, `value ${text} is outside MinValue/MaxValue`);
    ctx.parameters.set(key, isListType(type) ? text.split(',').map((s) => s.trim()) : type === 'Number' && text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);
  }
}


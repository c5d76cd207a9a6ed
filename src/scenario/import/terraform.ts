// `terraform show -json` (a plan: planned_values, or a state: values) -> the AWS Batch setup:
// aws_batch_compute_environment, _job_queue, _job_definition and _scheduling_policy, from every
// module, with count/for_each instances as Terraform resolved them. References the plan cannot
// know yet (an ARN computed at apply) are traced through the plan's `configuration`. Pure.
import { nameFromArn, parseJsonText, regionOfArn } from './json.js';
import { emptySetup, isObj, type AwsSetup, type ImportNote, type Obj, type SourceText } from './types.js';

interface TfResource {
  address: string;
  type: string;
  /** "module.a.module.b." or "" */
  modulePrefix: string;
  values: Obj;
}

const LIST: Record<string, 'computeEnvironments' | 'jobQueues' | 'jobDefinitions' | 'schedulingPolicies'> = {
  aws_batch_compute_environment: 'computeEnvironments',
  aws_batch_job_queue: 'jobQueues',
  aws_batch_job_definition: 'jobDefinitions',
  aws_batch_scheduling_policy: 'schedulingPolicies',
};
/** Nested blocks that occur at most once: Terraform's JSON gives them as one-element lists. */
const SINGLE_BLOCKS = new Set(['compute_resources', 'launch_template', 'retry_strategy', 'timeout', 'fair_share_policy', 'eks_configuration', 'update_policy']);
/** Terraform bookkeeping, not Batch fields. */
const DROP = new Set(['id', 'arn', 'arn_prefix', 'tags_all', 'timeouts', 'revision', 'deregister_on_new_revision', 'ecs_cluster_arn', 'status', 'status_reason', 'region', 'name_prefix', 'compute_environment_name_prefix', 'compute_environments', 'compute_environment_order', 'scheduling_policy_arn', 'container_properties', 'node_properties', 'ecs_properties', 'eks_properties']);
const RENAME: Record<string, string> = { fair_share_policy: 'fairsharePolicy', instance_type: 'instanceTypes', min_vcpus: 'minvCpus', max_vcpus: 'maxvCpus', desired_vcpus: 'desiredvCpus', job_state_time_limit_action: 'jobStateTimeLimitActions' };

export function importTerraform(sources: readonly SourceText[]): AwsSetup {
  const setup = emptySetup();
  for (const source of sources) readShow(source, setup);
  return setup;
}

function readShow(source: SourceText, setup: AwsSetup): void {
  const note = (severity: ImportNote['severity'], at: string, message: string): void => void setup.notes.push({ severity, source: source.name, at, message });
  const parsed = parseJsonText(source.text);
  if (!parsed.ok) return note('error', `line ${parsed.line}`, parsed.message);
  const doc = parsed.value;
  const root = isObj(doc) && isObj(doc.planned_values) ? doc.planned_values.root_module : isObj(doc) && isObj(doc.values) ? doc.values.root_module : undefined;
  if (!isObj(root)) return note('error', '', 'not `terraform show -json` output: no planned_values.root_module (a plan) or values.root_module (a state)');
  const all = collect(root, '');
  const batch = all.filter((r) => Object.hasOwn(LIST, r.type));
  if (batch.length === 0) return note('error', 'root_module', `no aws_batch_compute_environment, _job_queue, _job_definition or _scheduling_policy resource (found: ${[...new Set(all.map((r) => r.type))].sort().join(', ') || 'none'})`);
  const config = isObj(doc) && isObj(doc.configuration) && isObj(doc.configuration.root_module) ? doc.configuration.root_module : null;

  const names = new Map<string, string>();
  const byArn = new Map<string, string>();
  for (const r of batch) {
    const v = r.values;
    const given = [v.name, v.compute_environment_name].find((n) => typeof n === 'string' && n !== '') as string | undefined;
    let name = given ?? fallbackName(r.address);
    if (given === undefined) {
      const prefix = [v.name_prefix, v.compute_environment_name_prefix].find((p) => typeof p === 'string');
      note('note', r.address, prefix === undefined ? `no name: named after its address, "${name}"` : `name_prefix "${String(prefix)}": Terraform adds a random suffix at apply; named after its address, "${name}"`);
    }
    names.set(r.address, name);
    if (typeof v.arn === 'string') byArn.set(v.arn, name);
    setup.region ??= regionOfArn(v.arn);
  }
  const refTo = (r: TfResource, attribute: string, blockIndex: number | null, value: unknown, at: string): string => {
    if (typeof value === 'string' && value !== '') return byArn.get(value) ?? nameFromArn(value);
    const target = traceReference(config, r, attribute, blockIndex, batch);
    if (target !== null) return names.get(target.address)!;
    note('error', at, `${attribute} is not known in the plan (computed at apply) and its reference cannot be traced through the configuration`);
    return '';
  };

  for (const r of batch) {
    const v = r.values;
    const at = r.address;
    const list = LIST[r.type];
    const nameKey = { computeEnvironments: 'computeEnvironmentName', jobQueues: 'jobQueueName', jobDefinitions: 'jobDefinitionName', schedulingPolicies: 'name' }[list];
    const rest = convert(Object.fromEntries(Object.entries(v).filter(([k]) => !DROP.has(k) && k !== 'name' && k !== 'compute_environment_name'))) as Obj;
    const out: Obj = { [nameKey]: names.get(r.address), ...rest };
    if (list === 'jobQueues') {
      const order = Array.isArray(v.compute_environment_order) ? v.compute_environment_order : [];
      const legacy = Array.isArray(v.compute_environments) ? v.compute_environments : [];
      out.computeEnvironmentOrder =
        order.length > 0
          ? order.map((o, i) => ({ order: isObj(o) ? o.order : i + 1, computeEnvironment: refTo(r, 'compute_environment_order.compute_environment', i, isObj(o) ? o.compute_environment : undefined, `${at}.compute_environment_order[${i}]`) }))
          : legacy.map((ce, i) => ({ order: i + 1, computeEnvironment: refTo(r, 'compute_environments', i, ce, `${at}.compute_environments[${i}]`) }));
      if (order.length === 0 && legacy.length > 0) note('note', `${at}.compute_environments`, 'legacy compute_environments list: order taken from list position (1, 2, …)');
      if ((typeof v.scheduling_policy_arn === 'string' && v.scheduling_policy_arn !== '') || (v.scheduling_policy_arn === undefined && hasExpression(config, r, 'scheduling_policy_arn')))
        out.schedulingPolicyArn = refTo(r, 'scheduling_policy_arn', null, v.scheduling_policy_arn, `${at}.scheduling_policy_arn`);
    } else if (list === 'jobDefinitions') {
      for (const [key, api] of [['container_properties', 'containerProperties'], ['node_properties', 'nodeProperties'], ['ecs_properties', 'ecsProperties'], ['eks_properties', 'eksProperties']] as const) {
        const text = v[key];
        if (typeof text !== 'string' || text === '') continue;
        const json = parseJsonText(text);
        if (!json.ok) note('error', `${at}.${key}`, `${json.message} (line ${json.line} of the JSON string)`);
        else out[api] = json.value;
      }
    }
    setup[list].push({ value: out, origin: `${source.name}: ${at}` });
  }
}

/** Every resource of a module and its child modules, in the file's order. */
function collect(module: Obj, modulePrefix: string): TfResource[] {
  const out: TfResource[] = [];
  for (const r of Array.isArray(module.resources) ? module.resources : []) {
    if (!isObj(r) || r.mode === 'data' || typeof r.address !== 'string' || typeof r.type !== 'string') continue;
    out.push({ address: r.address, type: r.type, modulePrefix, values: isObj(r.values) ? r.values : {} });
  }
  for (const child of Array.isArray(module.child_modules) ? module.child_modules : [])
    if (isObj(child) && typeof child.address === 'string') out.push(...collect(child, `${child.address}.`));
  return out;
}

/** "module.batch.aws_batch_compute_environment.spot[0]" -> "batch-spot-0" */
function fallbackName(address: string): string {
  return address.replace(/module\./g, '').replace(/aws_batch_[a-z_]+\./, '').replace(/\["?([^"\]]*)"?\]/g, '-$1').replace(/[^A-Za-z0-9_-]+/g, '-');
}

function convert(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => convert(v));
    return SINGLE_BLOCKS.has(key) ? items[0] : items;
  }
  if (!isObj(value)) return value;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) {
    // A state writes unset attributes as null, "" or []; none of them is a value.
    if (v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    if (k === 'tags' || k === 'parameters') out[k] = v;
    else out[RENAME[k] ?? k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())] = convert(v, k);
  }
  return out;
}

/** The configuration module at a prefix ("module.a.module.b."), or null. */
function configModule(config: Obj | null, modulePrefix: string): Obj | null {
  let module: Obj | null = config;
  for (const m of modulePrefix.split('.').filter((_, i, a) => a[i - 1] === 'module')) {
    const call: unknown = isObj(module?.module_calls) ? module.module_calls[m.replace(/\[.*$/, '')] : undefined;
    module = isObj(call) && isObj(call.module) ? call.module : null;
  }
  return module;
}

function expressionOf(config: Obj | null, r: TfResource, attribute: string, blockIndex: number | null): Obj | null {
  const local = r.address.slice(r.modulePrefix.length).replace(/\[[^\]]*\]$/, '');
  const module = configModule(config, r.modulePrefix);
  const c = (Array.isArray(module?.resources) ? module.resources : []).find((x) => isObj(x) && x.address === local);
  if (!isObj(c) || !isObj(c.expressions)) return null;
  const [head, tail] = attribute.split('.');
  let e: unknown = c.expressions[head];
  if (tail !== undefined) e = Array.isArray(e) ? e[blockIndex ?? 0] : e;
  if (tail !== undefined) e = isObj(e) ? e[tail] : undefined;
  // A list of references ([a.arn, b.arn]): the i-th resource named in it.
  if (head === 'compute_environments' && isObj(e) && Array.isArray(e.references)) return { references: e.references.filter((x: unknown) => typeof x === 'string' && !/\.arn$/.test(x)).slice(blockIndex ?? 0) };
  return isObj(e) ? e : null;
}

const hasExpression = (config: Obj | null, r: TfResource, attribute: string): boolean => expressionOf(config, r, attribute, null) !== null;

/** The Batch resource an unknown attribute refers to, from the configuration's `references`. */
function traceReference(config: Obj | null, r: TfResource, attribute: string, blockIndex: number | null, batch: TfResource[]): TfResource | null {
  const e = expressionOf(config, r, attribute, blockIndex);
  return e === null ? null : followReferences(config, r.modulePrefix, e, batch, 0);
}

/** A resource in this module, or, through `var.x`, whatever the module call passes as x. */
function followReferences(config: Obj | null, modulePrefix: string, e: Obj, batch: TfResource[], depth: number): TfResource | null {
  const refs = Array.isArray(e.references) ? e.references.filter((x): x is string => typeof x === 'string') : [];
  for (const ref of refs) {
    const v = /^var\.([A-Za-z0-9_-]+)/.exec(ref);
    if (v && depth < 10 && modulePrefix !== '') {
      const parts = modulePrefix.slice(0, -1).split('.');
      const call = parts[parts.length - 1].replace(/\[.*$/, '');
      const parentPrefix = parts.length > 2 ? `${parts.slice(0, -2).join('.')}.` : '';
      const parent = configModule(config, parentPrefix);
      const passed: unknown = isObj(parent?.module_calls) && isObj(parent.module_calls[call]) ? (parent.module_calls[call] as Obj).expressions : undefined;
      const arg = isObj(passed) ? passed[v[1]] : undefined;
      const hit = isObj(arg) ? followReferences(config, parentPrefix, arg, batch, depth + 1) : null;
      if (hit) return hit;
      continue;
    }
    const m = /^(aws_batch_[a-z_]+)\.([A-Za-z0-9_-]+)(\[[^\]]*\])?/.exec(ref);
    if (!m) continue;
    const base = `${modulePrefix}${m[1]}.${m[2]}`;
    const hit = batch.find((b) => b.address === `${base}${m[3] ?? ''}`) ?? batch.find((b) => b.address === base || b.address.startsWith(`${base}[`));
    if (hit) return hit;
  }
  return null;
}

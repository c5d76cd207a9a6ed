// CloudFormation's PascalCase Batch properties -> the Batch API's field names and value types:
// first letter lower-cased (free-form maps such as Tags keep their keys), numbers given as
// strings read as numbers, resourceRequirements values as strings, enum casing as the API's. Pure.
import { isObj, type Obj } from '../types.js';

/** Maps whose keys are the user's, not property names. */
const FREE_FORM = new Set(['Tags', 'Parameters', 'Options', 'DockerLabels', 'Labels', 'Annotations', 'Selector']);

/** CloudFormation-only properties with no API counterpart. */
const CFN_ONLY = new Set(['ReplaceComputeEnvironment', 'UpdatePolicy', 'ResourceRetentionPolicy']);

const NUMERIC = new Set([
  'minvCpus', 'maxvCpus', 'desiredvCpus', 'bidPercentage', 'priority', 'order', 'attempts', 'attemptDurationSeconds',
  'numNodes', 'mainNode', 'vcpus', 'memory', 'computeReservation', 'shareDecaySeconds', 'weightFactor',
  'schedulingPriority', 'maxTimeSeconds', 'sizeInGiB', 'unmanagedvCpus',
]);
const UPPER = new Set(['state', 'allocationStrategy', 'cpuArchitecture', 'action']);

export function apiFields(props: Obj, type: string, note: (field: string, message: string) => void): Obj {
  const out = convert(props, '', note) as Obj;
  // The resource's own Type: MANAGED/UNMANAGED for an environment, container/multinode for a definition.
  if (typeof out.type === 'string') {
    const want = type === 'AWS::Batch::JobDefinition' ? out.type.toLowerCase() : out.type.toUpperCase();
    if (want !== out.type) note('Type', `"${out.type}" read as "${want}"`);
    out.type = want;
  }
  if (isObj(out.computeResources) && typeof out.computeResources.type === 'string') out.computeResources.type = out.computeResources.type.toUpperCase();
  for (const key of ['timeout', 'retryStrategy'])
    if (isObj(out[key]) && Object.keys(out[key] as Obj).length === 0) {
      delete out[key];
      note(key[0].toUpperCase() + key.slice(1), 'empty: left out (AWS defaults apply)');
    }
  return out;
}

function convert(value: unknown, path: string, note: (field: string, message: string) => void): unknown {
  if (Array.isArray(value)) return value.map((v, i) => convert(v, `${path}[${i}]`, note));
  if (!isObj(value)) return value;
  const out: Obj = {};
  for (const [key, v] of Object.entries(value)) {
    const at = path === '' ? key : `${path}.${key}`;
    if (CFN_ONLY.has(key) && path === '') {
      note(at, 'CloudFormation-only property; not part of the scenario');
      continue;
    }
    const api = key.charAt(0).toLowerCase() + key.slice(1);
    if (FREE_FORM.has(key)) out[api] = v;
    else if (api === 'resourceRequirements' && Array.isArray(v)) out[api] = v.map((r) => (isObj(r) ? { type: String(r.Type ?? r.type ?? '').toUpperCase(), value: String(r.Value ?? r.value ?? '') } : r));
    else {
      const c = convert(v, at, note);
      out[api] = NUMERIC.has(api) && typeof c === 'string' && /^-?\d+(\.\d+)?$/.test(c.trim()) ? Number(c) : UPPER.has(api) && typeof c === 'string' ? c.toUpperCase() : c;
    }
  }
  return out;
}

// The AWS setup an importer read -> a scenario document: references resolved to names and checked,
// queue order by `order`, and every value the AWS config lacks (run times, arrivals) filled in as a
// listed, commented placeholder — never silently. Pure.
import { closestName } from '../issues.js';
import { nameFromArn } from './json.js';
import { effectiveNodeRanges } from './nodeRanges.js';
import { isObj, type AwsSetup, type Found, type ImportNote, type Obj } from './types.js';

export type NodePath = (string | number)[];

/** A comment the YAML writer puts above (`before`) or after (`line`) the node at `path`. */
export interface PlacedComment {
  path: NodePath;
  text: string;
  kind: 'before' | 'line';
}

export interface ImportedScenario {
  document: Obj;
  comments: PlacedComment[];
  /** The file's opening comment: where it came from, what is still to fill in. */
  header: string[];
  notes: ImportNote[];
  /** Each value filled in without a source, as "path: value (why)". */
  defaults: string[];
}

export interface AssembleOptions {
  /** Scenario name. */
  name: string;
  /** "aws-cli", "cloudformation", "terraform": for the header. */
  command: string;
  sources: readonly string[];
}

/** Run time written for each job definition: AWS configs carry none. */
export const PLACEHOLDER_RUNTIME = '10m';

export function assembleScenario(setup: AwsSetup, options: AssembleOptions): ImportedScenario {
  const notes = [...setup.notes];
  const comments: PlacedComment[] = [];
  const defaults: string[] = [];
  const push = (severity: ImportNote['severity'], origin: string, message: string, sub = ''): void => {
    const i = origin.indexOf(': ');
    const at = i < 0 ? '' : origin.slice(i + 2);
    notes.push({ severity, source: i < 0 ? origin : origin.slice(0, i), at: at === '' ? sub : sub === '' ? at : `${at}.${sub}`, message });
  };
  const error = (origin: string, message: string, sub = ''): void => push('error', origin, message, sub);
  const from = (path: NodePath, found: Found): void => void comments.push({ path, text: ` from ${found.origin}`, kind: 'before' });

  const ceNames = setup.computeEnvironments.map((f) => String(f.value.computeEnvironmentName ?? ''));
  const policyNames = setup.schedulingPolicies.map((f) => String(f.value.name ?? ''));
  const computeEnvironments = setup.computeEnvironments.map((f, i) => {
    from(['computeEnvironments', i], f);
    if (ceNames[i] === '') error(f.origin, 'no computeEnvironmentName');
    return nameFirst(f.value, 'computeEnvironmentName');
  });
  const schedulingPolicies = setup.schedulingPolicies.map((f, i) => {
    from(['schedulingPolicies', i], f);
    if (policyNames[i] === '') error(f.origin, 'no scheduling policy name');
    return nameFirst(f.value, 'name');
  });
  const jobQueues = setup.jobQueues.map((f, qi) => {
    from(['jobQueues', qi], f);
    const q: Obj = nameFirst(f.value, 'jobQueueName');
    if (typeof q.jobQueueName !== 'string' || q.jobQueueName === '') error(f.origin, 'no jobQueueName');
    if (typeof q.schedulingPolicyArn === 'string') {
      const name = nameFromArn(q.schedulingPolicyArn);
      if (!policyNames.includes(name)) error(f.origin, missing('scheduling policy', name, policyNames), 'schedulingPolicyArn');
      q.schedulingPolicyArn = name;
    }
    const order = Array.isArray(q.computeEnvironmentOrder) ? q.computeEnvironmentOrder : [];
    const entries = order.map((e: unknown, i) => {
      const entry: Obj = isObj(e) ? { ...e } : {};
      const ref = typeof entry.computeEnvironment === 'string' ? nameFromArn(entry.computeEnvironment) : '';
      if (!ceNames.includes(ref)) error(f.origin, missing('compute environment', ref, ceNames), `computeEnvironmentOrder[${i}].computeEnvironment`);
      const at = `computeEnvironmentOrder[${i}].order`;
      // A quoted whole number is the number it spells (as the CloudFormation importer reads one).
      if (typeof entry.order === 'string' && /^\s*\d+\s*$/.test(entry.order)) {
        push('note', f.origin, `"${entry.order}" read as ${Number(entry.order)}`, at);
        entry.order = Number(entry.order);
      } else if (entry.order !== undefined && entry.order !== null && typeof entry.order !== 'number') {
        error(f.origin, `expected a whole number (CreateJobQueue's order), got ${JSON.stringify(entry.order)}`, at);
      }
      if (typeof entry.order !== 'number') {
        defaults.push(`jobQueues[${qi}].${at}: ${i + 1} (no order given; list position used)`);
        entry.order = i + 1;
      }
      return { order: entry.order as number, computeEnvironment: ref };
    });
    // AWS tries environments by ascending `order`, whatever their position in the list.
    q.computeEnvironmentOrder = entries.map((e, i) => ({ ...e, i })).sort((a, b) => a.order - b.order || a.i - b.i).map(({ order: o, computeEnvironment }) => ({ order: o, computeEnvironment }));
    return q;
  });
  const jobDefinitions = setup.jobDefinitions.map((f, i) => {
    from(['jobDefinitions', i], f);
    const d: Obj = nameFirst(f.value, 'jobDefinitionName');
    if (typeof d.jobDefinitionName !== 'string' || d.jobDefinitionName === '') error(f.origin, 'no jobDefinitionName');
    if (Array.isArray(d.platformCapabilities) && d.platformCapabilities.length === 0) delete d.platformCapabilities;
    const sim = isObj(d.simulation) ? { ...d.simulation } : {};
    if (sim.runtime === undefined) {
      sim.runtime = PLACEHOLDER_RUNTIME;
      defaults.push(`jobDefinitions[${i}].simulation.runtime: ${PLACEHOLDER_RUNTIME} (placeholder: AWS configs hold no run times)`);
      comments.push({ path: ['jobDefinitions', i, 'simulation', 'runtime'], text: ' PLACEHOLDER: replace with measured run times (batchsim import jobs --fit)', kind: 'line' });
    }
    d.simulation = sim;
    const ranges = effectiveNodeRanges(d.nodeProperties);
    if (ranges !== null && ranges.length > 0)
      comments.push({ path: ['jobDefinitions', i, 'nodeProperties'], text: ` nodes ${ranges.map((r) => `${r.from}–${r.to} from "${r.targetNodes}"`).join(', ')}`, kind: 'before' });
    return d;
  });

  const document: Obj = { name: options.name, description: `Imported by batchsim import ${options.command} from ${options.sources.join(', ')}` };
  const assumptions: Obj = {};
  if (setup.region !== null) assumptions.region = setup.region;
  if (Object.keys(setup.serviceQuotas).length > 0) assumptions.serviceQuotas = sortedRecord(setup.serviceQuotas);
  if (Object.keys(assumptions).length > 0) document.assumptions = assumptions;
  if (computeEnvironments.length > 0) document.computeEnvironments = computeEnvironments;
  if (jobQueues.length > 0) document.jobQueues = jobQueues;
  if (jobDefinitions.length > 0) document.jobDefinitions = jobDefinitions;
  if (schedulingPolicies.length > 0) document.schedulingPolicies = schedulingPolicies;
  const workload = exampleWorkload(document, notes, defaults);
  if (workload !== null) {
    document.workload = [workload];
    comments.push({ path: ['workload'], text: ' PLACEHOLDER: each job definition submitted once at t = 0; replace with your arrivals (or batchsim import jobs)', kind: 'before' });
  }
  const header = [
    ` Imported by \`batchsim import ${options.command}\` from ${options.sources.join(', ')}.`,
    ' Still to fill in: each jobDefinitions[].simulation.runtime (run times) and the workload (arrivals).',
    ...(defaults.length > 0 ? [' Defaults filled in (no value in the AWS config):', ...defaults.map((d) => `   ${d}`)] : []),
  ];
  return { document, comments, header, notes, defaults };
}

function missing(kind: string, name: string, names: readonly string[]): string {
  const close = closestName(name, names);
  const have = names.length === 0 ? 'none were read' : `read: ${names.join(', ')}`;
  return `${name === '' ? `no ${kind} named` : `names ${kind} "${name}"`}, which is not in the files read (${have})${close === null ? '' : `; did you mean "${close}"?`}`;
}

const isFargateCe = (ce: Obj): boolean => isObj(ce.computeResources) && /^FARGATE/i.test(String(ce.computeResources.type ?? ''));
const isOnDemandEc2 = (ce: Obj): boolean => /^MANAGED$/i.test(String(ce.type ?? '')) && isObj(ce.computeResources) && /^EC2$/i.test(String(ce.computeResources.type ?? ''));

/** One job of each definition at t = 0, each on the first queue that can run it; null when none can. */
function exampleWorkload(doc: Obj, notes: ImportNote[], defaults: string[]): Obj | null {
  const ces = new Map(((doc.computeEnvironments ?? []) as Obj[]).map((c) => [String(c.computeEnvironmentName), c]));
  const queues = (doc.jobQueues ?? []) as Obj[];
  const policies = new Map(((doc.schedulingPolicies ?? []) as Obj[]).map((p) => [String(p.name), p]));
  const jobs: Obj[] = [];
  for (const d of (doc.jobDefinitions ?? []) as Obj[]) {
    const name = String(d.jobDefinitionName);
    const fargate = Array.isArray(d.platformCapabilities) && d.platformCapabilities.some((p) => /^FARGATE$/i.test(String(p)));
    const multinode = /^multinode$/i.test(String(d.type ?? ''));
    const queue = queues.find((q) => {
      const first = ces.get(String((q.computeEnvironmentOrder as Obj[])[0]?.computeEnvironment ?? ''));
      if (first === undefined) return false;
      return multinode ? isOnDemandEc2(first) : fargate === isFargateCe(first);
    });
    if (queue === undefined) {
      notes.push({ severity: 'note', source: 'workload', at: '', message: `job definition "${name}": no queue in the files can run it (${multinode ? 'multinode needs an on-demand EC2 environment first' : fargate ? 'needs a Fargate queue' : 'needs an EC2 queue'}); left out of the example workload` });
      continue;
    }
    const job: Obj = { jobName: name, jobQueue: queue.jobQueueName, jobDefinition: name };
    const policy = typeof queue.schedulingPolicyArn === 'string' ? policies.get(queue.schedulingPolicyArn) : undefined;
    if (policy !== undefined) {
      const share = firstShare(policy);
      job.shareIdentifier = share;
      defaults.push(`workload[0].jobs[${jobs.length}].shareIdentifier: ${share} (the queue has a fair-share policy)`);
    }
    jobs.push(job);
  }
  if (jobs.length === 0) return null;
  defaults.push('workload[0]: each job definition submitted once at t = 0 (placeholder arrivals)');
  return { name: 'example', arrivals: { at: [0] }, jobs };
}

function firstShare(policy: Obj): string {
  const fair = isObj(policy.fairsharePolicy) ? policy.fairsharePolicy : {};
  const first = Array.isArray(fair.shareDistribution) && isObj(fair.shareDistribution[0]) ? fair.shareDistribution[0].shareIdentifier : undefined;
  return typeof first === 'string' && first !== '' ? first.replace(/\*$/, 'default') : 'default';
}

/** A copy with the name field first, then the rest as read: the file reads best that way. */
function nameFirst(o: Obj, key: string): Obj {
  return key in o ? { [key]: o[key], ...o } : { ...o };
}

function sortedRecord(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.keys(r).sort().map((k) => [k, r[k]]));
}

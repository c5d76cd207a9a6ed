// `aws batch describe-*` (and create-* request bodies, `aws service-quotas list-service-quotas`)
// JSON -> the AWS Batch setup. Each document is recognised by its content, in any order. Pure.
import * as m from '../messages.js';
import { latestActive } from './jobDefinitionRef.js';
import { nameFromArn, parseJsonText, regionOfArn } from './json.js';
import { emptySetup, isObj, type AwsSetup, type Found, type ImportNote, type Obj, type SourceText } from './types.js';

const LISTS = [
  ['computeEnvironments', 'describe-compute-environments'],
  ['jobQueues', 'describe-job-queues'],
  ['jobDefinitions', 'describe-job-definitions'],
  ['schedulingPolicies', 'describe-scheduling-policies'],
] as const;

type Kind = (typeof LISTS)[number][0];

export const AWS_CLI_SHAPES =
  'describe-compute-environments {"computeEnvironments": [...]}, describe-job-queues {"jobQueues": [...]}, describe-job-definitions {"jobDefinitions": [...]}, describe-scheduling-policies {"schedulingPolicies": [...]}, a create-*/register-job-definition request body, or service-quotas list-service-quotas {"Quotas": [...]}';

/** Reads every document; errors (unreadable or unrecognised documents) are notes of severity error. */
export function importAwsCli(sources: readonly SourceText[]): AwsSetup {
  const setup = emptySetup();
  const definitions: Found[] = [];
  for (const source of sources) {
    const parsed = parseJsonText(source.text);
    if (!parsed.ok) {
      setup.notes.push({ severity: 'error', source: source.name, at: `line ${parsed.line}`, message: parsed.message });
      continue;
    }
    readDocument(parsed.value, source.name, setup, definitions);
  }
  setup.jobDefinitions = chooseRevisions(definitions, setup.notes);
  return setup;
}

function readDocument(doc: unknown, source: string, setup: AwsSetup, definitions: Found[]): void {
  const error = (at: string, message: string): void => void setup.notes.push({ severity: 'error', source, at, message });
  if (!isObj(doc)) return error('', `expected a JSON object: ${AWS_CLI_SHAPES}`);
  if (Array.isArray(doc.jobs) || Array.isArray(doc.jobSummaryList))
    return error('', 'this is job history (describe-jobs / list-jobs output): read it with `batchsim import jobs`');
  warnIfPaginated(doc, source, setup.notes);
  let recognised = false;
  for (const [key, command] of LISTS) {
    const list = doc[key];
    if (list === undefined) continue;
    recognised = true;
    if (!Array.isArray(list)) {
      error(key, `expected a list (${command} output)`);
      continue;
    }
    list.forEach((item, i) => {
      const at = `${key}[${i}]`;
      if (!isObj(item)) return error(at, 'expected an object');
      add(key, { value: item, origin: `${source}: ${at}` }, setup, definitions, source, at);
    });
  }
  if (Array.isArray(doc.Quotas) || isObj(doc.Quota)) {
    recognised = true;
    const quotas: unknown[] = Array.isArray(doc.Quotas) ? doc.Quotas : [doc.Quota];
    quotas.forEach((q, i) => {
      const at = Array.isArray(doc.Quotas) ? `Quotas[${i}]` : 'Quota';
      if (!isObj(q) || typeof q.QuotaCode !== 'string' || typeof q.Value !== 'number') return error(at, 'expected {"QuotaCode": "L-…", "Value": number}');
      setup.serviceQuotas[q.QuotaCode] = q.Value;
    });
  }
  const single = singleKind(doc);
  if (!recognised && single !== null && Object.keys(doc).every((k) => /Name$|Arn$|^name$|^arn$/.test(k))) {
    setup.notes.push({ severity: 'note', source, at: '', message: 'a create-* response (only a name and an ARN): nothing to import; skipped' });
    return;
  }
  if (!recognised && single !== null) {
    recognised = true;
    add(single, { value: doc, origin: source }, setup, definitions, source, '');
  }
  if (!recognised) error('', `not an AWS Batch document this importer knows (top-level keys: ${Object.keys(doc).slice(0, 6).join(', ') || 'none'}); expected ${AWS_CLI_SHAPES}`);
}

/**
 * describe-* output with a nextToken (service-quotas: NextToken) is one page: the CLI stops there
 * when --max-items or --no-paginate is given, and the items after it are not in the file. A
 * scenario file with a pasted nextToken gets the same warning (scenario/read/index.ts).
 * https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-pagination.html
 */
function warnIfPaginated(doc: Obj, source: string, notes: ImportNote[]): void {
  const key = ['nextToken', 'NextToken'].find((k) => typeof doc[k] === 'string' && doc[k] !== '');
  if (key !== undefined) notes.push({ severity: 'warning', source, at: key, message: m.paginated(key) });
}

/** A request body of create-compute-environment, create-job-queue, register-job-definition or create-scheduling-policy. */
function singleKind(doc: Obj): Kind | null {
  if (typeof doc.computeEnvironmentName === 'string') return 'computeEnvironments';
  if (typeof doc.jobQueueName === 'string') return 'jobQueues';
  if (typeof doc.jobDefinitionName === 'string') return 'jobDefinitions';
  if (typeof doc.name === 'string' && isObj(doc.fairsharePolicy)) return 'schedulingPolicies';
  return null;
}

function add(kind: Kind, found: Found, setup: AwsSetup, definitions: Found[], source: string, at: string): void {
  const arn = found.value.computeEnvironmentArn ?? found.value.jobQueueArn ?? found.value.jobDefinitionArn ?? found.value.arn;
  setup.region ??= regionOfArn(arn);
  const value = { ...found.value };
  if (kind === 'schedulingPolicies' && typeof value.name !== 'string' && typeof value.arn === 'string') value.name = nameFromArn(value.arn);
  if (typeof value.status === 'string' && value.status.toUpperCase() === 'INVALID' && kind !== 'jobDefinitions')
    setup.notes.push({ severity: 'warning', source, at, message: `was INVALID in AWS (${String(value.statusReason ?? 'no reason given')}); simulated as if valid` });
  if (kind === 'jobDefinitions') definitions.push({ ...found, value });
  else setup[kind].push({ ...found, value });
}

/**
 * One definition per name: the latest ACTIVE revision. INACTIVE revisions are noted and skipped;
 * a name with only INACTIVE revisions is skipped with a warning.
 */
function chooseRevisions(definitions: Found[], notes: ImportNote[]): Found[] {
  const byName = new Map<string, { found: Found; jobDefinitionName: string; revision: number | null; status: string | null }[]>();
  for (const found of definitions) {
    const name = typeof found.value.jobDefinitionName === 'string' ? found.value.jobDefinitionName : '';
    const revision = typeof found.value.revision === 'number' ? found.value.revision : null;
    const status = typeof found.value.status === 'string' ? found.value.status : null;
    const list = byName.get(name) ?? [];
    list.push({ found, jobDefinitionName: name, revision, status });
    byName.set(name, list);
  }
  const out: Found[] = [];
  for (const [name, revisions] of byName) {
    const [source, at] = splitOrigin(revisions[0].found.origin);
    const chosen = latestActive(revisions);
    const inactive = revisions.filter((r) => r !== chosen && r.status !== null && r.status.toUpperCase() !== 'ACTIVE');
    const olderActive = revisions.filter((r) => r !== chosen && !inactive.includes(r));
    const list = (rs: typeof revisions): string => rs.map((r) => r.revision ?? '?').join(', ');
    if (chosen === null) {
      notes.push({ severity: 'warning', source, at, message: `job definition "${name}": only INACTIVE revisions (${list(revisions)}); skipped` });
      continue;
    }
    if (inactive.length > 0) notes.push({ severity: 'note', source, at, message: `job definition "${name}": INACTIVE revision${inactive.length === 1 ? '' : 's'} ${list(inactive)} skipped` });
    if (olderActive.length > 0) notes.push({ severity: 'note', source, at, message: `job definition "${name}": using revision ${chosen.revision ?? '?'} (the latest ACTIVE); older ACTIVE revision${olderActive.length === 1 ? '' : 's'} ${list(olderActive)} skipped` });
    out.push(chosen.found);
  }
  return out;
}

export function splitOrigin(origin: string): [string, string] {
  const i = origin.indexOf(': ');
  return i < 0 ? [origin, ''] : [origin.slice(0, i), origin.slice(i + 2)];
}

// The read stage: a scenario document -> the normalized Scenario (units, shorthands, defaults) plus
// every issue that needs only the value at hand, one module per AWS object. Cross-references are
// validate.ts's job. Pure: reads nothing but its arguments, and never throws on any input.
import type { Catalog } from '../../model/catalog.js';
import { parseIsoInstantMs } from '../../workload/schedule.js';
import * as D from '../defaults.js';
import { LARGE_RUN } from '../estimate.js';
import { SCENARIO } from '../fields/scenario.js';
import { type Issue, indexPath } from '../issues.js';
import * as m from '../messages.js';
import type { Scenario } from '../types.js';
import { pipelineReaders, readAssumptions } from './assumptions.js';
import { readComputeEnvironment } from './computeEnvironment.js';
import { readJobDefinition } from './jobDefinition.js';
import { readJobQueue } from './jobQueue.js';
import { readPrices } from './prices.js';
import { isObj, Reader, type Obj } from './reader.js';
import { readSchedulingPolicy } from './schedulingPolicy.js';
import { readWorkloadGroup } from './workload.js';

export interface ReadContext {
  catalog: Catalog;
  /** Folder of the scenario file; relative trace paths resolve against it. */
  baseDir: string;
  /** Side files read by load (empirical distributions, traces; .gz already inflated), keyed by the path as written. */
  files: Map<string, string>;
  seedOverride?: number;
  /** Used when the file has no `name` (e.g. the file name without extension). */
  defaultName?: string;
}

/** The normalized scenario (placeholders where a value was wrong) and every issue found on the way. */
export function readDocument(document: unknown, ctx: ReadContext): { scenario: Scenario; issues: Issue[] } {
  const r = new Reader();
  let top: Obj | null = null;
  if (!isObj(document)) r.error('', m.topLevelNotMapping(document));
  else top = r.object(document, '', SCENARIO);
  const o = top ?? {};
  warnIfOnePage(r, o);
  const listOf = <T>(key: string, read: (value: unknown, path: string) => T): T[] =>
    (r.list(o, key, '') ?? []).map((item, i) => read(item, indexPath(key, i)));

  const seed = r.field(o, SCENARIO, 'seed', '') ?? D.SEED;
  // Read in the order the issues have always come out in; a Spot trace needs startAt and the region.
  const name = r.field(o, SCENARIO, 'name', '') ?? ctx.defaultName ?? D.SCENARIO_NAME;
  const description = r.field(o, SCENARIO, 'description', '') ?? null;
  const startAtMs = readStartAt(r, o);
  const untilMs = r.field(o, SCENARIO, 'until', '') ?? null;
  if (untilMs !== null && typeof o.until === 'number' && untilMs > LARGE_RUN.horizonMs) r.warning('until', m.secondsNotMs(untilMs, false));
  const assumptions = readAssumptions(r, r.get(o, 'assumptions', ''), ctx.files, startAtMs);
  const spotTraces = { files: ctx.files, startAtMs, region: assumptions.region };
  const scenario: Scenario = {
    name,
    description,
    seed: ctx.seedOverride ?? seed,
    startAtMs,
    untilMs,
    assumptions,
    computeEnvironments: listOf('computeEnvironments', (v, p) => readComputeEnvironment(r, v, p, ctx.catalog, spotTraces)),
    jobQueues: listOf('jobQueues', (v, p) => readJobQueue(r, v, p)),
    jobDefinitions: listOf('jobDefinitions', (v, p) => readJobDefinition(r, v, p, ctx.files)),
    schedulingPolicies: listOf('schedulingPolicies', (v, p) => readSchedulingPolicy(r, v, p)),
    workload: listOf('workload', (v, p) => readWorkloadGroup(r, v, p, ctx.baseDir, ctx.files, startAtMs)),
    prices: readPrices(r, r.get(o, 'prices', ''), ctx.catalog),
  };
  const stateMachines = listOf('stateMachines', (v, p) => pipelineReaders().readStateMachine(r, v, p, ctx.files));
  if (stateMachines.length > 0) scenario.stateMachines = stateMachines;
  return { scenario, issues: r.issues };
}

/**
 * Pasted describe-* output with a nextToken is one page of a longer listing: what came after it is
 * not in the file. The same warning as `import aws-cli` gives (scenario/import/awsCli.ts).
 */
function warnIfOnePage(r: Reader, o: Obj): void {
  const token = o.nextToken;
  if (typeof token === 'string' && token !== '') r.warning('nextToken', m.paginated('nextToken'));
}

function readStartAt(r: Reader, o: Obj): number {
  const value = r.get(o, 'startAt', '');
  if (value === undefined) return D.START_AT_MS;
  // A YAML loader with timestamps on hands over a Date.
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? parseIsoInstantMs(value) : null;
  if (ms === null || !Number.isFinite(ms)) {
    r.error('startAt', m.badStartAt(value));
    return D.START_AT_MS;
  }
  return ms;
}

// The pipeline around the jobs: `stateMachines` (Step Functions, as describe-state-machine prints
// them), a workload group's `s3Trigger` (S3 Object Created events through EventBridge), and the
// orchestration's latencies under `assumptions.stepFunctions` and `assumptions.eventBridge`.
import { lognormalFromMedianP95, type DistributionSpec } from '../../engine/distribution.js';
import * as D from '../defaults.js';
import { csvParse, lazyModule } from '../../engine/lazy.js';
import { parseIsoInstantMs } from '../../workload/schedule.js';
import { DEFINITION_FILE, EVENT_BRIDGE_ASSUMPTIONS, S3_OBJECTS, S3_TRIGGER, SIZE_DISTRIBUTION, SIZE_LOGNORMAL, SIZE_RANGE, STATE_MACHINE, STEP_FUNCTIONS_ASSUMPTIONS } from '../fields/stateMachine.js';
import { joinPath } from '../issues.js';
import * as m from '../messages.js';
import type { Scope } from '../../model/stepFunctions/types.js';
import type { PipelineAssumptions, S3Trigger, StateMachineConfig } from '../types.js';
import { distributionField } from './distribution.js';
import { isObj, type Obj, type Reader } from './reader.js';
import { parseDurationMs, parseSizeMiB } from './units.js';

/** The Amazon States Language reader (with the interpreter's path and intrinsic parsers), for scenarios with state machines. */
const definitionReader = lazyModule<typeof import('./stateMachine.js')>(import.meta.url, './stateMachine.js', () => import('./stateMachine.js'));

const MiB = 1024 * 1024;

export function readStateMachine(r: Reader, value: unknown, path: string, files: Map<string, string>): StateMachineConfig {
  const T = STATE_MACHINE;
  const empty: StateMachineConfig = { stateMachineName: '', type: 'STANDARD', machine: { name: '', type: 'STANDARD', timeoutSeconds: null, startAt: '', states: new Map() }, refs: [], statePaths: new Map() };
  const o = r.object(value, path, T);
  if (!o) return empty;
  const name = r.field(o, T, 'stateMachineName', path) ?? '';
  if (name.length > 80) r.error(joinPath(path, 'stateMachineName'), 'a state machine name has 1 to 80 characters');
  const type = r.field(o, T, 'type', path) ?? 'STANDARD';
  const definitionPath = joinPath(path, 'definition');
  let definition = r.get(o, 'definition', path, true);
  // {file: path}: the ASL text of a side file load has read.
  if (isObj(definition) && Object.hasOwn(definition, 'file') && !Object.hasOwn(definition, 'States')) {
    const f = r.object(definition, definitionPath, DEFINITION_FILE);
    const file = f ? r.field(f, DEFINITION_FILE, 'file', definitionPath) : undefined;
    definition = file === undefined ? undefined : files.get(file);
    if (file !== undefined && definition === undefined) r.error(joinPath(definitionPath, 'file'), m.PIPELINE_MESSAGE.definitionFileNotLoaded(file));
  }
  if (definition === undefined) return { ...empty, stateMachineName: name, type };
  const errorsBefore = r.issues.filter((i) => i.severity === 'error').length;
  const read = definitionReader().readDefinition(r, definition, definitionPath);
  if (read === null) return { ...empty, stateMachineName: name, type };
  // A definition with errors is not run (validate's dry run skips a machine without states).
  if (r.issues.filter((i) => i.severity === 'error').length > errorsBefore) return { ...empty, stateMachineName: name, type, refs: read.refs };
  if (type === 'EXPRESS') {
    const sync = syncTasks(read.scope, read.statePaths);
    for (const [state, at] of sync) r.error(joinPath(at, 'Resource'), m.PIPELINE_MESSAGE.expressSync(state));
    if (sync.length > 0) return { ...empty, stateMachineName: name, type, refs: read.refs };
  }
  // An Express execution lasts at most five minutes, whatever TimeoutSeconds says.
  const timeoutSeconds = type === 'EXPRESS' ? Math.min(read.timeoutSeconds ?? EXPRESS_MAX_SECONDS, EXPRESS_MAX_SECONDS) : read.timeoutSeconds;
  return { stateMachineName: name, type, machine: { ...read.scope, name, type, timeoutSeconds }, refs: read.refs, statePaths: read.statePaths };
}

/**
 * Express workflows support only the Request Response pattern: no `.sync` (Run a Job), and run at
 * most five minutes (https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html,
 * https://docs.aws.amazon.com/step-functions/latest/dg/choosing-workflow-type.html).
 */
const EXPRESS_MAX_SECONDS = 300;

/** Every `.sync` Task of a machine, with its path, in Map processors and Parallel branches too. */
function syncTasks(scope: Scope, paths: ReadonlyMap<string, string>): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, s] of scope.states) {
    if (s.type === 'Task' && s.sync) out.push([name, paths.get(name) ?? '']);
    else if (s.type === 'Map') out.push(...syncTasks(s.processor, paths));
    else if (s.type === 'Parallel') for (const b of s.branches) out.push(...syncTasks(b, paths));
  }
  return out;
}

/** `assumptions.stepFunctions` and `assumptions.eventBridge`, each field falling back to defaults.ts PIPELINE. */
export function readPipelineAssumptions(r: Reader, o: Obj, path: string, files: Map<string, string>): PipelineAssumptions {
  const out: PipelineAssumptions = { ...D.PIPELINE };
  const sfPath = joinPath(path, 'stepFunctions');
  const sfValue = r.get(o, 'stepFunctions', path);
  const sf = sfValue === undefined ? null : r.object(sfValue, sfPath, STEP_FUNCTIONS_ASSUMPTIONS);
  if (sf) {
    out.transitionMs = r.field(sf, STEP_FUNCTIONS_ASSUMPTIONS, 'transitionLatency', sfPath) ?? out.transitionMs;
    out.syncLagMs = r.field(sf, STEP_FUNCTIONS_ASSUMPTIONS, 'syncLag', sfPath) ?? out.syncLagMs;
  }
  const ebPath = joinPath(path, 'eventBridge');
  const ebValue = r.get(o, 'eventBridge', path);
  const eb = ebValue === undefined ? null : r.object(ebValue, ebPath, EVENT_BRIDGE_ASSUMPTIONS);
  if (eb) out.eventDelivery = distributionField(r, eb, 'deliveryLatency', ebPath, files, out.eventDelivery);
  return out;
}

/** One object's size in bytes, or a distribution of them. */
const DEFAULT_OBJECT_SIZE: DistributionSpec = { kind: 'fixed', value: 1024 * MiB };

export function readS3Trigger(r: Reader, value: unknown, path: string, files: Map<string, string>, startAtMs: number): S3Trigger | null {
  const T = S3_TRIGGER;
  const o = r.object(value, path, T);
  if (!o) return null;
  const bucket = r.field(o, T, 'bucket', path) ?? '';
  const keyPrefix = r.field(o, T, 'keyPrefix', path) ?? '';
  const sizeValue = r.get(o, 'objectSize', path);
  const objectSize = sizeValue === undefined ? DEFAULT_OBJECT_SIZE : readSizeDistribution(r, sizeValue, joinPath(path, 'objectSize')) ?? DEFAULT_OBJECT_SIZE;
  const trigger: S3Trigger = { bucket, keyPrefix, objectSize };
  const objectsValue = r.get(o, 'objects', path);
  if (objectsValue !== undefined) trigger.objects = readS3Objects(r, objectsValue, joinPath(path, 'objects'), files, startAtMs);
  return trigger;
}

/** Bad rows of an uploads CSV reported, at most. */
const MAX_ROW_ERRORS = 20;

/**
 * Recorded uploads: a CSV with a header row and the columns time, key and size (others ignored),
 * sorted by time (stable); times after startAt or ISO instants, sizes in bytes or with a unit.
 * Bad rows are reported as `file:line` (at most MAX_ROW_ERRORS); an unreadable file leaves no uploads.
 */
function readS3Objects(r: Reader, value: unknown, path: string, files: Map<string, string>, startAtMs: number): { atMs: number; key: string; sizeBytes: number }[] {
  const o = r.object(value, path, S3_OBJECTS);
  const file = o ? r.field(o, S3_OBJECTS, 'file', path) : undefined;
  if (file === undefined) return [];
  const at = joinPath(path, 'file');
  const text = files.get(file);
  if (text === undefined) {
    r.error(at, m.sideFileNotLoaded(file));
    return [];
  }
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = csvParse().parse(text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true }) as unknown as typeof records;
  } catch (e) {
    r.error(at, m.badCsv(file, e instanceof Error ? e.message : String(e)));
    return [];
  }
  const rows = records.map((x) => x.record);
  const columns = rows.length > 0 ? Object.keys(rows[0]) : [];
  const missing = ['time', 'key', 'size'].filter((c) => !columns.includes(c));
  if (rows.length === 0) {
    r.error(at, m.PIPELINE_MESSAGE.objectsEmpty(file));
    return [];
  }
  if (missing.length > 0) {
    r.error(at, m.PIPELINE_MESSAGE.objectsColumns(file, missing, columns));
    return [];
  }
  const out: { atMs: number; key: string; sizeBytes: number }[] = [];
  let bad = 0;
  records.forEach(({ record: row, info }) => {
    // The file's own line (blank lines skipped, quoted line breaks counted), the header being line 1.
    const line = info.lines;
    const time = row.time;
    const iso = /^\d{4}-\d\d-\d\d/.test(time) ? parseIsoInstantMs(time) : null;
    const atMs = iso !== null ? iso - startAtMs : parseDurationMs(/^\d+(\.\d+)?$/.test(time) ? Number(time) : time);
    const sizeMiB = /^\d+$/.test(row.size) ? Number(row.size) / MiB : parseSizeMiB(row.size, 'GiB');
    const problem = atMs === null || atMs < 0 ? 'time' : sizeMiB === null || sizeMiB <= 0 ? 'size' : null;
    if (problem !== null) {
      if (++bad <= MAX_ROW_ERRORS) r.error(at, m.PIPELINE_MESSAGE.objectsRow(file, line, problem, row[problem]));
      return;
    }
    out.push({ atMs: Math.round(atMs!), key: row.key, sizeBytes: Math.round(sizeMiB! * MiB) });
  });
  return out.sort((a, b) => a.atMs - b.atMs);
}

/** A size in bytes (fixed), or a uniform or lognormal distribution of sizes. */
function readSizeDistribution(r: Reader, value: unknown, path: string): DistributionSpec | undefined {
  const bytes = (v: unknown, at: string): number | undefined => {
    const mib = parseSizeMiB(v, 'GiB');
    if (mib === null || mib <= 0) {
      r.error(at, m.badSize(v));
      return undefined;
    }
    return Math.round(mib * MiB);
  };
  if (!isObj(value)) {
    const b = bytes(value, path);
    return b === undefined ? undefined : { kind: 'fixed', value: b };
  }
  const o = r.object(value, path, SIZE_DISTRIBUTION);
  if (!o) return undefined;
  const kinds = ['uniform', 'lognormal'].filter((k) => o[k] != null);
  if (kinds.length !== 1) {
    r.error(path, m.exactlyOneOf(['uniform', 'lognormal'], kinds));
    return undefined;
  }
  const at = joinPath(path, kinds[0]);
  const table = kinds[0] === 'uniform' ? SIZE_RANGE : SIZE_LOGNORMAL;
  const inner = r.object(o[kinds[0]], at, table);
  if (!inner) return undefined;
  const [lowKey, highKey] = kinds[0] === 'uniform' ? ['min', 'max'] : ['median', 'p95'];
  const side = (key: string): number | undefined => {
    if (inner[key] != null) return bytes(inner[key], joinPath(at, key));
    r.error(joinPath(at, key), m.required());
    return undefined;
  };
  const low = side(lowKey);
  const high = side(highKey);
  if (low === undefined || high === undefined) return undefined;
  if (kinds[0] === 'uniform') {
    if (low <= high) return { kind: 'uniform', min: low, max: high };
    r.error(at, m.minAboveMax(String(inner.min), String(inner.max)));
    return undefined;
  }
  if (high <= low) {
    r.error(joinPath(at, 'p95'), m.p95NotAboveMedian());
    return undefined;
  }
  return { kind: 'lognormal', ...lognormalFromMedianP95(low, high) };
}

// `batchsim import jobs`: job history -> a CSV trace file and (given the imported setup) a scenario
// whose workload replays it, checked by the scenario reader; with `fit`, each definition's run
// time fitted into the scenario and the fit report (run times, arrival pattern) beside it.
import { basename } from 'node:path';
import YAML from 'yaml';
import type { Catalog } from '../model/catalog.js';
import { resolveJobDefinitionRef } from '../scenario/import/jobDefinitionRef.js';
import { fitHistory, runtimeDistribution, type DefinitionFit } from '../scenario/import/jobs/fit.js';
import { readAwsHistory, type HistoryJob } from '../scenario/import/jobs/history.js';
import { looksLikeNextflowTrace, readNextflowTrace } from '../scenario/import/jobs/nextflow.js';
import { historyTrace, mostCommon } from '../scenario/import/jobs/trace.js';
import { hasImportErrors, isObj, type ImportNote, type Obj, type SourceText } from '../scenario/import/types.js';
import { parseScenario } from '../scenario/parse.js';

export interface JobsImportOptions {
  catalog: Catalog;
  /** Folder the files go to (relative side-file paths resolve there). */
  baseDir: string;
  /** File name stem of what is written: `<stem>.trace.csv`, `<stem>.fit.json`, … */
  stem: string;
  /** The imported setup scenario (YAML text) the workload is added to; null: workload only. */
  setup: SourceText | null;
  fit: boolean;
}

export interface JobsImportResult {
  ok: boolean;
  notes: ImportNote[];
  jobs: HistoryJob[];
  /** Files by name (in baseDir): the trace CSV, the scenario (when a setup was given), fit outputs. */
  files: { name: string; text: string }[];
  fits: DefinitionFit[];
}

/** Every source, by content: a Nextflow trace, or AWS JSON (describe-jobs, list-jobs, events). */
export function readHistory(sources: readonly SourceText[]): { jobs: HistoryJob[]; notes: ImportNote[] } {
  const byId = new Map<string, HistoryJob>();
  const notes: ImportNote[] = [];
  for (const s of sources) {
    const r = looksLikeNextflowTrace(s.text) ? readNextflowTrace(s) : readAwsHistory(s);
    notes.push(...r.notes);
    for (const j of r.jobs) byId.set(j.jobId, j);
  }
  if (!hasImportErrors(notes) && byId.size === 0) notes.push({ severity: 'error', source: sources.map((s) => s.name).join(', '), at: '', message: 'no jobs in the history' });
  return { jobs: [...byId.values()], notes };
}

export function importJobHistory(sources: readonly SourceText[], options: JobsImportOptions): JobsImportResult {
  const read = readHistory(sources);
  const notes = [...read.notes];
  if (hasImportErrors(notes)) return { ok: false, notes, jobs: [], files: [], fits: [] };
  const trace = historyTrace(read.jobs);
  notes.push(...trace.notes);
  const traceName = `${options.stem}.trace.csv`;
  const files: { name: string; text: string }[] = [{ name: traceName, text: trace.csv }];
  const fits = options.fit ? fitHistory(trace.jobs) : [];
  if (options.fit) files.push({ name: `${options.stem}.fit.json`, text: JSON.stringify({ jobDefinitions: fits }, null, 2) + '\n' });
  if (options.setup === null) return { ok: true, notes, jobs: trace.jobs, files, fits };

  const doc = YAML.parseDocument(options.setup.text, { schema: 'core' });
  if (doc.errors.length > 0 || !isObj(doc.toJS())) {
    notes.push({ severity: 'error', source: options.setup.name, at: '', message: `--setup: not a scenario file (${doc.errors[0]?.message.split('\n')[0] ?? 'not a mapping'})` });
    return { ok: false, notes, jobs: [], files: [], fits: [] };
  }
  const setup = doc.toJS() as Obj;
  const defs = (Array.isArray(setup.jobDefinitions) ? setup.jobDefinitions : []).filter(isObj);
  const queues = (Array.isArray(setup.jobQueues) ? setup.jobQueues : []).filter(isObj);
  const defName = (j: HistoryJob): string | null => {
    if (j.jobDefinition === null) return null;
    const r = resolveJobDefinitionRef(j.jobDefinitionRevision === null ? j.jobDefinition : `${j.jobDefinition}:${j.jobDefinitionRevision}`, defs.map((d) => ({ jobDefinitionName: String(d.jobDefinitionName), revision: null, status: null })));
    return r.ok ? r.definition.jobDefinitionName : null;
  };
  const note = (severity: ImportNote['severity'], message: string): void => void notes.push({ severity, source: options.setup!.name, at: 'workload', message });
  const usedDefs = [...new Set(trace.jobs.map((j) => j.jobDefinition ?? '(none)'))].sort();
  const missingDefs = usedDefs.filter((d) => !trace.jobs.some((j) => (j.jobDefinition ?? '(none)') === d && defName(j) !== null));
  if (missingDefs.length > 0) note('warning', `job definition${missingDefs.length === 1 ? '' : 's'} ${missingDefs.join(', ')} of the history not in the setup`);
  const templateDef = mostCommon(trace.jobs.map(defName)) ?? (defs[0] === undefined ? null : String(defs[0].jobDefinitionName));
  const queueNames = queues.map((q) => String(q.jobQueueName));
  const templateQueue = mostCommon(trace.jobs.map((j) => (j.jobQueue !== null && queueNames.includes(j.jobQueue) ? j.jobQueue : null))) ?? queueNames[0] ?? null;
  const strayQueues = trace.jobs.filter((j) => j.jobQueue !== null && !queueNames.includes(j.jobQueue)).length;
  if (strayQueues > 0) note('warning', `${strayQueues} job${strayQueues === 1 ? '' : 's'} name a queue not in the setup: they replay on "${templateQueue}"`);
  if (usedDefs.length > 1) note('note', `the trace replay takes one job template: every record replays with definition "${templateDef}" (its retry strategy, platform); each record's own vCPUs, memory, queue and run time still apply`);
  if (templateDef === null || templateQueue === null) {
    notes.push({ severity: 'error', source: options.setup.name, at: '', message: '--setup has no job queue or no job definition to replay the history on' });
    return { ok: false, notes, jobs: [], files: [], fits: [] };
  }
  const template: Obj = { jobName: 'history', jobQueue: templateQueue, jobDefinition: templateDef };
  const queue = queues.find((q) => q.jobQueueName === templateQueue);
  if (queue !== undefined && typeof queue.schedulingPolicyArn === 'string') {
    template.shareIdentifier = mostCommon(trace.jobs.map((j) => j.shareIdentifier)) ?? 'default';
    note('note', `shareIdentifier "${String(template.shareIdentifier)}" for records without one (the queue has a fair-share policy)`);
  }
  doc.delete('workload');
  doc.delete('startAt');
  const top = doc.contents as YAML.YAMLMap;
  if (trace.originMs !== null) {
    const startAt = doc.createPair('startAt', new Date(trace.originMs).toISOString());
    (startAt.key as YAML.Scalar).commentBefore = ' time 0 of the replay: the first job of the history was submitted then (UTC)';
    top.items.push(startAt);
  }
  const workload = doc.createPair('workload', [{ name: 'history', arrivals: { trace: { file: traceName, format: 'csv' } }, jobs: [template] }]);
  (workload.key as YAML.Scalar).commentBefore = ` The job history of ${sources.map((s) => s.name).join(', ')}: ${trace.jobs.length} jobs, replayed from ${traceName} (batchsim import jobs)`;
  top.items.push(workload);
  const fitted = options.fit ? applyFits(doc, defs, fits, options.stem, files, notes, options.setup.name) : [];
  doc.commentBefore = updatedHeader(doc.commentBefore ?? null, fitted, sources.map((s) => s.name));
  const text = doc.toString({ lineWidth: 0 });
  const scenarioName = `${options.stem}.yaml`;
  const issues = parseScenario(YAML.parse(text, { schema: 'core' }), { catalog: options.catalog, baseDir: options.baseDir, files: new Map(files.map((f) => [f.name, f.text])) }).issues;
  for (const i of issues) if (i.severity !== 'note') notes.push({ severity: i.severity === 'error' ? 'warning' : 'note', source: scenarioName, at: i.path, message: `validate ${i.severity}: ${i.message}` });
  files.push({ name: scenarioName, text });
  return { ok: true, notes, jobs: trace.jobs, files, fits };
}

/** The setup's header without the placeholders the history has now replaced. */
function updatedHeader(header: string | null, fitted: number[], sources: string[]): string {
  const stale = (line: string): boolean =>
    /^ {3}workload\[0\]/.test(line) || fitted.some((i) => line.startsWith(`   jobDefinitions[${i}].simulation.runtime:`));
  const lines = (header ?? '').split('\n').filter((l) => l !== '' && !stale(l)).map((l) => l.replace(' and the workload (arrivals).', '.'));
  return [...lines, ` Workload: the job history of ${sources.join(', ')} (batchsim import jobs${fitted.length > 0 ? ' --fit' : ''}).`].join('\n');
}

/** Each fitted definition's run time into the scenario, with a comment on the fit. Returns their indexes. */
function applyFits(doc: YAML.Document, defs: Obj[], fits: DefinitionFit[], stem: string, files: { name: string; text: string }[], notes: ImportNote[], source: string): number[] {
  const fitted: number[] = [];
  for (const fit of fits) {
    const i = defs.findIndex((d) => d.jobDefinitionName === fit.jobDefinition);
    if (i < 0 || fit.runtime.samples === 0) {
      notes.push({ severity: 'note', source, at: 'fit', message: `job definition "${fit.jobDefinition}": ${i < 0 ? 'not in the setup' : 'no job ran to success'}; its fit is only in ${stem}.fit.json` });
      continue;
    }
    const file = `${stem}.runtime-${basename(fit.jobDefinition).replace(/[^A-Za-z0-9_-]/g, '_')}.csv`;
    if (fit.runtime.kind === 'empirical') files.push({ name: file, text: ['seconds', ...fit.runtime.runtimesSeconds.map((s) => s.toFixed(3))].join('\n') + '\n' });
    doc.setIn(['jobDefinitions', i, 'simulation', 'runtime'], doc.createNode(runtimeDistribution(fit.runtime, file)));
    const node = doc.getIn(['jobDefinitions', i, 'simulation'], true) as YAML.YAMLMap;
    const key = node.items.find((p) => YAML.isScalar(p.key) && p.key.value === 'runtime')?.key as YAML.Scalar;
    const r = fit.runtime;
    key.commentBefore = ` fitted from ${r.samples} run${r.samples === 1 ? '' : 's'}: ${r.kind}${r.ks !== null ? ` (lognormal KS D = ${r.ks}, 5 % critical ${r.ksCritical}${r.kind === 'lognormal' ? '' : ': rejected, or too few runs'})` : ''}; p50 ${r.p50Seconds}s, p95 ${r.p95Seconds}s`;
    const val = doc.getIn(['jobDefinitions', i, 'simulation', 'runtime'], true);
    if (YAML.isScalar(val)) val.comment = null;
    const a = fit.arrivals;
    key.commentBefore += `\n arrivals: ${a.kind === 'schedule' ? `schedule "${a.expression}"` : `${a.arrivals} arrival${a.arrivals === 1 ? '' : 's'}, empirical inter-arrival times in ${stem}.fit.json`}`;
    fitted.push(i);
  }
  return fitted;
}

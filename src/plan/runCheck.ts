// `batchsim check SCENARIO --against JOBS…`: the scenario's setup with the history as its only
// workload (a CSV trace, as `import jobs` writes it), simulated, and compared with the history.
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { summarize } from '../metrics/summary.js';
import type { Catalog } from '../model/catalog.js';
import { readAwsHistory } from '../scenario/import/jobs/history.js';
import { hasImportErrors, type ImportNote, type SourceText } from '../scenario/import/types.js';
import type { Issue } from '../scenario/issues.js';
import { loadScenarioFile } from '../scenario/load.js';
import { parseScenario } from '../scenario/parse.js';
import { claimCheckFolder, compareFigures, describeJobsFromRun, historyFigures, type CheckFigures, type CheckRow } from './check.js';
import { removeCreatedFolders } from './files.js';
import { importJobHistory } from './importJobs.js';
import { simulate } from './simulate.js';

export interface CheckReport {
  ok: boolean;
  /** What stops the check: the scenario's or the history's errors. */
  issues: Issue[];
  notes: ImportNote[];
  rows: CheckRow[];
  real: CheckFigures | null;
  simulated: CheckFigures | null;
  /** The replay's total cost (the history carries none to compare with). */
  simulatedCostUsd: number | null;
}

export interface CheckOptions {
  catalog: Catalog;
  seed?: number;
  /**
   * The folder check.json will be written to: claimed (claimCheckFolder: a folder of check's own,
   * holding none of the inputs; created) before the replay, and removed again if the check fails.
   */
  out?: string;
}

/** The history's trace, written under this stem beside the scenario for the replay only (never on disk). */
const TRACE_STEM = '.batchsim-check';

export function checkAgainst(path: string, history: readonly SourceText[], options: CheckOptions): CheckReport {
  const loaded = loadScenarioFile(path);
  const created = loaded.ok && options.out !== undefined ? claimCheckFolder(options.out, [path, ...history.map((h) => h.name), ...loaded.sideFiles]) : [];
  const report = loaded.ok ? replay(path, loaded, history, options) : failed(loaded.issues);
  if (!report.ok) removeCreatedFolders(created);
  return report;
}

const failed = (issues: Issue[], notes: ImportNote[] = []): CheckReport => ({ ok: false, issues, notes, rows: [], real: null, simulated: null, simulatedCostUsd: null });

function replay(path: string, loaded: Extract<ReturnType<typeof loadScenarioFile>, { ok: true }>, history: readonly SourceText[], options: CheckOptions): CheckReport {
  const imported = importJobHistory(history, { catalog: options.catalog, baseDir: loaded.baseDir, stem: TRACE_STEM, setup: { name: path, text: readFileSync(path, 'utf8') }, fit: false });
  // What validate says of the replay scenario is about check's own temporary files: the figures show it.
  const notes = imported.notes.filter((n) => !n.message.startsWith('validate '));
  if (!imported.ok || hasImportErrors(imported.notes)) return failed([], notes);
  const real = historyFigures(imported.jobs);
  // A replay of jobs that never ran compares nothing (every figure n/a): bad input, as an empty history is.
  if (real.jobs === 0) return failed([], [...notes, noneRan(history, imported.jobs.length)]);
  const files = new Map(loaded.files);
  for (const f of imported.files) files.set(f.name, f.text);
  const scenarioText = imported.files.find((f) => f.name.endsWith('.yaml'))!.text;
  const parsed = parseScenario(YAML.parse(scenarioText, { schema: 'core' }), { catalog: options.catalog, baseDir: loaded.baseDir, files, seedOverride: options.seed });
  const issues = parsed.issues.map(hideTrace);
  if (parsed.scenario === null) return failed(issues.filter((i) => i.severity === 'error'), notes);
  const result = simulate(parsed.scenario, options.catalog);
  const origin = Math.min(...imported.jobs.map((j) => j.createdAt!));
  const simJobs = readAwsHistory({ name: 'simulated', text: JSON.stringify(describeJobsFromRun(result, origin)) }).jobs;
  const simulated = historyFigures(simJobs);
  const summary = summarize(result);
  return { ok: true, issues: issues.filter((i) => i.severity === 'warning'), notes, rows: compareFigures(simulated, real), real, simulated, simulatedCostUsd: summary.costUsd.total };
}

function noneRan(history: readonly SourceText[], jobs: number): ImportNote {
  const read = `${jobs} job${jobs === 1 ? '' : 's'} read, none with both startedAt and stoppedAt`;
  return { severity: 'error', source: history.map((h) => h.name).join(', '), at: '', message: `no job of the history ran to an end (${read}); nothing to compare` };
}

/** The replay's trace is check's own temporary: a message about it speaks of the history the user gave. */
function hideTrace(issue: Issue): Issue {
  const name = `${TRACE_STEM}.trace.csv`;
  if (!issue.message.includes(name)) return issue;
  return { ...issue, message: issue.message.replaceAll(`trace "${name}"`, 'the history').replaceAll(`"${name}"`, 'the history').replaceAll(name, 'the history') };
}

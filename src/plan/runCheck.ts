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
import { compareFigures, describeJobsFromRun, historyFigures, type CheckFigures, type CheckRow } from './check.js';
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

export function checkAgainst(path: string, history: readonly SourceText[], options: { catalog: Catalog; seed?: number }): CheckReport {
  const fail = (issues: Issue[], notes: ImportNote[] = []): CheckReport => ({ ok: false, issues, notes, rows: [], real: null, simulated: null, simulatedCostUsd: null });
  const loaded = loadScenarioFile(path);
  if (!loaded.ok) return fail(loaded.issues);
  const imported = importJobHistory(history, { catalog: options.catalog, baseDir: loaded.baseDir, stem: '.batchsim-check', setup: { name: path, text: readFileSync(path, 'utf8') }, fit: false });
  if (!imported.ok || hasImportErrors(imported.notes)) return fail([], imported.notes);
  const files = new Map(loaded.files);
  for (const f of imported.files) files.set(f.name, f.text);
  const scenarioText = imported.files.find((f) => f.name.endsWith('.yaml'))!.text;
  const parsed = parseScenario(YAML.parse(scenarioText, { schema: 'core' }), { catalog: options.catalog, baseDir: loaded.baseDir, files, seedOverride: options.seed });
  const notes = imported.notes.filter((n) => !n.message.startsWith('validate '));
  if (parsed.scenario === null) return fail(parsed.issues.filter((i) => i.severity === 'error'), notes);
  const result = simulate(parsed.scenario, options.catalog);
  const real = historyFigures(imported.jobs);
  const origin = Math.min(...imported.jobs.map((j) => j.createdAt!));
  const simJobs = readAwsHistory({ name: 'simulated', text: JSON.stringify(describeJobsFromRun(result, origin)) }).jobs;
  const simulated = historyFigures(simJobs);
  const summary = summarize(result);
  return { ok: true, issues: parsed.issues.filter((i) => i.severity === 'warning'), notes, rows: compareFigures(simulated, real), real, simulated, simulatedCostUsd: summary.costUsd.total };
}

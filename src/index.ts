// batchsim's public API: everything the CLI does, a library user can do from here.
import { writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { loadCatalog } from './data/load.js';
import type { SimulationResult } from './records/result.js';
import { simulate } from './plan/simulate.js';
import type { Catalog } from './model/catalog.js';
import { summarize, type Summary } from './metrics/summary.js';
import { recordTables } from './records/tables.js';
import { formatSummary } from './report/terminal.js';
import { writeAtomically, writeTableCsv, type OutputFile } from './report/write.js';
import { formatIssue, type Issue } from './scenario/issues.js';
import { loadScenarioFile } from './scenario/load.js';
import type { Scenario } from './scenario/types.js';
import { parseScenario } from './scenario/validate.js';

export type { Scenario } from './scenario/types.js';
export type { Issue } from './scenario/issues.js';
export type { Summary, Distribution } from './metrics/summary.js';
export type { SimulationResult } from './records/result.js';
export type { TraceEvent } from './model/types.js';
export type { Catalog } from './model/catalog.js';
export { loadCatalog, simulate, summarize, formatIssue, formatSummary, parseScenario };
export { JOB_COLUMNS, ATTEMPT_COLUMNS, INSTANCE_COLUMNS, TIMESERIES_COLUMNS } from './records/tables.js';

export interface LoadedScenario {
  /** null when any issue is an error. */
  scenario: Scenario | null;
  /** Every problem, warning and note, each with its dotted path. */
  issues: Issue[];
}

/** Read, normalize and validate a scenario file. Never throws for bad input: it returns issues. */
export function loadScenario(path: string, options: { seed?: number; catalog?: Catalog } = {}): LoadedScenario {
  const loaded = loadScenarioFile(path);
  if (!loaded.ok) return { scenario: null, issues: loaded.issues };
  return parseScenario(loaded.document, {
    catalog: options.catalog ?? loadCatalog(),
    baseDir: loaded.baseDir,
    files: loaded.files,
    seedOverride: options.seed,
    defaultName: basename(path, extname(path)),
  });
}

/** Issues that stop `run`: the validation errors. */
export function runBlockers(loaded: LoadedScenario): Issue[] {
  return loaded.issues.filter((i) => i.severity === 'error');
}
export interface RunOutput {
  result: SimulationResult;
  summary: Summary;
}

/** Simulate a validated scenario and summarize it. */
export function runScenario(scenario: Scenario, options: { catalog?: Catalog; progress?: (fraction: number | null) => void } = {}): RunOutput {
  const result = simulate(scenario, options.catalog ?? loadCatalog(), { progress: options.progress });
  return { result, summary: summarize(result) };
}

export type OutputSet = 'all' | 'records' | 'summary';

/**
 * Write summary.json; with `records` or `all` the record CSVs; with `all` the charts and
 * report.html too. Each file atomically. Returns the paths. `onPhase` hears of each phase.
 */
export async function writeRunOutputs(dir: string, run: RunOutput, outputs: OutputSet = 'all', options: { onPhase?: (phase: string) => void } = {}): Promise<string[]> {
  const files: OutputFile[] = [];
  if (outputs !== 'summary') options.onPhase?.('writing records');
  if (outputs === 'all' || outputs === 'records') {
    for (const table of recordTables(run.result)) {
      files.push({ name: `${table.name}.csv`, write: (p) => writeTableCsv(p, table) });
    }
  }
  files.push({ name: 'summary.json', write: (p) => writeJson(p, run.summary) });
  const written = writeAtomically(dir, files);
  if (outputs === 'all') written.push(...(await writeReport(dir, options)));
  return written;
}

/** Rebuild the charts and report.html of an output folder from its files. Returns the paths written. */
export async function writeReport(dir: string, options: { onPhase?: (phase: string) => void } = {}): Promise<string[]> {
  // Loaded on demand: the renderer (vega, resvg) more than doubles start-up, and most runs that
  // only need numbers (sweeps, --outputs summary) never draw.
  const { writeCharts } = await import('./report/render.js');
  return writeCharts(dir, options);
}

export { missingReportInputs } from './report/charts/read.js';
export { createProgress, type Progress } from './report/progress.js';

export function summaryJson(summary: Summary): string {
  return JSON.stringify(summary, null, 2) + '\n';
}

function writeJson(path: string, value: Summary): void {
  writeFileSync(path, summaryJson(value));
}

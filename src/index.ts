// batchsim's public API: everything the CLI does, a library user can do from here.
import { writeFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { loadCatalog } from './data/load.js';
import type { SimulationResult } from './model/batch.js';
import { simulate } from './plan/simulate.js';
import type { Catalog } from './model/catalog.js';
import { summarize, type Summary } from './metrics/summary.js';
import { attemptsTable, instancesTable, jobsTable, timeseriesTable } from './records/tables.js';
import { formatSummary } from './report/terminal.js';
import { writeAtomically, writeTableCsv, type OutputFile } from './report/write.js';
import { formatIssue, type Issue } from './scenario/issues.js';
import { loadScenarioFile } from './scenario/load.js';
import type { Scenario } from './scenario/types.js';
import { parseScenario } from './scenario/validate.js';
import { importAwsCli } from './scenario/import/awsCli.js';
import { assembleScenario } from './scenario/import/assemble.js';
import { importCloudFormation } from './scenario/import/cloudformation.js';
import { importTerraform } from './scenario/import/terraform.js';
import type { AwsSetup, SourceText } from './scenario/import/types.js';
import { finishImport, type FinishedImport } from './plan/import.js';
import { importJobHistory, type JobsImportResult } from './plan/importJobs.js';

export type { Scenario } from './scenario/types.js';
export type { Issue } from './scenario/issues.js';
export type { Summary, Distribution } from './metrics/summary.js';
export type { SimulationResult } from './model/batch.js';
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
    for (const table of [jobsTable(run.result), attemptsTable(run.result), instancesTable(run.result), timeseriesTable(run.result)]) {
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

// ---------------------------------------------------------------- import (AWS documents -> scenario)
export { AWS_CLI_SHAPES } from './scenario/import/awsCli.js';
export { importAwsCli, importCloudFormation, importTerraform };
export { assembleScenario };
export type { ImportedScenario } from './scenario/import/assemble.js';
export { emitScenarioYaml } from './scenario/import/emit.js';
export { noteText, hasImportErrors, type ImportNote, type AwsSetup, type SourceText } from './scenario/import/types.js';
export { resolveJobDefinitionRef, parseJobDefinitionRef, latestActive } from './scenario/import/jobDefinitionRef.js';
export { effectiveNodeRanges } from './scenario/import/nodeRanges.js';
export { finishImport, type FinishedImport };

/** Which AWS document importer to run. */
export type SetupImportKind = 'aws-cli' | 'cloudformation' | 'terraform';

export interface SetupImportOptions {
  /** Scenario name (default "imported"). */
  name?: string;
  /** The scenario file to be written (for notes; relative paths resolve against its folder). */
  target?: string;
  /** CloudFormation parameter values (`--parameter K=V`). */
  parameters?: Record<string, string>;
  catalog?: Catalog;
}

const importers: Record<SetupImportKind, (sources: readonly SourceText[], options: SetupImportOptions) => AwsSetup> = {
  'aws-cli': (sources) => importAwsCli(sources),
  cloudformation: (sources, options) => importCloudFormation(sources, { parameters: options.parameters ?? {} }),
  terraform: (sources) => importTerraform(sources),
};

/** AWS documents -> a checked scenario file text, with every note. Pure but for the catalogue. */
export function importSetup(kind: SetupImportKind, sources: readonly SourceText[], options: SetupImportOptions = {}): FinishedImport {
  const setup = importers[kind](sources, options);
  const target = options.target ?? '-';
  const imported = assembleScenario(setup, { name: options.name ?? 'imported', command: kind, sources: sources.map((s) => s.name) });
  return finishImport(imported, { catalog: options.catalog ?? loadCatalog(), baseDir: target === '-' ? process.cwd() : dirname(resolve(target)), target });
}

/** Write text files, each to a temporary name first and renamed into place once all are written. */
export function writeTextFilesAtomically(files: readonly { path: string; text: string }[]): string[] {
  const written: string[] = [];
  for (const dir of [...new Set(files.map((f) => dirname(resolve(f.path))))]) {
    const here = files.filter((f) => dirname(resolve(f.path)) === dir);
    written.push(...writeAtomically(dir, here.map((f) => ({ name: basename(f.path), write: (p: string) => writeFileSync(p, f.text) }))));
  }
  return written;
}

export { readHistory, type JobsImportResult } from './plan/importJobs.js';
export type { HistoryJob } from './scenario/import/jobs/history.js';
export type { DefinitionFit } from './scenario/import/jobs/fit.js';
export { fitHistory } from './scenario/import/jobs/fit.js';
export { historyTrace } from './scenario/import/jobs/trace.js';

export interface JobsImportCallOptions {
  /** Folder the files will be written to. */
  dir: string;
  /** Name stem: `<stem>.trace.csv`, `<stem>.yaml`, `<stem>.fit.json`. */
  stem: string;
  setup?: SourceText | null;
  fit?: boolean;
  catalog?: Catalog;
}

/** Job history -> the trace CSV, the scenario replaying it (given the setup) and fit outputs. Pure but for the catalogue. */
export function importJobs(sources: readonly SourceText[], options: JobsImportCallOptions): JobsImportResult {
  return importJobHistory(sources, { catalog: options.catalog ?? loadCatalog(), baseDir: resolve(options.dir), stem: options.stem, setup: options.setup ?? null, fit: options.fit === true });
}
export { checkAgainst, type CheckReport } from './plan/runCheck.js';
export { describeJobsFromRun, historyFigures, compareFigures, type CheckRow, type CheckFigures } from './plan/check.js';
export { checkWaitCdfSpec } from './report/charts/checkCdf.js';

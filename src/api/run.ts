// The part of batchsim's public API that one run needs: load and validate a scenario, simulate it,
// write its outputs, (re)draw its report. src/index.ts re-exports all of it with the rest (planning,
// import, check); the CLI's run, report and validate commands import this module alone, so a run
// loads no planner, sweep, import or check code (start-up, issue 13: Node reads and compiles every
// module a command imports, used or not). Renderers and the Arrow writer stay loaded on demand.
import { basename, extname } from 'node:path';
import { loadCatalog } from '../data/load.js';
import type { SimulationResult } from '../records/result.js';
import { simulate, simulateInSlices } from '../plan/simulate.js';
import { batchsimVersion } from '../plan/version.js';
import type { Catalog } from '../model/catalog.js';
import { summarize, type Summary } from '../metrics/summary.js';
import { formatSummary } from '../report/terminal.js';
import { OutputFolder, type RunIdentity } from '../report/output.js';
import type { SummaryLike } from '../report/charts/read.js';
import type { BackgroundReport } from '../report/renderPool.js';
import type { ReplicationsJson } from '../report/replications.js';
import { RecordCsvs } from '../report/write.js';
import { JobsCsvStream, THREADS } from '../report/formatThread.js';
import { formatIssue, type Issue } from '../scenario/issues.js';
import { parseScenario, parseScenarioFile } from '../scenario/parse.js';
import { startsStateMachines, type Scenario } from '../scenario/types.js';

export type { Scenario } from '../scenario/types.js';
export type { Issue } from '../scenario/issues.js';
export type { Summary, Distribution } from '../metrics/summary.js';
export type { SimulationResult } from '../records/result.js';
export type { TraceEvent } from '../model/types.js';
export type { Catalog } from '../model/catalog.js';
export type { ReplicationsJson } from '../report/replications.js';
export { loadCatalog, simulate, summarize, formatIssue, formatSummary, parseScenario };
export { JOB_COLUMNS, ATTEMPT_COLUMNS, INSTANCE_COLUMNS, TIMESERIES_COLUMNS } from '../records/tables.js';

export interface LoadedScenario {
  /** null when any issue is an error. */
  scenario: Scenario | null;
  /** Every problem, warning and note, each with its dotted path. */
  issues: Issue[];
  /** The sha256 of the scenario file's bytes (null when it could not be read), for manifest.json. */
  sha256: string | null;
  /** The resolved paths of the files it names (traces, empirical samples, state-machine definitions, recorded uploads). */
  sideFiles: string[];
}

/** Read, normalize and validate a scenario file. Never throws for bad input: it returns issues. */
export function loadScenario(path: string, options: { seed?: number; catalog?: Catalog; records?: boolean } = {}): LoadedScenario {
  return parseScenarioFile(path, {
    catalog: options.catalog ?? loadCatalog(),
    seedOverride: options.seed,
    records: options.records,
    defaultName: basename(path, extname(path)),
  });
}

/** Issues that stop `run`: the validation errors. */
export function runBlockers(loaded: LoadedScenario): Issue[] {
  return loaded.issues.filter((i) => i.severity === 'error');
}

export { estimateRun, MAX_INSTANCES, MAX_JOBS, MAX_SAMPLE_INSTANTS, type RunEstimate } from '../scenario/estimate.js';
export { RunawayFleetError } from '../model/runaway.js';
export { serviceQuotaNote } from '../scenario/validate.js';

/** `--strict`: every warning becomes an error (the scenario is then null when there was any). */
export function strictly(loaded: LoadedScenario): LoadedScenario {
  const issues = loaded.issues.map((i): Issue => (i.severity === 'warning' ? { ...i, severity: 'error' } : i));
  return { ...loaded, issues, scenario: issues.some((i) => i.severity === 'error') ? null : loaded.scenario };
}
export interface RunOutput {
  result: SimulationResult;
  summary: Summary;
}

/**
 * Simulate a validated scenario and summarize it. `summaryOnly` when only summary.json will be
 * written: the run then records no time series and only the summary's columns (the summary is the
 * same; records and charts cannot be written from it).
 */
export function runScenario(scenario: Scenario, options: SimulateOptions = {}): RunOutput {
  const result = simulateScenario(scenario, options);
  return { result, summary: summarize(result) };
}

export interface SimulateOptions {
  catalog?: Catalog;
  progress?: (fraction: number | null) => void;
  summaryOnly?: boolean;
}

/** runScenario's simulation alone, for a caller that starts the outputs before summarizing (startRunOutputs). */
export function simulateScenario(scenario: Scenario, options: SimulateOptions = {}): SimulationResult {
  return simulate(scenario, options.catalog ?? loadCatalog(), { progress: options.progress, summaryOnly: options.summaryOnly });
}

/**
 * simulateScenario for `batchsim run`: in slices of about 50 ms, with the event loop running
 * between them (a signal handler; jobs.csv's thread, which `stream` feeds the rows as they are
 * final: streamJobsCsv). The result is simulateScenario's.
 */
export function simulateScenarioInSlices(scenario: Scenario, options: SimulateOptions & { stream?: JobsCsvStream } = {}): Promise<SimulationResult> {
  return simulateInSlices(scenario, options.catalog ?? loadCatalog(), { progress: options.progress, summaryOnly: options.summaryOnly, jobRows: options.stream, sliceMs: SLICE_MS });
}

const SLICE_MS = 50;

/**
 * jobs.csv written into `folder` while the run goes (formatThread.ts), for simulateScenarioInSlices
 * and then startRunOutputs; undefined when the run will not write it that way (no CSV records, a
 * run with state machines, or no compiled worker). The staging folder is made once a run has
 * enough final rows: clean up on signals from the start of the simulation.
 */
export function streamJobsCsv(folder: OutputFolder, scenario: Scenario, outputs: OutputSet, formats: readonly RecordFormat[] = ['csv']): JobsCsvStream | undefined {
  if (outputs === 'summary' || !formats.includes('csv') || !THREADS || startsStateMachines(scenario)) return undefined;
  return new JobsCsvStream((start) => folder.byThread('jobs.csv', (fd) => start(fd).done));
}

/**
 * Begin the outputs that need no summary: a big run's jobs.csv (finished, if `stream` wrote it while
 * the run went) and attempts.csv, on threads of their own, while this one summarizes; pass the
 * result as writeRunOutputs' `started`. Opens the staging folder: the caller cleans up on signals
 * from here on, and calls writeRunOutputs (or cancel()) in any case.
 */
export function startRunOutputs(folder: OutputFolder, result: SimulationResult, options: Pick<WriteOptions, 'formats' | 'onProgress' | 'jobsThreadMinRows'> & { stream?: JobsCsvStream } = {}): RecordCsvs | undefined {
  if (result.summaryOnly || !(options.formats ?? ['csv']).includes('csv')) return undefined;
  return new RecordCsvs(folder, result, options).start();
}

/**
 * With `all`, start the worker that will draw the run's charts now, so that the renderer (vega,
 * resvg) loads while the run is simulated; writeRunOutputs gives it the charts. Nothing for the
 * other output sets. Costs nothing if the run then fails: the worker does not keep the process up.
 */
export async function prepareCharts(outputs: OutputSet): Promise<void> {
  if (outputs !== 'all') return;
  const { warmChartWorker } = await import('../report/renderPool.js');
  warmChartWorker();
}

export type OutputSet = 'all' | 'records' | 'summary';

export interface WriteOptions {
  /** Hears of each phase ("writing records", "rendering charts", …). */
  onPhase?: (phase: string) => void;
  /** Hears how far writing the record CSVs has come (0..1). */
  onProgress?: (fraction: number) => void;
  /** What manifest.json says of the scenario: the sha256 of its file and its validation warnings. */
  source?: { sha256: string | null; warnings?: readonly Issue[] };
  /** More files of the run (e.g. replications.csv), named in the manifest like the rest. */
  extraFiles?: readonly (readonly [string, string])[];
  /** The run's replications.json (`run --replications`; one of extraFiles), which report.html shows too. */
  replications?: ReplicationsJson;
  /**
   * How the record tables are written: as CSV (the default), as Arrow IPC files (records/arrow.ts),
   * or both; only these, with `--outputs all` too (the charts are drawn from charts.json's aggregates,
   * not from the CSVs).
   */
  formats?: readonly RecordFormat[];
  /** The record CSVs, begun before the summary was made (startRunOutputs); their progress and options are theirs. */
  started?: RecordCsvs;
  /** A big run's jobs.csv and attempts.csv are written on threads of their own from this many jobs on (default 50,000). */
  jobsThreadMinRows?: number;
}

/** A file format of the record tables. */
export type RecordFormat = 'csv' | 'arrow';
export const RECORD_FORMATS: readonly RecordFormat[] = ['csv', 'arrow'];

/** What manifest.json names a run by. */
export function runIdentity(summary: Summary, source: WriteOptions['source'] = { sha256: null }): RunIdentity {
  return {
    batchsim: batchsimVersion(),
    scenario: { name: summary.scenario, sha256: source.sha256 },
    seed: summary.seed,
    warnings: (source.warnings ?? []).filter((i) => i.severity === 'warning').map((i) => ({ path: i.path, message: i.message })),
  };
}

/**
 * Write summary.json; with `records` or `all` the record CSVs; with `all` the charts and
 * report.html too; and manifest.json naming the run and every file. The run owns `dir`: the files
 * are written aside and swapped in whole (see OutputFolder.open for which folders it accepts).
 * Pass an OutputFolder opened before simulating to have the folder checked first. Returns the paths.
 */
export async function writeRunOutputs(dir: string | OutputFolder, run: RunOutput, outputs: OutputSet = 'all', options: WriteOptions = {}): Promise<string[]> {
  const folder = typeof dir === 'string' ? OutputFolder.open(dir) : dir;
  const identity = runIdentity(run.summary, options.source);
  // With `all`, the charts are drawn on a worker thread while the records are written (renderPool.ts).
  let report: BackgroundReport | null = null;
  let csvs: RecordCsvs | null = null;
  try {
    if (outputs !== 'summary' && run.result.summaryOnly) throw new Error('writeRunOutputs: records and charts need a run simulated in full (runScenario without summaryOnly)');
    if (outputs === 'summary' && options.started) throw new Error('writeRunOutputs: record CSVs were started for a run that writes only its summary');
    const formats = options.formats ?? ['csv'];
    if (outputs !== 'summary' && formats.includes('csv')) csvs = (options.started ?? new RecordCsvs(folder, run.result, options)).start();
    // charts.json: the charts' aggregates, from the run in memory, so `batchsim report` needs no CSVs.
    // Gathered before the records, so that with `all` the drawing overlaps them.
    let charts: { name: string; json: string } | null = null;
    if (outputs !== 'summary') {
      const { CHARTS_FILE, chartDataOfRun, chartsJson } = await import('../report/charts/data.js');
      const data = chartDataOfRun(run.result);
      charts = { name: CHARTS_FILE, json: chartsJson(data) };
      if (outputs === 'all') {
        // Loaded on demand: the renderer (vega, resvg) more than doubles start-up, and most runs
        // that only need numbers (sweeps, --outputs summary) never draw; here it loads on the worker.
        const { startReport } = await import('../report/renderPool.js');
        report = startReport(data, run.summary as unknown as SummaryLike, options.replications ?? null);
      }
      options.onPhase?.('writing records');
      await csvs?.writeAll();
      if (formats.includes('arrow')) {
        // Loaded on demand, with the Arrow library it loads: only runs that ask for Arrow files pay for it.
        const { arrowFiles } = await import('../records/arrow.js');
        for await (const f of arrowFiles(run.result)) folder.open(`${f.name}.arrow`, (sink) => f.chunks.forEach((c) => sink.write(Buffer.from(c.buffer, c.byteOffset, c.byteLength))));
      }
    }
    folder.writeFile('summary.json', summaryJson(run.summary));
    for (const [name, text] of options.extraFiles ?? []) folder.writeFile(name, text);
    if (charts !== null) folder.writeFile(charts.name, charts.json);
    if (report !== null) await report.finish(folder, identity, options);
    return folder.commit(identity);
  } catch (e) {
    report?.cancel();
    await (csvs ?? options.started)?.cancel();
    folder.abandon();
    throw e;
  }
}

/**
 * Rebuild the charts and report.html of an output folder from its files, after checking them
 * against its manifest.json, and rewrite the manifest's chart entries. Returns the paths written.
 */
export async function writeReport(dir: string, options: { onPhase?: (phase: string) => void; onLeftOut?: (names: readonly string[]) => void } = {}): Promise<string[]> {
  const { writeCharts } = await import('../report/rebuild.js');
  return writeCharts(dir, (summary) => runIdentity(summary as unknown as Summary), options);
}

export { OutputFolder, OutputFolderError, abandonOutputs, readManifest, verifyManifest, type Manifest, type RunIdentity } from '../report/output.js';
export { createProgress, type Progress } from '../report/progress.js';

export function summaryJson(summary: Summary): string {
  return JSON.stringify(summary, null, 2) + '\n';
}

export { batchsimVersion };
export { defaultJobs } from '../plan/threads.js';

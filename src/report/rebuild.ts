// Rebuilding an output folder's report (`batchsim report DIR`): the charts drawn from charts.json's
// aggregates (charts/data.ts), gathered while the run went, never from its CSVs read back (a folder
// written before charts.json is charted from its records once), and the self-contained
// report.html. Everything is built in memory, then written into an OutputFolder (a staging folder
// swapped in whole).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { buildCharts } from './charts/specs.js';
import { CHARTS_FILE, chartDataOfRecords, chartsJson, parseChartsJson, type ChartData } from './charts/data.js';
import { checkChartData } from './charts/chartsSchema.js';
import { isRecordFile, missingReportInputs, readRunRecords, readSummary, type SummaryLike } from './charts/read.js';
import * as m from './messages.js';
import { renderOnThreads } from './renderPool.js';
import { readReplications, type ReplicationsJson } from './replications.js';
import { writeReportFiles } from './reportFiles.js';
import { MANIFEST, OutputFolder, OutputFolderError, readManifest, verifyManifest, type RunIdentity } from './output.js';

/** The files `batchsim report` (re)writes: every chart and report.html (charts.json is data, kept). */
export function isReportFile(name: string): boolean {
  return name === 'report.html' || /\.(vl\.json|svg|png)$/.test(name);
}

export interface WriteChartsOptions {
  /** Called between phases ("reading records", "rendering charts", "writing charts"). */
  onPhase?: (phase: string) => void;
  /** Called with the files the manifest listed that were gone from the folder and that the report did not need (the rewritten manifest leaves them out). */
  onLeftOut?: (names: readonly string[]) => void;
}

/**
 * Render the charts and report.html from a run's chart data and summary into `folder`: the charts
 * drawn on this thread and a worker per other core, from one queue (renderPool.ts).
 */
export async function renderReport(data: ChartData, summary: SummaryLike, replications: ReplicationsJson | null, folder: OutputFolder, identity: RunIdentity, options: WriteChartsOptions = {}): Promise<void> {
  options.onPhase?.('rendering charts');
  const charts = buildCharts(data, summary);
  const files = await renderOnThreads(charts.map((c) => c.spec), availableParallelism());
  options.onPhase?.('writing charts');
  writeReportFiles(folder, charts, files, summary, identity.warnings, replications);
}

/** The chart data of an output folder: its charts.json, or (a folder written before it) its records read back. */
export function readChartData(dir: string, onPhase?: (phase: string) => void): { data: ChartData; fromRecords: boolean } {
  const path = join(dir, CHARTS_FILE);
  if (existsSync(path)) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new OutputFolderError(m.cannotRead(path, e));
    }
    return { data: checkChartData(path, parseChartsJson(path, text)), fromRecords: false };
  }
  onPhase?.('reading records');
  return { data: chartDataOfRecords(readRunRecords(dir)), fromRecords: true };
}

/**
 * Rebuild every chart (`<chart>.vl.json`, `.svg`, `.png`) and `report.html` of the output folder
 * `dir` from its files alone, after checking them against manifest.json, and rewrite the
 * manifest's chart entries. The folder is swapped whole, like a run's. Returns the paths written.
 * `identityOf` names the run from its summary when the folder has no manifest (one written before manifests).
 */
export async function writeCharts(dir: string, identityOf: (summary: SummaryLike) => RunIdentity, options: WriteChartsOptions = {}): Promise<string[]> {
  const missing = missingReportInputs(dir);
  if (missing.length > 0) throw new OutputFolderError(m.missingInputs(dir, missing));
  const manifest = readManifest(dir);
  const hasCharts = existsSync(join(dir, CHARTS_FILE));
  // The charts and report.html are rebuilt, so they may be missing or edited; what they are drawn
  // from must match, and so must every file kept under its manifest entry. With charts.json the
  // report reads no record file: those a user deleted to save room are left out of the rewritten
  // manifest. Any other file (replications.csv, a pipeline's files) must still be there.
  let gone: readonly string[] = [];
  if (manifest) gone = verifyManifest(dir, manifest, isReportFile, hasCharts ? isRecordFile : () => false);
  // charts.json came after manifest.json: a folder with one and not the other was edited, and nothing vouches for it.
  else if (hasCharts) throw new OutputFolderError(m.noManifest(dir));
  // A folder from before manifests keeps its files, but a hidden file or a folder in it is none of a run's, and the swap would lose it.
  const unlisted = manifest ? [] : legacyFiles(dir);
  const summary = readSummary(dir);
  const identity: RunIdentity = manifest
    ? { batchsim: manifest.batchsim, scenario: manifest.scenario, seed: manifest.seed, warnings: manifest.warnings }
    : identityOf(summary);
  const { data, fromRecords } = readChartData(dir, options.onPhase);
  const replications = readReplications(dir);
  const folder = OutputFolder.open(dir);
  try {
    // A folder from before charts.json gets one, so the next report needs no CSVs.
    if (fromRecords) folder.writeFile(CHARTS_FILE, chartsJson(data));
    await renderReport(data, summary, replications, folder, identity, options);
    if (manifest) for (const f of manifest.files) if (!isReportFile(f.name) && !gone.includes(f.name)) folder.keep(f.name, f);
    for (const n of unlisted) if (!isReportFile(n)) folder.keep(n);
    const written = folder.commit(identity);
    if (gone.length > 0) options.onLeftOut?.(gone);
    return written;
  } catch (e) {
    folder.abandon();
    throw e;
  }
}

/** The files of a folder from before manifests, to keep; an OutputFolderError for a hidden file or a folder in it. */
function legacyFiles(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true });
  for (const n of entries) if (n.name.startsWith('.') || n.isDirectory()) throw new OutputFolderError(m.notRunFile(dir, n.name));
  return entries.map((n) => n.name).filter((n) => n !== MANIFEST);
}

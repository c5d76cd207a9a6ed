// Rendering the run's charts: vega-lite -> vega -> SVG headlessly (no browser, no canvas), SVG ->
// PNG with resvg, and the self-contained report.html. The charts are drawn from charts.json's
// aggregates (charts/data.ts), gathered while the run went, never from its CSVs read back; a folder
// written before charts.json is charted from its records once. Everything is built in memory, then
// written into an OutputFolder (a staging folder swapped in whole). Output is deterministic: same
// data, same bytes (no timestamps; ids come from a fresh vega view per chart).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { buildCharts, FONT, type Chart } from './charts/specs.js';
import { CHARTS_FILE, chartDataOfRecords, chartsJson, parseChartsJson, type ChartData } from './charts/data.js';
import { missingReportInputs, readRunRecords, readSummary, type SummaryLike } from './charts/read.js';
import * as m from './messages.js';
import { writeReportFiles, type ChartFiles } from './reportFiles.js';
import { MANIFEST, OutputFolder, OutputFolderError, readManifest, verifyManifest, type RunIdentity } from './output.js';

/** The first family of FONT, the one resvg falls back to. */
const DEFAULT_FONT = FONT.split(',')[0].trim();

/** vega-lite spec -> SVG text, headless. */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const compiled = compile(spec as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  try {
    return stableIds(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/**
 * vega numbers clip paths from a counter shared by every view in the process (clip12, clip28, …);
 * renumber them by first appearance so the same chart gives the same bytes whatever came before.
 */
function stableIds(svg: string): string {
  const ids = new Map<string, number>();
  return svg.replace(/\bclip(\d+)\b/g, (_, n: string) => {
    let k = ids.get(n);
    if (k === undefined) ids.set(n, (k = ids.size + 1));
    return `clip${k}`;
  });
}

/** SVG text -> PNG bytes at 2x, with system fonts (DejaVu Sans on a bare Debian machine). */
export function svgToPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: DEFAULT_FONT, sansSerifFamily: DEFAULT_FONT },
  });
  return resvg.render().asPng();
}

/** One chart's SVG and PNG (what every renderer of charts, on any thread, writes). */
export async function renderChart(spec: Record<string, unknown>): Promise<ChartFiles> {
  const svg = await renderSvg(spec);
  return { svg, png: svgToPng(svg) };
}

/** The files `batchsim report` (re)writes: every chart and report.html (charts.json is data, kept). */
export function isReportFile(name: string): boolean {
  return name === 'report.html' || /\.(vl\.json|svg|png)$/.test(name);
}

export interface WriteChartsOptions {
  /** Called between phases ("reading records", "rendering charts", "writing charts"). */
  onPhase?: (phase: string) => void;
}

/** Render the charts and report.html from a run's chart data and summary into `folder`, on this thread. */
export async function renderReport(data: ChartData, summary: SummaryLike, folder: OutputFolder, identity: RunIdentity, options: WriteChartsOptions = {}): Promise<void> {
  options.onPhase?.('rendering charts');
  await drawAndWriteReport(buildCharts(data, summary), summary, folder, identity, options);
}

/**
 * Draw built charts on this thread, then write their files and report.html into `folder`; the
 * caller has announced "rendering charts". Shared by renderReport and a run's report drawn with
 * no worker thread (renderPool's startReport run from the TypeScript sources).
 */
export async function drawAndWriteReport(charts: readonly Chart[], summary: SummaryLike, folder: OutputFolder, identity: RunIdentity, options: WriteChartsOptions = {}): Promise<void> {
  const files: ChartFiles[] = [];
  for (const chart of charts) files.push(await renderChart(chart.spec));
  options.onPhase?.('writing charts');
  writeReportFiles(folder, charts, files, summary, identity.warnings);
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
    return { data: parseChartsJson(path, text), fromRecords: false };
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
  if (manifest) verifyManifest(dir, manifest);
  const identity: RunIdentity = manifest
    ? { batchsim: manifest.batchsim, scenario: manifest.scenario, seed: manifest.seed, warnings: manifest.warnings }
    : identityOf(readSummary(dir));
  const { data, fromRecords } = readChartData(dir, options.onPhase);
  const summary = readSummary(dir);
  const folder = OutputFolder.open(dir);
  try {
    // A folder from before charts.json gets one, so the next report needs no CSVs.
    if (fromRecords) folder.writeFile(CHARTS_FILE, chartsJson(data));
    await renderReport(data, summary, folder, identity, options);
    if (manifest) for (const f of manifest.files) if (!isReportFile(f.name)) folder.keep(f.name, f);
    if (!manifest) for (const n of readdirSync(dir)) if (!n.startsWith('.') && n !== MANIFEST && !isReportFile(n)) folder.keep(n);
    return folder.commit(identity);
  } catch (e) {
    folder.abandon();
    throw e;
  }
}

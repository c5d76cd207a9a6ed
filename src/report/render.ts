// Rendering the run's charts: vega-lite -> vega -> SVG headlessly (no browser, no canvas), SVG ->
// PNG with resvg, and the self-contained report.html. Everything is built in memory, then written
// with writeAtomically (temporary names, then renames). Output is deterministic: same records,
// same bytes (no timestamps; ids come from a fresh vega view per chart).
import { writeFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { buildCharts, FONT, type Chart } from './charts/specs.js';
import { missingReportInputs, readRunRecords, type RunRecords } from './charts/read.js';
import { reportHtml } from './html.js';
import { writeAtomically, type OutputFile } from './write.js';


export interface RenderedChart extends Chart {
  svg: string;
  png: Buffer;
}

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

async function renderCharts(records: RunRecords): Promise<RenderedChart[]> {
  const out: RenderedChart[] = [];
  for (const chart of buildCharts(records)) {
    const svg = await renderSvg(chart.spec);
    out.push({ ...chart, svg, png: svgToPng(svg) });
  }
  return out;
}

const chartJson = (spec: Record<string, unknown>): string => JSON.stringify(spec, null, 2) + '\n';

export interface WriteChartsOptions {
  /** Called between phases ("reading records", "rendering charts", "writing charts"). */
  onPhase?: (phase: string) => void;
}

/**
 * Rebuild every chart (`<chart>.vl.json`, `.svg`, `.png`) and `report.html` of the output folder
 * `dir` from its files alone. Returns the paths written.
 */
export async function writeCharts(dir: string, options: WriteChartsOptions = {}): Promise<string[]> {
  const missing = missingReportInputs(dir);
  if (missing.length > 0) throw new Error(`${dir}: missing ${missing.join(', ')}; run \`batchsim run\` with --outputs all or records first`);
  options.onPhase?.('reading records');
  const records = readRunRecords(dir);
  options.onPhase?.('rendering charts');
  const charts = await renderCharts(records);
  options.onPhase?.('writing charts');
  const files: OutputFile[] = [];
  for (const c of charts) {
    files.push({ name: `${c.name}.vl.json`, write: (p) => writeFileSync(p, chartJson(c.spec)) });
    files.push({ name: `${c.name}.svg`, write: (p) => writeFileSync(p, c.svg) });
    files.push({ name: `${c.name}.png`, write: (p) => writeFileSync(p, c.png) });
  }
  files.push({ name: 'report.html', write: (p) => writeFileSync(p, reportHtml(records.summary, charts)) });
  return writeAtomically(dir, files);
}

// Drawing a chart: vega-lite -> vega -> SVG headlessly (no browser, no canvas), SVG -> PNG with
// resvg. This module loads vega and resvg, so it is loaded only where charts are drawn: on the
// threads of a chart queue (renderPool.ts). Output is deterministic: same spec, same bytes (no
// timestamps; ids come from a fresh vega view per chart and are renumbered per chart).
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { FONT } from './charts/specs.js';
import type { ChartFiles, DrawnChart } from './reportFiles.js';

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

/**
 * Draw charts taken one at a time from a queue that several threads share: `taken` (one Int32 in
 * shared memory) counts the charts of `order` taken so far, and each thread takes the next with
 * Atomics.add until none is left, so whichever thread is free draws the next chart. Returns the
 * charts this thread drew. Which thread drew a chart, and after which others, never shows in its
 * bytes (see renderSvg's stableIds; resvg is deterministic).
 */
export async function drawTaken(specs: readonly Record<string, unknown>[], order: readonly number[], taken: Int32Array): Promise<DrawnChart[]> {
  const drawn: DrawnChart[] = [];
  for (let k = Atomics.add(taken, 0, 1); k < order.length; k = Atomics.add(taken, 0, 1)) {
    const index = order[k];
    drawn.push({ index, files: await renderChart(specs[index]) });
  }
  return drawn;
}

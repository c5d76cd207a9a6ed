// The files of a drawn report: each chart's vega-lite spec, SVG and PNG, and report.html. Kept apart
// from render.ts (which loads vega and resvg) so a run whose charts are drawn on a worker thread
// writes them without loading the renderer itself.
import type { Chart } from './charts/specs.js';
import type { SummaryLike } from './charts/read.js';
import { reportHtml } from './html.js';
import type { OutputFolder } from './output.js';
import type { ReplicationsJson } from './replications.js';

/** One chart's drawn files. */
export interface ChartFiles {
  svg: string;
  png: Buffer;
}

/** A chart drawn by one of the threads sharing a chart queue (renderPool.ts), by its index in the queue's specs. */
export interface DrawnChart {
  index: number;
  files: ChartFiles;
}

/** Each chart's three files, `<name>.vl.json`, `.svg` and `.png` (`files[i]` is chart i's drawing), by name. */
export function chartFileEntries(charts: readonly Chart[], files: readonly ChartFiles[]): [string, string | Buffer][] {
  return charts.flatMap((c, i): [string, string | Buffer][] => [
    [`${c.name}.vl.json`, JSON.stringify(c.spec, null, 2) + '\n'],
    [`${c.name}.svg`, files[i].svg],
    [`${c.name}.png`, files[i].png],
  ]);
}

/** Write each chart's files (chartFileEntries) and report.html. */
export function writeReportFiles(folder: OutputFolder, charts: readonly Chart[], files: readonly ChartFiles[], summary: SummaryLike, warnings: readonly { path: string; message: string }[], replications: ReplicationsJson | null): void {
  for (const [name, data] of chartFileEntries(charts, files)) folder.writeFile(name, data);
  folder.writeFile('report.html', reportHtml(summary, charts, warnings, replications));
}

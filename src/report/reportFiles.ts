// The files of a drawn report: each chart's vega-lite spec, SVG and PNG, and report.html. Kept apart
// from render.ts (which loads vega and resvg) so a run whose charts are drawn on a worker thread
// writes them without loading the renderer itself.
import type { Chart } from './charts/specs.js';
import type { SummaryLike } from './charts/read.js';
import { reportHtml } from './html.js';
import type { OutputFolder } from './output.js';

/** One chart's drawn files. */
export interface ChartFiles {
  svg: string;
  png: Buffer;
}

const chartJson = (spec: Chart['spec']): string => JSON.stringify(spec, null, 2) + '\n';

/** Write `<chart>.vl.json`, `.svg` and `.png` for each chart (`files[i]` is chart i's) and report.html. */
export function writeReportFiles(folder: OutputFolder, charts: readonly Chart[], files: readonly ChartFiles[], summary: SummaryLike, warnings: readonly { path: string; message: string }[]): void {
  charts.forEach((c, i) => {
    folder.writeFile(`${c.name}.vl.json`, chartJson(c.spec));
    folder.writeFile(`${c.name}.svg`, files[i].svg);
    folder.writeFile(`${c.name}.png`, files[i].png);
  });
  folder.writeFile('report.html', reportHtml(summary, charts, warnings));
}

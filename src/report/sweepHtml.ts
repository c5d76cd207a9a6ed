// report.html of a sweep or plan: the decision (when there is one), a table of every point's
// figures with their 95% intervals, and the charts, interactive and offline like the run report.
import type { Chart } from './charts/specs.js';
import { browserBuilds, chartScripts, escapeHtml, scriptSafe } from './html.js';

export interface SweepReportInput {
  title: string;
  /** Lines of the decision, first the recommendation; empty for a plain sweep. */
  decision: string[];
  axes: string[];
  figures: string[];
  /** One row per point: its labels, then each figure as text. */
  rows: { point: number; labels: string[]; cells: string[]; recommended: boolean; feasible: boolean | null }[];
  charts: readonly Chart[];
}

const STYLE = `
body { font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; margin: 24px auto; max-width: 1000px; color: #222; padding: 0 12px; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 32px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 12px; }
th { text-align: left; border-bottom: 2px solid #ccc; padding: 3px 10px 3px 0; }
td { border-bottom: 1px solid #eee; padding: 3px 10px 3px 0; white-space: nowrap; }
tr.recommended td { background: #fdecea; font-weight: bold; }
tr.infeasible td { color: #888; }
ul.decision li { margin: 4px 0; }
.chart { margin: 12px 0 28px; min-height: 40px; }
`;

export function sweepReportHtml(input: SweepReportInput): string {
  const head = ['point', ...input.axes, ...input.figures].map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = input.rows
    .map((r) => {
      const cls = r.recommended ? ' class="recommended"' : r.feasible === false ? ' class="infeasible"' : '';
      return `<tr${cls}>${[String(r.point), ...r.labels, ...r.cells].map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
    })
    .join('\n');
  const decision = input.decision.length > 0 ? `<ul class="decision">\n${input.decision.map((l) => `<li>${escapeHtml(l)}</li>`).join('\n')}\n</ul>` : '';
  const sections = input.charts.map((c) => `<h2>${escapeHtml(c.title)}</h2>\n<div class="chart" id="chart-${escapeHtml(c.name)}"></div>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(input.title)}</title>
<style>${STYLE}</style>
${browserBuilds().map((b) => `<script>${scriptSafe(b)}</script>`).join('\n')}
</head>
<body>
<h1>${escapeHtml(input.title)}</h1>
${decision}
<h2>Points (mean ± half-width of the 95% interval, or [low, high] where it is cut at the figure's range)</h2>
<div class="scroll"><table>
<tr>${head}</tr>
${body}
</table></div>
${sections}
${chartScripts(input.charts)}
</body>
</html>
`;
}

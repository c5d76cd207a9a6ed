// report.html: one self-contained page that works offline. The vega, vega-lite and vega-embed
// builds are inlined from node_modules; the charts are the same vega-lite specs as *.vl.json,
// interactive in the browser (tooltips; drag to pan and wheel to zoom time axes, double-click to
// reset). A summary table from summary.json comes first.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import type { Chart } from './charts/specs.js';
import type { SummaryLike } from './charts/read.js';

const require = createRequire(import.meta.url);

/** The folder of an installed package (its exports may hide package.json, so walk up from its entry). */
function packageDir(name: string): string {
  let dir = dirname(require.resolve(name));
  while (!(basename(dir) === name.split('/').pop() && basename(dirname(dir)) === 'node_modules')) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the folder of package ${name}`);
    dir = up;
  }
  return dir;
}

let builds: string[] | null = null;

/** The browser builds, read once. */
function browserBuilds(): string[] {
  builds ??= [
    join(packageDir('vega'), 'build', 'vega.min.js'),
    join(packageDir('vega-lite'), 'build', 'vega-lite.min.js'),
    join(packageDir('vega-embed'), 'build', 'vega-embed.min.js'),
  ].map((p) => readFileSync(p, 'utf8').replace(/\/\/# sourceMappingURL=\S*\s*$/, ''));
  return builds;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Text safe inside <script>: no `</script` or `<!--` can close or confuse the element. */
function scriptSafe(s: string): string {
  return s.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** summary.json flattened to rows of dotted key and value (arrays and long objects kept compact). */
function summaryRows(summary: SummaryLike): [string, string][] {
  const rows: [string, string][] = [];
  const walk = (prefix: string, v: unknown, depth: number): void => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && depth < 3) {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(prefix ? `${prefix}.${k}` : k, x, depth + 1);
    } else {
      rows.push([prefix, typeof v === 'string' ? v : JSON.stringify(v)]);
    }
  };
  walk('', summary, 0);
  return rows;
}

const STYLE = `
body { font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; margin: 24px auto; max-width: 1000px; color: #222; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 32px; }
table { border-collapse: collapse; font-size: 13px; }
td { border-bottom: 1px solid #eee; padding: 3px 12px 3px 0; vertical-align: top; }
td.k { color: #555; white-space: nowrap; }
details { margin: 8px 0 24px; }
.chart { margin: 12px 0 28px; min-height: 40px; }
.hint { color: #666; font-size: 13px; }
`;

export function reportHtml(summary: SummaryLike, charts: readonly Chart[], warnings: readonly { path: string; message: string }[] = []): string {
  const title = `batchsim report: ${typeof summary.scenario === 'string' ? summary.scenario : 'run'}`;
  const all = summaryRows(summary);
  const tr = ([k, v]: [string, string]): string => `<tr><td class="k">${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`;
  const rows = all.map(tr).join('\n');
  const headline = all.filter(([k]) =>
    ['seed', 'simulatedSeconds', 'makespanSeconds', 'jobs.submitted', 'jobs.succeeded', 'jobs.failed', 'costUsd.total', 'queueWaitSeconds.p50', 'queueWaitSeconds.p95', 'utilisation.vcpu', 'spot.interruptions'].includes(k));
  const head = headline.map(tr).join('\n');
  const sections = charts
    .map((c) => `<h2>${escapeHtml(c.title)}</h2>\n<div class="chart" id="chart-${escapeHtml(c.name)}" data-chart="${escapeHtml(c.name)}"></div>`)
    .join('\n');
  const specs = Object.fromEntries(charts.map((c) => [c.name, c.spec]));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
${browserBuilds().map((b) => `<script>${scriptSafe(b)}</script>`).join('\n')}
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<table>
${head}
</table>
<details><summary>every figure in summary.json</summary>
<table>
${rows}
</table>
</details>
<p class="hint">Hover for values. On time axes: drag to pan, scroll to zoom, double-click to reset.</p>
${sections}
<script type="application/json" id="specs">${scriptSafe(JSON.stringify(specs))}</script>
<script>
(function () {
  var specs = JSON.parse(document.getElementById('specs').textContent);
  var done = [];
  Object.keys(specs).forEach(function (name) {
    done.push(vegaEmbed('#chart-' + name, specs[name], { actions: false, renderer: 'svg' }).catch(function (err) {
      console.error('chart ' + name + ': ' + err);
    }));
  });
  Promise.all(done).then(function () { document.body.setAttribute('data-rendered', 'true'); });
})();
</script>
</body>
</html>
`;
}

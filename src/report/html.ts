// report.html: one self-contained page that works offline. The vega, vega-lite and vega-embed
// builds are inlined from node_modules; the charts are the same vega-lite specs as *.vl.json,
// interactive in the browser (tooltips; drag to pan and wheel to zoom time axes, double-click to
// reset). A summary table from summary.json comes first.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import type { DataSummary } from '../metrics/dataMovement.js';
import type { Summary } from '../metrics/summary.js';
import type { Chart } from './charts/specs.js';
import type { SummaryLike } from './charts/read.js';
import { clock, count, duration, percent, usd } from './format.js';
import * as m from './messages.js';
import { acrossSeeds, everyReplication, headlineReplications, type ReplicationsJson } from './replications.js';
import { dataLine, perJobUsd, spotAssumption } from './terminal.js';

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
export function browserBuilds(): string[] {
  builds ??= [
    join(packageDir('vega'), 'build', 'vega.min.js'),
    join(packageDir('vega-lite'), 'build', 'vega-lite.min.js'),
    join(packageDir('vega-embed'), 'build', 'vega-embed.min.js'),
  ].map((p) => readFileSync(p, 'utf8').replace(/\/\/# sourceMappingURL=\S*\s*$/, ''));
  return builds;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Text safe inside <script>: no `</script` or `<!--` can close or confuse the element. */
export function scriptSafe(s: string): string {
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

type DeepPartial<T> = T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** The distribution figures of a duration, in one line. */
function spread(d: DeepPartial<Summary['queueWaitSeconds']> | undefined): string {
  if (!d) return '-';
  return `mean ${duration(d.mean)} · p50 ${duration(d.p50)} · p95 ${duration(d.p95)} · p99 ${duration(d.p99)} · max ${duration(d.max)}`;
}

/**
 * The headline rows of a run: formatted, with units. summary.json is read from disk, so every
 * field may be missing (a hand-made or older folder); missing ones show as `-` or are left out.
 */
export function headlineRows(summary: SummaryLike, warnings: readonly { path: string; message: string }[]): [string, string][] {
  const s = summary as DeepPartial<Summary>;
  const rows: [string, string][] = [];
  const j = s.jobs ?? {};
  rows.push([m.rowSeed, String(s.seed ?? '-')]);
  rows.push([m.rowSimulated, duration(s.simulatedSeconds)]);
  if (s.cutOffByUntil !== undefined) {
    rows.push([m.rowCutOff, s.cutOffByUntil ? m.cutOffYes : (j.unfinished ?? 0) > 0 ? m.cutOffNoStuck(count(j.unfinished)) : m.cutOffNo]);
  }
  rows.push([m.rowMakespan, duration(s.makespanSeconds)]);
  if (s.clock) rows.push([m.rowClock, m.clockLine(clock(s.clock.startAt), clock(s.clock.firstSubmissionAt), clock(s.clock.lastJobEndAt))]);
  for (const [name, q] of Object.entries(s.jobQueues ?? {})) {
    if (!q || q.drainedAt === undefined) continue;
    rows.push([m.rowDrained(name), q.drainedAt !== null ? clock(q.drainedAt) : q.jobs === 0 ? m.noJobs : m.notDrained(count(q.unfinished))]);
  }
  rows.push([m.rowJobs, m.jobCounts(count(j.submitted), count(j.succeeded), count(j.failed), count(j.unfinished), count(j.attempts))]);
  const blocked = s.blocked;
  if (blocked && (blocked.neverRan ?? 0) > 0) {
    const why = Object.entries(blocked.byReason ?? {}).map(([reason, n]) => `${count(n)} ${reason}`);
    rows.push([m.rowNeverRan, `${count(blocked.neverRan)}: ${why.join('; ')}`]);
  }
  rows.push([m.rowQueueWait, spread(s.queueWaitSeconds)]);
  rows.push([m.rowTurnaround, spread(s.turnaroundSeconds)]);
  rows.push([m.rowUtilisation, percent(s.utilisation?.vcpu)]);
  const c = s.costUsd ?? {};
  const split = [`busy ${usd(c.busy)}`, `idle ${usd(c.idle)}`];
  if ((c.lostToInterruptions ?? 0) > 0) split.push(`lost to interruptions ${usd(c.lostToInterruptions)}`);
  if ((c.ebs ?? 0) > 0) split.push(`EBS ${usd(c.ebs)}`);
  if (c.data !== undefined) split.push(`data ${perJobUsd(c.data)}`);
  rows.push([m.rowCost, `${usd(c.total)} (${split.join(', ')})`]);
  // The data part, when the run moved data (written whole by summarize, so read whole).
  const d = s.data;
  if (d?.costUsd !== undefined && d.s3 !== undefined && d.ecr !== undefined && d.dynamoDb !== undefined) rows.push([m.rowData, dataLine(d as DataSummary)]);
  const shares = (by: Record<string, number | undefined> | undefined): string => {
    const parts = Object.entries(by ?? {}).map(([k, v]) => `${k} ${usd(v)}`);
    if ((c.unattributed ?? 0) > 0) parts.push(`${m.unattributed} ${usd(c.unattributed)}`);
    return parts.join(' · ');
  };
  if (c.byJobQueue) rows.push([m.rowCostByQueue, shares(c.byJobQueue)]);
  if (c.byJobDefinition) rows.push([m.rowCostByDefinition, shares(c.byJobDefinition)]);
  if (c.perSucceededJobUsd !== undefined) rows.push([m.rowCostPerJob, c.perSucceededJobUsd === null ? '-' : perJobUsd(c.perSucceededJobUsd)]);
  for (const [name, ce] of Object.entries(s.computeEnvironments ?? {})) {
    if (!ce) continue;
    rows.push([
      m.rowCeCost(name),
      m.ceLine(usd(ce.costUsd), ce.purchaseOption ?? '-', count(ce.instancesLaunched), count(ce.peakvCpus), ce.vcpuHours?.toFixed(1) ?? '-', percent(ce.utilisation)),
    ]);
  }
  const spot = s.spot;
  if (spot && (spot.interruptions ?? 0) > 0) {
    rows.push([m.rowSpot, m.spotLine(count(spot.interruptions), count(spot.attemptsInterrupted), spot.vcpuHoursLost?.toFixed(1) ?? '-', usd(spot.lostWorkCostUsd))]);
  }
  for (const [name, a] of Object.entries(spot?.byComputeEnvironment ?? {})) {
    if (a?.interruptionSource !== undefined && a.assumedInterruptionsPerHourByInstanceType) rows.push([m.rowSpotRisk(name), spotAssumption(a as Summary['spot']['byComputeEnvironment'][string])]);
  }
  rows.push([m.rowWarnings, warnings.length === 0 ? m.noWarnings : count(warnings.length)]);
  return rows;
}

const STYLE = `
body { font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; margin: 24px auto; max-width: 1000px; padding: 0 12px; color: #222; }
h1 { font-size: 22px; overflow-wrap: anywhere; } h2 { font-size: 17px; margin-top: 32px; }
table { border-collapse: collapse; font-size: 13px; width: 100%; table-layout: fixed; }
td { border-bottom: 1px solid #eee; padding: 3px 12px 3px 0; vertical-align: top; overflow-wrap: anywhere; }
td.k { color: #555; width: 30%; }
table.head td.k { width: 190px; }
ul.warnings { font-size: 13px; color: #8a4b00; overflow-wrap: anywhere; }
details { margin: 8px 0 24px; }
.chart { margin: 12px 0 28px; min-height: 40px; max-width: 100%; overflow-x: auto; }
.chart svg { max-width: 100%; height: auto; }
.hint { color: #666; font-size: 13px; }
`;

/**
 * The charts' specs and the script that embeds each into its `#chart-<name>` element (vega-embed,
 * SVG renderer); `body[data-rendered]` is set once all are drawn, for tests and screenshots.
 */
export function chartScripts(charts: readonly Chart[]): string {
  const specs = Object.fromEntries(charts.map((c) => [c.name, c.spec]));
  return `<script type="application/json" id="specs">${scriptSafe(JSON.stringify(specs))}</script>
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
</script>`;
}

const capitalized = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** `replications`: the run's replications.json (`run --replications`), shown under the run's own figures. */
export function reportHtml(summary: SummaryLike, charts: readonly Chart[], warnings: readonly { path: string; message: string }[] = [], replications: ReplicationsJson | null = null): string {
  const title = `batchsim report: ${typeof summary.scenario === 'string' ? summary.scenario : 'run'}`;
  const all = summaryRows(summary);
  const tr = ([k, v]: [string, string]): string => `<tr><td class="k">${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`;
  const rows = all.map(tr).join('\n');
  const head = headlineRows(summary, warnings).map(tr).join('\n');
  const warningList = warnings.length === 0 ? '' : `<h2>${escapeHtml(m.warningsTitle)}</h2>\n<ul class="warnings">\n${warnings
    .map((w) => `<li>${escapeHtml(w.path === '' ? w.message : `${w.path}: ${w.message}`)}</li>`)
    .join('\n')}\n</ul>`;
  const replicated = replications === null ? '' : `<h2>${escapeHtml(capitalized(m.replicationsTitle(acrossSeeds(replications.seeds))))}</h2>
<table class="head">
${headlineReplications(replications).map(tr).join('\n')}
</table>
<details><summary>${escapeHtml(m.everyReplicatedFigure)}</summary>
<table>
${everyReplication(replications).map(tr).join('\n')}
</table>
</details>
`;
  const sections = charts
    .map((c) => `<h2>${escapeHtml(c.title)}</h2>\n<div class="chart" id="chart-${escapeHtml(c.name)}" data-chart="${escapeHtml(c.name)}"></div>`)
    .join('\n');
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
<table class="head">
${head}
</table>
${replicated}${warningList}
<details><summary>${escapeHtml(m.everyFigure)}</summary>
<table>
${rows}
</table>
</details>
<p class="hint">Hover for values. On time axes: drag to pan, scroll to zoom, double-click to reset.</p>
${sections}
${chartScripts(charts)}
</body>
</html>
`;
}

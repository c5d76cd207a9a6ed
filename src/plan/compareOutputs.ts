// What a comparison shows: the side-by-side table for the terminal, compare.csv, compare.json and
// its chart. Paired differences are to the first scenario; "n.s." marks a difference whose 95%
// interval contains zero.
import { stringify } from 'csv-stringify/sync';
import { compareChart, type CompareChartRow } from '../report/charts/compare.js';
import { chartFiles, writeFilesInPlace } from './files.js';
import type { Comparison } from './compare.js';
import { formatFigure } from '../report/format.js';
import { formatEstimate } from './judge.js';
import type { PairedDifference } from './stats.js';

const cell = (v: number | null): string => (v === null ? '' : String(v));


function differenceText(figure: string, d: PairedDifference): string {
  if (d.mean === null) return 'n/a';
  if (d.mean === 0 && d.halfWidth === 0) return 'identical';
  const sign = d.mean > 0 ? '+' : d.mean < 0 ? '−' : '±';
  const body = `${sign}${formatFigure(figure, Math.abs(d.mean))}`;
  if (d.halfWidth === null) return body;
  return `${body} ± ${formatFigure(figure, d.halfWidth)}${d.significant ? '' : ' n.s.'}`;
}

/** The table: one row per figure, per scenario its estimate and (after the first) its difference. */
export function compareTable(c: Comparison): string {
  const head = ['figure', ...c.scenarios.flatMap((s, i) => (i === 0 ? [s.name] : [s.name, `Δ vs ${c.scenarios[0].name}`]))];
  const rows = c.figures.map((f, k) => [f, ...c.scenarios.flatMap((s, i) => (i === 0 ? [formatEstimate(f, s.estimates[k])] : [formatEstimate(f, s.estimates[k]), differenceText(f, s.differences![k])]))]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => r.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ').trimEnd();
  const notes = [`${c.replications} replication${c.replications === 1 ? '' : 's'} per scenario, seeds ${c.seed}..${c.seed + c.replications - 1} (common random numbers)`];
  if (c.replications < 2) notes.push('one replication gives no interval: differences are not tested for significance (use --replications 10)');
  else notes.push('± is the half-width of the 95% interval (Student t), [low, high] the interval where it is cut at the figure\'s range (no cost or count below 0, no utilisation above 100%); n.s.: the difference is not significant at 95%');
  return [line(head), ...rows.map(line), '', ...notes].join('\n') + '\n';
}

export function compareCsv(c: Comparison): string {
  const rows: string[][] = [['scenario', 'figure', 'n', 'mean', 'ci95Low', 'ci95High', 'differenceMean', 'differenceCi95Low', 'differenceCi95High', 'significant']];
  for (const s of c.scenarios)
    c.figures.forEach((f, k) => {
      const e = s.estimates[k];
      const d = s.differences?.[k];
      rows.push([s.name, f, String(e.n), cell(e.mean), cell(e.ci95Low), cell(e.ci95High), cell(d?.mean ?? null), cell(d?.ci95Low ?? null), cell(d?.ci95High ?? null), d?.significant == null ? '' : String(d.significant)]);
    });
  return stringify(rows);
}

export function compareJson(c: Comparison): unknown {
  return {
    seed: c.seed,
    replications: c.replications,
    figures: c.figures,
    scenarios: c.scenarios.map((s) => ({
      name: s.name,
      figures: Object.fromEntries(c.figures.map((f, k) => [f, { ...s.estimates[k], values: s.values[k], difference: s.differences ? s.differences[k] : null }])),
    })),
  };
}

export async function writeCompareOutputs(dir: string, c: Comparison): Promise<string[]> {
  const rows: CompareChartRow[] = [];
  for (const s of c.scenarios)
    c.figures.forEach((f, k) => {
      const e = s.estimates[k];
      if (e.mean !== null) rows.push({ figure: f, scenario: s.name, mean: e.mean, low: e.ci95Low ?? e.mean, high: e.ci95High ?? e.mean });
    });
  const chart = compareChart(rows, c.scenarios.map((s) => s.name));
  const files: [string, string | Buffer][] = [
    ['compare.csv', compareCsv(c)],
    ['compare.json', JSON.stringify(compareJson(c), null, 2) + '\n'],
    ...(await chartFiles([chart])),
  ];
  return writeFilesInPlace(dir, files);
}

// The `batchsim check` chart: cumulative distribution of queue wait (submit -> RUNNING) in the real
// history and in its simulated replay, as a vega-lite spec. Same waits -> same bytes.
import { FONT, type VlSpec } from './specs.js';

/** At most this many points per curve: an ECDF of 200,000 jobs is drawn from its quantiles. */
const MAX_POINTS = 500;

function ecdf(series: string, waitsSeconds: readonly number[]): { series: string; waitSeconds: number; fraction: number }[] {
  const xs = [...waitsSeconds].sort((a, b) => a - b);
  const n = xs.length;
  if (n === 0) return [];
  const step = Math.max(1, Math.ceil(n / MAX_POINTS));
  const out: { series: string; waitSeconds: number; fraction: number }[] = [];
  for (let i = 0; i < n; i += step) out.push({ series, waitSeconds: Number(xs[i].toFixed(3)), fraction: Number(((i + 1) / n).toFixed(6)) });
  if ((n - 1) % step !== 0) out.push({ series, waitSeconds: Number(xs[n - 1].toFixed(3)), fraction: 1 });
  return out;
}

export function checkWaitCdfSpec(real: readonly number[], simulated: readonly number[], title = 'Queue wait, real vs simulated'): VlSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: `submit to RUNNING; ${real.length} real and ${simulated.length} simulated jobs` },
    width: 760,
    height: 260,
    config: { font: FONT, background: 'white', padding: 8, view: { stroke: '#ddd' } },
    data: { values: [...ecdf('real', real), ...ecdf('simulated', simulated)] },
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
    encoding: {
      x: { field: 'waitSeconds', type: 'quantitative', title: 'queue wait (s)' },
      y: { field: 'fraction', type: 'quantitative', title: 'fraction of jobs', scale: { domain: [0, 1] } },
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: ['real', 'simulated'], range: ['#444', '#1f77b4'] } },
      strokeDash: { field: 'series', type: 'nominal', legend: null, scale: { domain: ['real', 'simulated'], range: [[1, 0], [6, 3]] } },
    },
  };
}

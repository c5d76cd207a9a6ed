// The chart of a comparison: each figure's mean per scenario with its 95% interval, one row of
// the facet per figure (each with its own scale). Plain data in, a vega-lite spec out.
import { CONFIG, type Chart } from './specs.js';

export interface CompareChartRow {
  figure: string;
  scenario: string;
  mean: number;
  low: number;
  high: number;
}

export function compareChart(rows: readonly CompareChartRow[], scenarios: readonly string[]): Chart {
  const y = { field: 'scenario', type: 'nominal', title: null, sort: [...scenarios] };
  return {
    name: 'compare',
    title: 'Figures by scenario',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: { text: 'Figures by scenario', subtitle: 'means with 95% intervals over replications on common random numbers' },
      config: CONFIG,
      data: { values: rows },
      facet: { row: { field: 'figure', type: 'nominal', title: null, sort: [...new Set(rows.map((r) => r.figure))], header: { labelAngle: 0, labelAlign: 'left', labelFontSize: 12 } } },
      resolve: { scale: { x: 'independent' } },
      spec: {
        width: 560,
        height: { step: 18 },
        layer: [
          { mark: { type: 'bar', color: '#4c78a8', opacity: 0.8 }, encoding: { y, x: { field: 'mean', type: 'quantitative', title: null }, tooltip: [{ field: 'scenario' }, { field: 'figure' }, { field: 'mean', format: ',.4~f' }, { field: 'low', format: ',.4~f' }, { field: 'high', format: ',.4~f' }] } },
          { mark: { type: 'rule', color: '#222' }, encoding: { y, x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } } },
        ],
      },
    },
  };
}

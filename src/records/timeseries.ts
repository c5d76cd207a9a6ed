// The time series: tidy samples, one value per (instant, scope, name, metric), as the recorder
// keeps them, and timeseries.csv.
import type { SampleScope } from '../model/result.js';
import { EncodedStrings } from './bytes.js';
import { csvField } from './format.js';
import { recordTable, type RecordTable } from './table.js';

export const TIMESERIES_COLUMNS = ['time', 'scope', 'name', 'metric', 'value'] as const;

export interface Samples {
  t: number[];
  scope: SampleScope[];
  name: string[];
  metric: string[];
  value: number[];
}

export function emptySamples(): Samples {
  return { t: [], scope: [], name: [], metric: [], value: [] };
}

export function pushSample(s: Samples, at: number, scope: SampleScope, name: string, metric: string, value: number): void {
  s.t.push(at);
  s.scope.push(scope);
  s.name.push(name);
  s.metric.push(metric);
  s.value.push(value);
}

/** Drop the samples after `at`; returns the instant of the last one kept, or -1. */
export function truncateSamples(s: Samples, at: number): number {
  while (s.t.length > 0 && s.t[s.t.length - 1] > at) {
    s.t.pop();
    s.scope.pop();
    s.name.pop();
    s.metric.pop();
    s.value.pop();
  }
  return s.t.length > 0 ? s.t[s.t.length - 1] : -1;
}

/** timeseries.csv. */
export function timeseriesTable(s: Samples): RecordTable {
  const names = new EncodedStrings(csvField);
  const plain = new EncodedStrings();
  return recordTable({
    name: 'timeseries',
    columns: TIMESERIES_COLUMNS,
    rowCount: s.t.length,
    writeRow: (i, w) => {
      w.seconds(s.t[i]);
      w.comma();
      w.bytes(plain.get(s.scope[i]));
      w.comma();
      w.bytes(names.get(s.name[i]));
      w.comma();
      w.bytes(plain.get(s.metric[i]));
      w.comma();
      w.number(s.value[i]);
    },
  });
}

// The time series as the recorder keeps them, and timeseries.csv. Rows are sample-and-hold: a
// series gets a row at its first sampling instant, then only at instants where its value changed,
// and every series gets a row at the end of the run. A reader forward-fills: a series' value at
// time t is the value of its last row at or before t (README, "timeseries.csv").
import type { SampleScope } from '../model/result.js';
import { csvField } from './format.js';
import { recordTable, type RecordTable } from './table.js';

export const TIMESERIES_COLUMNS = ['time', 'scope', 'name', 'metric', 'value'] as const;

export interface SeriesKey {
  scope: SampleScope;
  name: string;
  metric: string;
}

/** Change-only rows, in time order: row i is series `id[i]` taking `value[i]` at `t[i]` ms. */
export interface Samples {
  series: SeriesKey[];
  t: number[];
  id: number[];
  value: number[];
  /** Each series' value in its last row (NaN: no row yet). */
  last: number[];
}

export function emptySamples(): Samples {
  return { series: [], t: [], id: [], value: [], last: [] };
}

export function addSeries(s: Samples, key: SeriesKey): number {
  s.series.push(key);
  s.last.push(NaN);
  return s.series.length - 1;
}

/** A sampling instant's value: a row only when it differs from the series' last row. */
export function pushSample(s: Samples, at: number, id: number, value: number): void {
  if (s.last[id] === value) return;
  s.last[id] = value;
  s.t.push(at);
  s.id.push(id);
  s.value.push(value);
}

/** Drop the rows after `at` (each series' last value is then that of its last row kept). */
export function truncateSamples(s: Samples, at: number): void {
  let n = s.t.length;
  if (n === 0 || s.t[n - 1] <= at) return;
  while (n > 0 && s.t[n - 1] > at) n--;
  s.t.length = n;
  s.id.length = n;
  s.value.length = n;
  s.last.fill(NaN);
  let open = s.series.length;
  for (let i = n - 1; i >= 0 && open > 0; i--) {
    if (Number.isNaN(s.last[s.id[i]])) {
      s.last[s.id[i]] = s.value[i];
      open--;
    }
  }
}

/** Close every series at `endAt`: the rows at `endAt` become one per series, in series order. */
export function closeSamples(s: Samples, endAt: number): void {
  let n = s.t.length;
  while (n > 0 && s.t[n - 1] >= endAt) n--;
  s.t.length = n;
  s.id.length = n;
  s.value.length = n;
  for (let id = 0; id < s.series.length; id++) {
    if (Number.isNaN(s.last[id])) continue;
    s.t.push(endAt);
    s.id.push(id);
    s.value.push(s.last[id]);
  }
}

/** timeseries.csv. */
export function timeseriesTable(s: Samples): RecordTable {
  // One encoded key per series ("scope,name,metric"), written as bytes with the row's time and value.
  const keys = s.series.map((k) => Buffer.from(`${k.scope},${csvField(k.name)},${k.metric}`, 'utf8'));
  return recordTable({
    name: 'timeseries',
    columns: TIMESERIES_COLUMNS,
    rowCount: s.t.length,
    writeRow: (i, w) => {
      w.seconds(s.t[i]);
      w.comma();
      w.bytes(keys[s.id[i]]);
      w.comma();
      w.number(s.value[i]);
    },
  });
}

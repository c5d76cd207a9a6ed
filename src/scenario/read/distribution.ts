// Duration distributions: a bare duration (fixed), or one of the kinds of fields/distribution.ts;
// empirical samples come from a CSV column of a side file that load has read.
import { csvParse } from '../../engine/lazy.js';
import { lognormalFromMedianP95, type DistributionSpec } from '../../engine/distribution.js';
import { DISTRIBUTION, EMPIRICAL, EXPONENTIAL, LOGNORMAL, UNIFORM } from '../fields/distribution.js';
import { joinPath } from '../issues.js';
import * as m from '../messages.js';
import { isObj, type Obj, type Reader } from './reader.js';
import { parseDurationMs } from './units.js';

const KINDS = Object.keys(DISTRIBUTION.fields);
const LN_1000 = Math.log(1000);

/** A duration distribution in ms. A bare number or duration string is a fixed value. */
export function readDistribution(r: Reader, value: unknown, path: string, files: Map<string, string>): DistributionSpec | undefined {
  if (typeof value === 'number' || typeof value === 'string') {
    const ms = r.checkDuration(value, path);
    return ms === undefined ? undefined : { kind: 'fixed', value: ms };
  }
  if (!isObj(value)) {
    r.error(path, m.expected(m.EXPECTED.durationOrDistribution, value));
    return undefined;
  }
  const keys = Object.keys(value);
  if (keys.length !== 1) {
    r.error(path, m.exactlyOneOf(KINDS, keys));
    return undefined;
  }
  const kind = keys[0];
  const inner = value[kind];
  const at = joinPath(path, kind);
  switch (kind) {
    case 'fixed': {
      const ms = r.checkDuration(inner, at);
      return ms === undefined ? undefined : { kind: 'fixed', value: ms };
    }
    case 'exponential': {
      const o = r.object(inner, at, EXPONENTIAL);
      const mean = o ? r.field(o, EXPONENTIAL, 'mean', at) : undefined;
      if (mean === 0) r.error(joinPath(at, 'mean'), m.above(0, 0));
      return mean ? { kind: 'exponential', mean } : undefined;
    }
    case 'uniform': {
      const o = r.object(inner, at, UNIFORM);
      if (!o) return undefined;
      const min = r.field(o, UNIFORM, 'min', at);
      const max = r.field(o, UNIFORM, 'max', at);
      if (min === undefined || max === undefined) return undefined;
      if (min > max) {
        r.error(at, m.minAboveMax(String(o.min), String(o.max)));
        return undefined;
      }
      return { kind: 'uniform', min, max };
    }
    case 'lognormal':
      return readLognormal(r, inner, at);
    case 'empirical':
      return readEmpirical(r, inner, at, files);
    default:
      r.error(at, m.unknownDistribution(kind, KINDS));
      return undefined;
  }
}

function readLognormal(r: Reader, value: unknown, path: string): DistributionSpec | undefined {
  const o = r.object(value, path, LOGNORMAL);
  if (!o) return undefined;
  if (o.median !== undefined || o.p95 !== undefined) {
    if (o.mu !== undefined || o.sigma !== undefined) {
      r.error(path, m.lognormalForm());
      return undefined;
    }
    const median = r.field(o, LOGNORMAL, 'median', path, true);
    const p95 = r.field(o, LOGNORMAL, 'p95', path, true);
    if (median === undefined || p95 === undefined) return undefined;
    if (median <= 0) {
      r.error(joinPath(path, 'median'), m.above(0, median / 1000));
      return undefined;
    }
    if (p95 <= median) {
      r.error(joinPath(path, 'p95'), m.p95NotAboveMedian());
      return undefined;
    }
    return { kind: 'lognormal', ...lognormalFromMedianP95(median, p95) };
  }
  if (o.mu === undefined && o.sigma === undefined) {
    r.error(path, m.lognormalForm());
    return undefined;
  }
  const mu = r.field(o, LOGNORMAL, 'mu', path, true);
  const sigma = r.field(o, LOGNORMAL, 'sigma', path, true);
  if (mu === undefined || sigma === undefined) return undefined;
  // mu is of ln(seconds); ln(ms) = ln(seconds) + ln(1000).
  return { kind: 'lognormal', mu: mu + LN_1000, sigma };
}

function readEmpirical(r: Reader, value: unknown, path: string, files: Map<string, string>): DistributionSpec | undefined {
  const o = r.object(value, path, EMPIRICAL);
  if (!o) return undefined;
  const file = r.field(o, EMPIRICAL, 'file', path);
  const column = r.field(o, EMPIRICAL, 'column', path);
  if (file === undefined || column === undefined) return undefined;
  const text = files.get(file);
  if (text === undefined) {
    r.error(joinPath(path, 'file'), m.sideFileNotLoaded(file));
    return undefined;
  }
  let rows: Record<string, string>[];
  try {
    rows = csvParse().parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  } catch (e) {
    r.error(joinPath(path, 'file'), m.badCsv(file, e instanceof Error ? e.message : String(e)));
    return undefined;
  }
  const columns = rows.length > 0 ? Object.keys(rows[0]) : csvHeader(text);
  if (!columns.includes(column)) {
    r.error(joinPath(path, 'column'), m.noSuchColumn(column, file, columns));
    return undefined;
  }
  const samples: number[] = [];
  let bad = false;
  rows.forEach((row, i) => {
    const ms = parseDurationMs(row[column]);
    if (ms === null) {
      // Row numbers count the header as row 1, as a spreadsheet shows them.
      r.error(joinPath(path, 'file'), m.badSampleCell(file, i + 2, column, row[column]));
      bad = true;
    } else samples.push(ms);
  });
  if (bad) return undefined;
  if (samples.length === 0) {
    r.error(joinPath(path, 'file'), m.noSamples(file));
    return undefined;
  }
  return { kind: 'empirical', samples };
}

function csvHeader(text: string): string[] {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  return first === '' ? [] : first.split(',').map((c) => c.trim());
}

/** A distribution field of `o`, or `fallback` when it is absent or wrong (wrong is reported). */
export function distributionField(r: Reader, o: Obj, key: string, path: string, files: Map<string, string>, fallback: DistributionSpec): DistributionSpec {
  const value = r.get(o, key, path);
  if (value === undefined) return fallback;
  return readDistribution(r, value, joinPath(path, key), files) ?? fallback;
}

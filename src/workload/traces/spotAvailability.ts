// Reader of a Spot availability trace: a CSV of per-instance-type reclaim signal over time, turned
// into a piecewise-constant reclaim hazard per type (scenario/types.ts SpotHazardTrace). Pure; errors
// carry the file's line, as the job trace readers' do.
import type { SpotHazardTrace } from '../../scenario/types.js';
import { parseIsoInstantMs } from '../schedule.js';
import * as m from '../messages.js';
import { MAX_ERRORS, mergeErrors, readCsvRows, traceDurationMs, type TraceError } from './common.js';

export interface SpotTraceOptions {
  /** Epoch ms of the scenario's time 0: ISO instants in the file are read relative to it. */
  startAtMs: number;
  /** Rows whose `region` cell is another region are left out (when the column exists). */
  region: string;
  /** Keep only this zone's rows (when the column exists); null: a type must not span zones. */
  availabilityZone: string | null;
}

export type SpotTraceResult = { ok: true; trace: SpotHazardTrace['byInstanceType'] } | { ok: false; errors: TraceError[] };

/**
 * An interval in which every instance is reclaimed (probability 1) would be an infinite hazard; it is
 * read as probability 1 - 1e-9, so the hazard stays finite (20.7 reclaims per interval) and the
 * model's arithmetic does not need a special case [EST].
 */
export const CERTAIN_RECLAIM = 1 - 1e-9;

const INSTANT = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/;

interface Row {
  line: number;
  atMs: number;
  instanceType: string;
  zone: string;
  perHour: number | null;
  probability: number | null;
  intervalMs: number | null;
}

/**
 * Columns (header row, any order; `#` lines are comments): `time`, `instanceType`, optional
 * `region` and `availabilityZone`, and exactly one of `reclaimsPerHour` (the hazard itself) or
 * `interruptionProbability` (the chance q that an instance running through the row's interval is
 * reclaimed in it: hazard = -ln(1 - q) / interval). The interval is the optional `interval` column,
 * else the gap to the type's next row (the last row repeats the gap before it).
 */
export function parseSpotTrace(text: string, options: SpotTraceOptions): SpotTraceResult {
  const read = readCsvRows(text, '#');
  if (!read.ok) return read;
  const rows = read.rows;
  const header = rows[0].record;
  const headerLine = rows[0].info.lines;
  const col = (name: string): number => header.indexOf(name);
  const errors: TraceError[] = [];
  for (const required of ['time', 'instanceType']) if (col(required) < 0) errors.push({ line: headerLine, message: m.noColumnFor(required, required, header) });
  const rateCol = col('reclaimsPerHour');
  const probCol = col('interruptionProbability');
  if ((rateCol < 0) === (probCol < 0)) errors.push({ line: headerLine, message: m.spotTraceOneRate() });
  if (errors.length > 0) return { ok: false, errors: mergeErrors(read.errors, errors) };
  const [timeCol, typeCol, regionCol, zoneCol, intervalCol] = ['time', 'instanceType', 'region', 'availabilityZone', 'interval'].map(col);

  const kept: Row[] = [];
  for (let r = 1; r < rows.length && errors.length < MAX_ERRORS; r++) {
    const { record, info } = rows[r];
    const cell = (i: number): string => (i < 0 ? '' : (record[i] ?? ''));
    const fail = (column: keyof typeof m.SPOT_CELL): void => {
      errors.push({ line: info.lines, message: m.badCell(column, cell(col(column)), m.SPOT_CELL[column]) });
    };
    if (regionCol >= 0 && cell(regionCol) !== '' && cell(regionCol) !== options.region) continue;
    const zone = cell(zoneCol);
    if (options.availabilityZone !== null && zoneCol >= 0 && zone !== options.availabilityZone) continue;
    const timeText = cell(timeCol);
    let atMs: number | null;
    if (INSTANT.test(timeText)) {
      const epoch = parseIsoInstantMs(timeText);
      atMs = epoch === null || Number.isNaN(epoch) ? null : epoch - options.startAtMs;
      if (atMs !== null && atMs < 0) {
        errors.push({ line: info.lines, message: m.spotTraceBeforeStart(timeText) });
        continue;
      }
    } else atMs = timeText === '' ? null : traceDurationMs(timeText);
    if (atMs === null || Number.isNaN(atMs)) {
      fail('time');
      continue;
    }
    const instanceType = cell(typeCol);
    if (instanceType === '') {
      fail('instanceType');
      continue;
    }
    let perHour: number | null = null;
    let probability: number | null = null;
    if (rateCol >= 0) {
      const v = Number(cell(rateCol));
      if (cell(rateCol) === '' || !Number.isFinite(v) || v < 0) {
        fail('reclaimsPerHour');
        continue;
      }
      perHour = v;
    } else {
      const v = Number(cell(probCol));
      if (cell(probCol) === '' || !Number.isFinite(v) || v < 0 || v > 1) {
        fail('interruptionProbability');
        continue;
      }
      probability = v;
    }
    let intervalMs: number | null = null;
    if (intervalCol >= 0 && cell(intervalCol) !== '') {
      intervalMs = traceDurationMs(cell(intervalCol));
      if (intervalMs === null || !(intervalMs > 0)) {
        fail('interval');
        continue;
      }
    }
    kept.push({ line: info.lines, atMs, instanceType, zone, perHour, probability, intervalMs });
  }
  if (errors.length > 0 || read.errors.length > 0) return { ok: false, errors: mergeErrors(read.errors, errors) };

  // Group by type in order of first appearance, then sort each type's output by type name.
  const byType = new Map<string, Row[]>();
  for (const row of kept) {
    let list = byType.get(row.instanceType);
    if (!list) byType.set(row.instanceType, (list = []));
    list.push(row);
  }
  const out: SpotHazardTrace['byInstanceType'] = {};
  for (const type of [...byType.keys()].sort()) {
    const list = byType.get(type)!;
    const zones = [...new Set(list.map((x) => x.zone))].sort();
    if (options.availabilityZone === null && zones.length > 1) {
      errors.push({ line: list[0].line, message: m.spotTraceSeveralZones(type, zones) });
      continue;
    }
    const atMs: number[] = [];
    const perHour: number[] = [];
    for (let k = 0; k < list.length; k++) {
      const row = list[k];
      if (k > 0 && row.atMs <= list[k - 1].atMs) {
        errors.push({ line: row.line, message: m.spotTraceNotAscending(type, String(row.atMs / 1000)) });
        break;
      }
      let rate = row.perHour;
      if (rate === null) {
        const gap = row.intervalMs ?? (k + 1 < list.length ? list[k + 1].atMs - row.atMs : k > 0 ? row.atMs - list[k - 1].atMs : null);
        if (gap === null) {
          errors.push({ line: row.line, message: m.spotTraceNoInterval(type) });
          break;
        }
        const q = Math.min(row.probability!, CERTAIN_RECLAIM);
        // q = 0 is rate 0 (not -0, which would print as "-0").
        rate = q === 0 ? 0 : -Math.log(1 - q) / (gap / 3_600_000);
      }
      atMs.push(row.atMs);
      perHour.push(rate);
    }
    out[type] = { atMs, perHour };
  }
  if (errors.length > 0) return { ok: false, errors };
  if (Object.keys(out).length === 0) return { ok: false, errors: [{ line: null, message: m.spotTraceNoRows() }] };
  return { ok: true, trace: out };
}

// Durations and sizes as a scenario writes them: a number in a default unit, or a string with units.
import { parseDurationText, parseSizeText } from '../../engine/units.js';

/** Integer ms from a number of seconds or a string like "500ms", "90s", "1h30m"; null if neither. */
export function parseDurationMs(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value * 1000) : null;
  return typeof value === 'string' ? parseDurationText(value) : null;
}

/** MiB (possibly fractional) from "16 GiB", "2 GB" …; a bare number is in `numberUnit`. */
export function parseSizeMiB(value: unknown, numberUnit: 'MiB' | 'GiB'): number | null {
  const scale = numberUnit === 'GiB' ? 1024 : 1;
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * scale : null;
  return typeof value === 'string' ? parseSizeText(value, scale) : null;
}

/**
 * A duration this long written as a bare number (seconds) is most likely milliseconds written
 * bare: the reader warns of it where a number was written, never where a unit was ("400d").
 */
export const UNIT_SUSPECT_MS = 30 * 86_400_000;

/** Whether a value as written holds a bare number anywhere (a distribution's mean, a fixed runtime …). */
export function writtenAsNumber(value: unknown): boolean {
  if (typeof value === 'number') return true;
  if (Array.isArray(value)) return value.some(writtenAsNumber);
  return typeof value === 'object' && value !== null && Object.values(value).some(writtenAsNumber);
}

// EventBridge Scheduler/Rules schedule expressions (`cron(…)` with six fields, `rate(…)`), in UTC:
// a parser with precise messages and the next firing after an instant, stepped by calendar fields.

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Day-of-month rules (day-of-week is "?"). */
export interface DayOfMonthRule {
  field: 'dayOfMonth';
  /** Plain days 1-31 (a day past the end of a month never fires in that month). */
  days: readonly number[];
  /** `L`: the last day of the month. */
  last: boolean;
  /** `LW`: the last weekday (MON-FRI) of the month. */
  lastWeekday: boolean;
  /** `nW`: the weekday nearest to day n, never crossing into another month. */
  nearestWeekday: readonly number[];
}

/** Day-of-week rules (day-of-month is "?"); weekdays are 1-7 = SUN-SAT. */
export interface DayOfWeekRule {
  field: 'dayOfWeek';
  weekdays: readonly number[];
  /** `nL`: the last such weekday of the month. */
  lastOf: readonly number[];
  /** `n#k`: the k-th such weekday of the month. */
  nth: readonly { weekday: number; n: number }[];
}

export interface CronSchedule {
  kind: 'cron';
  expression: string;
  /** Sorted, distinct. */
  minutes: readonly number[];
  hours: readonly number[];
  /** Months 1-12. */
  months: readonly number[];
  /** 1970-2199. */
  years: readonly number[];
  days: DayOfMonthRule | DayOfWeekRule;
}

export interface RateSchedule {
  kind: 'rate';
  expression: string;
  periodMs: number;
}

export type Schedule = CronSchedule | RateSchedule;

export type ParsedSchedule = { ok: true; schedule: Schedule } | { ok: false; message: string };

// ---------------------------------------------------------------- parsing

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const FIELD_ORDER = 'minutes hours day-of-month month day-of-week year';

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  /** Names for min, min+1, … (months, weekdays). */
  names?: readonly string[];
  /** How the allowed values read in a message. */
  allowed: string;
}

const MINUTES: FieldSpec = { name: 'minutes', min: 0, max: 59, allowed: '0-59' };
const HOURS: FieldSpec = { name: 'hours', min: 0, max: 23, allowed: '0-23' };
const DAY_OF_MONTH: FieldSpec = { name: 'day-of-month', min: 1, max: 31, allowed: '1-31, L, LW or nW' };
const MONTH: FieldSpec = { name: 'month', min: 1, max: 12, names: MONTH_NAMES, allowed: '1-12 or JAN-DEC' };
const DAY_OF_WEEK: FieldSpec = { name: 'day-of-week', min: 1, max: 7, names: DAY_NAMES, allowed: '1-7 or SUN-SAT, nL or n#k' };
const YEAR: FieldSpec = { name: 'year', min: 1970, max: 2199, allowed: '1970-2199' };

class CronError extends Error {}

const fail = (spec: FieldSpec, detail: string): never => {
  throw new CronError(`${spec.name}: ${detail}`);
};

/** One value of a field: a number or (months, weekdays) a name. */
function parseValue(text: string, spec: FieldSpec, item: string): number {
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    if (value < spec.min || value > spec.max) fail(spec, `${value} is out of range in "${item}"; use ${spec.allowed}`);
    return value;
  }
  if (spec.names && /^[A-Za-z]+$/.test(text)) {
    const index = spec.names.indexOf(text.toUpperCase());
    if (index < 0) fail(spec, `unknown name "${text}" in "${item}"; use ${spec.allowed}`);
    return spec.min + index;
  }
  return fail(spec, text === '' ? `empty value in "${item}"` : `"${text}" is not a value in "${item}"; use ${spec.allowed}`);
}

/** `*`, `a`, `a-b`, each with an optional `/step`: the values it selects. */
function parseRangeItem(item: string, spec: FieldSpec): number[] {
  const slash = item.indexOf('/');
  const base = slash < 0 ? item : item.slice(0, slash);
  let step = 1;
  if (slash >= 0) {
    const stepText = item.slice(slash + 1);
    if (!/^\d+$/.test(stepText) || Number(stepText) < 1)
      fail(spec, `bad step "/${stepText}" in "${item}": must be a whole number of at least 1`);
    step = Number(stepText);
    if (step > spec.max - spec.min + 1) fail(spec, `bad step "/${stepText}" in "${item}": larger than the field's range ${spec.min}-${spec.max}`);
  }
  let from: number;
  let to: number;
  if (base === '*') {
    from = spec.min;
    to = spec.max;
  } else {
    const dash = base.indexOf('-');
    if (dash < 0) {
      from = parseValue(base, spec, item);
      // `a/n` runs from a to the end of the field; a plain `a` is a single value.
      to = slash >= 0 ? spec.max : from;
    } else {
      from = parseValue(base.slice(0, dash), spec, item);
      to = parseValue(base.slice(dash + 1), spec, item);
      if (from > to) fail(spec, `bad range "${base}": ${base.slice(0, dash)} comes after ${base.slice(dash + 1)}`);
    }
  }
  const values: number[] = [];
  for (let v = from; v <= to; v += step) values.push(v);
  return values;
}

function items(text: string, spec: FieldSpec): string[] {
  if (text.includes('?')) fail(spec, `"?" is allowed only alone, and only in day-of-month or day-of-week, got "${text}"`);
  const parts = text.split(',');
  for (const part of parts) if (part === '') fail(spec, `empty item in list "${text}"`);
  return parts;
}

const sortedUnique = (values: Iterable<number>): number[] => [...new Set(values)].sort((a, b) => a - b);

function parseNumericField(text: string, spec: FieldSpec): number[] {
  return sortedUnique(items(text, spec).flatMap((item) => parseRangeItem(item, spec)));
}

function parseDayOfMonth(text: string): DayOfMonthRule {
  const rule = { field: 'dayOfMonth' as const, days: [] as number[], last: false, lastWeekday: false, nearestWeekday: [] as number[] };
  for (const item of items(text, DAY_OF_MONTH)) {
    const upper = item.toUpperCase();
    if (upper === 'L') rule.last = true;
    else if (upper === 'LW') rule.lastWeekday = true;
    else if (/^\d+W$/i.test(item)) rule.nearestWeekday.push(parseValue(item.slice(0, -1), DAY_OF_MONTH, item));
    else if (/[LW]/i.test(item)) fail(DAY_OF_MONTH, `"${item}" is not a value; L, LW and nW (e.g. 15W) stand alone`);
    else rule.days.push(...parseRangeItem(item, DAY_OF_MONTH));
  }
  return { ...rule, days: sortedUnique(rule.days), nearestWeekday: sortedUnique(rule.nearestWeekday) };
}

function parseDayOfWeek(text: string): DayOfWeekRule {
  const rule = { field: 'dayOfWeek' as const, weekdays: [] as number[], lastOf: [] as number[], nth: [] as { weekday: number; n: number }[] };
  for (const item of items(text, DAY_OF_WEEK)) {
    const hash = /^([A-Za-z]+|\d+)#(.*)$/.exec(item);
    const last = /^([A-Za-z]+|\d+)L$/i.exec(item);
    if (item.toUpperCase() === 'L') rule.weekdays.push(7); // alone, L is the last day of the week
    else if (hash) {
      const weekday = parseValue(hash[1], DAY_OF_WEEK, item);
      if (!/^[1-5]$/.test(hash[2])) fail(DAY_OF_WEEK, `bad occurrence "#${hash[2]}" in "${item}": must be 1-5`);
      rule.nth.push({ weekday, n: Number(hash[2]) });
    } else if (last && !DAY_NAMES.includes(item.toUpperCase())) rule.lastOf.push(parseValue(last[1], DAY_OF_WEEK, item));
    else if (item.includes('#')) fail(DAY_OF_WEEK, `"${item}" is not a value; write n#k, e.g. 6#3 for the third Friday`);
    else rule.weekdays.push(...parseRangeItem(item, DAY_OF_WEEK));
  }
  return { ...rule, weekdays: sortedUnique(rule.weekdays), lastOf: sortedUnique(rule.lastOf) };
}

function parseCron(expression: string, body: string): CronSchedule {
  const fields = body.trim() === '' ? [] : body.trim().split(/\s+/);
  if (fields.length !== 6) throw new CronError(`cron needs 6 fields (${FIELD_ORDER}), got ${fields.length}`);
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields;
  const domAny = dayOfMonth === '?';
  const dowAny = dayOfWeek === '?';
  if (!domAny && !dowAny)
    throw new CronError(`day-of-month ("${dayOfMonth}") and day-of-week ("${dayOfWeek}") are both set; one of them must be "?"`);
  if (domAny && dowAny) throw new CronError('day-of-month and day-of-week are both "?"; exactly one of them must be "?"');
  return {
    kind: 'cron',
    expression,
    minutes: parseNumericField(minutes, MINUTES),
    hours: parseNumericField(hours, HOURS),
    months: parseNumericField(month, MONTH),
    years: parseNumericField(year, YEAR),
    days: domAny ? parseDayOfWeek(dayOfWeek) : parseDayOfMonth(dayOfMonth),
  };
}

const RATE_UNITS_MS: Record<string, number> = {
  minute: MINUTE_MS, minutes: MINUTE_MS, hour: HOUR_MS, hours: HOUR_MS, day: DAY_MS, days: DAY_MS,
};

function parseRate(expression: string, body: string): RateSchedule {
  const parts = body.trim() === '' ? [] : body.trim().split(/\s+/);
  if (parts.length !== 2) throw new CronError(`rate needs a value and a unit, like rate(5 minutes), got ${parts.length} part${parts.length === 1 ? '' : 's'}`);
  const [value, unit] = parts;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new CronError(`rate value must be a whole number of at least 1, got "${value}"`);
  const unitMs = RATE_UNITS_MS[unit];
  if (unitMs === undefined) throw new CronError(`rate unit must be minute(s), hour(s) or day(s), got "${unit}"`);
  // AWS refuses rate(5 minute) and rate(1 minutes): the singular for 1, the plural above.
  const singular = unit.replace(/s$/, '');
  const wanted = Number(value) === 1 ? singular : `${singular}s`;
  if (unit !== wanted) throw new CronError(`AWS takes the singular unit for a value of 1 and the plural above it: write rate(${value} ${wanted})`);
  return { kind: 'rate', expression, periodMs: Number(value) * unitMs };
}

/** Parses `cron(…)` or `rate(…)`; the message names the field and what was wrong. */
export function parseSchedule(expression: string): ParsedSchedule {
  const text = expression.trim();
  const match = /^(cron|rate)\((.*)\)$/s.exec(text);
  if (!match) return { ok: false, message: `must be "cron(…)" or "rate(…)", got ${JSON.stringify(expression)}` };
  try {
    return { ok: true, schedule: match[1] === 'cron' ? parseCron(text, match[2]) : parseRate(text, match[2]) };
  } catch (e) {
    if (e instanceof CronError) return { ok: false, message: e.message };
    throw e;
  }
}

// ---------------------------------------------------------------- firing times

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();
/** 1-7 = SUN-SAT, as in the cron day-of-week field. */
const weekdayOf = (year: number, month: number, day: number): number => new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;

/** The weekday nearest to `day`, staying inside the month (1st on a Saturday -> Monday 3rd). */
function nearestWeekday(year: number, month: number, day: number, last: number): number {
  const w = weekdayOf(year, month, day);
  if (w === 7) return day === 1 ? 3 : day - 1;
  if (w === 1) return day === last ? day - 2 : day + 1;
  return day;
}

/** Days of the month (sorted) on which the schedule fires. */
function firingDays(days: DayOfMonthRule | DayOfWeekRule, year: number, month: number): number[] {
  const last = daysInMonth(year, month);
  const out = new Set<number>();
  if (days.field === 'dayOfMonth') {
    for (const d of days.days) if (d <= last) out.add(d);
    if (days.last) out.add(last);
    if (days.lastWeekday) out.add(nearestWeekday(year, month, last, last));
    for (const d of days.nearestWeekday) if (d <= last) out.add(nearestWeekday(year, month, d, last));
  } else {
    const first = weekdayOf(year, month, 1);
    for (let d = 1; d <= last; d++) {
      const w = ((first - 1 + d - 1) % 7) + 1;
      if (days.weekdays.includes(w)) out.add(d);
      if (d + 7 > last && days.lastOf.includes(w)) out.add(d);
      if (days.nth.some((r) => r.weekday === w && r.n === Math.ceil(d / 7))) out.add(d);
    }
  }
  return [...out].sort((a, b) => a - b);
}

function nextCronFiring(s: CronSchedule, afterEpochMs: number): number | null {
  // Cron fires on whole minutes: the first candidate is the next minute boundary after the instant.
  const from = new Date(Math.floor(afterEpochMs / MINUTE_MS) * MINUTE_MS + MINUTE_MS);
  const [y0, mo0, d0, h0, mi0] = [from.getUTCFullYear(), from.getUTCMonth() + 1, from.getUTCDate(), from.getUTCHours(), from.getUTCMinutes()];
  for (const year of s.years) {
    if (year < y0) continue;
    for (const month of s.months) {
      if (year === y0 && month < mo0) continue;
      const sameMonth = year === y0 && month === mo0;
      for (const day of firingDays(s.days, year, month)) {
        if (sameMonth && day < d0) continue;
        const sameDay = sameMonth && day === d0;
        for (const hour of s.hours) {
          if (sameDay && hour < h0) continue;
          const sameHour = sameDay && hour === h0;
          const minute = sameHour ? s.minutes.find((m) => m >= mi0) : s.minutes[0];
          if (minute !== undefined) return Date.UTC(year, month - 1, day, hour, minute);
        }
      }
    }
  }
  return null;
}

/**
 * The first firing strictly after `afterEpochMs`, or null when there is none (cron: past 2199).
 * A rate schedule fires at origin + k × period for k >= 1; the origin defaults to the instant itself,
 * so chaining calls from the start instant gives start + period, start + 2 × period, …
 */
export function nextFiring(schedule: Schedule, afterEpochMs: number, originEpochMs: number = afterEpochMs): number | null {
  if (schedule.kind === 'cron') return nextCronFiring(schedule, afterEpochMs);
  const k = Math.max(1, Math.floor((afterEpochMs - originEpochMs) / schedule.periodMs) + 1);
  return originEpochMs + k * schedule.periodMs;
}

/** Whether a schedule fires at least once at or after `fromEpochMs` (a cron in a past year or on 30 February never does). */
export function firesFrom(schedule: Schedule, fromEpochMs: number): boolean {
  return nextFiring(schedule, fromEpochMs - 1) !== null;
}

// ---------------------------------------------------------------- start instant

/**
 * Epoch ms of an ISO 8601 date (`2024-01-01`, midnight UTC) or date-time (`2024-01-01T02:30:00Z`,
 * `…+02:00`; without an offset it is UTC) in 1970-2199, or null. Never reads the machine's time zone.
 */
export function parseIsoInstantMs(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(text.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((v) => (v === undefined ? 0 : Number(v)));
  const ms = match[7] === undefined ? 0 : Number(match[7].padEnd(3, '0'));
  if (year < 1970 || year > 2199) return null; // the years a cron expression can name
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return null;
  let offsetMs = 0;
  const zone = match[8];
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const [oh, om] = [Number(digits.slice(0, 2)), Number(digits.slice(2))];
    if (oh > 23 || om > 59) return null;
    offsetMs = (zone[0] === '-' ? -1 : 1) * (oh * HOUR_MS + om * MINUTE_MS);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMs;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextFiring, parseIsoInstantMs, parseSchedule, type Schedule } from '../../src/workload/schedule.js';

const MIN = 60_000;

function parse(expression: string): Schedule {
  const parsed = parseSchedule(expression);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.schedule;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The first n firings strictly after `after` (ISO, UTC), as ISO strings. */
function firings(expression: string, after: string, n: number): (string | null)[] {
  const schedule = parse(expression);
  const origin = Date.parse(after);
  const out: (string | null)[] = [];
  let t: number | null = origin;
  for (let i = 0; i < n && t !== null; i++) {
    t = nextFiring(schedule, t, origin);
    out.push(iso(t));
  }
  return out;
}

function error(expression: string): string {
  const parsed = parseSchedule(expression);
  if (parsed.ok) throw new Error(`${expression} parsed`);
  return parsed.message;
}

describe('cron firing instants (UTC)', () => {
  it('cron(0 2 * * ? *) fires daily at 02:00', () => {
    expect(firings('cron(0 2 * * ? *)', '2024-01-01T00:00:00Z', 3)).toEqual([
      '2024-01-01T02:00:00.000Z', '2024-01-02T02:00:00.000Z', '2024-01-03T02:00:00.000Z',
    ]);
    // Strictly after: a firing at the instant itself does not count; seconds round up to the next minute.
    expect(firings('cron(0 2 * * ? *)', '2024-01-01T02:00:00Z', 1)).toEqual(['2024-01-02T02:00:00.000Z']);
    expect(firings('cron(0 2 * * ? *)', '2024-01-01T01:59:59.999Z', 1)).toEqual(['2024-01-01T02:00:00.000Z']);
  });

  it('L: the last day of each month, leap years included', () => {
    expect(firings('cron(0 0 L * ? *)', '2024-01-01T00:00:00Z', 3)).toEqual([
      '2024-01-31T00:00:00.000Z', '2024-02-29T00:00:00.000Z', '2024-03-31T00:00:00.000Z',
    ]);
    expect(firings('cron(0 0 L 2 ? *)', '2023-01-01T00:00:00Z', 2)).toEqual(['2023-02-28T00:00:00.000Z', '2024-02-29T00:00:00.000Z']);
  });

  it('MON-FRI skips the weekend', () => {
    // 2024-01-05 is a Friday.
    expect(firings('cron(0 12 ? * MON-FRI *)', '2024-01-05T00:00:00Z', 3)).toEqual([
      '2024-01-05T12:00:00.000Z', '2024-01-08T12:00:00.000Z', '2024-01-09T12:00:00.000Z',
    ]);
    // Day numbers: 2-6 = MON-FRI.
    expect(firings('cron(0 12 ? * 2-6 *)', '2024-01-05T00:00:00Z', 3)).toEqual(firings('cron(0 12 ? * MON-FRI *)', '2024-01-05T00:00:00Z', 3));
  });

  it('6#3: the third Friday; 6L: the last Friday', () => {
    expect(firings('cron(0 9 ? * 6#3 *)', '2024-01-01T00:00:00Z', 3)).toEqual([
      '2024-01-19T09:00:00.000Z', '2024-02-16T09:00:00.000Z', '2024-03-15T09:00:00.000Z',
    ]);
    expect(firings('cron(0 9 ? * FRI#3 *)', '2024-01-01T00:00:00Z', 1)).toEqual(['2024-01-19T09:00:00.000Z']);
    expect(firings('cron(0 9 ? * 6L *)', '2024-01-01T00:00:00Z', 2)).toEqual(['2024-01-26T09:00:00.000Z', '2024-02-23T09:00:00.000Z']);
    // A fifth Friday exists only in some months: March 2024 has five (1, 8, 15, 22, 29).
    expect(firings('cron(0 9 ? * 6#5 *)', '2024-01-01T00:00:00Z', 1)).toEqual(['2024-03-29T09:00:00.000Z']);
  });

  it('15W: the nearest weekday when the 15th falls on a weekend', () => {
    // 2024-06-15 is a Saturday -> Friday 14th; 2024-09-15 is a Sunday -> Monday 16th.
    expect(firings('cron(0 0 15W * ? *)', '2024-06-01T00:00:00Z', 1)).toEqual(['2024-06-14T00:00:00.000Z']);
    expect(firings('cron(0 0 15W * ? *)', '2024-09-01T00:00:00Z', 1)).toEqual(['2024-09-16T00:00:00.000Z']);
    // A weekday 15th is itself: 2024-01-15 is a Monday.
    expect(firings('cron(0 0 15W * ? *)', '2024-01-01T00:00:00Z', 1)).toEqual(['2024-01-15T00:00:00.000Z']);
  });

  it('1W never crosses into the previous month; LW is the last weekday', () => {
    // 2024-06-01 is a Saturday -> Monday 3rd, not Friday 31 May.
    expect(firings('cron(0 0 1W * ? *)', '2024-05-31T00:00:00Z', 1)).toEqual(['2024-06-03T00:00:00.000Z']);
    // 2023-12-31 is a Sunday -> 31W is Friday 29th, not Monday 1 January.
    expect(firings('cron(0 0 31W 12 ? *)', '2023-01-01T00:00:00Z', 1)).toEqual(['2023-12-29T00:00:00.000Z']);
    // 2024-03-31 is a Sunday -> the last weekday is Friday 29th.
    expect(firings('cron(0 0 LW 3 ? *)', '2024-01-01T00:00:00Z', 1)).toEqual(['2024-03-29T00:00:00.000Z']);
  });

  it('0/15 fires every quarter hour', () => {
    expect(firings('cron(0/15 * * * ? *)', '2024-01-01T00:07:00Z', 4)).toEqual([
      '2024-01-01T00:15:00.000Z', '2024-01-01T00:30:00.000Z', '2024-01-01T00:45:00.000Z', '2024-01-01T01:00:00.000Z',
    ]);
    expect(firings('cron(*/20 * * * ? *)', '2024-01-01T23:41:00Z', 2)).toEqual(['2024-01-02T00:00:00.000Z', '2024-01-02T00:20:00.000Z']);
    expect(firings('cron(10-40/15 * * * ? *)', '2024-01-01T00:00:00Z', 4)).toEqual([
      '2024-01-01T00:10:00.000Z', '2024-01-01T00:25:00.000Z', '2024-01-01T00:40:00.000Z', '2024-01-01T01:10:00.000Z',
    ]);
  });

  it('29 February fires only in leap years', () => {
    expect(firings('cron(0 0 29 2 ? *)', '2024-03-01T00:00:00Z', 2)).toEqual(['2028-02-29T00:00:00.000Z', '2032-02-29T00:00:00.000Z']);
    // 2100 is not a leap year.
    expect(firings('cron(0 0 29 2 ? *)', '2096-03-01T00:00:00Z', 1)).toEqual(['2104-02-29T00:00:00.000Z']);
  });

  it('the year field bounds the schedule; past it there is no firing', () => {
    expect(firings('cron(0 0 1 JAN ? 2026-2027)', '2024-01-01T00:00:00Z', 3)).toEqual([
      '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z', null,
    ]);
    expect(nextFiring(parse('cron(0 0 30 2 ? *)'), Date.parse('2024-01-01T00:00:00Z'))).toBeNull();
  });

  it('lists, names and months combine', () => {
    expect(firings('cron(30 8,17 1,15 JAN,JUL ? *)', '2024-01-01T00:00:00Z', 5)).toEqual([
      '2024-01-01T08:30:00.000Z', '2024-01-01T17:30:00.000Z', '2024-01-15T08:30:00.000Z', '2024-01-15T17:30:00.000Z',
      '2024-07-01T08:30:00.000Z',
    ]);
  });

  it('agrees with a minute-by-minute scan (random expressions, random instants)', () => {
    const field = (min: number, max: number) =>
      fc.oneof(
        fc.constant('*'),
        fc.integer({ min, max }).map(String),
        fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
        fc.tuple(fc.integer({ min, max }), fc.integer({ min: 1, max: max - min + 1 })).map(([a, n]) => `${a}/${n}`),
      );
    const days = fc.oneof(
      field(1, 31).map((d) => `${d} * ?`),
      fc.constantFrom('L * ?', 'LW * ?', '15W * ?', '1W * ?', '? * MON-FRI', '? * 6#3', '? * 2L', '? * SUN,SAT'),
    );
    fc.assert(
      fc.property(field(0, 59), field(0, 23), days, fc.integer({ min: 0, max: 60 * 24 * 366 }), (mi, h, d, offset) => {
        const schedule = parse(`cron(${mi} ${h} ${d.split(' ')[0]} ${d.split(' ')[1]} ${d.split(' ')[2]} *)`);
        const after = Date.UTC(2024, 0, 1) + offset * MIN + 17_000;
        const got = nextFiring(schedule, after);
        // Brute force over 70 days covers every day rule above at least once.
        let want: number | null = null;
        for (let t = Math.floor(after / MIN) * MIN + MIN; t < after + 70 * 86_400_000; t += MIN) {
          if (matches(schedule, t)) {
            want = t;
            break;
          }
        }
        if (want !== null) expect(iso(got)).toBe(iso(want));
        else expect(got === null || got >= after + 70 * 86_400_000).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

/** Whether a minute matches, checked the slow way (day rules re-derived here from their meaning). */
function matches(s: Schedule, t: number): boolean {
  if (s.kind !== 'cron') return false;
  const d = new Date(t);
  const [y, mo, day, h, mi] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];
  if (!s.minutes.includes(mi) || !s.hours.includes(h) || !s.months.includes(mo) || !s.years.includes(y)) return false;
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  const wd = (n: number) => new Date(Date.UTC(y, mo - 1, n)).getUTCDay() + 1;
  const isWeekday = (n: number) => wd(n) >= 2 && wd(n) <= 6;
  const nearest = (target: number): number => {
    // The weekday in the month at the least distance from target (no ties can arise).
    let best = -1;
    for (let n = 1; n <= last; n++) if (isWeekday(n) && (best < 0 || Math.abs(n - target) < Math.abs(best - target))) best = n;
    return best;
  };
  const r = s.days;
  if (r.field === 'dayOfMonth')
    return r.days.includes(day) || (r.last && day === last) || (r.lastWeekday && day === nearest(last)) ||
      r.nearestWeekday.some((n) => n <= last && nearest(n) === day);
  return r.weekdays.includes(wd(day)) || r.lastOf.some((w) => w === wd(day) && day + 7 > last) ||
    r.nth.some((x) => x.weekday === wd(day) && Math.floor((day - 1) / 7) + 1 === x.n);
}

describe('rate', () => {
  it('rate(5 minutes) fires one period after the origin, then every period', () => {
    expect(firings('rate(5 minutes)', '2024-01-01T00:00:00Z', 3)).toEqual([
      '2024-01-01T00:05:00.000Z', '2024-01-01T00:10:00.000Z', '2024-01-01T00:15:00.000Z',
    ]);
    // From an instant between firings, the grid stays anchored at the origin.
    const s = parse('rate(5 minutes)');
    expect(nextFiring(s, 7 * MIN, 0)).toBe(10 * MIN);
    expect(nextFiring(s, 10 * MIN, 0)).toBe(15 * MIN);
  });

  it('units: minute(s), hour(s), day(s)', () => {
    expect(parse('rate(1 minute)')).toMatchObject({ kind: 'rate', periodMs: MIN });
    expect(parse('rate(2 hours)')).toMatchObject({ kind: 'rate', periodMs: 2 * 3_600_000 });
    expect(parse('rate(1 day)')).toMatchObject({ kind: 'rate', periodMs: 86_400_000 });
  });
});

describe('bad expressions', () => {
  it.each([
    ['cron(0 2 * * * *)', 'day-of-month ("*") and day-of-week ("*") are both set; one of them must be "?"'],
    ['cron(0 2 ? * ? *)', 'day-of-month and day-of-week are both "?"; exactly one of them must be "?"'],
    ['cron(0 2 * * ?)', 'cron needs 6 fields (minutes hours day-of-month month day-of-week year), got 5'],
    ['cron(0 5-2 * * ? *)', 'hours: bad range "5-2": 5 comes after 2'],
    ['cron(0 20-25 * * ? *)', 'hours: 25 is out of range in "20-25"; use 0-23'],
    ['cron(0/0 * * * ? *)', 'minutes: bad step "/0" in "0/0": must be a whole number of at least 1'],
    ['cron(*/x * * * ? *)', 'minutes: bad step "/x" in "*/x": must be a whole number of at least 1'],
    ['cron(0 0 1 JANUARY ? *)', 'month: unknown name "JANUARY" in "JANUARY"; use 1-12 or JAN-DEC'],
    ['cron(0 0 ? * FUN *)', 'day-of-week: unknown name "FUN" in "FUN"; use 1-7 or SUN-SAT, nL or n#k'],
    ['cron(0 0 ? * 8 *)', 'day-of-week: 8 is out of range in "8"; use 1-7 or SUN-SAT, nL or n#k'],
    ['cron(0 0 ? * 6#6 *)', 'day-of-week: bad occurrence "#6" in "6#6": must be 1-5'],
    ['cron(0 0 32W * ? *)', 'day-of-month: 32 is out of range in "32W"; use 1-31, L, LW or nW'],
    ['cron(0 0 1 1 ? 1969)', 'year: 1969 is out of range in "1969"; use 1970-2199'],
    ['cron(0 0 1,,2 * ? *)', 'day-of-month: empty item in list "1,,2"'],
    ['cron(0 ? * * ? *)', 'hours: "?" is allowed only alone, and only in day-of-month or day-of-week, got "?"'],
    ['rate(0 minutes)', 'rate value must be a whole number of at least 1, got "0"'],
    ['rate(5 weeks)', 'rate unit must be minute(s), hour(s) or day(s), got "weeks"'],
    ['rate(5)', 'rate needs a value and a unit, like rate(5 minutes), got 1 part'],
    ['every day', 'must be "cron(…)" or "rate(…)", got "every day"'],
  ])('%s', (expression, message) => {
    expect(error(expression)).toBe(message);
  });
});

describe('parseIsoInstantMs', () => {
  it('reads dates and date-times in UTC, offsets applied', () => {
    expect(parseIsoInstantMs('2024-01-01')).toBe(Date.UTC(2024, 0, 1));
    expect(parseIsoInstantMs('2024-01-01T00:00:00Z')).toBe(Date.UTC(2024, 0, 1));
    expect(parseIsoInstantMs('2024-03-10T02:30')).toBe(Date.UTC(2024, 2, 10, 2, 30));
    expect(parseIsoInstantMs('2024-03-10T02:30:00.5+02:00')).toBe(Date.UTC(2024, 2, 10, 0, 30, 0, 500));
  });

  it('rejects impossible dates and other text', () => {
    for (const bad of ['2023-02-29', '2024-13-01', '2024-01-01T24:00:00Z', 'yesterday', '1969-12-31', '2024-01-01T00:00:00+25:00'])
      expect(parseIsoInstantMs(bad), bad).toBeNull();
  });
});

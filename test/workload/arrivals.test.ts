import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { formatIssue } from '../../src/scenario/issues.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import type { Arrivals } from '../../src/scenario/types.js';
import { parseScenario } from '../../src/scenario/parse.js';
import type { TraceEvent } from '../../src/model/batch.js';
import { simulate } from '../../src/plan/simulate.js';
import { arrivalProcess } from '../../src/workload/arrivals.js';
import * as b from '../helpers/build.js';
import { fakeCatalog } from '../scenario/fake-catalog.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const JAN_1_2024 = Date.UTC(2024, 0, 1);

/** Every instant the process yields (capped, so a runaway process fails instead of hanging). */
function drain(a: Arrivals, untilMs: number | null, startAtMs = JAN_1_2024, cap = 10_000): number[] {
  const next = arrivalProcess(a, new RandomStreams(1).stream('arrivals/test'), untilMs, startAtMs);
  const out: number[] = [];
  for (let at = next(); at !== null; at = next()) {
    out.push(at);
    if (out.length > cap) throw new Error('runaway arrival process');
  }
  return out;
}

describe('every', () => {
  it('first one period after the start, then every period, up to count', () => {
    expect(drain({ kind: 'every', everyMs: 15 * MIN, count: 3, untilMs: null }, null)).toEqual([15 * MIN, 30 * MIN, 45 * MIN]);
  });

  it('stops at its own until or the scenario until, an arrival at the bound included', () => {
    expect(drain({ kind: 'every', everyMs: HOUR, count: null, untilMs: 3 * HOUR }, null)).toEqual([HOUR, 2 * HOUR, 3 * HOUR]);
    expect(drain({ kind: 'every', everyMs: HOUR, count: null, untilMs: 5 * HOUR }, 150 * MIN)).toEqual([HOUR, 2 * HOUR]);
    expect(drain({ kind: 'every', everyMs: HOUR, count: 10, untilMs: null }, 150 * MIN)).toEqual([HOUR, 2 * HOUR]);
  });
});

describe('schedule', () => {
  it('cron instants are relative to startAt, on the UTC calendar', () => {
    const daily = { kind: 'schedule', expression: 'cron(0 2 * * ? *)', count: 3, untilMs: null } as const;
    expect(drain(daily, null)).toEqual([2 * HOUR, 26 * HOUR, 50 * HOUR]);
    // Starting at 03:00 the first 02:00 is the next day's.
    expect(drain(daily, null, JAN_1_2024 + 3 * HOUR)).toEqual([23 * HOUR, 47 * HOUR, 71 * HOUR]);
  });

  it('a cron firing exactly at startAt arrives at 0', () => {
    expect(drain({ kind: 'schedule', expression: 'cron(0 0 * * ? *)', count: 2, untilMs: null }, null)).toEqual([0, DAY]);
  });

  it('weekdays only: startAt on a Friday skips the weekend', () => {
    const friday = Date.UTC(2024, 0, 5);
    const a = { kind: 'schedule', expression: 'cron(0 12 ? * MON-FRI *)', count: null, untilMs: 7 * DAY } as const;
    expect(drain(a, null, friday)).toEqual([0, 3, 4, 5, 6].map((d) => d * DAY + 12 * HOUR));
  });

  it('rate: first one period after startAt; until and count bound it', () => {
    expect(drain({ kind: 'schedule', expression: 'rate(5 minutes)', count: null, untilMs: 20 * MIN }, null)).toEqual([5, 10, 15, 20].map((m) => m * MIN));
    expect(drain({ kind: 'schedule', expression: 'rate(1 day)', count: 2, untilMs: null }, null)).toEqual([DAY, 2 * DAY]);
    expect(drain({ kind: 'schedule', expression: 'rate(1 hour)', count: null, untilMs: null }, 3 * HOUR + 1)).toEqual([HOUR, 2 * HOUR, 3 * HOUR]);
  });
});

describe('burst', () => {
  it('count arrivals at each listed instant, none after the scenario until', () => {
    expect(drain({ kind: 'burst', count: 3, atMs: [HOUR, 0, 5 * HOUR], schedule: null }, 2 * HOUR)).toEqual([0, 0, 0, HOUR, HOUR, HOUR]);
  });

  it('count arrivals at each firing of a schedule, up to the scenario until', () => {
    expect(drain({ kind: 'burst', count: 2, atMs: null, schedule: 'cron(30 9 ? * MON *)' }, 15 * DAY)).toEqual([
      9.5 * HOUR, 9.5 * HOUR, 7 * DAY + 9.5 * HOUR, 7 * DAY + 9.5 * HOUR, 14 * DAY + 9.5 * HOUR, 14 * DAY + 9.5 * HOUR,
    ]);
  });
});

describe('through simulate', () => {
  it('submits at the schedule firings on the scenario calendar (startAtMs reaches the arrival source)', () => {
    const submitted: number[] = [];
    const s = b.scenario({
      startAtMs: Date.UTC(2024, 0, 5, 11), // a Friday, 11:00
      untilMs: 4 * DAY,
      computeEnvironments: [b.unmanaged('box', [{ instanceType: 'box', vcpus: 2, memoryMiB: 8192, count: 1 }])],
      jobQueues: [b.queue('q', ['box'])],
      jobDefinitions: [b.definition('work', { runtime: b.fixed(60_000) })],
      workload: [{ ...b.at('w', [], [{ jobName: 'work', jobQueue: 'q', jobDefinition: 'work' }]), arrivals: { kind: 'schedule', expression: 'cron(0 12 ? * MON-FRI *)', count: null, untilMs: null } }],
    });
    simulate(s, b.catalog, { trace: (e: TraceEvent) => { if (e.event === 'SUBMITTED') submitted.push(e.at); } });
    // Friday 12:00, the weekend skipped, Monday 12:00; Tuesday 12:00 is past the horizon (Tuesday 11:00).
    expect(submitted).toEqual([HOUR, 3 * DAY + HOUR]);
  });
});

describe('contract-full', () => {
  function contractFull(startAt?: string) {
    const loaded = loadScenarioFile('scenarios/contract-full.yaml');
    if (!loaded.ok) throw new Error(loaded.issues.map(formatIssue).join('\n'));
    if (startAt !== undefined) (loaded.document as Record<string, unknown>).startAt = startAt;
    const { scenario, issues } = parseScenario(loaded.document, { catalog: fakeCatalog(), baseDir: loaded.baseDir, files: loaded.files });
    if (!scenario) throw new Error(issues.map(formatIssue).join('\n'));
    return scenario;
  }

  it('starts 2024-01-01T00:00:00Z by default; nightly fires at 02:00 each day within until: 3d', () => {
    const s = contractFull();
    expect(s.startAtMs).toBe(JAN_1_2024);
    const nightly = s.workload.find((g) => g.name === 'nightly')!;
    expect(drain(nightly.arrivals, s.untilMs, s.startAtMs)).toEqual([2 * HOUR, 26 * HOUR, 50 * HOUR]);
    // rate(1 day): one period after the start, the last exactly at the horizon.
    const weekly = s.workload.find((g) => g.name === 'weekly-report')!;
    expect(drain(weekly.arrivals, s.untilMs, s.startAtMs)).toEqual([DAY, 2 * DAY, 3 * DAY]);
  });

  it('startAt moves the calendar: from 2024-03-10T03:30:00+02:00 (01:30 UTC) nightly fires 30 minutes in', () => {
    const s = contractFull('2024-03-10T03:30:00+02:00');
    expect(s.startAtMs).toBe(Date.UTC(2024, 2, 10, 1, 30));
    const nightly = s.workload.find((g) => g.name === 'nightly')!;
    expect(drain(nightly.arrivals, s.untilMs, s.startAtMs)).toEqual([30 * MIN, 24 * HOUR + 30 * MIN, 48 * HOUR + 30 * MIN]);
  });
});

// The planner's logic on hand-made results: expansion order, constraints (on the mean and on a
// replication quantile), the decision with its runner-up, near-ties and rejections, and bisection
// finding the grid's answer on a monotone axis with fewer runs.
import { describe, expect, it } from 'vitest';
import { expandPoints, pointAt, pointIndex, runsOf } from '../../src/plan/expand.js';
import { formatEstimate, judge } from '../../src/plan/judge.js';
import { readPlan, type Plan } from '../../src/plan/planFile.js';
import { decisionLines, planJson } from '../../src/plan/outputs.js';
import { decide, search, type Evaluate, type Judged } from '../../src/plan/search.js';
import { estimate, estimateIn, pairedDifference } from '../../src/plan/stats.js';
import { figureRange } from '../../src/plan/figures.js';
import type { PointResult } from '../../src/plan/tables.js';

function plan(doc: Record<string, unknown>): Plan {
  const { plan, issues } = readPlan({ base: 'x.yaml', ...doc });
  if (!plan) throw new Error(JSON.stringify(issues));
  return plan;
}

describe('axis expansion', () => {
  const p = plan({ axes: [{ path: 'a', values: [1, 2, 3] }, { path: 'b', variants: { x: 'X', y: 'Y' } }], replications: 2, seed: 10 });
  it('varies the first axis slowest and the replication fastest', () => {
    expect(expandPoints(p.axes).map((pt) => pt.labels.join(','))).toEqual(['1,x', '1,y', '2,x', '2,y', '3,x', '3,y']);
    expect(runsOf(expandPoints(p.axes), 2, 10).slice(0, 4)).toEqual([
      { run: 0, point: 0, replication: 0, seed: 10 },
      { run: 1, point: 0, replication: 1, seed: 11 },
      { run: 2, point: 1, replication: 0, seed: 10 },
      { run: 3, point: 1, replication: 1, seed: 11 },
    ]);
  });
  it('gives each point its overrides, and pointIndex inverts pointAt', () => {
    expect(pointAt(p.axes, 3).overrides).toEqual([{ path: 'a', value: 2 }, { path: 'b', value: 'Y' }]);
    for (let i = 0; i < 6; i++) expect(pointIndex(p.axes, pointAt(p.axes, i).choice)).toBe(i);
  });
  it('has one point and no overrides without axes', () => {
    expect(expandPoints([])).toEqual([{ index: 0, choice: [], labels: [], overrides: [] }]);
  });
});

describe('plan file', () => {
  it('locates shape errors', () => {
    const r = readPlan({ base: 'x.yaml', replications: 0, axes: [{ path: 'a' }], extra: 1 });
    expect(r.plan).toBeNull();
    expect(r.issues.map((i) => i.path).sort()).toEqual(['', 'axes[0]', 'replications']);
  });
  it('refuses a constraint or objective on a figure not kept, and a bound that is not a duration', () => {
    const r = readPlan({ base: 'x', figures: ['costUsd.total'], objective: { minimize: 'jobs.failed' }, constraints: [{ figure: 'makespanSeconds', max: 'six hours' }] });
    expect(r.issues).toEqual([
      { path: 'objective.minimize', message: '"jobs.failed" is not among the figures kept; add it to figures', severity: 'error' },
      { path: 'constraints[0].figure', message: '"makespanSeconds" is not among the figures kept; add it to figures', severity: 'error' },
      { path: 'constraints[0].max', message: 'expected a number of seconds or a duration like 6h, got "six hours"', severity: 'error' },
    ]);
  });
  it('lists the other problems beside a shape error, and gives the planner a draft to check the rest against the base', () => {
    const r = readPlan({
      base: 'x.yaml',
      replications: 0,
      figures: ['costUsd.total', 'costUsd.total'],
      axes: [{ path: 'a', values: [1] }, { path: 'a', values: [2, 2] }],
      objective: { minimize: 'jobs.failed' },
      constraints: [{ figure: 'makespanSeconds', max: 1, quantile: 2 }, { figure: 'makespanSeconds', max: 'soon' }],
    });
    expect(r.plan).toBeNull();
    expect(r.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'replications: expected number to be >=1',
      'constraints[0].quantile: expected number to be <=1',
      'figures[1]: "costUsd.total" is listed twice',
      'axes[1].path: axes[0] varies the same path',
      'axes[1].values: "2" is listed twice',
      'objective.minimize: "jobs.failed" is not among the figures kept; add it to figures',
      'constraints[1].figure: "makespanSeconds" is not among the figures kept; add it to figures',
      'constraints[1].max: expected a number of seconds or a duration like 6h, got "soon"',
    ]);
    expect(r.draft).toMatchObject({ base: 'x.yaml', replications: 1, figures: ['costUsd.total', 'costUsd.total'], axes: [{ path: 'a' }, { path: 'a' }] });
  });
  it('skips the checks that read a field without its shape: figures kept, when figures is not a list', () => {
    const r = readPlan({ base: 'x.yaml', figures: 'costUsd.total', objective: { minimize: 'costUsd.total' }, axes: [{ path: 'a' }] });
    expect(r.issues.map((i) => i.path)).toEqual(['axes[0]', 'figures']);
    expect(r.draft).toMatchObject({ figures: [], axes: [] });
    expect(readPlan({ figures: [] }).draft).toBeNull();
  });
  it('reports each contradiction between constraints once, at the later of the widest pair, naming the earlier', () => {
    const messages = (bounds: Record<string, unknown>[]): string[] =>
      readPlan({ base: 'x.yaml', constraints: bounds.map((b) => ({ figure: 'costUsd.total', ...b })) }).issues.map((i) => `${i.path}: ${i.message}`);
    // #2 clashes with #1 too, but the widest gap (min 12 over max 5) is the one to fix.
    expect(messages([{ max: 5 }, { min: 10 }, { min: 12 }])).toEqual(['constraints[2]: min (12) is above the max (5) of constraints[0] on the same figure']);
    expect(messages([{ max: 5 }, { max: 3 }, { min: 12 }])).toEqual(['constraints[2]: min (12) is above the max (3) of constraints[1] on the same figure']);
    // A constraint that contradicts itself is reported alone, not again against the others.
    expect(messages([{ max: 5, min: 10 }, { min: 12 }])).toEqual(['constraints[0]: max (5) is below min (10)']);
    // Two pairs with no constraint in common are two contradictions.
    expect(messages([{ max: 5 }, { min: 10 }, { max: 3 }, { min: 12 }])).toEqual([
      'constraints[1]: min (10) is above the max (5) of constraints[0] on the same figure',
      'constraints[3]: min (12) is above the max (3) of constraints[2] on the same figure',
    ]);
    // Shares of the replications clash only when they overlap (0.9 + 0.5 > 1); a mean and a share never.
    expect(messages([{ max: 1, quantile: 0.9 }, { min: 2, quantile: 0.9 }, { min: 3, quantile: 0.5 }, { min: 4 }])).toEqual([
      'constraints[2]: min (3) is above the max (1) of constraints[0] on the same figure',
    ]);
  });
  it('reads durations for figures in seconds', () => {
    const p = plan({ figures: ['makespanSeconds'], constraints: [{ figure: 'makespanSeconds', max: '6h', quantile: 0.95 }] });
    expect(p.constraints[0]).toEqual({ figure: 'makespanSeconds', max: 21600, min: null, quantile: 0.95, text: 'makespanSeconds <= 6h in 95% of replications' });
  });
});

describe('constraints', () => {
  const p = plan({ figures: ['costUsd.total', 'makespanSeconds'], objective: { minimize: 'costUsd.total' }, constraints: [{ figure: 'makespanSeconds', max: 100, quantile: 0.75 }] });
  const verdict = (makespans: number[]) => {
    const values = [[1, 1, 1, 1], makespans];
    return judge(p, values, values.map(estimate));
  };
  it('holds when the quantile share of replications is within the bound', () => {
    expect(verdict([90, 95, 100, 150]).feasible).toBe(true);
    expect(verdict([90, 95, 150, 150])).toEqual({ feasible: false, failures: ['makespanSeconds <= 100 in 75% of replications: met in 50% (4 replications)'], score: 1 });
  });
  it('on the mean without a quantile', () => {
    const q = plan({ figures: ['makespanSeconds'], constraints: [{ figure: 'makespanSeconds', min: 10 }] });
    expect(judge(q, [[5, 12]], [estimate([5, 12])]).feasible).toBe(false);
    expect(judge(q, [[9, 12]], [estimate([9, 12])]).feasible).toBe(true);
    expect(judge(q, [[null]], [estimate([null])]).failures).toEqual(['makespanSeconds >= 10 on the mean: no value (summary.json has null)']);
  });
});

describe('statistics', () => {
  it('gives the Student t interval', () => {
    const e = estimate([1, 2, 3, 4]);
    // mean 2.5, s = 1.2910, t(0.975, 3) = 3.1824
    expect(e.mean).toBe(2.5);
    expect(e.halfWidth!).toBeCloseTo((3.182446 * 1.290994) / 2, 5);
  });
  it('pairs differences by replication', () => {
    const d = pairedDifference([10, 20, 30], [11, 21, 31.5]);
    expect(d.mean).toBeCloseTo(1.1667, 4);
    expect(d.significant).toBe(true);
    expect(pairedDifference([1, 2, 3], [1, 2, 3])).toMatchObject({ mean: 0, halfWidth: 0, significant: false });
  });
  it("cuts an interval at the figure's range, keeping the t half-width", () => {
    // mean 10/3, s = 5.7735, t(0.975, 2) = 4.3027: 3.33 ± 14.34 would reach −$11.01.
    const cost = estimateIn([0, 0, 10], figureRange('costUsd.total'));
    expect(cost.ci95Low).toBe(0);
    expect(cost.ci95High!).toBeCloseTo(cost.mean! + cost.halfWidth!, 12);
    expect(cost.halfWidth!).toBeCloseTo((4.302653 * 5.773503) / Math.sqrt(3), 4);
    expect(formatEstimate('costUsd.total', cost)).toBe('$3.33 [$0.00, $17.68]');
    // A utilisation's interval stops at 100%, on both the run's and an environment's.
    const busy = estimateIn([0.99, 1, 0.9], figureRange('computeEnvironments.spot.utilisation'));
    expect(busy.ci95High).toBe(1);
    expect(busy.ci95Low!).toBeCloseTo(busy.mean! - busy.halfWidth!, 12);
    expect(figureRange('utilisation.vcpu')).toEqual({ min: 0, max: 1 });
    expect(figureRange('computeEnvironments.utilisation.costUsd')).toEqual({ min: 0, max: Infinity });
    // Within the range nothing is cut, and the estimate reads as before.
    const wide = estimateIn([1, 2, 3, 4], figureRange('makespanSeconds'));
    expect(wide).toEqual(estimate([1, 2, 3, 4]));
    expect(formatEstimate('makespanSeconds', wide)).toBe('2.5 s ± 2.1 s');
    // A difference is not a figure: it may be negative.
    expect(pairedDifference([5, 0, 10], [0, 0, 0]).ci95Low!).toBeLessThan(-5);
  });
});

/** A world where makespan falls and cost rises with vCPUs, per replication exactly known. */
function world(p: Plan, vcpus: number[], regions: number) {
  let evaluated = 0;
  const evaluate: Evaluate = async (points) => {
    evaluated += points.length;
    const out = new Map<number, PointResult>();
    for (const i of points) {
      const point = pointAt(p.axes, i);
      const v = vcpus[point.choice[0]];
      const region = regions > 1 ? point.choice[1] : 0;
      const cost = [0, 1, 2].map((r) => v * (1 + region) + r);
      const makespan = [0, 1, 2].map((r) => (36_000 * 64) / v + r * 60 + region * 3000);
      const values = [cost, makespan];
      out.set(i, { point, values, estimates: values.map(estimate) });
    }
    return out;
  };
  return { evaluate, count: () => evaluated };
}

describe('search', () => {
  const vcpus = [64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048];
  const make = (searchMode: string, regions = 1) =>
    plan({
      replications: 3,
      axes: [{ path: 'v', values: vcpus }, ...(regions > 1 ? [{ path: 'r', values: Array.from({ length: regions }, (_, i) => `r${i}`) }] : [])],
      figures: ['costUsd.total', 'makespanSeconds'],
      objective: { minimize: 'costUsd.total' },
      constraints: [{ figure: 'makespanSeconds', max: '2h', quantile: 1 }],
      search: searchMode,
    });
  it('bisection finds the grid answer in fewer runs on a monotone axis', async () => {
    for (const regions of [1, 2]) {
      const g = world(make('grid', regions), vcpus, regions);
      const b = world(make('bisect', regions), vcpus, regions);
      const grid = await search(make('grid', regions), vcpus.length * regions, g.evaluate);
      const bis = await search(make('bisect', regions), vcpus.length * regions, b.evaluate);
      const dg = decide(make('grid', regions), grid.judged);
      const db = decide(make('bisect', regions), bis.judged);
      expect(grid.mode).toBe('grid');
      expect(bis.mode).toBe('bisect');
      expect(db.recommended!.point.index).toBe(dg.recommended!.point.index);
      expect(b.count()).toBeLessThan(g.count());
      expect(bis.notes).toEqual([]);
    }
  });
  it('recommends the cheapest feasible point, names its runner-up and rejects cheaper infeasible ones', async () => {
    const p = make('grid');
    const { judged } = await search(p, vcpus.length, world(p, vcpus, 1).evaluate);
    const d = decide(p, judged);
    // 36000*64/v + 120 <= 7200 first holds at v = 384.
    expect(d.recommended!.point.labels).toEqual(['384']);
    expect(d.runnerUp!.point.labels).toEqual(['512']);
    expect(d.nearTie).toBe(false);
    expect(d.rejected.map((j) => j.point.labels[0])).toEqual(['64', '96', '128', '192', '256']);
  });
  it('falls back to the grid for a slice whose figure is not monotone', async () => {
    const p = make('bisect');
    let evaluated = 0;
    const zigzag: Evaluate = async (points) => {
      evaluated += points.length;
      const out = new Map<number, PointResult>();
      for (const i of points) {
        const point = pointAt(p.axes, i);
        const k = point.choice[0];
        const values = [[k, k, k], [k % 2 === 0 ? 9000 - k : 1000 + k, 1000, 1000].map((x) => x)];
        out.set(i, { point, values, estimates: values.map(estimate) });
      }
      return out;
    };
    const r = await search(p, vcpus.length, zigzag);
    expect(r.notes.some((n) => /not monotone|objective|feasibility/.test(n))).toBe(true);
    expect(evaluated).toBe(vcpus.length);
  });
  it('reports a near-tie when the runner-up is within the interval', () => {
    const p = plan({ replications: 3, axes: [{ path: 'v', values: [1, 2] }], figures: ['costUsd.total'], objective: { minimize: 'costUsd.total' } });
    const mk = (i: number, cost: number[]): PointResult & { verdict: ReturnType<typeof judge> } => {
      const values = [cost];
      const estimates = values.map(estimate);
      return { point: pointAt(p.axes, i), values, estimates, verdict: judge(p, values, estimates) };
    };
    const d = decide(p, [mk(0, [10, 12, 11]), mk(1, [10.5, 11, 11.6])]);
    expect(d.nearTie).toBe(true);
    expect(d.difference!.significant).toBe(false);
  });
});

describe('the decision on objective values that are null', () => {
  const p = plan({ replications: 2, axes: [{ path: 'v', values: [1, 2, 3] }], figures: ['queueWaitSeconds.p95'], objective: { minimize: 'queueWaitSeconds.p95' } });
  const layout = { plan: p, seed: 1, hash: '', points: [0, 1, 2].map((i) => pointAt(p.axes, i)), runs: [] };
  const mk = (i: number, wait: (number | null)[]): Judged => {
    const values = [wait];
    const estimates = values.map(estimate);
    return { point: pointAt(p.axes, i), values, estimates, verdict: judge(p, values, estimates) };
  };
  const report = (judged: Judged[]) => ({ search: { judged, mode: 'grid' as const, axis: null, notes: [] }, decision: decide(p, judged) });

  it('never recommends, or names as runner-up, a point with no value', () => {
    const d = decide(p, [mk(0, [null, null]), mk(1, [30, 40]), mk(2, [50, 60])]);
    expect(d.recommended!.point.index).toBe(1);
    expect(d.runnerUp!.point.index).toBe(2);
    expect(d.rejected).toEqual([]);
    // With one point of value, no runner-up rather than one of none.
    const alone = decide(p, [mk(0, [null, null]), mk(1, [30, 40]), mk(2, [null, null])]);
    expect(alone).toMatchObject({ runnerUp: null, difference: null, nearTie: false, rejected: [] });
    expect(alone.recommended!.point.index).toBe(1);
  });

  it('says that no point has a value when none has, and rejects each for it in plan.json', () => {
    const r = report([mk(0, [null, null]), mk(1, [null, null]), mk(2, [null, null])]);
    expect(r.decision).toMatchObject({ recommended: null, runnerUp: null, difference: null, nearTie: false });
    const lines = decisionLines(layout, r);
    expect(lines[0]).toBe('no point has a value for queueWaitSeconds.p95: summary.json has null for it in every replication of every point run, so none is recommended');
    expect(lines.filter((l) => l.startsWith('runner-up') || l.startsWith('near-tie'))).toEqual([]);
    const json = planJson(layout, r) as { recommended: unknown; runnerUp: unknown; nearTie: boolean; rejected: { point: number; reason: string }[] };
    expect(json).toMatchObject({ recommended: null, runnerUp: null, nearTie: false });
    expect(json.rejected.map((x) => `${x.point}: ${x.reason}`)).toEqual([0, 1, 2].map((i) => `${i}: minimize queueWaitSeconds.p95: no value (summary.json has null)`));
  });

  it('says so of the points that meet the constraints when others have a value but fail one', () => {
    const c = plan({ replications: 2, axes: [{ path: 'v', values: [1, 2] }], figures: ['queueWaitSeconds.p95', 'costUsd.total'], objective: { minimize: 'queueWaitSeconds.p95' }, constraints: [{ figure: 'costUsd.total', max: 10 }] });
    const two = (i: number, wait: (number | null)[], cost: number[]): Judged => {
      const values = [wait, cost];
      const estimates = values.map(estimate);
      return { point: pointAt(c.axes, i), values, estimates, verdict: judge(c, values, estimates) };
    };
    const judged = [two(0, [null, null], [0, 0]), two(1, [30, 40], [20, 20])];
    const lines = decisionLines({ ...layout, plan: c }, { search: { judged, mode: 'grid', axis: null, notes: [] }, decision: decide(c, judged) });
    expect(lines.slice(0, 3)).toEqual([
      'no point that meets every constraint has a value for queueWaitSeconds.p95: summary.json has null for it in every replication of each, so none is recommended',
      'rejected: point 1 (v = 2): costUsd.total <= 10 on the mean: mean $20.00',
      'rejected: point 0 (v = 1): minimize queueWaitSeconds.p95: no value (summary.json has null)',
    ]);
  });

  it('explains a near-tie that is untested for lack of paired values, not of replications', () => {
    const one = decisionLines(layout, report([mk(0, [10, null]), mk(1, [20, 30])]));
    expect(one).toContain('near-tie: only one of the 2 replications has a value for queueWaitSeconds.p95 at both points, which gives no interval, so the difference is not tested');
    const none = decisionLines(layout, report([mk(0, [10, null]), mk(1, [null, 30])]));
    expect(none).toContain('near-tie: no replication has a value for queueWaitSeconds.p95 at both points, so the difference is not tested');
    const q = plan({ replications: 1, axes: [{ path: 'v', values: [1, 2] }], figures: ['queueWaitSeconds.p95'], objective: { minimize: 'queueWaitSeconds.p95' } });
    const single = (i: number, w: number): Judged => ({ point: pointAt(q.axes, i), values: [[w]], estimates: [estimate([w])], verdict: judge(q, [[w]], [estimate([w])]) });
    const judged = [single(0, 1), single(1, 2)];
    expect(decisionLines({ ...layout, plan: q }, { search: { judged, mode: 'grid', axis: null, notes: [] }, decision: decide(q, judged) })).toContain(
      'near-tie: one replication gives no interval, so the difference is not tested; add replications',
    );
  });
});

describe('plan JSON Schema', () => {
  it('schema/plan.schema.json is up to date (UPDATE_SCHEMA=1 rewrites it)', async () => {
    const { readFileSync, writeFileSync } = await import('node:fs');
    const { planJsonSchema } = await import('../../src/plan/planFile.js');
    const expected = JSON.stringify(planJsonSchema(), null, 2) + '\n';
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync('schema/plan.schema.json', expected);
    expect(readFileSync('schema/plan.schema.json', 'utf8')).toBe(expected);
  });
});

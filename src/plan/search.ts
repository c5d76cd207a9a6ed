// `plan`: the point that best meets the objective under the constraints. A grid search runs every
// point. Bisection runs fewer: along one numeric axis (more maxvCpus), a constraint such as a
// deadline is usually met from some value on, so the cheapest feasible value is found by halving
// the interval. That is an assumption about the world, so it is checked on the results: if the
// constrained figures are not monotone along the axis among the points run, or the objective does
// not get worse past the threshold, that slice of the grid is run whole, and the notes say so.
import { compareScores, judge, type Verdict } from './judge.js';
import { pointIndex } from './expand.js';
import type { Plan } from './planFile.js';
import { pairedDifference, type PairedDifference } from './stats.js';
import type { PointResult } from './tables.js';

export interface Judged extends PointResult {
  verdict: Verdict;
}

/** Runs the given points (every replication) and returns their results. */
export type Evaluate = (points: number[]) => Promise<Map<number, PointResult>>;

export interface SearchOutcome {
  /** Every point run, in point order. */
  judged: Judged[];
  mode: 'grid' | 'bisect';
  /** The axis bisected, when any. */
  axis: number | null;
  notes: string[];
}

/** Which numeric axis to bisect, or null (then the grid is run). */
function bisectionAxis(plan: Plan, notes: string[]): number | null {
  if (plan.search === 'grid') return null;
  if (plan.constraints.length === 0) {
    if (plan.search === 'bisect') notes.push('search: bisect needs a constraint to bisect on; ran the grid');
    return null;
  }
  let best: number | null = null;
  plan.axes.forEach((a, k) => {
    if (a.numeric && a.values.length >= 3 && (best === null || a.values.length > plan.axes[best].values.length)) best = k;
  });
  if (best === null && plan.search === 'bisect') notes.push('search: bisect needs a numeric axis with 3 or more values; ran the grid');
  return best;
}

/** All choices of the other axes, each a slice along `axis`, with the slice's points in value order. */
function slices(plan: Plan, axis: number): number[][] {
  const order = plan.axes[axis].values.map((v, i) => ({ v: v as number, i })).sort((a, b) => a.v - b.v || a.i - b.i).map((x) => x.i);
  const others = plan.axes.map((a, k) => (k === axis ? 1 : a.values.length));
  const count = others.reduce((n, x) => n * x, 1);
  const out: number[][] = [];
  for (let s = 0; s < count; s++) {
    const choice: number[] = new Array(plan.axes.length);
    let rest = s;
    for (let k = plan.axes.length - 1; k >= 0; k--) {
      choice[k] = rest % others[k];
      rest = Math.floor(rest / others[k]);
    }
    out.push(order.map((i) => pointIndex(plan.axes, choice.map((c, k) => (k === axis ? i : c)))));
  }
  return out;
}

/** Whether each constrained figure's mean moves one way only along the points given (in order). */
function monotone(plan: Plan, along: readonly Judged[]): boolean {
  for (const c of plan.constraints) {
    const f = plan.figures.indexOf(c.figure);
    const means = along.map((j) => j.estimates[f].mean).filter((m): m is number => m !== null);
    let up = false;
    let down = false;
    for (let i = 1; i < means.length; i++) {
      if (means[i] > means[i - 1]) up = true;
      if (means[i] < means[i - 1]) down = true;
    }
    if (up && down) return false;
  }
  return true;
}

export async function search(plan: Plan, pointCount: number, evaluate: Evaluate): Promise<SearchOutcome> {
  const notes: string[] = [];
  const judged = new Map<number, Judged>();
  const run = async (points: number[]): Promise<void> => {
    const todo = [...new Set(points)].filter((p) => !judged.has(p)).sort((a, b) => a - b);
    if (todo.length === 0) return;
    const results = await evaluate(todo);
    for (const p of todo) {
      const r = results.get(p)!;
      judged.set(p, { ...r, verdict: judge(plan, r.values, r.estimates) });
    }
  };
  const axis = bisectionAxis(plan, notes);
  if (axis === null) {
    await run(Array.from({ length: pointCount }, (_, i) => i));
    return { judged: sorted(judged), mode: 'grid', axis: null, notes };
  }
  const path = plan.axes[axis].path;
  const all = slices(plan, axis);
  // Lock-step rounds over every slice, so each round's runs go to the workers together.
  type State = { pts: number[]; lo: number; hi: number; phase: 'ends' | 'bisect' | 'check' | 'done'; up: boolean };
  const states: State[] = all.map((pts) => ({ pts, lo: 0, hi: pts.length - 1, phase: 'ends', up: true }));
  const feasible = (p: number): boolean => judged.get(p)!.verdict.feasible;
  const fullSlice = async (s: State, why: string): Promise<void> => {
    notes.push(`${path}: ${why}; ran that slice whole`);
    await run(s.pts);
    s.phase = 'done';
  };
  // The ends and the middle of every slice first: three points say whether feasibility even looks monotone.
  await run(states.flatMap((s) => [s.pts[s.lo], s.pts[(s.lo + s.hi) >> 1], s.pts[s.hi]]));
  for (;;) {
    const want: number[] = [];
    for (const s of states) {
      if (s.phase === 'ends') {
        const mid = (s.lo + s.hi) >> 1;
        const [a, m, b] = [feasible(s.pts[s.lo]), feasible(s.pts[mid]), feasible(s.pts[s.hi])];
        const seen = [s.lo, mid, s.hi].map((i) => judged.get(s.pts[i])!);
        if (a === b) {
          // Both ends alike: under monotonicity the whole slice is. A middle that differs, or
          // figures that turn, say otherwise; feasible everywhere means the objective decides,
          // which bisection cannot: in each case the slice runs whole.
          if (m !== a) await fullSlice(s, 'feasibility is not monotone along it');
          else if (!monotone(plan, seen)) await fullSlice(s, 'the constrained figures are not monotone along it among the points run');
          else if (a) await fullSlice(s, 'feasible at both ends');
          else s.phase = 'done';
          continue;
        }
        s.up = b;
        // The middle is known already: narrow the interval with it.
        if (m === s.up) s.hi = mid;
        else s.lo = mid;
        s.phase = 'bisect';
      }
      if (s.phase === 'bisect') {
        if (s.hi - s.lo <= 1) {
          s.phase = 'check';
          // The feasible point next to the threshold, to see the objective get worse away from it.
          const t = s.up ? s.hi : s.lo;
          const next = s.up ? t + 1 : t - 1;
          if (next >= 0 && next < s.pts.length) want.push(s.pts[next]);
          continue;
        }
        want.push(s.pts[(s.lo + s.hi) >> 1]);
      }
    }
    if (want.length > 0) await run(want);
    let moved = false;
    for (const s of states) {
      if (s.phase === 'bisect' && s.hi - s.lo > 1) {
        const mid = (s.lo + s.hi) >> 1;
        if (feasible(s.pts[mid]) === s.up) s.hi = mid;
        else s.lo = mid;
        moved = true;
      } else if (s.phase === 'check') {
        const t = s.up ? s.hi : s.lo;
        const next = s.up ? t + 1 : t - 1;
        const along = s.pts.filter((p) => judged.has(p)).map((p) => judged.get(p)!);
        if (!monotone(plan, along)) await fullSlice(s, 'the constrained figures are not monotone along it among the points run');
        else if (next >= 0 && next < s.pts.length && compareScores(plan, judged.get(s.pts[next])!.verdict.score, judged.get(s.pts[t])!.verdict.score) < 0)
          await fullSlice(s, 'the objective improves past the threshold');
        else if (next >= 0 && next < s.pts.length && !feasible(s.pts[next])) await fullSlice(s, 'feasibility is not monotone along it');
        else s.phase = 'done';
        moved = true;
      }
    }
    if (!moved && states.every((s) => s.phase === 'done')) break;
  }
  return { judged: sorted(judged), mode: 'bisect', axis, notes };
}

const sorted = (m: Map<number, Judged>): Judged[] => [...m.values()].sort((a, b) => a.point.index - b.point.index);

export interface Decision {
  recommended: Judged | null;
  runnerUp: Judged | null;
  /** The runner-up's objective minus the recommended one's, per replication (common random numbers). */
  difference: PairedDifference | null;
  /** Whether the runner-up is within the 95% interval of the recommended point, or the difference could not be tested. */
  nearTie: boolean;
  /**
   * Every point that scores at least as well as the recommended one but fails a constraint; when
   * none is recommended, every point run (those that meet the constraints have no objective value).
   */
  rejected: Judged[];
}

/** Whether a point can be recommended: it meets every constraint and has a value to rank it by. */
const eligible = (plan: Plan, j: Judged): boolean => j.verdict.feasible && (plan.objective === null || j.verdict.score !== null);

export function decide(plan: Plan, judged: readonly Judged[]): Decision {
  const ranked = [...judged].sort((a, b) => compareScores(plan, a.verdict.score, b.verdict.score) || a.point.index - b.point.index);
  // A point whose objective is null in every replication (no job started, so no wait) ranks on
  // nothing: recommending it, or naming it runner-up, would pick it for a value it does not have.
  const candidates = ranked.filter((j) => eligible(plan, j));
  const recommended = candidates[0] ?? null;
  const runnerUp = candidates[1] ?? null;
  const rejected = recommended === null ? ranked : ranked.filter((j) => !j.verdict.feasible && compareScores(plan, j.verdict.score, recommended.verdict.score) <= 0);
  let difference: PairedDifference | null = null;
  if (plan.objective && recommended && runnerUp) {
    const f = plan.figures.indexOf(plan.objective.figure);
    difference = pairedDifference(recommended.values[f], runnerUp.values[f]);
  }
  const nearTie = difference !== null && difference.significant !== true;
  return { recommended, runnerUp, difference, nearTie, rejected };
}

/** Why a point was rejected: the constraints it fails, or, meeting them all, its objective's missing value. */
export function rejectionReason(plan: Plan, j: Judged): string {
  if (j.verdict.failures.length > 0) return j.verdict.failures.join('; ');
  // Without an objective every feasible point is eligible, so a feasible point rejected has one.
  const { sense, figure } = plan.objective!;
  return `${sense} ${figure}: no value (summary.json has null)`;
}

// Constraints and the objective on one point's replications: whether the point is feasible, why
// not, and how it scores. Pure, on plain numbers, so it can be tested on hand-made results.
import type { Constraint, Plan } from './planFile.js';
import { shareWithin, type Estimate } from './stats.js';

export interface Verdict {
  feasible: boolean;
  /** One line per constraint that failed. */
  failures: string[];
  /** The objective's mean; null without objective or value. */
  score: number | null;
}

/** A figure's value for people: durations in s/min/h, money in $, others to 4 significant digits. */
export function formatFigure(figure: string, v: number | null): string {
  if (v === null) return 'n/a';
  if (/Seconds($|\.)/.test(figure)) {
    const a = Math.abs(v);
    return a >= 5400 ? `${round(v / 3600, 2)} h` : a >= 90 ? `${round(v / 60, 1)} min` : `${round(v, 1)} s`;
  }
  if (/Usd($|\.)|^costUsd\./.test(figure)) return `${v < 0 ? '−' : ''}$${Math.abs(v).toFixed(2)}`;
  if (/(^|\.)utilisation($|\.)/.test(figure)) return `${round(v * 100, 1)}%`;
  return String(Number(v.toPrecision(4)));
}

/** An estimate for people: `mean ± half-width` of its 95% interval, the mean alone with one value. */
export function formatEstimate(figure: string, e: Estimate): string {
  if (e.mean === null) return 'n/a';
  return e.halfWidth === null ? formatFigure(figure, e.mean) : `${formatFigure(figure, e.mean)} ± ${formatFigure(figure, e.halfWidth)}`;
}

const round = (v: number, digits: number): string => String(Math.round(v * 10 ** digits) / 10 ** digits);
const pct = (share: number): string => `${Math.round(share * 1000) / 10}%`;

function within(c: Constraint, v: number): boolean {
  return (c.max === null || v <= c.max) && (c.min === null || v >= c.min);
}

/** Why a constraint fails on these values, or null when it holds. */
export function constraintFailure(c: Constraint, values: readonly (number | null)[], est: Estimate): string | null {
  if (c.quantile !== null) {
    const share = shareWithin(values, { max: c.max ?? undefined, min: c.min ?? undefined });
    // A share is a count over replications; compare with a little slack for 0.95 * 20 style rounding.
    return share + 1e-9 >= c.quantile ? null : `${c.text}: met in ${pct(share)} (${values.length} replication${values.length === 1 ? '' : 's'})`;
  }
  if (est.mean === null) return `${c.text}: no value (summary.json has null)`;
  return within(c, est.mean) ? null : `${c.text}: mean ${formatFigure(c.figure, est.mean)}`;
}

/** Judge a point from its values and estimates, both in the plan's figure order. */
export function judge(plan: Plan, values: readonly (number | null)[][], estimates: readonly Estimate[]): Verdict {
  const failures: string[] = [];
  for (const c of plan.constraints) {
    const f = plan.figures.indexOf(c.figure);
    const why = constraintFailure(c, values[f], estimates[f]);
    if (why) failures.push(why);
  }
  const score = plan.objective ? estimates[plan.figures.indexOf(plan.objective.figure)].mean : null;
  return { feasible: failures.length === 0, failures, score };
}

/** Negative when score a is better than b under the plan's sense; null scores rank last. */
export function compareScores(plan: Plan, a: number | null, b: number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return plan.objective?.sense === 'maximize' ? b - a : a - b;
}

// Constraints and the objective on one point's replications: whether the point is feasible, why
// not, and how it scores. Pure, on plain numbers, so it can be tested on hand-made results.
import type { Constraint, Plan } from './planFile.js';
import { formatFigure, intervalText } from '../report/format.js';
import { isCut, shareWithin, type Estimate } from './stats.js';

export interface Verdict {
  feasible: boolean;
  /** One line per constraint that failed. */
  failures: string[];
  /** The objective's mean; null without objective or value. */
  score: number | null;
}

/**
 * An estimate for people: `mean ± half-width` of its 95% interval, `mean [low, high]` when the
 * interval was cut at the figure's range (a cost's at $0), the mean alone with one value.
 */
export function formatEstimate(figure: string, e: Estimate): string {
  if (e.mean === null) return 'n/a';
  if (e.halfWidth === null) return formatFigure(figure, e.mean);
  return intervalText(figure, e.mean, { halfWidth: e.halfWidth, low: e.ci95Low!, high: e.ci95High!, cut: isCut(e) });
}

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

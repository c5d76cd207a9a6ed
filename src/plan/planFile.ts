// The plan file: a base scenario, axes to vary, the figures to keep, an objective and constraints.
// Its shape is one zod schema, from which both the reader's checks and schema/plan.schema.json come;
// the rules zod cannot state (figures that exist, paths that select something, values that make a
// valid scenario) are checked by the planner once the base scenario is loaded.
import { z } from 'zod';
import { parseDurationText } from '../engine/units.js';
import { indexPath, joinPath, type Issue } from '../scenario/issues.js';

const number = z.number().refine(Number.isFinite, 'expected a finite number');
const bound = z.union([number, z.string()]).describe('A number, or for a figure in seconds a duration like 6h or 15m.');

const valuesAxis = z.strictObject({
  path: z.string().min(1).describe('Dotted path into the base scenario file, e.g. computeEnvironments[name=spot].computeResources.maxvCpus.'),
  values: z.array(z.unknown()).min(1).describe('The values the path takes, in order.'),
});
const variantsAxis = z.strictObject({
  path: z.string().min(1),
  variants: z.record(z.string(), z.unknown()).refine((v) => Object.keys(v).length > 0, 'expected at least one variant').describe('Named alternatives of a whole value.'),
});

const constraint = z
  .strictObject({
    figure: z.string().min(1),
    max: bound.optional(),
    min: bound.optional(),
    quantile: z.number().gt(0).max(1).optional().describe('Met when at least this share of replications is within the bound; without it, the mean must be.'),
  })
  .refine((c) => c.max !== undefined || c.min !== undefined, 'expected max or min');

export const planFileSchema = z.strictObject({
  base: z.string().min(1).describe('The scenario file, relative to the plan file.'),
  seed: z.number().int().nonnegative().optional().describe('Replication i of every point runs with seed + i (common random numbers). Default: the base scenario seed.'),
  replications: z.number().int().min(1).max(10_000).optional().describe('Runs per point (default 1).'),
  axes: z.array(z.union([valuesAxis, variantsAxis])).optional().describe('Expanded first axis slowest.'),
  figures: z.array(z.string().min(1)).min(1).optional().describe('summary.json dotted keys kept per run.'),
  objective: z.union([z.strictObject({ minimize: z.string() }), z.strictObject({ maximize: z.string() })]).optional(),
  constraints: z.array(constraint).optional(),
  search: z.enum(['auto', 'grid', 'bisect']).optional().describe('auto bisects a numeric axis when the results show it is monotone.'),
});

export type PlanFile = z.infer<typeof planFileSchema>;

export function planJsonSchema(): unknown {
  return z.toJSONSchema(planFileSchema, { target: 'draft-2020-12', io: 'input' });
}

export const DEFAULT_FIGURES = ['costUsd.total', 'makespanSeconds', 'queueWaitSeconds.p95', 'utilisation.vcpu', 'spot.interruptions'];

export interface Axis {
  path: string;
  /** Labels in order: the value itself as text, or the variant's name. */
  labels: string[];
  values: unknown[];
  /** Whether every value is a number (such an axis can be plotted and bisected). */
  numeric: boolean;
}

export interface Constraint {
  figure: string;
  max: number | null;
  min: number | null;
  quantile: number | null;
  /** As written, for messages. */
  text: string;
}

export interface Plan {
  base: string;
  seed: number | null;
  replications: number;
  axes: Axis[];
  figures: string[];
  objective: { figure: string; sense: 'minimize' | 'maximize' } | null;
  constraints: Constraint[];
  search: 'auto' | 'grid' | 'bisect';
}

export const axisLabel = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** zod's issue path -> our dotted path. */
function dotted(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out = typeof p === 'number' ? indexPath(out, p) : joinPath(out, String(p));
  return out;
}

/** A bound as a number: durations for figures in seconds, plain numbers otherwise. */
function boundValue(figure: string, v: number | string | undefined, at: string, issues: Issue[]): number | null {
  if (v === undefined) return null;
  if (typeof v === 'number') return v;
  if (/Seconds($|\.)/.test(figure)) {
    const ms = parseDurationText(v);
    if (ms !== null) return ms / 1000;
  }
  issues.push({ path: at, message: /Seconds($|\.)/.test(figure) ? `expected a number of seconds or a duration like 6h, got "${v}"` : `expected a number, got "${v}"`, severity: 'error' });
  return null;
}

/** Check the plan document's shape and turn it into a Plan; every issue located. */
export function readPlan(document: unknown): { plan: Plan | null; issues: Issue[] } {
  const parsed = planFileSchema.safeParse(document);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i): Issue => ({ path: dotted(i.path), message: zodMessage(i), severity: 'error' }));
    return { plan: null, issues };
  }
  const f = parsed.data;
  const issues: Issue[] = [];
  const figures = f.figures ?? DEFAULT_FIGURES;
  const seen = new Set<string>();
  figures.forEach((fig, i) => {
    if (seen.has(fig)) issues.push({ path: indexPath('figures', i), message: `"${fig}" is listed twice`, severity: 'error' });
    seen.add(fig);
  });
  const axes: Axis[] = (f.axes ?? []).map((a) => {
    if ('values' in a) return { path: a.path, labels: a.values.map(axisLabel), values: a.values, numeric: a.values.every((v) => typeof v === 'number') };
    return { path: a.path, labels: Object.keys(a.variants), values: Object.values(a.variants), numeric: false };
  });
  axes.forEach((a, i) => {
    const first = axes.findIndex((b) => b.path === a.path);
    if (first !== i) issues.push({ path: joinPath(indexPath('axes', i), 'path'), message: `axes[${first}] varies the same path`, severity: 'error' });
    const dup = a.labels.find((l, k) => a.labels.indexOf(l) !== k);
    if (dup !== undefined) issues.push({ path: joinPath(indexPath('axes', i), 'values' in (f.axes![i] as object) ? 'values' : 'variants'), message: `"${dup}" is listed twice`, severity: 'error' });
  });
  const objective = f.objective ? ('minimize' in f.objective ? { figure: f.objective.minimize, sense: 'minimize' as const } : { figure: f.objective.maximize, sense: 'maximize' as const }) : null;
  if (objective && !seen.has(objective.figure))
    issues.push({ path: joinPath('objective', objective.sense), message: `"${objective.figure}" is not among the figures kept; add it to figures`, severity: 'error' });
  const constraints: Constraint[] = (f.constraints ?? []).map((c, i) => {
    const at = indexPath('constraints', i);
    if (!seen.has(c.figure)) issues.push({ path: joinPath(at, 'figure'), message: `"${c.figure}" is not among the figures kept; add it to figures`, severity: 'error' });
    const max = boundValue(c.figure, c.max, joinPath(at, 'max'), issues);
    const min = boundValue(c.figure, c.min, joinPath(at, 'min'), issues);
    const parts = [max !== null ? `<= ${c.max}` : '', min !== null ? `>= ${c.min}` : ''].filter(Boolean).join(' and ');
    const text = `${c.figure} ${parts}${c.quantile !== undefined ? ` in ${Math.round(c.quantile * 1000) / 10}% of replications` : ' on the mean'}`;
    return { figure: c.figure, max, min, quantile: c.quantile ?? null, text };
  });
  if (issues.length > 0) return { plan: null, issues };
  return {
    plan: { base: f.base, seed: f.seed ?? null, replications: f.replications ?? 1, axes, figures, objective, constraints, search: f.search ?? 'auto' },
    issues,
  };
}

function zodMessage(i: z.core.$ZodIssue): string {
  if (i.code === 'unrecognized_keys') return `unknown field${i.keys.length === 1 ? '' : 's'} ${i.keys.map((k) => `"${k}"`).join(', ')}`;
  if (i.code === 'invalid_union') return 'expected one of the documented shapes (see schema/plan.schema.json)';
  if (i.code === 'invalid_type' && / received undefined$/.test(i.message)) return 'missing; this field is required';
  return i.message.replace(/^(Invalid input|Too small|Too big): /, '');
}

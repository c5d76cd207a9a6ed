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
const axis = z.union([valuesAxis, variantsAxis]);

export const planFileSchema = z.strictObject({
  base: z.string().min(1).describe('The scenario file, relative to the plan file.'),
  seed: z.number().int().nonnegative().optional().describe('Replication i of every point runs with seed + i (common random numbers). Default: the base scenario seed.'),
  replications: z.number().int().min(1).max(10_000).optional().describe('Runs per point (default 1).'),
  axes: z.array(axis).optional().describe('Expanded first axis slowest.'),
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

/** Whether the dotted path `outer` holds `inner` (is a proper prefix of it up to a `.` or `[`), as written. */
function holds(outer: string, inner: string): boolean {
  return inner.length > outer.length && inner.startsWith(outer) && (inner[outer.length] === '.' || inner[outer.length] === '[');
}

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

/** The plan's fields one at a time: each that has the documented shape, undefined for one that has not (the shape issues say why). */
interface Fields {
  base: string | undefined;
  seed: number | undefined;
  replications: number | undefined;
  /** Each entry that has its shape, undefined for one that has not (so indices stay the file's). */
  axes: (z.infer<typeof axis> | undefined)[] | undefined;
  /** Whether the axes list as a whole has its shape (only then are the points it spans meaningful). */
  axesRead: boolean;
  figures: string[] | undefined;
  objective: PlanFile['objective'];
  constraints: (z.infer<typeof constraint> | undefined)[] | undefined;
  search: PlanFile['search'];
}

/** One value against one schema: the value if it has the shape, undefined otherwise. */
function shaped<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const r = schema.safeParse(value);
  return r.success ? r.data : undefined;
}

/** A list's entries against their schema, each on its own; undefined when the field is not a list (or absent). */
function shapedEntries<T>(schema: z.ZodType<T>, value: unknown): (T | undefined)[] | undefined {
  return Array.isArray(value) ? value.map((v) => shaped(schema, v)) : undefined;
}

function fieldsOf(doc: Record<string, unknown>): Fields {
  const s = planFileSchema.shape;
  return {
    base: shaped(s.base, doc.base),
    seed: shaped(s.seed, doc.seed),
    replications: shaped(s.replications, doc.replications),
    axes: shapedEntries(axis, doc.axes),
    axesRead: s.axes.safeParse(doc.axes).success,
    figures: shaped(s.figures, doc.figures),
    objective: shaped(s.objective, doc.objective),
    constraints: shapedEntries(constraint, doc.constraints),
    search: shaped(s.search, doc.search),
  };
}

/**
 * Check the plan document and turn it into a Plan; every issue located. Every problem is listed in
 * one pass: a field or list entry without its documented shape is reported (by zod) and left out
 * of the checks that read it, while the others still run. The checks that read another field stop
 * when it could not be read: whether the objective's and constraints' figures are kept needs the
 * figures list (a figure misspelt in the list is named by the planner, against the base scenario).
 *
 * `draft` is the plan as far as it reads (the figures and axes that have their shape, defaults
 * elsewhere), for the planner's checks against the base scenario, which do not depend on the rest:
 * so a bad `replications` does not hide an unknown figure or an axis path that selects nothing. It
 * is null without a base (nothing can be checked against it); `plan` is null whenever there are issues.
 */
export function readPlan(document: unknown): { plan: Plan | null; draft: Plan | null; issues: Issue[] } {
  const parsed = planFileSchema.safeParse(document);
  const issues: Issue[] = parsed.success ? [] : parsed.error.issues.map((i): Issue => ({ path: dotted(i.path), message: zodMessage(i), severity: 'error' }));
  // Not a mapping at all: there are no fields to check.
  if (document === null || typeof document !== 'object' || Array.isArray(document)) return { plan: null, draft: null, issues };
  const f = fieldsOf(document as Record<string, unknown>);

  const figures = f.figures ?? DEFAULT_FIGURES;
  const seen = new Set<string>();
  figures.forEach((fig, i) => {
    if (seen.has(fig)) issues.push({ path: indexPath('figures', i), message: `"${fig}" is listed twice`, severity: 'error' });
    seen.add(fig);
  });
  // Whether a figure is kept is known only when the figures list reads (or is absent: the defaults).
  const figuresKnown = f.figures !== undefined || !Object.hasOwn(document, 'figures');
  const kept = (figure: string, at: string): void => {
    if (figuresKnown && !seen.has(figure)) issues.push({ path: at, message: `"${figure}" is not among the figures kept; add it to figures`, severity: 'error' });
  };

  const axes = (f.axes ?? []).map((a): Axis | undefined => {
    if (a === undefined) return undefined;
    if ('values' in a) return { path: a.path, labels: a.values.map(axisLabel), values: a.values, numeric: a.values.every((v) => typeof v === 'number') };
    return { path: a.path, labels: Object.keys(a.variants), values: Object.values(a.variants), numeric: false };
  });
  axes.forEach((a, i) => {
    if (a === undefined) return;
    const first = axes.findIndex((b) => b?.path === a.path);
    if (first !== i) issues.push({ path: joinPath(indexPath('axes', i), 'path'), message: `axes[${first}] varies the same path`, severity: 'error' });
    // An axis inside another's value: the inner one overwrites part of each outer value, so the labels of a point would disagree with what it ran.
    const outer = axes.findIndex((b) => b !== undefined && holds(b.path, a.path));
    if (outer >= 0) issues.push({ path: joinPath(indexPath('axes', i), 'path'), message: `axes[${outer}] varies ${axes[outer]!.path}, which holds this path, so one axis would overwrite the other's values; vary one of them`, severity: 'error' });
    const dup = a.labels.find((l, k) => a.labels.indexOf(l) !== k);
    if (dup !== undefined) issues.push({ path: joinPath(indexPath('axes', i), 'values' in f.axes![i]! ? 'values' : 'variants'), message: `"${dup}" is listed twice`, severity: 'error' });
  });

  const objective = f.objective ? ('minimize' in f.objective ? { figure: f.objective.minimize, sense: 'minimize' as const } : { figure: f.objective.maximize, sense: 'maximize' as const }) : null;
  if (objective) kept(objective.figure, joinPath('objective', objective.sense));
  const constraints: Constraint[] = [];
  const readConstraints: ReadConstraint[] = [];
  (f.constraints ?? []).forEach((c, i) => {
    if (c === undefined) return;
    const at = indexPath('constraints', i);
    kept(c.figure, joinPath(at, 'figure'));
    const max = boundValue(c.figure, c.max, joinPath(at, 'max'), issues);
    const min = boundValue(c.figure, c.min, joinPath(at, 'min'), issues);
    const parts = [max !== null ? `<= ${c.max}` : '', min !== null ? `>= ${c.min}` : ''].filter(Boolean).join(' and ');
    const text = `${c.figure} ${parts}${c.quantile !== undefined ? ` in ${Math.round(c.quantile * 1000) / 10}% of replications` : ' on the mean'}`;
    const read: ReadConstraint = { path: at, c: { figure: c.figure, max, min, quantile: c.quantile ?? null, text }, written: c };
    readConstraints.push(read);
    constraints.push(read.c);
  });
  issues.push(...contradictions(readConstraints));

  const draft: Plan | null =
    f.base === undefined
      ? null
      : {
          base: f.base,
          seed: f.seed ?? null,
          replications: f.replications ?? 1,
          // Points are spanned only by a list of axes that all read; the planner checks each axis path only then.
          axes: f.axesRead ? (axes as Axis[]) : [],
          figures: f.figures ?? (figuresKnown ? DEFAULT_FIGURES : []),
          objective,
          constraints,
          search: f.search ?? 'auto',
        };
  return { plan: issues.length === 0 ? draft : null, draft, issues };
}

/** A constraint as read, with where it is and its bounds as written (for messages). */
interface ReadConstraint {
  path: string;
  c: Constraint;
  written: z.infer<typeof constraint>;
}

/**
 * Bounds no values can meet: a constraint's max below its own min, or below the min of another
 * constraint on the same figure (or its min above the other's max). Two constraints meet in one
 * value when both are on the mean, or both on shares of the replications that must overlap
 * (q1 + q2 > 1: some replication is within both; a little slack for 0.7 + 0.3 in floating point);
 * a mean and a share, or two shares of 50 %, can be met on either side of a gap. Found before anything runs: otherwise every run is made only to
 * learn that no point meets them.
 *
 * Each contradiction is reported once: every constraint is named in at most one issue. A constraint
 * that contradicts itself is reported alone; of the pairs that clash, the widest gap is reported
 * first (the highest min above the lowest max: raising that max or lowering that min past it is
 * what makes the bounds meet), at the later of the two, naming the earlier; a pair with a
 * constraint already named is left out (max 5, min 10, min 12 on one mean is one issue, at min 12).
 */
function contradictions(read: readonly ReadConstraint[]): Issue[] {
  const issues: { at: number; issue: Issue }[] = [];
  const named = new Set<number>();
  read.forEach(({ c, written, path }, j) => {
    if (c.max === null || c.min === null || c.max >= c.min) return;
    issues.push({ at: j, issue: { path, message: `max (${written.max}) is below min (${written.min})`, severity: 'error' } });
    named.add(j);
  });
  for (const p of clashingPairs(read, named).sort((a, b) => b.gap - a.gap || a.j - b.j || a.i - b.i)) {
    if (named.has(p.i) || named.has(p.j)) continue;
    named.add(p.i).add(p.j);
    issues.push({ at: p.j, issue: { path: read[p.j].path, message: p.message, severity: 'error' } });
  }
  return issues.sort((a, b) => a.at - b.at).map((x) => x.issue);
}

/** Every pair of constraints (earlier i, later j) on one figure that meet in one value and whose bounds cannot both hold, with the gap between them. */
function clashingPairs(read: readonly ReadConstraint[], selfContradictory: ReadonlySet<number>): { i: number; j: number; gap: number; message: string }[] {
  const overlap = (a: Constraint, b: Constraint): boolean => (a.quantile === null && b.quantile === null) || (a.quantile !== null && b.quantile !== null && a.quantile + b.quantile > 1 + 1e-9);
  const pairs: { i: number; j: number; gap: number; message: string }[] = [];
  read.forEach((next, j) => {
    const { c, written } = next;
    for (let i = 0; i < j; i++) {
      const o = read[i];
      if (selfContradictory.has(i) || selfContradictory.has(j) || o.c.figure !== c.figure || !overlap(o.c, c)) continue;
      if (c.max !== null && o.c.min !== null && c.max < o.c.min) pairs.push({ i, j, gap: o.c.min - c.max, message: `max (${written.max}) is below the min (${o.written.min}) of ${o.path} on the same figure` });
      if (c.min !== null && o.c.max !== null && c.min > o.c.max) pairs.push({ i, j, gap: c.min - o.c.max, message: `min (${written.min}) is above the max (${o.written.max}) of ${o.path} on the same figure` });
    }
  });
  return pairs;
}

function zodMessage(i: z.core.$ZodIssue): string {
  if (i.code === 'unrecognized_keys') return `unknown field${i.keys.length === 1 ? '' : 's'} ${i.keys.map((k) => `"${k}"`).join(', ')}`;
  if (i.code === 'invalid_union') return 'expected one of the documented shapes (see schema/plan.schema.json)';
  if (i.code === 'invalid_type' && / received undefined$/.test(i.message)) return 'missing; this field is required';
  return i.message.replace(/^(Invalid input|Too small|Too big): /, '');
}

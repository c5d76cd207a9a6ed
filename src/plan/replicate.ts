// `run --replications N`: one scenario at seeds seed, seed+1, …, seed+N-1, every figure of
// summary.json as a mean with its 95% interval. A comparison of one scenario, written as
// replications.csv (one row per seed) and replications.json.
import { stringify } from 'csv-stringify/sync';
import type { Comparison } from './compare.js';
import { knownFigures } from './figures.js';
import type { Scenario } from '../scenario/types.js';
import { formatEstimate } from './judge.js';
import { replicationsTitle } from '../report/messages.js';
import { acrossSeeds, REPLICATION_HEADLINE, type ReplicationsJson } from '../report/replications.js';

/**
 * The figures a replicated run reports: every numeric key of summary.json the scenario has (the
 * fixed ones, and per compute environment, job queue, job definition and purchase option, data
 * movement and state machine), as compare and the planner know them.
 */
export const replicationFigures = (scenario: Scenario): string[] => knownFigures(scenario);


const cell = (v: number | null): string => (v === null ? '' : String(v));

/** The seeds of the replications, replication r's at r. */
const seedsOf = (c: Comparison): number[] => Array.from({ length: c.replications }, (_, r) => c.seed + r);

export function replicationsCsv(c: Comparison): string {
  const s = c.scenarios[0];
  const rows: string[][] = [['replication', 'seed', ...c.figures]];
  for (let r = 0; r < c.replications; r++) rows.push([String(r), String(c.seed + r), ...s.values.map((v) => cell(v[r]))]);
  return stringify(rows);
}

export function replicationsJson(c: Comparison): ReplicationsJson {
  const s = c.scenarios[0];
  return {
    scenario: s.name,
    seeds: seedsOf(c),
    figures: Object.fromEntries(c.figures.map((f, k) => [f, { mean: s.estimates[k].mean, ci95Low: s.estimates[k].ci95Low, ci95High: s.estimates[k].ci95High, n: s.estimates[k].n }])),
  };
}

/** `figure  mean ± half-width` (or `mean [low, high]`, see formatEstimate) lines for the terminal. */
export function replicationLines(c: Comparison): string {
  const s = c.scenarios[0];
  const rows = REPLICATION_HEADLINE.filter((f) => c.figures.includes(f)).map((f) => {
    const e = s.estimates[c.figures.indexOf(f)];
    return [f, formatEstimate(f, e)];
  });
  const w = Math.max(...rows.map((r) => r[0].length));
  return `${replicationsTitle(acrossSeeds(seedsOf(c)))}\n` + rows.map(([f, t]) => `  ${f.padEnd(w)}  ${t}`).join('\n') + '\n';
}

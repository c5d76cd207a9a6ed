#!/usr/bin/env node
// Runs the five scenarios/compare-*.yaml examples (one workload, five ways to run it) in memory and
// prints a Markdown table of what each costs and how long it takes. Nothing is written to disk.
// The three Spot examples are run a second time with a stress hazard
// (assumptions.spot.interruptions: { perHour: STRESS_PER_HOUR }, set in memory), because at the
// Spot Instance Advisor's rates a five-hour batch rarely sees a reclaim at all.
// Output is deterministic: same build, same table.
//
//   npm run build && node scripts/compare-examples.mjs
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog, loadScenario, runScenario } from '../dist/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SCENARIOS = ['compare-ondemand', 'compare-spot', 'compare-spot-fallback', 'compare-fargate', 'compare-fargate-spot'];
const STRESSED = ['compare-spot', 'compare-spot-fallback', 'compare-fargate-spot'];
const STRESS_PER_HOUR = 0.05;

const catalog = loadCatalog();

function load(name) {
  const { scenario, issues } = loadScenario(join(root, 'scenarios', `${name}.yaml`), { catalog });
  if (!scenario) {
    const errors = issues.filter((i) => i.severity === 'error').map((i) => `  ${i.path}: ${i.message}`);
    throw new Error(`${name}.yaml does not load:\n${errors.join('\n')}`);
  }
  return scenario;
}

/** The same scenario with every Spot environment reclaimed at `perHour` per instance or task. */
function stressed(scenario, perHour) {
  const interruptions = { kind: 'perHour', perHour };
  return {
    ...scenario,
    assumptions: { ...scenario.assumptions, spot: { ...scenario.assumptions.spot, interruptions } },
    computeEnvironments: scenario.computeEnvironments.map((ce) =>
      ce.computeResources ? { ...ce, computeResources: { ...ce.computeResources, spotInterruptions: null } } : ce,
    ),
  };
}

const usd = (x) => `$${x.toFixed(2)}`;
const hours = (s) => (s === null ? '-' : `${(s / 3600).toFixed(2)} h`);
const minutes = (s) => (s === null ? '-' : (s / 60).toFixed(1));

function row(label, s) {
  const c = s.costUsd;
  const w = s.queueWaitSeconds;
  const perJob = s.jobs.succeeded > 0 ? `$${(c.total / s.jobs.succeeded).toFixed(4)}` : '-';
  return [
    label,
    hours(s.makespanSeconds),
    w ? `${minutes(w.mean)} / ${minutes(w.p95)} m` : '-',
    usd(c.total),
    `${usd(c.busy)} / ${usd(c.idle)} / ${usd(c.lostToInterruptions)}`,
    usd(c.ebs),
    String(s.spot.interruptions),
    String(s.spot.attemptsInterrupted),
    `${s.jobs.succeeded} / ${s.jobs.failed}`,
    perJob,
  ];
}

const header = [
  'scenario', 'makespan', 'queue wait mean / p95', 'total cost', 'busy / idle / lost', 'EBS',
  'interruptions', 'attempts interrupted', 'succeeded / failed', '$ per succeeded job',
];
const rows = [];
let lambda = null;
for (const name of SCENARIOS) {
  const { summary } = runScenario(load(name), { catalog });
  rows.push(row(name, summary));
  lambda ??= summary.lambda;
}
for (const name of STRESSED) {
  const { summary } = runScenario(stressed(load(name), STRESS_PER_HOUR), { catalog });
  rows.push(row(`${name}, stress ${STRESS_PER_HOUR}/h`, summary));
}

const right = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9]);
const lines = [
  `| ${header.join(' | ')} |`,
  `|${header.map((_, k) => (right.has(k) ? '---:' : '---')).join('|')}|`,
  ...rows.map((r) => `| ${r.join(' | ')} |`),
];
console.log(lines.join('\n'));

// Lambda: compare-ondemand's runs priced as Lambda invocations (summary.json `lambda`).
console.log('');
for (const fit of Object.values(lambda.byJobDefinition)) {
  const verdict = fit.fits ? 'fits Lambda' : `does not fit Lambda (${fit.reasons.join('; ')})`;
  console.log(`Lambda, job definition \`${fit.jobDefinition}\`: ${verdict}; ${fit.invocations} invocations at ${fit.memoryMB} MB would cost ${usd(fit.costUsd)}.`);
}

#!/usr/bin/env node
// Renders the charts of the bundled example scenarios into docs/ (PNG), for the README and docs.
// genomics-burst-ec2 as it is; compare-spot-fallback with a stress Spot hazard (0.05 reclaims per
// instance-hour, set in memory; the stress-0.05 rows of scenarios/plans/plan-compare-examples.yaml
// use the same rate) so reclaims show. Deterministic: same build, same PNG bytes.
//
//   npm run build && node scripts/render-docs.mjs
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog, loadScenario, runScenario, writeRunOutputs } from '../dist/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const docs = join(root, 'docs');
const catalog = loadCatalog();

const EXAMPLES = [
  { file: 'genomics-burst-ec2', prefix: 'genomics', charts: ['queues', 'vcpus', 'cost', 'queue-wait', 'instances'] },
  { file: 'compare-spot-fallback', prefix: 'spot-fallback', stress: 0.05, charts: ['vcpus', 'cost', 'instances', 'interruptions'] },
];

function stressed(scenario, perHour) {
  return {
    ...scenario,
    assumptions: { ...scenario.assumptions, spot: { ...scenario.assumptions.spot, interruptions: { kind: 'perHour', perHour } } },
    computeEnvironments: scenario.computeEnvironments.map((ce) =>
      ce.computeResources ? { ...ce, computeResources: { ...ce.computeResources, spotInterruptions: null } } : ce,
    ),
  };
}

mkdirSync(docs, { recursive: true });
for (const ex of EXAMPLES) {
  const path = join(root, 'scenarios', `${ex.file}.yaml`);
  if (!existsSync(path)) {
    process.stderr.write(`skipping ${ex.file}: no ${path}\n`);
    continue;
  }
  const { scenario, issues } = loadScenario(path, { catalog });
  if (!scenario) throw new Error(`${ex.file}.yaml does not load:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
  const out = mkdtempSync(join(tmpdir(), 'batchsim-docs-'));
  try {
    await writeRunOutputs(out, runScenario(ex.stress ? stressed(scenario, ex.stress) : scenario, { catalog }), 'all');
    for (const c of ex.charts) {
      copyFileSync(join(out, `${c}.png`), join(docs, `${ex.prefix}-${c}.png`));
      process.stdout.write(`docs/${ex.prefix}-${c}.png\n`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

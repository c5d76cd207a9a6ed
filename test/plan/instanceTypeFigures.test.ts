// costUsd.byInstanceType.<type>: the type is everything after the prefix (instance type names
// hold a dot), a name without an instance type's shape is refused, and a type never launched cost 0.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCatalog, loadScenario, simulate, summarize } from '../../src/index.js';
import { figureValue, isKnownFigure } from '../../src/plan/figures.js';

const base = fileURLToPath(new URL('../fixtures/plan/base.yaml', import.meta.url));

describe('costUsd.byInstanceType figures', () => {
  const scenario = loadScenario(base).scenario!;

  it('accept EC2 instance type names and Fargate, and refuse families and other shapes', () => {
    for (const t of ['c6i.4xlarge', 'm6i.32xlarge', 'u-6tb1.metal', 'm7i-flex.large', 'c7i.metal-24xl', 'FARGATE', 'FARGATE_SPOT'])
      expect(isKnownFigure(`costUsd.byInstanceType.${t}`, scenario), t).toBe(true);
    for (const t of ['c6i', 'zzz', '', 'c6i.', '.4xlarge', 'c6i.4xlarge.x', 'C6I.4XLARGE', 'fargate'])
      expect(isKnownFigure(`costUsd.byInstanceType.${t}`, scenario), t).toBe(false);
  });

  it('read the cost of the named type, 0 for a type the run never launched', () => {
    const summary = summarize(simulate(scenario, loadCatalog()));
    const used = Object.entries(summary.costUsd.byInstanceType);
    expect(used.length).toBeGreaterThan(0);
    for (const [type, usd] of used) {
      expect(type).toContain('.');
      expect(figureValue(summary, `costUsd.byInstanceType.${type}`)).toBe(usd);
    }
    expect(figureValue(summary, 'costUsd.byInstanceType.x2iedn.32xlarge')).toBe(0);
  });
});

// The data part's figures are known to plans exactly when a scenario declares data movement, and
// each names a number of summary.json.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCatalog, loadScenario, simulate, summarize } from '../../src/index.js';
import { figureValue, isKnownFigure, knownFigures } from '../../src/plan/figures.js';

const file = (name: string): string => fileURLToPath(new URL(`../../scenarios/${name}`, import.meta.url));

describe('data figures', () => {
  it('are known for a scenario that moves data, and each is a number of its summary', () => {
    const scenario = loadScenario(file('data-movement.yaml')).scenario!;
    const data = knownFigures(scenario).filter((k) => k.startsWith('data.') || k === 'costUsd.data');
    expect(data).toHaveLength(23);
    const summary = summarize(simulate(scenario, loadCatalog()));
    for (const key of data) expect(figureValue(summary, key), key).not.toBeNull();
    expect(figureValue(summary, 'costUsd.data')).toBe(summary.data!.costUsd.total);
  });

  it('are not known for one that does not', () => {
    const scenario = loadScenario(file('contract-basic.yaml')).scenario!;
    expect(isKnownFigure('costUsd.data', scenario)).toBe(false);
    expect(isKnownFigure('data.costUsd.nat', scenario)).toBe(false);
  });
});

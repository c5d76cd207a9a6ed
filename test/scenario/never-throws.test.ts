// Whatever the input, parseScenario answers with a scenario or at least one error; it never throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { hasErrors } from '../../src/scenario/issues.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { loadCatalog } from '../../src/data/load.js';
import { simulate } from '../../src/plan/simulate.js';
import { estimateRun, MAX_SAMPLE_INSTANTS } from '../../src/scenario/estimate.js';
import { fakeCatalog } from './fake-catalog.js';

const ctx = { catalog: fakeCatalog(), baseDir: '/tmp', files: new Map<string, string>() };

function check(document: unknown): void {
  const { scenario, issues } = parseScenario(document, ctx);
  expect(scenario === null).toBe(hasErrors(issues));
  if (scenario === null) expect(issues.some((i) => i.severity === 'error')).toBe(true);
  // parseScenario turns its own exceptions into an internal-error issue; none may happen.
  for (const issue of issues) expect(issue.message).not.toMatch(/^internal error/);
}

/** Replace the value at a random path of a valid document with something arbitrary. */
function mutate(doc: unknown, path: number[], value: unknown): unknown {
  if (path.length === 0 || typeof doc !== 'object' || doc === null) return value;
  const keys = Object.keys(doc);
  if (keys.length === 0) return value;
  const key = keys[path[0] % keys.length];
  const copy: Record<string, unknown> = Array.isArray(doc) ? ([...doc] as unknown as Record<string, unknown>) : { ...doc };
  copy[key] = mutate((doc as Record<string, unknown>)[key], path.slice(1), value);
  return copy;
}

describe('parseScenario never throws', () => {
  it('on arbitrary values', () => {
    fc.assert(fc.property(fc.anything(), (value) => check(value)), { numRuns: 300 });
  });

  it('on arbitrary JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => check(value)), { numRuns: 300 });
  });

  it('on the contract scenarios with one value anywhere replaced', () => {
    const docs = ['contract-basic', 'contract-full'].map((n) => YAML.parse(readFileSync(`scenarios/${n}.yaml`, 'utf8')) as unknown);
    fc.assert(
      fc.property(fc.constantFrom(...docs), fc.array(fc.nat(), { maxLength: 7 }), fc.jsonValue({ maxDepth: 2 }), (doc, path, value) =>
        check(mutate(doc, path, value)),
      ),
      { numRuns: 1000 },
    );
  });
});

/** A typo's kind of change at a random path: a number scaled by 10^k, a field dropped, a type changed. */
type Change = { kind: 'scale'; k: number } | { kind: 'drop' } | { kind: 'retype'; to: 'string' | 'number' | 'list' | 'null' };

function change(doc: unknown, path: number[], c: Change): unknown {
  if (typeof doc !== 'object' || doc === null) return doc;
  const keys = Object.keys(doc);
  if (keys.length === 0) return doc;
  const key = keys[(path[0] ?? 0) % keys.length];
  const child = (doc as Record<string, unknown>)[key];
  const copy: Record<string, unknown> = Array.isArray(doc) ? ([...doc] as unknown as Record<string, unknown>) : { ...doc };
  const leaf = path.length <= 1 || typeof child !== 'object' || child === null;
  if (!leaf) copy[key] = change(child, path.slice(1), c);
  else if (c.kind === 'drop') {
    if (Array.isArray(copy)) (copy as unknown as unknown[]).splice(Number(key), 1);
    else delete copy[key];
  } else if (c.kind === 'scale') copy[key] = typeof child === 'number' ? child * 10 ** c.k : child;
  else copy[key] = { string: String(child), number: Number.parseFloat(String(child)) || 7, list: [child], null: null }[c.to];
  return copy;
}

describe('typos of valid scenarios', () => {
  const catalog = loadCatalog();
  const real = { catalog, baseDir: '/tmp', files: new Map<string, string>() };
  const docs = ['contract-basic', 'contract-full'].map((n) => YAML.parse(readFileSync(`scenarios/${n}.yaml`, 'utf8')) as unknown);
  const changes: fc.Arbitrary<Change> = fc.oneof(
    fc.record({ kind: fc.constant('scale' as const), k: fc.integer({ min: -3, max: 12 }) }),
    fc.record({ kind: fc.constant('drop' as const) }),
    fc.record({ kind: fc.constant('retype' as const), to: fc.constantFrom('string' as const, 'number' as const, 'list' as const, 'null' as const) }),
  );
  const mutants = fc.tuple(fc.constantFrom(...docs), fc.array(fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), changes), { minLength: 1, maxLength: 3 }));
  const apply = ([doc, edits]: [unknown, [number[], Change][]]): unknown => edits.reduce((d, [path, c]) => change(d, path, c), doc);

  it('never throw and answer with issues (the library never exits 1)', () => {
    fc.assert(fc.property(mutants, (m) => check(apply(m))), { numRuns: 500 });
  });

  it('those that validate clean and are small by the estimate simulate in bounded memory', () => {
    let simulated = 0;
    fc.assert(
      fc.property(mutants, (m) => {
        const { scenario, issues } = parseScenario(apply(m), real);
        if (scenario === null || issues.some((i) => i.severity === 'warning')) return;
        const e = estimateRun(scenario);
        if (!(e.jobs < 50_000) || !(e.horizonMs < 90 * 86_400_000)) return;
        const result = simulate(scenario, catalog);
        simulated++;
        // Memory: the rows are the jobs the estimate counted (within a factor) and the time series is capped.
        expect(result.jobs.count).toBeLessThanOrEqual(Math.max(10, e.jobs * 4));
        expect(new Set(result.samples.t).size).toBeLessThanOrEqual(MAX_SAMPLE_INSTANTS + 1);
      }),
      { numRuns: 40 },
    );
    expect(simulated).toBeGreaterThan(0);
  }, 120_000);
});

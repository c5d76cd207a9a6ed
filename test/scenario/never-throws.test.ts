// Whatever the input, parseScenario answers with a scenario or at least one error; it never throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { hasErrors } from '../../src/scenario/issues.js';
import { parseScenario } from '../../src/scenario/parse.js';
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

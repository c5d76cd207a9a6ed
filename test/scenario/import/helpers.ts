// Test helpers for the importers: fixture text, the JSON blocks of the aws-cli .rst examples and of
// botocore's examples-1.json, and the round trip (import -> write -> loadScenario -> runScenario).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { loadScenario, runScenario, type FinishedImport, type SourceText } from '../../../src/index.js';

export const FIXTURES = new URL('../../fixtures/aws-configs/', import.meta.url).pathname;

export const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
export const source = (name: string): SourceText => ({ name, text: fixture(name) });

/** The JSON blocks of an aws-cli example (after `Output::` or `JSON file format::`), as texts. */
export function rstJsonBlocks(name: string): string[] {
  const lines = fixture(name).split('\n');
  const blocks: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/(Output|JSON file format)::\s*$/.test(lines[i])) continue;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && (lines[j].trim() === '' || /^[\t ]/.test(lines[j]))) body.push(lines[j++]);
    const text = body.join('\n').trim();
    if (text.startsWith('{')) blocks.push(text);
  }
  return blocks;
}

/** An operation's examples from botocore's examples-1.json, `input` or `output`, as JSON texts. */
export function botocore(operation: string, part: 'input' | 'output'): SourceText[] {
  const doc = JSON.parse(fixture('botocore-batch-examples-1.json')) as { examples: Record<string, { input: unknown; output: unknown }[]> };
  return doc.examples[operation].map((e, i) => ({ name: `botocore ${operation}[${i}].${part}`, text: JSON.stringify(e[part]) }));
}

/** The scenario document the import wrote (YAML parsed back). */
export function written(result: FinishedImport): Record<string, any> {
  if (!result.ok) throw new Error(`import failed: ${result.notes.map((n) => n.message).join('; ')}`);
  return YAML.parse(result.yaml) as Record<string, any>;
}

/** Writes the scenario (and side files) to a fresh folder, loads it with loadScenario and runs it. */
export function roundTrip(result: FinishedImport, sideFiles: { name: string; text: string }[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'batchsim-import-'));
  const path = join(dir, 'imported.yaml');
  writeFileSync(path, result.yaml);
  for (const f of sideFiles) writeFileSync(join(dir, f.name), f.text);
  const loaded = loadScenario(path);
  const errors = loaded.issues.filter((i) => i.severity === 'error');
  const run = loaded.scenario === null ? null : runScenario(loaded.scenario);
  return { loaded, errors, run, path, dir };
}

// One run of the planning layer, as plain data:
//   1. apply the overrides to the scenario file's document (plan/overrides.ts)
//   2. read and validate the result like a file (scenario/), with the run's seed
//   3. simulate (plan/simulate.ts) and summarize (metrics/) to summary.json's plain object
// Every variant of a sweep goes through all three, so a bad point is reported like a bad file.
import { basename, extname } from 'node:path';
import { loadCatalog } from '../data/load.js';
import type { Catalog } from '../model/catalog.js';
import { summarize, type Summary } from '../metrics/summary.js';
import type { Issue } from '../scenario/issues.js';
import { loadScenarioFile } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import { parseScenario } from '../scenario/parse.js';
import { applyOverrides, type Override } from './overrides.js';
import { simulate } from './simulate.js';

/** A scenario file as loaded: its document and the side files it names, before it is read. */
export interface ScenarioSource {
  /** The file as given, for messages. */
  file: string;
  document: unknown;
  baseDir: string;
  files: Map<string, string>;
  /** The scenario's name when the document gives none (the file name without extension). */
  defaultName: string;
  /** sha256 of the file's bytes, as load read them. */
  sha256: string;
}

export type Loaded<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

export function loadSource(file: string): Loaded<ScenarioSource> {
  const loaded = loadScenarioFile(file);
  if (!loaded.ok) return { ok: false, issues: loaded.issues };
  return { ok: true, value: { file, document: loaded.document, baseDir: loaded.baseDir, files: loaded.files, defaultName: basename(file, extname(file)), sha256: loaded.sha256 } };
}

export interface RunSpec {
  overrides?: readonly Override[];
  /** Replaces the scenario's own seed. */
  seed?: number;
  catalog?: Catalog;
}

/** Steps 1 and 2: the validated scenario of one variant, or every issue that stops it (warnings kept). */
export function prepareRun(source: ScenarioSource, spec: RunSpec = {}): { scenario: Scenario | null; issues: Issue[] } {
  const doc = applyOverrides(source.document, spec.overrides ?? []);
  if (!doc.ok) return { scenario: null, issues: [{ path: '', message: doc.message, severity: 'error' }] };
  return parseScenario(doc.document, {
    catalog: spec.catalog ?? loadCatalog(),
    baseDir: source.baseDir,
    files: source.files,
    seedOverride: spec.seed,
    defaultName: source.defaultName,
  });
}

/** Steps 1 to 3: one run's summary, or the errors that stopped it before anything ran. */
export function runSource(source: ScenarioSource, spec: RunSpec = {}): Loaded<Summary> {
  const { scenario, issues } = prepareRun(source, spec);
  if (!scenario) return { ok: false, issues: issues.filter((i) => i.severity === 'error') };
  return { ok: true, value: summarize(simulate(scenario, spec.catalog ?? loadCatalog(), { summaryOnly: true })) };
}

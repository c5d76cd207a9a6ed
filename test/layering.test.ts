// The dependency rule of DESIGN.md ("Layers and the dependency rule"), as adapted in this project,
// checked over every .ts file under src/. Import specifiers are read with the TypeScript parser
// (so multi-line imports, `import type`, `export ... from`, `import('x')` and import types all
// count, and commented-out code does not).
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { posix, relative, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

interface Rule {
  /** Our layers (folder names, or `index` for src/index.ts) or single modules (`scenario/types`) allowed. */
  readonly ours: readonly string[] | { readonly allExcept: readonly string[] };
  /** Whether Node builtins (`node:fs`, `fs`, …) may be imported. npm packages are always allowed. */
  readonly builtins: boolean;
}

/** Layer name -> what it may import besides itself. `index` is src/index.ts. */
export const RULES: Readonly<Record<string, Rule>> = {
  engine: { ours: [], builtins: true },
  model: { ours: ['engine', 'scenario/types'], builtins: false },
  workload: { ours: ['engine', 'model', 'scenario/types'], builtins: true },
  // Metrics read the records (their types and formats); records never import metrics (bills come in as data).
  records: { ours: ['model', 'engine', 'scenario/types'], builtins: true },
  metrics: { ours: ['model', 'engine', 'records', 'scenario/types'], builtins: true },
  // read/ parses trace files with the workload readers (pure; they import only scenario/types);
  // fields/ names the trace formats and columns (formats.ts, without the readers).
  scenario: { ours: ['model', 'engine', 'workload/traces/parse', 'workload/traces/formats', 'workload/schedule'], builtins: true },
  data: { ours: ['model'], builtins: true },
  plan: { ours: { allExcept: ['cli'] }, builtins: true },
  report: { ours: ['records', 'metrics', 'model', 'scenario/types'], builtins: true },
  // The CLI calls only the public API: src/index.ts, or its part for one run (api/run.ts, which index
  // re-exports), so that `run`, `report` and `validate` load no planning or import code.
  cli: { ours: ['index', 'api'], builtins: true },
  api: { ours: { allExcept: ['cli', 'index'] }, builtins: true },
  index: { ours: { allExcept: ['cli'] }, builtins: true },
};

type Target =
  | { kind: 'ours'; layer: string; module: string }
  | { kind: 'outside'; module: string }
  | { kind: 'builtin' }
  | { kind: 'package' };

/** The layer of a file given by its path relative to src/ (posix separators). */
export function layerOf(file: string): string {
  const parts = file.split('/');
  if (parts.length === 1) return parts[0].replace(/\.ts$/, '') === 'index' ? 'index' : `(root file ${file})`;
  return parts[0];
}

const BUILTINS = new Set(builtinModules);

export function classify(fromFile: string, specifier: string): Target {
  if (specifier.startsWith('node:')) return { kind: 'builtin' };
  if (!specifier.startsWith('.')) {
    return BUILTINS.has(specifier.split('/')[0]) || BUILTINS.has(specifier) ? { kind: 'builtin' } : { kind: 'package' };
  }
  const resolved = posix.normalize(posix.join(posix.dirname(fromFile), specifier));
  const module = resolved.replace(/\.(d\.ts|ts|js|mts|mjs|cts|cjs|json)$/, '').replace(/\/$/, '');
  if (module === '..' || module.startsWith('../')) return { kind: 'outside', module };
  const layer = module === '.' || module === '' || module === 'index' ? 'index' : layerOf(`${module}.ts`);
  return { kind: 'ours', layer, module };
}

/** Why `fromFile` (relative to src/) may not import `specifier`, or null when it may. */
export function checkImport(fromFile: string, specifier: string): string | null {
  const layer = layerOf(fromFile);
  const rule = RULES[layer];
  const where = `src/${fromFile}: '${specifier}'`;
  if (rule === undefined) return `${where}: no layer rule for '${layer}' (see DESIGN.md)`;
  const target = classify(fromFile, specifier);
  switch (target.kind) {
    case 'package':
      return null;
    case 'builtin':
      return rule.builtins ? null : `${where}: ${layer} may not import Node builtins`;
    case 'outside':
      return `${where}: imports ${target.module}, outside src/`;
    case 'ours': {
      if (target.layer === layer) return null;
      const allowed =
        'allExcept' in rule.ours
          ? !rule.ours.allExcept.includes(target.layer)
          : rule.ours.includes(target.layer) || rule.ours.includes(target.module);
      if (allowed) return null;
      const may = 'allExcept' in rule.ours ? `anything but ${rule.ours.allExcept.join(', ')}` : rule.ours.join(', ') || 'nothing of ours';
      return `${where}: ${layer} may not import ${target.module} (${layer} may import: ${may})`;
    }
  }
}

/** Every module specifier a source file mentions. */
export function importSpecifiers(fileName: string, text: string): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push(node.moduleSpecifier.text);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      out.push(node.moduleReference.expression.text);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments.length > 0 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      out.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const FORBIDDEN = [
  ['Math', 'random'],
  ['Date', 'now'],
] as const;

/** Uses of Math.random / Date.now in code (not comments or strings), as `Math.random (line n)`. */
export function nondeterministicCalls(fileName: string, text: string): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const obj = node.expression.text;
      const prop = node.name.text;
      if (FORBIDDEN.some(([o, p]) => o === obj && p === prop)) {
        out.push(`${obj}.${prop} (line ${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1})`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(full));
    else if (entry.isFile() && entry.name.endsWith('.ts')) out.push(relative(SRC, full).split('\\').join('/'));
  }
  return out.sort();
}

const FILES = listSources(SRC);
const TEXT = new Map(FILES.map((f) => [f, readFileSync(join(SRC, f), 'utf8')]));

describe('layering rule (unit)', () => {
  it('rejects synthetic violations', () => {
    expect(checkImport('engine/simulation.ts', '../model/job.js')).toMatch(/engine may not import model\/job/);
    expect(checkImport('engine/random.ts', '../scenario/types.js')).not.toBeNull();
    expect(checkImport('model/batch.ts', 'node:fs')).toMatch(/model may not import Node builtins/);
    expect(checkImport('model/batch.ts', 'fs')).not.toBeNull();
    expect(checkImport('model/batch.ts', 'node:path')).not.toBeNull();
    expect(checkImport('model/batch.ts', '../workload/arrivals.js')).not.toBeNull();
    expect(checkImport('model/batch.ts', '../scenario/validate.js')).not.toBeNull();
    expect(checkImport('scenario/load.ts', '../data/load.js')).not.toBeNull();
    expect(checkImport('data/load.ts', '../scenario/types.js')).not.toBeNull();
    expect(checkImport('records/tables.ts', '../report/write.js')).not.toBeNull();
    expect(checkImport('records/instances.ts', '../metrics/billing.js')).toMatch(/records may not import metrics\/billing/);
    expect(checkImport('report/write.ts', '../scenario/validate.js')).not.toBeNull();
    expect(checkImport('report/write.ts', '../plan/sweep.js')).not.toBeNull();
    expect(checkImport('plan/sweep.ts', '../cli/main.js')).not.toBeNull();
    expect(checkImport('index.ts', './cli/main.js')).not.toBeNull();
    expect(checkImport('cli/main.ts', '../model/batch.js')).toMatch(/cli may not import model\/batch/);
    expect(checkImport('cli/main.ts', '../index.ts')).toBeNull();
    expect(checkImport('api/run.ts', '../index.js')).toMatch(/api may not import index/);
    expect(checkImport('api/run.ts', '../cli/common.js')).not.toBeNull();
    expect(checkImport('workload/arrivals.ts', '../../package.json')).toMatch(/outside src/);
    expect(checkImport('newlayer/thing.ts', '../engine/random.js')).toMatch(/no layer rule/);
    // Folders under model/ are still the model layer.
    expect(layerOf('model/scheduler/fifo.ts')).toBe('model');
    expect(checkImport('model/environments/ec2.ts', '../../report/write.js')).not.toBeNull();
  });

  it('accepts what the table allows', () => {
    const ok: [string, string][] = [
      ['engine/random.ts', 'seedrandom'],
      ['engine/distribution.ts', './random.js'],
      ['model/batch.ts', '../engine/simulation.js'],
      ['model/job.ts', '../scenario/types.js'],
      ['model/job.ts', './instance.js'],
      ['model/batch.ts', 'simple-statistics'],
      ['workload/arrivals.ts', '../model/job.js'],
      ['workload/arrivals.ts', '../scenario/types.js'],
      ['metrics/summary.ts', '../records/format.js'],
      ['metrics/summary.ts', '../engine/distribution.js'],
      ['scenario/read/computeEnvironment.ts', '../../model/catalog.js'],
      ['scenario/read/trace.ts', 'node:path'],
      ['data/load.ts', '../model/catalog.js'],
      ['data/load.ts', 'node:fs'],
      ['plan/sweep.ts', '../index.js'],
      ['plan/sweep.ts', '../report/write.js'],
      ['report/terminal.ts', '../metrics/summary.js'],
      ['report/write.ts', '../scenario/types.js'],
      ['cli/main.ts', '../index.js'],
      ['cli/run.ts', '../api/run.js'],
      ['api/run.ts', '../plan/simulate.js'],
      ['cli/main.ts', 'commander'],
      ['cli/main.ts', 'node:path'],
      ['index.ts', './plan/sweep.js'],
      ['index.ts', './data/load.js'],
    ];
    for (const [from, spec] of ok) expect(checkImport(from, spec), `${from} -> ${spec}`).toBeNull();
  });

  it('finds every kind of import and ignores comments and strings', () => {
    const src = [
      "import { a,",
      "  b } from '../model/a.js';",
      "import type { T } from '../model/t.js';",
      "import '../model/side.js';",
      "export { c } from '../model/c.js';",
      "export * from '../model/d.js';",
      "type U = import('../model/u.js').U;",
      "const m = await import('../model/e.js');",
      "// import { x } from '../model/commented.js';",
      "/* export * from '../model/block.js'; */",
      "const s = \"import { y } from '../model/string.js'\";",
      '// Math.random() in a comment',
      'const r = Math.random();',
      "const t = 'Date.now()';",
      'const n = Date.now;',
    ].join('\n');
    expect(importSpecifiers('x.ts', src)).toEqual([
      '../model/a.js',
      '../model/t.js',
      '../model/side.js',
      '../model/c.js',
      '../model/d.js',
      '../model/u.js',
      '../model/e.js',
    ]);
    expect(nondeterministicCalls('x.ts', src)).toEqual(['Math.random (line 13)', 'Date.now (line 15)']);
  });
});

describe('layering of src/', () => {
  it('finds the source tree', () => {
    expect(FILES).toContain('index.ts');
    expect(FILES).toContain('engine/simulation.ts');
    expect(FILES).toContain('cli/main.ts');
    expect(FILES).toContain('model/scheduler/fifo.ts');
    // The CLI's imports of the public API are seen, so the scan is not vacuous.
    expect(importSpecifiers('cli/common.ts', TEXT.get('cli/common.ts')!)).toContain('../api/run.js');
    expect(importSpecifiers('cli/sweep.ts', TEXT.get('cli/sweep.ts')!)).toContain('../index.js');
  });

  it.each(FILES)('src/%s imports only what its layer may', (file) => {
    const violations = importSpecifiers(file, TEXT.get(file)!)
      .map((spec) => checkImport(file, spec))
      .filter((v): v is string => v !== null);
    expect(violations).toEqual([]);
  });

  it.each(FILES.filter((f) => layerOf(f) !== 'cli'))('src/%s uses no Math.random or Date.now', (file) => {
    expect(nondeterministicCalls(file, TEXT.get(file)!).map((c) => `src/${file}: ${c}`)).toEqual([]);
  });
});

/** The modules of ours a file imports (type-only included), as paths relative to src/ with `.ts`. */
function ourImports(file: string): string[] {
  const out: string[] = [];
  for (const spec of importSpecifiers(file, TEXT.get(file)!)) {
    const target = classify(file, spec);
    if (target.kind !== 'ours') continue;
    const candidates = [`${target.module}.ts`, `${target.module}/index.ts`, target.module === 'index' ? 'index.ts' : ''];
    const hit = candidates.find((c) => TEXT.has(c));
    if (hit !== undefined) out.push(hit);
  }
  return out;
}

/** Strongly connected components of the import graph with more than one module, or a module importing itself (Tarjan). */
export function importCycles(files: readonly string[], edges: (file: string) => readonly string[]): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || edges(v).includes(v)) cycles.push(scc.sort());
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return cycles;
}

describe('module graph of src/', () => {
  it('finds a cycle when there is one', () => {
    const g: Record<string, string[]> = { a: ['b'], b: ['c'], c: ['a'], d: ['d'], e: ['a'] };
    expect(importCycles(Object.keys(g), (f) => g[f])).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('has no import cycle, type-only imports included', () => {
    const graph = new Map(FILES.map((f) => [f, ourImports(f)]));
    expect(graph.get('model/batch.ts')!.length).toBeGreaterThan(5);
    expect(importCycles(FILES, (f) => graph.get(f)!)).toEqual([]);
  });

  it.each(['model/types.ts', 'model/capacity.ts'])('%s is a leaf: it imports nothing of ours but the engine', (file) => {
    const ours = ourImports(file).filter((m) => !m.startsWith('engine/') && m !== file);
    expect(ours).toEqual([]);
  });
});

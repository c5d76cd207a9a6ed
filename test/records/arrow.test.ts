// `--format arrow`: the Arrow IPC files read back (with apache-arrow, the library that wrote them) to
// the same columns, in the same order, and the same values as the CSVs of the same run, cell by
// cell: a CSV number is the float the Arrow column holds, an empty numeric cell is a null, strings
// are equal. And the manifest names and hashes the Arrow files like every other file.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario, readManifest, runScenario, writeRunOutputs } from '../../src/index.js';
import { readsBack } from '../helpers/arrow.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function outputs(file: string, formats: ('csv' | 'arrow')[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'batchsim-arrow-'));
  dirs.push(dir);
  const loaded = loadScenario(join(ROOT, file));
  await writeRunOutputs(dir, runScenario(loaded.scenario!), 'records', { formats });
  return dir;
}

describe('record tables as Arrow IPC files', () => {
  it.each(['scenarios/compare-fargate-spot.yaml', 'test/fixtures/multinode.yaml', 'scenarios/contract-basic.yaml'])(
    '%s: every Arrow file reads back to the values of its CSV',
    async (file) => {
      const dir = await outputs(file, ['csv', 'arrow']);
      for (const name of ['jobs', 'attempts', 'instances', 'timeseries']) readsBack(dir, name);
    },
    60_000,
  );

  it('--format arrow alone writes the Arrow files instead of the CSVs, and the manifest hashes them', async () => {
    const dir = await outputs('scenarios/contract-basic.yaml', ['arrow']);
    const names = readdirSync(dir).sort();
    expect(names).toEqual(['attempts.arrow', 'charts.json', 'instances.arrow', 'jobs.arrow', 'manifest.json', 'summary.json', 'timeseries.arrow']);
    const manifest = readManifest(dir)!;
    for (const f of manifest.files) expect(f.sha256, f.name).toBe(createHash('sha256').update(readFileSync(join(dir, f.name))).digest('hex'));
    expect(manifest.files.map((f) => f.name)).toEqual(names.filter((n) => n !== 'manifest.json'));
  });

  it('run --outputs all --format arrow writes the Arrow files and the charts, and no CSV (the charts come from charts.json)', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'batchsim-arrow-')), 'out');
    dirs.push(join(out, '..'));
    const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'run', join(ROOT, 'scenarios/contract-basic.yaml'), '--outputs', 'all', '--format', 'arrow', '--out', out, '--json'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const names = readdirSync(out).sort();
    expect(names.filter((n) => n.endsWith('.csv'))).toEqual([]);
    expect(names.filter((n) => n.endsWith('.arrow'))).toEqual(['attempts.arrow', 'instances.arrow', 'jobs.arrow', 'timeseries.arrow']);
    expect(names).toContain('report.html');
    expect(names.filter((n) => n.endsWith('.png')).length).toBeGreaterThan(0);
    expect(readManifest(out)!.files.map((f) => f.name).filter((n) => n.endsWith('.csv'))).toEqual([]);
  });

  it('the same run gives the same Arrow bytes (deterministic outputs)', async () => {
    const [a, b] = [await outputs('scenarios/contract-basic.yaml', ['arrow']), await outputs('scenarios/contract-basic.yaml', ['arrow'])];
    for (const name of ['jobs', 'attempts', 'instances', 'timeseries']) expect(readFileSync(join(a, `${name}.arrow`)).equals(readFileSync(join(b, `${name}.arrow`))), name).toBe(true);
  });

  it('an int32 column refuses a value it would change, and nothing is written', async () => {
    // validate keeps such values out (memoryMiB is whole); this is the writer's own guard, so a
    // mistake upstream fails loudly instead of truncating a cell the CSV has whole.
    const run = runScenario(loadScenario(join(ROOT, 'scenarios/contract-basic.yaml')).scenario!);
    (run.result.instances[0] as { memoryMiB: number }).memoryMiB = 32768.5;
    const root = mkdtempSync(join(tmpdir(), 'batchsim-arrow-'));
    dirs.push(root);
    const dir = join(root, 'out');
    await expect(writeRunOutputs(dir, run, 'records', { formats: ['arrow'] })).rejects.toThrow('arrow: an int32 column got 32768.5');
    expect(() => readdirSync(dir)).toThrow();
  });

  it('run --format names what it accepts; a wrong value is bad input (exit 2, one line, nothing written)', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'batchsim-arrow-')), 'out');
    dirs.push(out);
    const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'run', join(ROOT, 'scenarios/contract-basic.yaml'), '--format', 'parquet', '--out', out], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('batchsim: --format: expected csv, arrow or csv,arrow, got "parquet"\n');
    expect(readdirSync(join(out, '..'))).toEqual([]);
  });
});

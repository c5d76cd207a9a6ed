// The output folder a run owns: checked before simulating, swapped in whole with a manifest.json,
// refused when it is not batchsim's, and checked against its manifest by `report`.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  loadScenario, OutputFolder, OutputFolderError, runScenario, writeReport, writeRunOutputs, type Manifest, type RunOutput,
} from '../../src/index.js';

const SCENARIO = 'scenarios/contract-basic.yaml';
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const tmp = (): string => mkdtempSync(join(tmpdir(), 'batchsim-output-'));
const manifestOf = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;

let run: RunOutput;
let other: RunOutput;
let source: { sha256: string | null };
beforeAll(() => {
  const loaded = loadScenario(SCENARIO);
  source = { sha256: loaded.sha256 };
  run = runScenario(loaded.scenario!);
  other = runScenario(loadScenario(SCENARIO, { seed: 99 }).scenario!);
});

/**
 * A folder as batchsim wrote them before manifests and charts.json: the four record CSVs and
 * summary.json of the output folder `dir`, each passed through `edit`.
 */
function legacyCopy(dir: string, edit: (name: string, text: string) => string = (_, text) => text): string {
  const legacy = tmp();
  for (const f of ['jobs.csv', 'attempts.csv', 'instances.csv', 'timeseries.csv', 'summary.json']) writeFileSync(join(legacy, f), edit(f, readFileSync(join(dir, f), 'utf8')));
  return legacy;
}

/** The error OutputFolder.open throws for `dir`. */
function refusal(dir: string): string {
  try {
    OutputFolder.open(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(OutputFolderError);
    return (e as Error).message;
  }
  throw new Error(`${dir} was accepted`);
}

describe('OutputFolder.open checks the folder before anything is simulated', () => {
  it('refuses a file, an empty path, a path under a file, /proc and /dev/full, leaving nothing behind', () => {
    const root = tmp();
    writeFileSync(join(root, 'file'), 'x');
    expect(refusal(join(root, 'file'))).toBe(`output folder "${join(root, 'file')}" is a file, not a folder; choose another --out`);
    expect(refusal('')).toBe('the output folder is an empty path; give a folder name');
    expect(refusal(join(root, 'file', 'a', 'b'))).toBe(`cannot create "${join(root, 'file', 'a', 'b')}": a part of the path is a file, not a folder (ENOTDIR)`);
    expect(refusal('/dev/full')).toBe('output folder "/dev/full" is a file, not a folder; choose another --out');
    // A recursive mkdir spins for ever here (ENOENT for a folder whose parent exists); this tries once.
    const start = performance.now();
    expect(refusal('/proc/nope/deeper')).toBe('cannot create "/proc/nope/deeper": no such file or folder (ENOENT)');
    expect(performance.now() - start).toBeLessThan(200);
    expect(readdirSync(root)).toEqual(['file']);
    for (const d of ['.', '/']) expect(refusal(d)).toBe(`output folder "${d}" is or holds the current folder; batchsim replaces its output folder whole, so choose a folder inside it`);
  });

  it('refuses a folder of other files, which a swap would delete', async () => {
    const docs = tmp();
    writeFileSync(join(docs, 'thesis.tex'), 'mine');
    expect(refusal(docs)).toMatch(/holds files but is not a batchsim output folder \(no manifest\.json or summary\.json\)/);
    await expect(writeRunOutputs(docs, run, 'summary')).rejects.toThrow(OutputFolderError);
    expect(readdirSync(docs)).toEqual(['thesis.tex']);
  });

  it('creates missing parents, and takes new paths, empty folders and earlier output folders', () => {
    const root = tmp();
    const deep = join(root, 'a', 'b', 'out');
    const folder = OutputFolder.open(deep);
    expect(folder.hadPrevious).toBe(false);
    expect(existsSync(dirname(deep))).toBe(true);
    expect(existsSync(deep)).toBe(false);
    expect(readdirSync(dirname(deep))).toEqual([]);
    folder.abandon();
    expect(readdirSync(root)).toEqual([]);
  });
});

describe('a run owns its output folder', () => {
  it('a second run with fewer outputs replaces the folder whole, leaving no temporaries', async () => {
    const root = tmp();
    const dir = join(root, 'out');
    await writeRunOutputs(dir, run, 'records');
    expect(readdirSync(dir)).toContain('jobs.csv');
    await writeRunOutputs(dir, run, 'summary');
    expect(readdirSync(dir).sort()).toEqual(['manifest.json', 'summary.json']);
    expect(readdirSync(root)).toEqual(['out']);
  });

  it('manifest.json names the run and every file with its size and sha256, sorted, byte-identical across runs', async () => {
    const a = join(tmp(), 'out');
    const b = join(tmp(), 'out');
    await writeRunOutputs(a, run, 'records', { source });
    await writeRunOutputs(b, run, 'records', { source });
    expect(readFileSync(join(a, 'manifest.json')).equals(readFileSync(join(b, 'manifest.json')))).toBe(true);
    const manifest = manifestOf(a);
    expect(manifest.scenario).toEqual({ name: 'contract-basic', sha256: sha256(readFileSync(SCENARIO)) });
    expect(manifest.seed).toBe(7);
    expect(manifest.batchsim).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    expect(manifest.files.map((f) => f.name)).toEqual(['attempts.csv', 'charts.json', 'instances.csv', 'jobs.csv', 'summary.json', 'timeseries.csv']);
    for (const f of manifest.files) {
      const bytes = readFileSync(join(a, f.name));
      expect({ bytes: bytes.length, sha256: sha256(bytes) }, f.name).toEqual({ bytes: f.bytes, sha256: f.sha256 });
    }
  });

  it('keeps the previous outputs when writing fails part way', async () => {
    const dir = join(tmp(), 'out');
    await writeRunOutputs(dir, run, 'summary');
    const before = readFileSync(join(dir, 'manifest.json'));
    const broken = { ...run, result: null } as unknown as RunOutput;
    await expect(writeRunOutputs(dir, broken, 'records')).rejects.toThrow();
    expect(readdirSync(dir).sort()).toEqual(['manifest.json', 'summary.json']);
    expect(readFileSync(join(dir, 'manifest.json')).equals(before)).toBe(true);
    expect(readdirSync(dirname(dir))).toEqual(['out']);
  });
});

describe('after a run killed outright', () => {
  // Above the largest pid Linux hands out (2^22), so no process has it.
  const GONE = 4194305;

  it('removes its staging folder, and puts back previous outputs killed mid-swap', async () => {
    const root = tmp();
    const dir = join(root, 'out');
    await writeRunOutputs(dir, run, 'summary');
    mkdirSync(join(root, `.out.batchsim-tmp-${GONE}`));
    writeFileSync(join(root, `.out.batchsim-tmp-${GONE}`, 'jobs.csv'), 'half');
    OutputFolder.open(dir).abandon();
    expect(readdirSync(root)).toEqual(['out']);

    const before = readFileSync(join(dir, 'manifest.json'));
    renameSync(dir, join(root, `.out.batchsim-old-${GONE}`));
    const folder = OutputFolder.open(dir);
    expect(folder.hadPrevious).toBe(true);
    folder.abandon();
    expect(readdirSync(root)).toEqual(['out']);
    expect(readFileSync(join(dir, 'manifest.json')).equals(before)).toBe(true);
  });

  it('leaves the temporaries of a run still going', () => {
    const root = tmp();
    mkdirSync(join(root, `.out.batchsim-tmp-${process.ppid}`));
    OutputFolder.open(join(root, 'out')).abandon();
    expect(readdirSync(root)).toEqual([`.out.batchsim-tmp-${process.ppid}`]);
  });
});

describe('report checks the files against the manifest', () => {
  it('refuses a truncated CSV and a CSV of another run, naming them', async () => {
    const dir = join(tmp(), 'out');
    const foreign = join(tmp(), 'out');
    await writeRunOutputs(dir, run, 'records');
    await writeRunOutputs(foreign, other, 'records');
    truncateSync(join(dir, 'jobs.csv'), 100);
    writeFileSync(join(dir, 'attempts.csv'), readFileSync(join(foreign, 'attempts.csv')));
    await expect(writeReport(dir)).rejects.toThrow(
      new OutputFolderError(
        `the files of "${dir}" do not match its manifest.json, so they may come from different runs: attempts.csv changed (size or sha256 differs); ` +
          'jobs.csv changed (size or sha256 differs); run `batchsim run` into the folder again',
      ),
    );
    expect(readdirSync(dir)).not.toContain('report.html');
  });

  it('rewrites the chart entries of the manifest, so the rebuilt folder checks out again', async () => {
    const dir = join(tmp(), 'out');
    await writeRunOutputs(dir, run, 'records', { source });
    const before = manifestOf(dir);
    await writeReport(dir);
    const after = manifestOf(dir);
    expect(after.scenario).toEqual(before.scenario);
    expect(after.files.map((f) => f.name)).toContain('report.html');
    expect(after.files.map((f) => f.name)).toContain('cost.svg');
    expect(after.files.map((f) => f.name)).toEqual([...after.files.map((f) => f.name)].sort());
    expect(after.files.filter((f) => before.files.some((b) => b.name === f.name))).toEqual(before.files);
    expect(readdirSync(dir).filter((n) => n !== 'manifest.json').sort()).toEqual(after.files.map((f) => f.name));
    await writeReport(dir);
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe(JSON.stringify(after, null, 2) + '\n');
  });

  it('rebuilds a folder whose CSVs were deleted from charts.json, and the manifest then leaves them out', async () => {
    const dir = join(tmp(), 'out');
    await writeRunOutputs(dir, run, 'records', { source });
    const whole = join(tmp(), 'whole');
    await writeRunOutputs(whole, run, 'records', { source });
    await writeReport(whole);
    const deleted = ['attempts.csv', 'jobs.csv', 'timeseries.csv'];
    for (const f of deleted) rmSync(join(dir, f));
    let leftOut: readonly string[] = [];
    await writeReport(dir, { onLeftOut: (names) => (leftOut = names) });
    expect(leftOut).toEqual(deleted);
    const after = manifestOf(dir);
    expect(after.files.map((f) => f.name).filter((n) => deleted.includes(n))).toEqual([]);
    expect(readdirSync(dir).filter((n) => n !== 'manifest.json').sort()).toEqual(after.files.map((f) => f.name));
    // The same charts as from the whole folder: nothing was drawn from the deleted files.
    for (const chart of ['cost.svg', 'report.html']) expect(readFileSync(join(dir, chart)).equals(readFileSync(join(whole, chart)))).toBe(true);
    // A file the report needs is still required, and a kept CSV must still match.
    rmSync(join(dir, 'charts.json'));
    await expect(writeReport(dir)).rejects.toThrow(/charts\.json \(or, for a folder written before it, jobs\.csv, attempts\.csv/);
  });

  it('lets only record files go: a run\'s other files (replications.csv) must still be there', async () => {
    const dir = join(tmp(), 'out');
    await writeRunOutputs(dir, run, 'records', { source, extraFiles: [['replications.csv', 'replication,seed\n1,1\n']] });
    rmSync(join(dir, 'replications.csv'));
    rmSync(join(dir, 'jobs.csv'));
    await expect(writeReport(dir)).rejects.toThrow(/: replications\.csv is missing; run `batchsim run`/);
  });

  it('still checks a kept CSV when the others were deleted', async () => {
    const dir = join(tmp(), 'out');
    await writeRunOutputs(dir, run, 'records', { source });
    rmSync(join(dir, 'jobs.csv'));
    truncateSync(join(dir, 'attempts.csv'), 100);
    await expect(writeReport(dir)).rejects.toThrow(/: attempts\.csv changed \(size or sha256 differs\); run `batchsim run`/);
  });

  it('says which file is not valid JSON, and names a file that is not in the manifest', async () => {
    const dir = join(tmp(), 'out');
    await writeRunOutputs(dir, run, 'records');
    writeFileSync(join(dir, 'extra.csv'), 'a,b\n');
    await expect(writeReport(dir)).rejects.toThrow(/: extra\.csv is not in the manifest; run `batchsim run`/);
    const legacy = legacyCopy(dir, (f, t) => (f === 'summary.json' ? '{"scenario": "x",}' : t));
    await expect(writeReport(legacy)).rejects.toThrow(`"${join(legacy, 'summary.json')}" is not valid JSON: Expected double-quoted property name in JSON at position 17`);
  });

  it('refuses a hidden file or folder it would otherwise lose in the swap, and keeps it', async () => {
    const dir = join(tmp(), 'out');
    await writeRunOutputs(dir, run, 'records');
    writeFileSync(join(dir, '.notes'), 'mine\n');
    mkdirSync(join(dir, '.git'));
    await expect(writeReport(dir)).rejects.toThrow(/: \.git is not in the manifest; \.notes is not in the manifest; run `batchsim run`/);
    expect(readFileSync(join(dir, '.notes'), 'utf8')).toBe('mine\n');
    expect(readdirSync(dir)).not.toContain('report.html');
  });

  it('refuses a hidden file or a subfolder in a folder from before manifests, which has nothing to check it against', async () => {
    const dir = join(tmp(), 'out');
    await writeRunOutputs(dir, run, 'records');
    const legacy = legacyCopy(dir);
    writeFileSync(join(legacy, '.notes'), 'mine\n');
    await expect(writeReport(legacy)).rejects.toThrow(`"${legacy}" holds .notes, which is not a file of a run; it is rebuilt whole, so move .notes out first`);
    rmSync(join(legacy, '.notes'));
    mkdirSync(join(legacy, 'sub'));
    await expect(writeReport(legacy)).rejects.toThrow(`"${legacy}" holds sub, which is not a file of a run`);
    rmSync(join(legacy, 'sub'), { recursive: true });
    await writeReport(legacy);
    expect(readdirSync(legacy)).toContain('report.html');
  });

  it('charts a folder from before charts.json only from whole records: every instance row, timeseries cells as written', async () => {
    const dir = join(tmp(), 'out');
    await writeRunOutputs(dir, run, 'records');
    const instances = readFileSync(join(dir, 'instances.csv'), 'utf8').trim().split('\n');
    const launched = instances.length - 1;
    const cut = legacyCopy(dir, (f, t) => (f === 'instances.csv' ? instances.slice(0, -1).join('\n') + '\n' : t));
    await expect(writeReport(cut)).rejects.toThrow(`"${join(cut, 'instances.csv')}" has ${launched - 1} rows where summary.json counts ${launched}`);
    const series = (row: string) => legacyCopy(dir, (f, t) => (f === 'timeseries.csv' ? t + row + '\n' : t));
    const bad = series('abc,jobQueue,x,RUNNABLE,1');
    await expect(writeReport(bad)).rejects.toThrow(/timeseries\.csv" line \d+: time "abc" is not what batchsim writes there/);
    await expect(writeReport(series('5,jobQueue,x,RUNNABLE,zz'))).rejects.toThrow(/line \d+: value "zz" is not what batchsim writes there/);
    await expect(writeReport(series('5,galaxy,x,RUNNABLE,1'))).rejects.toThrow(/line \d+: scope "galaxy" is not what batchsim writes there/);
    await writeReport(legacyCopy(dir));
  });

  /** Rewrites manifest.json's files list with `edit`. */
  const editManifest = (dir: string, edit: (files: Manifest['files']) => unknown[]): void => {
    const manifest = manifestOf(dir);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, files: edit(manifest.files) }));
  };

  it('refuses a manifest whose entries are not files of the folder: not objects, or names with a path', async () => {
    const dir = join(tmp(), 'out');
    await writeRunOutputs(dir, run, 'records');
    const path = join(dir, 'manifest.json');
    editManifest(dir, (files) => [null, ...files]);
    await expect(writeReport(dir)).rejects.toThrow(`"${path}" is not a batchsim manifest: files[0] is not a file of the folder with its name, bytes and sha256`);
    // A name outside the folder, even with the right size and hash, is not read.
    const outside = join(dirname(dir), 'outside.txt');
    writeFileSync(outside, 'x');
    const files = manifestOf(dir).files.slice(1);
    const k = files.length;
    for (const name of ['../outside.txt', '/etc/hostname', '.', '']) {
      editManifest(dir, () => [...files, { name, bytes: 1, sha256: sha256(Buffer.from('x')) }]);
      await expect(writeReport(dir)).rejects.toThrow(`"${path}" is not a batchsim manifest: files[${k}] is not a file of the folder`);
    }
  });

  it('refuses a charts.json of the wrong shape, naming the field, before drawing anything', async () => {
    const dir = join(tmp(), 'out');
    await writeRunOutputs(dir, run, 'records');
    const path = join(dir, 'charts.json');
    const good = readFileSync(path, 'utf8');
    const cases: [(d: Record<string, any>) => void, string][] = [
      [(d) => delete d.series, 'series: Invalid input: expected array, received undefined'],
      [(d) => (d.timeline = null), 'timeline: Invalid input: expected object, received null'],
      [(d) => (d.bins.count = -5), 'bins.count: Too small: expected number to be >=1'],
      [(d) => (d.bins.widthSeconds = 0), 'bins.widthSeconds: Too small: expected number to be >0'],
      [(d) => (d.endSeconds = 'x'), 'endSeconds: Invalid input: expected number, received string'],
      [(d) => d.series[0].max.pop(), `series[0].max: expected one value per bin (${JSON.parse(good).bins.count})`],
      [(d) => (d.cost = 'x'), 'cost: Invalid input: expected array, received string'],
    ];
    for (const [edit, what] of cases) {
      const data = JSON.parse(good);
      edit(data);
      const text = JSON.stringify(data);
      writeFileSync(path, text);
      editManifest(dir, (files) => files.map((f) => (f.name === 'charts.json' ? { ...f, bytes: Buffer.byteLength(text), sha256: sha256(Buffer.from(text)) } : f)));
      await expect(writeReport(dir)).rejects.toThrow(`"${path}" is not a batchsim charts file: ${what}; delete it to chart the folder from its records`);
      expect(readdirSync(dir)).not.toContain('report.html');
    }
  });

  it('rebuilds the folder a link points to, and keeps the link', async () => {
    const base = tmp();
    const target = join(base, 'runs', 'one');
    await writeRunOutputs(target, run, 'records');
    symlinkSync(join('runs', 'one'), join(base, 'latest'));
    await writeReport(join(base, 'latest'));
    expect(lstatSync(join(base, 'latest')).isSymbolicLink()).toBe(true);
    expect(readdirSync(target)).toContain('report.html');
    // A run into the link writes its target too.
    await writeRunOutputs(join(base, 'latest'), other, 'summary');
    expect(lstatSync(join(base, 'latest')).isSymbolicLink()).toBe(true);
    expect(readdirSync(target).sort()).toEqual(['manifest.json', 'summary.json']);
    expect(readdirSync(base).sort()).toEqual(['latest', 'runs']);
  });
});

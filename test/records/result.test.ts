// A run's result is plain data: structuredClone (what a worker thread or a shard file would do to
// it) keeps every figure, so the clone gives the same summary.json and the same CSV bytes.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog, loadScenario, simulate, summarize, summaryJson, writeRunOutputs } from '../../src/index.js';
import { AttemptColumns } from '../../src/records/attempts.js';
import { ATTEMPT_COLUMNS, INSTANCE_COLUMNS, JOB_COLUMNS, TIMESERIES_COLUMNS } from '../../src/records/tables.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function outputs(result: ReturnType<typeof simulate>): Promise<Record<string, Buffer>> {
  const dir = mkdtempSync(join(tmpdir(), 'batchsim-clone-'));
  dirs.push(dir);
  await writeRunOutputs(dir, { result, summary: summarize(result) }, 'records');
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f))]));
}

describe('SimulationResult as plain data', () => {
  it.each(['scenarios/contract-full.yaml', 'scenarios/compare-fargate-spot.yaml', 'test/fixtures/multinode.yaml'])(
    '%s: a structuredClone of the result gives identical summary and CSV bytes',
    async (file) => {
      const loaded = loadScenario(join(ROOT, file));
      const result = simulate(loaded.scenario!, loadCatalog());
      expect(result.jobs.count).toBeGreaterThan(0);
      const clone = structuredClone(result);
      expect(clone).not.toBe(result);
      expect(summaryJson(summarize(clone))).toBe(summaryJson(summarize(result)));
      const [a, b] = [await outputs(result), await outputs(clone)];
      expect(Object.keys(b)).toEqual(['attempts.csv', 'charts.json', 'instances.csv', 'jobs.csv', 'manifest.json', 'summary.json', 'timeseries.csv']);
      for (const name of Object.keys(a)) expect(b[name].equals(a[name]), name).toBe(true);
    },
  );

  it('bills each instance once, and the summary and instances.csv read that bill', async () => {
    const result = simulate(loadScenario(join(ROOT, 'scenarios/compare-spot.yaml')).scenario!, loadCatalog());
    expect(result.bills).toHaveLength(result.instances.length);
    const total = result.bills.reduce((s, x) => s + x.costUsd, 0);
    expect(summarize(result).costUsd.total).toBeCloseTo(total, 5);
    // Changing the bill changes what both report: there is no second computation.
    const doubled = { ...result, bills: result.bills.map((x) => ({ ...x, costUsd: 2 * x.costUsd })) };
    expect(summarize(doubled).costUsd.total).toBeCloseTo(2 * total, 5);
    const csv = (await outputs(doubled))['instances.csv'].toString().trim().split('\n');
    const k = INSTANCE_COLUMNS.indexOf('costUsd');
    expect(csv.slice(1).map((l) => Number(l.split(',')[k]))).toEqual(doubled.bills.map((x) => x.costUsd));
  });

  it('instances.csv leaves empty the instants an instance never reached (cut off while booting: running and ready lay ahead)', async () => {
    const result = simulate(loadScenario(join(ROOT, 'test/fixtures/cut-while-booting.yaml')).scenario!, loadCatalog());
    // The model keeps the instants the launch set ahead; the records show only those reached.
    expect(result.instances.every((x) => x.runningAt > x.terminatedAt)).toBe(true);
    const [header, ...rows] = (await outputs(result))['instances.csv'].toString().trim().split('\n').map((l) => l.split(','));
    const at = (name: string) => header.indexOf(name);
    expect(rows).toHaveLength(2);
    for (const r of rows) expect([r[at('launchedAt')], r[at('runningAt')], r[at('readyAt')], r[at('terminatedAt')]]).toEqual(['10.000', '', '', '240.000']);
  });

  it('each table has as many columns as its rows have fields', async () => {
    const result = simulate(loadScenario(join(ROOT, 'scenarios/contract-full.yaml')).scenario!, loadCatalog());
    const files = await outputs(result);
    const widths: [string, readonly string[]][] = [['jobs.csv', JOB_COLUMNS], ['attempts.csv', ATTEMPT_COLUMNS], ['instances.csv', INSTANCE_COLUMNS], ['timeseries.csv', TIMESERIES_COLUMNS]];
    for (const [name, columns] of widths) {
      const [header, first] = files[name].toString().split('\n');
      expect(header, name).toBe(columns.join(','));
      // No field of these fixtures holds a comma, so a split counts the fields.
      expect(first.split(',').length, name).toBe(columns.length);
    }
    // The attempt columns the recorder fills are the ones the plain table carries.
    expect(Object.keys(new AttemptColumns(1).table()).sort()).toEqual(Object.keys(result.attempts).sort());
  });
});

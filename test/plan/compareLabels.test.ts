// compare's scenario labels: names that collide (two files with one `name:`, one file twice) are
// told apart by file, the same way in the table, compare.csv, compare.json and the chart; distinct
// names are left as they were.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioLabels } from '../../src/plan/compare.js';
import { batchsim, ROOT } from '../helpers/cli.js';

const base = join(ROOT, 'test/fixtures/plan/base.yaml');

describe('scenarioLabels', () => {
  it('keeps distinct names as they are', () => {
    expect(scenarioLabels(['ondemand', 'spot', 'fargate'], ['a.yaml', 'b.yaml', 'c.yaml'])).toEqual(['ondemand', 'spot', 'fargate']);
  });

  it('adds the file to names that collide, and the place among the files where the file is the same too', () => {
    expect(scenarioLabels(['base', 'small', 'base'], ['a.yaml', 'b.yaml', 'c/a.yaml'])).toEqual(['base (a.yaml)', 'small', 'base (c/a.yaml)']);
    expect(scenarioLabels(['base', 'small', 'base'], ['a.yaml', 'b.yaml', 'a.yaml'])).toEqual(['base (a.yaml #1)', 'small', 'base (a.yaml #3)']);
    expect(scenarioLabels(['base', 'base', 'base'], ['a.yaml', 'a.yaml', 'b.yaml'])).toEqual(['base (a.yaml #1)', 'base (a.yaml #2)', 'base (b.yaml)']);
  });
});

describe('compare with scenarios of one name', () => {
  it('labels each by its file in the table, compare.csv, compare.json and the chart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-labels-'));
    writeFileSync(join(dir, 'copy.yaml'), readFileSync(base, 'utf8'));
    const r = batchsim(['compare', 'copy.yaml', base, 'copy.yaml', '--figures', 'costUsd.total', '--out', 'c', '--jobs', '1'], dir);
    expect(r.code, r.stderr).toBe(0);
    const labels = ['plan-base (copy.yaml #1)', `plan-base (${base})`, 'plan-base (copy.yaml #3)'];
    const head = r.stdout.split('\n')[0].split(/ {2,}/);
    expect(head).toEqual(['figure', labels[0], labels[1], `Δ vs ${labels[0]}`, labels[2], `Δ vs ${labels[0]}`]);
    const csv = readFileSync(join(dir, 'c', 'compare.csv'), 'utf8').trim().split('\n').slice(1);
    expect(csv.map((l) => l.replace(/^"([^"]*)",.*$/, '$1').replace(/,.*$/, ''))).toEqual(labels);
    const json = JSON.parse(readFileSync(join(dir, 'c', 'compare.json'), 'utf8'));
    expect(json.scenarios.map((s: { name: string }) => s.name)).toEqual(labels);
    const chart = JSON.parse(readFileSync(join(dir, 'c', 'compare.vl.json'), 'utf8'));
    expect(chart.spec.layer[0].encoding.y.sort).toEqual(labels);
  }, 60_000);
});

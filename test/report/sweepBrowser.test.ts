// A plan's report.html in chromium, offline: every chart drawn, the recommended point marked in
// the table, no console error, no network request, nothing clipped at 1000 px.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planInto, prepareSweep } from '../../src/index.js';
import { browserAvailable, openOffline } from '../helpers/chromium.js';

const base = fileURLToPath(new URL('../fixtures/plan/base.yaml', import.meta.url));

describe.skipIf(!browserAvailable)('a plan report in chromium', () => {
  it('renders every chart offline and marks the recommended point', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-plan-browser-'));
    writeFileSync(
      join(dir, 'plan.yaml'),
      `base: ${JSON.stringify(base)}
replications: 2
axes:
  - path: computeEnvironments[name=ondemand].computeResources.maxvCpus
    values: [64, 128, 256]
figures: [costUsd.total, makespanSeconds]
objective: {minimize: costUsd.total}
constraints: [{figure: makespanSeconds, max: 3h}]
`,
    );
    const prepared = await prepareSweep(join(dir, 'plan.yaml'));
    if (!prepared.ok) throw new Error(JSON.stringify(prepared.issues));
    const out = join(dir, 'out');
    const done = await planInto(prepared.setup, { outDir: out, jobs: 1 });
    expect(done.report.decision.recommended).not.toBeNull();

    const { page, errors, blocked, close } = await openOffline(join(out, 'report.html'), { width: 1000, height: 800 });
    try {
      await page.waitForSelector('body[data-rendered="true"]', { timeout: 30_000 });
      const charts = await page.$$eval('.chart', (els) => els.map((e) => ({ id: e.id, drawn: e.querySelector('svg, canvas') !== null })));
      expect(charts.map((c) => c.id)).toEqual([
        'chart-tradeoff',
        'chart-costUsd-total-by-computeEnvironments-ondemand-computeResources-maxvCpus',
        'chart-makespanSeconds-by-computeEnvironments-ondemand-computeResources-maxvCpus',
      ]);
      for (const c of charts) expect(c.drawn, c.id).toBe(true);
      expect(errors).toEqual([]);
      expect(blocked).toEqual([]);
      expect(await page.textContent('ul.decision')).toMatch(/^\s*recommended: point \d/);
      expect(await page.$$eval('tr.recommended', (rows) => rows.length)).toBe(1);
      // Nothing wider than the page: the document does not scroll sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1000);
    } finally {
      await close();
    }
  }, 120_000);
});

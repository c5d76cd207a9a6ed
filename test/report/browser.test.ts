// report.html in a real browser (Debian's chromium, driven by playwright-core; no browser is ever
// downloaded), opened from file:// with every http(s) request aborted: every chart must render an
// SVG or canvas, with no console error, so the page works offline.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog, loadScenario, runScenario, writeRunOutputs } from '../../src/index.js';
import { browserAvailable, openOffline } from '../helpers/chromium.js';

describe.skipIf(!browserAvailable)('report.html in chromium', () => {
  it('renders every chart offline without console errors', async () => {
    const loaded = loadScenario('scenarios/genomics-burst-ec2.yaml', { catalog: loadCatalog() });
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-browser-'));
    await writeRunOutputs(dir, runScenario(loaded.scenario!), 'all');

    const { page, errors, blocked, close } = await openOffline(join(dir, 'report.html'), { width: 1000, height: 800 });
    try {
      await page.waitForSelector('body[data-rendered="true"]', { timeout: 30_000 });
      const charts = await page.$$eval('.chart', (els) => els.map((e) => ({ id: e.id, drawn: e.querySelector('svg, canvas') !== null })));
      expect(charts.map((c) => c.id)).toEqual(['chart-queues', 'chart-vcpus', 'chart-cost', 'chart-queue-wait', 'chart-instances', 'chart-interruptions']);
      for (const c of charts) expect(c.drawn, c.id).toBe(true);
      expect(errors).toEqual([]);
      expect(blocked).toEqual([]);
      // The summary table is there too, formatted with units.
      const head = (await page.textContent('table.head')) ?? '';
      expect(head).toContain('$79.48 (busy $72.71, idle $5.37, EBS $1.40)');
      expect(head).toContain('8.1 h');
      expect(head).toContain('cost of ondemand$79.48 (on-demand): ');
      expect(head).toContain('91.7%');
      // Nothing is clipped or scrolls sideways at 1000 px.
      const widths = await page.$$eval('html, table, .chart', (els) => els.map((e) => ({ what: e.id || e.tagName, scroll: e.scrollWidth, client: e.clientWidth })));
      for (const w of widths) expect(w.scroll, w.what).toBeLessThanOrEqual(w.client);
    } finally {
      await close();
    }
  }, 120_000);
});

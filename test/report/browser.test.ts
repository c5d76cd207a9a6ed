// report.html in a real browser (Debian's chromium, driven by playwright-core; no browser is ever
// downloaded), opened from file:// with every http(s) request aborted: every chart must render an
// SVG or canvas, with no console error, so the page works offline.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadCatalog, loadScenario, runScenario, writeRunOutputs } from '../../src/index.js';

const CHROMIUM = '/usr/bin/chromium';

describe.skipIf(!existsSync(CHROMIUM) && process.env.CI !== 'true')('report.html in chromium', () => {
  it('renders every chart offline without console errors', async () => {
    const loaded = loadScenario('scenarios/genomics-burst-ec2.yaml', { catalog: loadCatalog() });
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-browser-'));
    await writeRunOutputs(dir, runScenario(loaded.scenario!), 'all');

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
      const errors: string[] = [];
      const blocked: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.route(/^https?:\/\//, (route) => {
        blocked.push(route.request().url());
        return route.abort();
      });
      await page.goto(pathToFileURL(join(dir, 'report.html')).href);
      await page.waitForSelector('body[data-rendered="true"]', { timeout: 30_000 });
      const charts = await page.$$eval('.chart', (els) => els.map((e) => ({ id: e.id, drawn: e.querySelector('svg, canvas') !== null })));
      expect(charts.map((c) => c.id)).toEqual(['chart-queues', 'chart-vcpus', 'chart-cost', 'chart-queue-wait', 'chart-instances', 'chart-interruptions']);
      for (const c of charts) expect(c.drawn, c.id).toBe(true);
      expect(errors).toEqual([]);
      expect(blocked).toEqual([]);
      // The summary table is there too, formatted with units.
      const head = (await page.textContent('table.head')) ?? '';
      expect(head).toContain('$80.52 (busy $72.71, idle $6.39, EBS $1.42)');
      expect(head).toContain('8.1 h');
      expect(head).toContain('cost of ondemand$80.52 (on-demand): ');
      expect(head).toContain('91.7%');
      // Nothing is clipped or scrolls sideways at 1000 px.
      const widths = await page.$$eval('html, table, .chart', (els) => els.map((e) => ({ what: e.id || e.tagName, scroll: e.scrollWidth, client: e.clientWidth })));
      for (const w of widths) expect(w.scroll, w.what).toBeLessThanOrEqual(w.client);
    } finally {
      await browser.close();
    }
  }, 120_000);
});

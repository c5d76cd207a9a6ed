// Opening a page of ours in Debian's chromium (never a downloaded browser) from file://, with every
// http(s) request aborted, so a test sees what a user sees offline.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Whether browser tests run here: chromium is installed, or this is CI, where it must be. */
export const browserAvailable = existsSync(CHROMIUM) || process.env.CI === 'true';

export interface OpenPage {
  page: Page;
  /** Console errors and page errors, in order. */
  errors: string[];
  /** Network requests the page tried (and was refused). */
  blocked: string[];
  close(): Promise<void>;
}

export async function openOffline(file: string, viewport?: { width: number; height: number }): Promise<OpenPage> {
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage(viewport ? { viewport } : {});
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
  await page.goto(pathToFileURL(file).href);
  return { page, errors, blocked, close: () => browser.close() };
}

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page, type Response } from 'playwright-core';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { startPlacard, type Running } from '../../src/cli/serve.js';
import { scratchDatabase, type DatabaseKind } from './databases.js';

export { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';

/** Where full-page screenshots go (git-ignored); a reviewer opens them after a run. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

export const DESKTOP = { width: 1280, height: 800 } as const;
export const MOBILE = { width: 375, height: 800 } as const;

/** Connects to the one Chromium the browser tier shares (test/support/browser-setup.ts). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.connect(inject('chromiumEndpoint'), { timeout: 60_000 });
}

/** A fresh context (own cookies, cache, settings) with one page, on the server's origin. */
export async function openPage(browser: Browser, baseURL: string, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport: DESKTOP, colorScheme: 'light', reducedMotion: 'reduce', ...options });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  const page = await context.newPage();
  return { context, page };
}

/**
 * A phone-sized page: the meta viewport is honoured, so a page without one would show at
 * 980 px. One device pixel per CSS pixel keeps full-page screenshots small and fast.
 */
export function mobileOptions(): BrowserContextOptions {
  return { viewport: MOBILE, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };
}

/** Opens a path and insists on the status, naming the path when it differs. */
export async function visit(page: Page, path: string, status = 200): Promise<Response> {
  const response = await page.goto(path, { waitUntil: 'load' });
  if (!response) throw new Error(`no response for ${path}`);
  if (response.status() !== status) throw new Error(`${path} answered ${response.status()}, expected ${status}`);
  return response;
}

/**
 * Clicks a link the way a reader does and waits for the page it leads to, returning the
 * main-frame document response (so the caller can check its status).
 */
export async function follow(page: Page, link: ReturnType<Page['locator']>): Promise<Response> {
  const navigation = page.waitForResponse((r) => r.request().isNavigationRequest() && r.frame() === page.mainFrame());
  await link.click();
  const response = await navigation;
  await page.waitForLoadState('load');
  return response;
}

/**
 * Clicks a submit button and waits for the page its form leads to (a 303 is followed to
 * its target). A refusal or a form that comes back instead fails at once, with the
 * status and what the page says, rather than after a timeout. Returns the response of
 * the page landed on (a form that comes back with 422 lands where it was sent).
 */
export async function submit(on: Page, button: ReturnType<Page['locator']>, expectedUrl: RegExp): Promise<Response> {
  const landed = on.waitForResponse((r) => r.request().isNavigationRequest() && r.frame() === on.mainFrame() && (r.status() < 300 || r.status() >= 400));
  // Should the click fail, the wait is abandoned with it (no unhandled rejection later).
  landed.catch(() => undefined);
  await button.click();
  const response = await landed;
  await on.waitForLoadState('load');
  if (!expectedUrl.test(on.url())) {
    const said = (
      await on
        .locator('main')
        .innerText()
        .catch(() => '')
    )
      .replace(/\s+/g, ' ')
      .slice(0, 400);
    throw new Error(`expected to land on ${expectedUrl}, got ${response.status()} at ${on.url()}: ${said}`);
  }
  return response;
}

/**
 * Watches a page for what a reader would call broken: script errors, console errors,
 * and requests that failed or answered with an error, except the favicon Chromium asks
 * for by itself (the site has none). A page answered with an error status on purpose
 * (a form coming back with 422) is no problem, nor is the console line Chromium writes
 * about it. Returns a function that lists the problems seen so far.
 */
export function watchProblems(page: Page): () => string[] {
  const problems: string[] = [];
  const consoleErrors: { text: string; url: string }[] = [];
  const refusedPages = new Set<string>();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push({ text: m.text(), url: m.location().url });
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('response', (r) => {
    if (r.request().isNavigationRequest()) {
      if (r.status() >= 400) refusedPages.add(r.url());
    } else if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.request().method()} ${r.url()} answered ${r.status()}`);
  });
  page.on('requestfailed', (r) => {
    const why = r.failure()?.errorText ?? '?';
    // ERR_ABORTED: the browser dropped the request itself, because the page navigated away
    // (a proof-of-work challenge still in flight when the supporter submits); no reader
    // sees it, and on a busy machine it happens at random.
    if (why !== 'net::ERR_ABORTED') problems.push(`${r.url()}: ${why}`);
  });
  return () => {
    const unexpected = consoleErrors.filter(
      ({ text, url }) => !url.endsWith('/favicon.ico') && !(refusedPages.has(url) && text.startsWith('Failed to load resource')),
    );
    return [...problems, ...unexpected.map(({ text, url }) => `${text} (${url})`)];
  };
}

/** Saves a full-page PNG to test-results/screenshots/<name>.png and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  const png = await page.screenshot({ fullPage: true, animations: 'disabled', type: 'png' });
  writeFileSync(path, png);
  return path;
}

/** The real server on a fresh SQLite database with the demo content, on a free port. */
export interface Site {
  readonly url: string;
  readonly running: Running;
  stop(): Promise<void>;
}

/** Starts the site; `env` adds settings as the environment would give them (TRUST_PROXY, say). */
export async function startSite(env: Readonly<Record<string, string>> = {}, kind: DatabaseKind = 'sqlite'): Promise<Site> {
  const scratch = await scratchDatabase(kind);
  try {
    const config = { ...loadConfig({ DATA_DIR: scratch.dataDir, PORT: '0', PLACARD_DEMO: 'on', LOG_LEVEL: 'silent', ...env }), database: scratch.config };
    const running = await startPlacard(config, { log: false });
    return {
      url: running.url,
      running,
      async stop() {
        try {
          await running.stop();
        } finally {
          await scratch.dispose();
        }
      },
    };
  } catch (error) {
    await scratch.dispose();
    throw error;
  }
}

/** The result of one axe-core run: the rules it evaluated, and its serious or critical violations, one line each. */
export interface AxeReport {
  readonly ran: readonly string[];
  readonly problems: readonly string[];
}

/**
 * Runs axe-core's default rule set (WCAG 2.x A and AA, best practices) on the page as it
 * stands. Legacy mode runs axe.run() in the page itself: a third of the time, and the
 * site has no frames it would miss. Each problem names its rule and every target.
 */
export async function axeReport(page: Page): Promise<AxeReport> {
  const results = await new AxeBuilder({ page }).setLegacyMode().analyze();
  const ran = [...results.passes, ...results.violations, ...results.incomplete].map((r) => r.id);
  const problems = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const targets = v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ')})` : ''}`);
      return `${v.id} [${v.impact}] ${v.help}\n    ${targets.join('\n    ')}`;
    });
  return { ran, problems };
}

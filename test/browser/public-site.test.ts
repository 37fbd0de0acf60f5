import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, MOBILE, follow, launchBrowser, mobileOptions, openPage, saveScreenshot, startSite, visit, type Site } from '../support/browser.js';

/**
 * The few DOM members the tests read inside the page. The project compiles without the
 * DOM library (no server code may touch `document`), so page functions reach them
 * through `globalThis` with this shape; the cast vanishes when the function is sent.
 */
interface DomElement {
  readonly id: string;
  readonly tagName: string;
  readonly className: string;
  readonly innerText: string;
  getAttribute(name: string): string | null;
  closest(selector: string): DomElement | null;
  getBoundingClientRect(): { left: number; right: number; top: number; width: number };
}
interface Dom {
  readonly document: {
    readonly activeElement: DomElement | null;
    readonly documentElement: { readonly scrollWidth: number };
    querySelectorAll(selector: string): Iterable<DomElement>;
  };
  readonly location: { readonly hash: string };
  getComputedStyle(element: DomElement): { outlineStyle: string; outlineWidth: string };
}

const LEAD_TITLE = 'Stop state brutality in Kazakhstan!';
const LEAD_PATH = '/articles/stop-state-brutality-in-kazakhstan';
const EMAIL = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;

let site: Site;
let browser: Browser;

// The reader's pages run on PostgreSQL here (the other browser files use SQLite), so a
// dialect difference that reaches a page shows up in a browser too.
beforeAll(async () => {
  site = await startSite({}, 'postgres');
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

/** Runs `body` on a fresh page and always closes its context. */
async function withPage<T>(options: Parameters<typeof openPage>[2], body: (page: Page) => Promise<T>): Promise<T> {
  const { context, page } = await openPage(browser, site.url, options);
  try {
    return await body(page);
  } finally {
    await context.close();
  }
}

const pathOf = (page: Page) => {
  const url = new URL(page.url());
  return url.pathname + url.search;
};

describe('browser: reading without JavaScript', () => {
  it('walks front page → article → country → news page 2 → sections by clicking links', async () => {
    await withPage({ javaScriptEnabled: false }, async (page) => {
      await visit(page, '/');
      const lead = page.locator('article.lead-story .lead-title a');
      expect(await lead.isVisible()).toBe(true);
      expect((await lead.innerText()).trim()).toBe(LEAD_TITLE);

      let response = await follow(page, lead);
      expect(response.status()).toBe(200);
      expect(pathOf(page)).toBe(LEAD_PATH);
      expect((await page.locator('main h1').innerText()).trim()).toBe(LEAD_TITLE);

      const country = page.getByRole('navigation', { name: 'Filed under' }).getByRole('link', { name: 'Kazakhstan', exact: true });
      response = await follow(page, country);
      expect(response.status()).toBe(200);
      expect(pathOf(page)).toBe('/countries/kazakhstan');
      expect((await page.locator('main h1').innerText()).trim()).toBe('Kazakhstan');
      expect(await page.locator('main article.teaser').count()).toBeGreaterThan(0);
      expect(await page.locator('main article.teaser .teaser-title a').first().isVisible()).toBe(true);

      response = await follow(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'News', exact: true }));
      expect(response.status()).toBe(200);
      expect(pathOf(page)).toBe('/types/news');
      const firstPageTitles = await page.locator('main article.teaser .teaser-title a').allInnerTexts();
      expect(firstPageTitles.length).toBeGreaterThan(0);

      const next = page.locator('nav.pagination a[rel=next]');
      expect(await next.count(), 'no a[rel=next] on /types/news').toBe(1);
      response = await follow(page, next);
      expect(response.status()).toBe(200);
      expect(pathOf(page)).toBe('/types/news?page=2');
      expect(await page.getByText(/^Page 2 of \d+$/).isVisible()).toBe(true);
      const secondPageTitles = await page.locator('main article.teaser .teaser-title a').allInnerTexts();
      expect(secondPageTitles.length).toBeGreaterThan(0);
      expect(secondPageTitles.filter((t) => firstPageTitles.includes(t))).toEqual([]);

      response = await follow(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sections', exact: true }));
      expect(response.status()).toBe(200);
      expect(pathOf(page)).toBe('/sections');
      const section = page.locator('main ul.index a').first();
      const href = await section.getAttribute('href');
      expect(href).toMatch(/^\/sections\/[^/]+$/);
      response = await follow(page, section);
      expect(response.status()).toBe(200);
      expect(pathOf(page)).toBe(href);
      expect((await page.locator('main h1').innerText()).trim()).not.toBe('');
    });
  });

  it('shows the call to action as visible, real mailto: and tel: links', async () => {
    await withPage({ javaScriptEnabled: false }, async (page) => {
      await visit(page, LEAD_PATH);
      const cta = page.locator('section.call-to-action');
      expect(await cta.isVisible()).toBe(true);
      expect((await cta.locator('h2').innerText()).trim()).toBe('Please send protests to:');
      expect(await cta.locator('ol.targets > li').count()).toBe(3);

      const mailtos = cta.locator('a[href^="mailto:"]');
      const mailCount = await mailtos.count();
      expect(mailCount).toBeGreaterThanOrEqual(4); // three targets and the copy address
      for (let i = 0; i < mailCount; i++) {
        const link = mailtos.nth(i);
        const href = (await link.getAttribute('href')) ?? '';
        const text = (await link.innerText()).trim();
        expect(await link.isVisible(), `${href} is not visible`).toBe(true);
        expect(text, `the text of ${href}`).toMatch(EMAIL);
        expect(href).toBe(`mailto:${text}`);
        const box = await link.boundingBox();
        expect(box && box.width > 0 && box.height > 0, `${href} has no size on screen`).toBe(true);
      }

      const tels = cta.locator('a[href^="tel:"]');
      const telCount = await tels.count();
      expect(telCount).toBeGreaterThan(0);
      for (let i = 0; i < telCount; i++) {
        const link = tels.nth(i);
        const href = (await link.getAttribute('href')) ?? '';
        expect(await link.isVisible(), `${href} is not visible`).toBe(true);
        expect(href).toMatch(/^tel:\+\d{6,}$/);
        // The visible number dials the number in the link.
        expect((await link.innerText()).replace(/[^\d+]/g, '')).toBe(href.slice('tel:'.length));
      }

      const copy = cta.locator('> p a[href^="mailto:"]');
      expect(await copy.count()).toBe(1);
      expect(await copy.isVisible()).toBe(true);
      expect((await copy.innerText()).trim()).toMatch(EMAIL);
      expect(await cta.locator('> p').innerText()).toMatch(/^Please send copies of all protests to /);
    });
  });
});

/** The pages axe-core checks; the stylesheet has a dark palette too, for readers with a dark system theme. */
const AXE_PAGES: readonly { path: string; status: number; scheme: 'light' | 'dark' }[] = [
  { path: '/', status: 200, scheme: 'light' },
  { path: LEAD_PATH, status: 200, scheme: 'light' },
  { path: '/countries/kazakhstan', status: 200, scheme: 'light' },
  { path: '/sections', status: 200, scheme: 'light' },
  { path: '/archive', status: 200, scheme: 'light' },
  { path: '/articles/nope', status: 404, scheme: 'light' },
  { path: '/', status: 200, scheme: 'dark' },
  { path: LEAD_PATH, status: 200, scheme: 'dark' },
];

describe('browser: accessibility (axe-core)', () => {
  let close: () => Promise<void>;
  let page: Page;
  beforeAll(async () => {
    const opened = await openPage(browser, site.url);
    page = opened.page;
    close = () => opened.context.close();
  });
  afterAll(async () => close?.());

  it.each(AXE_PAGES)('$path ($scheme) has no serious or critical violations', async ({ path, status, scheme }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await visit(page, path, status);
    // The default rule set (wcag2a, wcag2aa, wcag21a/aa and best practices). Legacy mode runs
    // axe.run() in the page itself instead of finishing in a new blank page per call: a
    // third of the time, and the site has no frames it would miss.
    const results = await new AxeBuilder({ page }).setLegacyMode().analyze();
    // The run must have looked at contrast (a wcag2aa rule), or it proves nothing.
    const ran = [...results.passes, ...results.violations, ...results.incomplete].map((r) => r.id);
    expect(ran, 'axe did not evaluate color-contrast').toContain('color-contrast');
    const problems = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => {
        const targets = v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ')})` : ''}`);
        return `${v.id} [${v.impact}] ${v.help}\n    ${targets.join('\n    ')}`;
      });
    expect(problems, `axe violations on ${path} (${scheme}):\n${problems.join('\n')}`).toEqual([]);
  });
});

describe('browser: keyboard', () => {
  it('lets a keyboard user skip to the content, with a visible focus outline', async () => {
    await withPage({}, async (page) => {
      await visit(page, '/');

      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => {
        const d = globalThis as unknown as Dom;
        const a = d.document.activeElement;
        if (!a) return null;
        const style = d.getComputedStyle(a);
        return { className: a.className, href: a.getAttribute('href'), outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth };
      });
      expect(first?.className).toBe('skip');
      expect(first?.href).toBe('#main');
      expect(first?.outlineStyle).not.toBe('none');
      expect(first?.outlineWidth).not.toBe('0px');
      const box = await page.locator('a.skip').boundingBox();
      expect(box, 'the focused skip link has no box').not.toBeNull();
      if (box) {
        expect(box.width).toBeGreaterThan(0);
        expect(box.height).toBeGreaterThan(0);
        expect(box.x, 'skip link off the left edge').toBeGreaterThanOrEqual(0);
        expect(box.y, 'skip link above the top edge').toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, 'skip link off the right edge').toBeLessThanOrEqual(DESKTOP.width);
        expect(box.y + box.height, 'skip link below the fold').toBeLessThanOrEqual(DESKTOP.height);
      }

      await page.keyboard.press('Enter');
      await page.waitForFunction(() => (globalThis as unknown as Dom).location.hash === '#main');
      const afterSkip = await page.evaluate(() => (globalThis as unknown as Dom).document.activeElement?.id ?? null);
      expect(afterSkip, 'Enter on the skip link does not move focus to main').toBe('main');
      const mainTop = (await page.locator('main#main').boundingBox())?.y ?? Number.NaN;
      expect(mainTop).toBeGreaterThanOrEqual(0);
      expect(mainTop).toBeLessThan(DESKTOP.height);

      // The next Tab lands on the first link of the content, not back in the header.
      await page.keyboard.press('Tab');
      const next = await page.evaluate(() => {
        const d = globalThis as unknown as Dom;
        const a = d.document.activeElement;
        if (!a) return null;
        const style = d.getComputedStyle(a);
        return {
          tagName: a.tagName,
          inMain: a.closest('main') !== null,
          text: a.innerText,
          outlineStyle: style.outlineStyle,
          outlineWidth: style.outlineWidth,
        };
      });
      expect(next?.tagName).toBe('A');
      expect(next?.inMain, `focus went to ${next?.text ?? 'nothing'} outside main`).toBe(true);
      expect(next?.text.trim()).toBe(LEAD_TITLE);
      expect(next?.outlineStyle, 'a focused link has no outline').not.toBe('none');
      expect(next?.outlineWidth).not.toBe('0px');
    });
  });
});

describe('browser: privacy', () => {
  it('makes no request to any other origin', async () => {
    const origin = new URL(site.url).origin;
    const requests: string[] = [];
    const failed: string[] = [];
    const consoleErrors: string[] = [];
    await withPage({ javaScriptEnabled: true }, async (page) => {
      page.on('request', (r) => requests.push(r.url()));
      page.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText ?? '?'}`));
      // A blocked resource (for example by the Content-Security-Policy) shows up here.
      page.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(m.text());
      });
      for (const path of ['/', LEAD_PATH]) await visit(page, path);
    });
    expect(requests.filter((u) => u.endsWith('.css')).length, 'the stylesheet was never requested').toBeGreaterThan(0);
    expect(requests.length).toBeGreaterThanOrEqual(3);
    expect(requests.filter((u) => !URL.canParse(u) || new URL(u).origin !== origin)).toEqual([]);
    expect(failed).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});

describe('browser: layout', () => {
  it('has no horizontal scroll on a 375 px phone', async () => {
    await withPage(mobileOptions(), async (page) => {
      for (const path of [LEAD_PATH, '/', '/countries/kazakhstan']) {
        await visit(page, path);
        const { scrollWidth, offenders } = await page.evaluate((width) => {
          const d = (globalThis as unknown as Dom).document;
          const wide = [...d.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > width + 0.5);
          return {
            scrollWidth: d.documentElement.scrollWidth,
            offenders: wide
              .slice(0, 5)
              .map(
                (e) =>
                  `${e.tagName.toLowerCase()}${e.className ? `.${e.className.split(' ').join('.')}` : ''} (right ${Math.round(e.getBoundingClientRect().right)})`,
              ),
          };
        }, MOBILE.width);
        expect(scrollWidth, `${path} is ${scrollWidth} px wide; widest: ${offenders.join(', ')}`).toBeLessThanOrEqual(MOBILE.width);
      }
    });
  });

  it('hides the navigation when printing an article, keeping the article and call to action', async () => {
    await withPage({}, async (page) => {
      await visit(page, LEAD_PATH);
      const nav = page.locator('header.site-header nav');
      expect(await nav.isVisible(), 'the nav is not visible on screen').toBe(true);
      await page.emulateMedia({ media: 'print' });
      expect(await nav.isVisible(), 'the nav is printed').toBe(false);
      expect(await page.locator('main h1').isVisible()).toBe(true);
      expect(await page.locator('section.call-to-action').isVisible()).toBe(true);
      expect(await page.locator('section.call-to-action a[href^="mailto:"]').first().isVisible()).toBe(true);
    });
  });

  it('saves full-page screenshots for review', async () => {
    const shots: { name: string; path: string; status?: number; mobile?: boolean }[] = [
      { name: 'front-page', path: '/' },
      { name: 'article-desktop', path: LEAD_PATH },
      { name: 'listing-country', path: '/countries/kazakhstan' },
      { name: 'not-found', path: '/articles/nope', status: 404 },
      { name: 'article-mobile', path: LEAD_PATH, mobile: true },
    ];
    const files: { file: string; width: number }[] = [];
    for (const mobile of [false, true]) {
      await withPage(mobile ? mobileOptions() : {}, async (page) => {
        for (const shot of shots.filter((s) => (s.mobile ?? false) === mobile)) {
          await visit(page, shot.path, shot.status ?? 200);
          files.push({ file: await saveScreenshot(page, shot.name), width: mobile ? MOBILE.width : DESKTOP.width });
        }
      });
    }
    expect(files).toHaveLength(shots.length);
    for (const { file, width } of files) {
      const png = readFileSync(file);
      expect(png.subarray(0, 8).toString('hex'), `${file} is not a PNG`).toBe('89504e470d0a1a0a');
      // The IHDR width: a full page at the viewport's width (one device pixel per CSS pixel).
      expect(png.readUInt32BE(16), `${file} width`).toBe(width);
      expect(png.length, `${file} is suspiciously small`).toBeGreaterThan(5_000);
    }
  });
});

import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/services/articles/create-article.js';
import { articleInput } from '../support/articles.js';
import { launchBrowser, openPage, saveScreenshot, startSite, visit, type Site } from '../support/browser.js';
import { DEMO_SLUG } from '../support/campaigns.js';

/*
 * An article on paper: the call to action is printed whole, with every address and number
 * readable; what only works on a screen (navigation, search, forms) is not; no dark
 * backgrounds, even for a reader whose system is in dark mode (docs/decisions/0029).
 */

/** The few DOM members read inside the page (the project compiles without the DOM library). */
interface DomElement {
  readonly tagName: string;
  readonly className: string;
  checkVisibility(): boolean;
}
interface Dom {
  readonly document: { querySelectorAll(selector: string): Iterable<DomElement> };
  getComputedStyle(element: DomElement, pseudo?: string): { backgroundColor: string; content: string };
}

/** Where the printed PDF goes for a reviewer to open (git-ignored). */
const PDF_DIR = fileURLToPath(new URL('../../test-results/print/', import.meta.url));
const LEAD_PATH = `/articles/${DEMO_SLUG}`;

let site: Site;
let browser: Browser;
let bodyLinksPath: string;

beforeAll(async () => {
  site = await startSite();
  browser = await launchBrowser();
  const { slug } = await createArticle(
    { db: site.running.database.db, changes: site.running.placard.changes },
    articleInput({
      title: 'Aktau lawyers need letters',
      bodyMarkdown: 'Write to [the prosecutor’s office](mailto:prosecutor@gov.example.kz) or call [its duty officer](tel:+77172712500) today.',
    }),
  );
  bodyLinksPath = `/articles/${slug}`;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

/** Opens a path as printed (print media, the given colour scheme), runs `body`, and always closes the page. */
async function printed<T>(path: string, colorScheme: 'light' | 'dark', body: (page: Page) => Promise<T>): Promise<T> {
  const { context, page } = await openPage(browser, site.url, { colorScheme });
  try {
    await visit(page, path);
    await page.emulateMedia({ media: 'print', colorScheme });
    return await body(page);
  } finally {
    await context.close();
  }
}

/** Every printed element with a background darker than a light grey, as "tag.class rgb(…)". */
function darkBackgrounds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const dom = globalThis as unknown as Dom;
    const dark: string[] = [];
    for (const element of dom.document.querySelectorAll('html, body, body *')) {
      if (!element.checkVisibility()) continue;
      const colour = dom.getComputedStyle(element).backgroundColor;
      const [r = 0, g = 0, b = 0, a = 1] = (colour.match(/[\d.]+/g) ?? []).map(Number);
      if (a > 0 && 0.2126 * r + 0.7152 * g + 0.0722 * b < 200) dark.push(`${element.tagName.toLowerCase()}.${element.className} ${colour}`);
    }
    return dark;
  });
}

describe('browser: printing', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`prints the demo article with its call to action and no navigation or forms (${scheme} system theme)`, async () => {
      await printed(LEAD_PATH, scheme, async (page) => {
        await expect.poll(() => page.evaluate(() => matchMedia('print').matches)).toBe(true);
        const cta = page.locator('section.call-to-action');
        expect(await cta.isVisible(), 'the call to action is printed').toBe(true);
        expect((await cta.locator('h2').innerText()).trim()).toBe('Please send protests to:');
        expect(await page.locator('main h1').isVisible()).toBe(true);

        const navs = page.locator('nav');
        expect(await navs.count()).toBeGreaterThan(0);
        for (const nav of await navs.all()) expect(await nav.isVisible(), `${await nav.getAttribute('aria-label')} is printed`).toBe(false);
        for (const form of await page.locator('form, search, [role=search]').all()) expect(await form.isVisible(), 'a form is printed').toBe(false);

        // Each address and number reads on paper as itself, once, beside the official's name.
        const printedText = await cta.innerText();
        const mailtos = await cta.locator('a[href^="mailto:"]').all();
        expect(mailtos.length).toBeGreaterThanOrEqual(4);
        for (const link of [...mailtos, ...(await cta.locator('a[href^="tel:"]').all())]) {
          const href = (await link.getAttribute('href')) ?? '';
          const text = (await link.innerText()).trim();
          expect(await link.isVisible(), `${href} is printed`).toBe(true);
          expect(text.replace(/[\s\u00a0]/g, href.startsWith('tel:') ? '' : ' '), href).toBe(href.replace(/^(mailto|tel):/, ''));
          expect(printedText).toContain(text);
          const after = await link.evaluate((a) => (globalThis as unknown as Dom).getComputedStyle(a as unknown as DomElement, '::after').content);
          expect(['none', 'normal'], `${href} is printed twice`).toContain(after);
        }
        expect(printedText).toContain('Alina Bulatovna Rakhimbekova');
        expect(printedText).toContain('kazakhstan-campaign@example.org');

        expect(await darkBackgrounds(page)).toEqual([]);

        mkdirSync(PDF_DIR, { recursive: true });
        const pdf = await page.pdf({ format: 'A4', printBackground: true });
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        writeFileSync(`${PDF_DIR}demo-article-${scheme}.pdf`, pdf);
        await saveScreenshot(page, `article-print-${scheme}`);
      });
    });
  }

  it('prints the address of a mailto: or tel: link written into an article’s text after it', async () => {
    await printed(bodyLinksPath, 'light', async (page) => {
      const body = page.locator('article.article .body');
      // Accessible names include CSS generated content: what the ::after prints, resolved.
      const snapshot = await body.ariaSnapshot();
      expect(snapshot).toContain('the prosecutor’s office (mailto:prosecutor@gov.example.kz)');
      expect(snapshot).toContain('its duty officer (tel:+77172712500)');
      await page.emulateMedia({ media: 'screen' });
      expect(await body.ariaSnapshot()).not.toContain('(mailto:');
    });
  });

  it('leaves the action form off a printed campaign page, keeping the officials', async () => {
    await printed(`/campaigns/${DEMO_SLUG}`, 'light', async (page) => {
      const forms = page.locator('form');
      expect(await forms.count(), 'the campaign page has its action form').toBeGreaterThan(0);
      for (const form of await forms.all()) expect(await form.isVisible(), 'a form is printed').toBe(false);
      const officials = page.locator('ol.targets');
      expect(await officials.first().isVisible()).toBe(true);
      expect(await officials.first().innerText()).toContain('supreme-court@example.org');
      expect(await darkBackgrounds(page)).toEqual([]);
    });
  });
});

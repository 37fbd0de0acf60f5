import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/services/articles/create-article.js';
import { articleInput } from '../support/articles.js';
import { axeReport, launchBrowser, openPage, saveScreenshot, startSite, visit, type Site } from '../support/browser.js';
import { createCampaign, testTarget } from '../support/campaigns.js';

/*
 * An Arabic article and an Arabic action page in a real browser: the whole page runs right
 * to left, in Arabic, mirrored (the site's name on the right, text starting at the right
 * edge), with nothing wider than the screen and nothing axe-core objects to.
 */

const WIDTHS = [390, 1280] as const;

let site: Site;
let browser: Browser;
let articlePath: string;
let campaignPath: string;

beforeAll(async () => {
  site = await startSite();
  browser = await launchBrowser();
  const db = site.running.database.db;
  const { slug } = await createArticle(
    { db, changes: site.running.placard.changes },
    articleInput({
      title: 'عمال الموانئ في الإسكندرية يضربون عن العمل',
      language: 'ar',
      standfirst: 'يطالب العمال بأجور عادلة وبحق التنظيم النقابي.',
      bodyMarkdown:
        'أعلن عمال الموانئ في الإسكندرية إضرابًا مفتوحًا للمطالبة بأجور عادلة.\n\nويقول المضربون إنهم لن يعودوا إلى العمل قبل الإفراج عن زملائهم المعتقلين.',
      countries: ['EG'],
      credits: [{ name: 'مراسلة القاهرة', sectionSlug: null, role: null }],
      publishedAt: '2012-08-06T12:00:00.000Z',
    }),
  );
  articlePath = `/articles/${encodeURIComponent(slug)}`;
  const campaign = await createCampaign(db, {
    languages: ['ar'],
    title: 'أفرجوا عن النقابيين المعتقلين',
    summary: 'اعتُقل ثلاثة من قادة النقابة بعد الإضراب.',
    demands: ['الإفراج الفوري عن المعتقلين', 'إسقاط جميع التهم'],
    letter: { subjects: ['أفرجوا عن النقابيين'], body: 'أطالبكم بالإفراج عن النقابيين المعتقلين.\n\n{{name}}، {{city}}، {{country}}' },
    targets: [testTarget({ name: 'سامي حسن', title: 'النائب العام', salutation: 'السيد النائب العام' })],
  });
  campaignPath = `/campaigns/${campaign.slug}`;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

/** Opens a page at a width, runs `body`, and always closes it. */
async function at<T>(width: number, path: string, body: (page: Page) => Promise<T>): Promise<T> {
  const { context, page } = await openPage(browser, site.url, { viewport: { width, height: 800 } });
  try {
    await visit(page, path);
    return await body(page);
  } finally {
    await context.close();
  }
}

async function box(page: Page, selector: string): Promise<{ x: number; y: number; width: number; height: number }> {
  const found = await page.locator(selector).first().boundingBox();
  if (!found) throw new Error(`${selector} is not on screen`);
  return found;
}

/** What every right-to-left page must show, whatever its content. */
async function expectRightToLeftFrame(page: Page, width: number): Promise<void> {
  const html = page.locator('html');
  expect(await html.getAttribute('dir')).toBe('rtl');
  expect(await html.getAttribute('lang')).toBe('ar');
  // The chrome is Arabic.
  const nav = await page.locator('header.site-header nav a').allInnerTexts();
  expect(nav.map((t) => t.trim())).toEqual(['أخبار', 'تحليل', 'البلدان', 'الفروع', 'الأرشيف']);
  expect(await page.locator('header.site-header nav').getAttribute('aria-label')).toBe('القائمة الرئيسية');
  expect((await page.locator('footer.site-footer').innerText()).trim()).toContain('بلا متتبعات');
  // Mirrored: the site's name sits at the right edge, and on a wide screen the navigation to its left.
  const name = await box(page, 'header.site-header .site-name');
  const first = await box(page, 'header.site-header nav li');
  expect(width - (name.x + name.width)).toBeLessThanOrEqual(width > 1000 ? 70 : 20);
  if (width > 1000) expect(first.x + first.width).toBeLessThan(name.x);
  else expect(first.x + first.width).toBeGreaterThan(width / 2);
  // Nothing is wider than the screen.
  expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBeLessThanOrEqual(0);
  const report = await axeReport(page);
  expect(report.ran).toContain('color-contrast');
  expect(report.problems, report.problems.join('\n')).toEqual([]);
}

describe('browser: right-to-left pages in Arabic', () => {
  it.each(WIDTHS)('an Arabic article at %i px runs right to left, in Arabic, mirrored', async (width) => {
    await at(width, articlePath, async (page) => {
      await saveScreenshot(page, `rtl-article-${width}`);
      await expectRightToLeftFrame(page, width);
      expect(await page.locator('article.article').getAttribute('lang')).toBe('ar');
      expect((await page.locator('nav.filed h2').innerText()).trim()).toBe('مصنّف تحت');
      expect((await page.locator('nav.filed a').first().innerText()).trim()).toBe('مصر');
      expect((await page.locator('article.article .meta time').innerText()).trim()).toMatch(/أغسطس/);
      // The date comes first in its line, so it starts at the right edge of the column.
      const meta = await box(page, 'article.article .meta');
      const time = await box(page, 'article.article .meta time');
      expect(Math.abs(meta.x + meta.width - (time.x + time.width))).toBeLessThanOrEqual(1);
      expect(time.x).toBeGreaterThan(meta.x + 1);
    });
  });

  it.each(WIDTHS)('an Arabic action page at %i px runs right to left, in Arabic, mirrored', async (width) => {
    await at(width, campaignPath, async (page) => {
      await saveScreenshot(page, `rtl-action-${width}`);
      await expectRightToLeftFrame(page, width);
      expect((await page.locator('section#send h2').innerText()).trim()).toBe('1. أرسل الرسالة عبر Placard');
      expect((await page.locator('label[for="act-name"]').innerText()).trim()).toBe('اسمك');
      expect(await page.locator('section#send form input[name="language"]').inputValue()).toBe('ar');
      expect((await page.locator('section#send button[type="submit"]:not([name])').innerText()).trim()).toBe('أرسل رسالتي');
      // The form's first button stands at its right edge, the second to its left.
      const form = await box(page, 'section#send form');
      const preview = await box(page, 'section#send button[name="preview"]');
      const send = await box(page, 'section#send button[type="submit"]:not([name])');
      expect(Math.abs(form.x + form.width - (preview.x + preview.width))).toBeLessThanOrEqual(1);
      expect(send.x + send.width).toBeLessThanOrEqual(preview.x);
    });
  });
});

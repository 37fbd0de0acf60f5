import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS } from '../../src/cli/serve.js';
import { createUser, loadCommonPasswords } from '../../src/services/accounts/users.js';
import { systemClock } from '../../src/services/shared/clock.js';
import { axeReport, launchBrowser, openPage, saveScreenshot, startSite, submit, visit, watchProblems, type Site } from '../support/browser.js';

/**
 * An editor who reads Arabic chooses it on their account page; from then on the admin is
 * in Arabic and laid out right to left: the article list and the editor are checked for
 * their language and direction, a mirrored layout (the navigation starts at the right),
 * no sideways scrolling, and axe-core, and photographed.
 */

const EDITOR = { email: 'layla.editor@example.org', name: 'Layla Haddad', password: 'olive terrace lantern 2291' };

let site: Site;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: () => string[];

/** The document's language and direction, as the browser applies them. */
async function languageOf(on: Page): Promise<{ lang: string | null; dir: string | null; direction: string }> {
  return on.evaluate(() => {
    const root = document.documentElement;
    return { lang: root.getAttribute('lang'), dir: root.getAttribute('dir'), direction: getComputedStyle(document.body).direction };
  });
}

/** How far the page scrolls sideways; 0 when everything fits its width. */
async function sidewaysOverflow(on: Page): Promise<number> {
  return on.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Where the admin navigation's items sit, left to right on the screen, and the header's own edges. */
async function navigationLayout(on: Page): Promise<{ items: { text: string; left: number; right: number }[]; header: { left: number; right: number } }> {
  return on.evaluate(() => {
    const header = document.querySelector('header.site-header')!.getBoundingClientRect();
    const items = Array.from(document.querySelectorAll('header nav > ul > li')).map((li) => {
      const box = li.getBoundingClientRect();
      return { text: (li.textContent ?? '').trim(), left: box.left, right: box.right };
    });
    return { items, header: { left: header.left, right: header.right } };
  });
}

beforeAll(async () => {
  site = await startSite();
  const deps = { db: site.running.database.db, clock: systemClock, commonPasswords: () => loadCommonPasswords(COMMON_PASSWORDS) };
  [browser] = await Promise.all([launchBrowser(), createUser(deps, { ...EDITOR, role: 'editor', sectionSlugs: [] })]);
  ({ context, page } = await openPage(browser, site.url));
  problems = watchProblems(page);
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await site?.stop();
});

describe('browser: the admin in Arabic, right to left', () => {
  it('lets the editor choose Arabic and a time zone on their account page', async () => {
    await visit(page, '/admin/sign-in');
    await page.getByLabel('Email').fill(EDITOR.email);
    await page.getByLabel('Password').fill(EDITOR.password);
    await submit(page, page.getByRole('button', { name: 'Sign in' }), /\/admin$/);

    await visit(page, '/admin/account');
    await page.getByLabel('Language of the admin').selectOption('ar');
    await page.getByLabel('Your time zone').selectOption('Asia/Amman');
    await submit(page, page.getByRole('button', { name: 'Save language and time zone' }), /\/admin\/account\?saved=1$/);

    expect(await languageOf(page)).toEqual({ lang: 'ar', dir: 'rtl', direction: 'rtl' });
    expect(await page.locator('main h1').innerText()).toBe('حسابك');
    expect(await page.getByRole('status').innerText()).toBe('تم حفظ لغتك ومنطقتك الزمنية.');
    expect(await page.getByLabel('لغة واجهة الإدارة').inputValue()).toBe('ar');
    expect(await page.getByLabel('منطقتك الزمنية').inputValue()).toBe('Asia/Amman');
  });

  it('shows the article list in Arabic, mirrored, without sideways scrolling, and passes axe', async () => {
    await visit(page, '/admin/articles');
    expect(await languageOf(page)).toEqual({ lang: 'ar', dir: 'rtl', direction: 'rtl' });
    expect(await page.locator('main h1').innerText()).toBe('المقالات');
    expect(await page.locator('table.admin-table thead th').allInnerTexts()).toEqual(['العنوان', 'الحالة', 'النوع', 'الفروع', 'اللغة', 'المالك', 'آخر تعديل']);

    // Mirrored: the navigation's first item (Articles) is its rightmost, and the next ones run leftwards.
    const nav = await navigationLayout(page);
    expect(nav.items[0]?.text).toBe('المقالات');
    const rights = nav.items.map((i) => i.right);
    expect(rights, 'each item lies left of the one before it').toEqual([...rights].sort((a, b) => b - a));
    // The site's name, first in the header, sits at its right edge.
    const name = await page.locator('header .site-name').boundingBox();
    expect(name!.x + name!.width).toBeGreaterThan(nav.header.right - 100);
    // The table's columns run from the right too: the title column is the rightmost.
    const [title, changed] = await Promise.all([page.locator('thead th').first().boundingBox(), page.locator('thead th').last().boundingBox()]);
    expect(title!.x).toBeGreaterThan(changed!.x);

    expect(await sidewaysOverflow(page)).toBe(0);
    expect((await axeReport(page)).problems).toEqual([]);
    await saveScreenshot(page, 'admin-rtl-articles');
  });

  it('shows the article editor in Arabic, labels and fields aligned to the right, and passes axe', async () => {
    await page.locator('table.admin-table tbody tr th a').first().click();
    await page.waitForURL(/\/admin\/articles\/\d+\/edit$/);
    expect(await languageOf(page)).toEqual({ lang: 'ar', dir: 'rtl', direction: 'rtl' });
    expect(await page.locator('main h1').innerText()).toMatch(/^تحرير «.+»$/);
    expect(await page.locator('#workflow-heading').innerText()).toBe('سير العمل');

    const label = await page.locator('label[for=title]').boundingBox();
    const field = await page.getByLabel('العنوان', { exact: true }).boundingBox();
    const main = await page.locator('main').boundingBox();
    // The label starts at the right edge of the form, as the field does; the body text runs from the right.
    expect(Math.abs(label!.x + label!.width - (field!.x + field!.width))).toBeLessThan(2);
    expect(label!.x + label!.width).toBeGreaterThan(main!.x + main!.width - 40);
    // The workflow panel's accent bar is on its right side, where the text starts.
    const bar = await page.locator('section.workflow').evaluate((el) => ({
      right: getComputedStyle(el).borderRightWidth,
      left: getComputedStyle(el).borderLeftWidth,
    }));
    expect(bar).toEqual({ right: '4px', left: '0px' });

    expect(await sidewaysOverflow(page)).toBe(0);
    expect((await axeReport(page)).problems).toEqual([]);
    await saveScreenshot(page, 'admin-rtl-editor');
    expect(problems()).toEqual([]);
  });
});

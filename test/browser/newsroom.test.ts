import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS } from '../../src/cli/serve.js';
import { base32Decode, totp } from '../../src/domain/accounts/totp.js';
import { confirmEnrolment, twoFactorState } from '../../src/services/accounts/two-factor.js';
import { createUser, loadCommonPasswords, type AccountDeps } from '../../src/services/accounts/users.js';
import { systemClock } from '../../src/services/shared/clock.js';
import { axeReport, launchBrowser, openPage, saveScreenshot, startSite, submit, visit, type AxeReport, type Site } from '../support/browser.js';

/**
 * One editor's day in a real Chromium, by clicks and typing: two-step sign-in, an
 * upload, a new article with its live preview, the same preview without script,
 * scheduling, publishing, a public update, and what readers then see. The admin pages
 * passed on the way are checked with axe-core and photographed.
 */

const EDITOR = { email: 'niamh.editor@example.org', name: 'Niamh Byrne', password: 'tidal shelf lantern 4417' };
const IMAGE = {
  file: 'dockers-picket.jpg',
  alt: 'Dock workers with placards at the gate of Dublin Port',
  caption: 'The picket on its third morning',
  credit: 'Eoin Kelly',
};
const ARTICLE = {
  title: 'Dublin dockers hold the line',
  slug: 'dublin-dockers-hold-the-line',
  standfirst: 'Port workers enter the second week of their strike.',
  heading: 'Picket lines hold',
  body: [
    'The strike at Dublin Port is in its second week.',
    '',
    '## Picket lines hold',
    '',
    '- Gate 1 staffed day and night',
    '- Support from bus drivers',
    '',
  ].join('\n'),
  credits: 'Kevin McLoughlin | socialist-party-ireland',
  note: 'Added the bus drivers’ solidarity statement.',
};

let site: Site;
let browser: Browser;
let secret: Buffer;
let scratchDir: string;
let imagePath: string;

/** The editor's signed-in, script-enabled tab; the steps below run on it in order. */
let context: BrowserContext;
let page: Page;
let articleId = 0;
const pageErrors: string[] = [];

/** Set when a step fails: the steps after it depend on it, so they are skipped rather than failing again. */
let flowBroken = false;

/** Registers, inside a describe of the flow, the skip after a failed step. */
function stepsInOrder(): void {
  beforeEach(({ skip, onTestFailed }) => {
    if (flowBroken) skip('an earlier step of the flow failed');
    onTestFailed(() => {
      flowBroken = true;
    });
  });
}

/** axe-core reports of the admin pages, by screenshot name, filled as the flow passes them. */
const reports = new Map<string, AxeReport>();

/** Runs axe on the page as it stands and keeps a full-page screenshot as test-results/screenshots/admin-<name>.png. */
async function audit(name: string): Promise<void> {
  reports.set(name, await axeReport(page));
  await saveScreenshot(page, `admin-${name}`);
}

/**
 * The account exists and has TOTP on before the browser starts. Enrolment is confirmed
 * with the code of the previous 30-second step (the server accepts one step either
 * side): that step is then the last one used, so the browser's code of the current
 * step is accepted at once instead of after waiting for the next step.
 */
async function createEditorWithTotp(): Promise<Buffer> {
  const deps: AccountDeps = { db: site.running.database.db, clock: systemClock, commonPasswords: () => loadCommonPasswords(COMMON_PASSWORDS) };
  const id = await createUser(deps, { ...EDITOR, role: 'editor', sectionSlugs: [] });
  const state = await twoFactorState(deps, id, 'placard.test');
  if (state.enabled) throw new Error('a new account already has two-step sign-in');
  const key = base32Decode(state.secret);
  if (!key) throw new Error('the enrolment secret is not base32');
  const confirm = () => confirmEnrolment(deps, { id, name: EDITOR.name }, { sessionHash: '', code: totp(key, new Date(Date.now() - 30_000)) });
  // Should a step boundary fall between making the code and checking it, the code is two steps old: once more.
  await confirm().catch(confirm);
  return key;
}

/** A small JPEG, made with sharp, as a phone would send it. */
async function writeJpeg(dir: string): Promise<string> {
  const path = join(dir, IMAGE.file);
  await sharp({ create: { width: 900, height: 600, channels: 3, background: { r: 180, g: 40, b: 40 } } })
    .jpeg({ quality: 80 })
    .toFile(path);
  return path;
}

/** "2026-03-02T10:30": the value a datetime-local field holds, in UTC as the schedule form reads it. */
function utcLocalValue(at: Date): string {
  return at.toISOString().slice(0, 16);
}

beforeAll(async () => {
  site = await startSite();
  scratchDir = mkdtempSync(join(tmpdir(), 'placard-newsroom-'));
  [secret, imagePath, browser] = await Promise.all([createEditorWithTotp(), writeJpeg(scratchDir), launchBrowser()]);
  ({ context, page } = await openPage(browser, site.url));
  page.on('console', (m) => {
    // Chromium asks for /favicon.ico by itself; the site has none, which is no error of a page.
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) pageErrors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('response', (r) => {
    if (!r.request().isNavigationRequest() && r.status() >= 400) pageErrors.push(`${r.request().method()} ${r.url()} answered ${r.status()}`);
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('requestfailed', (r) => pageErrors.push(`${r.url()}: ${r.failure()?.errorText ?? '?'}`));
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await site?.stop();
  if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
});

describe('browser: the editor flow, with JavaScript', () => {
  stepsInOrder();

  it('signs in with the password, then an authenticator code', async () => {
    await visit(page, '/admin/sign-in');
    await audit('sign-in');
    await page.getByLabel('Email').fill(EDITOR.email);
    await page.getByLabel('Password').fill(EDITOR.password);
    await submit(page, page.getByRole('button', { name: 'Sign in' }), /\/admin\/sign-in\/code\?/);
    expect(await page.locator('main h1').innerText()).toBe('Enter your code');
    await audit('code');

    await page.getByLabel('Code from your authenticator app').fill(totp(secret, new Date()));
    await submit(page, page.getByRole('button', { name: 'Continue' }), /\/admin$/);
    expect(await page.locator('main h1').innerText()).toBe(`Welcome, ${EDITOR.name}`);
    expect(await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Articles' }).isVisible()).toBe(true);
  });

  it('uploads an image with its alt text, caption and credit, and finds it in the library', async () => {
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Media' }).click();
    await page.waitForURL(/\/admin\/media$/);
    await page.getByRole('link', { name: 'Upload an image' }).click();
    await page.waitForURL(/\/admin\/media\/upload$/);
    await audit('upload');

    await page.locator('#file').setInputFiles(imagePath);
    await page.getByLabel('Alt text').fill(IMAGE.alt);
    await page.getByLabel('Caption (optional)').fill(IMAGE.caption);
    await page.getByLabel('Credit (optional)').fill(IMAGE.credit);
    await submit(page, page.getByRole('button', { name: 'Upload' }), /\/admin\/media\/\d+\?uploaded=1$/);
    expect(await page.getByRole('status').innerText()).toBe('The image was uploaded.');
    expect(await page.locator('main h1').innerText()).toBe(IMAGE.file);

    await page.getByRole('link', { name: 'Media library' }).click();
    await page.waitForURL(/\/admin\/media$/);
    const card = page.locator('li.media-card', { hasText: IMAGE.file });
    expect(await card.count()).toBe(1);
    expect(await card.locator('.media-alt').innerText()).toBe(IMAGE.alt);
    // The thumbnail really loaded (a WebP rendition the upload made).
    await expect.poll(() => card.locator('img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await audit('media-library');
  });

  it('writes a new article, watching the live preview render the heading as it is typed, and saves it', async () => {
    await visit(page, '/admin/articles/new');
    expect(await page.locator('#preview').isHidden(), 'the preview shows before anything was typed').toBe(true);
    await page.getByLabel('Title').fill(ARTICLE.title);
    await page.getByLabel('Type').selectOption('news');
    await page.getByLabel('Standfirst').fill(ARTICLE.standfirst);
    await page.getByLabel('Countries').fill('IE');
    await page.getByLabel('Contributors').fill(ARTICLE.credits);
    await page
      .locator('#sections')
      .getByRole('checkbox', { name: /CWI Ireland/ })
      .check();

    const body = page.getByLabel('Body (Markdown)');
    await body.click();
    await body.pressSequentially(ARTICLE.body);
    const preview = page.locator('#live-preview');
    // allTextContents() does not wait for a match, so each poll reads the preview as it is now.
    await expect.poll(() => preview.locator('h2, h3').allTextContents(), { timeout: 5_000 }).toContain(ARTICLE.heading);
    expect(await page.locator('#preview').isVisible()).toBe(true);
    expect(await preview.locator('li').allInnerTexts()).toEqual(['Gate 1 staffed day and night', 'Support from bus drivers']);

    const option = page.locator('#imageId option', { hasText: IMAGE.alt });
    expect(await option.count(), 'the uploaded image is not offered as lead image').toBe(1);
    await page.getByLabel('Image', { exact: true }).selectOption((await option.getAttribute('value')) ?? '');
    await audit('editor-new');

    await submit(page, page.getByRole('button', { name: 'Save', exact: true }), /\/admin\/articles\/\d+\/edit\?notice=created$/);
    articleId = Number(/\/admin\/articles\/(\d+)\/edit/.exec(page.url())?.[1]);
    expect(articleId).toBeGreaterThan(0);
    expect(await page.locator('main h1').innerText()).toBe(`Edit “${ARTICLE.title}”`);
    expect(await page.getByRole('status').innerText()).toBe('Draft created.');
    expect(await page.getByLabel('Body (Markdown)').inputValue()).toBe(ARTICLE.body);
    expect(await page.locator('.workflow-status strong').innerText()).toBe('Draft');
    await audit('editor-edit');
  });
});

describe('browser: the Preview button, without JavaScript', () => {
  stepsInOrder();

  it('posts the form and shows the rendered body below it', async () => {
    const { context: noScript, page: plain } = await openPage(browser, site.url, { javaScriptEnabled: false, storageState: await context.storageState() });
    try {
      await visit(plain, `/admin/articles/${articleId}/edit`);
      expect(await plain.locator('#preview').isHidden()).toBe(true);
      await submit(plain, plain.getByRole('button', { name: 'Preview', exact: true }), /\/admin\/articles\/\d+\/edit$/);
      const preview = plain.locator('#preview');
      expect(await preview.isVisible(), 'the preview section stays hidden after Preview').toBe(true);
      expect(await preview.locator('h2#preview-heading').innerText()).toBe('Preview of the body (not saved)');
      expect(await preview.locator('#live-preview').locator('h2, h3').first().innerText()).toBe(ARTICLE.heading);
      expect(await preview.locator('#live-preview li').count()).toBe(2);
      // Below the form, and the form still holds the text.
      const formBottom = (await plain.locator('form.article-form').boundingBox())?.y ?? Number.NaN;
      expect((await preview.boundingBox())?.y).toBeGreaterThan(formBottom);
      expect(await plain.getByLabel('Body (Markdown)').inputValue()).toBe(ARTICLE.body);
    } finally {
      await noScript.close();
    }
  });
});

describe('browser: scheduling, publishing and a public update', () => {
  stepsInOrder();

  it('schedules the article two minutes ahead (UTC), then publishes it now', async () => {
    await visit(page, `/admin/articles/${articleId}/edit`);
    const at = new Date(Date.now() + 2 * 60_000);
    await page.getByLabel('Publish at (UTC)').fill(utcLocalValue(at));
    await submit(page, page.locator('form.action-schedule').getByRole('button', { name: 'Schedule' }), /\?notice=schedule$/);
    expect(await page.getByRole('status').innerText()).toBe('Scheduled: it will be published at its time.');
    const status = page.locator('.workflow-status');
    expect(await status.locator('strong').innerText()).toBe('Scheduled');
    expect(await status.locator('time').getAttribute('datetime')).toBe(`${utcLocalValue(at)}:00.000Z`);
    expect(await status.innerText()).toMatch(/ UTC/);

    await submit(page, page.getByRole('button', { name: 'Publish now' }), /\?notice=publish$/);
    expect(await status.locator('strong').innerText()).toBe('Published');
  });

  it('shows readers the article with its title, picture and caption', async () => {
    const view = page.locator('.workflow-status').getByRole('link', { name: 'view on the site' });
    expect(await view.getAttribute('href')).toBe(`/articles/${ARTICLE.slug}`);
    await Promise.all([page.waitForURL(`**/articles/${ARTICLE.slug}`, { waitUntil: 'load' }), view.click()]);
    expect(await page.locator('main h1').innerText()).toBe(ARTICLE.title);
    const figure = page
      .locator('main figure')
      .filter({ has: page.locator('picture') })
      .first();
    const img = figure.locator('picture img');
    expect(await img.getAttribute('alt')).toBe(IMAGE.alt);
    await expect.poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    expect(await figure.locator('picture source').count()).toBeGreaterThan(0);
    const caption = await figure.locator('figcaption').innerText();
    expect(caption).toContain(IMAGE.caption);
    expect(caption).toContain(IMAGE.credit);
    expect(await page.locator('main').locator('h2, h3').filter({ hasText: ARTICLE.heading }).count()).toBe(1);
  });

  it('adds a public update, and the front page marks the article “[updated]” in Latest news', async () => {
    await visit(page, `/admin/articles/${articleId}/edit`);
    await page.getByLabel('What changed (shown to readers)').fill(ARTICLE.note);
    await submit(page, page.getByRole('button', { name: 'Add public update' }), /\?notice=update$/);
    expect(await page.getByRole('status').innerText()).toBe('Public update added; the article is marked “[updated]”.');

    await visit(page, '/');
    const latest = page.locator('section[aria-labelledby="latest-heading"]');
    const heading = latest.locator('.teaser-title').filter({ has: page.getByRole('link', { name: ARTICLE.title, exact: true }) });
    expect(await heading.count(), 'the article is not in Latest news').toBe(1);
    expect(await heading.locator('.updated-mark').isVisible()).toBe(true);
    expect((await heading.innerText()).replace(/\s+/g, ' ')).toMatch(new RegExp(`\\[updated\\] ${ARTICLE.title}$`));
    // The newest news comes first.
    expect(await latest.locator('.teaser-title a').first().innerText()).toBe(ARTICLE.title);

    // This tab read the article a moment ago and may keep it for a minute (max-age=60), as
    // any reader's browser would; reloading asks the server again, which knows of the update.
    await visit(page, `/articles/${ARTICLE.slug}`);
    await page.reload({ waitUntil: 'load' });
    expect(await page.getByRole('complementary', { name: 'Updates' }).innerText()).toContain(ARTICLE.note);
  });
});

describe('browser: the other admin pages', () => {
  stepsInOrder();

  it('lists the article, shows its revisions and the account page', async () => {
    await visit(page, '/admin/articles');
    expect(await page.locator('main').getByRole('link', { name: ARTICLE.title }).count()).toBeGreaterThan(0);
    await audit('articles');

    await visit(page, `/admin/articles/${articleId}/revisions`);
    expect(await page.locator('main h1').innerText()).toContain(ARTICLE.title);
    await audit('revisions');

    await visit(page, '/admin/account');
    expect(await page.locator('main h1').innerText()).toBe('Your account');
    expect(await page.locator('dl.facts').innerText()).toContain(EDITOR.email);
    await audit('account');
  });

  it('raised no script error and loaded everything it asked for', () => {
    expect(pageErrors).toEqual([]);
  });
});

describe('browser: admin accessibility (axe-core)', () => {
  const PAGES = ['sign-in', 'code', 'upload', 'media-library', 'editor-new', 'editor-edit', 'articles', 'revisions', 'account'];

  it.for(PAGES)('%s has no serious or critical violations', (name, { skip }) => {
    const report = reports.get(name);
    if (!report && flowBroken) skip('the flow broke before reaching this page');
    expect(report, `the flow never reached ${name}`).toBeDefined();
    expect(report?.ran, 'axe did not evaluate color-contrast').toContain('color-contrast');
    expect(report?.problems, `axe violations on admin ${name}:\n${report?.problems.join('\n')}`).toEqual([]);
  });
});

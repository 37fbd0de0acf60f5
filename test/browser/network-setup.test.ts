import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogues } from '../../src/i18n/messages.js';
import { launchBrowser, openPage, startSite, submit, visit, watchProblems, type Site } from '../support/browser.js';
import type { DatabaseKind } from '../support/databases.js';
import { startSmtpCapture, type CapturedMessage, type SmtpCapture } from '../support/smtp.js';

/**
 * A movement starts on an empty Placard, in a real Chromium, by clicks and typing only:
 * the first administrator names the site and creates two sections in two languages
 * (Russian for Kazakhstan, Spanish for Spain) with an editor each; each editor publishes
 * an article that readers then get entirely in the section's language; a Russian
 * campaign opens, and a supporter acts on its Russian page and receives every email
 * (the confirmation, then an outcome update) in Russian. On SQLite and on PostgreSQL.
 */

const SITE_NAME = 'Solidarity Network';
const ADMIN = { name: 'Ada Okafor', email: 'ada@solidarity.example.org', password: 'harbour lantern 7312 quietly' };
const SECTIONS = [
  {
    language: 'ru',
    slug: 'kz',
    form: {
      name: 'Социалистическое сопротивление Казахстана',
      shortName: 'СС Казахстана',
      slug: 'kz',
      countries: 'KZ',
      languages: 'ru, kk',
      timeZone: 'Asia/Almaty',
      description: 'Секция в Казахстане: новости о забастовках и репрессиях.',
      contactEmail: 'kz@solidarity.example.org',
    },
    editor: { name: 'Айгуль Нурланова', email: 'aigul@solidarity.example.org', password: 'steppe river 5521 lantern' },
    article: {
      title: 'Нефтяники Жанаозена снова бастуют',
      slug: 'neftyaniki-zhanaozena',
      standfirst: 'Рабочие требуют освобождения арестованных активистов.',
      bodyMarkdown: 'Забастовка продолжается уже третью неделю.\n\n## Требования\n\n- Освободить арестованных\n- Повысить зарплату',
      countries: 'KZ',
      topics: 'Рабочее движение',
    },
  },
  {
    language: 'es',
    slug: 'es',
    form: {
      name: 'Socialismo Revolucionario',
      shortName: 'SR',
      slug: 'es',
      countries: 'ES',
      languages: 'es',
      timeZone: 'Europe/Madrid',
      description: 'La sección en el Estado español.',
      contactEmail: 'es@solidarity.example.org',
    },
    editor: { name: 'Lucía Fernández', email: 'lucia@solidarity.example.org', password: 'olivo puerto 8843 farol' },
    article: {
      title: 'Huelga de la limpieza en Madrid',
      slug: 'huelga-limpieza-madrid',
      standfirst: 'Las trabajadoras exigen contratos fijos.',
      bodyMarkdown: 'La huelga entra en su segunda semana.\n\n## Reivindicaciones\n\n- Contratos fijos\n- Subida salarial',
      countries: 'ES',
      topics: 'Movimiento obrero',
    },
  },
] as const;
const CAMPAIGN = {
  slug: 'svobodu-aktivistam',
  title: 'Свободу арестованным активистам!',
  summary: 'Потребуйте освободить активистов, арестованных в Жанаозене.',
  demands: 'Освободить всех арестованных\nПрекратить преследования',
  letterSubjects: 'Освободите активистов',
  letterBody: 'Уважаемый прокурор,\n\nПрошу немедленно освободить арестованных активистов.\n\n{{name}}, {{city}}, {{country}}',
  callScript: 'Здравствуйте, я звоню по поводу арестованных активистов.',
};
const TARGET = {
  title: 'Генеральный прокурор',
  name: 'Иван Петров',
  country: 'KZ',
  email: 'prosecutor@gov.example.kz',
  timeZone: 'Asia/Almaty',
};
const SUPPORTER = { name: 'Мария Смирнова', email: 'maria@example.net', city: 'Алматы' };

/**
 * The English words of the catalogue (under `prefixes`) that the language translates
 * differently and that appear in `text`: on a page or in an email that should be entirely
 * in that language, there are none. Messages with placeholders are checked by their
 * fixed runs of at least three words.
 */
function englishLeftIn(text: string, language: string, prefixes: readonly string[]): string[] {
  const english = catalogues().catalogue('en')!;
  const translated = catalogues().catalogue(language)!;
  return Object.entries(english)
    .filter(([key, value]) => prefixes.some((p) => key.startsWith(p)) && translated[key] !== value)
    .flatMap(([key, value]) =>
      value
        .split(/[{}<>#]/)
        .map((run) => run.trim())
        .filter((run) => (/[{<]/.test(value) ? run.split(/\s+/).length >= 3 : run.length >= 4) && /[a-z]/i.test(run))
        .filter((run) => text.includes(run))
        .map((run) => `${key}: “${run}”`),
    );
}

/** Fills named fields of a form as a person would: types text, picks options, ticks boxes. */
async function fillIn(scope: Page | Locator, values: Readonly<Record<string, string>>): Promise<void> {
  for (const [name, value] of Object.entries(values)) {
    const field = scope.locator(`[name="${name}"]`).first();
    const tag = await field.evaluate((e) => e.tagName.toLowerCase());
    if (tag === 'select') await field.selectOption(value);
    else await field.fill(value);
  }
}

/** The first email to an address with a subject matching, as the SMTP server received it. */
async function mailTo(smtp: SmtpCapture, to: string, count: number): Promise<CapturedMessage[]> {
  await expect.poll(() => smtp.messages.filter((m) => m.to === to).length, { timeout: 30_000, interval: 200 }).toBeGreaterThanOrEqual(count);
  return smtp.messages.filter((m) => m.to === to);
}

describe.each<DatabaseKind>(['sqlite', 'postgres'])('an empty Placard set up through the admin alone (%s)', (kind) => {
  let smtp: SmtpCapture;
  let site: Site;
  let browser: Browser;
  let admin: Page;
  const problems: (() => string[])[] = [];

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    site = await startSite({ PLACARD_DEMO: 'off', SMTP_URL: smtp.url, TRUST_PROXY: 'loopback' }, kind);
    browser = await launchBrowser();
    admin = (await openPage(browser, site.url)).page;
    problems.push(watchProblems(admin));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
    await smtp?.close();
  });

  /** Signs a person in on a fresh page of their own. */
  async function signedIn(who: { email: string; password: string }): Promise<Page> {
    const { page } = await openPage(browser, site.url);
    problems.push(watchProblems(page));
    await visit(page, '/admin/sign-in');
    await fillIn(page, { email: who.email, password: who.password });
    await submit(page, page.locator('main form button[type=submit]').first(), /\/admin$/);
    return page;
  }

  it('starts with nothing: no section anywhere, and a one-time link for the first administrator', async () => {
    expect(site.running.setupUrl).toMatch(/\/admin\/setup\//);
    const { page } = await openPage(browser, site.url);
    await visit(page, '/sections');
    expect(await page.locator('main').innerText()).not.toContain('Социалистическое');
    await visit(page, new URL(site.running.setupUrl!).pathname);
    await fillIn(page, { name: ADMIN.name, email: ADMIN.email, password: ADMIN.password });
    await submit(page, page.locator('main form button[type=submit]').first(), /\/admin\/sign-in$/);
    admin = await signedIn(ADMIN);
  });

  it('names the site, so that no reader sees “Placard”', async () => {
    await visit(admin, '/admin/site');
    await fillIn(admin, { name: SITE_NAME, tagline: '1974–2026', defaultLanguage: 'en', footer: 'Solidarity Network · since 2026' });
    await submit(admin, admin.locator('main form button[type=submit]').first(), /\/admin\/site\?saved=1$/);
    const { page } = await openPage(browser, site.url);
    await visit(page, '/');
    const front = await page.locator('body').innerText();
    expect(front).toContain(SITE_NAME);
    expect(front).not.toMatch(/Placard/);
  });

  it('creates two sections in two languages, each with its publication and its editor', async () => {
    for (const section of SECTIONS) {
      await visit(admin, '/admin/sections/new');
      await fillIn(admin, section.form);
      await submit(admin, admin.locator('main form button[type=submit]').first(), /\/admin\/sections\/\d+\?saved=1$/);
      await fillIn(admin, { newPublicationName: section.language === 'ru' ? 'Социалист' : 'El Socialista' });
      await submit(admin, admin.locator('form[action$="/publications"] button[type=submit]'), /\/admin\/sections\/\d+\?saved=1$/);

      await visit(admin, '/admin/users/new');
      await fillIn(admin, { name: section.editor.name, email: section.editor.email, role: 'editor', password: section.editor.password });
      await admin.locator(`input[name="sections"][value="${section.slug}"]`).check();
      await submit(admin, admin.locator('main form button[type=submit]').first(), /\/admin\/users\/\d+$/);
    }
    await visit(admin, '/admin/sections');
    const list = await admin.locator('main').innerText();
    for (const section of SECTIONS) expect(list).toContain(section.form.name);
  });

  for (const section of SECTIONS) {
    it(`lets the ${section.language} section's editor publish an article that reads entirely in ${section.language}`, async () => {
      const editor = await signedIn(section.editor);
      await visit(editor, '/admin/articles/new');
      // A new article starts in the editor's section and in its first language.
      expect(await editor.locator('[name="language"]').inputValue()).toBe(section.language);
      expect(await editor.locator(`input[name="sections"][value="${section.slug}"]`).isChecked()).toBe(true);
      await fillIn(editor, { ...section.article, credits: `${section.editor.name} | ${section.slug}` });
      await submit(editor, editor.locator('button[name="intent"][value="save"]'), /\/admin\/articles\/\d+\/edit\?notice=created$/);
      await submit(editor, editor.locator('form.action-publish button[type=submit]'), /\/admin\/articles\/\d+\/edit/);

      const { page } = await openPage(browser, site.url);
      problems.push(watchProblems(page));
      await visit(page, `/articles/${section.article.slug}`);
      expect(await page.locator('html').getAttribute('lang')).toBe(section.language);
      const text = await page.locator('body').innerText();
      expect(text).toContain(section.article.title);
      expect(text).toContain(section.form.name);
      expect(englishLeftIn(text, section.language, ['public.'])).toEqual([]);
      expect(text).not.toMatch(/Placard/);

      // The section's page is its home, in its language too.
      await visit(page, `/sections/${section.slug}`);
      expect(await page.locator('html').getAttribute('lang')).toBe(section.language);
      const home = await page.locator('body').innerText();
      expect(home).toContain(section.form.description);
      expect(home).toContain(section.article.title);
      expect(englishLeftIn(home, section.language, ['public.'])).toEqual([]);
    });
  }

  it('opens a Russian campaign on which a Russian supporter acts and receives every email in Russian', async () => {
    await visit(admin, '/admin/campaigns/new');
    await fillIn(admin, {
      kind: 'letter',
      title: CAMPAIGN.title,
      slug: CAMPAIGN.slug,
      summary: CAMPAIGN.summary,
      demands: CAMPAIGN.demands,
      section: 'kz',
      languages: 'ru',
      letterSubjects: CAMPAIGN.letterSubjects,
      letterBody: CAMPAIGN.letterBody,
      callScript: CAMPAIGN.callScript,
      'target-0-title': TARGET.title,
      'target-0-name': TARGET.name,
      'target-0-country': TARGET.country,
      'target-0-email': TARGET.email,
      'target-0-timeZone': TARGET.timeZone,
    });
    await submit(admin, admin.locator('button[name="intent"][value="save"]').first(), /\/admin\/campaigns\/\d+\?notice=created$/);
    await submit(admin, admin.locator('form[action$="/status"] button[value="active"]'), /\?notice=active$/);
    const dashboard = new URL(admin.url()).pathname;

    // The supporter, on the campaign's Russian page, with JavaScript (the proof of work runs).
    const { page } = await openPage(browser, site.url, { extraHTTPHeaders: { 'x-forwarded-for': '198.51.100.77' } });
    problems.push(watchProblems(page));
    await visit(page, `/campaigns/${CAMPAIGN.slug}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    const campaignPage = await page.locator('body').innerText();
    expect(englishLeftIn(campaignPage, 'ru', ['public.'])).toEqual([]);
    expect(campaignPage).not.toMatch(/Placard/);
    const form = page.locator(`form[action$="/act"]`);
    await fillIn(form, { name: SUPPORTER.name, email: SUPPORTER.email, city: SUPPORTER.city, country: 'KZ' });
    await form.locator('input[name="consent_campaign"]').check();
    await submit(page, form.locator('button[type=submit]:not([name="preview"])').last(), new RegExp(`/campaigns/${CAMPAIGN.slug}/thanks/email`));
    expect(englishLeftIn(await page.locator('body').innerText(), 'ru', ['public.'])).toEqual([]);

    const [confirmation] = await mailTo(smtp, SUPPORTER.email, 1);
    expect(confirmation!.text).toContain(CAMPAIGN.title);
    expect(englishLeftIn(`${confirmation!.subject}\n${confirmation!.text}`, 'ru', ['email.', 'public.'])).toEqual([]);
    expect(confirmation!.subject).toMatch(/[а-яё]/i);
    const confirmPath = new URL(/https?:\/\/\S+\/confirm\/\S+/.exec(confirmation!.text)![0]).pathname;
    await visit(page, confirmPath);
    expect(englishLeftIn(await page.locator('body').innerText(), 'ru', ['public.'])).toEqual([]);
    await submit(page, page.locator('main form button[type=submit]').first(), /\/confirm\//);
    expect(englishLeftIn(await page.locator('body').innerText(), 'ru', ['public.'])).toEqual([]);

    // The coordinator posts what happened; the supporter asked to hear about it.
    await visit(admin, dashboard);
    const outcome = admin.locator('form[action$="/outcomes"]');
    await fillIn(outcome, { title: 'Двое активистов освобождены', body: 'Спасибо всем, кто написал прокурору.' });
    await submit(admin, outcome.locator('button[type=submit]'), /\?notice=outcome/);
    const mails = await mailTo(smtp, SUPPORTER.email, 2);
    const update = mails[1]!;
    expect(update.text).toContain('Двое активистов освобождены');
    expect(englishLeftIn(`${update.subject}\n${update.text}`, 'ru', ['email.', 'public.'])).toEqual([]);
    for (const mail of mails) expect(mail.text).not.toMatch(/Placard/);
  });

  it('raised no script error and no failed request on any page on the way', () => {
    expect(problems.flatMap((p) => p())).toEqual([]);
  });
});

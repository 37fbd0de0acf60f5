import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { createThroughForm, editorForm, formVersion } from '../support/articles.js';
import { testClock } from '../support/clock.js';
import { DATABASES } from '../support/databases.js';
import { page, type HtmlElement } from '../support/html.js';
import { type Client, createStaff, signInAs, type StaffAccount } from '../support/staff.js';

/*
 * Article translations (docs/decisions/0022), as staff and readers meet them: the editor's
 * Translations panel, the public language switcher and hreflang links, the flag and the
 * notice while a translation is behind its original, listings by language, and the
 * demo's Russian translation of its lead article.
 */

const SITE = 'https://news.example.org';

describe.each(DATABASES)('http (%s): article translations', (kind) => {
  let t: TestApp;
  let editor: Client;
  let account: StaffAccount;
  const clock = testClock('2026-03-01T09:00:00.000Z');
  /** Moves the clock; sessions end after 30 idle minutes, so the editor signs in again. */
  const passTime = async (minutes: number) => {
    clock.advance(minutes);
    editor = await signInAs(t, account);
  };
  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
    account = await createStaff(t, 'editor', { name: 'Tanya Translator' });
    editor = await signInAs(t, account);
  });
  afterAll(async () => t?.close());

  const reader = (url: string) => t.app.inject({ method: 'GET', url });
  const article = (id: number) => t.database.db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const panelOf = async (id: number) => page((await editor.get(`/admin/articles/${id}/edit`)).body).first('section.translations');
  /** The panel's rows: language (as named in itself), title and role. */
  const membersOf = (panel: HtmlElement) =>
    panel.all('table.translations-list tbody tr').map((row) => ({ id: Number(row.attr('data-article')), language: row.text('td'), role: row.text('td.role') }));
  /** The switcher's entries: name, link (none for the page itself), lang and hreflang. */
  const switcherOf = (html: string) =>
    page(html)
      .all('nav.translations li > *')
      .map((e) => ({ name: e.text(), href: e.attr('href'), lang: e.attr('lang'), hreflang: e.attr('hreflang') }));
  const alternatesOf = (html: string) =>
    page(html)
      .all('head link[rel="alternate"][hreflang]')
      .map((l) => [l.attr('hreflang'), l.attr('href')]);

  it('loads the demo with a published Russian translation of its lead, a page in Cyrillic with the switcher', async () => {
    const ru = await reader('/articles/stop-state-brutality-in-kazakhstan-ru');
    expect(ru.statusCode).toBe(200);
    const doc = page(ru.body);
    expect(doc.first('html').attr('lang')).toBe('ru');
    expect(doc.text('h1')).toBe('Остановить государственное насилие в Казахстане!');
    expect(doc.text('.body')).toContain('Наталья Соколова');
    // The call to action is the same campaign: the officials' details exactly as in the original.
    const cta = doc.first('section.call-to-action');
    for (const detail of ['supreme-court@example.org', 'presidential-administration@example.org', 'foreign-ministry@example.org']) {
      expect(cta.all(`a[href="mailto:${detail}"]`)).toHaveLength(1);
    }
    expect(cta.text()).toContain('Alina Bulatovna Rakhimbekova');
    expect(switcherOf(ru.body)).toEqual([
      { name: 'English', href: '/articles/stop-state-brutality-in-kazakhstan', lang: 'en', hreflang: 'en' },
      { name: 'Русский', href: undefined, lang: 'ru', hreflang: undefined },
    ]);
    const alternates = [
      ['en', `${SITE}/articles/stop-state-brutality-in-kazakhstan`],
      ['ru', `${SITE}/articles/stop-state-brutality-in-kazakhstan-ru`],
      ['x-default', `${SITE}/articles/stop-state-brutality-in-kazakhstan`],
    ];
    expect(alternatesOf(ru.body)).toEqual(alternates);

    const en = await reader('/articles/stop-state-brutality-in-kazakhstan');
    expect(switcherOf(en.body)).toEqual([
      { name: 'English', href: undefined, lang: 'en', hreflang: undefined },
      { name: 'Русский', href: '/articles/stop-state-brutality-in-kazakhstan-ru', lang: 'ru', hreflang: 'ru' },
    ]);
    expect(alternatesOf(en.body)).toEqual(alternates);
    expect(page(en.body).all('.translation-behind')).toEqual([]);
  });

  it('gives pages without translations their own language and themselves as x-default', async () => {
    const listing = await reader('/countries');
    expect(alternatesOf(listing.body)).toEqual([
      ['en', `${SITE}/countries`],
      ['x-default', `${SITE}/countries`],
    ]);
    const id = await createThroughForm(editor, { title: 'Cork council workers ballot' });
    await editor.post(`/admin/articles/${id}/publish`, {});
    const { slug } = await article(id);
    const alone = await reader(`/articles/${slug}`);
    expect(switcherOf(alone.body)).toEqual([]);
    expect(alternatesOf(alone.body)).toEqual([
      ['en', `${SITE}/articles/${slug}`],
      ['x-default', `${SITE}/articles/${slug}`],
    ]);
  });

  it('adds and links translations through the panel, refusing a second article in one language and the article itself', async () => {
    const original = await createThroughForm(editor, { title: 'Galway nurses strike for staffing' });
    expect(membersOf(await panelOf(original))).toEqual([]);
    expect((await panelOf(original)).text('p')).toBe('This article has no translations yet.');

    const added = await editor.post(`/admin/articles/${original}/translations/add`, { translationLanguage: 'es' });
    expect(added.statusCode).toBe(303);
    const spanish = Number(/\/admin\/articles\/(\d+)\/edit/.exec(String(added.headers.location))?.[1]);
    expect(spanish).not.toBe(original);
    const draft = await article(spanish);
    expect(draft).toMatchObject({ language: 'es', status: 'draft', title: 'Galway nurses strike for staffing', slug: `${(await article(original)).slug}-es` });
    expect(draft.translation_group).toBe((await article(original)).translation_group);
    const opened = page((await editor.get(String(added.headers.location))).body);
    expect(opened.text('section.translations p.notice')).toBe('Translation added as a draft: you are editing it now.');
    expect(membersOf(await panelOf(spanish))).toEqual([
      { id: original, language: 'English', role: 'Original' },
      { id: spanish, language: 'Español', role: 'Translation of version 1' },
    ]);

    // A second Spanish article in the group: refused beside the field, what was typed kept.
    const twice = await editor.post(`/admin/articles/${original}/translations/add`, { translationLanguage: 'es' });
    expect(twice.statusCode).toBe(422);
    const twiceForm = page(twice.body).first('form.translation-add');
    expect(twiceForm.field('translationLanguage')).toMatchObject({
      value: 'es',
      invalid: true,
      error: expect.stringMatching(/^These translations already have an article in Spanish/),
    });

    const bad = await editor.post(`/admin/articles/${original}/translations/add`, { translationLanguage: 'not a language' });
    expect(bad.statusCode).toBe(422);
    expect(page(bad.body).first('form.translation-add').field('translationLanguage')).toMatchObject({
      value: 'not a language',
      error: expect.stringMatching(/^Give the language as a tag/),
    });

    // Linking an existing article, by slug (or pasted address) and by number.
    const russian = await createThroughForm(editor, { title: 'Забастовка медсестёр в Голуэе', language: 'ru' });
    const { slug: russianSlug } = await article(russian);
    const self = await editor.post(`/admin/articles/${original}/translations/link`, { linkReference: String(original) });
    expect(self.statusCode).toBe(422);
    expect(page(self.body).first('form.translation-link').field('linkReference')).toMatchObject({
      value: String(original),
      error: 'An article cannot be a translation of itself: give the number or slug of another article.',
    });
    const linked = await editor.post(`/admin/articles/${spanish}/translations/link`, { linkReference: `${SITE}/articles/${russianSlug}` });
    expect(linked.statusCode).toBe(303);
    expect(membersOf(await panelOf(original)).map((m) => m.language)).toEqual(['English', 'Español', 'Русский']);

    const secondRussian = await createThroughForm(editor, { title: 'Ещё одна статья о Голуэе', language: 'ru' });
    const sameLanguage = await editor.post(`/admin/articles/${original}/translations/link`, { linkReference: String(secondRussian) });
    expect(sameLanguage.statusCode).toBe(422);
    expect(page(sameLanguage.body).first('form.translation-link').field('linkReference')).toMatchObject({
      value: String(secondRussian),
      error: expect.stringMatching(/^These translations already have an article in Russian: a reader asking for Russian must find one page\./),
    });
    expect((await article(secondRussian)).translation_group).toBeNull();
    const unknown = await editor.post(`/admin/articles/${original}/translations/link`, { linkReference: 'no-such-article' });
    expect(page(unknown.body).first('form.translation-link').errorFor('linkReference')).toBe('There is no article with this number or slug that you can see.');

    // The original stays while it has translations; a translation can leave.
    const originalLeaves = await editor.post(`/admin/articles/${spanish}/translations/unlink`, { memberId: String(original) });
    expect(originalLeaves.statusCode).toBe(422);
    expect(page(originalLeaves.body).text('section.translations p.form-error')).toMatch(/^The original cannot be unlinked while it has translations/);
    expect((await editor.post(`/admin/articles/${original}/translations/unlink`, { memberId: String(russian) })).statusCode).toBe(303);
    expect(membersOf(await panelOf(original)).map((m) => m.id)).toEqual([original, spanish]);
    expect((await article(russian)).translation_group).toBeNull();

    const audited = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'summary'])
      .where('action', 'like', 'translation-%')
      .where('actor_label', '=', 'Tanya Translator')
      .orderBy('id')
      .execute();
    expect(audited.map((a) => a.action)).toEqual(['translation-added', 'translation-linked', 'translation-unlinked']);
    expect(audited[1]?.summary).toBe('Linked “Забастовка медсестёр в Голуэе” (ru) as a translation of “Galway nurses strike for staffing”');
  });

  it('flags a translation behind its original after a public update, with the diff and a public notice, until marked up to date', async () => {
    const original = await createThroughForm(editor, { title: 'Dublin rent strike spreads', bodyMarkdown: 'Tenants in three estates withhold rent.' });
    await editor.post(`/admin/articles/${original}/publish`, {});
    const added = await editor.post(`/admin/articles/${original}/translations/add`, { translationLanguage: 'es' });
    const spanish = Number(/\/admin\/articles\/(\d+)\/edit/.exec(String(added.headers.location))?.[1]);
    const version = formVersion((await editor.get(`/admin/articles/${spanish}/edit`)).body);
    const translated = editorForm({
      title: 'Se extiende la huelga de alquileres en Dublín',
      slug: '',
      language: 'es',
      bodyMarkdown: 'Inquilinos de tres barrios retienen el alquiler.',
      version,
    });
    expect((await editor.post(`/admin/articles/${spanish}/edit`, translated)).statusCode).toBe(303);
    expect((await editor.post(`/admin/articles/${spanish}/publish`, {})).statusCode).toBe(303);
    const spanishSlug = encodeURIComponent((await article(spanish)).slug);
    const { slug: originalSlug } = await article(original);
    const first = await reader(`/articles/${spanishSlug}`); // now cached
    expect(page(first.body).all('.translation-behind')).toEqual([]);
    expect(switcherOf(first.body).map((s) => s.name)).toEqual(['English', 'Español']);
    expect(alternatesOf(first.body)).toEqual([
      ['en', `${SITE}/articles/${originalSlug}`],
      ['es', `${SITE}/articles/${spanishSlug}`],
      ['x-default', `${SITE}/articles/${originalSlug}`],
    ]);

    // The original changes and gets a public update.
    await passTime(60 * 24);
    const originalVersion = formVersion((await editor.get(`/admin/articles/${original}/edit`)).body);
    const changed = editorForm({
      title: 'Dublin rent strike spreads',
      slug: originalSlug,
      bodyMarkdown: 'Tenants in five estates withhold rent.',
      version: originalVersion,
    });
    expect((await editor.post(`/admin/articles/${original}/edit`, changed)).statusCode).toBe(303);
    expect((await editor.post(`/admin/articles/${original}/update`, { note: 'Two more estates joined.' })).statusCode).toBe(303);

    const list = page((await editor.get('/admin/articles?language=es')).body);
    const row = list.all('table.admin-table tbody tr').find((r) => r.text('th') === 'Se extiende la huelga de alquileres en Dublín');
    expect(row?.text('.behind-original')).toBe('Behind the original');
    const panel = await panelOf(spanish);
    const behind = panel.first('section.translation-behind');
    expect(behind.text('p')).toBe(
      'The original had a public update on 2 March 2026, after version 1, which this translation follows. What changed in the original since:',
    );
    expect(behind.texts('.diff-removed del')).toContain('Tenants in three estates withhold rent.');
    expect(behind.texts('.diff-added ins')).toContain('Tenants in five estates withhold rent.');
    expect(page((await editor.get(`/admin/articles/${original}/edit`)).body).all('section.translation-behind')).toEqual([]);

    // The translation's cached page changed with the original: it says so, in Spanish.
    const behindPage = page((await reader(`/articles/${spanishSlug}`)).body);
    expect(behindPage.text('p.translation-behind')).toBe('El original se actualizó el 2 de marzo de 2026. Leer el original.');
    expect(behindPage.first('p.translation-behind a').attr('href')).toBe(`/articles/${originalSlug}`);
    expect(behindPage.first('p.translation-behind a').attr('hreflang')).toBe('en');

    expect((await editor.post(`/admin/articles/${spanish}/translations/current`, {})).statusCode).toBe(303);
    expect(page((await reader(`/articles/${spanishSlug}`)).body).all('p.translation-behind')).toEqual([]);
    expect((await panelOf(spanish)).all('section.translation-behind')).toEqual([]);
    const after = page((await editor.get('/admin/articles?language=es')).body);
    expect(after.all('.behind-original')).toEqual([]);
    expect(membersOf(await panelOf(spanish))[1]?.role).toBe(`Translation of version ${(await article(original)).version}`);
  });

  it('lists published articles by language at /languages/:code', async () => {
    const ru = page((await reader('/languages/ru')).body);
    expect(ru.text('h1')).toBe('Русский');
    const titles = ru.all('main .teaser-title a').map((a) => a.text());
    expect(titles).toContain('Остановить государственное насилие в Казахстане!');
    expect(titles).not.toContain('Stop state brutality in Kazakhstan!');
    const en = page((await reader('/languages/en')).body)
      .all('main .teaser-title a, main .lead-title a')
      .map((a) => a.text());
    expect(en).not.toContain('Остановить государственное насилие в Казахстане!');
    expect((await reader('/languages/xx')).statusCode).toBe(404);
    expect((await reader('/languages/RU')).statusCode).toBe(404);
    const index = page((await reader('/languages')).body);
    expect(index.all('main a').map((a) => a.attr('href'))).toEqual(expect.arrayContaining(['/languages/en', '/languages/ru']));
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThroughForm, editorForm } from '../support/articles.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import { page } from '../support/html.js';
import { auditSummaries, createStaff, signInAs, type Client, type StaffAccount } from '../support/staff.js';

/**
 * Each member of staff reads the admin in the language they chose on their account page:
 * the frame, the article list, the editor and the messages beside a refused form's
 * fields, with what they typed intact. Nobody else's admin changes with it.
 */

/** What a reader of an admin page notices first: its language and direction, its heading, the navigation. */
function frame(html: string) {
  const doc = page(html);
  const root = doc.first('html');
  return { lang: root.attr('lang'), dir: root.attr('dir'), heading: doc.text('main h1'), nav: doc.texts('header nav a') };
}

describe.each(DATABASES)('http (%s): the admin in each staff member’s language', (kind) => {
  let t: TestApp;
  let russian: Client;
  let english: Client;
  let chooser: Client;
  let chooserAccount: StaffAccount;
  let articleId: number;

  beforeAll(async () => {
    t = await startTestApp(kind);
    chooserAccount = await createStaff(t, 'author', { name: 'Ana Chooser' });
    [russian, english, chooser] = await Promise.all([
      createStaff(t, 'editor', { name: 'Мария Петрова' }).then((a) => signInAs(t, a)),
      createStaff(t, 'editor', { name: 'Eve Editor' }).then((a) => signInAs(t, a)),
      signInAs(t, chooserAccount),
    ]);
    const chosen = await russian.post('/admin/account/preferences', { language: 'ru', timeZone: 'Europe/Moscow' });
    if (chosen.statusCode !== 303) throw new Error(`choosing Russian failed with ${chosen.statusCode}`);
    articleId = await createThroughForm(english, { title: 'Dublin dockers hold the line' });
  });
  afterAll(async () => t?.close());

  it('offers every interface language by its own name and a list of time zones on the account page', async () => {
    const doc = page((await chooser.get('/admin/account')).body);
    const language = doc.first('select#language');
    const options = language.all('option').map((o) => [o.attr('value'), o.text(), o.attr('lang')]);
    expect(options).toEqual(
      expect.arrayContaining([
        ['en', 'English', 'en'],
        ['ru', 'русский', 'ru'],
        ['es', 'español', 'es'],
        ['ar', 'العربية', 'ar'],
      ]),
    );
    expect(doc.field('language').value).toBe('');
    const zones = doc.first('select#timeZone').texts('option');
    expect(zones).toEqual(expect.arrayContaining(['UTC', 'Asia/Almaty', 'Europe/Dublin']));
  });

  it('refuses a language or time zone not offered, with the form as sent and a message beside each field', async () => {
    const res = await chooser.post('/admin/account/preferences', { language: 'xx', timeZone: 'Mars/Olympus' });
    expect(res.statusCode).toBe(422);
    const doc = page(res.body);
    expect(doc.errorFor('language')).toBe('Choose one of the languages in the list.');
    expect(doc.errorFor('timeZone')).toBe('Choose a time zone from the list, such as Asia/Almaty or Europe/Dublin.');
    const stored = await t.database.db.selectFrom('users').select(['language', 'time_zone']).where('id', '=', chooserAccount.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ language: null, time_zone: null });
  });

  it('keeps the choice on the account, records it in the audit log, and draws the account page in Russian', async () => {
    const res = await chooser.post('/admin/account/preferences', { language: 'ru', timeZone: 'Asia/Almaty' });
    expect(res.statusCode).toBe(303);
    const after = await chooser.get(res.headers.location as string);
    const doc = page(after.body);
    expect(frame(after.body)).toMatchObject({ lang: 'ru', dir: 'ltr', heading: 'Ваша учётная запись' });
    expect(doc.text('p.notice[role=status]')).toBe('Язык и часовой пояс сохранены.');
    expect(doc.field('language').value).toBe('ru');
    expect(doc.field('timeZone').value).toBe('Asia/Almaty');
    expect(await auditSummaries(t, 'preferences-changed', chooserAccount)).toEqual(['Admin language ru, time zone Asia/Almaty']);
  });

  it('goes back to English when the choice is cleared', async () => {
    expect((await chooser.post('/admin/account/preferences', { language: '', timeZone: '' })).statusCode).toBe(303);
    expect(frame((await chooser.get('/admin/account')).body)).toMatchObject({ lang: 'en', heading: 'Your account' });
  });

  it('shows the Russian-speaking editor the article list in Russian: frame, counts, statuses, dates', async () => {
    const html = (await russian.get('/admin/articles')).body;
    const doc = page(html);
    const shown = frame(html);
    expect(shown).toMatchObject({ lang: 'ru', dir: 'ltr', heading: 'Статьи' });
    expect(shown.nav).toEqual(expect.arrayContaining(['Статьи', 'Медиафайлы', 'Мария Петрова (Редактор)']));
    expect(doc.text('header nav button')).toBe('Выйти');
    expect(doc.text('p.count')).toMatch(/^\d+ (статья|статьи|статей)$/);
    expect(doc.first('table.admin-table thead').texts('th')).toEqual(['Заголовок', 'Статус', 'Тип', 'Секции', 'Язык', 'Владелец', 'Изменена']);
    const row = doc.all('table.admin-table tbody tr').find((r) => r.text('th') === 'Dublin dockers hold the line')!;
    // The article's own title keeps its language; the words around it are Russian.
    expect(row.first('th').attr('lang')).toBe('en');
    expect(row.texts('td').slice(0, 4)).toEqual(['Черновик', 'Новости', expect.any(String), 'английский']);
    expect(row.texts('td')[5]).toMatch(/^\d{1,2} [а-я]+ \d{4} г\.$/);
    expect(doc.first('label[for=filter-q]').text()).toBe('Заголовок содержит');
  });

  it('shows the Russian-speaking editor the editor in Russian, and a refused save in Russian with the typed text intact', async () => {
    const editor = page((await russian.get(`/admin/articles/${articleId}/edit`)).body);
    expect(editor.text('main h1')).toBe('Правка «Dublin dockers hold the line»');
    expect(editor.field('title').label).toBe('Заголовок');
    expect(editor.field('bodyMarkdown').label).toBe('Текст (Markdown)');
    expect(editor.text('#workflow-heading')).toBe('Ход работы');
    expect(editor.texts('.workflow button')).toContain('Опубликовать сейчас');

    const typed = { title: '', countries: 'IE, XX', bodyMarkdown: 'Забастовка в порту Дублина продолжается.\n\n## Пикеты стоят' };
    const res = await russian.post(`/admin/articles/${articleId}/edit`, editorForm({ ...typed, version: editor.field('version').value }));
    expect(res.statusCode).toBe(422);
    const refused = page(res.body);
    expect(refused.text('#error-summary-heading')).toBe('Статья не сохранена');
    expect(refused.field('title')).toMatchObject({ value: '', error: 'Укажите заголовок.', invalid: true });
    expect(refused.field('countries')).toMatchObject({ value: 'IE, XX', error: '«XX» — не код страны по ISO 3166-1.', invalid: true });
    expect(refused.field('bodyMarkdown').value).toBe(typed.bodyMarkdown);
  });

  it('leaves another editor on English: the same pages, in English, left to right', async () => {
    const list = await english.get('/admin/articles');
    expect(frame(list.body)).toMatchObject({ lang: 'en', dir: 'ltr', heading: 'Articles' });
    expect(page(list.body).text('p.count')).toMatch(/^\d+ articles?$/);
    const editor = page((await english.get(`/admin/articles/${articleId}/edit`)).body);
    expect(editor.text('main h1')).toBe('Edit “Dublin dockers hold the line”');
    const res = await english.post(`/admin/articles/${articleId}/edit`, editorForm({ title: '', version: editor.field('version').value }));
    expect(page(res.body).field('title')).toMatchObject({ value: '', error: 'A title is required.' });
  });

  it('draws the sign-in page in the browser’s language before anyone signs in, and in English without one', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/admin/sign-in', headers: { 'accept-language': 'ar-EG, en;q=0.5' } });
    expect(frame(anonymous.body)).toMatchObject({ lang: 'ar', dir: 'rtl', heading: 'تسجيل الدخول' });
    const plain = await t.app.inject({ method: 'GET', url: '/admin/sign-in' });
    expect(frame(plain.body)).toMatchObject({ lang: 'en', dir: 'ltr', heading: 'Sign in' });
  });
});

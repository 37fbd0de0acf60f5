import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/services/articles/create-article.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { articleInput, createThroughForm, editorForm, formVersion, publishMany } from '../support/articles.js';
import { DATABASES } from '../support/databases.js';
import { page } from '../support/html.js';
import { createStaff, signInAs, type Client } from '../support/staff.js';

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: { 'void-style': 'off', 'no-trailing-whitespace': 'off', 'attribute-boolean-style': 'off', 'long-title': 'off' },
});

async function htmlProblems(html: string): Promise<string[]> {
  const report = await validator.validateString(html);
  return report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`));
}

describe.each(DATABASES)('http (%s): search', (kind) => {
  let t: TestApp;
  let editor: Client;
  let author: Client;
  beforeAll(async () => {
    t = await startTestApp(kind);
    [editor, author] = await Promise.all([createStaff(t, 'editor').then((a) => signInAs(t, a)), createStaff(t, 'author').then((a) => signInAs(t, a))]);
    await createArticle(
      { db: t.database.db, changes: t.changes },
      articleInput({
        title: 'Union noticeboard vandalised',
        bodyMarkdown: 'Someone pinned <script>alert("x")</script> and a **bold** threat to the noticeboard.',
        publishedAt: '2026-01-10T10:00:00.000Z',
      }),
    );
  });
  afterAll(async () => t?.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const results = async (url: string) =>
    page((await get(url)).body)
      .all('main ol.search-results li')
      .map((li) => ({ title: li.text('h3'), href: li.first('h3 a').attr('href'), marked: li.texts('mark') }));

  it('offers a search form on every public page that works without script', async () => {
    for (const url of ['/', '/articles/stop-state-brutality-in-kazakhstan', '/countries', '/search']) {
      const doc = page((await get(url)).body);
      const form = doc.first('header form[role=search]');
      expect(form.attr('method'), url).toBe('get');
      expect(form.attr('action'), url).toBe('/search');
      expect(form.field('q').label, url).toBe('Search');
      expect(doc.count('script[src]'), url).toBe(0);
    }
  });

  it('counts up to a thousand results, says there are more, and pages on to the end', async () => {
    await publishMany(t.database.db, 1005, { title: 'Leaflet', body: 'Hand out the leaflet at the gate.' });
    const first = page((await get('/search?q=leaflet')).body);
    expect(first.text('main h2.count')).toBe('More than 1,000 results for “leaflet”');
    expect(first.count('main ol.search-results li')).toBe(20);
    expect(first.text('main nav.pagination span')).toBe('Page 1 of more than 50');
    expect(first.first('main nav.pagination a[rel=next]').attr('href')).toBe('/search?q=leaflet&page=2');
    const fiftieth = page((await get('/search?q=leaflet&page=50')).body);
    expect(fiftieth.text('main h2.count')).toBe('More than 1,000 results for “leaflet”');
    expect(fiftieth.text('main nav.pagination span')).toBe('Page 50 of more than 50');
    expect(fiftieth.first('main nav.pagination a[rel=next]').attr('href')).toBe('/search?q=leaflet&page=51');
    const last = page((await get('/search?q=leaflet&page=51')).body);
    expect(last.text('main h2.count')).toBe('1,005 results for “leaflet”');
    expect(last.texts('main ol.search-results h3')).toEqual(['Leaflet 5', 'Leaflet 4', 'Leaflet 3', 'Leaflet 2', 'Leaflet 1']);
    expect(last.text('main nav.pagination span')).toBe('Page 51 of 51');
    expect(last.has('main nav.pagination a[rel=next]')).toBe(false);
    const few = page((await get('/search?q=leaflet&from=2022-09-01')).body);
    expect(few.text('main h2.count')).toBe('32 results for “leaflet”');
    expect(few.text('main nav.pagination span')).toBe('Page 1 of 2');
  });

  it('shows results with the words found marked, a link to each, and no cache that keeps them', async () => {
    const res = await get('/search?q=KAZAKHSTAN+brutality');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(await htmlProblems(res.body)).toEqual([]);
    const doc = page(res.body);
    expect(doc.first('main form[role=search]').field('q').value).toBe('KAZAKHSTAN brutality');
    expect(doc.text('main h2.count')).toMatch(/^\d+ results? for “KAZAKHSTAN brutality”$/);
    const found = await results('/search?q=KAZAKHSTAN+brutality');
    // The demo article and the demo campaign share their title; both are found.
    const article = found.find((r) => r.href === '/articles/stop-state-brutality-in-kazakhstan');
    expect(article?.title).toBe('Stop state brutality in Kazakhstan!');
    expect(article?.marked.map((w) => w.toLowerCase())).toEqual(expect.arrayContaining(['brutality', 'kazakhstan']));
    expect(found.map((r) => r.href)).toContain('/campaigns/stop-state-brutality-in-kazakhstan');
  });

  it('finds the demo campaign as well as articles', async () => {
    const found = await results('/search?q=kazakhstan&type=campaign');
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((r) => r.href?.startsWith('/campaigns/'))).toBe(true);
  });

  it('shows markup in a body as text in the snippet, never as markup', async () => {
    const res = await get('/search?q=noticeboard');
    expect(await htmlProblems(res.body)).toEqual([]);
    const item = page(res.body).first('main ol.search-results li');
    expect(item.text('p.snippet')).toContain('<script>alert("x")</script>');
    expect(item.count('script')).toBe(0);
    expect(res.body).toContain('&lt;script>alert');
  });

  it('says so when nothing is found, and shows the form alone with no query', async () => {
    const none = await get('/search?q=zzxqvw');
    expect(none.statusCode).toBe(200);
    expect(await htmlProblems(none.body)).toEqual([]);
    expect(page(none.body).texts('main p')).toContain('Nothing found. Try other words, or fewer filters.');
    const empty = await get('/search');
    expect(empty.statusCode).toBe(200);
    expect(await htmlProblems(empty.body)).toEqual([]);
    expect(page(empty.body).has('main ol.search-results')).toBe(false);
  });

  it('refuses a date that is not one with a clear message, keeping the query', async () => {
    const res = await get('/search?q=strike&from=2026-02-31&to=yesterday');
    expect(res.statusCode).toBe(422);
    expect(await htmlProblems(res.body)).toEqual([]);
    const form = page(res.body).first('main form[role=search]');
    expect(form.field('q').value).toBe('strike');
    expect(form.field('from').value).toBe('2026-02-31');
    expect(form.errorFor('from')).toBe('Enter a date as year-month-day, for example 2024-05-01.');
    expect(form.errorFor('to')).toBe('Enter a date as year-month-day, for example 2024-05-01.');
    const backwards = await get('/search?q=strike&from=2026-02-01&to=2026-01-01');
    expect(backwards.statusCode).toBe(422);
    expect(page(backwards.body).first('main form[role=search]').errorFor('to')).toBe('The end date must not be before the start date.');
  });

  it('follows publishing, a public edit and withdrawal at once', async () => {
    const id = await createThroughForm(editor, { title: 'Ferry crews stop work', bodyMarkdown: 'The quayside is quiet.' });
    expect(await results('/search?q=quayside')).toEqual([]);
    expect((await editor.post(`/admin/articles/${id}/publish`, {})).statusCode).toBe(303);
    expect((await results('/search?q=quayside')).map((r) => r.title)).toEqual(['Ferry crews stop work']);
    const version = formVersion((await editor.get(`/admin/articles/${id}/edit`)).body);
    const slug = (await t.database.db.selectFrom('articles').select('slug').where('id', '=', id).executeTakeFirstOrThrow()).slug;
    const saved = await editor.post(
      `/admin/articles/${id}/edit`,
      editorForm({ title: 'Ferry crews stop work', slug, bodyMarkdown: 'The harbour is quiet.', version }),
    );
    expect(saved.statusCode).toBe(303);
    expect(await results('/search?q=quayside')).toEqual([]);
    expect((await results('/search?q=harbour')).map((r) => r.title)).toEqual(['Ferry crews stop work']);
    expect((await editor.post(`/admin/articles/${id}/withdraw`, { note: 'Retracted.' })).statusCode).toBe(303);
    expect(await results('/search?q=harbour')).toEqual([]);
  });

  it('lets staff search bodies of drafts in their own scope from the article list', async () => {
    await createThroughForm(author, { title: 'Draft about shipyards', bodyMarkdown: 'Welders at the drydock organise.' });
    await createThroughForm(editor, { title: 'Another draft', bodyMarkdown: 'The drydock owners answer.' });
    const titles = async (client: Client) =>
      page((await client.get('/admin/articles?q=DRYDOCK')).body)
        .first('main')
        .all('table.admin-table tbody tr')
        .map((r) => r.text('th a'));
    expect((await titles(editor)).sort()).toEqual(['Another draft', 'Draft about shipyards']);
    expect(await titles(author)).toEqual(['Draft about shipyards']);
    expect(await results('/search?q=drydock')).toEqual([]);
  });
});

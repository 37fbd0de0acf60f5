import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/services/articles/create-article.js';
import { insertMedia } from '../../src/store/media/media.store.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { articleInput } from '../support/articles.js';
import { DATABASES } from '../support/databases.js';
import { page } from '../support/html.js';
import { Client, createStaff, signInAs } from '../support/staff.js';

/** A complete site identity form; tests override what they are about. */
function identityForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: 'Workers’ Voice',
    tagline: 'News of the struggle, from every country',
    logoMediaId: '',
    defaultLanguage: 'en',
    defaultTimeZone: 'Europe/London',
    footer: 'Published by the members, for the members.',
    contactEmail: 'editors@workersvoice.example',
    ...overrides,
  };
}

/** The JSON-LD of a page, parsed. */
const jsonLd = (html: string) => JSON.parse(page(html).first('script[type="application/ld+json"]').rawText) as Record<string, unknown>;

describe.each(DATABASES)('http (%s): the site identity', (kind) => {
  let t: TestApp;
  let admin: Client;
  let logoId: number;
  let articlePath: string;
  const get = (url: string) => t.app.inject({ method: 'GET', url });

  beforeAll(async () => {
    t = await startTestApp(kind, { demo: false });
    admin = await signInAs(t, await createStaff(t, 'administrator', { name: 'Ada Admin' }));
    logoId = await insertMedia(
      t.database.db,
      { path: '/media/voice-logo.png', mime: 'image/png', width: 300, height: 100, alt: 'Workers’ Voice', caption: null, credit: null },
      new Date().toISOString(),
    );
    const article = await createArticle({ db: t.database.db, changes: t.changes }, articleInput({ title: 'Dockers strike in Dublin' }));
    articlePath = `/articles/${article.slug}`;
  });
  afterAll(async () => t?.close());

  it('is "Placard" until named, and only administrators may name it', async () => {
    expect(page((await get('/')).body).text('header .site-name')).toBe('Placard');
    for (const role of ['editor', 'author', 'coordinator'] as const) {
      const client = await signInAs(t, await createStaff(t, role));
      expect((await client.get('/admin/site')).statusCode, role).toBe(403);
      expect((await client.post('/admin/site', identityForm({ name: `By ${role}` }))).statusCode, role).toBe(403);
    }
    expect(page((await get('/')).body).text('header .site-name')).toBe('Placard');
  });

  it('refuses bad input with the typed text intact', async () => {
    const res = await admin.post(
      '/admin/site',
      identityForm({ name: '', defaultTimeZone: 'Europe/Atlantis', defaultLanguage: 'xx', tagline: 'Kept as typed' }),
    );
    expect(res.statusCode).toBe(422);
    const form = page(res.body);
    expect(form.field('name').error).toBe("Enter the site's name.");
    expect(form.field('defaultTimeZone')).toMatchObject({ value: 'Europe/Atlantis', error: 'Enter a time zone by its IANA name, such as Europe/London.' });
    expect(form.field('defaultLanguage').error).toBe('Choose one of the languages offered.');
    expect(form.field('tagline').value).toBe('Kept as typed');
    expect(form.field('footer').value).toBe('Published by the members, for the members.');
  });

  it('shows a new name, logo and footer at once on pages already cached, in feeds and in JSON-LD; nothing says Placard', async () => {
    // An unknown address's page, drawn once and kept, must change with the name too.
    expect((await get('/no/such/page')).body).toContain('Placard');
    for (const url of ['/', articlePath, '/feed.xml', '/feed.json', '/sections']) {
      expect((await get(url)).body, url).toContain('Placard');
      expect(t.cache.has(url), url).toBe(true);
    }
    const saved = await admin.post('/admin/site', identityForm({ logoMediaId: String(logoId) }));
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/admin/site?saved=1');
    const entry = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'settings-changed').executeTakeFirstOrThrow();
    expect(entry.summary).toBe('Site identity: “Placard” → “Workers’ Voice”');

    const front = await get('/');
    expect(front.body).not.toContain('Placard');
    const missing = await get('/no/such/page');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).not.toContain('Placard');
    expect(page(missing.body).text('header .site-name')).toBe('Workers’ Voice');
    const home = page(front.body);
    expect(home.text('title')).toBe('Workers’ Voice');
    expect(home.text('header .site-name')).toBe('Workers’ Voice');
    expect(home.first('header .site-name img').attr('src')).toBe('/media/voice-logo.png');
    expect(home.text('header .site-tagline')).toBe('News of the struggle, from every country');
    expect(home.texts('footer p')).toEqual(['Published by the members, for the members.', 'editors@workersvoice.example']);

    const article = await get(articlePath);
    expect(article.body).not.toContain('Placard');
    const articlePage = page(article.body);
    expect(articlePage.text('title')).toBe('Dockers strike in Dublin · Workers’ Voice');
    expect(articlePage.first('meta[property="og:site_name"]').attr('content')).toBe('Workers’ Voice');
    expect(jsonLd(article.body).publisher).toEqual({
      '@type': 'Organization',
      name: 'Workers’ Voice',
      url: 'https://news.example.org/',
      logo: { '@type': 'ImageObject', url: 'https://news.example.org/media/voice-logo.png', width: 300, height: 100 },
    });

    const rss = await get('/feed.xml');
    expect(rss.body).not.toContain('Placard');
    expect(rss.body).toContain('<title>Workers’ Voice</title>');
    const json = JSON.parse((await get('/feed.json')).body) as { title: string };
    expect(json.title).toBe('Workers’ Voice');
    expect((await get('/sections')).body).not.toContain('Placard');

    // The admin's frame names the site too.
    expect(page((await admin.get('/admin/site')).body).text('header .site-name')).toBe('Workers’ Voice admin');
  });

  it('gives pages without a language of their own the default language, and drops the footer text when emptied', async () => {
    expect((await admin.post('/admin/site', identityForm({ defaultLanguage: 'es', footer: '' }))).statusCode).toBe(303);
    const front = page((await get('/')).body);
    expect(front.first('html').attr('lang')).toBe('es');
    expect(front.texts('footer p')).toEqual(['Workers’ Voice · sin rastreadores ni peticiones a terceros', 'editors@workersvoice.example']);
    expect(t.placard.site.defaultLanguage()).toBe('es');
    // An article keeps its own language.
    expect(
      page((await get(articlePath)).body)
        .first('html')
        .attr('lang'),
    ).toBe('en');
    expect(JSON.parse((await get('/feed.json')).body)).toMatchObject({ language: 'es' });
    // Staff who chose no language read the admin in it, and the account page says so.
    const account = page((await admin.get('/admin/account')).body);
    expect(account.first('html').attr('lang')).toBe('es');
    expect(account.first('select#language option').text()).toBe('El predeterminado del sitio (español)');
    expect((await admin.post('/admin/account/preferences', { language: 'en', timeZone: '' })).statusCode).toBe(303);
    expect(
      page((await admin.get('/admin/site')).body)
        .first('html')
        .attr('lang'),
    ).toBe('en');
  });
});

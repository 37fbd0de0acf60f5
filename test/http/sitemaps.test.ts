import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { createThroughForm } from '../support/articles.js';
import { campaignForm, DEMO_SLUG } from '../support/campaigns.js';
import { testClock } from '../support/clock.js';
import { DATABASES } from '../support/databases.js';
import { readSitemap, validate, type SitemapItem } from '../support/sitemaps.js';
import { createStaff, signInAs, type Client, type StaffAccount } from '../support/staff.js';

/*
 * robots.txt and the sitemaps (docs/decisions/0027) as a search engine reads them: every
 * file valid against the published schemas (xmllint), the demo's articles by month with
 * their last public change, the Russian translation's hreflang alternates, the news
 * sitemap of the last 48 hours by the clock, and a withdrawal leaving them at once.
 */

const SITE = 'https://news.example.org';
const LEAD = 'stop-state-brutality-in-kazakhstan';
const LEAD_RU = 'stop-state-brutality-in-kazakhstan-ru';

describe.each(DATABASES)('http (%s): robots.txt and sitemaps', (kind) => {
  let t: TestApp;
  let editor: Client;
  let account: StaffAccount;
  const clock = testClock('2026-03-01T09:00:00.000Z');
  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
    account = await createStaff(t, 'editor', { name: 'Eve Editor' });
    editor = await signInAs(t, account);
  });
  afterAll(async () => t?.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url });
  /** A sitemap by its absolute address, checked against its schema before it is read. */
  const sitemap = async (loc: string, schema: 'index' | 'urlset' = 'urlset'): Promise<SitemapItem[]> => {
    const res = await get(loc.replace(SITE, ''));
    expect(res.statusCode, loc).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    const verdict = validate(res.body, schema);
    expect(verdict.errors, `${loc} against the ${schema} schema`).toBe('');
    expect(verdict.valid).toBe(true);
    return readSitemap(res.body);
  };
  const locs = (items: readonly SitemapItem[]) => items.map((i) => i.loc);
  const itemAt = (items: readonly SitemapItem[], path: string) => items.find((i) => i.loc === SITE + path);
  /** The moment of an article's last public change, as its sitemap entry must give it. */
  const lastChange = async (slug: string) => {
    const row = await t.database.db.selectFrom('articles').select(['published_at', 'last_update_at']).where('slug', '=', slug).executeTakeFirstOrThrow();
    return (row.last_update_at ?? row.published_at ?? '').replace(/\.\d+Z$/, 'Z');
  };
  const passTime = async (minutes: number) => {
    clock.advance(minutes);
    editor = await signInAs(t, account);
  };
  const publish = async (title: string) => {
    const id = await createThroughForm(editor, { title });
    expect((await editor.post(`/admin/articles/${id}/publish`, {})).statusCode).toBe(303);
    const { slug } = await t.database.db.selectFrom('articles').select('slug').where('id', '=', id).executeTakeFirstOrThrow();
    return { id, slug };
  };

  it('serves robots.txt naming the sitemap and keeping crawlers out of the admin and private links', async () => {
    const res = await get('/robots.txt');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.body.split('\n')).toEqual([
      'User-agent: *',
      'Disallow: /admin',
      'Disallow: /preview',
      'Disallow: /confirm',
      'Disallow: /your-data',
      '',
      `Sitemap: ${SITE}/sitemap.xml`,
      '',
    ]);
  });

  it('lists the demo by month in valid sitemaps, with each article’s last public change and the translation’s alternates', async () => {
    const index = await sitemap(`${SITE}/sitemap.xml`, 'index');
    // Nothing was published in the last 48 hours: the news sitemap, which would be empty, is not named.
    expect(locs(index)).toEqual([
      `${SITE}/sitemaps/pages.xml`,
      `${SITE}/sitemaps/2012-08.xml`,
      `${SITE}/sitemaps/2012-07.xml`,
      `${SITE}/sitemaps/2012-06.xml`,
      `${SITE}/sitemaps/2012-05.xml`,
    ]);
    const listed = new Map<string, SitemapItem>();
    for (const entry of index) {
      for (const item of await sitemap(entry.loc)) listed.set(item.loc, item);
    }
    const published = await t.database.db.selectFrom('articles').select('slug').where('status', '=', 'published').execute();
    expect(published.length).toBeGreaterThan(20);
    for (const { slug } of published) {
      const item = listed.get(`${SITE}/articles/${slug}`);
      expect(item, slug).toBeDefined();
      expect(item!.lastmod, slug).toBe(await lastChange(slug));
    }
    // A month's lastmod in the index is the newest change of the articles in it.
    const august = index.find((i) => i.loc.endsWith('/2012-08.xml'))!;
    const augustItems = await sitemap(august.loc);
    expect(august.lastmod).toBe(
      augustItems
        .map((i) => i.lastmod!)
        .sort()
        .at(-1),
    );

    const alternates = [
      ['en', `${SITE}/articles/${LEAD}`],
      ['ru', `${SITE}/articles/${LEAD_RU}`],
      ['x-default', `${SITE}/articles/${LEAD}`],
    ];
    expect(listed.get(`${SITE}/articles/${LEAD}`)!.alternates).toEqual(alternates);
    expect(listed.get(`${SITE}/articles/${LEAD_RU}`)!.alternates).toEqual(alternates);
    // An article without translations carries no alternates.
    expect(listed.get(`${SITE}/articles/the-dark-knight-rises`)!.alternates).toEqual([]);
  });

  it('lists the front page, the sections and the campaign in each of its languages', async () => {
    const pages = await sitemap(`${SITE}/sitemaps/pages.xml`);
    expect(locs(pages).slice(0, 2)).toEqual([`${SITE}/`, `${SITE}/sections`]);
    expect(locs(pages)).toContain(`${SITE}/sections/socialist-movement-kazakhstan`);
    const campaignAlternates = [
      ['en', `${SITE}/campaigns/${DEMO_SLUG}`],
      ['ru', `${SITE}/campaigns/${DEMO_SLUG}/ru`],
      ['x-default', `${SITE}/campaigns/${DEMO_SLUG}`],
    ];
    expect(itemAt(pages, `/campaigns/${DEMO_SLUG}`)?.alternates).toEqual(campaignAlternates);
    expect(itemAt(pages, `/campaigns/${DEMO_SLUG}/ru`)?.alternates).toEqual(campaignAlternates);
    // Every address listed is a page that answers.
    for (const loc of locs(pages)) expect((await get(loc.replace(SITE, ''))).statusCode, loc).toBe(200);
  });

  it('refuses a sitemap with an error, so the validation above can fail', async () => {
    const wrong = (await get('/sitemaps/2012-07.xml')).body.replace(/<lastmod>[^<]+<\/lastmod>/, '<lastmod>last Tuesday</lastmod>');
    expect(validate(wrong, 'urlset').valid).toBe(false);
    const index = (await get('/sitemap.xml')).body.replace('<sitemap>', '<sitemap><priority>1</priority>');
    expect(validate(index, 'index').valid).toBe(false);
  });

  it('has a news sitemap of the last 48 hours by the clock, and a withdrawal leaves every sitemap at once', async () => {
    const site = t.placard.site.current().name;
    const empty = await get('/sitemaps/news.xml');
    expect(empty.statusCode).toBe(200);
    expect(readSitemap(empty.body)).toEqual([]);
    const byLoc = async () => new Map((await sitemap(`${SITE}/sitemap.xml`, 'index')).map((i) => [i.loc.replace(SITE, ''), i.lastmod]));

    const older = await publish('Dublin dockers strike');
    await passTime(47 * 60);
    const newer = await publish('Dublin dockers win');
    expect((await byLoc()).has('/sitemaps/news.xml')).toBe(true);
    let news = await sitemap(`${SITE}/sitemaps/news.xml`);
    expect(locs(news)).toEqual([`${SITE}/articles/${newer.slug}`, `${SITE}/articles/${older.slug}`]);
    expect(news[0]!.news).toEqual({ name: site, language: 'en', publicationDate: '2026-03-03T08:00:00Z', title: 'Dublin dockers win' });
    expect(news[0]!.lastmod).toBe('2026-03-03T08:00:00Z');

    // Two hours on, the first is 49 hours old: no change was announced, yet it has left.
    await passTime(2 * 60);
    news = await sitemap(`${SITE}/sitemaps/news.xml`);
    expect(locs(news)).toEqual([`${SITE}/articles/${newer.slug}`]);

    // Both stay in their month's sitemap, which the index now names.
    expect((await byLoc()).get('/sitemaps/2026-03.xml')).toBe('2026-03-03T08:00:00Z');
    expect(locs(await sitemap(`${SITE}/sitemaps/2026-03.xml`))).toEqual([`${SITE}/articles/${older.slug}`, `${SITE}/articles/${newer.slug}`]);

    expect((await editor.post(`/admin/articles/${newer.id}/withdraw`, { note: 'Published in error.' })).statusCode).toBe(303);
    expect(readSitemap((await get('/sitemaps/news.xml')).body)).toEqual([]);
    expect(locs(await sitemap(`${SITE}/sitemaps/2026-03.xml`))).toEqual([`${SITE}/articles/${older.slug}`]);
    const after = await byLoc();
    expect(after.get('/sitemaps/2026-03.xml')).toBe('2026-03-01T09:00:00Z');
    expect(after.has('/sitemaps/news.xml')).toBe(false);
  });

  it('shows two published articles’ alternates as soon as one is linked as the other’s translation', async () => {
    await passTime(1);
    const english = await publish('Dublin port reopens');
    const spanishId = await createThroughForm(editor, { title: 'Reabre el puerto de Dublín', language: 'es' });
    expect((await editor.post(`/admin/articles/${spanishId}/publish`, {})).statusCode).toBe(303);
    const { slug: spanish } = await t.database.db.selectFrom('articles').select('slug').where('id', '=', spanishId).executeTakeFirstOrThrow();
    const month = `${SITE}/sitemaps/2026-03.xml`;
    expect(itemAt(await sitemap(month), `/articles/${english.slug}`)?.alternates).toEqual([]);

    expect((await editor.post(`/admin/articles/${english.id}/translations/link`, { linkReference: String(spanishId) })).statusCode).toBe(303);
    const alternates = [
      ['en', `${SITE}/articles/${english.slug}`],
      ['es', `${SITE}/articles/${encodeURIComponent(spanish)}`],
      ['x-default', `${SITE}/articles/${english.slug}`],
    ];
    const items = await sitemap(month);
    expect(itemAt(items, `/articles/${english.slug}`)?.alternates).toEqual(alternates);
    expect(itemAt(items, `/articles/${encodeURIComponent(spanish)}`)?.alternates).toEqual(alternates);
  });

  it('lists a campaign in the sitemap of pages as soon as it opens', async () => {
    const coordinator = await signInAs(t, await createStaff(t, 'coordinator', { name: 'Cora Coordinator' }));
    const created = await coordinator.post('/admin/campaigns/new', campaignForm({ title: 'Free the Dublin dockers' }));
    expect(created.statusCode).toBe(303);
    const id = Number(/\/admin\/campaigns\/(\d+)/.exec(String(created.headers.location))![1]);
    const { slug } = await t.database.db.selectFrom('campaigns').select('slug').where('id', '=', id).executeTakeFirstOrThrow();
    const listed = async () => locs(await sitemap(`${SITE}/sitemaps/pages.xml`));
    // A draft has no public page.
    expect(await listed()).not.toContain(`${SITE}/campaigns/${slug}`);
    expect((await coordinator.post(`/admin/campaigns/${id}/status`, { to: 'active' })).statusCode).toBe(303);
    expect(await listed()).toContain(`${SITE}/campaigns/${slug}`);
  });

  it('answers 404 for a sitemap that does not exist', async () => {
    for (const url of ['/sitemaps/1999-01.xml', '/sitemaps/2012-08-2.xml', '/sitemaps/2012-13.xml', '/sitemaps/anything.xml', '/sitemaps/2012-08']) {
      expect((await get(url)).statusCode, url).toBe(404);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { testClock } from '../support/clock.js';
import { DATABASES } from '../support/databases.js';
import { expectValidJsonFeed, feedparser, xmllint, type ParsedFeed } from '../support/feeds.js';
import { page } from '../support/html.js';
import { createStaff, signInAs, type Client } from '../support/staff.js';

const SITE = 'https://news.example.org';
const LEAD = 'stop-state-brutality-in-kazakhstan';
const LEAD_RU = 'stop-state-brutality-in-kazakhstan-ru';
/** The mark the site's catalogues put before an updated article's title, by the article's language. */
const MARK: Readonly<Record<string, string>> = { en: '[updated]', ru: '[обновлено]' };

/** What one item of a listing page promises its feed will carry. */
interface Expected {
  readonly link: string;
  readonly title: string;
  readonly published: string;
  readonly updated: boolean;
  readonly language: string;
}

/**
 * The items a listing page shows, as its feed must list them: same order, titles as a
 * reader sees them, languages. The front page's lead story is one of them.
 */
function expectedItems(html: string): Expected[] {
  const doc = page(html);
  const pageLanguage = doc.first('html').attr('lang') ?? '';
  return doc.all('main article.teaser, main article.lead-story').map((item) => {
    const language = item.attr('lang') ?? pageLanguage;
    const heading = item.first('.teaser-title, .lead-title');
    const updated = heading.has('.updated-mark');
    const kicker = heading.has('.kicker') ? `${heading.text('.kicker')} ` : '';
    const title = `${updated ? `${MARK[language]} ` : ''}${kicker}${heading.text('a')}`;
    return { link: SITE + heading.first('a').attr('href'), title, published: item.first('time').attr('datetime')!, updated, language };
  });
}

/**
 * The front page is not a listing: it shows a lead, the newest news and the newest
 * analysis, where the site's feed has the newest articles of every kind. So its feed
 * lists the newest of what the front page shows (ties in either order), each as shown.
 */
function newestFirst(items: Expected[], feedLinks: readonly string[]): Expected[] {
  const newest = [...items].sort((a, b) => Date.parse(b.published) - Date.parse(a.published)).slice(0, feedLinks.length);
  expect(new Set(feedLinks)).toEqual(new Set(newest.map((i) => i.link)));
  return feedLinks.map((link) => newest.find((i) => i.link === link)!);
}

const FEED_TYPES = ['application/rss+xml', 'application/atom+xml', 'application/feed+json'];

type JsonItem = Record<string, unknown> & {
  id: string;
  url: string;
  title: string;
  content_html: string;
  language: string;
  date_published: string;
  date_modified: string;
};

describe.each(DATABASES)('http (%s): feeds', (kind) => {
  const clock = testClock('2026-03-01T09:00:00.000Z');
  const updatedAt = '2026-03-01T09:20:00.000Z';
  let t: TestApp;
  let editor: Client;
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
  const json = async (url: string) => (await get(url)).json() as { language: string; items: JsonItem[] };
  const parsed = async (...urls: string[]) => feedparser(await Promise.all(urls.map(async (url) => (await get(url)).body)));
  const idOf = async (slug: string) => (await t.database.db.selectFrom('articles').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
  let before: ParsedFeed[];

  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
    editor = await signInAs(t, await createStaff(t, 'editor'));
    before = await parsed('/feed.xml', '/feed.atom');
    clock.set(updatedAt);
    for (const [slug, note] of [
      [LEAD, 'The court postponed the hearing to 12 March.'],
      [LEAD_RU, 'Суд перенёс заседание на 12 марта.'],
    ] as const) {
      expect((await editor.post(`/admin/articles/${await idOf(slug)}/update`, { note })).statusCode).toBe(303);
    }
  });
  afterAll(async () => t?.close());

  it('carries a public update into RSS and Atom: "[updated]" and the dated note in the article’s language, the update’s date, the same id', async () => {
    const [rss, atom] = await parsed('/feed.xml', '/feed.atom');
    for (const [i, feed] of [rss!, atom!].entries()) {
      expect(feed.entries).toHaveLength(before[i]!.entries.length);
      const en = feed.entries.filter((e) => e.link === `${SITE}/articles/${LEAD}`);
      const ru = feed.entries.filter((e) => e.link === `${SITE}/articles/${LEAD_RU}`);
      // One item each, under the id it had before the update: a reader replaces it, it does not add a second.
      expect([en.length, ru.length]).toEqual([1, 1]);
      const earlier = (link: string) => before[i]!.entries.find((e) => e.link === link)!;
      expect(en[0]!.id).toBe(earlier(en[0]!.link).id);
      expect(ru[0]!.id).toBe(earlier(ru[0]!.link).id);
      expect(en[0]!.title).toBe('[updated] Kazakhstan: Stop state brutality in Kazakhstan!');
      expect(ru[0]!.title).toBe('[обновлено] Казахстан: Остановить государственное насилие в Казахстане!');
      // The first publication stays; the update has its own date.
      for (const e of [en[0]!, ru[0]!]) {
        expect(Date.parse(e.published!)).toBe(Date.parse(earlier(e.link).published!));
        expect(Date.parse(e.updated!)).toBe(Date.parse(updatedAt));
      }
      const note = (html: string) => page(`<main>${html}</main>`).first('aside.updates p');
      expect(en[0]!.content[0]).toMatch(/^<aside class="updates">/);
      expect(note(en[0]!.content[0]!).text()).toBe('Updated 1 March 2026: The court postponed the hearing to 12 March.');
      expect(note(ru[0]!.content[0]!).text()).toBe('Обновлено 1 марта 2026 г.: Суд перенёс заседание на 12 марта.');
      expect(note(ru[0]!.content[0]!).first('time').attr('datetime')).toBe(updatedAt);
    }
    // RSS: pubDate stays the first publication, atom:updated says when it changed.
    const rssBody = (await get('/feed.xml')).body;
    expect(rssBody).toContain(`<pubDate>Tue, 28 Aug 2012 10:00:00 GMT</pubDate><atom:updated>${updatedAt}</atom:updated>`);
    expect(atom!.entries.find((e) => e.link.endsWith(LEAD_RU))!.language).toBe('ru');
  });

  it('carries the same update into JSON Feed: title, note, date_modified, language', async () => {
    const feed = await json('/feed.json');
    const en = feed.items.find((i) => i.url === `${SITE}/articles/${LEAD}`)!;
    const ru = feed.items.find((i) => i.url === `${SITE}/articles/${LEAD_RU}`)!;
    expect([en.id, ru.id]).toEqual([`${SITE}/articles/${LEAD}`, `${SITE}/articles/${LEAD_RU}`]);
    expect([en.title, ru.title]).toEqual([
      '[updated] Kazakhstan: Stop state brutality in Kazakhstan!',
      '[обновлено] Казахстан: Остановить государственное насилие в Казахстане!',
    ]);
    expect([en.language, ru.language]).toEqual(['en', 'ru']);
    expect([en.date_published, en.date_modified]).toEqual(['2012-08-28T10:00:00.000Z', updatedAt]);
    expect(page(`<main>${ru.content_html}</main>`).text('aside.updates p')).toBe('Обновлено 1 марта 2026 г.: Суд перенёс заседание на 12 марта.');
    expect(feed.language).toBe('en');
  });

  it('gives each language’s listing a feed in that language, and mixed feeds the site’s language with each item’s own', async () => {
    const rss = (await get('/languages/ru/feed.xml')).body;
    expect(rss).toContain('<language>ru</language>');
    const [ruRss, ruAtom, enRss, frontRss, frontAtom] = await parsed(
      '/languages/ru/feed.xml',
      '/languages/ru/feed.atom',
      '/languages/en/feed.xml',
      '/feed.xml',
      '/feed.atom',
    );
    expect([ruRss!.feed.language, ruAtom!.feed.language, enRss!.feed.language, frontRss!.feed.language, frontAtom!.feed.language]).toEqual([
      'ru',
      'ru',
      'en',
      'en',
      'en',
    ]);
    expect(ruRss!.feed.title).toBe('Русский · Placard');
    expect(ruAtom!.entries.map((e) => [e.link, e.language])).toEqual([[`${SITE}/articles/${LEAD_RU}`, 'ru']]);
    expect(enRss!.entries.map((e) => e.link)).not.toContain(`${SITE}/articles/${LEAD_RU}`);
    expect(new Set(frontAtom!.entries.map((e) => e.language))).toEqual(new Set(['en', 'ru']));
    const ruJson = await json('/languages/ru/feed.json');
    expect([ruJson.language, ...ruJson.items.map((i) => i.language)]).toEqual(['ru', 'ru']);
  });

  it('attaches the demo article’s lead image in every format: absolute, from Placard, with its type and length', async () => {
    const { path } = await t.database.db
      .selectFrom('articles')
      .innerJoin('media', 'media.id', 'articles.image_id')
      .select('media.path')
      .where('articles.slug', '=', LEAD)
      .executeTakeFirstOrThrow();
    const image = await get(path);
    expect(image.statusCode).toBe(200);
    const expected = { href: SITE + path, type: image.headers['content-type'], length: String(image.rawPayload.length) };
    expect(expected.type).toBe('image/svg+xml');
    const [rss, atom] = await parsed('/feed.xml', '/feed.atom');
    for (const feed of [rss!, atom!]) {
      const illustrated = feed.entries.filter((e) => e.enclosures.length > 0);
      expect(illustrated.map((e) => e.link).sort()).toEqual([`${SITE}/articles/${LEAD}`, `${SITE}/articles/${LEAD_RU}`]);
      for (const e of illustrated) expect(e.enclosures).toEqual([expected]);
    }
    expect((await get('/feed.xml')).body).toContain(`<enclosure url="${SITE}${path}" length="${expected.length}" type="image/svg+xml"/>`);
    expect((await get('/feed.atom')).body).toContain(`<link rel="enclosure" type="image/svg+xml" length="${expected.length}" href="${SITE}${path}"/>`);
    const lead = (await json('/feed.json')).items.find((i) => i.url === `${SITE}/articles/${LEAD}`)!;
    expect(lead.image).toBe(SITE + path);
    expect(lead.attachments).toEqual([{ url: SITE + path, mime_type: 'image/svg+xml', size_in_bytes: Number(expected.length) }]);
  });

  it('has feeds for every kind of listing that parse strictly, list what the page lists, and are linked from it', async () => {
    const firstOf = async (index: string) =>
      page((await get(index)).body)
        .all('main ul.index a')
        .map((a) => a.attr('href')!)[0]!;
    const listings = [
      '/',
      '/countries/kazakhstan',
      await firstOf('/topics'),
      '/sections/socialist-party-england-wales',
      await firstOf('/contributors'),
      '/types/news',
      '/languages/ru',
      '/languages/en',
    ];
    for (const listing of listings) {
      const res = await get(listing);
      expect(res.statusCode, listing).toBe(200);
      const shown = expectedItems(res.body);
      expect(shown.length, listing).toBeGreaterThan(0);
      const base = listing === '/' ? '/feed' : `${listing}/feed`;
      // Autodiscovery: the page names its three feeds, and each answers with its type.
      const alternates = page(res.body)
        .all('head link[rel=alternate]')
        .filter((l) => FEED_TYPES.includes(l.attr('type') ?? ''));
      expect(
        alternates.map((l) => [l.attr('type'), l.attr('href')]),
        listing,
      ).toEqual([
        ['application/rss+xml', `${base}.xml`],
        ['application/atom+xml', `${base}.atom`],
        ['application/feed+json', `${base}.json`],
      ]);
      const [rssRes, atomRes, jsonRes] = await Promise.all([get(`${base}.xml`), get(`${base}.atom`), get(`${base}.json`)]);
      expect([rssRes.headers['content-type'], atomRes.headers['content-type'], jsonRes.headers['content-type']]).toEqual([
        'application/rss+xml; charset=utf-8',
        'application/atom+xml; charset=utf-8',
        'application/feed+json; charset=utf-8',
      ]);
      expect(await xmllint(atomRes.body), `${base}.atom`).toBe('');
      expect(await xmllint(rssRes.body), `${base}.xml`).toBe('');
      const [rss, atom] = await feedparser([rssRes.body, atomRes.body]);
      const expected =
        listing === '/'
          ? newestFirst(
              shown,
              rss!.entries.map((e) => e.link),
            )
          : shown;
      const channelLanguage = listing.startsWith('/languages/') ? listing.slice('/languages/'.length) : 'en';
      for (const feed of [rss!, atom!]) {
        const where = `${base} (${feed.version})`;
        expect([feed.bozo, feed.bozoException], where).toEqual([false, null]);
        expect(feed.feed.language, where).toBe(channelLanguage);
        expect(
          feed.entries.map((e) => e.link),
          where,
        ).toEqual(expected.map((e) => e.link));
        expect(
          feed.entries.map((e) => e.title),
          where,
        ).toEqual(expected.map((e) => e.title));
        for (const [i, e] of feed.entries.entries()) {
          const x = expected[i]!;
          expect(Date.parse(e.published!), `${where} ${e.link}`).toBe(Date.parse(x.published));
          // RSS names no update date for an item never updated; Atom always has one.
          if (x.updated) expect(Date.parse(e.updated!), `${where} ${e.link}`).toBeGreaterThan(Date.parse(x.published));
          else if (feed.version === 'atom10') expect(Date.parse(e.updated!), `${where} ${e.link}`).toBe(Date.parse(x.published));
          else expect(e.updated, `${where} ${e.link}`).toBeNull();
        }
        expect(
          feed.entries.every((e) => e.enclosures.length === 0 || e.link.includes(`/articles/${LEAD}`)),
          where,
        ).toBe(true);
      }
      expect(
        atom!.entries.map((e) => e.language),
        base,
      ).toEqual(expected.map((e) => e.language));
      expect(rss!.version).toBe('rss20');
      expect(atom!.version).toBe('atom10');
      const feed = jsonRes.json() as { language: string; items: JsonItem[] };
      expectValidJsonFeed(feed);
      expect(feed.language).toBe(channelLanguage);
      expect(
        feed.items.map((i) => [i.url, i.title, i.language, i.date_published]),
        `${base}.json`,
      ).toEqual(expected.map((e) => [e.link, e.title, e.language, new Date(e.published).toISOString()]));
    }
  });

  it('answers 304 to a reader whose copy is current, by ETag or by date, and 200 once the feed changes', async () => {
    for (const url of ['/feed.xml', '/feed.atom', '/feed.json', '/languages/ru/feed.xml']) {
      const first = await get(url);
      const { etag, 'last-modified': lastModified } = first.headers as Record<string, string>;
      expect(etag, url).toMatch(/^"[A-Za-z0-9_-]+"$/);
      expect(Date.parse(lastModified!), url).toBeLessThanOrEqual(clock().getTime());
      const byEtag = await get(url, { 'if-none-match': etag! });
      expect([byEtag.statusCode, byEtag.body, byEtag.headers.etag], url).toEqual([304, '', etag]);
      expect((await get(url, { 'if-none-match': `W/${etag}` })).statusCode, url).toBe(304);
      const byDate = await get(url, { 'if-modified-since': lastModified! });
      expect([byDate.statusCode, byDate.body], url).toEqual([304, '']);
      expect((await get(url, { 'if-modified-since': new Date(Date.parse(lastModified!) - 1000).toUTCString() })).statusCode, url).toBe(200);
      // The ETag decides when both are sent: a different one means a different feed, whatever the date.
      expect((await get(url, { 'if-none-match': '"something-else"', 'if-modified-since': lastModified! })).statusCode, url).toBe(200);
    }

    const front = await get('/feed.atom');
    const ru = await get('/languages/ru/feed.atom');
    clock.advance(5);
    expect((await editor.post(`/admin/articles/${await idOf(LEAD)}/update`, { note: 'The hearing took place.' })).statusCode).toBe(303);
    const changed = await get('/feed.atom', { 'if-none-match': front.headers.etag as string });
    expect(changed.statusCode).toBe(200);
    expect(changed.body).toContain('The hearing took place.');
    expect(Date.parse(changed.headers['last-modified'] as string)).toBeGreaterThan(Date.parse(front.headers['last-modified'] as string));
    expect((await get('/feed.atom', { 'if-modified-since': front.headers['last-modified'] as string })).statusCode).toBe(200);
    // The Russian feed does not list the English article: it did not change, and still answers 304.
    expect((await get('/languages/ru/feed.atom', { 'if-none-match': ru.headers.etag as string })).statusCode).toBe(304);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { page, type HtmlElement } from '../support/html.js';

/** A listing's teasers as a reader scans them: kicker, title and where it links, date, byline, standfirst. */
function teasers(within: HtmlElement) {
  return within.all('article.teaser').map((teaser) => ({
    kicker: teaser.has('.kicker') ? teaser.text('.kicker') : null,
    title: teaser.text('.teaser-title a'),
    href: teaser.first('.teaser-title a').attr('href'),
    updated: teaser.has('.teaser-title .updated-mark'),
    date: teaser.first('time').attr('datetime'),
    byline: teaser.text('.byline'),
    bylineLinks: teaser.links('.byline'),
    standfirst: teaser.has('.standfirst') ? teaser.text('.standfirst') : null,
  }));
}

describe.each(DATABASES)('http (%s): public pages from the demo content', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t?.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  it('composes the front page: lead story, Latest news, Analysis', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const front = page(res.body);
    expect(front.text('article.lead-story .lead-title a')).toBe('Stop state brutality in Kazakhstan!');
    expect(front.links('#latest-heading')).toEqual([{ text: 'Latest news', href: '/types/news' }]);
    expect(front.links('#analysis-heading')).toEqual([{ text: 'Analysis', href: '/types/analysis' }]);
    // A listed item with kicker, title, date, byline with section, standfirst.
    const news = teasers(front.first('section[aria-labelledby=latest-heading]'));
    const scoffing = news.find((teaser) => teaser.title === 'Scoffing on profits');
    expect(scoffing).toMatchObject({
      kicker: 'Food:',
      href: '/articles/scoffing-on-profits',
      date: '2012-08-27T12:00:00.000Z',
      standfirst: 'Billions around the world suffer from either malnourishment or obesity.',
    });
    expect(scoffing?.bylineLinks[0]).toEqual({ text: 'Iain Dalton', href: '/contributors/iain-dalton' });
    expect(scoffing?.bylineLinks[1]).toEqual({ text: expect.stringMatching(/^Socialist Party/), href: expect.stringMatching(/^\/sections\//) });
    expect(scoffing?.byline).toMatch(/^Iain Dalton, Socialist Party/);
    // The analysis column holds analysis, the news column does not.
    const analysis = teasers(front.first('section[aria-labelledby=analysis-heading]'));
    expect(analysis.map((teaser) => teaser.title)).toContain('A way out of depression?');
    expect(news.map((teaser) => teaser.title)).not.toContain('A way out of depression?');
  });

  it('marks an updated article "[updated]" in listings', async () => {
    const listed = teasers(page((await get('/')).body).first('main'));
    expect(listed.find((teaser) => teaser.href === '/articles/solidarity-with-south-african-miners')?.updated).toBe(true);
    expect(listed.find((teaser) => teaser.href === '/articles/scoffing-on-profits')?.updated).toBe(false);
  });

  it('serves the lead article whole, with its call to action in plain HTML', async () => {
    const res = await get('/articles/stop-state-brutality-in-kazakhstan');
    expect(res.statusCode).toBe(200);
    const article = page(res.body);
    expect(article.text('article.article header h1')).toBe('Stop state brutality in Kazakhstan!');
    expect(article.text('article.article header p.kicker')).toBe('Kazakhstan');
    const body = article.first('article.article div.body');
    expect(body.texts('h2')).toContain('Strikers brutally treated');
    expect(body.texts('li')).toContain('No cooperation with Nazarbayev’s regime!');
    expect(body.text()).toContain('Victory to the sacked and striking oil workers!');
    expect(article.text('figure.lead-image figcaption')).toMatch(/^Protesters outside the Corinthia hotel/);
    const action = article.first('section.call-to-action');
    expect(action.text('h2')).toBe('Please send protests to:');
    expect(action.texts('ol.targets .target-name')).toContain('Head of the Supreme Court of Kazakhstan – Alina Bulatovna Rakhimbekova');
    const contacts = action.links('ol.targets');
    expect(contacts).toContainEqual({ text: 'supreme-court@example.org', href: 'mailto:supreme-court@example.org' });
    expect(contacts).toContainEqual({ text: '+7\u00a07172\u00a0747570', href: 'tel:+77172747570' });
    expect(contacts.map((link) => link.href)).toContain('tel:+77172745524');
    const copies = action.all('p').find((p) => p.text().startsWith('Please send copies of all protests to'));
    expect(copies?.links()).toEqual([{ text: 'kazakhstan-campaign@example.org', href: 'mailto:kazakhstan-campaign@example.org' }]);
    expect(article.links('nav.filed')).toContainEqual({ text: 'Kazakhstan', href: '/countries/kazakhstan' });
    expect(article.first('head link[rel=canonical]').attr('href')).toBe('https://news.example.org/articles/stop-state-brutality-in-kazakhstan');
    const data = article.all('script[type="application/ld+json"]').map((script) => JSON.parse(script.rawText));
    expect(data).toContainEqual(expect.objectContaining({ '@type': 'NewsArticle' }));
  });

  it('shows the lead image with alt text and caption, served from its own origin', async () => {
    const figure = page((await get('/articles/stop-state-brutality-in-kazakhstan')).body).first('figure.lead-image');
    const img = figure.first('img');
    expect(img.attr('alt')).toMatch(/^Illustration standing in for the photograph/);
    const src = img.attr('src');
    expect(src).toMatch(/^\/media\/[A-Za-z0-9_-]+\.svg$/);
    expect(figure.text('figcaption')).toMatch(/^Protesters outside the Corinthia hotel/);
    const image = await get(src!);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/svg+xml');
    expect(image.headers['content-security-policy']).toContain('sandbox');
    expect(image.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const bad of ['/media/..%2Fplacard.sqlite', '/media/placard.sqlite', '/media/nothing.png']) expect((await get(bad)).statusCode, bad).toBe(404);
  });

  it('shows provenance, roles and several contributors', async () => {
    const header = page((await get('/articles/towards-a-24-hour-general-strike')).body).first('article.article header');
    expect(header.text('p.provenance')).toMatch(/Socialism Today/);
    expect(header.text('.byline')).toContain('general secretary');
    const two = page((await get('/articles/mubarak-era-court-dissolves-parliament')).body).first('article.article header');
    expect(two.links('.byline').map((link) => link.text)).toEqual(expect.arrayContaining(['David Johnson', 'Niall Mulholland']));
  });

  it('shows when and how an updated article changed', async () => {
    const article = page((await get('/articles/solidarity-with-south-african-miners')).body);
    expect(article.text('aside.updates[aria-label=Updates] p')).toMatch(/^Updated .+: ./);
    expect(article.text('h1')).toBe('[updated] Solidarity with South African miners');
    expect(article.text('h1 > .updated-mark')).toBe('[updated]');
  });

  it('lists articles per country, topic, section, contributor, type and month', async () => {
    /** The listing's heading and the titles it lists. */
    const listing = async (url: string) => {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      const doc = page(res.body);
      const listed = teasers(doc.first('main'));
      return { heading: doc.text('h1'), titles: listed.map((teaser) => teaser.title), kickers: listed.map((teaser) => teaser.kicker) };
    };
    const country = await listing('/countries/kazakhstan');
    expect(country.heading).toBe('Kazakhstan');
    expect(country.titles).toContain('Vadim Kuramshin faces 14 years in special detention!');
    expect(country.titles).not.toContain('Scoffing on profits');

    const contributor = await listing(`/contributors/${encodeURIComponent('oisín-kelly')}`);
    expect(contributor.heading).toBe('Oisín Kelly');
    expect(contributor.titles).toContain('Income survey shows austerity is failing');

    const analysis = await listing('/types/analysis');
    expect(analysis.heading).toBe('Analysis');
    expect(analysis.titles).toContain('The Syrian cauldron');
    expect(analysis.titles).not.toContain('Scoffing on profits');

    const month = await listing('/archive/2012/06');
    expect(month.heading).toBe('June 2012');
    expect(month.kickers).toContain('Greece election:');
    expect(month.titles).not.toContain('Scoffing on profits');

    expect((await listing('/topics/world-economy')).titles).toContainEqual(expect.stringContaining('Riding the double-dipper'));

    const sections = page((await get('/sections')).body).links('main');
    const sweden = sections.find((link) => link.text.startsWith('Rättvisepartiet Socialisterna'));
    expect(sweden?.href).toMatch(/^\/sections\//);
    expect((await listing(sweden!.href!)).titles).toContainEqual(expect.stringContaining('The case of Julian Assange'));
  });

  it('paginates with stable URLs and refuses bad page numbers', async () => {
    const first = page((await get('/types/news')).body);
    const secondRes = await get('/types/news?page=2');
    expect(secondRes.statusCode).toBe(200);
    const second = page(secondRes.body);
    expect(first.first('nav.pagination a[rel=next]').attr('href')).toBe('/types/news?page=2');
    expect(first.has('nav.pagination a[rel=prev]')).toBe(false);
    expect(second.first('nav.pagination a[rel=prev]').attr('href')).toBe('/types/news');
    const linksOf = (doc: HtmlElement) => teasers(doc.first('main')).map((teaser) => teaser.href);
    expect(linksOf(first)).toHaveLength(20);
    expect(linksOf(second).length).toBeGreaterThan(0);
    expect(linksOf(second).some((href) => linksOf(first).includes(href))).toBe(false);
    for (const bad of ['-1', 'abc', '0', '1.5']) {
      const res = await get(`/types/news?page=${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(page(res.body).text('main')).toContain('The page number must be');
    }
    expect((await get('/types/news?page=99')).statusCode).toBe(404);
  });

  it('answers unknown things with a real 404 page', async () => {
    for (const url of ['/articles/no-such-article', '/countries/atlantis', '/sections/nobody', '/types/gossip', '/archive/2012/13', '/nothing/here']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toContain('text/html');
      const notFound = page(res.body);
      expect(notFound.text('h1')).toBe('Page not found');
      // The skip link leads somewhere: the page has the main it points to.
      expect(notFound.first('a[href="#main"]').text()).not.toBe('');
      expect(notFound.has('main#main')).toBe(true);
    }
  });

  it('answers API clients with problem details', async () => {
    const res = await get('/articles/no-such-article', { accept: 'application/json' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 404, code: 'not_found', title: 'Page not found' });
  });

  it('keeps Unicode intact in slugs, titles and names', async () => {
    const res = await get('/articles/weekend-that-shocked-europe');
    expect(res.statusCode).toBe(200);
    expect(page(res.body).text('article header p.standfirst')).toBe('Austerity rejected in Eurozone’s second biggest economy');
    // A slug and a name beyond ASCII.
    const contributor = await get(`/contributors/${encodeURIComponent('oisín-kelly')}`);
    expect(contributor.statusCode).toBe(200);
    expect(page(contributor.body).text('h1')).toBe('Oisín Kelly');
    // A title.
    expect(teasers(page((await get('/archive/2012/06')).body).first('main')).map((teaser) => teaser.title)).toContain('France set to join Europe’s turmoil');
    const sections = page((await get('/sections')).body)
      .links('main')
      .map((link) => link.text);
    expect(sections).toContainEqual(expect.stringMatching(/^Gauche Révolutionnaire /));
    expect(sections).toContainEqual(expect.stringMatching(/^Rättvisepartiet Socialisterna /));
  });
});

describe.each(DATABASES)('http (%s): feeds', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t?.close());

  it('serves RSS, Atom and JSON Feed for the site, with whole articles and their contact links', async () => {
    const rss = await t.app.inject('/feed.xml');
    expect(rss.statusCode).toBe(200);
    expect(rss.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    expect(rss.body).toContain('<title>Kazakhstan: Stop state brutality in Kazakhstan!</title>');
    expect(rss.body).toContain('mailto:supreme-court@example.org');
    expect(rss.body).toContain('tel:+77172747570');
    const atom = await t.app.inject('/feed.atom');
    expect(atom.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(atom.body).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">');
    const json = (await t.app.inject('/feed.json')).json() as { items: { url: string }[] };
    expect(json.items).toHaveLength(20);
    expect(json.items[0]!.url).toBe('https://news.example.org/articles/stop-state-brutality-in-kazakhstan');
  });

  it('has a feed for each listing, linked from the listing page', async () => {
    const listing = page((await t.app.inject('/countries/kazakhstan')).body);
    const alternate = listing.first('head link[rel=alternate][type="application/rss+xml"]');
    expect([alternate.attr('title'), alternate.attr('href')]).toEqual(['Kazakhstan (RSS)', '/countries/kazakhstan/feed.xml']);
    const feed = await t.app.inject('/countries/kazakhstan/feed.xml');
    expect(feed.statusCode).toBe(200);
    expect(feed.body).toContain('Vadim Kuramshin');
    expect(feed.body).not.toContain('Scoffing on profits');
    expect((await t.app.inject('/countries/atlantis/feed.xml')).statusCode).toBe(404);
  });
});

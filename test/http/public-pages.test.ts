import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';

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
    const html = res.body;
    expect(html).toMatch(/<article class="lead-story"[^>]*>.*Stop state brutality in Kazakhstan!/s);
    expect(html).toContain('>Latest news</a></h2>');
    expect(html).toContain('>Analysis</a></h2>');
    // A listed item with kicker, title, date, byline with section, standfirst.
    expect(html).toContain('<span class="kicker">Food: </span>');
    expect(html).toContain('>Scoffing on profits</a>');
    expect(html).toContain('<time datetime="2012-08-27T11:5');
    expect(html).toContain('Billions around the world suffer from either malnourishment or obesity.');
    expect(html).toMatch(/<a href="\/contributors\/iain-dalton" rel="author">Iain Dalton<\/a>, <a href="\/sections\/[^"]+">Socialist Party/);
    // The analysis column holds analysis, the news column does not.
    const [news, analysis] = html.split('id="analysis-heading"');
    expect(analysis).toContain('A way out of depression?');
    expect(news).not.toContain('A way out of depression?');
  });

  it('marks an updated article "[updated]" in listings', async () => {
    const html = (await get('/')).body;
    expect(html).toMatch(/<span class="updated-mark">\[updated\] <\/span><a href="\/articles\/solidarity-with-south-african-miners">/);
  });

  it('serves the lead article whole, with its call to action in plain HTML', async () => {
    const res = await get('/articles/stop-state-brutality-in-kazakhstan');
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('<h1>Stop state brutality in Kazakhstan!</h1>');
    expect(html).toContain('<p class="kicker">Kazakhstan</p>');
    expect(html).toContain('<h2>Strikers brutally treated</h2>');
    expect(html).toContain('<li>No cooperation with Nazarbayev’s regime!</li>');
    expect(html).toContain('Victory to the sacked and striking oil workers!');
    expect(html).toContain('Protesters outside the Corinthia hotel');
    expect(html).toContain('Please send protests to:');
    expect(html).toContain('Head of the Supreme Court of Kazakhstan – Alina Bulatovna Rakhimbekova');
    expect(html).toContain('<a href="mailto:supreme-court@example.org">supreme-court@example.org</a>');
    expect(html).toContain('<a href="tel:+77172747570">+7\u00a07172\u00a0747570</a>');
    expect(html).toContain('<a href="tel:+77172745524">');
    expect(html).toContain('Please send copies of all protests to <a href="mailto:kazakhstan-campaign@example.org">');
    expect(html).toContain('<a href="/countries/kazakhstan">Kazakhstan</a>');
    expect(html).toContain('<link rel="canonical" href="https://news.example.org/articles/stop-state-brutality-in-kazakhstan"/>');
    expect(html).toContain('"@type":"NewsArticle"');
  });

  it('shows the lead image with alt text and caption, served from its own origin', async () => {
    const html = (await get('/articles/stop-state-brutality-in-kazakhstan')).body;
    const src = /<figure class="lead-image"><img src="(\/media\/[A-Za-z0-9_-]+\.svg)" alt="Illustration standing in for the photograph[^"]*"/.exec(html)?.[1];
    expect(src).toBeDefined();
    expect(html).toMatch(/<figcaption>Protesters outside the Corinthia hotel/);
    const image = await get(src!);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/svg+xml');
    expect(image.headers['content-security-policy']).toContain('sandbox');
    expect(image.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const bad of ['/media/..%2Fplacard.sqlite', '/media/placard.sqlite', '/media/nothing.png']) expect((await get(bad)).statusCode, bad).toBe(404);
  });

  it('shows provenance, roles and several contributors', async () => {
    const html = (await get('/articles/towards-a-24-hour-general-strike')).body;
    expect(html).toMatch(/<p class="provenance">[^<]*Socialism Today/);
    expect(html).toContain('general secretary');
    const two = (await get('/articles/mubarak-era-court-dissolves-parliament')).body;
    expect(two).toContain('>David Johnson</a>');
    expect(two).toContain('>Niall Mulholland</a>');
  });

  it('shows when and how an updated article changed', async () => {
    const html = (await get('/articles/solidarity-with-south-african-miners')).body;
    expect(html).toContain('<aside class="updates" aria-label="Updates">');
    expect(html).toMatch(/<h1><span class="updated-mark">\[updated\] <\/span>Solidarity with South African miners<\/h1>/);
  });

  it('lists articles per country, topic, section, contributor, type and month', async () => {
    const country = await get('/countries/kazakhstan');
    expect(country.statusCode).toBe(200);
    expect(country.body).toContain('<h1>Kazakhstan</h1>');
    expect(country.body).toContain('Vadim Kuramshin faces 14 years in special detention!');
    expect(country.body).not.toContain('Scoffing on profits');

    const contributor = await get(`/contributors/${encodeURIComponent('oisín-kelly')}`);
    expect(contributor.statusCode).toBe(200);
    expect(contributor.body).toContain('<h1>Oisín Kelly</h1>');
    expect(contributor.body).toContain('Income survey shows austerity is failing');

    const analysis = await get('/types/analysis');
    expect(analysis.body).toContain('<h1>Analysis</h1>');
    expect(analysis.body).toContain('The Syrian cauldron');
    expect(analysis.body).not.toContain('Scoffing on profits');

    const month = await get('/archive/2012/06');
    expect(month.body).toContain('<h1>June 2012</h1>');
    expect(month.body).toContain('Greece election');
    expect(month.body).not.toContain('Scoffing on profits');

    const topic = await get('/topics/world-economy');
    expect(topic.statusCode).toBe(200);
    expect(topic.body).toContain('Riding the double-dipper');

    const sections = await get('/sections');
    const sweden = /href="(\/sections\/[^"]+)">Rättvisepartiet Socialisterna/.exec(sections.body);
    expect(sweden).not.toBeNull();
    const section = await get(sweden![1]!);
    expect(section.body).toContain('The case of Julian Assange');
  });

  it('paginates with stable URLs and refuses bad page numbers', async () => {
    const first = await get('/types/news');
    const second = await get('/types/news?page=2');
    expect(first.body).toContain('<a rel="next" href="/types/news?page=2">');
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('<a rel="prev" href="/types/news">');
    const titlesOf = (html: string) => [...html.matchAll(/<h2 class="teaser-title">.*?<a href="([^"]+)"/g)].map((m) => m[1]);
    expect(titlesOf(first.body)).toHaveLength(20);
    expect(titlesOf(second.body).some((href) => titlesOf(first.body).includes(href))).toBe(false);
    for (const bad of ['-1', 'abc', '0', '1.5']) {
      const res = await get(`/types/news?page=${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.body).toContain('The page number must be');
    }
    expect((await get('/types/news?page=99')).statusCode).toBe(404);
  });

  it('answers unknown things with a real 404 page', async () => {
    for (const url of ['/articles/no-such-article', '/countries/atlantis', '/sections/nobody', '/types/gossip', '/archive/2012/13', '/nothing/here']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('<h1>Page not found</h1>');
      expect(res.body).toContain('href="#main"');
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
    const sections = (await get('/sections')).body;
    expect(sections).toContain('Gauche Révolutionnaire');
    expect(sections).toContain('Rättvisepartiet Socialisterna');
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
    const page = await t.app.inject('/countries/kazakhstan');
    expect(page.body).toContain('<link rel="alternate" type="application/rss+xml" title="Kazakhstan (RSS)" href="/countries/kazakhstan/feed.xml"/>');
    const feed = await t.app.inject('/countries/kazakhstan/feed.xml');
    expect(feed.statusCode).toBe(200);
    expect(feed.body).toContain('Vadim Kuramshin');
    expect(feed.body).not.toContain('Scoffing on profits');
    expect((await t.app.inject('/countries/atlantis/feed.xml')).statusCode).toBe(404);
  });
});

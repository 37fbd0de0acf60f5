import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases.js';
import { page } from '../support/html.js';
import { startTestApp, type TestApp } from '../support/app.js';

describe.each(DATABASES)('http (%s): the page cache holds canonical addresses only, within its budget', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, { env: { PAGE_CACHE_MB: '1' } });
  });
  afterAll(async () => t?.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } });

  it('serves made-up query parameters and path spellings from one cached page', async () => {
    t.cache.clear();
    const canonical = await get('/articles/stop-state-brutality-in-kazakhstan');
    for (const url of [
      '/articles/stop-state-brutality-in-kazakhstan?page=abc',
      '/articles/stop-state-brutality-in-kazakhstan?utm_source=mastodon&x=1',
      '/articles/stop-state-brutality-in-kazakhstan/',
      '/articles/%73top-state-brutality-in-kazakhstan',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers.etag, url).toBe(canonical.headers.etag);
    }
    for (let i = 0; i < 50; i++) expect((await get(`/?page=${i}x&ref=${i}`)).statusCode).toBe(200);
    expect(t.cache.size).toBe(2);
    expect(t.cache.has('/articles/stop-state-brutality-in-kazakhstan')).toBe(true);
    expect(t.cache.has('/')).toBe(true);
  });

  it('redirects a page number written another way to its canonical address', async () => {
    for (const [url, location] of [
      ['/types/news?page=1', '/types/news'],
      ['/types/news?page=01', '/types/news'],
      ['/types/news?page=', '/types/news'],
      ['/types/news?page=002&utm_source=x', '/types/news?page=2'],
      ['/countries/kazakhstan/?page=1', '/countries/kazakhstan'],
    ] as const) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(301);
      expect(res.headers.location, url).toBe(location);
    }
  });

  it('refuses a page number that is not one with a 400 page, and a page past the last with a 404, caching neither', async () => {
    t.cache.clear();
    for (const bad of ['abc', '0', '-3', '1e3', '9999999']) {
      const res = await get(`/types/news?page=${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(page(res.body).text('main')).toContain('The page number must be');
    }
    expect((await get('/types/news?page=99')).statusCode).toBe(404);
    expect((await get('/types/news?page=2&sort=old')).statusCode).toBe(200);
    // A parameter sent twice counts once, the first (the input guard's rule for every
    // route): the canonical page 2, from the same cache entry.
    expect((await get('/types/news?page=2&page=3')).statusCode).toBe(200);
    expect(t.cache.size).toBe(1);
    expect(t.cache.has('/types/news?page=2')).toBe(true);
  });

  it('keeps within PAGE_CACHE_MB however many distinct pages are read', async () => {
    t.cache.clear();
    const links = new Set<string>(['/', '/countries', '/topics', '/sections', '/contributors', '/archive']);
    for (const index of [...links]) {
      const html = (await t.app.inject({ method: 'GET', url: index })).body;
      const hrefs = page(html)
        .all('[href]')
        .map((element) => element.attr('href')!);
      for (const href of hrefs) if (/^\/(articles|countries|topics|sections|contributors|types|archive)\/[^?#]+$/.test(href)) links.add(href);
    }
    for (const listing of [...links].filter((l) => /^\/(countries|topics|sections|contributors)\//.test(l))) {
      for (const feed of ['feed.xml', 'feed.atom', 'feed.json']) links.add(`${listing}/${feed}`);
    }
    const first = [...links][0]!;
    for (const url of links) expect((await get(url)).statusCode, url).toBe(200);
    expect(links.size).toBeGreaterThan(60);
    expect(t.cache.bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(t.cache.size).toBeLessThan(links.size);
    // The first page read is the first dropped; asking again renders it anew.
    expect(t.cache.has(first)).toBe(false);
    expect((await get(first)).statusCode).toBe(200);
    expect(t.cache.has(first)).toBe(true);
  });
});

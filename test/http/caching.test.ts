import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/services/articles/create-article.js';
import { DATABASES } from '../support/databases.js';
import { page } from '../support/html.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { articleInput } from '../support/articles.js';

describe.each(DATABASES)('http (%s): caching, compression and headers', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t?.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  it('sends an ETag and Cache-Control, and 304 when the ETag matches', async () => {
    const first = await get('/articles/stop-state-brutality-in-kazakhstan');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=600');
    const again = await get('/articles/stop-state-brutality-in-kazakhstan', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const other = await get('/articles/stop-state-brutality-in-kazakhstan', { 'if-none-match': '"something-else"' });
    expect(other.statusCode).toBe(200);
  });

  it('compresses with brotli or gzip as the client accepts', async () => {
    const plain = await get('/');
    const br = await get('/', { 'accept-encoding': 'gzip, deflate, br' });
    const gz = await get('/', { 'accept-encoding': 'gzip' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(plain.headers['content-encoding']).toBeUndefined();
    // The front page is also the site's ActivityPub actor for clients that ask (docs/federation.md).
    expect(br.headers.vary).toBe('Accept-Encoding, Accept');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    expect(gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
  });

  it('serves fingerprinted assets as immutable', async () => {
    const html = (await get('/')).body;
    const href = page(html).first('head link[rel=stylesheet]').attr('href');
    expect(href).toMatch(/^\/assets\/site\.[A-Za-z0-9_-]{10}\.css$/);
    const css = await get(href!);
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/assets/site.0000000000.css')).statusCode).toBe(404);
  });

  it('forbids every third-party origin in its Content-Security-Policy', async () => {
    const res = await get('/');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/https?:/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.body).not.toMatch(/(src|href)="(https?:)?\/\/(?!news\.example\.org)/);
  });

  it('invalidates exactly the pages a publish touches', async () => {
    await get('/');
    await get('/countries/kazakhstan');
    await get('/countries/ireland');
    await get('/articles/stop-state-brutality-in-kazakhstan');
    const irelandBefore = (await get('/countries/ireland')).headers.etag;
    const cached = t.cache.size;
    expect(cached).toBeGreaterThanOrEqual(4);

    await createArticle(
      { db: t.database.db, changes: t.changes },
      articleInput({
        title: 'Kuramshin sentenced',
        countries: ['KZ'],
        publishedAt: '2012-08-29T09:00:00.000Z',
        credits: [{ name: 'CWI reporter', sectionSlug: null, role: null }],
      }),
    );

    expect(t.cache.get('/countries/ireland')).toBeDefined();
    expect(t.cache.get('/articles/stop-state-brutality-in-kazakhstan')).toBeDefined();
    expect(t.cache.get('/countries/kazakhstan')).toBeUndefined();
    expect(t.cache.get('/')).toBeUndefined();
    /** The article titles a listing shows. */
    const titles = async (url: string) => page((await get(url)).body).texts('main .teaser-title a, main .lead-title a');
    expect(await titles('/countries/kazakhstan')).toContain('Kuramshin sentenced');
    expect(await titles('/')).toContain('Kuramshin sentenced');
    expect((await get('/countries/ireland')).headers.etag).toBe(irelandBefore);
  });

  it('does not cache error pages', async () => {
    const res = await get('/articles/nothing');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(t.cache.get('/articles/nothing')).toBeUndefined();
  });
});

import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { page } from '../support/html.js';

// These tests guard what Placard promises its readers rather than one feature:
// a light page, valid HTML, alt text on images, nothing loaded from elsewhere.
describe('http (sqlite): product values', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => t?.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
  const pages = [
    '/',
    '/articles/stop-state-brutality-in-kazakhstan',
    '/countries/kazakhstan',
    '/types/analysis',
    '/sections',
    '/archive',
    '/archive/2012/08',
    '/articles/no-such-thing',
  ];

  it('keeps the article page, HTML + CSS + JS, under 20 KB compressed', async () => {
    const compressed = await get('/articles/stop-state-brutality-in-kazakhstan', { 'accept-encoding': 'gzip' });
    let bytes = compressed.rawPayload.length;
    const html = (await get('/articles/stop-state-brutality-in-kazakhstan')).body;
    const assets = page(html)
      .all('link[rel=stylesheet], script[src]')
      .map((element) => element.attr('href') ?? element.attr('src')!);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) bytes += (await get(asset, { 'accept-encoding': 'gzip' })).rawPayload.length;
    // WordPress 6.1's default theme sends 20.5 KB for the same.
    expect(bytes).toBeLessThanOrEqual(20 * 1024);
  });

  it('loads nothing from another origin', async () => {
    for (const url of pages) {
      const html = (await get(url)).body;
      const doc = page(html);
      const refs = doc.all('[src], [href], [action], [srcset]');
      // What a browser fetches by itself: stylesheets, icons, scripts, images, frames; every URL of a srcset.
      const loaded = doc
        .all('link[rel=stylesheet], link[rel=icon], link[rel=preload], link[rel=modulepreload], script, img, iframe, source, video, audio')
        .flatMap((element) => [
          element.attr('src'),
          element.attr('href'),
          ...(element.attr('srcset') ?? '').split(',').map((part) => part.trim().split(' ')[0]),
        ])
        .filter((ref): ref is string => Boolean(ref));
      expect(refs.length, url).toBeGreaterThan(0);
      // The icon is inline (data:,): nothing is fetched for it.
      for (const ref of loaded) expect((ref.startsWith('/') && !ref.startsWith('//')) || ref === 'data:,', `${url} loads ${ref}`).toBe(true);
    }
  });

  it('gives every image an alt text', async () => {
    let images = 0;
    for (const url of pages) {
      for (const img of page((await get(url)).body).all('img')) {
        images++;
        expect(img.attr('alt')?.trim(), `${url}: ${img.html}`).toBeTruthy();
      }
    }
    // The pages do show images: the check above checked some.
    expect(images).toBeGreaterThan(0);
  });

  it('serves valid HTML with headings in order and landmarks', async () => {
    const validator = new HtmlValidate({
      extends: ['html-validate:recommended'],
      rules: {
        // Preact writes void elements as <meta/>; both forms are valid HTML.
        'void-style': 'off',
        'no-trailing-whitespace': 'off',
        // The kicker is a span inside the heading on purpose: one accessible name.
        'no-inline-style': 'error',
        'attribute-boolean-style': 'off',
        'long-title': 'off',
      },
    });
    for (const url of pages) {
      const html = (await get(url)).body;
      const report = await validator.validateString(html);
      const messages = report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`));
      expect(messages, url).toEqual([]);
      const doc = page(html);
      expect(doc.count('main#main'), url).toBe(1);
      expect(doc.count('nav[aria-label=Main]'), url).toBe(1);
      const levels = doc.all('h1, h2, h3, h4, h5, h6').map((h) => Number(h.tag.slice(1)));
      expect(levels[0], url).toBe(1);
      for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!, `${url} heading jump`).toBeLessThanOrEqual(1);
    }
  });
});

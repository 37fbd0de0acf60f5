import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

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
    const page = await get('/articles/stop-state-brutality-in-kazakhstan', { 'accept-encoding': 'gzip' });
    let bytes = page.rawPayload.length;
    const html = (await get('/articles/stop-state-brutality-in-kazakhstan')).body;
    const assets = [...html.matchAll(/<(?:link rel="stylesheet" href|script src)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) bytes += (await get(asset, { 'accept-encoding': 'gzip' })).rawPayload.length;
    // WordPress 6.1's default theme sends 20.5 KB for the same.
    expect(bytes).toBeLessThanOrEqual(20 * 1024);
  });

  it('loads nothing from another origin', async () => {
    for (const url of pages) {
      const html = (await get(url)).body;
      const refs = [...html.matchAll(/\s(?:src|href|action|srcset)="([^"]*)"/g)].map((m) => m[1]!);
      // What a browser fetches by itself: stylesheets, icons, scripts, images, frames.
      const loaded = [
        ...html.matchAll(
          /<(?:link rel="(?:stylesheet|icon|preload|modulepreload)"|script|img|iframe|source|video|audio)\b[^>]*\s(?:src|href|srcset)="([^"]*)"/g,
        ),
      ].map((m) => m[1]!);
      expect(refs.length, url).toBeGreaterThan(0);
      for (const ref of loaded) expect(ref.startsWith('/') && !ref.startsWith('//'), `${url} loads ${ref}`).toBe(true);
    }
  });

  it('gives every image an alt text', async () => {
    for (const url of pages) {
      const html = (await get(url)).body;
      for (const img of html.match(/<img\b[^>]*>/g) ?? []) expect(img, url).toMatch(/\salt="[^"]+"/);
    }
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
      expect(html, url).toContain('<main id="main"');
      expect(html, url).toContain('<nav aria-label="Main">');
      const levels = [...html.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
      expect(levels[0], url).toBe(1);
      for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!, `${url} heading jump`).toBeLessThanOrEqual(1);
    }
  });
});

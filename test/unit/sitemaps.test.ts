import { describe, expect, it } from 'vitest';
import { newsLanguage, newsWindowStart, parseSitemapName, sitemapAlternates, sitemapFiles } from '../../src/domain/sitemaps/sitemaps.js';
import { openGraphLocale } from '../../src/domain/site/open-graph.js';

describe('unit: sitemaps', () => {
  it('gives each month one sitemap, and splits a month over the limit into parts that keep the first name', () => {
    const months = [
      { month: '2026-03', count: 5, lastmod: '2026-03-03T08:00:00.000Z' },
      { month: '2012-08', count: 2, lastmod: '2012-08-28T10:00:00.000Z' },
    ];
    expect(sitemapFiles(months, 2).map((f) => f.name)).toEqual(['2026-03', '2026-03-2', '2026-03-3', '2012-08']);
    expect(sitemapFiles(months).map((f) => f.name)).toEqual(['2026-03', '2012-08']);
    expect(sitemapFiles(months, 2)[2]).toEqual({ name: '2026-03-3', month: '2026-03', part: 3, lastmod: '2026-03-03T08:00:00.000Z' });
  });

  it('reads a monthly sitemap’s name back, and no other name', () => {
    expect(parseSitemapName('2012-08')).toEqual({ month: '2012-08', part: 1 });
    expect(parseSitemapName('2012-08-2')).toEqual({ month: '2012-08', part: 2 });
    expect(parseSitemapName('2012-08-12')).toEqual({ month: '2012-08', part: 12 });
    for (const name of ['2012-13', '2012-00', '2012-08-1', '2012-08-0', '2012-08-02', '12-08', 'news', '2012-08-99999', ''])
      expect(parseSitemapName(name), name).toBeNull();
  });

  it('reaches 48 hours back for the news sitemap', () => {
    expect(newsWindowStart(new Date('2026-03-03T08:00:00.000Z'))).toBe('2026-03-01T08:00:00.000Z');
  });

  it('writes languages as Google News takes them', () => {
    expect(newsLanguage('en')).toBe('en');
    expect(newsLanguage('pt-BR')).toBe('pt');
    expect(newsLanguage('zh-Hans')).toBe('zh-cn');
    expect(newsLanguage('zh-Hant-TW')).toBe('zh-tw');
    expect(newsLanguage('fil')).toBe('fil');
  });

  it('names every published translation and the original as x-default, and nothing for an article alone', () => {
    const en = { id: 1, slug: 'strike', language: 'en' };
    const ru = { id: 2, slug: 'strike-ru', language: 'ru' };
    const expected = [
      { hreflang: 'en', slug: 'strike' },
      { hreflang: 'ru', slug: 'strike-ru' },
      { hreflang: 'x-default', slug: 'strike' },
    ];
    expect(sitemapAlternates(ru, [en, ru], 1)).toEqual(expected);
    expect(sitemapAlternates(en, [en, ru], 1)).toEqual(expected);
    // The original withdrawn: x-default is the article itself.
    expect(sitemapAlternates(ru, [ru, { id: 3, slug: 'strike-es', language: 'es' }], 1).at(-1)).toEqual({ hreflang: 'x-default', slug: 'strike-ru' });
    expect(sitemapAlternates(en, [en], 1)).toEqual([]);
  });

  it('writes Open Graph locales as language_TERRITORY', () => {
    expect(openGraphLocale('en')).toBe('en_US');
    expect(openGraphLocale('ru')).toBe('ru_RU');
    expect(openGraphLocale('pt-BR')).toBe('pt_BR');
    expect(openGraphLocale('es')).toBe('es_ES');
  });
});

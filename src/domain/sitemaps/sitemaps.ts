/*
 * Sitemaps (docs/decisions/0027): what goes in which file, and the rules the sitemap
 * protocol and Google News set. Pure: the store counts and lists, web/ writes the XML.
 */

/** The sitemap protocol's limit of URLs in one file (sitemaps.org); a month with more is split. */
export const SITEMAP_URL_LIMIT = 50_000;

/** How far back the Google News sitemap reaches: Google takes articles of the last two days only. */
export const NEWS_WINDOW_HOURS = 48;

/** The Google News sitemap's own limit of URLs. */
export const NEWS_URL_LIMIT = 1000;

/** A month of published articles as the sitemap index sees it. */
export interface SitemapMonth {
  /** "2012-08" */
  readonly month: string;
  readonly count: number;
  /** The newest public change to any of its articles (last update, else publication). */
  readonly lastmod: string;
}

/** One file of the monthly sitemaps: "2012-08", or "2012-08-2" for the second part of a month over the limit. */
export interface SitemapFile {
  readonly name: string;
  readonly month: string;
  /** 1 for the first (or only) file of the month. */
  readonly part: number;
  readonly lastmod: string;
}

/**
 * The monthly sitemap files, newest month first: one per month, and as many more as it
 * takes to keep each under `limit` URLs. The first part keeps the month's bare name, so
 * an address a search engine already knows stays the same when a month grows past it.
 */
export function sitemapFiles(months: readonly SitemapMonth[], limit = SITEMAP_URL_LIMIT): SitemapFile[] {
  return months.flatMap(({ month, count, lastmod }) => {
    const parts = Math.max(1, Math.ceil(count / limit));
    return Array.from({ length: parts }, (_, i) => ({ name: i === 0 ? month : `${month}-${i + 1}`, month, part: i + 1, lastmod }));
  });
}

/** The month and part a monthly sitemap's name stands for ("2012-08-2" → 2012-08, part 2); null for any other name. */
export function parseSitemapName(name: string): { month: string; part: number } | null {
  const match = /^(\d{4})-(0[1-9]|1[0-2])(?:-([2-9]|[1-9]\d{1,3}))?$/.exec(name);
  if (!match) return null;
  return { month: `${match[1]}-${match[2]}`, part: match[3] ? Number(match[3]) : 1 };
}

/** The moment before which an article is too old for the news sitemap. */
export function newsWindowStart(now: Date): string {
  return new Date(now.getTime() - NEWS_WINDOW_HOURS * 3_600_000).toISOString();
}

/** When an article published at `publishedAt` leaves the news sitemap. */
export function newsWindowEnd(publishedAt: string): number {
  return Date.parse(publishedAt) + NEWS_WINDOW_HOURS * 3_600_000;
}

/**
 * A BCP 47 tag as Google News takes a publication's language: an ISO 639 code of two or
 * three letters, except Chinese, which is zh-cn (simplified) or zh-tw (traditional).
 */
export function newsLanguage(tag: string): string {
  const [language = 'und', ...rest] = tag.toLowerCase().split('-');
  if (language !== 'zh') return /^[a-z]{2,3}$/.test(language) ? language : 'und';
  return rest.some((part) => part === 'hant' || part === 'tw' || part === 'hk' || part === 'mo') ? 'zh-tw' : 'zh-cn';
}

/** A published member of a translation group, as a sitemap names it. */
export interface AlternateMember {
  readonly id: number;
  readonly slug: string;
  readonly language: string;
}

/**
 * The hreflang alternates of an article in a sitemap: every published member of its
 * group, itself included, and x-default for the original (the article itself when the
 * original is not published). None for an article that has no published translation:
 * an alternate of one language says nothing. The same set its page's head carries
 * (web/public/articles/translations.view.tsx), so the two never disagree.
 */
export function sitemapAlternates(
  self: AlternateMember,
  published: readonly AlternateMember[],
  originalId: number | null,
): { hreflang: string; slug: string }[] {
  if (published.length < 2 || !published.some((m) => m.id === self.id)) return [];
  const original = published.find((m) => m.id === originalId) ?? self;
  return [...published.map((m) => ({ hreflang: m.language, slug: m.slug })), { hreflang: 'x-default', slug: original.slug }];
}

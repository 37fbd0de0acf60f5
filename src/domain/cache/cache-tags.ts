/**
 * The cache tags: the names of the things a public page shows. A page is cached with the
 * tags it depends on (web/cache), and a service that changes one of those things
 * announces its tag after commit (services/shared/content-changes.ts); the cache drops
 * exactly the pages that carry it (docs/decisions/0003, 0015).
 *
 * This module is the only place a tag is spelled. It lives in the domain, not in
 * services/shared, because three layers speak it: services announce tags, web pages
 * depend on them, and a domain rule computes them (articleCacheTags in
 * domain/articles/article-input.ts); the domain is the one layer all three may import,
 * and a tag is a plain value with no I/O.
 */

declare const cacheTagBrand: unique symbol;

/**
 * A cache tag. Only the constructors in `tags` make one: a string written by hand does
 * not type-check where a tag is expected, so a page cannot depend on, nor a service
 * announce, a name that the other side spells differently.
 */
export type CacheTag = string & { readonly [cacheTagBrand]: true };

/**
 * Every kind of tag. A page kind that depends on a new kind of thing adds it here and
 * in `tags`; test/http/cache-tags.test.ts then fails until some service announces it.
 */
export const CACHE_TAG_KINDS = [
  'front',
  'archive',
  'sections',
  'article',
  'campaign',
  'campaigns',
  'country',
  'topic',
  'section',
  'contributor',
  'type',
  'month',
  'language',
  'translations',
  'site',
] as const;

/** One of CACHE_TAG_KINDS. */
export type CacheTagKind = (typeof CACHE_TAG_KINDS)[number];

const tag = (kind: CacheTagKind, subject?: string | number): CacheTag => (subject === undefined ? kind : `${kind}:${subject}`) as CacheTag;

/** The constructors of tags, one per kind. */
export const tags = {
  /**
   * The front page and the site's feed, and the indexes that count published articles
   * (countries, topics, contributors): every publish, update or withdrawal changes them.
   */
  front: tag('front'),
  /** The archive's index of months, with their counts. */
  archive: tag('archive'),
  /** The index of sections: every section's name and label, whether or not it has articles. */
  sections: tag('sections'),
  /** An article's page. */
  article: (slug: string) => tag('article', slug),
  /** A campaign's pages, and the counters of the articles that call to it. */
  campaign: (id: number) => tag('campaign', id),
  /**
   * Which campaigns have public pages, and under what addresses and languages: the
   * sitemap that lists them. Every change to a campaign's status, slug or languages.
   */
  campaigns: tag('campaigns'),
  /** A country's listing and its feeds, by ISO 3166-1 code ("KZ"). */
  country: (code: string) => tag('country', code),
  /** A topic's listing and its feeds, by slug. */
  topic: (slug: string) => tag('topic', slug),
  /** A section's listing and its feeds, by slug. */
  section: (slug: string) => tag('section', slug),
  /** A contributor's listing and its feeds, by slug. */
  contributor: (slug: string) => tag('contributor', slug),
  /** An article type's listing and its feeds ("analysis"). */
  type: (type: string) => tag('type', type),
  /** A month of the archive, as "2012-08". */
  month: (month: string) => tag('month', month),
  /** A language's listing ("/languages/ru"), by BCP 47 tag. */
  language: (language: string) => tag('language', language),
  /**
   * The pages of a translation group, by group: each shows the group's language switcher
   * and hreflang links, and a translation says when the original was updated after it.
   */
  translations: (group: string) => tag('translations', group),
  /** The site's identity (name, logo, footer, default language): every public page carries it. */
  site: tag('site'),
} as const satisfies Record<CacheTagKind, CacheTag | ((subject: never) => CacheTag)>;

/** What a tag names: its kind, and the thing of that kind (null for the kinds that name one page, such as `front`). */
export function parseCacheTag(tag: CacheTag): { readonly kind: CacheTagKind; readonly subject: string | null } {
  const colon = tag.indexOf(':');
  if (colon < 0) return { kind: tag as CacheTagKind, subject: null };
  return { kind: tag.slice(0, colon) as CacheTagKind, subject: tag.slice(colon + 1) };
}

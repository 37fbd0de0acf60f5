import type { Kysely } from 'kysely';
import type { Campaign } from '../../domain/campaigns/campaign.js';
import { NotFound } from '../../domain/errors.js';
import {
  NEWS_URL_LIMIT,
  newsWindowEnd,
  newsWindowStart,
  parseSitemapName,
  SITEMAP_URL_LIMIT,
  sitemapFiles,
  type SitemapFile,
} from '../../domain/sitemaps/sitemaps.js';
import { findCampaign } from '../../store/campaigns/campaign.store.js';
import type { DB } from '../../store/db/schema.js';
import {
  activeSectionSlugs,
  articlesSince,
  groupsOf,
  monthArticles,
  publicCampaignIds,
  sitemapMonths,
  type SitemapArticle,
  type SitemapGroup,
} from '../../store/sitemaps/sitemap.store.js';

export type { SitemapArticle, SitemapGroup };

/*
 * The sitemaps' contents (docs/decisions/0027); web/public/sitemaps writes them as XML
 * and caches them under the tags of what they list.
 */

/** The files the sitemap index names: one per month (more for a month over the limit). */
export async function sitemapIndex(db: Kysely<DB>, limit = SITEMAP_URL_LIMIT): Promise<SitemapFile[]> {
  return sitemapFiles(await sitemapMonths(db), limit);
}

/** Articles and the published members of their translation groups. */
export interface ArticleSitemap {
  readonly articles: readonly SitemapArticle[];
  readonly groups: ReadonlyMap<string, SitemapGroup>;
}

/**
 * One monthly sitemap by its name ("2012-08", "2012-08-2"). NotFound for a name that is
 * no month, and for a part the month does not have (an empty part would be an empty
 * urlset, which the protocol does not allow).
 */
export async function monthSitemap(db: Kysely<DB>, name: string, limit = SITEMAP_URL_LIMIT): Promise<ArticleSitemap & { readonly month: string }> {
  const parsed = parseSitemapName(name);
  if (!parsed) throw new NotFound('This sitemap');
  const articles = await monthArticles(db, parsed.month, { limit, offset: (parsed.part - 1) * limit });
  if (articles.length === 0) throw new NotFound('This sitemap');
  return { month: parsed.month, articles, groups: await groupsOf(db, { month: parsed.month }) };
}

/**
 * The articles of the last 48 hours for the Google News sitemap, and when the first of
 * them ages out of it (null when none is listed): the cached file must go then, though
 * nothing was published.
 */
export async function newsSitemap(db: Kysely<DB>, now: Date): Promise<ArticleSitemap & { readonly expiresAt: number | null }> {
  const from = newsWindowStart(now);
  const articles = await articlesSince(db, from, NEWS_URL_LIMIT);
  const expiresAt = articles.length > 0 ? Math.min(...articles.map((a) => newsWindowEnd(a.publishedAt))) : null;
  return { articles, groups: articles.some((a) => a.group) ? await groupsOf(db, { since: from }) : new Map(), expiresAt };
}

/** The pages other than articles that the sitemap of pages lists: section homes and public campaigns. */
export async function pagesSitemap(db: Kysely<DB>): Promise<{ sections: string[]; campaigns: { campaign: Campaign; modifiedAt: string }[] }> {
  const [sections, ids] = await Promise.all([activeSectionSlugs(db), publicCampaignIds(db)]);
  const campaigns: { campaign: Campaign; modifiedAt: string }[] = [];
  for (const { id, modifiedAt } of ids) {
    const campaign = await findCampaign(db, id);
    if (campaign) campaigns.push({ campaign, modifiedAt });
  }
  return { sections, campaigns };
}

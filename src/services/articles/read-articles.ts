import type { Kysely } from 'kysely';
import type { ArticleSummary, ArticleView } from '../../domain/articles/article.js';
import { ARTICLE_TYPE_LABELS, isArticleType } from '../../domain/articles/article.js';
import { tags, type CacheTag } from '../../domain/cache/cache-tags.js';
import { countryKickerName } from '../../domain/articles/kicker.js';
import { isPublishedCampaign } from '../../domain/articles/call-to-action.js';
import type { Campaign } from '../../domain/campaigns/campaign.js';
import { Gone, NotFound } from '../../domain/errors.js';
import { countryFromSlug } from '../../domain/geo/countries.js';
import { PAGE_SIZE, pageCount } from '../../domain/listing/pagination.js';
import { sectionLabel } from '../../domain/articles/byline.js';
import {
  archiveMonths,
  contributorCounts,
  countryCounts,
  findFeaturedSlug,
  findPublishedBySlug,
  movedArticleSlug,
  findWithdrawnBySlug,
  topicCounts,
  listPublished,
  type ArticleFilter,
} from '../../store/articles/article-read.store.js';
import { publishedLanguageCounts } from '../../store/articles/translation.store.js';
import { canonicalLanguage, endonym } from '../../domain/articles/translations.js';
import { findCampaign } from '../../store/campaigns/campaign.store.js';
import type { DB } from '../../store/db/schema.js';
import { findSectionBySlug, getContributorBySlug, getTopicBySlug, listSections } from '../../store/sections/section.store.js';

/** What the front page shows. */
export interface FrontPageData {
  readonly lead: ArticleSummary | null;
  readonly latest: readonly ArticleSummary[];
  readonly analysis: readonly ArticleSummary[];
}

/**
 * The front page: the newest featured article as lead (the newest of all when none is
 * featured), then the newest news and the newest analysis, the lead left out of both.
 */
export async function frontPage(db: Kysely<DB>, size = 15): Promise<FrontPageData> {
  const featured = await findFeaturedSlug(db);
  const [latest, analysis] = await Promise.all([
    listPublished(db, { excludeType: 'analysis' }, { limit: size + 1, offset: 0 }),
    listPublished(db, { type: 'analysis' }, { limit: size + 1, offset: 0 }),
  ]);
  const leadSlug = featured ?? latest.items[0]?.slug ?? analysis.items[0]?.slug;
  const lead = [...latest.items, ...analysis.items].find((a) => a.slug === leadSlug) ?? (leadSlug ? ((await findPublishedBySlug(db, leadSlug)) ?? null) : null);
  return {
    lead,
    latest: latest.items.filter((a) => a.slug !== leadSlug).slice(0, size),
    analysis: analysis.items.filter((a) => a.slug !== leadSlug).slice(0, size),
  };
}

/**
 * The campaign an article calls to, as readers may see it: null for none and for a draft,
 * whose targets are not public yet, whatever link an article holds.
 */
export async function publicCampaign(db: Kysely<DB>, campaignId: number | null): Promise<Campaign | null> {
  const campaign = campaignId === null ? undefined : await findCampaign(db, campaignId);
  return campaign && isPublishedCampaign(campaign) ? campaign : null;
}

/** A published article and the campaign it calls to, or NotFound. */
export async function articlePage(db: Kysely<DB>, slug: string): Promise<{ article: ArticleView; campaign: Campaign | null }> {
  const article = await findPublishedBySlug(db, slug);
  if (!article) {
    // A withdrawn article's address says so (410), with the note, rather than pretend it never existed.
    const withdrawn = await findWithdrawnBySlug(db, slug);
    if (withdrawn) throw new Gone(withdrawalMessage(withdrawn));
    throw new NotFound('The article');
  }
  return { article, campaign: await publicCampaign(db, article.campaignId) };
}

const withdrawalDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

function withdrawalMessage(article: { title: string; withdrawnAt: string; note: string | null }): string {
  const when = article.withdrawnAt ? ` on ${withdrawalDate.format(new Date(article.withdrawnAt))}` : '';
  return `The article “${article.title}” was withdrawn${when}.${article.note ? ` ${article.note}` : ''}`;
}

/** The listings readers can browse. */
export type ListingKind = 'countries' | 'topics' | 'sections' | 'contributors' | 'types' | 'archive' | 'languages';

/** A listing's heading, cache tag and filter. */
export interface ListingSubject {
  readonly heading: string;
  readonly intro: string | null;
  readonly tag: CacheTag;
  readonly filter: ArticleFilter;
}

/** Resolves a listing's slug to what it lists, or NotFound. */
export async function listingSubject(db: Kysely<DB>, kind: ListingKind, slug: string): Promise<ListingSubject> {
  switch (kind) {
    case 'countries': {
      const code = countryFromSlug(slug);
      if (!code) throw new NotFound('The country');
      return { heading: countryKickerName(code), intro: null, tag: tags.country(code), filter: { country: code } };
    }
    case 'topics': {
      const topic = await getTopicBySlug(db, slug);
      return { heading: topic.name, intro: null, tag: tags.topic(topic.slug), filter: { topicId: topic.id } };
    }
    case 'sections': {
      const section = await findSectionBySlug(db, slug);
      if (!section) throw new NotFound('The section');
      return {
        heading: sectionLabel(section),
        intro: section.website ? `Website: ${section.website}` : null,
        tag: tags.section(section.slug),
        filter: { sectionId: section.id },
      };
    }
    case 'contributors': {
      const contributor = await getContributorBySlug(db, slug);
      return { heading: contributor.name, intro: null, tag: tags.contributor(contributor.slug), filter: { contributorId: contributor.id } };
    }
    case 'types': {
      if (!isArticleType(slug)) throw new NotFound('The article type');
      return { heading: ARTICLE_TYPE_LABELS[slug], intro: null, tag: tags.type(slug), filter: { type: slug } };
    }
    case 'archive': {
      if (!/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(slug)) throw new NotFound('The month');
      return { heading: slug, intro: null, tag: tags.month(slug), filter: { month: slug } };
    }
    case 'languages': {
      // Only languages with published articles have a listing: a made-up tag is not a page to cache.
      const known = (await publishedLanguageCounts(db)).some((l) => l.language === slug);
      if (!known || canonicalLanguage(slug) !== slug) throw new NotFound('The language');
      return { heading: endonym(slug), intro: null, tag: tags.language(slug), filter: { language: slug } };
    }
  }
}

/** One page of a listing; NotFound past the last page (the first page always exists). */
export async function listingPage(db: Kysely<DB>, subject: ListingSubject, page: number): Promise<{ items: ArticleSummary[]; total: number; pages: number }> {
  const { items, total } = await listPublished(db, subject.filter, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const pages = pageCount(total);
  if (page > pages) throw new NotFound('That page of the listing');
  return { items, total, pages };
}

export { archiveMonths, contributorCounts, countryCounts, listSections, movedArticleSlug, publishedLanguageCounts, topicCounts };

/** How many items a feed carries. */
export const FEED_SIZE = 20;

/** The newest articles of a listing, whole, with their calls to action: what a feed reader shows. */
export async function feedArticles(db: Kysely<DB>, subject: Pick<ListingSubject, 'filter'>): Promise<{ article: ArticleView; campaign: Campaign | null }[]> {
  const { items } = await listPublished(db, subject.filter, { limit: FEED_SIZE, offset: 0 });
  const full = [];
  for (const item of items) full.push(await articlePage(db, item.slug));
  return full;
}
